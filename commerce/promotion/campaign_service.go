package promotion

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// CampaignStore is the storage a host implements for campaigns (R2.8).
//
// Instants are compared to the nanosecond: a store keeps them exactly (in the
// JSON state); a SQL timestamp column kept for an index may round them to the
// microsecond, since queries use it only to find candidates.
type CampaignStore interface {
	// Trail reads a campaign's audit trail, which Create and Update append to
	// (R0.4).
	shopkit.TrailReader
	// Create stores a new campaign and its audit entries; an ID already stored
	// is ErrConflict.
	Create(ctx context.Context, c *Campaign) error
	// Get returns the campaign, or ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Campaign, error)
	// Update loads the campaign, calls fn, and persists the result and its new
	// audit entries (Unsaved) atomically; nothing is written if fn fails. Budget
	// reservations rely on it. The store may run fn more than once (after a
	// transient failure); when it gives up it returns an error matching
	// shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(*Campaign) error) error
	// ListByShop lists at most limit of the shop's campaigns whose window ends
	// after endsAfter (To > endsAfter; the zero time lists them all), earliest
	// start first, ties by ID. limit must be at least 1: below it ListByShop
	// returns shopkit.CheckLimit's error (shopkit.ErrInvalid).
	ListByShop(ctx context.Context, shopID uuid.UUID, endsAfter time.Time, limit int) ([]*Campaign, error)
	// Pending lists at most limit campaigns with a hold or a remembered spend
	// (Campaign.PendingSince), oldest first, ties by ID: what
	// CouponService.Resume settles. A campaign leaves the list when an Update
	// leaves it none. limit must be at least 1, as for ListByShop. A store
	// indexes it.
	//
	// It is this store, not the coupon store, that lists an issue's
	// reservation: the reservation is made before its coupon is stored, and a
	// crash between the two leaves no coupon to list.
	Pending(ctx context.Context, limit int) ([]*Campaign, error)
}

// CampaignServiceConfig is what a CampaignService is built from; the store,
// the clock and exactly one of Policy and Policies are required.
type CampaignServiceConfig struct {
	Store  CampaignStore  // where campaigns live
	Policy CampaignPolicy // the gap between a shop's campaigns; or set Policies
	Clock  shopkit.Clock  // the current time (R0.3)
	// Policies are the campaign policy's versions over time, for rules that
	// change: a campaign is created under the version in force at the
	// service's now, checked against its MinGap, and records its name
	// (Campaign.PolicyVersion). Set it instead of Policy, not with it.
	Policies shopkit.Schedule[CampaignPolicy]
}

// CampaignService creates campaigns under the gap rule (R2.4). Issuing the
// campaign's coupons against its budget is CouponService.Issue, and settling
// the holds and spends those leave on a campaign is CouponService.Resume.
// Build one with NewCampaignService.
type CampaignService struct {
	store    CampaignStore
	policies shopkit.Schedule[CampaignPolicy] // a plain Policy is one version named ""
	clock    shopkit.Clock
}

// NewCampaignService checks cfg and returns its service. A nil store or clock,
// an invalid policy, Policy and Policies both set, or a version of Policies
// without a name or with an invalid policy, is a *shopkit.ValidationError
// (CodeInvalidConfig) naming every field at fault ("store", "policy.min_gap",
// "policies.versions[1].policy.min_gap" for a version's).
func NewCampaignService(cfg CampaignServiceConfig) (*CampaignService, error) {
	var ps []shopkit.FieldProblem
	ps = required(ps, "store", cfg.Store == nil)
	ps = required(ps, "clock", cfg.Clock == nil)
	policies, vps := versionsOf(cfg.Policy, cfg.Policies, CampaignPolicy.Validate)
	ps = append(ps, vps...)
	if err := shopkit.Incomplete(CodeInvalidConfig, ps); err != nil {
		return nil, err
	}
	return &CampaignService{store: cfg.Store, policies: policies, clock: cfg.Clock}, nil
}

// versionsOf checks that exactly one of a plain policy and a schedule is set,
// and every version's name and policy, as "policy." or
// "policies.versions[i]." problems, and returns the schedule the service uses:
// a plain policy is one version named "".
func versionsOf[P comparable](plain P, sched shopkit.Schedule[P], validate func(P) error) (shopkit.Schedule[P], []shopkit.FieldProblem) {
	var ps []shopkit.FieldProblem
	var zero P
	versions := sched.Versions()
	switch {
	case len(versions) > 0 && plain != zero:
		return sched, []shopkit.FieldProblem{{Field: "policies", Problem: "is set together with policy; set exactly one"}}
	case len(versions) > 0:
		for i, v := range versions {
			at := "policies.versions[" + strconv.Itoa(i) + "]"
			if v.Name == "" {
				ps = append(ps, shopkit.FieldProblem{Field: at + ".name", Problem: "is required"})
			}
			ps = append(ps, shopkit.ProblemsUnder(at+".policy", validate(v.Policy))...)
		}
		return sched, ps
	default:
		return shopkit.Always("", plain), policyProblems(validate(plain))
	}
}

// ready returns shopkit.NotBuilt for a CampaignService that
// NewCampaignService did not build (a zero or nil one): every method checks it
// first.
func (s *CampaignService) ready() error {
	if s == nil || s.store == nil {
		return shopkit.NotBuilt("promotion.CampaignService")
	}
	return nil
}

// Create validates spec, checks the gap to the shop's other campaigns under
// the policy version in force at the service's now (recorded on the campaign:
// Campaign.PolicyVersion; before the first version it is
// shopkit.CodeNoVersionInForce), and stores the new campaign, created by by
// (R0.4). Two concurrent creations for
// one shop are both checked against what is stored: a host that needs them
// serialised holds a per-shop lock (or a unique constraint) around Create.
func (s *CampaignService) Create(ctx context.Context, by shopkit.Actor, spec CampaignSpec) (*Campaign, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.clock()
	v, err := s.policies.At(now)
	if err != nil {
		return nil, err
	}
	c, err := NewCampaign(by, spec, now)
	if err != nil {
		return nil, err
	}
	c.version = v.Name
	// Only a campaign ending less than MinGap before this one starts can be too
	// close; of those, the one starting first is too close if any is, since
	// none may start before it.
	gap := v.Policy.MinGap
	nearest, err := s.store.ListByShop(ctx, spec.ShopID, spec.From.Add(-gap), 1)
	if err != nil {
		return nil, err
	}
	if err := CheckCampaignGap(c, nearest, gap); err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Get returns a campaign.
func (s *CampaignService) Get(ctx context.Context, id uuid.UUID) (*Campaign, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, id)
}

// required adds a "field is required" problem when missing.
func required(ps []shopkit.FieldProblem, field string, missing bool) []shopkit.FieldProblem {
	if missing {
		ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "is required"})
	}
	return ps
}

// policyProblems returns the field problems of a failed Validate, each field
// under "policy.".
func policyProblems(err error) []shopkit.FieldProblem {
	var ve *shopkit.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := make([]shopkit.FieldProblem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = shopkit.FieldProblem{Field: "policy." + p.Field, Problem: p.Problem}
	}
	return out
}

package promotion

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// CouponTemplateStore stores coupon templates (R2.8). Templates are immutable, so
// it needs no Update, and they keep no audit trail. A store keeps a template's
// instants (its validity window) exactly, to the nanosecond (in the JSON
// state): a coupon used at ValidTo is in time, one nanosecond later it is not.
type CouponTemplateStore interface {
	// Create stores a new template; an ID already stored is ErrConflict.
	Create(ctx context.Context, t *CouponTemplate) error
	// Get returns the template, or ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*CouponTemplate, error)
}

// CouponQuotaStore stores the per-customer counters of each template (R2.4,
// R2.8).
//
// Instants are compared to the nanosecond: a store keeps them exactly (in the
// JSON state); a SQL timestamp column kept for an index may round them to the
// microsecond, since queries use it only to find candidates.
type CouponQuotaStore interface {
	// Trail reads a quota's audit trail, which Create and Update append to
	// (R0.4).
	shopkit.TrailReader
	// Create stores a new quota and its audit entries; an ID already stored is
	// ErrConflict (two first requests of one customer create it once).
	Create(ctx context.Context, q *CouponQuota) error
	// Get returns the quota, or ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*CouponQuota, error)
	// Update loads the quota, calls fn, and persists the result and its new
	// audit entries atomically; nothing is written if fn fails. The limits rely
	// on it. The store may run fn more than once (after a
	// transient failure); when it gives up it returns an error matching
	// shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(*CouponQuota) error) error
	// Pending lists at most limit quotas holding an issue whose coupon may not
	// be stored yet (CouponQuota.PendingSince), oldest hold first, ties by ID:
	// what CouponService.Resume settles. A quota leaves the list when an Update
	// leaves it no hold. limit must be at least 1: below it Pending returns
	// shopkit.CheckLimit's error (shopkit.ErrInvalid). A store indexes it.
	Pending(ctx context.Context, limit int) ([]*CouponQuota, error)
}

// CouponStore stores issued coupons (R2.8).
//
// Instants are compared to the nanosecond: a store keeps them exactly (in the
// JSON state); a SQL timestamp column kept for an index may round them to the
// microsecond, since queries use it only to find candidates.
type CouponStore interface {
	// Trail reads a coupon's audit trail, which Create and Update append to
	// (R0.4).
	shopkit.TrailReader
	// Create stores a new coupon and its audit entries; an ID already stored is
	// ErrConflict.
	Create(ctx context.Context, c *Coupon) error
	// Get returns the coupon, or ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Coupon, error)
	// Update loads the coupon, calls fn, and persists the result and its new
	// audit entries atomically; nothing is written if fn fails. The store may run fn more than once (after a
	// transient failure); when it gives up it returns an error matching
	// shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(*Coupon) error) error
	// Due lists at most limit issued coupons whose deadline (ValidTo + 1 ns) is
	// at or before t, earliest first. limit must be at least 1: below it Due
	// returns shopkit.CheckLimit's error (shopkit.ErrInvalid).
	Due(ctx context.Context, t time.Time, limit int) ([]*Coupon, error)
	// Claim lists at most limit issued coupons whose deadline is at or before t
	// and that no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (R2.9).
	// Sweep calls it, so sweeps on several instances split the due work.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Coupon, error)
	// ListByCustomer lists at most limit of a customer's coupons, earliest
	// issued first, ties by ID. limit must be at least 1, as for Due.
	ListByCustomer(ctx context.Context, customerID string, limit int) ([]*Coupon, error)
	// Pending lists at most limit coupons with a step not yet done
	// (Coupon.Steps, Coupon.PendingSince), oldest step first, ties by ID: what
	// CouponService.Resume finishes. A coupon leaves the list when an Update
	// leaves it no step. limit must be at least 1, as for Due. A store indexes
	// it.
	Pending(ctx context.Context, limit int) ([]*Coupon, error)
}

// CouponServiceConfig is what a CouponService is built from; every store and
// the clock are required, and at most one of Policy and Policies is set.
type CouponServiceConfig struct {
	Templates CouponTemplateStore // coupon definitions
	Quotas    CouponQuotaStore    // per-customer counters
	Coupons   CouponStore         // issued coupons
	Campaigns CampaignStore       // campaign budgets
	Clock     shopkit.Clock       // the current time (R0.3)
	Policy    CouponPolicy        // the grace period of steps between stores; the zero policy is DefaultCouponPolicy()
	// Policies, instead of Policy, are the coupon policy's versions over time:
	// a coupon is issued under the version in force at the service's now and
	// records its name (Coupon.PolicyVersion). Steps between stores wait the
	// longest Grace of all the versions.
	Policies shopkit.Schedule[CouponPolicy]
}

// CouponService issues and redeems coupons (R2.4): load → act → save, each limit
// changed inside a store Update so concurrent requests never exceed the
// per-customer limits or a campaign's budget. Build one with NewCouponService.
//
// An action that changes several entities changes them one store call after
// the other and never calls a store inside another's Update; what a crash or a
// failed call between two of them leaves is recorded, never lost (R2.8):
//
//   - Issue counts the coupon on its quota and reserves its maximum discount
//     on its campaign as holds (QuotaHold, CampaignHold), then stores the
//     coupon. Resume confirms a hold whose coupon is stored and gives back one
//     whose coupon is still not stored CouponPolicy.Grace after it was made.
//     When a store call fails, Issue gives back at once what it held.
//   - Redeem counts each use on the quota under a ref of the coupon and the
//     order, then uses the coupon, which records its campaign spend as a
//     step (CouponStep) in the same write; Release records the give-back (the
//     spend and the quota's use) as a step in the release's write. The service
//     then carries the step out — Campaign.RecordSpend under the step's key,
//     CouponQuota.Unuse under its ref, each changing nothing when run again —
//     and marks it done with a second write of the coupon. When that fails the
//     action returns CodeStepPending: the action took effect, and the step
//     stays for Resume.
//   - CreateTemplate adds a campaign's template to the campaign as a hold
//     before it stores the template; Resume confirms it, or takes it out of
//     the campaign when the template is still not stored after the grace
//     period, so a campaign never lists a template that does not exist.
//
// A host runs Resume periodically (with its sweeps) and after a restart.
type CouponService struct {
	templates CouponTemplateStore
	quotas    CouponQuotaStore
	coupons   CouponStore
	campaigns CampaignStore
	clock     shopkit.Clock
	policies  shopkit.Schedule[CouponPolicy] // a plain Policy is one version named ""
	grace     time.Duration                  // the longest Grace of the versions
}

// NewCouponService checks cfg and returns its service. A nil store or clock,
// an invalid policy, Policy and Policies both set, or a version of Policies
// without a name or with an invalid policy, is a *shopkit.ValidationError
// (CodeInvalidConfig) naming every field at fault ("templates", "clock",
// "policy.grace", "policies.versions[1].policy.grace" for a version's). The
// campaign store is required even by a shop without campaigns, so that a
// campaign's template never fails later for want of one.
func NewCouponService(cfg CouponServiceConfig) (*CouponService, error) {
	policy := cfg.Policy
	if policy == (CouponPolicy{}) && len(cfg.Policies.Versions()) == 0 {
		policy = DefaultCouponPolicy()
	}
	var ps []shopkit.FieldProblem
	ps = required(ps, "templates", cfg.Templates == nil)
	ps = required(ps, "quotas", cfg.Quotas == nil)
	ps = required(ps, "coupons", cfg.Coupons == nil)
	ps = required(ps, "campaigns", cfg.Campaigns == nil)
	ps = required(ps, "clock", cfg.Clock == nil)
	policies, vps := versionsOf(policy, cfg.Policies, CouponPolicy.Validate)
	ps = append(ps, vps...)
	if err := shopkit.Incomplete(CodeInvalidConfig, ps); err != nil {
		return nil, err
	}
	var grace time.Duration
	for _, v := range policies.Versions() {
		grace = max(grace, v.Policy.Grace)
	}
	return &CouponService{templates: cfg.Templates, quotas: cfg.Quotas, coupons: cfg.Coupons,
		campaigns: cfg.Campaigns, clock: cfg.Clock, policies: policies, grace: grace}, nil
}

// ready returns shopkit.NotBuilt for a CouponService that NewCouponService
// did not build (a zero or nil one): every method checks it first.
func (s *CouponService) ready() error {
	if s == nil || s.templates == nil {
		return shopkit.NotBuilt("promotion.CouponService")
	}
	return nil
}

// sweepBatch is how many due coupons Sweep (and pending entities Resume)
// reads at a time.
const sweepBatch = 100

// inTime refuses a step of an action (or of Resume) that began at since more
// than half the grace period ago: Resume may give back a hold, or forget a
// spend's key, once the grace period has passed, so a late step is left to
// it instead.
func (s *CouponService) inTime(since time.Time) error {
	if d := s.clock().Sub(since); d >= s.grace/2 {
		return shopkit.Retry("a step begun at "+since.Format(time.RFC3339Nano),
			errors.New("it is "+d.String()+" old, past half the grace period "+s.grace.String()+", and is left to Resume"))
	}
	return nil
}

// withUndo returns cause, joined with the failures of the take-backs that
// followed it, if any.
func withUndo(cause error, undo ...error) error {
	if errors.Join(undo...) == nil {
		return cause
	}
	return errors.Join(append([]error{cause}, undo...)...)
}

// CreateTemplate checks that by may define the coupon (NewCouponTemplate: a
// shop coupon only by its shop, a platform coupon only by the platform; else
// shopkit.CodeNotParty), validates spec and stores the template. A template of a
// campaign is added to the campaign, which must exist and be by's too
// (Campaign.AddTemplate); by is recorded in the campaign's audit trail (R0.4).
//
// The campaign lists the template first, as a hold (TemplateHold), and the
// template is stored second: when storing fails the campaign takes it out
// again at once, and when a crash comes between the two Resume takes it out
// after the grace period. So a campaign never lists a template that was never
// stored, and a template of a campaign is never stored without the campaign's
// checks.
func (s *CouponService) CreateTemplate(ctx context.Context, by shopkit.Actor, spec CouponTemplateSpec) (*CouponTemplate, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.clock()
	t, err := NewCouponTemplate(by, spec, now)
	if err != nil {
		return nil, err
	}
	campaign := spec.CampaignID
	if campaign != uuid.Nil {
		if err := s.campaigns.Update(ctx, campaign, func(c *Campaign) error { return c.AddTemplate(by, t, now) }); err != nil {
			return nil, err
		}
	}
	err = s.inTime(now)
	if err == nil {
		err = s.templates.Create(ctx, t)
	}
	if err != nil {
		if campaign == uuid.Nil {
			return nil, err
		}
		return nil, withUndo(err, s.campaigns.Update(ctx, campaign, func(c *Campaign) error {
			c.dropTemplate(t.id, now, "storing the template failed")
			return nil
		}))
	}
	return t, nil
}

// quota returns the customer's quota of the template, or an empty one when the
// customer has none yet, and whether it is stored.
func (s *CouponService) quota(ctx context.Context, templateID uuid.UUID, customerID string) (*CouponQuota, bool, error) {
	q, err := s.quotas.Get(ctx, QuotaID(templateID, customerID))
	if errors.Is(err, shopkit.ErrNotFound) {
		return NewCouponQuota(templateID, customerID), false, nil
	}
	return q, err == nil, err
}

// updateQuota applies fn to the customer's quota of the template. A quota not
// stored yet is created with fn applied, in one call; when a concurrent
// request created it first, fn is applied to that one.
func (s *CouponService) updateQuota(ctx context.Context, templateID uuid.UUID, customerID string, stored bool, fn func(*CouponQuota) error) error {
	if !stored {
		q := NewCouponQuota(templateID, customerID)
		if err := fn(q); err != nil {
			return err
		}
		if err := s.quotas.Create(ctx, q); !errors.Is(err, shopkit.ErrConflict) {
			return err
		}
	}
	return s.quotas.Update(ctx, QuotaID(templateID, customerID), fn)
}

// Issue issues a coupon of the template to the customer, by by (R2.4): within
// the per-customer issue limit (CodeCouponIssueLimit) and, for a campaign's
// template, inside the campaign's window with its maximum discount reserved
// from the budget (CodeCampaignNotActive, CodeCampaignBudget). The quota, the
// campaign and the coupon each record the change (R0.4).
//
// Bad input changes nothing: the limits are checked before anything is written.
// The quota and the campaign count the coupon as holds before it is stored
// (see CouponService): when a store call fails, Issue gives them back at once
// (recorded in their audit trails) and returns nil with the error, and a host
// may issue again; what a crash leaves held, Resume gives back after the grace
// period. A coupon Issue returns is stored, and counted. Under
// CouponServiceConfig.Policies the coupon records the version in force at the
// service's now (Coupon.PolicyVersion); before the first version it is
// shopkit.CodeNoVersionInForce and nothing is written (R0.3).
func (s *CouponService) Issue(ctx context.Context, by shopkit.Actor, templateID uuid.UUID, customerID string) (*Coupon, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.issue(ctx, by, templateID, customerID, uuid.New())
}

// IssueKeyed is Issue, idempotent by key: the host's idempotency key for this
// grant (membership's CouponIssuer passes one). The coupon's ID is derived from
// the template, the customer and key, so issuing again with the same key
// returns the coupon issued first — also after a crash half-way, whose holds
// the retry finds and keeps — and never a second one. An empty key is
// CodeInvalidCoupon.
func (s *CouponService) IssueKeyed(ctx context.Context, by shopkit.Actor, templateID uuid.UUID, customerID, key string) (*Coupon, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, shopkit.Invalid(CodeInvalidCoupon, "key", "is required")
	}
	id := uuid.NewSHA1(templateID, []byte(customerID+"\x00"+key))
	c, err := s.coupons.Get(ctx, id)
	switch {
	case err == nil:
		if err := c.Parties().Check(by); err != nil {
			return nil, err
		}
		return c, nil
	case !errors.Is(err, shopkit.ErrNotFound):
		return nil, err
	}
	return s.issue(ctx, by, templateID, customerID, id)
}

// issue issues the coupon id of the template to the customer.
func (s *CouponService) issue(ctx context.Context, by shopkit.Actor, templateID uuid.UUID, customerID string, id uuid.UUID) (*Coupon, error) {
	now := s.clock()
	v, err := s.policies.At(now)
	if err != nil {
		return nil, err
	}
	t, err := s.templates.Get(ctx, templateID)
	if err != nil {
		return nil, err
	}
	c, err := issueCoupon(by, t, customerID, id, now)
	if err != nil {
		return nil, err
	}
	c.version = v.Name
	ref := c.id.String()
	most, _ := t.MaxDiscount()
	campaign := t.spec.CampaignID
	// Check first, so that bad input writes nothing.
	q, stored, err := s.quota(ctx, t.id, customerID)
	if err != nil {
		return nil, err
	}
	// A hold already under ref is this coupon's, from an issue under the same
	// key (IssueKeyed) that has not finished: it is counted already.
	if q.held(ref) < 0 {
		if err := q.CheckIssue(t); err != nil {
			return nil, err
		}
	}
	if campaign != uuid.Nil {
		cp, err := s.campaigns.Get(ctx, campaign)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(cp.holds, func(h CampaignHold) bool { return h.Coupon == ref }) {
			if err := cp.CheckReserve(most, now); err != nil {
				return nil, err
			}
		}
	}
	// Then write, each limit inside its own atomic Update.
	if err := s.updateQuota(ctx, t.id, customerID, stored, func(q *CouponQuota) error { return q.Issue(by, t, ref, now) }); err != nil {
		return nil, err
	}
	unissue := func(reason string) error {
		return s.quotas.Update(ctx, q.id, func(q *CouponQuota) error { return q.Unissue(shopkit.SystemActor(), t, ref, now, reason) })
	}
	if campaign != uuid.Nil {
		if err := s.campaigns.Update(ctx, campaign, func(cp *Campaign) error { return cp.Reserve(by, ref, most, now) }); err != nil {
			return nil, withUndo(err, unissue("the campaign refused: "+shopkit.CodeOf(err)))
		}
	}
	err = s.inTime(now)
	if err == nil {
		err = s.coupons.Create(ctx, c)
	}
	if errors.Is(err, shopkit.ErrConflict) {
		// The ID is taken: only IssueKeyed's derived IDs repeat, so a
		// concurrent issue under the same key stored the coupon first. Its
		// holds are the ones taken here (the same ref): keep them.
		return s.coupons.Get(ctx, c.id)
	}
	if err != nil {
		reason := "storing the coupon failed"
		var undo []error
		if campaign != uuid.Nil {
			undo = append(undo, s.campaigns.Update(ctx, campaign, func(cp *Campaign) error {
				return cp.Unreserve(shopkit.SystemActor(), ref, most, now, reason)
			}))
		}
		return nil, withUndo(err, append(undo, unissue(reason))...)
	}
	return c, nil
}

// Load loads coupons and their templates for Price.
func (s *CouponService) Load(ctx context.Context, ids []uuid.UUID) ([]CouponUse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	out := make([]CouponUse, 0, len(ids))
	for _, id := range ids {
		c, err := s.coupons.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		t, err := s.templates.Get(ctx, c.templateID)
		if err != nil {
			return nil, err
		}
		out = append(out, CouponUse{Coupon: c, Template: t})
	}
	return out, nil
}

// Redeem marks the coupons Price applied to an order as used by orderRef (R2.4):
// each once, by its own customer, within the customer's use limit
// (CodeCouponUseLimit), with a discount no larger than its template allows
// (CodeInvalidCoupon), and adds each discount to its campaign's spend. The
// coupon, the quota and the campaign each record the change (R0.4).
//
// orderRef is the request's idempotency key: redeeming again for the same
// order with the same coupons and discounts (a host's retry) changes nothing
// and returns nil, the first call's result, once it has finished what the
// first call left (a campaign spend a crash interrupted, or the coupons a
// crash left unused); the same orderRef with other coupons or discounts is
// CodeKeyReused (ErrConflict) and changes nothing.
//
// All or nothing: every coupon is checked before anything is written, so bad
// input changes nothing. When a concurrent request makes a later coupon fail
// after the earlier ones were used, those are released again (recorded in
// their audit trails) and the error returned. When only a campaign spend
// fails after every coupon was used, the redemption stands and Redeem
// returns CodeStepPending: Resume (or the host's retry) records the spend.
func (s *CouponService) Redeem(ctx context.Context, by shopkit.Actor, orderRef string, applied []AppliedCoupon) error {
	if err := s.ready(); err != nil {
		return err
	}
	now := s.clock()
	if orderRef == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "order_ref", "is required")
	}
	key := redeemKey(applied)
	coupons := make([]*Coupon, len(applied))
	used := make([]bool, len(applied)) // used by orderRef already: this request, run before
	replays := 0
	for i, a := range applied {
		for _, b := range applied[:i] {
			if b.CouponID == a.CouponID {
				return shopkit.NewError(shopkit.ErrConflict, CodeCouponUsed,
					"coupon "+a.CouponID.String()+" is listed twice")
			}
		}
		c, err := s.coupons.Get(ctx, a.CouponID)
		if err != nil {
			return err
		}
		switch {
		case c.state == CouponUsed && c.orderRef == orderRef:
			if err := checkReplay(by, c, a, len(applied), key); err != nil {
				return err
			}
			replays++
			used[i] = true
		case len(c.steps) > 0 && c.state == CouponIssued && c.Parties().Check(by) == nil:
			// A release's give-back goes first, so that the use it gives
			// back does not count against this one.
			if c, err = s.finish(ctx, shopkit.SystemActor(), c, now); err != nil {
				return err
			}
		}
		coupons[i] = c
	}
	switch {
	case replays == len(applied):
		return s.followUp(ctx, by, coupons, now) // the same request again: it was redeemed
	case replays > 0:
		// A run of this request that stopped half-way resumes; any other
		// request under orderRef is refused.
		for i, c := range coupons {
			if used[i] && c.redeemKey == "" {
				return errKeyReused(orderRef)
			}
		}
	}
	loaded := make([]redeeming, len(applied))
	pending := map[uuid.UUID]int{} // uses of each template earlier in this order
	for i, a := range applied {
		if used[i] {
			continue
		}
		r, err := s.checkRedeem(ctx, by, coupons[i], a, orderRef, pending, now)
		if err != nil {
			return err
		}
		pending[r.template.id]++
		loaded[i] = r
	}
	for i := range applied {
		if used[i] {
			continue
		}
		c, err := s.redeem(ctx, by, orderRef, key, loaded[i], len(applied), now)
		if err != nil {
			var undo []error
			for j, a := range applied {
				if used[j] || j < i {
					undo = append(undo, s.release(ctx, shopkit.SystemActor(), a.CouponID, "redeeming order "+orderRef+" failed", now))
				}
			}
			return withUndo(err, undo...)
		}
		coupons[i] = c
	}
	return s.followUp(ctx, by, coupons, now)
}

// redeemKey is the digest of a Redeem request: its coupons and discounts, in
// any order.
func redeemKey(applied []AppliedCoupon) string {
	lines := make([]string, len(applied))
	for i, a := range applied {
		lines[i] = a.CouponID.String() + " " + strconv.FormatInt(a.Discount.Amount(), 10) + " " + string(a.Discount.Currency())
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:16])
}

// checkReplay checks a coupon that orderRef already used, met again in a
// redemption of n coupons for orderRef whose digest is key: by must be a party
// of it (as for a first use), and the request must be the first one again —
// the same coupons and discounts (for a coupon used before the digest was
// kept: the same discount and as many coupons) — or it is CodeKeyReused.
func checkReplay(by shopkit.Actor, c *Coupon, a AppliedCoupon, n int, key string) error {
	if err := c.Parties().Check(by); err != nil {
		return err
	}
	if c.redeemKey != "" {
		if c.redeemKey != key {
			return errKeyReused(c.orderRef)
		}
		return nil
	}
	if !c.discount.Equal(a.Discount) || c.together != n {
		return errKeyReused(c.orderRef)
	}
	return nil
}

// errKeyReused is the refusal of a Redeem whose order ref redeemed other
// coupons or discounts before.
func errKeyReused(orderRef string) error {
	return shopkit.NewError(shopkit.ErrConflict, CodeKeyReused,
		"order "+strconv.Quote(orderRef)+" already redeemed other coupons or discounts")
}

// redeeming is a coupon checked for Redeem, with its template.
type redeeming struct {
	coupon   *Coupon
	template *CouponTemplate
	discount shopkit.Money
	quotaRef string // the ref the quota counts the use under
	stored   bool   // whether the customer's quota is stored
}

// quotaRef is the ref the quota counts the use of c by orderRef under: the
// coupon, its entry count before the use, and the order. A retry of the same
// use finds the coupon unchanged and gives the same ref; a later use of the
// same coupon by the same order (released in between) gives another.
func quotaRef(c *Coupon, orderRef string) string {
	return c.id.String() + "#" + strconv.Itoa(c.journal.Seq()) + quotaRefOrder + orderRef
}

// quotaRefOrder parts a quota ref's use of a coupon from its order.
const quotaRefOrder = " order "

// checkRedeem checks, changing nothing, that the coupon c of a can be redeemed
// by by for orderRef at now, after pending[template] earlier uses of its
// template in the same order.
func (s *CouponService) checkRedeem(ctx context.Context, by shopkit.Actor, c *Coupon, a AppliedCoupon, orderRef string, pending map[uuid.UUID]int, now time.Time) (redeeming, error) {
	if err := c.Parties().Check(by); err != nil {
		return redeeming{}, err
	}
	if err := c.checkUsable(now); err != nil {
		return redeeming{}, err
	}
	t, err := s.templates.Get(ctx, c.templateID)
	if err != nil {
		return redeeming{}, err
	}
	if err := t.checkDiscount(a.Discount); err != nil {
		return redeeming{}, err
	}
	q, stored, err := s.quota(ctx, t.id, c.customerID)
	if err != nil {
		return redeeming{}, err
	}
	ref := quotaRef(c, orderRef)
	if err := q.checkUse(t, pending[t.id], ref); err != nil {
		return redeeming{}, err
	}
	return redeeming{coupon: c, template: t, discount: a.Discount, quotaRef: ref, stored: stored}, nil
}

// errSameRequest stops a coupon Update that finds the coupon used by the same
// request (a concurrent run of it used it first): nothing is written.
var errSameRequest = errors.New("promotion: the coupon is used by the same request")

// redeem counts the use on the quota and uses the coupon, which records its
// campaign spend as a step; it returns the coupon as saved. When using the
// coupon fails, the quota's count is taken back.
func (s *CouponService) redeem(ctx context.Context, by shopkit.Actor, orderRef, key string, r redeeming, together int, now time.Time) (*Coupon, error) {
	c, t, ref := r.coupon, r.template, r.quotaRef
	if err := s.updateQuota(ctx, t.id, c.customerID, r.stored, func(q *CouponQuota) error { return q.Use(by, t, ref, now) }); err != nil {
		return nil, err
	}
	var saved *Coupon
	err := s.coupons.Update(ctx, c.id, func(x *Coupon) error {
		if x.state == CouponUsed && x.orderRef == orderRef && x.redeemKey == key {
			saved = x.Clone()
			return errSameRequest
		}
		if err := x.use(by, orderRef, r.discount, together, key, ref, now); err != nil {
			return err
		}
		saved = x.Clone()
		return nil
	})
	switch {
	case errors.Is(err, errSameRequest):
		return saved, nil
	case err != nil:
		return nil, withUndo(err, s.quotas.Update(ctx, QuotaID(t.id, c.customerID), func(q *CouponQuota) error {
			return q.Unuse(shopkit.SystemActor(), t, ref, now, "using the coupon failed: "+shopkit.CodeOf(err))
		}))
	}
	return saved, nil
}

// followUp carries out the steps of the coupons an action saved, by by; a
// failure is CodeStepPending, with every cause.
func (s *CouponService) followUp(ctx context.Context, by shopkit.Actor, coupons []*Coupon, since time.Time) error {
	var errs []error
	for _, c := range coupons {
		if _, err := s.finish(ctx, by, c, since); err != nil {
			errs = append(errs, err)
		}
	}
	return stepPending(errors.Join(errs...))
}

// finish carries out, by by, the steps of c (as loaded at since): the campaign
// records each step's spend under its key, the quota takes back each released
// use under its ref (a quota not stored counts nothing), and then a second
// write of the coupon marks the steps done. Running it again changes nothing.
// It returns the coupon as saved; on error, c with the steps still pending.
func (s *CouponService) finish(ctx context.Context, by shopkit.Actor, c *Coupon, since time.Time) (*Coupon, error) {
	steps := c.Steps()
	if len(steps) == 0 {
		return c, nil
	}
	if err := s.inTime(since); err != nil {
		return c, err
	}
	if c.campaignID != uuid.Nil {
		if err := s.campaigns.Update(ctx, c.campaignID, func(cp *Campaign) error {
			for _, st := range steps {
				if err := cp.RecordSpend(by, st.Key(c.id), st.OrderRef, st.signed(), st.At); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return c, err
		}
	}
	if slices.ContainsFunc(steps, func(st CouponStep) bool { return st.QuotaRef != "" }) {
		if err := s.inTime(since); err != nil {
			return c, err
		}
		t, err := s.templates.Get(ctx, c.templateID)
		if err != nil {
			return c, err
		}
		err = s.quotas.Update(ctx, QuotaID(c.templateID, c.customerID), func(q *CouponQuota) error {
			for _, st := range steps {
				if st.QuotaRef == "" {
					continue
				}
				if err := q.Unuse(by, t, st.QuotaRef, st.At, "coupon released by order "+st.OrderRef); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, shopkit.ErrNotFound) {
			return c, err
		}
	}
	done := make(map[string]bool, len(steps))
	for _, st := range steps {
		done[st.Key(c.id)] = true
	}
	var saved *Coupon
	if err := s.coupons.Update(ctx, c.id, func(x *Coupon) error {
		x.markDone(done)
		saved = x.Clone()
		return nil
	}); err != nil {
		return c, err
	}
	return saved, nil
}

// Release returns a used coupon to the customer when its order is cancelled
// before payment: the coupon is usable again, the use no longer counts toward
// the use limit, and its discount leaves the campaign's spend. Each change is
// recorded with by and reason (R0.4). Only a party of the coupon releases it
// (Coupon.Release): its customer, an operator for its shop, or the system;
// another buyer, an operator of another shop or an actor without an ID gets
// shopkit.CodeNotParty and nothing changes.
//
// The release records the give-back as a step in the coupon's write; when
// carrying it out fails, the coupon is released and Release returns
// CodeStepPending: Resume gives the spend and the use back.
func (s *CouponService) Release(ctx context.Context, by shopkit.Actor, couponID uuid.UUID, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.release(ctx, by, couponID, reason, s.clock())
}

func (s *CouponService) release(ctx context.Context, by shopkit.Actor, couponID uuid.UUID, reason string, now time.Time) error {
	var saved *Coupon
	if err := s.coupons.Update(ctx, couponID, func(c *Coupon) error {
		if err := c.Release(by, now, reason); err != nil {
			return err
		}
		saved = c.Clone()
		return nil
	}); err != nil {
		return err
	}
	_, err := s.finish(ctx, by, saved, now)
	return stepPending(err)
}

// Sweep expires issued coupons whose validity window has ended (R2.4).
func (s *CouponService) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Coupon](ctx, s.coupons, s.clock(), sweepBatch)
}

// Resume finishes what the service's actions left between two stores (R2.8),
// as the system: first every coupon's pending steps (CouponStore.Pending: the
// campaign spend of a use, the give-back of a release), then every quota's
// holds (CouponQuotaStore.Pending) and every campaign's holds and remembered
// spends (CampaignStore.Pending), each in one write. A hold whose coupon (or
// template) is stored is confirmed; one whose coupon is still not stored
// CouponPolicy.Grace after it was made is given back, recorded as an
// "unissue", "unreserve" or "remove_template" entry; a campaign forgets a
// spend's key once its coupon has finished the step for the grace period.
//
// It lists each store in batches, oldest first. Applied counts the entities it
// changed; a failure is reported in Failures with its cause, the entity stays
// pending, and Resume goes on with the others. A hold or key still within its
// grace period is left for a later run. Running it twice is harmless: every
// step changes nothing the second time. A host runs it periodically (with its
// sweeps) and after a restart.
func (s *CouponService) Resume(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	var res shopkit.SweepResult
	if err := resumeEach(ctx, &res, s.coupons.Pending, func(c *Coupon) (bool, error) {
		_, err := s.finish(ctx, shopkit.SystemActor(), c, s.clock())
		return err == nil, err
	}); err != nil {
		return res, err
	}
	if err := resumeEach(ctx, &res, s.quotas.Pending, func(q *CouponQuota) (bool, error) { return s.settleQuota(ctx, q) }); err != nil {
		return res, err
	}
	err := resumeEach(ctx, &res, s.campaigns.Pending, func(c *Campaign) (bool, error) { return s.settleCampaign(ctx, c) })
	return res, err
}

// resumeEach calls do on every entity list returns, in batches, each once:
// an entity do changed counts as Applied, one it failed on is a Failure.
func resumeEach[T interface{ ID() uuid.UUID }](ctx context.Context, res *shopkit.SweepResult,
	list func(context.Context, int) ([]T, error), do func(T) (bool, error)) error {
	seen := map[uuid.UUID]bool{}
	for {
		batch, err := list(ctx, sweepBatch+len(seen))
		if err != nil {
			return err
		}
		fresh := false
		for _, v := range batch {
			id := v.ID()
			if seen[id] {
				continue
			}
			seen[id], fresh = true, true
			changed, err := do(v)
			switch {
			case err == nil:
				if changed {
					res.Applied++
				}
			case ctx.Err() != nil:
				return ctx.Err()
			default:
				res.Failures = append(res.Failures, shopkit.SweepFailure{ID: id, Err: err})
			}
		}
		if !fresh {
			return nil
		}
	}
}

// couponStatus looks coupons up for Resume, each once.
type couponStatus struct {
	s     *CouponService
	ctx   context.Context
	found map[string]*Coupon // by ref; nil: not stored
}

// get returns the coupon ref names (nil when it is not stored; a ref that is
// no coupon ID names none).
func (cs *couponStatus) get(ref string) (*Coupon, error) {
	if c, ok := cs.found[ref]; ok {
		return c, nil
	}
	id, err := uuid.Parse(ref)
	var c *Coupon
	if err == nil {
		c, err = cs.s.coupons.Get(cs.ctx, id)
		if errors.Is(err, shopkit.ErrNotFound) {
			c, err = nil, nil
		}
	} else {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	cs.found[ref] = c
	return c, nil
}

// holdStatus sorts hold refs into those whose coupon is stored and those
// whose coupon is not.
func (cs *couponStatus) holdStatus(refs []string) (stored, missing map[string]bool, err error) {
	stored, missing = map[string]bool{}, map[string]bool{}
	for _, ref := range refs {
		c, err := cs.get(ref)
		if err != nil {
			return nil, nil, err
		}
		if c != nil {
			stored[ref] = true
		} else {
			missing[ref] = true
		}
	}
	return stored, missing, nil
}

// settleQuota confirms or gives back the quota's holds, in one write when
// anything changes.
func (s *CouponService) settleQuota(ctx context.Context, q *CouponQuota) (bool, error) {
	cs := &couponStatus{s: s, ctx: ctx, found: map[string]*Coupon{}}
	stored, missing, err := cs.holdStatus(holdRefs(q.holds))
	if err != nil {
		return false, err
	}
	now := s.clock()
	if !q.Clone().settle(stored, missing, now, s.grace) {
		return false, nil
	}
	return true, s.quotas.Update(ctx, q.id, func(q *CouponQuota) error {
		q.settle(stored, missing, now, s.grace)
		return nil
	})
}

// settleCampaign confirms or gives back the campaign's holds (of coupons and
// templates) and settles its remembered spends, in one write when anything
// changes.
func (s *CouponService) settleCampaign(ctx context.Context, c *Campaign) (bool, error) {
	cs := &couponStatus{s: s, ctx: ctx, found: map[string]*Coupon{}}
	stored, missing, err := cs.holdStatus(holdRefs(c.holds))
	if err != nil {
		return false, err
	}
	templates := map[uuid.UUID]bool{} // stored or not
	for _, h := range c.tholds {
		_, err := s.templates.Get(ctx, h.Template)
		switch {
		case err == nil:
			templates[h.Template] = true
		case errors.Is(err, shopkit.ErrNotFound):
			templates[h.Template] = false
		default:
			return false, err
		}
	}
	done := map[string]bool{}
	for _, sp := range c.spends {
		id, ok := stepCoupon(sp.Key)
		if !ok {
			done[sp.Key] = true // not a coupon's step: nothing asks for it again
			continue
		}
		cp, err := cs.get(id.String())
		if err != nil {
			return false, err
		}
		done[sp.Key] = cp == nil || !slices.ContainsFunc(cp.steps, func(st CouponStep) bool { return st.Key(cp.id) == sp.Key })
	}
	now := s.clock()
	settle := func(c *Campaign) bool { return c.settle(stored, missing, templates, done, now, s.grace) }
	if !settle(c.Clone()) {
		return false, nil
	}
	return true, s.campaigns.Update(ctx, c.id, func(c *Campaign) error {
		settle(c)
		return nil
	})
}

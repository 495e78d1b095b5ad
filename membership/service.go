package membership

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ServiceConfig configures a Service; NewService validates it.
type ServiceConfig struct {
	Store  Store         // where members are kept; required
	Tiers  *TierSet      // the shop's tier set, built by NewTierSet; required unless TierSets is set
	ShopID uuid.UUID     // the shop whose members the service runs (its merchant's ID); required
	Clock  shopkit.Clock // the current time; required (membership never reads the wall clock)
	// Coupons issues coupons (R5.4). Optional: only IssueCoupon and IssueToTier
	// need it, and return a CodeInvalidConfig error without it.
	Coupons CouponIssuer
	// TierSets, instead of Tiers, are the tier set's versions over time: the
	// membership policy (thresholds, window, benefits and discounts) as it
	// changes. A customer's member record is created under the version in
	// force when they join and records its name (Member.PolicyVersion); the
	// service evaluates, upgrades and prices that member on that version's
	// set, so a later version applies to members who join from its From on.
	TierSets shopkit.Schedule[*TierSet]
}

// Service runs one shop's membership: load → act → save through the Store. It is
// thin: every rule lives in TierSet and Member. A customer's member record is
// created on first use (first completed order, adjustment or coupon). Build it
// with NewService; it is safe for concurrent use when its Store is.
//
// A coupon grant spans the member store and the CouponIssuer, in resumable
// steps (IssueCoupon): a host runs Resume periodically, with its sweeps, and
// after a restart, to finish the grants a failure or a crash left pending.
//
// Rules at the time of the act (R0.3): membership's policy is its tier set.
// Under ServiceConfig.TierSets a member joins under the version in force when
// its record is created and keeps it (Member.PolicyVersion): completions,
// evaluations, adjustments, benefits and prices of that member use that
// version's set. IssueToTier selects members by the tier names of the version
// in force now. Before the first version no member record is created
// (shopkit.CodeNoVersionInForce).
//
// Service is the shopkit.TierReader that support (R6.2) and aftersales read
// member tiers through.
type Service struct {
	store   Store
	sets    shopkit.Schedule[*TierSet] // a plain Tiers is one version named ""
	shop    uuid.UUID
	clock   shopkit.Clock
	coupons CouponIssuer
}

var _ shopkit.TierReader = (*Service)(nil)

// NewService validates cfg and returns the service. A missing Store, Tiers (or a
// set not built by NewTierSet), ShopID or Clock, Tiers and TierSets both set,
// or a version of TierSets without a name or with a set not built by
// NewTierSet ("tier_sets.versions[1].tiers"), is a *shopkit.ValidationError
// with code CodeInvalidConfig listing every field at fault.
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	if cfg.Store == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "store", Problem: "is required"})
	}
	sets := shopkit.Always("", cfg.Tiers)
	switch versions := cfg.TierSets.Versions(); {
	case len(versions) > 0 && cfg.Tiers != nil:
		problems = append(problems, shopkit.FieldProblem{Field: "tier_sets", Problem: "is set together with tiers; set exactly one"})
	case len(versions) > 0:
		sets = cfg.TierSets
		for i, v := range versions {
			at := "tier_sets.versions[" + strconv.Itoa(i) + "]"
			if v.Name == "" {
				problems = append(problems, shopkit.FieldProblem{Field: at + ".name", Problem: "is required"})
			}
			if v.Policy.check() != nil {
				problems = append(problems, shopkit.FieldProblem{Field: at + ".tiers", Problem: "must be a tier set built by NewTierSet"})
			}
		}
	case cfg.Tiers.check() != nil:
		problems = append(problems, shopkit.FieldProblem{Field: "tiers", Problem: "must be a tier set built by NewTierSet"})
	}
	if cfg.ShopID == uuid.Nil {
		problems = append(problems, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	if cfg.Clock == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "clock", Problem: "is required"})
	}
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{store: cfg.Store, sets: sets, shop: cfg.ShopID, clock: cfg.Clock, coupons: cfg.Coupons}, nil
}

// ready returns shopkit.NotBuilt for a service NewService did not build: every
// method that reads or writes members calls it first.
func (s *Service) ready() error {
	if s == nil || s.store == nil {
		return shopkit.NotBuilt("membership.Service")
	}
	return nil
}

// parties are the parties of the customer's member record, whether or not it
// exists yet: the service checks an actor against them before it creates one.
func (s *Service) parties(customerID string) shopkit.Parties {
	return shopkit.Parties{Buyer: customerID, Shop: s.shop}
}

// ShopID returns the shop the service runs.
func (s *Service) ShopID() uuid.UUID { return s.shop }

// Tiers returns the shop's tier set in force now: with TierSets, the version
// in force at the service's now (the first version's before it). Nil for a
// Service NewService did not build.
func (s *Service) Tiers() *TierSet {
	if s == nil || s.clock == nil {
		return nil
	}
	return s.setAt(s.clock())
}

// setAt returns the tier set in force at t, or the first version's before it.
func (s *Service) setAt(t time.Time) *TierSet {
	if v, err := s.sets.At(t); err == nil {
		return v.Policy
	}
	if vs := s.sets.Versions(); len(vs) > 0 {
		return vs[0].Policy
	}
	return nil
}

// tiersOf returns the tier set a member runs on: the version it joined under,
// by name; for a member whose name no version has (one created before the
// host adopted TierSets), the version in force when it joined.
func (s *Service) tiersOf(m *Member) *TierSet {
	for _, v := range s.sets.Versions() {
		if v.Name == m.version {
			return v.Policy
		}
	}
	return s.setAt(m.joinedAt)
}

// newMember returns an unsaved member of the customer, joining at now under
// the version in force then; before the first version it is
// shopkit.CodeNoVersionInForce.
func (s *Service) newMember(customerID string, now time.Time) (*Member, error) {
	v, err := s.sets.At(now)
	if err != nil {
		return nil, err
	}
	m, err := NewMember(s.shop, customerID, v.Policy.Currency(), now)
	if err != nil {
		return nil, err
	}
	m.version = v.Name
	return m, nil
}

// update applies fn to the customer's member, creating the record first if the
// customer has none. Concurrent first uses create one record: its ID is derived
// from shop and customer, and a losing Create's conflict is ignored.
func (s *Service) update(ctx context.Context, customerID string, now time.Time, fn func(*Member) error) error {
	id := MemberID(s.shop, customerID)
	called := false // fn's own not-found errors (an unknown coupon template) are not a missing member
	err := s.store.Update(ctx, id, func(m *Member) error { called = true; return fn(m) })
	if called || !errors.Is(err, shopkit.ErrNotFound) {
		return err
	}
	m, err := s.newMember(customerID, now)
	if err != nil {
		return err
	}
	if err := s.store.Create(ctx, m); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return err
	}
	return s.store.Update(ctx, id, fn)
}

// member returns the customer's member, or nil when the customer has none.
func (s *Service) member(ctx context.Context, customerID string) (*Member, error) {
	m, err := s.store.Get(ctx, MemberID(s.shop, customerID))
	if errors.Is(err, shopkit.ErrNotFound) {
		return nil, nil
	}
	return m, err
}

// memberOrNew returns the customer's member, or an unsaved new one.
func (s *Service) memberOrNew(ctx context.Context, customerID string, now time.Time) (*Member, error) {
	m, err := s.member(ctx, customerID)
	if err != nil || m != nil {
		return m, err
	}
	return s.newMember(customerID, now)
}

// Complete applies a completed order (R5.2): figures up, automatic upgrade when
// a threshold is crossed. The same order ID applied again counts once. It takes
// no actor: the host reports the order's completion (R2.3.4), and the system
// applies it.
func (s *Service) Complete(ctx context.Context, o CompletedOrder) (Outcome, error) {
	if err := s.ready(); err != nil {
		return Outcome{}, err
	}
	var out Outcome
	now := s.clock()
	err := s.update(ctx, o.CustomerID, now, func(m *Member) error {
		var err error
		out, err = m.CompleteOrder(s.tiersOf(m), o, now)
		return err
	})
	return out, err
}

// Refund applies a refund the after-sales ledger issued to the buyer's figures
// (R5.2, R3.7) with Member.ApplyRefund; never demotes. The same r.Key counts
// once. A refund of another shop is CodeOtherShop (ErrInvalid); a buyer without a
// member record is ErrNotFound. Like Complete it takes no actor: the refund is
// the ledger's record (R3.7), applied by the system.
func (s *Service) Refund(ctx context.Context, r shopkit.Refund) error {
	return s.refund(ctx, r, (*Member).ApplyRefund)
}

// Return is Refund for the refund of a whole order returned, with
// Member.ApplyReturn: the order stops counting as a transaction.
func (s *Service) Return(ctx context.Context, r shopkit.Refund) error {
	return s.refund(ctx, r, (*Member).ApplyReturn)
}

func (s *Service) refund(ctx context.Context, r shopkit.Refund, apply func(*Member, shopkit.Refund, time.Time) error) error {
	if err := s.ready(); err != nil {
		return err
	}
	if err := s.checkShop("merchant_id", r.MerchantID); err != nil {
		return err
	}
	now := s.clock()
	return s.store.Update(ctx, MemberID(s.shop, r.BuyerID), func(m *Member) error {
		return apply(m, r, now)
	})
}

// checkShop refuses a shop other than the service's own.
func (s *Service) checkShop(field string, shop uuid.UUID) error {
	if shop != s.shop {
		return shopkit.Invalid(CodeOtherShop, field, "is shop "+shop.String()+", the service runs "+s.shop.String())
	}
	return nil
}

// Adjust sets a customer's tier by hand (R5.2), audited with actor and reason.
// by must be a party of the customer's member record in the merchant or
// platform role (Member.Adjust); it is checked before anything is loaded or
// created, so a stranger's adjustment creates no member record.
func (s *Service) Adjust(ctx context.Context, customerID, tier string, by shopkit.Actor, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	if err := checkAdjust(s.setAt(s.clock()), s.parties(customerID), by, tier, reason); err != nil {
		return err
	}
	now := s.clock()
	return s.update(ctx, customerID, now, func(m *Member) error {
		return m.Adjust(s.tiersOf(m), by, tier, reason, now)
	})
}

// Evaluate explains a customer's standing; a customer without a record is
// evaluated as a new member with no figures.
func (s *Service) Evaluate(ctx context.Context, customerID string) (Evaluation, error) {
	if err := s.ready(); err != nil {
		return Evaluation{}, err
	}
	now := s.clock()
	m, err := s.memberOrNew(ctx, customerID, now)
	if err != nil {
		return Evaluation{}, err
	}
	return s.tiersOf(m).Evaluate(m, now)
}

// WhatIf simulates completing orders for the customer without saving anything.
func (s *Service) WhatIf(ctx context.Context, customerID string, orders ...CompletedOrder) (WhatIf, error) {
	if err := s.ready(); err != nil {
		return WhatIf{}, err
	}
	now := s.clock()
	m, err := s.memberOrNew(ctx, customerID, now)
	if err != nil {
		return WhatIf{}, err
	}
	return s.tiersOf(m).WhatIf(m, now, orders...)
}

// PricerFor returns the member pricer (R5.3) of the customer's current tier, an
// order.MemberDiscounter for the customer's order.
func (s *Service) PricerFor(ctx context.Context, customerID string) (Pricer, error) {
	if err := s.ready(); err != nil {
		return Pricer{}, err
	}
	m, err := s.member(ctx, customerID)
	if err != nil {
		return Pricer{}, err
	}
	if m == nil {
		return s.setAt(s.clock()).PricerFor(nil), nil
	}
	return s.tiersOf(m).PricerFor(m), nil
}

// IssueCoupon issues one coupon of the template to the customer within the
// per-customer limit (R5.4), e.g. after a customer-service conversation, and
// records it with the actor and reason. by must be a party of the customer's
// member record, not in the buyer role (Member.CanGrant); it is checked before
// anything is loaded or created. A service without a CouponIssuer returns a
// CodeInvalidConfig error.
//
// It is a saga of three steps, none inside another's store call: a member
// Update checks the limit and records a pending grant with its issuer key
// (Member.RequestCoupon), which counts toward the limit at once, so two
// concurrent grants cannot both pass it; then the issuer's Issue with that key,
// outside any Update closure; then a second member Update records the coupon
// on the grant (Member.FinishCoupon). It returns the done grant. If the issuer
// or the second Update fails, it returns the pending grant (with its Key and
// no CouponID) and the error: the grant stays pending, and Resume finishes it
// with the same key, so the customer never gets two coupons for it. A host
// retries the action only when the grant it got back has no Key (nothing was
// recorded).
func (s *Service) IssueCoupon(ctx context.Context, customerID, templateID string, limit int, by shopkit.Actor, reason string) (CouponGrant, error) {
	if err := s.checkCoupons(); err != nil {
		return CouponGrant{}, err
	}
	if err := checkGrant(s.parties(customerID), by, templateID, limit); err != nil {
		return CouponGrant{}, err
	}
	now := s.clock()
	var g CouponGrant
	err := s.update(ctx, customerID, now, func(m *Member) error {
		var err error
		g, err = m.RequestCoupon(by, templateID, limit, reason, now)
		return err
	})
	if err != nil {
		return CouponGrant{}, err
	}
	done, _, err := s.finish(ctx, customerID, g, by)
	return done, err
}

// finish carries out a pending grant's issue: the issuer's Issue with the
// grant's key (idempotent: a coupon issued before is returned again), then a
// member Update recording the coupon, by by. It returns the done grant and
// whether that Update changed the member; on an error, the pending grant.
func (s *Service) finish(ctx context.Context, customerID string, g CouponGrant, by shopkit.Actor) (CouponGrant, bool, error) {
	couponID, err := s.coupons.Issue(ctx, g.Key, g.TemplateID, customerID, g.At)
	if err != nil {
		return g, false, err
	}
	if strings.TrimSpace(couponID) == "" {
		return g, false, shopkit.Invalid(CodeInvalidCoupon, "coupon_id", "the issuer returned no coupon for grant "+g.Key)
	}
	now := s.clock()
	var done CouponGrant
	var changed bool
	err = s.store.Update(ctx, MemberID(s.shop, customerID), func(m *Member) error {
		var err error
		done, changed, err = m.FinishCoupon(by, g.Key, couponID, now)
		return err
	})
	if err != nil {
		return g, false, err
	}
	return done, changed, nil
}

// resumeBatch is how many pending members Resume reads from the store at a
// time.
const resumeBatch = 100

// Resume finishes the coupon grants that IssueCoupon (or IssueToTier) left
// pending (R5.4, R2.8): an issue or its recording that failed, or did not run
// because the process stopped between the two member writes. A host runs it
// periodically, with its sweeps, and after a restart.
//
// It lists Store.Pending in batches, oldest grant first, and for each of the
// shop's members, each pending grant: the issuer's Issue with the grant's key
// (idempotent: a coupon issued before is returned again, never a second one),
// then a member Update recording the coupon, as the system. Applied counts the
// grants it finished; Skipped those another call finished first; a failure is
// reported in Failures (the member's ID and the cause), the grant stays
// pending, and Resume goes on with the others. Each member is visited once
// per run. Members of other shops (a store several services share) are left
// to their own shop's service. Running it twice is harmless. A service without
// a CouponIssuer returns a CodeInvalidConfig error only when grants are
// pending.
func (s *Service) Resume(ctx context.Context) (shopkit.SweepResult, error) {
	var res shopkit.SweepResult
	if err := s.ready(); err != nil {
		return res, err
	}
	if s.coupons == nil {
		pending, err := s.store.Pending(ctx, 1)
		if err != nil || len(pending) == 0 {
			return res, err
		}
		return res, s.checkCoupons()
	}
	seen := map[uuid.UUID]bool{}
	for {
		limit := resumeBatch + len(seen)
		batch, err := s.store.Pending(ctx, limit)
		if err != nil {
			return res, err
		}
		fresh := false
		for _, m := range batch {
			if m == nil || seen[m.id] {
				continue
			}
			seen[m.id], fresh = true, true
			if m.shopID != s.shop {
				continue
			}
			for _, g := range m.pending {
				_, changed, err := s.finish(ctx, m.customerID, g, shopkit.SystemActor())
				switch {
				case err == nil && changed:
					res.Applied++
				case err == nil:
					res.Skipped++
				case ctx.Err() != nil:
					return res, ctx.Err()
				default:
					res.Failures = append(res.Failures, shopkit.SweepFailure{ID: m.id, Err: err})
				}
			}
		}
		if !fresh || len(batch) < limit {
			return res, nil
		}
	}
}

func (s *Service) checkCoupons() error {
	if err := s.ready(); err != nil {
		return err
	}
	if s.coupons == nil {
		return shopkit.Invalid(CodeInvalidConfig, "coupons", "is required to issue coupons")
	}
	return nil
}

// tierPage is how many members IssueToTier reads from the store at a time.
const tierPage = 100

// IssueToTier issues the campaign's coupon to every member of the tier (and
// higher tiers with AndAbove) within the per-customer limit (R5.4), reading the
// members tierPage at a time, each grant as IssueCoupon makes it. A customer at
// the limit, or whose grant failed, is reported in Skipped; the others still
// get theirs. A grant recorded whose issue failed is in the skip's Pending and
// stays pending: Resume finishes it, and a campaign run again counts it toward
// the limit, so it is not issued twice.
//
// by must be a party of the shop (shopkit.Parties{Shop: ShopID()}: its
// merchant or staff, an operator for the shop, or the system); each grant then
// checks it against the member as IssueCoupon does. The paging ends however
// the store behaves: a page whose members are not in ascending ID order above
// the last ID (or holds a nil member) is an error with CodeStoreOutOfOrder.
func (s *Service) IssueToTier(ctx context.Context, c TierCampaign, by shopkit.Actor) (CampaignReport, error) {
	var rep CampaignReport
	if err := s.checkCoupons(); err != nil {
		return rep, err
	}
	tiers := s.setAt(s.clock())
	r, ok := tiers.Rank(c.Tier)
	if !ok {
		return rep, shopkit.Invalid(CodeUnknownTier, "tier", "names no tier of the set: "+c.Tier)
	}
	if err := checkGrant(shopkit.Parties{Shop: s.shop}, by, c.TemplateID, c.PerCustomer); err != nil {
		return rep, err
	}
	top := r
	if c.AndAbove {
		top = tiers.Len()
	}
	for ; r <= top; r++ {
		for after := uuid.Nil; ; {
			members, err := s.store.ByTier(ctx, s.shop, tiers.name(r), after, tierPage)
			if err != nil {
				return rep, err
			}
			for _, m := range members {
				// Each ID above the last one: the loop always moves on (R2.8).
				if m == nil || bytes.Compare(m.id[:], after[:]) <= 0 {
					return rep, shopkit.NewError(shopkit.ErrInvalid, CodeStoreOutOfOrder,
						"Store.ByTier returned a member out of ascending ID order after "+after.String())
				}
				after = m.id
				g, err := s.IssueCoupon(ctx, m.CustomerID(), c.TemplateID, c.PerCustomer, by, c.Reason)
				if err != nil {
					if ctx.Err() != nil {
						return rep, ctx.Err()
					}
					skip := CampaignSkip{CustomerID: m.CustomerID(), Err: err}
					if g.Key != "" {
						skip.Pending = g
					}
					rep.Skipped = append(rep.Skipped, skip)
					continue
				}
				rep.Issued = append(rep.Issued, g)
			}
			if len(members) < tierPage {
				break
			}
		}
	}
	return rep, nil
}

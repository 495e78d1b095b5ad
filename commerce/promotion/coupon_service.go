package promotion

import (
	"context"
	"errors"
	"strconv"
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
}

// CouponServiceConfig is what a CouponService is built from; every field is
// required.
type CouponServiceConfig struct {
	Templates CouponTemplateStore // coupon definitions
	Quotas    CouponQuotaStore    // per-customer counters
	Coupons   CouponStore         // issued coupons
	Campaigns CampaignStore       // campaign budgets
	Clock     shopkit.Clock       // the current time (R0.3)
}

// CouponService issues and redeems coupons (R2.4): load → act → save, each limit
// changed inside a store Update so concurrent requests never exceed the
// per-customer limits or a campaign's budget. Build one with NewCouponService.
//
// An operation that changes several entities (quota, campaign, coupon) changes
// them one after the other and takes back what it changed when a later step
// fails. If a take-back itself fails (the store is down), a counter stays too
// high: limits and budgets are then stricter, never exceeded.
type CouponService struct {
	templates CouponTemplateStore
	quotas    CouponQuotaStore
	coupons   CouponStore
	campaigns CampaignStore
	clock     shopkit.Clock
}

// NewCouponService checks cfg and returns its service. A nil store or clock is
// a *shopkit.ValidationError (CodeInvalidConfig) naming every field at fault
// ("templates", "clock"). The campaign store is required even by a shop without
// campaigns, so that a campaign's template never fails later for want of one.
func NewCouponService(cfg CouponServiceConfig) (*CouponService, error) {
	var ps []shopkit.FieldProblem
	ps = required(ps, "templates", cfg.Templates == nil)
	ps = required(ps, "quotas", cfg.Quotas == nil)
	ps = required(ps, "coupons", cfg.Coupons == nil)
	ps = required(ps, "campaigns", cfg.Campaigns == nil)
	ps = required(ps, "clock", cfg.Clock == nil)
	if err := shopkit.Incomplete(CodeInvalidConfig, ps); err != nil {
		return nil, err
	}
	return &CouponService{templates: cfg.Templates, quotas: cfg.Quotas, coupons: cfg.Coupons,
		campaigns: cfg.Campaigns, clock: cfg.Clock}, nil
}

// ready returns shopkit.NotBuilt for a CouponService that NewCouponService
// did not build (a zero or nil one): every method checks it first.
func (s *CouponService) ready() error {
	if s == nil || s.templates == nil {
		return shopkit.NotBuilt("promotion.CouponService")
	}
	return nil
}

// sweepBatch is how many due coupons Sweep reads at a time.
const sweepBatch = 100

// CreateTemplate checks that by may define the coupon (NewCouponTemplate: a
// shop coupon only by its shop, a platform coupon only by the platform; else
// shopkit.CodeNotParty), validates spec and stores the template. A template of a
// campaign is added to the campaign, which must exist and be by's too
// (Campaign.AddTemplate); by is recorded in the campaign's audit trail (R0.4).
func (s *CouponService) CreateTemplate(ctx context.Context, by shopkit.Actor, spec CouponTemplateSpec) (*CouponTemplate, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.clock()
	t, err := NewCouponTemplate(by, spec, now)
	if err != nil {
		return nil, err
	}
	if spec.CampaignID != uuid.Nil {
		if err := s.campaigns.Update(ctx, spec.CampaignID, func(c *Campaign) error { return c.AddTemplate(by, t, now) }); err != nil {
			return nil, err
		}
	}
	if err := s.templates.Create(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// quota returns the customer's quota of the template, or an empty one when the
// customer has none yet.
func (s *CouponService) quota(ctx context.Context, templateID uuid.UUID, customerID string) (*CouponQuota, error) {
	q, err := s.quotas.Get(ctx, QuotaID(templateID, customerID))
	if errors.Is(err, shopkit.ErrNotFound) {
		return NewCouponQuota(templateID, customerID), nil
	}
	return q, err
}

// updateQuota applies fn to the customer's quota of the template, creating the
// quota on first use.
func (s *CouponService) updateQuota(ctx context.Context, templateID uuid.UUID, customerID string, fn func(*CouponQuota) error) error {
	id := QuotaID(templateID, customerID)
	err := s.quotas.Update(ctx, id, fn)
	if !errors.Is(err, shopkit.ErrNotFound) {
		return err
	}
	if err := s.quotas.Create(ctx, NewCouponQuota(templateID, customerID)); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return err
	}
	return s.quotas.Update(ctx, id, fn)
}

// Issue issues a coupon of the template to the customer, by by (R2.4): within
// the per-customer issue limit (CodeCouponIssueLimit) and, for a campaign's
// template, inside the campaign's window with its maximum discount reserved
// from the budget (CodeCampaignNotActive, CodeCampaignBudget). The quota, the
// campaign and the coupon each record the change (R0.4).
//
// Bad input changes nothing: the limits are checked before anything is written.
// Only when a concurrent request takes the last place between the check and the
// write is a step taken back, and the take-back is recorded in the audit trail.
func (s *CouponService) Issue(ctx context.Context, by shopkit.Actor, templateID uuid.UUID, customerID string) (*Coupon, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.clock()
	t, err := s.templates.Get(ctx, templateID)
	if err != nil {
		return nil, err
	}
	c, err := IssueCoupon(by, t, customerID, now)
	if err != nil {
		return nil, err
	}
	ref := c.id.String()
	most, _ := t.MaxDiscount()
	campaign := t.spec.CampaignID
	// Check first, so that bad input writes nothing.
	q, err := s.quota(ctx, t.id, customerID)
	if err != nil {
		return nil, err
	}
	if err := q.CheckIssue(t); err != nil {
		return nil, err
	}
	if campaign != uuid.Nil {
		cp, err := s.campaigns.Get(ctx, campaign)
		if err != nil {
			return nil, err
		}
		if err := cp.CheckReserve(most, now); err != nil {
			return nil, err
		}
	}
	// Then write, each limit inside its own atomic Update.
	if err := s.updateQuota(ctx, t.id, customerID, func(q *CouponQuota) error { return q.Issue(by, t, ref, now) }); err != nil {
		return nil, err
	}
	undoQuota := func(reason string) {
		_ = s.updateQuota(ctx, t.id, customerID, func(q *CouponQuota) error { return q.Unissue(shopkit.SystemActor(), t, ref, now, reason) })
	}
	if campaign != uuid.Nil {
		if err := s.campaigns.Update(ctx, campaign, func(cp *Campaign) error { return cp.Reserve(by, ref, most, now) }); err != nil {
			undoQuota("the campaign refused: " + shopkit.CodeOf(err))
			return nil, err
		}
	}
	if err := s.coupons.Create(ctx, c); err != nil {
		undoQuota("storing the coupon failed")
		if campaign != uuid.Nil {
			_ = s.campaigns.Update(ctx, campaign, func(cp *Campaign) error {
				return cp.Unreserve(shopkit.SystemActor(), ref, most, now, "storing the coupon failed")
			})
		}
		return nil, err
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
// and returns nil, the first call's result; the same orderRef with other
// coupons or discounts is CodeKeyReused (ErrConflict) and changes nothing.
//
// All or nothing: every coupon is checked before anything is written, so bad
// input changes nothing. When a concurrent request makes a later coupon fail
// after the earlier ones were redeemed, those are released again (recorded in
// their audit trails) and the error returned.
func (s *CouponService) Redeem(ctx context.Context, by shopkit.Actor, orderRef string, applied []AppliedCoupon) error {
	if err := s.ready(); err != nil {
		return err
	}
	now := s.clock()
	if orderRef == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "order_ref", "is required")
	}
	coupons := make([]*Coupon, len(applied))
	replays := 0 // coupons orderRef already redeemed
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
		if c.state == CouponUsed && c.orderRef == orderRef {
			if err := checkReplay(by, c, a, len(applied)); err != nil {
				return err
			}
			replays++
		}
		coupons[i] = c
	}
	switch replays {
	case 0:
	case len(applied):
		return nil // the same request again: it was redeemed
	default:
		return errKeyReused(orderRef)
	}
	loaded := make([]redeeming, len(applied))
	pending := map[uuid.UUID]int{} // uses of each template earlier in this order
	for i, a := range applied {
		r, err := s.checkRedeem(ctx, by, coupons[i], a, pending, now)
		if err != nil {
			return err
		}
		pending[r.template.id]++
		loaded[i] = r
	}
	for i, r := range loaded {
		if err := s.redeem(ctx, by, orderRef, r, len(applied), now); err != nil {
			for _, done := range applied[:i] {
				_ = s.release(ctx, shopkit.SystemActor(), done.CouponID, "redeeming order "+orderRef+" failed", now)
			}
			return err
		}
	}
	return nil
}

// checkReplay checks a coupon that orderRef already used, met again in a
// redemption of n coupons for orderRef: by must be a party of it (as for a
// first use), and the request must be the first one again — the same discount,
// and as many coupons (all of them used by orderRef, so the same ones) — or it
// is CodeKeyReused.
func checkReplay(by shopkit.Actor, c *Coupon, a AppliedCoupon, n int) error {
	if err := c.Parties().Check(by); err != nil {
		return err
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
}

// checkRedeem checks, changing nothing, that the coupon c of a can be redeemed
// by by at now, after pending[template] earlier uses of its template in the
// same order.
func (s *CouponService) checkRedeem(ctx context.Context, by shopkit.Actor, c *Coupon, a AppliedCoupon, pending map[uuid.UUID]int, now time.Time) (redeeming, error) {
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
	q, err := s.quota(ctx, t.id, c.customerID)
	if err != nil {
		return redeeming{}, err
	}
	if err := q.checkUse(t, pending[t.id]); err != nil {
		return redeeming{}, err
	}
	return redeeming{coupon: c, template: t, discount: a.Discount}, nil
}

func (s *CouponService) redeem(ctx context.Context, by shopkit.Actor, orderRef string, r redeeming, together int, now time.Time) error {
	c, t, ref := r.coupon, r.template, r.coupon.id.String()
	if err := s.updateQuota(ctx, t.id, c.customerID, func(q *CouponQuota) error { return q.Use(by, t, ref, now) }); err != nil {
		return err
	}
	if err := s.coupons.Update(ctx, c.id, func(c *Coupon) error { return c.use(by, orderRef, r.discount, together, now) }); err != nil {
		_ = s.updateQuota(ctx, t.id, c.customerID, func(q *CouponQuota) error {
			return q.Unuse(shopkit.SystemActor(), t, ref, now, "using the coupon failed: "+shopkit.CodeOf(err))
		})
		return err
	}
	if c.campaignID != uuid.Nil {
		// The discount was checked against the template (same currency, at most
		// its maximum); a failure here is the store's, and leaves Spent short.
		_ = s.campaigns.Update(ctx, c.campaignID, func(cp *Campaign) error { return cp.RecordSpend(by, orderRef, r.discount, now) })
	}
	return nil
}

// Release returns a used coupon to the customer when its order is cancelled
// before payment: the coupon is usable again, the use no longer counts toward
// the use limit, and its discount leaves the campaign's spend. Each change is
// recorded with by and reason (R0.4). Only a party of the coupon releases it
// (Coupon.Release): its customer, an operator for its shop, or the system;
// another buyer, an operator of another shop or an actor without an ID gets
// shopkit.CodeNotParty and nothing changes.
func (s *CouponService) Release(ctx context.Context, by shopkit.Actor, couponID uuid.UUID, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.release(ctx, by, couponID, reason, s.clock())
}

func (s *CouponService) release(ctx context.Context, by shopkit.Actor, couponID uuid.UUID, reason string, now time.Time) error {
	var templateID, campaignID uuid.UUID
	var customerID, orderRef string
	var discount shopkit.Money
	if err := s.coupons.Update(ctx, couponID, func(c *Coupon) error {
		templateID, campaignID, customerID, orderRef, discount = c.templateID, c.campaignID, c.customerID, c.orderRef, c.discount
		return c.Release(by, now, reason)
	}); err != nil {
		return err
	}
	ref := couponID.String()
	// The coupon is released; a failure below leaves a counter too high, so the
	// limits are stricter, never exceeded.
	if t, err := s.templates.Get(ctx, templateID); err == nil {
		_ = s.updateQuota(ctx, templateID, customerID, func(q *CouponQuota) error { return q.Unuse(by, t, ref, now, reason) })
	}
	if campaignID != uuid.Nil {
		back, _ := discount.Neg()
		_ = s.campaigns.Update(ctx, campaignID, func(cp *Campaign) error { return cp.RecordSpend(by, orderRef, back, now) })
	}
	return nil
}

// Sweep expires issued coupons whose validity window has ended (R2.4).
func (s *CouponService) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Coupon](ctx, s.coupons, s.clock(), sweepBatch)
}

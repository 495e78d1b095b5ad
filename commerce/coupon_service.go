package commerce

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// CouponTemplateStore stores coupon templates (R2.8). Templates are immutable, so
// it needs no Update.
type CouponTemplateStore interface {
	Create(ctx context.Context, t *CouponTemplate) error
	Get(ctx context.Context, id uuid.UUID) (*CouponTemplate, error)
}

// CouponQuotaStore stores the per-customer counters of each template (R2.4,
// R2.8). Create of an existing ID is an ErrConflict error; Update is atomic.
type CouponQuotaStore interface {
	Create(ctx context.Context, q *CouponQuota) error
	Get(ctx context.Context, id uuid.UUID) (*CouponQuota, error)
	Update(ctx context.Context, id uuid.UUID, fn func(*CouponQuota) error) error
}

// CouponStore stores issued coupons (R2.8).
type CouponStore interface {
	Create(ctx context.Context, c *Coupon) error
	Get(ctx context.Context, id uuid.UUID) (*Coupon, error)
	// Update loads the coupon, calls fn, and persists the result and its new
	// audit entries atomically; nothing is written if fn fails.
	Update(ctx context.Context, id uuid.UUID, fn func(*Coupon) error) error
	// Due lists issued coupons whose deadline (ValidTo + 1 ns) is at or before t,
	// earliest first.
	Due(ctx context.Context, t time.Time, limit int) ([]*Coupon, error)
	// ListByCustomer lists a customer's coupons, earliest issued first.
	ListByCustomer(ctx context.Context, customerID string) ([]*Coupon, error)
}

// CouponService issues and redeems coupons (R2.4): load → act → save, each limit
// changed inside a store Update so concurrent requests never exceed the
// per-customer limits or a campaign's budget. Campaigns may be nil when no
// template belongs to a campaign.
//
// An operation that changes several entities (quota, campaign, coupon) changes
// them one after the other and takes back what it changed when a later step
// fails. If a take-back itself fails (the store is down), a counter stays too
// high: limits and budgets are then stricter, never exceeded.
type CouponService struct {
	Templates CouponTemplateStore
	Quotas    CouponQuotaStore
	Coupons   CouponStore
	Campaigns CampaignStore
	Clock     func() time.Time
}

// CreateTemplate validates spec and stores the template. A template of a
// campaign is added to the campaign, which must exist.
func (s *CouponService) CreateTemplate(ctx context.Context, spec CouponTemplateSpec) (*CouponTemplate, error) {
	t, err := NewCouponTemplate(spec, s.Clock())
	if err != nil {
		return nil, err
	}
	if spec.CampaignID != uuid.Nil {
		if s.Campaigns == nil {
			return nil, shopkit.Invalid("commerce.invalid_coupon", "campaign_id", "needs a campaign store")
		}
		if err := s.Campaigns.Update(ctx, spec.CampaignID, func(c *Campaign) error { return c.AddTemplate(t) }); err != nil {
			return nil, err
		}
	}
	if err := s.Templates.Create(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// updateQuota applies fn to the customer's quota of the template, creating the
// quota on first use.
func (s *CouponService) updateQuota(ctx context.Context, templateID uuid.UUID, customerID string, fn func(*CouponQuota) error) error {
	id := QuotaID(templateID, customerID)
	err := s.Quotas.Update(ctx, id, fn)
	if !errors.Is(err, shopkit.ErrNotFound) {
		return err
	}
	if err := s.Quotas.Create(ctx, NewCouponQuota(templateID, customerID)); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return err
	}
	return s.Quotas.Update(ctx, id, fn)
}

// Issue issues a coupon of the template to the customer (R2.4): within the
// per-customer issue limit (commerce.coupon_issue_limit) and, for a campaign's
// template, inside the campaign's window with its maximum discount reserved from
// the budget (commerce.campaign_not_active, commerce.campaign_budget). On error
// nothing is issued.
func (s *CouponService) Issue(ctx context.Context, templateID uuid.UUID, customerID string) (*Coupon, error) {
	now := s.Clock()
	t, err := s.Templates.Get(ctx, templateID)
	if err != nil {
		return nil, err
	}
	c, err := IssueCoupon(t, customerID, now)
	if err != nil {
		return nil, err
	}
	if err := s.updateQuota(ctx, t.id, customerID, func(q *CouponQuota) error { return q.Issue(t) }); err != nil {
		return nil, err
	}
	undoQuota := func() {
		_ = s.updateQuota(ctx, t.id, customerID, func(q *CouponQuota) error { q.Unissue(); return nil })
	}
	most, _ := t.MaxDiscount()
	campaign := t.spec.CampaignID
	if campaign != uuid.Nil {
		if s.Campaigns == nil {
			undoQuota()
			return nil, shopkit.Invalid("commerce.invalid_coupon", "campaign_id", "needs a campaign store")
		}
		if err := s.Campaigns.Update(ctx, campaign, func(cp *Campaign) error { return cp.Reserve(most, now) }); err != nil {
			undoQuota()
			return nil, err
		}
	}
	if err := s.Coupons.Create(ctx, c); err != nil {
		undoQuota()
		if campaign != uuid.Nil {
			_ = s.Campaigns.Update(ctx, campaign, func(cp *Campaign) error { cp.Unreserve(most); return nil })
		}
		return nil, err
	}
	return c, nil
}

// Load loads coupons and their templates for Price.
func (s *CouponService) Load(ctx context.Context, ids []uuid.UUID) ([]CouponUse, error) {
	out := make([]CouponUse, 0, len(ids))
	for _, id := range ids {
		c, err := s.Coupons.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		t, err := s.Templates.Get(ctx, c.templateID)
		if err != nil {
			return nil, err
		}
		out = append(out, CouponUse{Coupon: c, Template: t})
	}
	return out, nil
}

// Redeem marks the coupons Price applied to an order as used by orderRef (R2.4):
// each once, within the customer's use limit (commerce.coupon_use_limit), and
// adds each discount to its campaign's spend. All or nothing: when one coupon
// fails, the ones already redeemed are released again and the error returned.
func (s *CouponService) Redeem(ctx context.Context, by Actor, orderRef string, applied []AppliedCoupon) error {
	now := s.Clock()
	for i, a := range applied {
		if err := s.redeem(ctx, by, orderRef, a, now); err != nil {
			for _, done := range applied[:i] {
				_ = s.release(ctx, SystemActor(), done.CouponID, "redeeming order "+orderRef+" failed", now)
			}
			return err
		}
	}
	return nil
}

func (s *CouponService) redeem(ctx context.Context, by Actor, orderRef string, a AppliedCoupon, now time.Time) error {
	c, err := s.Coupons.Get(ctx, a.CouponID)
	if err != nil {
		return err
	}
	if err := c.checkUsable(now); err != nil { // fail before touching the quota
		return err
	}
	if err := c.checkOwner(by); err != nil {
		return err
	}
	t, err := s.Templates.Get(ctx, c.templateID)
	if err != nil {
		return err
	}
	if err := s.updateQuota(ctx, t.id, c.customerID, func(q *CouponQuota) error { return q.Use(t) }); err != nil {
		return err
	}
	if err := s.Coupons.Update(ctx, c.id, func(c *Coupon) error { return c.Use(by, orderRef, a.Discount, now) }); err != nil {
		_ = s.updateQuota(ctx, t.id, c.customerID, func(q *CouponQuota) error { q.Unuse(); return nil })
		return err
	}
	if c.campaignID != uuid.Nil && s.Campaigns != nil {
		_ = s.Campaigns.Update(ctx, c.campaignID, func(cp *Campaign) error { cp.RecordSpend(a.Discount); return nil })
	}
	return nil
}

// Release returns a used coupon to the customer when its order is cancelled
// before payment: the coupon is usable again, the use no longer counts toward
// the use limit, and its discount leaves the campaign's spend.
func (s *CouponService) Release(ctx context.Context, by Actor, couponID uuid.UUID, reason string) error {
	return s.release(ctx, by, couponID, reason, s.Clock())
}

func (s *CouponService) release(ctx context.Context, by Actor, couponID uuid.UUID, reason string, now time.Time) error {
	var released Coupon
	if err := s.Coupons.Update(ctx, couponID, func(c *Coupon) error {
		released = *c
		return c.Release(by, now, reason)
	}); err != nil {
		return err
	}
	_ = s.updateQuota(ctx, released.templateID, released.customerID, func(q *CouponQuota) error { q.Unuse(); return nil })
	if released.campaignID != uuid.Nil && s.Campaigns != nil {
		back, _ := released.discount.Neg()
		_ = s.Campaigns.Update(ctx, released.campaignID, func(cp *Campaign) error { cp.RecordSpend(back); return nil })
	}
	return nil
}

// Sweep expires issued coupons whose validity window has ended (R2.4).
func (s *CouponService) Sweep(ctx context.Context) (SweepResult, error) {
	return Sweep[*Coupon](ctx, s.Coupons, s.Clock(), 100)
}

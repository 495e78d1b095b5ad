package membership

import (
	"context"
	"errors"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// Service runs one shop's membership: load → act → save through the Store. It is
// thin: every rule lives in TierSet and Member. A customer's member record is
// created on first use (first completed order or coupon).
type Service struct {
	Store  Store    // where members are kept
	Tiers  *TierSet // the shop's tier set
	ShopID string   // the shop whose members the service runs
	// Clock returns the current time; membership never reads the wall clock itself.
	Clock func() time.Time
	// Coupons issues coupons (R5.4); only IssueCoupon and IssueToTier need it.
	Coupons CouponIssuer
}

func (s *Service) check() error {
	if s.Store == nil || s.Tiers == nil || s.Clock == nil || s.ShopID == "" {
		return shopkit.NewError(shopkit.ErrInvalid, "membership.not_configured", "service needs a Store, Tiers, ShopID and Clock")
	}
	return nil
}

// update applies fn to the customer's member, creating the record first if the
// customer has none. Concurrent first uses create one record: its ID is derived
// from shop and customer, and a losing Create's conflict is ignored.
func (s *Service) update(ctx context.Context, customerID string, now time.Time, fn func(*Member) error) error {
	if err := s.check(); err != nil {
		return err
	}
	id := MemberID(s.ShopID, customerID)
	called := false // fn's own not-found errors (an unknown coupon template) are not a missing member
	err := s.Store.Update(ctx, id, func(m *Member) error { called = true; return fn(m) })
	if called || !errors.Is(err, shopkit.ErrNotFound) {
		return err
	}
	m, err := NewMember(s.ShopID, customerID, s.Tiers.Currency(), now)
	if err != nil {
		return err
	}
	if err := s.Store.Create(ctx, m); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return err
	}
	return s.Store.Update(ctx, id, fn)
}

// member returns the customer's member, or nil when the customer has none.
func (s *Service) member(ctx context.Context, customerID string) (*Member, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	m, err := s.Store.Get(ctx, MemberID(s.ShopID, customerID))
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
	return NewMember(s.ShopID, customerID, s.Tiers.Currency(), now)
}

// Complete applies a completed order (R5.2): figures up, automatic upgrade when
// a threshold is crossed. The same order ID applied again counts once.
func (s *Service) Complete(ctx context.Context, o CompletedOrder) (Outcome, error) {
	var out Outcome
	if err := s.check(); err != nil {
		return out, err
	}
	now := s.Clock()
	err := s.update(ctx, o.CustomerID, now, func(m *Member) error {
		var err error
		out, err = m.CompleteOrder(s.Tiers, o, now)
		return err
	})
	return out, err
}

// Refund applies a refund to the customer's figures (R5.2, R3.7); never demotes.
func (s *Service) Refund(ctx context.Context, r Refund) error {
	if err := s.check(); err != nil {
		return err
	}
	now := s.Clock()
	return s.Store.Update(ctx, MemberID(s.ShopID, r.CustomerID), func(m *Member) error {
		return m.ApplyRefund(r, now)
	})
}

// Adjust sets a customer's tier by hand (R5.2), audited with actor and reason.
func (s *Service) Adjust(ctx context.Context, customerID, tier string, by commerce.Actor, reason string) error {
	if err := s.check(); err != nil {
		return err
	}
	now := s.Clock()
	return s.update(ctx, customerID, now, func(m *Member) error {
		return m.Adjust(s.Tiers, by, tier, reason, now)
	})
}

// Evaluate explains a customer's standing; a customer without a record is
// evaluated as a new member with no figures.
func (s *Service) Evaluate(ctx context.Context, customerID string) (Evaluation, error) {
	if err := s.check(); err != nil {
		return Evaluation{}, err
	}
	now := s.Clock()
	m, err := s.memberOrNew(ctx, customerID, now)
	if err != nil {
		return Evaluation{}, err
	}
	return s.Tiers.Evaluate(m, now)
}

// WhatIf simulates completing orders for the customer without saving anything.
func (s *Service) WhatIf(ctx context.Context, customerID string, orders ...CompletedOrder) (WhatIf, error) {
	if err := s.check(); err != nil {
		return WhatIf{}, err
	}
	now := s.Clock()
	m, err := s.memberOrNew(ctx, customerID, now)
	if err != nil {
		return WhatIf{}, err
	}
	return s.Tiers.WhatIf(m, now, orders...)
}

// PricerFor returns the member pricer (R5.3) of the customer's current tier, a
// commerce.MemberDiscounter for the order.
func (s *Service) PricerFor(ctx context.Context, customerID string) (Pricer, error) {
	m, err := s.member(ctx, customerID)
	if err != nil {
		return Pricer{}, err
	}
	return s.Tiers.PricerFor(m), nil
}

// Benefits returns the customer's tier and its benefits; a customer without a
// tier gets NoTier, rank 0 and no benefits.
func (s *Service) Benefits(ctx context.Context, customerID string) (TierBenefits, error) {
	m, err := s.member(ctx, customerID)
	if err != nil || m == nil {
		return TierBenefits{}, err
	}
	r := s.Tiers.rankOf(m)
	if r == 0 {
		return TierBenefits{}, nil
	}
	return TierBenefits{Tier: m.tier, Rank: r, Benefits: s.Tiers.tiers[r-1].Benefits.clone()}, nil
}

// IssueCoupon issues one coupon of the template to the customer within the
// per-customer limit (R5.4), e.g. after a customer-service conversation, and
// records it with the actor and reason.
func (s *Service) IssueCoupon(ctx context.Context, customerID, templateID string, limit int, by commerce.Actor, reason string) (CouponGrant, error) {
	if err := s.check(); err != nil {
		return CouponGrant{}, err
	}
	if s.Coupons == nil {
		return CouponGrant{}, shopkit.NewError(shopkit.ErrInvalid, "membership.not_configured", "service has no CouponIssuer")
	}
	now := s.Clock()
	var g CouponGrant
	err := s.update(ctx, customerID, now, func(m *Member) error {
		if err := m.CanGrant(by, templateID, limit); err != nil {
			return err
		}
		id, err := s.Coupons.Issue(ctx, templateID, customerID, now)
		if err != nil {
			return err
		}
		if err := m.RecordCoupon(by, templateID, id, limit, reason, now); err != nil {
			return err
		}
		g = m.coupons[len(m.coupons)-1]
		return nil
	})
	return g, err
}

// IssueToTier issues the campaign's coupon to every member of the tier (and
// higher tiers with AndAbove) within the per-customer limit (R5.4). A customer
// at the limit, or refused by the issuer, is reported in Skipped; the others
// still get theirs.
func (s *Service) IssueToTier(ctx context.Context, c TierCampaign, by commerce.Actor) (CampaignReport, error) {
	var rep CampaignReport
	if err := s.check(); err != nil {
		return rep, err
	}
	r, ok := s.Tiers.Rank(c.Tier)
	if !ok {
		return rep, shopkit.Invalid("membership.unknown_tier", "tier", "names no tier of the set: "+c.Tier)
	}
	if err := (&Member{}).CanGrant(by, c.TemplateID, c.PerCustomer); err != nil {
		return rep, err
	}
	top := r
	if c.AndAbove {
		top = s.Tiers.Len()
	}
	for ; r <= top; r++ {
		members, err := s.Store.ByTier(ctx, s.ShopID, s.Tiers.name(r))
		if err != nil {
			return rep, err
		}
		for _, m := range members {
			g, err := s.IssueCoupon(ctx, m.CustomerID(), c.TemplateID, c.PerCustomer, by, c.Reason)
			if err != nil {
				if ctx.Err() != nil {
					return rep, ctx.Err()
				}
				rep.Skipped = append(rep.Skipped, CampaignSkip{CustomerID: m.CustomerID(), Err: err})
				continue
			}
			rep.Issued = append(rep.Issued, g)
		}
	}
	return rep, nil
}

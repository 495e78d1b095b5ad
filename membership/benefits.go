package membership

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// TierBenefits is a customer's tier and all its benefits, for callers that import
// membership (a storefront showing gifts and member-only access). Other packages
// read the priority flags through Service.MemberTier.
type TierBenefits struct {
	Tier     string   `json:"tier"`     // the tier's name; NoTier when none
	Rank     int      `json:"rank"`     // 1 for the lowest tier; 0 when none
	Benefits Benefits `json:"benefits"` // the tier's benefits; zero when none
}

// Benefits returns the customer's tier and its benefits; a customer without a
// tier (or without a member record) gets NoTier, rank 0 and no benefits.
func (s *Service) Benefits(ctx context.Context, customerID string) (TierBenefits, error) {
	if err := s.ready(); err != nil {
		return TierBenefits{}, err
	}
	m, err := s.member(ctx, customerID)
	if err != nil || m == nil {
		return TierBenefits{}, err
	}
	tiers := s.tiersOf(m)
	r := tiers.rankOf(m)
	if r == 0 {
		return TierBenefits{}, nil
	}
	return TierBenefits{Tier: m.tier, Rank: r, Benefits: tiers.tiers[r-1].Benefits.clone()}, nil
}

// MemberTier implements shopkit.TierReader: the customer's tier in the shop, with
// its priority flags (R5.1; support's routing R6.2 and aftersales read it). A
// customer without a tier is the zero MemberTier and a nil error.
//
// The service runs one shop: asking about another shop is a ValidationError
// (ErrInvalid, CodeOtherShop) rather than "no tier", so that a host that wired
// one shop's service where a per-shop reader belongs finds out at once instead of
// silently serving every other shop's members last.
func (s *Service) MemberTier(ctx context.Context, shop uuid.UUID, customer string) (shopkit.MemberTier, error) {
	if err := s.ready(); err != nil {
		return shopkit.MemberTier{}, err
	}
	if err := s.checkShop("shop", shop); err != nil {
		return shopkit.MemberTier{}, err
	}
	tb, err := s.Benefits(ctx, customer)
	if err != nil || tb.Rank == 0 {
		return shopkit.MemberTier{}, err
	}
	return shopkit.MemberTier{Name: tb.Tier, Rank: tb.Rank, PriorityService: tb.Benefits.PriorityService,
		PriorityAfterSales: tb.Benefits.PriorityAfterSales, PriorityShipping: tb.Benefits.PriorityShipping}, nil
}

package aftersales

import "context"

// PriorityReader tells after-sales a customer's member tier and whether it has
// priority after-sales handling (售后优先处理), without aftersales importing
// membership: the host passes membership's Service.ForAfterSales(), or any reader
// of its own. rank orders tiers (0 = no tier) so a queue can serve higher tiers
// first; a customer without a tier is ("", 0, false, nil).
type PriorityReader interface {
	TierOf(ctx context.Context, customerID string) (name string, rank int, priority bool, err error)
}

// MemberTier is the buyer's member tier as read when the case was opened: what
// a merchant's or the platform's queue sorts by. The zero value is no tier.
type MemberTier struct {
	Name     string // the tier's name; "" when none
	Rank     int    // 0 when none; higher ranks are served first
	Priority bool   // the tier has priority after-sales handling
}

// Tier returns the buyer's member tier read when the case was opened (zero
// when the Service had no PriorityReader).
func (c *Case) Tier() MemberTier { return c.tier }

// Priority reports whether the case is a priority customer's: its handlers serve
// it first. It changes no deadline: the rules' deadlines hold for every buyer.
func (c *Case) Priority() bool { return c.tier.Priority }

// readTier asks the Service's reader for the buyer's tier; no reader is no tier.
func (s *Service) readTier(ctx context.Context, buyerID string) (MemberTier, error) {
	if s.Tiers == nil {
		return MemberTier{}, nil
	}
	name, rank, prio, err := s.Tiers.TierOf(ctx, buyerID)
	if err != nil {
		return MemberTier{}, err
	}
	return MemberTier{Name: name, Rank: rank, Priority: prio}, nil
}

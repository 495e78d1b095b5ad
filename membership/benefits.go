package membership

import "context"

// How other packages read tier benefits without importing membership
// (DESIGN: packages at one level do not import each other).
//
// support (priority routing, R6.2) and aftersales (priority handling) each declare
// the tiny interface they need, for example
//
//	// in package support
//	type MemberTiers interface {
//		TierOf(ctx context.Context, customerID string) (name string, rank int, priority bool, err error)
//	}
//
// and the host passes Service.ForSupport() (priority = PriorityService) or
// Service.ForAfterSales() (priority = PriorityAfterSales); Service.ForShipping()
// gives PriorityShipping. Rank orders tiers (0 = no tier) so a queue can serve
// higher tiers first. A customer without a member record is ("", 0, false, nil).

// TierBenefits is a customer's tier and its benefits, for callers that import
// membership.
type TierBenefits struct {
	Tier     string   // the tier's name; NoTier when none
	Rank     int      // 1 for the lowest tier; 0 when none
	Benefits Benefits // the tier's benefits; zero when none
}

// PriorityReader answers TierOf for one benefit; see Service.ForSupport.
type PriorityReader struct {
	s    *Service
	pick func(Benefits) bool
}

// TierOf returns the customer's tier name and rank (0 = none) and whether the
// tier has the reader's priority benefit.
func (p PriorityReader) TierOf(ctx context.Context, customerID string) (name string, rank int, priority bool, err error) {
	tb, err := p.s.Benefits(ctx, customerID)
	if err != nil {
		return "", 0, false, err
	}
	return tb.Tier, tb.Rank, p.pick(tb.Benefits), nil
}

// ForSupport returns the reader support's routing uses: priority is the tier's
// PriorityService (R6.2 "members by tier first").
func (s *Service) ForSupport() PriorityReader {
	return PriorityReader{s: s, pick: func(b Benefits) bool { return b.PriorityService }}
}

// ForAfterSales returns the reader aftersales uses: priority is the tier's
// PriorityAfterSales.
func (s *Service) ForAfterSales() PriorityReader {
	return PriorityReader{s: s, pick: func(b Benefits) bool { return b.PriorityAfterSales }}
}

// ForShipping returns a reader whose priority is the tier's PriorityShipping.
func (s *Service) ForShipping() PriorityReader {
	return PriorityReader{s: s, pick: func(b Benefits) bool { return b.PriorityShipping }}
}

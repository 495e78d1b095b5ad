package shopkit

import (
	"context"

	"github.com/google/uuid"
)

// MemberTier is a customer's member tier in a shop as the domains that serve
// members first read it: after-sales queues (R5.1) and customer service routing
// (R6.2). The zero value is no tier.
type MemberTier struct {
	Name               string `json:"name"`                 // the tier's name; "" for none
	Rank               int    `json:"rank"`                 // 0 for none; a higher rank is served first
	PriorityService    bool   `json:"priority_service"`     // served first by customer service (R6.2)
	PriorityAfterSales bool   `json:"priority_after_sales"` // after-sales cases handled first
	PriorityShipping   bool   `json:"priority_shipping"`    // orders shipped first
}

// TierReader reads a customer's member tier in a shop; a shop is identified by
// its merchant's ID in every package. membership.Service implements it. A customer
// without a tier is the zero MemberTier and a nil error.
type TierReader interface {
	MemberTier(ctx context.Context, shop uuid.UUID, customer string) (MemberTier, error)
}

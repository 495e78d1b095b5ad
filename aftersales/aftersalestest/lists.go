package aftersalestest

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
)

// ListByShop implements aftersales.Store: a shop's cases in states (all when
// empty), newest opened first, ties by ID. It reads every case; a database
// store reads an index.
func (s *Store) ListByShop(ctx context.Context, shop uuid.UUID, states []aftersales.State, page shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
	return s.List(ctx, func(c *aftersales.Case) bool {
		return c.MerchantID() == shop && (len(states) == 0 || slices.Contains(states, c.State()))
	}, (*aftersales.Case).ListCursor, true, page)
}

// ListByBuyer implements aftersales.Store: a buyer's cases, newest opened
// first, ties by ID. It reads every case; a database store reads an index.
func (s *Store) ListByBuyer(ctx context.Context, buyer string, page shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
	return s.List(ctx, func(c *aftersales.Case) bool { return c.BuyerID() == buyer }, (*aftersales.Case).ListCursor, true, page)
}

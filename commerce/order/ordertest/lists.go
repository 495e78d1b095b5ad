package ordertest

import (
	"context"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// List implements order.Store: a shop's orders q admits, newest placed
// first, ties by ID. It reads every order; a database store reads an index.
func (s *Store) List(ctx context.Context, q order.ListQuery, page shopkit.PageRequest) (shopkit.Page[*order.Order], error) {
	if err := q.Check(); err != nil {
		return shopkit.Page[*order.Order]{}, err
	}
	return s.Store.List(ctx, q.Admits, (*order.Order).ListCursor, true, page)
}

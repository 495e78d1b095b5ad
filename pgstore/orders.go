package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// Orders is the PostgreSQL order.Store: table orders (number unique, with
// indexes for Due and Claim, ListFlagged and Pending), its trail
// orders_trail and the outbox.
type Orders struct {
	t *table[*order.Order, uuid.UUID]
}

var _ order.Store = (*Orders)(nil)

func newOrders(db *DB) *Orders {
	return &Orders{newTable(db, tableDef[*order.Order, uuid.UUID]{
		table: "orders", keyColumn: "id",
		entity: "order", notFound: order.CodeOrderNotFound, exists: order.CodeOrderExists,
		unique:    map[string]string{"orders_number_key": order.CodeOrderExists},
		key:       (*order.Order).ID,
		keyText:   uuid.UUID.String,
		shop:      (*order.Order).MerchantID,
		snapshot:  func(o *order.Order) any { return o.Snapshot() },
		restore:   restoreJSON(order.RestoreOrder),
		unsaved:   (*order.Order).Unsaved,
		markSaved: (*order.Order).MarkSaved,
		deadline:  (*order.Order).Deadline,
		columns: []column[*order.Order]{
			{"number", func(o *order.Order) any { return o.Number() }},
			{"buyer", func(o *order.Order) any { return o.BuyerID() }},
			{"status", func(o *order.Order) any { return string(o.State()) }},
			{"placed_ns", func(o *order.Order) any { return nanos(o.PlacedAt()) }},
			{"flagged", func(o *order.Order) any { return o.NeedsAttention() }},
			{"stock_step_ns", func(o *order.Order) any {
				if _, at, ok := o.PendingStock(); ok {
					return nanos(at)
				}
				return nil
			}},
		},
	})}
}

// Create stores a new order and its first trail entries and effects; an ID
// or number taken is ErrConflict (order.CodeOrderExists).
func (s *Orders) Create(ctx context.Context, o *order.Order) error { return s.t.create(ctx, o) }

// Get returns the order, or ErrNotFound (order.CodeOrderNotFound).
func (s *Orders) Get(ctx context.Context, id uuid.UUID) (*order.Order, error) {
	return s.t.get(ctx, id)
}

// Update locks the order, calls fn and, if fn returns nil, writes the order,
// its new entries and effects in one transaction; fn may run again after a
// transient failure (see Config.Attempts).
func (s *Orders) Update(ctx context.Context, id uuid.UUID, fn func(*order.Order) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the order's audit trail a page at a time (shopkit.TrailReader).
func (s *Orders) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit orders whose deadline is at or before t, earliest
// first, ties by ID.
func (s *Orders) Due(ctx context.Context, t time.Time, limit int) ([]*order.Order, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due orders for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Orders) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*order.Order, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// ByNumber finds an order by its number (a unique index).
func (s *Orders) ByNumber(ctx context.Context, number string) (*order.Order, error) {
	found, err := s.t.query(ctx, "find order by number", "number = $1", number)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, shopkit.NewError(shopkit.ErrNotFound, order.CodeOrderNotFound, "no order numbered "+number)
	}
	return found[0], nil
}

// ListFlagged lists at most limit orders that need attention (R2.3.7),
// oldest placed first, ties by number.
func (s *Orders) ListFlagged(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list flagged orders", "flagged ORDER BY placed_ns, number LIMIT $1", limit)
}

// Pending lists at most limit orders with a stock step not yet done (R2.2),
// oldest step first, ties by ID.
func (s *Orders) Pending(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list orders with a pending stock step",
		"stock_step_ns IS NOT NULL ORDER BY stock_step_ns, id LIMIT $1", limit)
}

// List lists a page of q.Shop's orders that q admits, newest placed first,
// ties by ID (an index on shop_id, placed_ns, id).
func (s *Orders) List(ctx context.Context, q order.ListQuery, page shopkit.PageRequest) (shopkit.Page[*order.Order], error) {
	if err := q.Check(); err != nil {
		return shopkit.Page[*order.Order]{}, err
	}
	where, args := "shop_id = $1", []any{q.Shop}
	if len(q.States) > 0 {
		args = append(args, names(q.States))
		where += fmt.Sprintf(" AND status = ANY($%d)", len(args))
	}
	if !q.PlacedFrom.IsZero() {
		args = append(args, nanos(q.PlacedFrom))
		where += fmt.Sprintf(" AND placed_ns >= $%d", len(args))
	}
	if !q.PlacedTo.IsZero() {
		args = append(args, nanos(q.PlacedTo))
		where += fmt.Sprintf(" AND placed_ns < $%d", len(args))
	}
	return s.t.page(ctx, "list a shop's orders", page, "placed_ns", true, (*order.Order).ListCursor, where, args...)
}

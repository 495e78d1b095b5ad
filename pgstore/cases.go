package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
)

// Cases is the PostgreSQL aftersales.Store: table aftersales_cases (indexed
// by order, deadline and pending step), its trail aftersales_cases_trail and
// the outbox.
type Cases struct {
	t *table[*aftersales.Case, uuid.UUID]
}

var _ aftersales.Store = (*Cases)(nil)

func newCases(db *DB) *Cases {
	calendar := db.calendarOrDefault()
	return &Cases{newTable(db, tableDef[*aftersales.Case, uuid.UUID]{
		table: "aftersales_cases", keyColumn: "id",
		entity: "case", notFound: aftersales.CodeCaseNotFound, exists: aftersales.CodeCaseExists,
		key:      (*aftersales.Case).ID,
		keyText:  uuid.UUID.String,
		shop:     (*aftersales.Case).MerchantID,
		snapshot: func(c *aftersales.Case) any { return c.Snapshot() },
		restore: restoreJSON(func(s aftersales.CaseSnapshot) (*aftersales.Case, error) {
			// The calendar is code, not data: set again on every read.
			s.Policy.Calendar = calendar
			return aftersales.RestoreCase(s)
		}),
		unsaved:   (*aftersales.Case).Unsaved,
		markSaved: (*aftersales.Case).MarkSaved,
		deadline:  (*aftersales.Case).Deadline,
		columns: []column[*aftersales.Case]{
			{"order_id", func(c *aftersales.Case) any { return c.OrderID() }},
			{"buyer", func(c *aftersales.Case) any { return c.BuyerID() }},
			{"status", func(c *aftersales.Case) any { return string(c.State()) }},
			{"opened_ns", func(c *aftersales.Case) any { return nanos(c.OpenedAt()) }},
			{"step_ns", func(c *aftersales.Case) any {
				if at, ok := c.PendingStep(); ok {
					return nanos(at)
				}
				return nil
			}},
		},
	})}
}

// Create stores a new case with its first trail entries and effects; an ID
// taken is ErrConflict (aftersales.CodeCaseExists).
func (s *Cases) Create(ctx context.Context, c *aftersales.Case) error { return s.t.create(ctx, c) }

// Get returns the case, or ErrNotFound (aftersales.CodeCaseNotFound).
func (s *Cases) Get(ctx context.Context, id uuid.UUID) (*aftersales.Case, error) {
	return s.t.get(ctx, id)
}

// Update locks the case, calls fn and, if fn returns nil, writes the case,
// its new entries and effects in one transaction; fn may run again after a
// transient failure (see Config.Attempts).
func (s *Cases) Update(ctx context.Context, id uuid.UUID, fn func(*aftersales.Case) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the case's audit trail a page at a time (shopkit.TrailReader).
func (s *Cases) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit cases whose deadline is at or before t, earliest
// first, ties by ID.
func (s *Cases) Due(ctx context.Context, t time.Time, limit int) ([]*aftersales.Case, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due cases for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Cases) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*aftersales.Case, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// ByOrder lists the cases of an order (an index on order_id).
func (s *Cases) ByOrder(ctx context.Context, orderID uuid.UUID) ([]*aftersales.Case, error) {
	return s.t.query(ctx, "list the cases of an order", "order_id = $1 ORDER BY id", orderID)
}

// Pending lists at most limit cases with an unfinished follow-up (R2.8),
// oldest step first, ties by ID.
func (s *Cases) Pending(ctx context.Context, limit int) ([]*aftersales.Case, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list cases with a pending step", "step_ns IS NOT NULL ORDER BY step_ns, id LIMIT $1", limit)
}

// ListByShop lists a page of the shop's cases in states (all when empty),
// newest opened first, ties by ID (an index on shop_id, opened_ns, id).
func (s *Cases) ListByShop(ctx context.Context, shop uuid.UUID, states []aftersales.State, page shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
	where, args := "shop_id = $1", []any{shop}
	if len(states) > 0 {
		where, args = where+" AND status = ANY($2)", append(args, names(states))
	}
	return s.t.page(ctx, "list a shop's cases", page, "opened_ns", true, (*aftersales.Case).ListCursor, where, args...)
}

// ListByBuyer lists a page of the buyer's cases, newest opened first, ties by
// ID (an index on buyer, opened_ns, id).
func (s *Cases) ListByBuyer(ctx context.Context, buyer string, page shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
	return s.t.page(ctx, "list a buyer's cases", page, "opened_ns", true, (*aftersales.Case).ListCursor, "buyer = $1", buyer)
}

package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
)

// Merchants is the PostgreSQL merchant.Store: table merchants (indexed by
// deadline and, for OverdueReviews, by review deadline among the
// applications under review or marked overdue), its trail merchants_trail
// and the outbox. The ID is the only unique key: the merchant package has
// no other (its one conflict code is for the ID), and the kit's merchants
// share a credit code.
type Merchants struct {
	t *table[*merchant.Merchant, uuid.UUID]
}

var _ merchant.Store = (*Merchants)(nil)

// Merchants returns the merchant store.
func (db *DB) Merchants() *Merchants { return newMerchants(db) }

func newMerchants(db *DB) *Merchants {
	return &Merchants{newTable(db, tableDef[*merchant.Merchant, uuid.UUID]{
		table: "merchants", keyColumn: "id",
		entity: "merchant", notFound: merchant.CodeMerchantNotFound, exists: merchant.CodeMerchantExists,
		key:       (*merchant.Merchant).ID,
		keyText:   uuid.UUID.String,
		shop:      (*merchant.Merchant).ID,
		snapshot:  func(m *merchant.Merchant) any { return m.Snapshot() },
		restore:   restoreJSON(merchant.RestoreMerchant),
		unsaved:   (*merchant.Merchant).Unsaved,
		markSaved: (*merchant.Merchant).MarkSaved,
		deadline:  (*merchant.Merchant).Deadline,
		columns: []column[*merchant.Merchant]{
			{"status", func(m *merchant.Merchant) any { return string(m.State()) }},
			{"review_due_ns", func(m *merchant.Merchant) any {
				if at, ok := m.ReviewDue(); ok {
					return nanos(at)
				}
				return nil
			}},
		},
	})}
}

// Create stores a new merchant with its first trail entries and effects; an
// ID taken is ErrConflict (merchant.CodeMerchantExists).
func (s *Merchants) Create(ctx context.Context, m *merchant.Merchant) error {
	return s.t.create(ctx, m)
}

// Get returns the merchant, or ErrNotFound (merchant.CodeMerchantNotFound).
func (s *Merchants) Get(ctx context.Context, id uuid.UUID) (*merchant.Merchant, error) {
	return s.t.get(ctx, id)
}

// Update locks the merchant, calls fn and, if fn returns nil, writes the
// merchant, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Merchants) Update(ctx context.Context, id uuid.UUID, fn func(*merchant.Merchant) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the merchant's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Merchants) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit merchants whose deadline (a review deadline or a
// global-purchase evaluation) is at or before t, earliest first, ties by ID.
func (s *Merchants) Due(ctx context.Context, t time.Time, limit int) ([]*merchant.Merchant, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due merchants for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Merchants) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*merchant.Merchant, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// OverdueReviews lists at most limit applications whose review is overdue at
// now (R1.1), exactly those for which Merchant.ReviewOverdue(now) holds:
// marked overdue, or under review with the deadline strictly before now (at
// exactly the deadline the review is in time). Earliest review deadline
// first, one without a deadline before all, ties by ID; the partial index
// merchants_overdue serves the order.
func (s *Merchants) OverdueReviews(ctx context.Context, now time.Time, limit int) ([]*merchant.Merchant, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	// The states are literals, not parameters, so that every plan can use the
	// partial index, whose predicate names them.
	return s.t.query(ctx, "list overdue merchant reviews",
		`(status = 'review_overdue' OR (status = 'under_review' AND (review_due_ns IS NULL OR review_due_ns < $1)))
		 ORDER BY review_due_ns NULLS FIRST, id LIMIT $2`, nanos(now), limit)
}

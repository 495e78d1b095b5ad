package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// Coupons is the PostgreSQL promotion.CouponStore: table coupons (indexed by
// deadline, customer and pending step), its trail coupons_trail and the
// outbox. A coupon issued by key (CouponService.IssueKeyed) has an ID derived
// from that key, so the primary key makes the issue idempotent. A platform
// coupon's shop_id is the zero UUID.
type Coupons struct {
	t *table[*promotion.Coupon, uuid.UUID]
}

var _ promotion.CouponStore = (*Coupons)(nil)

func newCoupons(db *DB) *Coupons {
	return &Coupons{newTable(db, tableDef[*promotion.Coupon, uuid.UUID]{
		table: "coupons", keyColumn: "id",
		entity: "coupon", notFound: promotion.CodeCouponNotFound, exists: promotion.CodeCouponExists,
		key:       (*promotion.Coupon).ID,
		keyText:   uuid.UUID.String,
		shop:      (*promotion.Coupon).ShopID,
		snapshot:  func(c *promotion.Coupon) any { return c.Snapshot() },
		restore:   restoreJSON(promotion.RestoreCoupon),
		unsaved:   (*promotion.Coupon).Unsaved,
		markSaved: (*promotion.Coupon).MarkSaved,
		deadline:  (*promotion.Coupon).Deadline,
		columns: []column[*promotion.Coupon]{
			{"template_id", func(c *promotion.Coupon) any { return c.TemplateID() }},
			{"customer", func(c *promotion.Coupon) any { return c.CustomerID() }},
			{"issued_ns", func(c *promotion.Coupon) any { return nanos(c.IssuedAt()) }},
			{"pending_ns", func(c *promotion.Coupon) any { return pendingNanos(c.PendingSince()) }},
		},
	})}
}

// Coupons returns the issued coupon store.
func (db *DB) Coupons() *Coupons { return newCoupons(db) }

// Create stores a new coupon with its first trail entries and effects; an ID
// taken is ErrConflict (promotion.CodeCouponExists).
func (s *Coupons) Create(ctx context.Context, c *promotion.Coupon) error { return s.t.create(ctx, c) }

// Get returns the coupon, or ErrNotFound (promotion.CodeCouponNotFound).
func (s *Coupons) Get(ctx context.Context, id uuid.UUID) (*promotion.Coupon, error) {
	return s.t.get(ctx, id)
}

// Update locks the coupon, calls fn and, if fn returns nil, writes the
// coupon, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Coupons) Update(ctx context.Context, id uuid.UUID, fn func(*promotion.Coupon) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the coupon's audit trail a page at a time (shopkit.TrailReader).
func (s *Coupons) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit issued coupons whose deadline (ValidTo + 1 ns) is
// at or before t, earliest first, ties by ID.
func (s *Coupons) Due(ctx context.Context, t time.Time, limit int) ([]*promotion.Coupon, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due coupons for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Coupons) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*promotion.Coupon, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// ListByCustomer lists at most limit of the customer's coupons, earliest
// issued first, ties by ID (an index on customer, issued_ns, id).
func (s *Coupons) ListByCustomer(ctx context.Context, customerID string, limit int) ([]*promotion.Coupon, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list a customer's coupons", "customer = $1 ORDER BY issued_ns, id LIMIT $2", customerID, limit)
}

// Pending lists at most limit coupons with a step not yet done (R2.8),
// oldest step first, ties by ID (a partial index on pending_ns, id).
func (s *Coupons) Pending(ctx context.Context, limit int) ([]*promotion.Coupon, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list coupons with a pending step", "pending_ns IS NOT NULL ORDER BY pending_ns, id LIMIT $1", limit)
}

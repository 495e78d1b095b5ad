package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// CouponQuotas is the PostgreSQL promotion.CouponQuotaStore: table
// coupon_quotas (one row per template and customer, that pair unique;
// indexed by pending hold), its trail coupon_quotas_trail and the outbox.
// A quota belongs to a template and a customer, not to a shop: its shop_id
// is the zero UUID, and its shop is its template's.
type CouponQuotas struct {
	t *table[*promotion.CouponQuota, uuid.UUID]
}

var _ promotion.CouponQuotaStore = (*CouponQuotas)(nil)

func newCouponQuotas(db *DB) *CouponQuotas {
	return &CouponQuotas{newTable(db, tableDef[*promotion.CouponQuota, uuid.UUID]{
		table: "coupon_quotas", keyColumn: "id",
		entity: "coupon quota", notFound: promotion.CodeCouponQuotaNotFound, exists: promotion.CodeCouponQuotaExists,
		unique:    map[string]string{"coupon_quotas_template_customer_key": promotion.CodeCouponQuotaExists},
		key:       (*promotion.CouponQuota).ID,
		keyText:   uuid.UUID.String,
		shop:      func(*promotion.CouponQuota) uuid.UUID { return uuid.Nil },
		snapshot:  func(q *promotion.CouponQuota) any { return q.Snapshot() },
		restore:   restoreJSON(promotion.RestoreCouponQuota),
		unsaved:   (*promotion.CouponQuota).Unsaved,
		markSaved: (*promotion.CouponQuota).MarkSaved,
		columns: []column[*promotion.CouponQuota]{
			{"template_id", func(q *promotion.CouponQuota) any { return q.Snapshot().TemplateID }},
			{"customer", func(q *promotion.CouponQuota) any { return q.Snapshot().CustomerID }},
			{"pending_ns", func(q *promotion.CouponQuota) any { return pendingNanos(q.PendingSince()) }},
		},
	})}
}

// pendingNanos is the pending_ns column of an entity whose oldest pending
// step or hold is at, if ok: NULL when it has none.
func pendingNanos(at time.Time, ok bool) any {
	if !ok {
		return nil
	}
	return nanos(at)
}

// CouponQuotas returns the coupon quota store.
func (db *DB) CouponQuotas() *CouponQuotas { return newCouponQuotas(db) }

// Create stores a new quota with its first trail entries and effects; an ID
// (a template and customer) taken is ErrConflict
// (promotion.CodeCouponQuotaExists).
func (s *CouponQuotas) Create(ctx context.Context, q *promotion.CouponQuota) error {
	return s.t.create(ctx, q)
}

// Get returns the quota, or ErrNotFound (promotion.CodeCouponQuotaNotFound).
func (s *CouponQuotas) Get(ctx context.Context, id uuid.UUID) (*promotion.CouponQuota, error) {
	return s.t.get(ctx, id)
}

// Update locks the quota, calls fn and, if fn returns nil, writes the quota,
// its new entries and effects in one transaction; fn may run again after a
// transient failure (see Config.Attempts).
func (s *CouponQuotas) Update(ctx context.Context, id uuid.UUID, fn func(*promotion.CouponQuota) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the quota's audit trail a page at a time (shopkit.TrailReader).
func (s *CouponQuotas) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Pending lists at most limit quotas holding an issue not yet confirmed
// (R2.8), oldest hold first, ties by ID (a partial index on pending_ns, id).
func (s *CouponQuotas) Pending(ctx context.Context, limit int) ([]*promotion.CouponQuota, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list quotas with a pending hold", "pending_ns IS NOT NULL ORDER BY pending_ns, id LIMIT $1", limit)
}

package promotiontest

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CouponStore is an in-memory promotion.CouponStore, safe for concurrent use,
// with Due indexed by deadline. ListByCustomer reads every coupon: a production
// store indexes the customer.
type CouponStore struct {
	*memstore.Store[*promotion.Coupon]
}

var _ promotion.CouponStore = (*CouponStore)(nil)

// NewCouponStore returns an empty in-memory coupon store.
func NewCouponStore() *CouponStore {
	return &CouponStore{memstore.NewAggregate[*promotion.Coupon]("coupon", promotion.CodeCouponNotFound, promotion.CodeCouponExists)}
}

// ListByCustomer lists at most limit (≥ 1) of the customer's coupons, earliest
// issued first (ties by ID).
func (s *CouponStore) ListByCustomer(ctx context.Context, customerID string, limit int) ([]*promotion.Coupon, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.Find(ctx, func(c *promotion.Coupon) bool { return c.CustomerID() == customerID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *promotion.Coupon) int {
		if c := a.IssuedAt().Compare(b.IssuedAt()); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	return out[:min(len(out), limit)], nil
}

// CouponTemplateStore is an in-memory promotion.CouponTemplateStore, safe for
// concurrent use.
type CouponTemplateStore struct {
	*memstore.Store[*promotion.CouponTemplate]
}

var _ promotion.CouponTemplateStore = (*CouponTemplateStore)(nil)

// NewCouponTemplateStore returns an empty in-memory template store.
func NewCouponTemplateStore() *CouponTemplateStore {
	return &CouponTemplateStore{memstore.New(memstore.Config[*promotion.CouponTemplate]{
		Entity: "coupon template", NotFound: promotion.CodeCouponTemplateNotFound, Exists: promotion.CodeCouponTemplateExists,
		ID:    (*promotion.CouponTemplate).ID,
		Clone: (*promotion.CouponTemplate).Clone,
	})}
}

// CouponQuotaStore is an in-memory promotion.CouponQuotaStore, safe for
// concurrent use.
type CouponQuotaStore struct {
	*memstore.Store[*promotion.CouponQuota]
}

var _ promotion.CouponQuotaStore = (*CouponQuotaStore)(nil)

// NewCouponQuotaStore returns an empty in-memory quota store.
func NewCouponQuotaStore() *CouponQuotaStore {
	return &CouponQuotaStore{memstore.NewAggregate[*promotion.CouponQuota]("coupon quota", promotion.CodeCouponQuotaNotFound, promotion.CodeCouponQuotaExists)}
}

// NewCouponServiceConfig returns the configuration of a CouponService on fresh
// in-memory stores and the given clock, for promotion.NewCouponService. The
// stores stay reachable through the returned fields.
func NewCouponServiceConfig(clock shopkit.Clock) promotion.CouponServiceConfig {
	return promotion.CouponServiceConfig{Templates: NewCouponTemplateStore(), Quotas: NewCouponQuotaStore(),
		Coupons: NewCouponStore(), Campaigns: NewCampaignStore(), Clock: clock}
}

var couponT0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func couponTemplate(t testing.TB) *promotion.CouponTemplate {
	t.Helper()
	tpl, err := promotion.NewCouponTemplate(shopkit.SystemActor(), promotion.CouponTemplateSpec{
		Name: "100 off 20", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: uuid.New(),
		Amount: shopkit.CNY(2000), MinSpend: shopkit.CNY(10000), ValidFrom: couponT0, ValidTo: couponT0.Add(240 * time.Hour),
		IssueLimit: 3, UseLimit: 2, Scope: promotion.CouponScope{Categories: []string{"tea"}, Listings: []uuid.UUID{uuid.New()}},
	}, couponT0)
	require.NoError(t, err)
	return tpl
}

func couponWithDeadline(t testing.TB, at time.Time) *promotion.Coupon {
	t.Helper()
	s := couponTemplate(t).Snapshot()
	s.ID = uuid.New()
	s.Spec.ValidTo = at.Add(-time.Nanosecond) // the deadline is 1 ns after ValidTo
	s.Spec.ValidFrom = s.Spec.ValidTo.Add(-time.Hour)
	tpl, err := promotion.RestoreCouponTemplate(s)
	require.NoError(t, err)
	c, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "customer-"+uuid.NewString(), s.Spec.ValidFrom)
	require.NoError(t, err)
	return c
}

// TestCouponStore is the conformance suite for a promotion.CouponStore (R2.4,
// R2.8): round trip of every field, create twice, not-found, nothing written by
// a failed update, no lost update under concurrent writers, Due order and limit,
// and ListByCustomer.
func TestCouponStore(t *testing.T, newStore func() promotion.CouponStore) {
	storetest.Run(t, func() storetest.Store[*promotion.Coupon] { return newStore() }, storetest.Harness[*promotion.Coupon]{
		Full: func(t testing.TB) *promotion.Coupon {
			c, err := promotion.IssueCoupon(shopkit.SystemActor(), couponTemplate(t), "customer-1", couponT0)
			require.NoError(t, err)
			require.NoError(t, c.Use(shopkit.Actor{Role: shopkit.Buyer, ID: "customer-1"}, "order-1", shopkit.CNY(2000), couponT0.Add(time.Hour)))
			return c
		},
		Due: couponWithDeadline,
		ID:  (*promotion.Coupon).ID,
		// Release and use again: each adds one audit entry.
		Touch: func(c *promotion.Coupon) error {
			if c.State() == promotion.CouponUsed {
				return c.Release(shopkit.SystemActor(), couponT0.Add(2*time.Hour), "order cancelled")
			}
			return c.Use(shopkit.SystemActor(), "order-2", shopkit.CNY(100), couponT0.Add(2*time.Hour))
		},
		Touches: func(c *promotion.Coupon) int { return len(c.History()) },
		Equal: func(t testing.TB, want, got *promotion.Coupon) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})
	t.Run("ListByCustomer", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		tpl := couponTemplate(t)
		var want []uuid.UUID
		for i := range 3 {
			c, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "alice", couponT0.Add(time.Duration(i)*time.Minute))
			require.NoError(t, err)
			require.NoError(t, s.Create(ctx, c))
			want = append(want, c.ID())
		}
		other, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "bob", couponT0)
		require.NoError(t, err)
		require.NoError(t, s.Create(ctx, other))
		ids := func(limit int) []uuid.UUID {
			got, err := s.ListByCustomer(ctx, "alice", limit)
			require.NoError(t, err)
			out := make([]uuid.UUID, len(got))
			for i, c := range got {
				out[i] = c.ID()
			}
			return out
		}
		assert.Equal(t, want, ids(10))
		assert.Equal(t, want[:2], ids(2), "at most limit, earliest issued first")
		_, err = s.ListByCustomer(ctx, "alice", 0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit must be at least 1")
	})
}

// TestCouponQuotaStore checks a promotion.CouponQuotaStore (R2.4, R2.8, R0.4):
// round trip of every field with its history, create twice conflicts,
// not-found, a failed update writes nothing, an update saves the new audit
// entries, and concurrent Issue under the limit never exceeds it.
func TestCouponQuotaStore(t *testing.T, newStore func() promotion.CouponQuotaStore) {
	ctx := context.Background()
	tpl := couponTemplate(t)
	clerk := shopClerk(tpl.Spec().ShopID) // the template's own shop (R0.4)
	full := func(t testing.TB) *promotion.CouponQuota {
		q := promotion.NewCouponQuota(tpl.ID(), "alice")
		require.NoError(t, q.Issue(clerk, tpl, "coupon-1", couponT0))
		require.NoError(t, q.Issue(clerk, tpl, "coupon-2", couponT0.Add(time.Minute)))
		require.NoError(t, q.Use(shopkit.Actor{Role: shopkit.Buyer, ID: "alice"}, tpl, "coupon-1", couponT0.Add(time.Hour)))
		back, err := promotion.RestoreCouponQuota(q.Snapshot())
		require.NoError(t, err)
		return back
	}
	t.Run("RoundTripAndConflict", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		require.ErrorIs(t, s.Create(ctx, promotion.NewCouponQuota(tpl.ID(), "alice")), shopkit.ErrConflict)
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Equal(t, q.Snapshot(), got.Snapshot())
		assert.Len(t, got.History(), 3)
		_, err = s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		require.ErrorIs(t, s.Update(ctx, uuid.New(), func(*promotion.CouponQuota) error { return nil }), shopkit.ErrNotFound)
	})
	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		err := s.Update(ctx, q.ID(), func(q *promotion.CouponQuota) error {
			require.NoError(t, q.Issue(clerk, tpl, "coupon-3", couponT0))
			return shopkit.NewError(shopkit.ErrConflict, "test.boom", "boom")
		})
		require.Error(t, err)
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Equal(t, q.Snapshot(), got.Snapshot())
	})
	t.Run("UpdateSavesTheAuditEntries", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		require.NoError(t, s.Update(ctx, q.ID(), func(q *promotion.CouponQuota) error {
			return q.Unuse(shopkit.SystemActor(), tpl, "coupon-1", couponT0.Add(2*time.Hour), "order cancelled")
		}))
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		h := got.History()
		require.Len(t, h, 4)
		assert.Equal(t, "unuse", h[3].Action)
		assert.Equal(t, couponT0.Add(2*time.Hour), h[3].At)
		assert.Empty(t, got.Unsaved(), "a loaded quota has nothing unsaved")
	})
	t.Run("ConcurrentIssueKeepsTheLimit", func(t *testing.T) {
		s := newStore()
		q := promotion.NewCouponQuota(tpl.ID(), "alice")
		require.NoError(t, s.Create(ctx, q))
		errs := make(chan error, 20)
		for i := range 20 {
			go func() {
				errs <- s.Update(ctx, q.ID(), func(q *promotion.CouponQuota) error {
					return q.Issue(clerk, tpl, "coupon-"+strconv.Itoa(i), couponT0)
				})
			}()
		}
		ok := 0
		for range 20 {
			if <-errs == nil {
				ok++
			}
		}
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Equal(t, 3, ok, "IssueLimit")
		assert.Equal(t, 3, got.Issued())
		assert.Len(t, got.History(), 3, "one audit entry per successful issue, none lost")
	})
}

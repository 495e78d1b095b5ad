package commercetest

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CouponStore is an in-memory commerce.CouponStore, safe for concurrent use,
// with Due indexed by deadline. ListByCustomer reads every coupon: a production
// store indexes the customer.
type CouponStore struct {
	*memstore.Store[*commerce.Coupon]
}

var _ commerce.CouponStore = (*CouponStore)(nil)

// NewCouponStore returns an empty in-memory coupon store.
func NewCouponStore() *CouponStore {
	return &CouponStore{memstore.NewAggregate[*commerce.Coupon]("commerce.coupon")}
}

// ListByCustomer lists the customer's coupons, earliest issued first (ties by ID).
func (s *CouponStore) ListByCustomer(ctx context.Context, customerID string) ([]*commerce.Coupon, error) {
	out, err := s.Find(ctx, func(c *commerce.Coupon) bool { return c.CustomerID() == customerID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *commerce.Coupon) int {
		if c := a.Snapshot().IssuedAt.Compare(b.Snapshot().IssuedAt); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	return out, nil
}

// CouponTemplateStore is an in-memory commerce.CouponTemplateStore.
type CouponTemplateStore struct {
	*memstore.Store[*commerce.CouponTemplate]
}

var _ commerce.CouponTemplateStore = (*CouponTemplateStore)(nil)

// NewCouponTemplateStore returns an empty in-memory template store.
func NewCouponTemplateStore() *CouponTemplateStore {
	return &CouponTemplateStore{memstore.New(memstore.Config[*commerce.CouponTemplate]{
		Name:  "commerce.coupon_template",
		ID:    (*commerce.CouponTemplate).ID,
		Clone: (*commerce.CouponTemplate).Clone,
	})}
}

// CouponQuotaStore is an in-memory commerce.CouponQuotaStore.
type CouponQuotaStore struct {
	*memstore.Store[*commerce.CouponQuota]
}

var _ commerce.CouponQuotaStore = (*CouponQuotaStore)(nil)

// NewCouponQuotaStore returns an empty in-memory quota store.
func NewCouponQuotaStore() *CouponQuotaStore {
	return &CouponQuotaStore{memstore.NewAggregate[*commerce.CouponQuota]("commerce.coupon_quota")}
}

// NewCouponService returns a CouponService on fresh in-memory stores (with a
// campaign store) and the given clock.
func NewCouponService(clock func() time.Time) *commerce.CouponService {
	return &commerce.CouponService{Templates: NewCouponTemplateStore(), Quotas: NewCouponQuotaStore(),
		Coupons: NewCouponStore(), Campaigns: NewCampaignStore(), Clock: clock}
}

var couponT0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func couponTemplate(t testing.TB) *commerce.CouponTemplate {
	t.Helper()
	tpl, err := commerce.NewCouponTemplate(commerce.CouponTemplateSpec{
		Name: "100 off 20", Kind: commerce.CouponAmountOff, Issuer: commerce.IssuerShop, ShopID: uuid.New(),
		Amount: commerce.CNY(2000), MinSpend: commerce.CNY(10000), ValidFrom: couponT0, ValidTo: couponT0.Add(240 * time.Hour),
		IssueLimit: 3, UseLimit: 2, Scope: commerce.CouponScope{Categories: []string{"tea"}, Listings: []uuid.UUID{uuid.New()}},
	}, couponT0)
	require.NoError(t, err)
	return tpl
}

func couponWithDeadline(t testing.TB, at time.Time) *commerce.Coupon {
	t.Helper()
	s := couponTemplate(t).Snapshot()
	s.ID = uuid.New()
	s.Spec.ValidTo = at.Add(-time.Nanosecond) // the deadline is 1 ns after ValidTo
	s.Spec.ValidFrom = s.Spec.ValidTo.Add(-time.Hour)
	tpl, err := commerce.RestoreCouponTemplate(s)
	require.NoError(t, err)
	c, err := commerce.IssueCoupon(commerce.SystemActor(), tpl, "customer-"+uuid.NewString(), s.Spec.ValidFrom)
	require.NoError(t, err)
	return c
}

// TestCouponStore is the conformance suite for a commerce.CouponStore (R2.4,
// R2.8): round trip of every field, create twice, not-found, nothing written by
// a failed update, no lost update under concurrent writers, Due order and limit,
// and ListByCustomer.
func TestCouponStore(t *testing.T, newStore func() commerce.CouponStore) {
	storetest.Run(t, func() storetest.Store[*commerce.Coupon] { return newStore() }, storetest.Harness[*commerce.Coupon]{
		Full: func(t testing.TB) *commerce.Coupon {
			c, err := commerce.IssueCoupon(commerce.SystemActor(), couponTemplate(t), "customer-1", couponT0)
			require.NoError(t, err)
			require.NoError(t, c.Use(commerce.Actor{Role: shopkit.Buyer, ID: "customer-1"}, "order-1", commerce.CNY(2000), couponT0.Add(time.Hour)))
			return c
		},
		Due: couponWithDeadline,
		ID:  (*commerce.Coupon).ID,
		// Release and use again: each adds one audit entry.
		Touch: func(c *commerce.Coupon) error {
			if c.State() == commerce.CouponUsed {
				return c.Release(commerce.SystemActor(), couponT0.Add(2*time.Hour), "order cancelled")
			}
			return c.Use(commerce.SystemActor(), "order-2", commerce.CNY(100), couponT0.Add(2*time.Hour))
		},
		Touches: func(c *commerce.Coupon) int { return len(c.History()) },
		Equal: func(t testing.TB, want, got *commerce.Coupon) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})
	t.Run("ListByCustomer", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		tpl := couponTemplate(t)
		var want []uuid.UUID
		for i := range 3 {
			c, err := commerce.IssueCoupon(commerce.SystemActor(), tpl, "alice", couponT0.Add(time.Duration(i)*time.Minute))
			require.NoError(t, err)
			require.NoError(t, s.Create(ctx, c))
			want = append(want, c.ID())
		}
		other, err := commerce.IssueCoupon(commerce.SystemActor(), tpl, "bob", couponT0)
		require.NoError(t, err)
		require.NoError(t, s.Create(ctx, other))
		got, err := s.ListByCustomer(ctx, "alice")
		require.NoError(t, err)
		ids := make([]uuid.UUID, len(got))
		for i, c := range got {
			ids[i] = c.ID()
		}
		assert.Equal(t, want, ids)
	})
}

// TestCouponQuotaStore checks a commerce.CouponQuotaStore (R2.4, R2.8, R0.4):
// round trip of every field with its history, create twice conflicts,
// not-found, a failed update writes nothing, an update saves the new audit
// entries, and concurrent Issue under the limit never exceeds it.
func TestCouponQuotaStore(t *testing.T, newStore func() commerce.CouponQuotaStore) {
	ctx := context.Background()
	tpl := couponTemplate(t)
	clerk := commerce.Actor{Role: shopkit.Merchant, ID: "clerk-1"}
	full := func(t testing.TB) *commerce.CouponQuota {
		q := commerce.NewCouponQuota(tpl.ID(), "alice")
		require.NoError(t, q.Issue(clerk, tpl, "coupon-1", couponT0))
		require.NoError(t, q.Issue(clerk, tpl, "coupon-2", couponT0.Add(time.Minute)))
		require.NoError(t, q.Use(commerce.Actor{Role: shopkit.Buyer, ID: "alice"}, tpl, "coupon-1", couponT0.Add(time.Hour)))
		return commerce.RestoreCouponQuota(q.Snapshot())
	}
	t.Run("RoundTripAndConflict", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		require.ErrorIs(t, s.Create(ctx, commerce.NewCouponQuota(tpl.ID(), "alice")), shopkit.ErrConflict)
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Equal(t, q.Snapshot(), got.Snapshot())
		assert.Len(t, got.History(), 3)
		_, err = s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		require.ErrorIs(t, s.Update(ctx, uuid.New(), func(*commerce.CouponQuota) error { return nil }), shopkit.ErrNotFound)
	})
	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		err := s.Update(ctx, q.ID(), func(q *commerce.CouponQuota) error {
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
		require.NoError(t, s.Update(ctx, q.ID(), func(q *commerce.CouponQuota) error {
			q.Unuse(commerce.SystemActor(), "coupon-1", couponT0.Add(2*time.Hour), "order cancelled")
			return nil
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
		q := commerce.NewCouponQuota(tpl.ID(), "alice")
		require.NoError(t, s.Create(ctx, q))
		errs := make(chan error, 20)
		for i := range 20 {
			go func() {
				errs <- s.Update(ctx, q.ID(), func(q *commerce.CouponQuota) error {
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

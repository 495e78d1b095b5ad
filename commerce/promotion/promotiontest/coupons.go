package promotiontest

import (
	"context"
	"encoding/json"
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
// with Due and Claim indexed by deadline and each coupon's audit trail kept
// apart from its state (Trail). ListByCustomer reads every coupon: a production
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
// concurrent use, with each quota's audit trail kept apart from its state
// (Trail).
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
// R2.8, R2.9, R0.4): round trip of every field (also through the snapshot's
// JSON), create twice, not-found, nothing written by a failed update, no lost
// update under concurrent writers, the trail appended once and in order, a
// loaded coupon holding no history, Due order and limit, claims that split the
// due coupons between sweepers, and ListByCustomer.
func TestCouponStore(t *testing.T, newStore func() promotion.CouponStore) {
	storetest.Run(t, func() storetest.Store[*promotion.Coupon] { return newStore() }, storetest.Harness[*promotion.Coupon]{
		// A customer and an order of its own, so a store with unique keys
		// passes.
		Full: func(t testing.TB) *promotion.Coupon {
			customer := "customer-" + uuid.NewString()
			c, err := promotion.IssueCoupon(shopkit.SystemActor(), couponTemplate(t), customer, couponT0)
			require.NoError(t, err)
			require.NoError(t, c.Use(shopkit.Actor{Role: shopkit.Buyer, ID: customer}, "order-"+uuid.NewString(), shopkit.CNY(2000), couponT0.Add(time.Hour)))
			return c
		},
		Due: couponWithDeadline,
		ID:  (*promotion.Coupon).ID,
		// Release and use again, or use and release: two audit entries, and
		// the coupon is left as it was, so one due to expire stays due. It acts
		// inside the window: a used coupon when it was used, an issued one at
		// the window's end (ValidTo, Deadline - 1 ns), still in time.
		Touch: func(c *promotion.Coupon) error {
			if c.State() == promotion.CouponUsed {
				at, order, discount := c.UsedAt(), c.OrderRef(), c.Discount()
				if err := c.Release(shopkit.SystemActor(), at, "order cancelled"); err != nil {
					return err
				}
				return c.Use(shopkit.SystemActor(), order, discount, at)
			}
			end, _ := c.Deadline()
			at := end.Add(-time.Nanosecond)
			if err := c.Use(shopkit.SystemActor(), "order-"+c.ID().String(), shopkit.CNY(100), at); err != nil {
				return err
			}
			return c.Release(shopkit.SystemActor(), at, "order cancelled")
		},
		Expire: (*promotion.Coupon).ApplyDue,
		JSON: func(t testing.TB, c *promotion.Coupon) *promotion.Coupon {
			return storetest.ViaJSON(t, c.Snapshot(), promotion.RestoreCoupon, nil)
		},
		Equal: func(t testing.TB, want, got *promotion.Coupon) {
			t.Helper()
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
// round trip of every field (also through the snapshot's JSON), create twice
// conflicts, not-found, a failed update writes nothing, Create and Update
// append the audit entries to the quota's trail once and in order while a
// loaded quota holds none, and concurrent Issue under the limit never exceeds
// it nor loses an entry.
func TestCouponQuotaStore(t *testing.T, newStore func() promotion.CouponQuotaStore) {
	ctx := context.Background()
	tpl := couponTemplate(t)
	clerk := shopClerk(tpl.Spec().ShopID) // the template's own shop (R0.4)
	full := func(t testing.TB) *promotion.CouponQuota {
		q := promotion.NewCouponQuota(tpl.ID(), "alice")
		require.NoError(t, q.Issue(clerk, tpl, "coupon-1", couponT0))
		require.NoError(t, q.Issue(clerk, tpl, "coupon-2", couponT0.Add(time.Minute)))
		require.NoError(t, q.Use(shopkit.Actor{Role: shopkit.Buyer, ID: "alice"}, tpl, "coupon-1", couponT0.Add(time.Hour)))
		return q
	}
	trail := func(t *testing.T, s promotion.CouponQuotaStore, id uuid.UUID) []shopkit.Entry {
		return storetest.ReadTrail(t, s, id)
	}
	t.Run("RoundTripAndConflict", func(t *testing.T) {
		s := newStore()
		q := full(t)
		want := q.Unsaved()
		require.NoError(t, s.Create(ctx, q))
		require.ErrorIs(t, s.Create(ctx, promotion.NewCouponQuota(tpl.ID(), "alice")), shopkit.ErrConflict)
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Equal(t, q.Snapshot(), got.Snapshot())
		assert.Equal(t, 3, got.Snapshot().Seq)
		assert.Empty(t, got.History(), "a loaded quota holds its state, not its trail")
		assert.Equal(t, want, trail(t, s, q.ID()))
		data, err := json.Marshal(got.Snapshot())
		require.NoError(t, err)
		var snap promotion.CouponQuotaSnapshot
		require.NoError(t, json.Unmarshal(data, &snap))
		back, err := promotion.RestoreCouponQuota(snap)
		require.NoError(t, err)
		assert.Equal(t, got.Snapshot(), back.Snapshot())
		_, err = s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		require.ErrorIs(t, s.Update(ctx, uuid.New(), func(*promotion.CouponQuota) error { return nil }), shopkit.ErrNotFound)
		_, err = s.Trail(ctx, uuid.New(), 0, 1)
		require.ErrorIs(t, err, shopkit.ErrNotFound)
	})
	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		before := trail(t, s, q.ID())
		err := s.Update(ctx, q.ID(), func(q *promotion.CouponQuota) error {
			require.NoError(t, q.Issue(clerk, tpl, "coupon-3", couponT0))
			return shopkit.NewError(shopkit.ErrConflict, "test.boom", "boom")
		})
		require.Error(t, err)
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Equal(t, q.Snapshot(), got.Snapshot())
		assert.Equal(t, before, trail(t, s, q.ID()))
	})
	t.Run("UpdateSavesTheAuditEntries", func(t *testing.T) {
		s := newStore()
		q := full(t)
		require.NoError(t, s.Create(ctx, q))
		require.NoError(t, s.Update(ctx, q.ID(), func(q *promotion.CouponQuota) error {
			require.Empty(t, q.History(), "a loaded quota holds its state, not its trail")
			return q.Unuse(shopkit.SystemActor(), tpl, "coupon-1", couponT0.Add(2*time.Hour), "order cancelled")
		}))
		got, err := s.Get(ctx, q.ID())
		require.NoError(t, err)
		assert.Empty(t, got.Unsaved(), "a loaded quota has nothing unsaved")
		assert.Equal(t, 4, got.Snapshot().Seq)
		h := trail(t, s, q.ID())
		require.Len(t, h, 4)
		assert.Equal(t, []string{"issue", "issue", "use", "unuse"}, actions(h))
		assert.Equal(t, couponT0.Add(2*time.Hour), h[3].At)
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
		assert.Len(t, trail(t, s, q.ID()), 3, "one audit entry per successful issue, none lost")
	})
}

// actions lists the actions of a trail's entries, in order.
func actions(es []shopkit.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Action
	}
	return out
}

package promotiontest

import (
	"bytes"
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
// with Due and Claim indexed by deadline, Pending indexed, and each coupon's
// audit trail kept apart from its state (Trail). ListByCustomer reads every coupon: a production
// store indexes the customer.
type CouponStore struct {
	*memstore.Store[*promotion.Coupon]
}

var _ promotion.CouponStore = (*CouponStore)(nil)

// NewCouponStore returns an empty in-memory coupon store.
func NewCouponStore() *CouponStore {
	return &CouponStore{newPendingStore("coupon", promotion.CodeCouponNotFound, promotion.CodeCouponExists, (*promotion.Coupon).Deadline)}
}

// Pending lists at most limit (≥ 1) coupons with a step not yet done, oldest
// step first (ties by ID).
func (s *CouponStore) Pending(ctx context.Context, limit int) ([]*promotion.Coupon, error) {
	return pending(ctx, s.Store, limit)
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
// (Trail) and Pending indexed.
type CouponQuotaStore struct {
	*memstore.Store[*promotion.CouponQuota]
}

var _ promotion.CouponQuotaStore = (*CouponQuotaStore)(nil)

// NewCouponQuotaStore returns an empty in-memory quota store.
func NewCouponQuotaStore() *CouponQuotaStore {
	return &CouponQuotaStore{newPendingStore[*promotion.CouponQuota]("coupon quota", promotion.CodeCouponQuotaNotFound, promotion.CodeCouponQuotaExists, nil)}
}

// Pending lists at most limit (≥ 1) quotas with a hold, oldest hold first
// (ties by ID).
func (s *CouponQuotaStore) Pending(ctx context.Context, limit int) ([]*promotion.CouponQuota, error) {
	return pending(ctx, s.Store, limit)
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
// due coupons between sweepers, ListByCustomer, and Pending (R2.8): the coupons
// with a step not yet done, oldest step first, ties by ID, at most limit, each
// leaving the list when CouponService.Resume has done its step. The full
// coupon carries a pending step, so the round trips check it too.
func TestCouponStore(t *testing.T, newStore func() promotion.CouponStore) {
	storetest.Run(t, func() storetest.Store[*promotion.Coupon] { return newStore() }, storetest.Harness[*promotion.Coupon]{
		// A customer and an order of its own, so a store with unique keys
		// passes; a campaign coupon, so its use leaves a spend step.
		Full: func(t testing.TB) *promotion.Coupon {
			customer := "customer-" + uuid.NewString()
			c, err := promotion.IssueCoupon(shopkit.SystemActor(), campaignTemplate(t, uuid.New()), customer, couponT0)
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
	t.Run("Pending", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		now := couponT0
		cfg := NewCouponServiceConfig(func() time.Time { return now })
		cfg.Coupons = s
		svc, err := promotion.NewCouponService(cfg)
		require.NoError(t, err)
		camp := campaignAt(t, uuid.New(), couponT0)
		require.NoError(t, cfg.Campaigns.Create(ctx, camp))
		tpl := campaignTemplate(t, camp.ID())
		require.NoError(t, cfg.Templates.Create(ctx, tpl))
		at := func(minutes int) time.Time { return couponT0.Add(time.Duration(minutes) * time.Minute) }
		used := func(minutes int) *promotion.Coupon {
			c, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "customer-"+uuid.NewString(), couponT0)
			require.NoError(t, err)
			require.NoError(t, c.Use(shopkit.SystemActor(), "order-"+uuid.NewString(), shopkit.CNY(500), at(minutes)))
			require.Len(t, c.Steps(), 1, "a campaign coupon's use leaves its spend step")
			return c
		}
		late, early, tieA, tieB := used(3), used(1), used(2), used(2)
		if a, b := tieA.ID(), tieB.ID(); bytes.Compare(a[:], b[:]) > 0 {
			tieA, tieB = tieB, tieA
		}
		idle, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "customer-"+uuid.NewString(), couponT0)
		require.NoError(t, err)
		for _, c := range []*promotion.Coupon{late, idle, tieB, early, tieA} {
			require.NoError(t, s.Create(ctx, c))
		}
		ids := func(limit int) []uuid.UUID {
			got, err := s.Pending(ctx, limit)
			require.NoError(t, err)
			out := []uuid.UUID{}
			for _, c := range got {
				out = append(out, c.ID())
			}
			return out
		}
		assert.Equal(t, []uuid.UUID{early.ID(), tieA.ID(), tieB.ID(), late.ID()}, ids(10),
			"oldest step first, ties by ID, only coupons with a step")
		assert.Equal(t, []uuid.UUID{early.ID(), tieA.ID()}, ids(2), "at most limit")
		got, err := s.Get(ctx, early.ID())
		require.NoError(t, err)
		assert.Equal(t, early.Steps(), got.Steps(), "the step is stored with the coupon")
		_, err = s.Pending(ctx, 0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit must be at least 1")

		now = at(10)
		res, err := svc.Resume(ctx)
		require.NoError(t, err)
		assert.Empty(t, res.Failures)
		assert.Empty(t, ids(10), "each coupon leaves the list once its step is done")
		for _, c := range []*promotion.Coupon{early, tieA, tieB, late} {
			got, err := s.Get(ctx, c.ID())
			require.NoError(t, err)
			assert.Empty(t, got.Steps())
			assert.Equal(t, promotion.CouponUsed, got.State(), "marking the step done changes nothing else")
		}
		spent, err := cfg.Campaigns.Get(ctx, camp.ID())
		require.NoError(t, err)
		assert.Equal(t, int64(4*500), spent.Spent().Amount(), "each spend recorded once")
	})
}

// campaignTemplate is a template of the campaign: a use of its coupons leaves
// a spend step.
func campaignTemplate(t testing.TB, campaign uuid.UUID) *promotion.CouponTemplate {
	t.Helper()
	s := couponTemplate(t).Snapshot()
	s.Spec.CampaignID = campaign
	tpl, err := promotion.RestoreCouponTemplate(s)
	require.NoError(t, err)
	return tpl
}

// TestCouponQuotaStore checks a promotion.CouponQuotaStore (R2.4, R2.8, R0.4):
// round trip of every field (also through the snapshot's JSON), create twice
// conflicts, not-found, a failed update writes nothing, Create and Update
// append the audit entries to the quota's trail once and in order while a
// loaded quota holds none, concurrent Issue under the limit never exceeds it
// nor loses an entry, and Pending (R2.8): the quotas with a hold, oldest hold
// first, ties by ID, at most limit, a quota leaving the list when an update
// leaves it no hold.
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
	t.Run("Pending", func(t *testing.T) {
		s := newStore()
		at := func(minutes int) time.Time { return couponT0.Add(time.Duration(minutes) * time.Minute) }
		held := func(minutes int) *promotion.CouponQuota {
			q := promotion.NewCouponQuota(tpl.ID(), "customer-"+uuid.NewString())
			require.NoError(t, q.Issue(clerk, tpl, "coupon-"+uuid.NewString(), at(minutes)))
			return q
		}
		late, early, tieA, tieB := held(3), held(1), held(2), held(2)
		if a, b := tieA.ID(), tieB.ID(); bytes.Compare(a[:], b[:]) > 0 {
			tieA, tieB = tieB, tieA
		}
		idle := promotion.NewCouponQuota(tpl.ID(), "customer-"+uuid.NewString())
		for _, q := range []*promotion.CouponQuota{late, idle, tieB, early, tieA} {
			require.NoError(t, s.Create(ctx, q))
		}
		ids := func(limit int) []uuid.UUID {
			got, err := s.Pending(ctx, limit)
			require.NoError(t, err)
			out := []uuid.UUID{}
			for _, q := range got {
				out = append(out, q.ID())
			}
			return out
		}
		assert.Equal(t, []uuid.UUID{early.ID(), tieA.ID(), tieB.ID(), late.ID()}, ids(10),
			"oldest hold first, ties by ID, only quotas with a hold")
		assert.Equal(t, []uuid.UUID{early.ID(), tieA.ID()}, ids(2), "at most limit")
		require.NoError(t, s.Update(ctx, early.ID(), func(q *promotion.CouponQuota) error {
			return q.Unissue(clerk, tpl, q.Snapshot().Holds[0].Coupon, at(4), "not issued")
		}))
		assert.Equal(t, []uuid.UUID{tieA.ID(), tieB.ID(), late.ID()}, ids(10), "no hold left: it leaves the list")
		got, err := s.Get(ctx, early.ID())
		require.NoError(t, err)
		assert.Equal(t, 0, got.Issued())
		_, err = s.Pending(ctx, 0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit must be at least 1")
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

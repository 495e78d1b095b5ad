package membershiptest

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withDue adapts a membership.Store to the generic suite, which also lists and
// claims due entities: members have none. Trail is the store's own; Due and
// Claim check their arguments as every store does and find nothing.
type withDue struct{ membership.Store }

func (withDue) Due(_ context.Context, _ time.Time, limit int) ([]*membership.Member, error) {
	return nil, shopkit.CheckLimit(limit)
}

func (withDue) Claim(_ context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*membership.Member, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return nil, lease.Check(t)
}

// TestStore runs the conformance suite against stores made by newStore: atomic
// updates that lose nothing under concurrent writers, nothing written when fn
// fails, not-found, a round trip of every field through the store and through
// the snapshot's JSON (R2.8), the audit trail appended once and in order and
// read in pages, a loaded member that holds no history (R0.4), ByTier: the
// shop's members of one tier by ascending ID, paged after an ID, at most limit
// of them, and Pending: the members with a pending coupon grant, oldest grant
// first (ties by ID), at most limit of them, a member leaving the list when its
// last grant is done; a limit below 1 is shopkit.CheckLimit's error. Every
// subtest gets a fresh store; fixtures use fresh order IDs, refund keys and
// coupon IDs, so a store with unique constraints passes.
func TestStore(t *testing.T, newStore func() membership.Store) {
	set := mustSet(t)
	shop1 := uuid.New() // the shop of the suite's members
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	// touch completes the member's next order. Its ID follows from the member and
	// its count of orders, so touching a member and its stored copy alike leaves
	// them equal, and every member's orders are its own.
	touch := func(m *membership.Member) error {
		next := uuid.NewSHA1(m.ID(), []byte("order-"+strconv.Itoa(len(m.Snapshot().AppliedOrders))))
		_, err := m.CompleteOrder(set, membership.CompletedOrder{OrderID: next,
			CustomerID: m.CustomerID(), Amount: shopkit.CNY(100), CompletedAt: start}, start)
		return err
	}
	storetest.Run(t, func() storetest.Store[*membership.Member] { return withDue{newStore()} },
		storetest.Harness[*membership.Member]{
			Full: func(t testing.TB) *membership.Member { return full(t, set, shop1, uuid.NewString(), start) },
			Due: func(t testing.TB, at time.Time) *membership.Member {
				t.Skip("members have no deadlines")
				return nil
			},
			ID:    (*membership.Member).ID,
			Touch: touch,
			// Never called: the subtests that expire entities skip in Due.
			Expire: func(m *membership.Member, _ time.Time) error { return shopkit.NotDue(m.ID()) },
			JSON: func(t testing.TB, m *membership.Member) *membership.Member {
				return storetest.ViaJSON(t, m.Snapshot(), membership.RestoreMember, nil)
			},
			Equal: func(t testing.TB, want, got *membership.Member) {
				assert.Equal(t, want.Snapshot(), got.Snapshot())
			},
		})

	t.Run("UpdateSavesJournal", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		m := full(t, set, shop1, uuid.NewString(), start)
		want := m.Unsaved()
		require.NoError(t, s.Create(ctx, m))
		got, err := s.Get(ctx, m.ID())
		require.NoError(t, err)
		assert.Empty(t, got.Unsaved(), "a stored member's entries are saved")
		require.NoError(t, s.Update(ctx, m.ID(), func(x *membership.Member) error {
			if err := touch(x); err != nil {
				return err
			}
			want = append(want, x.Unsaved()...)
			return nil
		}))
		got, err = s.Get(ctx, m.ID())
		require.NoError(t, err)
		assert.Empty(t, got.Unsaved())
		assert.Empty(t, got.History(), "a loaded member holds no history")
		trail, err := shopkit.ReadTrail(ctx, s, m.ID(), 3)
		require.NoError(t, err)
		assert.Equal(t, want, trail, "each entry appended once, in order")
		for i, e := range trail {
			assert.Equal(t, i+1, e.Seq)
		}
		assert.Equal(t, len(trail), got.Snapshot().Seq)
	})

	t.Run("ByTier", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		var gold []uuid.UUID
		for i, tier := range []string{"Gold", "Silver", "Gold", membership.NoTier, "Gold", "Gold"} {
			m, err := membership.NewMember(shop1, "cust-"+strconv.Itoa(i), "", start)
			require.NoError(t, err)
			if tier != membership.NoTier {
				require.NoError(t, m.Adjust(set, shopkit.Actor{Role: shopkit.Merchant, ID: shop1.String()}, tier, "test", start))
			}
			require.NoError(t, s.Create(ctx, m))
			if tier == "Gold" {
				gold = append(gold, m.ID())
			}
		}
		slices.SortFunc(gold, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
		shop2 := uuid.New()
		other, err := membership.NewMember(shop2, "cust-x", "", start)
		require.NoError(t, err)
		require.NoError(t, other.Adjust(set, shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}, "Gold", "test", start))
		require.NoError(t, s.Create(ctx, other))

		ids := func(ms []*membership.Member) []uuid.UUID {
			var out []uuid.UUID
			for _, m := range ms {
				out = append(out, m.ID())
			}
			return out
		}
		got, err := s.ByTier(ctx, shop1, "Gold", uuid.Nil, 10)
		require.NoError(t, err)
		assert.Equal(t, gold, ids(got), "every Gold member of the shop, by ascending ID")

		// Pages of 3: the first three, then the rest after the last ID.
		page, err := s.ByTier(ctx, shop1, "Gold", uuid.Nil, 3)
		require.NoError(t, err)
		assert.Equal(t, gold[:3], ids(page))
		page, err = s.ByTier(ctx, shop1, "Gold", gold[2], 3)
		require.NoError(t, err)
		assert.Equal(t, gold[3:], ids(page))

		none, err := s.ByTier(ctx, shop1, "Platinum", uuid.Nil, 10)
		require.NoError(t, err)
		assert.Empty(t, none)

		// R2.8: every query is bounded; a limit below 1 is an error.
		for _, limit := range []int{0, -1} {
			_, err = s.ByTier(ctx, shop1, "Gold", uuid.Nil, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
		}
	})

	t.Run("Pending", func(t *testing.T) { testPending(t, newStore, shop1, start) })
}

// testPending checks Store.Pending: members with a pending coupon grant only,
// by the oldest pending grant's time to the nanosecond, ties by ascending ID;
// at most limit; a member leaves the list when its last grant is done, and
// stays while one is left.
func testPending(t *testing.T, newStore func() membership.Store, shop uuid.UUID, start time.Time) {
	ctx := context.Background()
	s := newStore()
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	// Oldest pending grant per member: d at start, a and b tied 1 ns later, c
	// 2 ns later (its second grant is older than its first), e none.
	at := map[string][]time.Duration{"a": {1}, "b": {1}, "c": {3, 2}, "d": {0, 5}, "e": nil}
	members := map[string]*membership.Member{}
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		m, err := membership.NewMember(shop, "pending-"+name+"-"+uuid.NewString(), "", start)
		require.NoError(t, err)
		for i, d := range at[name] {
			_, err := m.RequestCoupon(merchant, "tpl-"+strconv.Itoa(i), 1, "test", start.Add(d))
			require.NoError(t, err)
		}
		if name == "e" {
			require.NoError(t, m.RecordCoupon(merchant, "tpl-0", "coupon-"+uuid.NewString(), 1, "done at once", start))
		}
		require.NoError(t, s.Create(ctx, m))
		members[name] = m
	}
	ab := []uuid.UUID{members["a"].ID(), members["b"].ID()}
	slices.SortFunc(ab, func(x, y uuid.UUID) int { return bytes.Compare(x[:], y[:]) })
	want := []uuid.UUID{members["d"].ID(), ab[0], ab[1], members["c"].ID()}
	ids := func(ms []*membership.Member) []uuid.UUID {
		var out []uuid.UUID
		for _, m := range ms {
			out = append(out, m.ID())
		}
		return out
	}
	got, err := s.Pending(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, want, ids(got), "oldest pending grant first, ties by ID; a member without one is not listed")
	for _, m := range got {
		assert.NotEmpty(t, m.PendingCoupons())
	}
	got, err = s.Pending(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, want[:2], ids(got), "at most limit")

	// d's first grant done: its oldest pending grant is now 5 ns after start.
	finish := func(m *membership.Member) { // the stored member's oldest pending grant
		stored, err := s.Get(ctx, m.ID())
		require.NoError(t, err)
		g := stored.PendingCoupons()[0]
		require.NoError(t, s.Update(ctx, m.ID(), func(x *membership.Member) error {
			_, changed, err := x.FinishCoupon(merchant, g.Key, "coupon-"+uuid.NewString(), start.Add(time.Hour))
			assert.True(t, changed)
			return err
		}))
	}
	finish(members["d"])
	got, err = s.Pending(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{ab[0], ab[1], members["c"].ID(), members["d"].ID()}, ids(got),
		"a member with a grant left stays, ordered by it")
	finish(members["d"])
	finish(members["a"])
	got, err = s.Pending(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{members["b"].ID(), members["c"].ID()}, ids(got), "a member whose grants are done leaves")

	// R2.8: every query is bounded; a limit below 1 is an error.
	for _, limit := range []int{0, -1} {
		_, err = s.Pending(ctx, limit)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	}
}

func mustSet(t testing.TB) *membership.TierSet {
	t.Helper()
	set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: []membership.Tier{
		{Name: "Silver", MinAmount: shopkit.CNY(1_000_00), Benefits: membership.Benefits{DiscountRate: rate("0.98")}},
		{Name: "Gold", MinAmount: shopkit.CNY(100_000_000_00), Benefits: membership.Benefits{DiscountRate: rate("0.95")}},
	}})
	require.NoError(t, err)
	return set
}

// full returns a member with every field set: orders, a refund, a manual tier,
// a coupon, a coupon grant done and one pending. Its refund key and coupon IDs
// are fresh, as a host's are unique.
func full(t testing.TB, set *membership.TierSet, shop uuid.UUID, customer string, at time.Time) *membership.Member {
	t.Helper()
	m, err := membership.NewMember(shop, customer, "", at)
	require.NoError(t, err)
	o1 := uuid.New()
	_, err = m.CompleteOrder(set, membership.CompletedOrder{OrderID: o1, CustomerID: customer,
		Amount: shopkit.CNY(1_500_00), CompletedAt: at}, at)
	require.NoError(t, err)
	require.NoError(t, m.ApplyRefund(shopkit.Refund{Key: "refund-" + uuid.NewString(), OrderID: o1, BuyerID: customer, MerchantID: shop,
		Amount: shopkit.CNY(100), At: at}, at))
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	require.NoError(t, m.Adjust(set, merchant, "Gold", "key account", at.Add(time.Hour)))
	require.NoError(t, m.RecordCoupon(merchant, "tpl-1", "coupon-"+uuid.NewString(), 1, "welcome", at.Add(2*time.Hour)))
	done, err := m.RequestCoupon(merchant, "tpl-2", 2, "conversation c-1", at.Add(3*time.Hour+time.Nanosecond))
	require.NoError(t, err)
	_, _, err = m.FinishCoupon(merchant, done.Key, "coupon-"+uuid.NewString(), at.Add(4*time.Hour))
	require.NoError(t, err)
	_, err = m.RequestCoupon(merchant, "tpl-2", 2, "conversation c-2", at.Add(5*time.Hour+time.Nanosecond))
	require.NoError(t, err)
	return m
}

func rate(s string) decimal.Decimal { return decimal.RequireFromString(s) }

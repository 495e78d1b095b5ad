package ordertest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inShop returns o restored as an order of shop.
func inShop(t testing.TB, o *order.Order, shop uuid.UUID) *order.Order {
	s := o.Snapshot()
	s.MerchantID = shop
	got, err := order.RestoreOrder(s)
	require.NoError(t, err)
	return got
}

// orderID is a listed order's ID as its cursor names it.
func orderID(o *order.Order) string { return o.ID().String() }

// testList checks List (R2.8).
func testList(t *testing.T, newStore func() order.Store) {
	ctx := context.Background()
	// R2.8: a shop's orders newest placed first, ties by ID; paging with any
	// limit lists each once; the states filter; the placing period
	// [PlacedFrom, PlacedTo), each bound exactly at an order's instant and one
	// nanosecond either side; another shop's orders left out; an Update that
	// changes the state moves the order between the filtered lists; a query
	// without a shop, with an unknown state or an empty period is
	// CodeInvalidListQuery.
	t.Run("List_R2_8", func(t *testing.T) {
		s := newStore()
		shop, other := uuid.New(), uuid.New()
		unpaid := order.DefaultPolicy().CloseUnpaidAfter
		base := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
		placed := func(at time.Time) *order.Order { return inShop(t, orderDueAt(t, at.Add(unpaid)), shop) }
		a := placed(base)
		b, c := placed(base.Add(time.Hour)), placed(base.Add(time.Hour))
		d := inShop(t, pendingOrder(t, order.StepRelease, base.Add(-time.Hour+unpaid)), shop)
		e := inShop(t, fullOrder(t, order.Flags{}), shop)
		f := inShop(t, orderDueAt(t, base.Add(30*time.Minute+unpaid)), other)
		require.Equal(t, order.OrderClosed, d.State())
		require.Equal(t, order.OrderShipped, e.State())
		require.True(t, e.PlacedAt().Equal(base.Add(time.Second)))
		for _, o := range []*order.Order{a, b, c, d, e, f} {
			require.NoError(t, s.Create(ctx, o))
		}
		list := func(q order.ListQuery) storetest.ListFunc[*order.Order] {
			return func(p shopkit.PageRequest) (shopkit.Page[*order.Order], error) { return s.List(ctx, q, p) }
		}
		all := storetest.InListOrder(true, a, b, c, d, e)
		require.Equal(t, []string{orderID(e), orderID(a), orderID(d)}, all[2:])
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop}), orderID, all)
		storetest.CheckPaging(t, list(order.ListQuery{Shop: other}), orderID, storetest.InListOrder(true, f))
		storetest.CheckPaging(t, list(order.ListQuery{Shop: uuid.New()}), orderID, nil)
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop, States: []order.State{order.OrderPendingPayment}}), orderID, storetest.InListOrder(true, a, b, c))
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop, States: []order.State{order.OrderClosed, order.OrderShipped}}), orderID, storetest.InListOrder(true, d, e))
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop, States: []order.State{order.OrderCompleted}}), orderID, nil)
		for _, tc := range []struct {
			name     string
			from, to time.Time
			want     []*order.Order
		}{
			{"from exactly at a", base, time.Time{}, []*order.Order{a, b, c, e}},
			{"from a nanosecond after a", base.Add(time.Nanosecond), time.Time{}, []*order.Order{b, c, e}},
			{"from a nanosecond before a", base.Add(-time.Nanosecond), time.Time{}, []*order.Order{a, b, c, e}},
			{"to exactly at a", time.Time{}, base, []*order.Order{d}},
			{"to a nanosecond after a", time.Time{}, base.Add(time.Nanosecond), []*order.Order{a, d}},
			{"from a to b", base, base.Add(time.Hour), []*order.Order{a, e}},
			{"from a to a nanosecond after b", base, base.Add(time.Hour + time.Nanosecond), []*order.Order{a, b, c, e}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				storetest.CheckPaging(t, list(order.ListQuery{Shop: shop, PlacedFrom: tc.from, PlacedTo: tc.to}), orderID, storetest.InListOrder(true, tc.want...))
			})
		}

		_, err := s.List(ctx, order.ListQuery{Shop: shop}, shopkit.PageRequest{After: storetest.NotAUUIDCursor(base), Limit: 1})
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "a cursor of no order")
		for _, q := range []order.ListQuery{{}, {Shop: shop, States: []order.State{"lost"}}, {Shop: shop, PlacedFrom: base, PlacedTo: base}} {
			_, err := s.List(ctx, q, shopkit.PageRequest{Limit: 1})
			require.ErrorIs(t, err, shopkit.ErrInvalid, "%+v", q)
			assert.Equal(t, order.CodeInvalidListQuery, shopkit.CodeOf(err), "%+v", q)
		}

		// The listed orders are whole.
		p, err := s.List(ctx, order.ListQuery{Shop: other}, shopkit.PageRequest{Limit: 1})
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		assert.Equal(t, normalOrder(f.Snapshot()), normalOrder(p.Items[0].Snapshot()))

		// a stays unpaid past its window: it closes and moves lists.
		due, ok := a.Deadline()
		require.True(t, ok)
		require.NoError(t, s.Update(ctx, a.ID(), func(o *order.Order) error { return o.ApplyDue(due.Add(time.Nanosecond)) }))
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop, States: []order.State{order.OrderPendingPayment}}), orderID, storetest.InListOrder(true, b, c))
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop, States: []order.State{order.OrderClosed}}), orderID, storetest.InListOrder(true, a, d))
		storetest.CheckPaging(t, list(order.ListQuery{Shop: shop}), orderID, all)
	})
}

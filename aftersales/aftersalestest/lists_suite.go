package aftersalestest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listedCase returns c restored with shop, buyer and opening instant set, for
// the list checks.
func listedCase(t testing.TB, c *aftersales.Case, shop uuid.UUID, buyer string, opened time.Time) *aftersales.Case {
	s := c.Snapshot()
	s.MerchantID, s.BuyerID, s.OpenedAt = shop, buyer, opened
	got, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	return got
}

// caseID is a listed case's ID as its cursor names it.
func caseID(c *aftersales.Case) string { return c.ID().String() }

// testLists checks ListByShop and ListByBuyer (R2.8).
func testLists(t *testing.T, newStore func() aftersales.Store) {
	far := base().Add(1000 * time.Hour)
	ctx := context.Background()
	// R2.8: newest opened first, ties (one nanosecond apart or the same
	// instant) by ID; paging with any limit lists each case once; states
	// filter, an empty filter lists all; another shop's and another buyer's
	// cases are left out; an Update that changes the state moves the case
	// between the filtered lists.
	t.Run("ListByShopAndBuyer_R2_8", func(t *testing.T) {
		s := newStore()
		at := base().Add(-80 * time.Hour)
		due := base().Add(time.Hour)
		a := listedCase(t, fullCase(t, newOrder(), due), shop1, "b-1", at)
		b := listedCase(t, fullCase(t, newOrder(), far), shop1, "b-2", at.Add(5*time.Hour))
		c := listedCase(t, fullCase(t, newOrder(), far), shop1, "b-1", at.Add(5*time.Hour))
		d := listedCase(t, pendingCase(t, aftersales.Refunding, base()), shop1, "b-2", at.Add(-10*time.Hour))
		e := listedCase(t, pendingCase(t, aftersales.Closed, base()), shop1, "b-2", at.Add(-10*time.Hour+time.Nanosecond))
		f := listedCase(t, fullCase(t, newOrder(), far), shop2, "b-1", at.Add(4*time.Hour))
		for _, x := range []*aftersales.Case{a, b, c, d, e, f} {
			require.NoError(t, s.Create(ctx, x))
		}
		byShop := func(shop uuid.UUID, states ...aftersales.State) storetest.ListFunc[*aftersales.Case] {
			return func(p shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
				return s.ListByShop(ctx, shop, states, p)
			}
		}
		byBuyer := func(buyer string) storetest.ListFunc[*aftersales.Case] {
			return func(p shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
				return s.ListByBuyer(ctx, buyer, p)
			}
		}
		all := storetest.InListOrder(true, a, b, c, d, e)
		require.Equal(t, []string{caseID(a), caseID(e), caseID(d)}, all[2:], "the fixture's order: ties first, then a, then e one nanosecond after d")
		storetest.CheckPaging(t, byShop(shop1), caseID, all)
		storetest.CheckPaging(t, byShop(shop1, aftersales.Repairing), caseID, storetest.InListOrder(true, a, b, c))
		storetest.CheckPaging(t, byShop(shop1, aftersales.Refunding, aftersales.Closed), caseID, storetest.InListOrder(true, d, e))
		storetest.CheckPaging(t, byShop(shop1, aftersales.Requested), caseID, nil)
		storetest.CheckPaging(t, byShop(shop2), caseID, storetest.InListOrder(true, f))
		storetest.CheckPaging(t, byShop(shop9), caseID, nil)
		storetest.CheckPaging(t, byBuyer("b-1"), caseID, storetest.InListOrder(true, a, c, f))
		storetest.CheckPaging(t, byBuyer("b-2"), caseID, storetest.InListOrder(true, b, d, e))
		storetest.CheckPaging(t, byBuyer("b-9"), caseID, nil)

		_, err := s.ListByShop(ctx, shop1, nil, shopkit.PageRequest{After: storetest.NotAUUIDCursor(at), Limit: 1})
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "a cursor of no case")
		_, err = s.ListByBuyer(ctx, "b-1", shopkit.PageRequest{After: storetest.NotAUUIDCursor(at), Limit: 1})
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "a cursor of no case")

		// The listed cases are whole, and copies.
		p, err := s.ListByShop(ctx, shop2, nil, shopkit.PageRequest{Limit: 1})
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		assert.Equal(t, f.Snapshot(), p.Items[0].Snapshot())

		// a's repair runs out: it leaves the repairing list for the entitled one.
		require.NoError(t, s.Update(ctx, a.ID(), func(x *aftersales.Case) error { return x.ApplyDue(due.Add(time.Second)) }))
		storetest.CheckPaging(t, byShop(shop1, aftersales.Repairing), caseID, storetest.InListOrder(true, b, c))
		storetest.CheckPaging(t, byShop(shop1, aftersales.RefundEntitled), caseID, []string{caseID(a)})
		storetest.CheckPaging(t, byShop(shop1), caseID, all)
	})

	// R2.8: a case opened while a list is paged (newer than every listed
	// one) neither repeats nor skips the cases after the cursor.
	t.Run("ListIsStableWhilePaging_R2_8", func(t *testing.T) {
		s := newStore()
		at := base().Add(-80 * time.Hour)
		var cs []*aftersales.Case
		for i := range 4 {
			x := listedCase(t, fullCase(t, newOrder(), far), shop1, "b-1", at.Add(-time.Duration(i)*time.Hour))
			require.NoError(t, s.Create(ctx, x))
			cs = append(cs, x)
		}
		first, err := s.ListByShop(ctx, shop1, nil, shopkit.PageRequest{Limit: 2})
		require.NoError(t, err)
		require.Equal(t, []string{caseID(cs[0]), caseID(cs[1])}, []string{caseID(first.Items[0]), caseID(first.Items[1])})
		require.NotEmpty(t, first.Next)
		require.NoError(t, s.Create(ctx, listedCase(t, fullCase(t, newOrder(), far), shop1, "b-1", at.Add(time.Hour))))
		rest, err := s.ListByShop(ctx, shop1, nil, shopkit.PageRequest{After: first.Next, Limit: 2})
		require.NoError(t, err)
		require.Len(t, rest.Items, 2)
		assert.Equal(t, []string{caseID(cs[2]), caseID(cs[3])}, []string{caseID(rest.Items[0]), caseID(rest.Items[1])})
		assert.Empty(t, rest.Next)
	})
}

package supporttest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// idOf is a listed entity's ID as its cursor names it.
func idOf[T storetest.Listed](v T) string { return v.ID().String() }

// queued returns a conversation of shop waiting in group since at.
func queued(t testing.TB, shop uuid.UUID, group support.SkillGroup, at time.Time) *support.Conversation {
	c, err := support.NewConversation(support.Inquiry{ShopID: shop, CustomerID: "c-" + uuid.NewString(),
		Channel: support.WebChat, Phase: support.PreSale, Group: group, Content: "hello"}, clockPolicy(), at)
	require.NoError(t, err)
	require.Equal(t, support.Open, c.State())
	return c
}

// testListWaiting checks ListWaiting (R2.8, R6.2).
func testListWaiting(t *testing.T, newStore func() support.ConversationStore) {
	ctx := context.Background()
	// R6.2, R2.8: the conversations waiting in one shop's group queue, oldest
	// enqueued first, ties (the same instant, one nanosecond apart) by ID;
	// paging with any limit lists each once; another shop's, another group's
	// and an assigned conversation are left out; assigning takes a
	// conversation off the list and requeueing it into another group puts it
	// on that group's list in its original place (its enqueue time).
	t.Run("ListWaiting_R6_2", func(t *testing.T) {
		s := newStore()
		at := suiteBase
		a := queued(t, suiteShop, "returns", at)
		b, c := queued(t, suiteShop, "returns", at.Add(time.Minute)), queued(t, suiteShop, "returns", at.Add(time.Minute))
		d := queued(t, suiteShop, "returns", at.Add(time.Minute+time.Nanosecond))
		e := queued(t, suiteShop, "pre_sale", at.Add(30*time.Minute))
		f := queued(t, otherShop, "returns", at.Add(-time.Hour))
		held := queued(t, suiteShop, "returns", at.Add(-time.Hour))
		require.NoError(t, held.Assign(shopkit.SystemActor(), at, "agent-1"))
		for _, x := range []*support.Conversation{a, b, c, d, e, f, held} {
			require.NoError(t, s.Create(ctx, x))
		}
		list := func(shop uuid.UUID, group support.SkillGroup) storetest.ListFunc[*support.Conversation] {
			return func(p shopkit.PageRequest) (shopkit.Page[*support.Conversation], error) {
				return s.ListWaiting(ctx, shop, group, p)
			}
		}
		returns := storetest.InListOrder(false, a, b, c, d)
		require.Equal(t, []string{idOf(a), idOf(d)}, []string{returns[0], returns[3]})
		storetest.CheckPaging(t, list(suiteShop, "returns"), idOf, returns)
		storetest.CheckPaging(t, list(suiteShop, "pre_sale"), idOf, storetest.InListOrder(false, e))
		storetest.CheckPaging(t, list(otherShop, "returns"), idOf, storetest.InListOrder(false, f))
		storetest.CheckPaging(t, list(otherShop, "pre_sale"), idOf, nil)
		_, err := s.ListWaiting(ctx, suiteShop, "returns", shopkit.PageRequest{After: storetest.NotAUUIDCursor(at), Limit: 1})
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "a cursor of no conversation")

		p, err := s.ListWaiting(ctx, otherShop, "returns", shopkit.PageRequest{Limit: 1})
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		assert.Equal(t, f.Snapshot(), p.Items[0].Snapshot(), "the listed conversation is whole")

		// a is assigned: off the list; requeued to pre_sale: on that list,
		// before e, which was enqueued after a was.
		sys := shopkit.SystemActor()
		require.NoError(t, s.Update(ctx, a.ID(), func(x *support.Conversation) error { return x.Assign(sys, at.Add(time.Hour), "agent-1") }))
		storetest.CheckPaging(t, list(suiteShop, "returns"), idOf, storetest.InListOrder(false, b, c, d))
		require.NoError(t, s.Update(ctx, a.ID(), func(x *support.Conversation) error {
			return x.Requeue(sys, at.Add(2*time.Hour), "pre_sale", support.WebChat, "needs pre-sale")
		}))
		storetest.CheckPaging(t, list(suiteShop, "pre_sale"), idOf, []string{idOf(a), idOf(e)})
		storetest.CheckPaging(t, list(suiteShop, "returns"), idOf, storetest.InListOrder(false, b, c, d))
	})
}

// testListOpen checks ListOpen (R2.8, R6.4).
func testListOpen(t *testing.T, newStore func() support.ComplaintStore) {
	ctx := context.Background()
	// R6.4, R2.8: a shop's complaints not yet done (filed, in hand, waiting
	// on or late with the follow-up), oldest filed first, ties by ID; paging
	// with any limit lists each once; done complaints and another shop's are
	// left out; completing the follow-up takes a complaint off the list.
	t.Run("ListOpen_R6_4", func(t *testing.T) {
		s := newStore()
		filed := func(shop uuid.UUID, at time.Time) *support.Complaint {
			c, err := support.NewComplaint(support.ComplaintInput{ShopID: shop, CustomerID: "c", Channel: support.Phone,
				Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), clockPolicy(), at)
			require.NoError(t, err)
			return c
		}
		at := suiteBase
		a, b := filed(suiteShop, at.Add(time.Hour)), filed(suiteShop, at.Add(time.Hour))
		c := filed(suiteShop, at.Add(time.Hour-time.Nanosecond))
		inHand := fullComplaint(t, support.Handling, at.Add(72*time.Hour))
		followUp := fullComplaint(t, support.FollowUp, at.Add(72*time.Hour))
		late := fullComplaint(t, support.FollowUpOverdue, at.Add(-time.Hour))
		done := fullComplaint(t, support.Done, at.Add(-time.Hour))
		other := filed(otherShop, at)
		for _, x := range []*support.Complaint{a, b, c, inHand, followUp, late, done, other} {
			require.NoError(t, s.Create(ctx, x))
		}
		list := func(shop uuid.UUID) storetest.ListFunc[*support.Complaint] {
			return func(p shopkit.PageRequest) (shopkit.Page[*support.Complaint], error) { return s.ListOpen(ctx, shop, p) }
		}
		open := storetest.InListOrder(false, a, b, c, inHand, followUp, late)
		require.Equal(t, idOf(c), open[3], "one nanosecond before the tie")
		storetest.CheckPaging(t, list(suiteShop), idOf, open)
		storetest.CheckPaging(t, list(otherShop), idOf, storetest.InListOrder(false, other))
		storetest.CheckPaging(t, list(uuid.New()), idOf, nil)
		_, err := s.ListOpen(ctx, suiteShop, shopkit.PageRequest{After: storetest.NotAUUIDCursor(at), Limit: 1})
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "a cursor of no complaint")

		shop := shopkit.Actor{Role: shopkit.Merchant, ID: suiteShop.String()}
		require.NoError(t, s.Update(ctx, followUp.ID(), func(x *support.Complaint) error {
			return x.CompleteFollowUp(shop, at.Add(2*time.Hour), "called back")
		}))
		storetest.CheckPaging(t, list(suiteShop), idOf, storetest.InListOrder(false, a, b, c, inHand, late))
	})
}

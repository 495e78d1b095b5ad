package support_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// idsOf lists the IDs of a page's entities.
func idsOf[T interface{ ID() uuid.UUID }](p shopkit.Page[T]) []uuid.UUID {
	out := []uuid.UUID{}
	for _, v := range p.Items {
		out = append(out, v.ID())
	}
	return out
}

// The actors who may see shop1's lists (R0.4), and some who may not.
var (
	shop1Viewers = []shopkit.Actor{lead, agent1, {Role: shopkit.Platform, ID: "op-1"},
		{Role: shopkit.Platform, ID: "op-2", Shops: []uuid.UUID{shop1}}, shopkit.SystemActor()}
	shop1Strangers = []shopkit.Actor{customerA, {Role: shopkit.Merchant, ID: shop2.String()},
		{Role: shopkit.Merchant, ID: "agent-9", Shops: []uuid.UUID{shop2}}, {Role: shopkit.Platform, ID: "op-3", Shops: []uuid.UUID{shop2}},
		{Role: shopkit.Merchant}}
)

// R6.2, R0.4: a shop's people see who waits in a group's queue, oldest
// enqueued first; the customer and other shops do not; an empty group is the
// general queue.
func TestWaitingOf_R6_2(t *testing.T) {
	svc, now := newService(t, support.RoundRobin)
	ctx := context.Background()
	first, err := svc.Open(ctx, inquiry("有M码吗"))
	require.NoError(t, err)
	*now = now.Add(time.Minute)
	second, err := svc.Open(ctx, inquiry("有L码吗"))
	require.NoError(t, err)
	in := inquiry("发货了吗")
	in.Group = ""
	general, err := svc.Open(ctx, in)
	require.NoError(t, err)
	in = inquiry("有S码吗")
	in.ShopID = shop2
	_, err = svc.Open(ctx, in)
	require.NoError(t, err)

	for _, by := range shop1Viewers {
		p, err := svc.WaitingOf(ctx, by, shop1, "pre_sale", shopkit.PageRequest{Limit: 1})
		require.NoError(t, err, "%+v", by)
		assert.Equal(t, []uuid.UUID{first.ID()}, idsOf(p), "%+v", by)
		p, err = svc.WaitingOf(ctx, by, shop1, "pre_sale", shopkit.PageRequest{After: p.Next, Limit: 1})
		require.NoError(t, err, "%+v", by)
		assert.Equal(t, []uuid.UUID{second.ID()}, idsOf(p), "%+v", by)
		assert.Empty(t, p.Next)
	}
	p, err := svc.WaitingOf(ctx, lead, shop1, "", shopkit.PageRequest{Limit: 5})
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{general.ID()}, idsOf(p), "the general queue")

	for _, by := range shop1Strangers {
		_, err := svc.WaitingOf(ctx, by, shop1, "pre_sale", shopkit.PageRequest{Limit: 5})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	_, err = svc.WaitingOf(ctx, lead, uuid.Nil, "pre_sale", shopkit.PageRequest{Limit: 5})
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	_, err = svc.WaitingOf(ctx, lead, shop1, "Pre Sale", shopkit.PageRequest{Limit: 5})
	assert.Equal(t, support.CodeInvalidGroup, shopkit.CodeOf(err))
	_, err = svc.WaitingOf(ctx, lead, shop1, "pre_sale", shopkit.PageRequest{Limit: 0})
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
}

// R6.4, R0.4: a shop's people see its complaints not yet done, oldest filed
// first; the customer and other shops do not.
func TestOpenComplaints_R6_4(t *testing.T) {
	svc, now := newService(t, support.RoundRobin)
	ctx := context.Background()
	file := func(shop uuid.UUID) *support.Complaint {
		c, err := svc.FileComplaint(ctx, support.ComplaintInput{ShopID: shop, CustomerID: customerA.ID, Channel: support.Phone,
			Signals: support.Signals{Text: "投诉"}})
		require.NoError(t, err)
		*now = now.Add(time.Minute)
		return c
	}
	first, second := file(shop1), file(shop1)
	file(shop2)
	for _, by := range shop1Viewers {
		p, err := svc.OpenComplaints(ctx, by, shop1, shopkit.PageRequest{Limit: 5})
		require.NoError(t, err, "%+v", by)
		assert.Equal(t, []uuid.UUID{first.ID(), second.ID()}, idsOf(p), "%+v", by)
	}
	for _, by := range shop1Strangers {
		_, err := svc.OpenComplaints(ctx, by, shop1, shopkit.PageRequest{Limit: 5})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	_, err := svc.OpenComplaints(ctx, lead, uuid.Nil, shopkit.PageRequest{Limit: 5})
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	_, err = svc.OpenComplaints(ctx, lead, shop1, shopkit.PageRequest{After: "x", Limit: 5})
	assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err))
}

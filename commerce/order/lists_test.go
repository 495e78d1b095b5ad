package order_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

func (s faultyStore) List(ctx context.Context, q order.ListQuery, page shopkit.PageRequest) (shopkit.Page[*order.Order], error) {
	if err := s.enter("order.List"); err != nil {
		return shopkit.Page[*order.Order]{}, err
	}
	return s.inner.List(ctx, q, page)
}

// orderIDsOf lists the IDs of a page's orders.
func orderIDsOf(p shopkit.Page[*order.Order]) []uuid.UUID {
	out := []uuid.UUID{}
	for _, o := range p.Items {
		out = append(out, o.ID())
	}
	return out
}

// R0.4, R2.8: a shop's orders are listed, newest placed first, by the shop,
// its staff, an operator of the platform or of the shop and the system; a
// buyer (even the orders' buyer), another shop and its staff are refused; a
// bad query or page names its field.
func TestOrdersOfShop_R0_4(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	first, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	r.now = r.now.Add(time.Minute)
	second, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	in := placeInput()
	in.MerchantID = otherShop
	_, err = r.svc.Place(ctx, in)
	require.NoError(t, err)
	shop := first.MerchantID()

	for _, by := range []shopkit.Actor{merchant, {Role: shopkit.Merchant, ID: "agent-7", Shops: []uuid.UUID{shop}},
		{Role: shopkit.Platform, ID: "op-1"}, {Role: shopkit.Platform, ID: "op-2", Shops: []uuid.UUID{shop}}, system} {
		p, err := r.svc.OrdersOfShop(ctx, by, order.ListQuery{Shop: shop}, shopkit.PageRequest{Limit: 1})
		require.NoError(t, err, "%+v", by)
		assert.Equal(t, []uuid.UUID{second.ID()}, orderIDsOf(p), "%+v", by)
		p, err = r.svc.OrdersOfShop(ctx, by, order.ListQuery{Shop: shop}, shopkit.PageRequest{After: p.Next, Limit: 1})
		require.NoError(t, err, "%+v", by)
		assert.Equal(t, []uuid.UUID{first.ID()}, orderIDsOf(p), "%+v", by)
		assert.Empty(t, p.Next)
	}
	p, err := r.svc.OrdersOfShop(ctx, merchant, order.ListQuery{Shop: shop, PlacedTo: second.PlacedAt()}, shopkit.PageRequest{Limit: 5})
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{first.ID()}, orderIDsOf(p), "placed before the second")
	p, err = r.svc.OrdersOfShop(ctx, merchant, order.ListQuery{Shop: shop, States: []order.State{order.OrderPaid}}, shopkit.PageRequest{Limit: 5})
	require.NoError(t, err)
	assert.Empty(t, p.Items, "none paid")

	for _, by := range []shopkit.Actor{buyer, stranger, {Role: shopkit.Merchant, ID: otherShop.String()},
		{Role: shopkit.Merchant, ID: "agent-9", Shops: []uuid.UUID{otherShop}}, {Role: shopkit.Platform, ID: "op-3", Shops: []uuid.UUID{otherShop}}} {
		_, err := r.svc.OrdersOfShop(ctx, by, order.ListQuery{Shop: shop}, shopkit.PageRequest{Limit: 5})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	_, err = r.svc.OrdersOfShop(ctx, merchant, order.ListQuery{}, shopkit.PageRequest{Limit: 5})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, order.CodeInvalidListQuery, ve.Code())
	assert.Equal(t, "shop", ve.Field)
	_, err = r.svc.OrdersOfShop(ctx, merchant, order.ListQuery{Shop: shop, PlacedFrom: t0, PlacedTo: t0.Add(-time.Nanosecond)}, shopkit.PageRequest{Limit: 5})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "placed_to", ve.Field)
	_, err = r.svc.OrdersOfShop(ctx, merchant, order.ListQuery{Shop: shop, States: []order.State{order.OrderPaid, "lost"}}, shopkit.PageRequest{Limit: 5})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "states[1]", ve.Field)
	_, err = r.svc.OrdersOfShop(ctx, merchant, order.ListQuery{Shop: shop}, shopkit.PageRequest{})
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
}

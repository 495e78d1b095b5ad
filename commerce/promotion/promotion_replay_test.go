package promotion_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// R2.4 (issue 14): Redeem's order ref is its idempotency key. The same order
// with the same coupons and discounts again (a host's retry) returns the first
// result, nil, and changes nothing: no second use counted, no second spend.
// The same order ref with another discount, a subset or a superset of the
// coupons is CodeKeyReused (ErrConflict) and changes nothing.
func TestRedeemOrderRefIsAnIdempotencyKey_R2_4(t *testing.T) {
	ctx := context.Background()
	w := newCPWorld(t)
	a := w.issue(t, w.tpl, "alice")
	b := w.issue(t, w.other, "alice")
	fresh := w.issue(t, w.tpl, "alice") // her second of w.tpl
	first := []promotion.AppliedCoupon{cpApplied(a, w.tpl, 1500), cpApplied(b, w.other, 500)}
	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", first))
	redeemed := w.state(t)

	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", first), "the same request again")
	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1",
		[]promotion.AppliedCoupon{first[1], first[0]}), "the same coupons in another order")
	assert.Equal(t, redeemed, w.state(t), "a replay changes nothing")

	for name, body := range map[string][]promotion.AppliedCoupon{
		"another discount": {cpApplied(a, w.tpl, 1400), cpApplied(b, w.other, 500)},
		"a subset":         {first[0]},
		"a superset":       {first[0], first[1], cpApplied(fresh, w.tpl, 500)},
		"one old, one new": {first[0], cpApplied(fresh, w.tpl, 500)},
	} {
		err := w.s.Redeem(ctx, cpBuyer("alice"), "order-1", body)
		require.ErrorIs(t, err, shopkit.ErrConflict, name)
		assert.Equal(t, promotion.CodeKeyReused, shopkit.CodeOf(err), name)
		assert.Equal(t, redeemed, w.state(t), "%s changes nothing", name)
	}

	err := w.s.Redeem(ctx, cpBuyer("mallory"), "order-1", first)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "a replay checks the party too")
	err = w.s.Redeem(ctx, cpBuyer("alice"), "order-2", first)
	assert.Equal(t, promotion.CodeCouponUsed, shopkit.CodeOf(err), "another order cannot use them")

	// Released (the order was cancelled), the coupons are the customer's again,
	// and the same order ref may redeem them anew.
	require.NoError(t, w.s.Release(ctx, cpBuyer("alice"), a.ID(), "order cancelled"))
	require.NoError(t, w.s.Release(ctx, cpBuyer("alice"), b.ID(), "order cancelled"))
	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", first[:1]))
}

package order_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A service is built only from a complete configuration: each missing
// dependency and each bad policy deadline is named, never a panic later.
func TestNewServiceRejectsIncompleteConfig(t *testing.T) {
	_, err := order.NewService(order.ServiceConfig{})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, order.CodeInvalidConfig, ve.Code())
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.Equal(t, []string{"store", "stock", "numberer", "clock",
		"policy.close_unpaid_after", "policy.payment_reminder_after", "policy.confirm_within",
		"policy.ship_within", "policy.auto_complete_after", "policy.tracking_stale_after", "policy.hold_grace"}, fields)

	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	cfg := order.ServiceConfig{Store: ordertest.NewStore(), Stock: newFakeStock(nil), Numberer: numbers,
		Policy: order.DefaultPolicy(), Clock: func() time.Time { return t0 }}
	_, err = order.NewService(cfg)
	require.NoError(t, err)
	cfg.Policy.ReserveAt = "never"
	_, err = order.NewService(cfg)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "policy.reserve_at", ve.Field)
}

// R2.3: the zero policy is no policy: placing or restoring under it fails.
func TestZeroPolicyIsInvalid_R2_3(t *testing.T) {
	assert.Equal(t, order.CodeInvalidPolicy, shopkit.CodeOf(order.Policy{}.Validate()))
	_, err := order.NewOrder(placeInput(), "1", order.Policy{}, t0)
	assert.Equal(t, order.CodeInvalidPolicy, shopkit.CodeOf(err))
	s := newTestOrder(t).Snapshot()
	s.Policy = order.Policy{}
	_, err = order.RestoreOrder(s)
	assert.Equal(t, order.CodeInvalidPolicy, shopkit.CodeOf(err))
	s = newTestOrder(t).Snapshot()
	s.ID = uuid.Nil
	_, err = order.RestoreOrder(s)
	assert.Equal(t, order.CodeInvalidOrder, shopkit.CodeOf(err))
}

// R0.4: every effect of an order has the stable ID "<order id>#<seq>", and a
// restored order goes on numbering where its trail ended.
func TestOrderEffectIDs_R0_4(t *testing.T) {
	o, paid := paidOrder(t)
	h := o.History()
	var effects int
	for i, e := range h {
		assert.Equal(t, i+1, e.Seq)
		if e.Kind == shopkit.EntryEffect {
			effects++
			assert.Equal(t, o.ID().String()+"#"+strconv.Itoa(e.Seq), e.Effect.ID)
		}
	}
	assert.Equal(t, 2, effects, "order_placed and order_paid")

	back, err := order.RestoreOrder(o.Snapshot())
	require.NoError(t, err)
	require.NoError(t, back.Cancel(buyer, "changed my mind", paid.Add(time.Hour)))
	u := back.Unsaved()
	require.Len(t, u, 2)
	assert.Equal(t, len(h)+2, u[1].Seq)
	assert.Equal(t, o.ID().String()+"#"+strconv.Itoa(len(h)+2), u[1].Effect.ID)
}

// R2.3.7: the service's flagged list is bounded by its limit.
func TestServiceListFlaggedNeedsALimit_R2_3_7(t *testing.T) {
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	_, err := r.svc.ListFlagged(context.Background(), 0)
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
}

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
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/internal/authztest"
)

// otherShop is a shop that is not the test orders' shop.
var otherShop = authztest.OtherShop()

// orderIn returns a test order in state from.
func orderIn(t *testing.T, from order.State) *order.Order {
	t.Helper()
	switch from {
	case order.OrderPendingPayment:
		return newTestOrder(t)
	case order.OrderPaid:
		o, _ := paidOrder(t)
		return o
	case order.OrderConfirmed:
		o, paid := paidOrder(t)
		require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
		return o
	case order.OrderShipped:
		o, _ := shippedOrder(t)
		return o
	case order.OrderDelivered:
		o, shipped := shippedOrder(t)
		require.NoError(t, o.Deliver(system, shipped, shipped))
		return o
	case order.OrderRefundRequested:
		o, paid := paidOrder(t)
		require.NoError(t, o.Cancel(buyer, "bought twice", paid.Add(time.Hour)))
		return o
	}
	t.Fatalf("no test order in state %s", from)
	return nil
}

// actOn takes action on o as by with valid arguments; ok is false for the
// consequences only a sweep applies (ApplyDue, always as the system).
func actOn(o *order.Order, action order.Action, by shopkit.Actor) (ok bool, err error) {
	now := t0.Add(5 * time.Hour)
	switch action {
	case order.OrderPay:
		return true, o.Pay(by, payment(t0.Add(time.Hour)), t0.Add(time.Hour))
	case order.OrderCancel:
		return true, o.Cancel(by, "changed my mind", now)
	case order.OrderChangeAddress:
		return true, o.ChangeAddress(by, testAddress(), now)
	case order.OrderConfirm:
		return true, o.Confirm(by, now)
	case order.OrderShip:
		return true, o.Ship(by, "SF", "SF1", now)
	case order.OrderDeliver:
		return true, o.Deliver(by, time.Time{}, now)
	case order.OrderTrack:
		return true, o.RecordTrackingUpdate(by, time.Time{}, now)
	case order.OrderMarkLost:
		return true, o.MarkLost(by, "lost in transit", now)
	case order.OrderComplete:
		return true, o.Complete(by, now)
	case order.OrderRefund:
		return true, o.MarkRefunded(by, "refunded", now)
	case order.OrderRejectRefund:
		return true, o.RejectRefund(by, "withdrawn", now)
	}
	return false, nil
}

// R0.4, R2.3.8: every row of the order workflow, for every role it names,
// refuses an actor who is not a party of the order — another buyer, another
// shop's merchant (actor.ID ≠ MerchantID), an operator of another shop, an
// actor without an ID — with CodeNotParty, and the order is unchanged; an
// intruder's AllowedActions is empty; the rightful party sees the action and
// succeeds, so the test cannot pass by refusing everyone. The rows only a
// sweep takes (close, remind, flag_ship_overdue, flag_slow) have no actor to
// refuse: ApplyDue takes them as the system, tested by TestCloseUnpaid_R2_3_4,
// TestPaymentReminder_R2_3_5, TestShipDeadline_R2_3_4 and
// TestLogisticsExceptions_R2_3_7.
func TestOrderEveryActionChecksTheParty_R0_4(t *testing.T) {
	sweep := "a consequence only ApplyDue applies, always as the system"
	authztest.EveryRow(t, authztest.Workflow[order.State, order.Action, *order.Order]{
		Table:   order.OrderWorkflow(order.DefaultPolicy()),
		New:     func(t *testing.T, from order.State, _ order.Action) *order.Order { return orderIn(t, from) },
		Parties: (*order.Order).Parties,
		Act: func(o *order.Order, action order.Action, by shopkit.Actor) error {
			_, err := actOn(o, action, by)
			return err
		},
		Snapshot: func(o *order.Order) any { return o.Snapshot() },
		Allowed:  (*order.Order).AllowedActions,
		Skip: map[order.Action]string{order.OrderClose: sweep, order.OrderRemind: sweep,
			order.OrderFlagShipOverdue: sweep, order.OrderFlagSlow: sweep},
	})
}

// R0.4: a merchant is a party only of its own shop's orders: an ID that merely
// looks like a shop (the nil UUID's text), another shop, or a blank ID is
// refused with CodeNotParty whatever the action, and the order is unchanged.
func TestOrderMerchantMustBeTheShop_R0_4(t *testing.T) {
	o, paid := paidOrder(t)
	for _, by := range []shopkit.Actor{
		{Role: shopkit.Merchant, ID: uuid.Nil.String()},
		{Role: shopkit.Merchant, ID: otherShop.String()},
		{Role: shopkit.Merchant, ID: otherShop.String(), Shops: []uuid.UUID{otherShop}},
		{Role: shopkit.Merchant},
		{Role: shopkit.System},
	} {
		before := o.Snapshot()
		err := o.Confirm(by, paid.Add(time.Hour))
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, order.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		assert.Equal(t, before, o.Snapshot(), "%+v", by)
	}
	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
}

// R0.4: a merchant of shop B can neither confirm nor ship shop A's order
// through the service: CodeNotParty, the stored order is unchanged and no
// stock is committed.
func TestServiceOtherShopCannotConfirmOrShip_R0_4(t *testing.T) {
	ctx := context.Background()
	now := t0
	store := ordertest.NewStore()
	stock := newFakeStock(map[string]int64{"TEA-1": 10, "CUP-1": 10})
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	svc, err := order.NewService(order.ServiceConfig{Store: store, Stock: stock, Numberer: numbers,
		Policy: order.DefaultPolicy(), Clock: func() time.Time { return now }})
	require.NoError(t, err)
	o, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)
	now = now.Add(10 * time.Minute)
	_, err = svc.Pay(ctx, o.ID(), buyer, payment(now))
	require.NoError(t, err)
	shopB := shopkit.Actor{Role: shopkit.Merchant, ID: otherShop.String()}

	stored := func() order.Snapshot {
		got, err := store.Get(ctx, o.ID())
		require.NoError(t, err)
		return got.Snapshot()
	}
	before := stored()
	_, err = svc.Confirm(ctx, o.ID(), shopB)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, order.CodeNotParty, shopkit.CodeOf(err))
	assert.Equal(t, before, stored())

	_, err = svc.Confirm(ctx, o.ID(), merchant)
	require.NoError(t, err)
	before, calls := stored(), len(stock.calls)
	_, err = svc.Ship(ctx, o.ID(), shopB, "SF", "SF1")
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, order.CodeNotParty, shopkit.CodeOf(err))
	assert.Equal(t, before, stored())
	assert.Len(t, stock.calls, calls, "nothing committed")
	_, err = svc.Ship(ctx, o.ID(), shopkit.Actor{Role: shopkit.Merchant}, "SF", "SF1")
	assert.Equal(t, order.CodeNotParty, shopkit.CodeOf(err), "an empty ID is never a party")
	assert.Equal(t, before, stored())
}

// R0.4: a restored order always has both parties.
func TestRestoreOrderNeedsBothParties_R0_4(t *testing.T) {
	for field, blank := range map[string]func(*order.Snapshot){
		"buyer_id":    func(s *order.Snapshot) { s.BuyerID = "" },
		"merchant_id": func(s *order.Snapshot) { s.MerchantID = uuid.Nil },
	} {
		s := newTestOrder(t).Snapshot()
		blank(&s)
		_, err := order.RestoreOrder(s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, field)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, field, ve.Field)
		assert.Equal(t, order.CodeInvalidOrder, shopkit.CodeOf(err))
	}
}

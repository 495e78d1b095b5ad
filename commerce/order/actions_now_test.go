package order_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderChoices drives ActionsAt against the order's methods at the instant
// asked. The sweep's consequences (close, remind, flag_ship_overdue,
// flag_slow) have no method: ApplyDue takes them (TestCloseUnpaid_R2_3_4 and
// the other deadline tests).
func orderChoices() authztest.Choices[order.Action, *order.Order] {
	return authztest.Choices[order.Action, *order.Order]{
		Actions: []order.Action{order.OrderPay, order.OrderCancel, order.OrderChangeAddress, order.OrderConfirm,
			order.OrderShip, order.OrderDeliver, order.OrderTrack, order.OrderMarkLost, order.OrderComplete,
			order.OrderRefund, order.OrderRejectRefund},
		List:  (*order.Order).ActionsAt,
		Clone: (*order.Order).Clone,
		Act: func(o *order.Order, a order.Action, by shopkit.Actor, at time.Time) error {
			switch a {
			case order.OrderPay:
				return o.Pay(by, payment(at), at)
			case order.OrderCancel:
				return o.Cancel(by, "changed my mind", at)
			case order.OrderChangeAddress:
				return o.ChangeAddress(by, testAddress(), at)
			case order.OrderConfirm:
				return o.Confirm(by, at)
			case order.OrderShip:
				return o.Ship(by, "SF", "SF1", at)
			case order.OrderDeliver:
				return o.Deliver(by, time.Time{}, at)
			case order.OrderTrack:
				return o.RecordTrackingUpdate(by, time.Time{}, at)
			case order.OrderMarkLost:
				return o.MarkLost(by, "lost in transit", at)
			case order.OrderComplete:
				return o.Complete(by, at)
			case order.OrderRefund:
				return o.MarkRefunded(by, "refunded", at)
			case order.OrderRejectRefund:
				return o.RejectRefund(by, "withdrawn", at)
			}
			return shopkit.Invalid("test.no_method", "action", string(a))
		},
	}
}

// R0.3, R0.4, R2.3.8: in every state of the order workflow, for each party and
// a stranger of each role, one nanosecond before, at and after each of the
// order's deadlines: every listed action is accepted, every other one fails
// with ErrNotAllowed.
func TestOrderActionsAtAreAccepted_R0_3(t *testing.T) {
	w := orderChoices()
	for _, state := range []order.State{order.OrderPendingPayment, order.OrderPaid, order.OrderConfirmed,
		order.OrderShipped, order.OrderDelivered, order.OrderRefundRequested} {
		t.Run(string(state), func(t *testing.T) {
			o := orderIn(t, state)
			pay, _ := o.PaymentDeadline()
			due, _ := o.Deadline()
			var next time.Time
			if up, ok := o.NextDeadline(system); ok {
				next = up.At
			}
			instants := append([]time.Time{t0.Add(5 * time.Hour)}, authztest.Around(pay, due, next)...)
			taken := authztest.ActionsHold(t, w, o, authztest.Actors(o.Parties()), instants)
			assert.Positive(t, taken)
		})
	}
	assert.Empty(t, new(order.Order).ActionsAt(system, t0))
}

// R2.3.4, R0.3: the buyer of an unpaid order sees pay until the payment limit
// (24 h after placing) and not one nanosecond after; the deadline a screen
// shows is that limit, with close to closed as its consequence, though the
// due index (Deadline) keys on the earlier reminder.
func TestUnpaidOrderNextDeadlineIsThePaymentLimit_R2_3_4(t *testing.T) {
	o := newTestOrder(t)
	limit := t0.Add(24 * time.Hour)
	up, ok := o.NextDeadline(buyer)
	require.True(t, ok)
	assert.Equal(t, shopkit.Upcoming[order.State, order.Action]{At: limit, Action: order.OrderClose,
		To: order.OrderClosed, Awaits: []shopkit.Role{shopkit.Buyer}}, up)
	due, _ := o.Deadline()
	assert.True(t, due.Before(limit), "the due index still keys on the reminder")
	pay := shopkit.Choice[order.Action]{Action: order.OrderPay, Until: limit}
	assert.Contains(t, o.ActionsAt(buyer, limit), pay)
	assert.NotContains(t, o.ActionsAt(buyer, limit.Add(time.Nanosecond)), pay)
	assert.Contains(t, o.ActionsAt(buyer, limit.Add(time.Nanosecond)), shopkit.Choice[order.Action]{Action: order.OrderCancel})
	assert.Equal(t, order.CodePaymentWindowClosed,
		shopkit.CodeOf(o.Clone().Pay(buyer, payment(limit.Add(time.Nanosecond)), limit.Add(time.Nanosecond))))
	_, ok = o.NextDeadline(stranger)
	assert.False(t, ok, "a stranger has no deadline on the order")
	// The consequence is what NextDeadline said.
	require.NoError(t, o.ApplyDue(due.Add(time.Nanosecond))) // the reminder
	require.NoError(t, o.ApplyDue(limit.Add(time.Nanosecond)))
	assert.Equal(t, order.OrderClosed, o.State())
	_, ok = o.NextDeadline(buyer)
	assert.False(t, ok, "a closed order waits on nothing")
}

// R2.3.4: after payment the next deadline is the merchant's confirmation.
func TestPaidOrderNextDeadlineIsTheConfirmation_R2_3_4(t *testing.T) {
	o, paid := paidOrder(t)
	up, ok := o.NextDeadline(buyer)
	require.True(t, ok)
	assert.Equal(t, order.OrderConfirm, up.Action)
	assert.Equal(t, order.OrderConfirmed, up.To)
	assert.Equal(t, []shopkit.Role{shopkit.Merchant}, up.Awaits)
	assert.True(t, up.At.After(paid))
}

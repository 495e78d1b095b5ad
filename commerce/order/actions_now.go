package order

import (
	"time"

	"github.com/shopkit/shopkit"
)

// ActionsAt lists the actions by may take on the order at now, in table order,
// each with its deadline (R0.3, R0.4, R2.3.8): what a screen shows that actor,
// so that none it lists is then refused for its party, its role, its state or
// a passed deadline. It is empty when by is not a party and for the zero Order.
//
// Payment is due by the payment limit (PaymentDeadline: placing +
// CloseUnpaidAfter): listed with it as Until up to and at the limit, not one
// nanosecond after (CodePaymentWindowClosed). The other deadlines of an order
// do not refuse the party's action — a late confirmation is recorded as late, a
// late shipment flagged — so those actions carry no Until; NextDeadline names
// the deadline. The sweep's own consequences (close, remind, flag_ship_overdue,
// flag_slow) are not listed.
//
// AllowedActions is the same list by party, role and state alone, without the
// payment limit.
func (o *Order) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[Action] {
	if o.built() != nil {
		return nil
	}
	return orderFSM.ChoicesFor(o.state, by, o.Parties(), now, func(a Action) time.Time {
		if a == OrderPay {
			d, _ := o.PaymentDeadline()
			return d
		}
		return time.Time{}
	}, OrderClose, OrderRemind, OrderFlagShipOverdue, OrderFlagSlow)
}

// NextDeadline returns the order's next deadline as it matters to by (R0.3,
// R2.3.4): when it passes, the consequence the sweep then applies as the system
// and the state it leads to, with the role whose action it waits for. For an
// unpaid order that is the payment limit (close, to closed, awaiting the
// buyer), not the earlier payment reminder, which is the system's own step
// (Deadline, the key of the due index, keeps the reminder). It is false when
// by is not a party, when nothing is pending, and for the zero Order.
func (o *Order) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[State, Action], bool) {
	if o.built() != nil || !o.Parties().Has(by) {
		return shopkit.Upcoming[State, Action]{}, false
	}
	d, ok := o.nextDue()
	if !ok {
		return shopkit.Upcoming[State, Action]{}, false
	}
	if o.state == OrderPendingPayment {
		closeAt, _ := o.PaymentDeadline()
		d = orderDue{at: closeAt, action: OrderClose}
	}
	to, err := orderFSM.Check(o.state, d.action, shopkit.System)
	if err != nil {
		return shopkit.Upcoming[State, Action]{}, false // every consequence is a system row of the table
	}
	awaits := shopkit.Merchant // confirmation, shipment, tracking
	if d.action == OrderClose || d.action == OrderComplete {
		awaits = shopkit.Buyer // payment, confirmation of receipt
	}
	return shopkit.Upcoming[State, Action]{At: d.at, Action: d.action, To: to, Awaits: []shopkit.Role{awaits}}, true
}

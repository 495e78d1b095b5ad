package aftersales

import (
	"slices"
	"time"

	"github.com/shopkit/shopkit"
)

// ActionsAt lists the actions by may take on the case at now, in table order,
// each with its deadline (R0.3, R0.4): what a screen shows that actor as
// buttons, so that none it lists is then refused for its role, its party, its
// state or its deadline. It is empty when by is not a party of the case and for
// the zero Case.
//
// A buyer's or merchant's action in a waiting state is due by the state's
// deadline (Deadline): listed with it as Until up to and at the deadline, and
// not one nanosecond after (the sweep applies the consequence instead,
// aftersales.deadline_passed otherwise). Rows only the system takes (the
// sweep's consequences) are not listed. Besides the table it lists the buyer's
// rating of a completed or refunded case not yet rated (Rate), and it lists
// redeem only while more than one voucher is unused (redeeming the last one is
// use_up) and confirm_refund only once the order ledger issued the refund.
//
// AllowedActions is the same list without the deadline check and the case's
// own conditions: what by's role may do in the state.
func (c *Case) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[Action] {
	t := tableOf(c.kind)
	if t == nil {
		return nil
	}
	out := t.ChoicesFor(c.state, by, c.Parties(), now, func(Action) time.Time { return c.deadlineOf(by) }, sweepActions...)
	out = slices.DeleteFunc(out, func(ch shopkit.Choice[Action]) bool {
		unused := c.vouchers.Total - c.vouchers.Used
		switch ch.Action {
		case ActRedeem:
			return unused < 2
		case ActUseUp:
			return unused < 1
		case ActConfirmRefund:
			return !c.refund.Issued
		}
		return false
	})
	if c.canRate(by) {
		out = append(out, shopkit.Choice[Action]{Action: ActRate})
	}
	return out
}

// sweepActions are the consequences only the sweep takes (ApplyDue): no method
// takes them, so no list shows them.
var sweepActions = []Action{ActClose, ActMarkOverdue, ActEntitleRefund, ActMissAgreement, ActExpire, ActAutoRefund}

// deadlineOf returns the deadline that limits by's actions in the case's state:
// the state's deadline for a buyer or merchant (check refuses them after it),
// none for the platform and the system.
func (c *Case) deadlineOf(by shopkit.Actor) time.Time {
	if by.Role == shopkit.Buyer || by.Role == shopkit.Merchant {
		return c.deadline
	}
	return time.Time{}
}

// canRate reports whether by may rate the case now (Rate): its buyer, once,
// after it completed or refunded.
func (c *Case) canRate(by shopkit.Actor) bool {
	return by.Role == shopkit.Buyer && c.Parties().Has(by) && c.rating == 0 &&
		(c.state == Completed || c.state == Refunded)
}

// NextDeadline returns the case's next deadline as it matters to by (R0.3): when
// it passes, the action the sweep then takes as the system and the state it
// leads to (the table's Timeout). Awaits lists the buyer and merchant roles
// whose actions in the state the deadline cuts off, or the roles that may act
// when it cuts off none. It is false when by is not a party, when the case
// waits on no deadline, and for the zero Case.
func (c *Case) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[State, Action], bool) {
	t := tableOf(c.kind)
	if t == nil {
		return shopkit.Upcoming[State, Action]{}, false
	}
	up, ok := t.UpcomingFor(c.state, by, c.Parties(), c.deadline)
	if !ok {
		return up, false
	}
	if bound := slices.DeleteFunc(slices.Clone(up.Awaits), func(r shopkit.Role) bool {
		return r != shopkit.Buyer && r != shopkit.Merchant
	}); len(bound) > 0 {
		up.Awaits = bound
	}
	return up, true
}

// ActionsAt lists what by may do with the order's ledger at now (R3.7, R0.4):
// ask for a refund (issue_refund, Refund) as a party other than the buyer — the
// merchant, the platform or the system; a buyer's money comes back through a
// case — and, for the system, confirm an issued refund the gateway paid
// (confirm_refund, ConfirmRefund) while one is unconfirmed. Neither has a
// deadline: a refund past its money-back deadline is overdue, still to be paid.
// It is empty when by is not a party and for the zero Ledger. Claims and
// releases are the cases' own steps, taken by the Service, and not listed.
func (l *Ledger) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[Action] {
	if l.ready() != nil || !l.Parties().Has(by) || by.Role == shopkit.Buyer {
		return nil
	}
	out := []shopkit.Choice[Action]{{Action: ActIssueRefund}}
	if _, ok := l.Deadline(); ok && by.Role == shopkit.System {
		out = append(out, shopkit.Choice[Action]{Action: ActConfirmRefund})
	}
	return out
}

// NextDeadline returns the earliest money-back deadline of the ledger's
// unconfirmed refunds as it matters to by (R0.3, R3.7): after it the refund is
// overdue (mark_overdue, to refund_overdue) and the store lists it as due. It
// is false when by is not a party, when every refund is confirmed, and for the
// zero Ledger. Awaits is the platform and the system, whose gateway pays.
func (l *Ledger) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[State, Action], bool) {
	at, ok := l.Deadline()
	if l.ready() != nil || !ok || !l.Parties().Has(by) {
		return shopkit.Upcoming[State, Action]{}, false
	}
	return shopkit.Upcoming[State, Action]{At: at, Action: ActMarkOverdue, To: RefundOverdue,
		Awaits: []shopkit.Role{shopkit.Platform, shopkit.System}}, true
}

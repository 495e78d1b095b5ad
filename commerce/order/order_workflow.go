package order

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// State is where an order is in its workflow (R2.3.4).
type State string

// The states of the order workflow (WorkflowName).
const (
	OrderPendingPayment  State = "pending_payment"
	OrderPaid            State = "paid"
	OrderConfirmed       State = "confirmed"
	OrderShipped         State = "shipped"
	OrderDelivered       State = "delivered"
	OrderCompleted       State = "completed"        // terminal
	OrderClosed          State = "closed"           // terminal: cancelled or unpaid before payment
	OrderRefundRequested State = "refund_requested" // the buyer cancelled after payment: a refund-only case is open (R3)
	OrderRefunded        State = "refunded"         // terminal: the refund-only case refunded the order
)

// Action is an action of the order workflow.
type Action string

// The actions of the order workflow. Those marked "system" are consequences a
// sweep applies strictly after a deadline (R0.3); remind, flag_ship_overdue and flag_slow change a
// flag, not the state.
const (
	OrderPay             Action = "pay"
	OrderConfirm         Action = "confirm" // merchant, or system after the confirm deadline
	OrderShip            Action = "ship"
	OrderDeliver         Action = "deliver"
	OrderComplete        Action = "complete" // buyer, or system 10 days after delivery
	OrderCancel          Action = "cancel"
	OrderClose           Action = "close" // system: unpaid for more than 24h
	OrderRemind          Action = "remind"
	OrderChangeAddress   Action = "change_address"
	OrderFlagShipOverdue Action = "flag_ship_overdue"
	OrderTrack           Action = "track"
	OrderFlagSlow        Action = "flag_slow"
	OrderMarkLost        Action = "mark_lost"
	OrderRefund          Action = "refund"
	OrderRejectRefund    Action = "reject_refund"
)

// orderFSM is the order workflow table (R2.3.4–R2.3.8) that every order action
// checks against. It is immutable after construction. Its timeout labels are
// those of DefaultPolicy; OrderWorkflow relabels them for another policy.
var orderFSM = newOrderTable()

func newOrderTable() *shopkit.Table[State, Action] {
	buyer, merchant, platform, system := shopkit.Buyer, shopkit.Merchant, shopkit.Platform, shopkit.System
	roles := func(r ...shopkit.Role) []shopkit.Role { return r }
	addressEditors := roles(buyer, merchant, platform) // a merchant or agent changes it at the buyer's request (R6.1)
	carrierSide := roles(merchant, platform, system)   // the carrier's record arrives through the host
	type tr = shopkit.Transition[State, Action]
	type to = shopkit.Timeout[State, Action]
	return shopkit.MustNewTable(WorkflowName, []tr{
		{From: OrderPendingPayment, Action: OrderPay, Roles: roles(buyer, system), To: OrderPaid},
		{From: OrderPendingPayment, Action: OrderCancel, Roles: roles(buyer, platform), To: OrderClosed},
		{From: OrderPendingPayment, Action: OrderClose, Roles: roles(system), To: OrderClosed},
		{From: OrderPendingPayment, Action: OrderRemind, Roles: roles(system), To: OrderPendingPayment},
		{From: OrderPendingPayment, Action: OrderChangeAddress, Roles: addressEditors, To: OrderPendingPayment},

		{From: OrderPaid, Action: OrderConfirm, Roles: roles(merchant, system), To: OrderConfirmed},
		{From: OrderPaid, Action: OrderCancel, Roles: roles(buyer), To: OrderRefundRequested},
		{From: OrderPaid, Action: OrderChangeAddress, Roles: addressEditors, To: OrderPaid},
		{From: OrderPaid, Action: OrderFlagShipOverdue, Roles: roles(system), To: OrderPaid},

		{From: OrderConfirmed, Action: OrderShip, Roles: roles(merchant), To: OrderShipped},
		{From: OrderConfirmed, Action: OrderCancel, Roles: roles(buyer), To: OrderRefundRequested},
		{From: OrderConfirmed, Action: OrderChangeAddress, Roles: addressEditors, To: OrderConfirmed},
		{From: OrderConfirmed, Action: OrderFlagShipOverdue, Roles: roles(system), To: OrderConfirmed},

		{From: OrderShipped, Action: OrderDeliver, Roles: carrierSide, To: OrderDelivered},
		{From: OrderShipped, Action: OrderTrack, Roles: carrierSide, To: OrderShipped},
		{From: OrderShipped, Action: OrderFlagSlow, Roles: roles(system), To: OrderShipped},
		{From: OrderShipped, Action: OrderMarkLost, Roles: carrierSide, To: OrderShipped},

		{From: OrderDelivered, Action: OrderComplete, Roles: roles(buyer, system), To: OrderCompleted},

		{From: OrderRefundRequested, Action: OrderRefund, Roles: roles(merchant, platform, system), To: OrderRefunded},
		{From: OrderRefundRequested, Action: OrderRejectRefund, Roles: roles(merchant, platform, system), To: OrderConfirmed},
	},
		to{State: OrderPendingPayment, Action: OrderClose},
		to{State: OrderPaid, Action: OrderConfirm},
		to{State: OrderConfirmed, Action: OrderFlagShipOverdue},
		to{State: OrderShipped, Action: OrderFlagSlow},
		to{State: OrderDelivered, Action: OrderComplete},
	).Relabel(func(t to) string { return timeoutLabel(t.Action, DefaultPolicy()) })
}

// OrderWorkflow returns the order workflow table with its timeouts labelled by
// p's deadlines ("24h unpaid", "10 days"), for a frontend or a diagram of the
// policy in force. Orders check against the same transitions whatever p is.
func OrderWorkflow(p Policy) *shopkit.Table[State, Action] {
	return orderFSM.Relabel(func(t shopkit.Timeout[State, Action]) string { return timeoutLabel(t.Action, p) })
}

// OrderDiagram draws OrderWorkflow(p) as a Mermaid state diagram.
func OrderDiagram(p Policy) string { return OrderWorkflow(p).Mermaid() }

// timeoutLabel describes the deadline of the consequence action as the rules
// word it: hour deadlines in hours, natural-day deadlines in days (R2.3.4).
func timeoutLabel(action Action, p Policy) string {
	switch action {
	case OrderClose:
		return hours(p.CloseUnpaidAfter) + " unpaid"
	case OrderConfirm:
		return hours(p.ConfirmWithin)
	case OrderFlagShipOverdue:
		return hours(p.ShipWithin) + " of payment"
	case OrderFlagSlow:
		return days(p.TrackingStaleAfter) + " without tracking"
	case OrderComplete:
		return days(p.AutoCompleteAfter)
	}
	return ""
}

// hours writes d as "48h" or "30 min", and as Go writes it when it is not whole.
func hours(d time.Duration) string {
	switch {
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d > 0 && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return d.String()
}

// days writes d as "10 days" or "1 day" when it is whole days, else as hours.
func days(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d > 0 && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " days"
	}
	return hours(d)
}

// orderStateSet and orderActionSet are the strict text codecs of the workflow's
// states and actions; immutable after construction.
var (
	orderStateSet = enum.New(CodeUnknownState, "state",
		OrderPendingPayment, OrderPaid, OrderConfirmed, OrderShipped, OrderDelivered,
		OrderCompleted, OrderClosed, OrderRefundRequested, OrderRefunded)
	orderActionSet = enum.New(CodeUnknownAction, "action",
		OrderPay, OrderConfirm, OrderShip, OrderDeliver, OrderComplete, OrderCancel,
		OrderClose, OrderRemind, OrderChangeAddress, OrderFlagShipOverdue, OrderTrack, OrderFlagSlow, OrderMarkLost,
		OrderRefund, OrderRejectRefund)
)

// OrderStates lists every state of the order workflow.
func OrderStates() []State { return orderStateSet.Values() }

// OrderActions lists every action of the order workflow.
func OrderActions() []Action { return orderActionSet.Values() }

// Terminal reports whether no action leaves the state (completed, closed,
// refunded).
func (s State) Terminal() bool { return orderFSM.Terminal(s) }

// Valid reports whether s is a state of the order workflow.
func (s State) Valid() bool { return orderStateSet.Valid(s) }

// MarshalText implements encoding.TextMarshaler; an unknown state is an error.
func (s State) MarshalText() ([]byte, error) { return orderStateSet.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; it rejects unknown states
// (CodeUnknownState).
func (s *State) UnmarshalText(b []byte) error { return orderStateSet.Unmarshal(s, b) }

// Valid reports whether a is an action of the order workflow.
func (a Action) Valid() bool { return orderActionSet.Valid(a) }

// MarshalText implements encoding.TextMarshaler; an unknown action is an error.
func (a Action) MarshalText() ([]byte, error) { return orderActionSet.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; it rejects unknown actions
// (CodeUnknownAction).
func (a *Action) UnmarshalText(b []byte) error { return orderActionSet.Unmarshal(a, b) }

// transition checks action by by in the order's state (R2.3.8, R0.4): first
// that by is a party of this order (Order.Parties; CodeNotParty otherwise,
// whatever the state, so a stranger learns nothing of the order), then the
// table (a *shopkit.TransitionError for a wrong state or role). Nothing changes
// on error.
func (o *Order) transition(action Action, by shopkit.Actor) (State, error) {
	if err := o.built(); err != nil {
		return o.state, err
	}
	return orderFSM.Authorize(o.state, action, by, o.Parties())
}

// built reports an Order that neither NewOrder nor RestoreOrder built (the
// zero Order): its actions return shopkit.NotBuilt and change nothing.
func (o *Order) built() error {
	if o.id == uuid.Nil {
		return shopkit.NotBuilt("order.Order")
	}
	return nil
}

// The kinds of reference an entry's Evidence cites, each as
// "<kind><reference>", so the trail says what a reference is (R0.4): every
// reference an action cites is in that action's own entry, and the trail is
// append-only, so a later action never loses an earlier one.
const (
	EvidencePayment = "payment:" // the gateway's transaction reference of a payment (R2.5)
	EvidenceWaybill = "waybill:" // the carrier's tracking (waybill) number of the shipment (R2.3.4, R2.3.7)
)

// waybill is the evidence of an action about the shipment: its waybill.
func (o *Order) waybill() []string { return []string{EvidenceWaybill + o.trackingNumber} }

// change moves the order to to and records the audit entry (R0.4).
func (o *Order) change(by shopkit.Actor, at time.Time, action Action, to State, reason string, evidence []string) {
	from := o.state
	o.state = to
	o.journal.Change(by, at, string(action), string(from), string(to), reason, evidence)
}

// releaseStock ends the order's reservation: it records the release step the
// service runs after the update (StepRelease) and emits the release_stock effect
// for the host's outbox, both by the order's ref. Under ReserveAtPayment an
// unpaid order holds nothing by its own account, but a Pay that reserved and
// then failed to save its update (a crash between the two) leaves a hold under
// the order's ref: closing the unpaid order releases the ref all the same,
// which is a no-op when it holds nothing.
func (o *Order) releaseStock(at time.Time, action Action) {
	if o.stockReserved || o.policy.reserveAtPayment() && o.paidAt.IsZero() {
		o.stockReserved = false
		o.recordStockStep(StepRelease, at)
		o.journal.Emit(at, string(action), shopkit.Effect{Type: shopkit.EffectReleaseStock, Ref: o.id.String(), Note: "order " + o.number})
	}
}

func notAllowed(code, detail string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, code, detail)
}

// Pay records the buyer's payment (R2.3.4, R2.5). The amount must equal the
// order's total (CodePaymentAmountMismatch) and the payment must have been
// taken by the close deadline: at exactly CloseUnpaidAfter after placing it is in
// time, 1 ns later it is CodePaymentWindowClosed. A zero PaidAt means now.
func (o *Order) Pay(by shopkit.Actor, p Payment, now time.Time) error {
	to, err := o.transition(OrderPay, by)
	if err != nil {
		return err
	}
	if p.PaidAt.IsZero() {
		p.PaidAt = now
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if p.PaidAt.After(now) || p.PaidAt.Before(o.placedAt) {
		return shopkit.Invalid(CodeInvalidPayment, "paid_at", "must be between placing and now")
	}
	if p.PaidAt.After(o.placedAt.Add(o.policy.CloseUnpaidAfter)) {
		return notAllowed(CodePaymentWindowClosed, "order "+o.number+" was unpaid for "+o.policy.CloseUnpaidAfter.String()+" and closes")
	}
	if !p.Amount.Equal(o.total) {
		return shopkit.Invalid(CodePaymentAmountMismatch, "amount", "must equal the order total "+o.total.String())
	}
	o.payment = p.clone()
	o.paidAt = p.PaidAt
	if o.policy.reserveAtPayment() {
		o.stockReserved = true // R2.2: reserved at payment (the service reserved it before this update)
	}
	o.change(by, now, OrderPay, to, string(p.Method)+" "+p.GatewayRef, []string{EvidencePayment + p.GatewayRef})
	o.journal.Emit(now, string(OrderPay), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.merchantParty(), Ref: o.id.String(), Note: "order_paid"})
	return nil
}

// Confirm records the merchant's check of a paid order (R2.3.4). A confirmation
// after ConfirmWithin of payment records the merchant as late.
func (o *Order) Confirm(by shopkit.Actor, now time.Time) error {
	to, err := o.transition(OrderConfirm, by)
	if err != nil {
		return err
	}
	// R0.3, R2.3.4: a confirmation at exactly the deadline is in time.
	o.confirm(by, now, to, "", now.After(o.paidAt.Add(o.policy.ConfirmWithin)))
	return nil
}

// confirm records the confirmation at at; late marks the merchant late. The
// sweep's confirmation comes only strictly after the deadline and is stamped
// with it, so it passes late explicitly.
func (o *Order) confirm(by shopkit.Actor, at time.Time, to State, reason string, late bool) {
	if late {
		o.flags.ConfirmedLate = true
	}
	o.confirmedAt = at
	o.change(by, at, OrderConfirm, to, reason, nil)
}

// Ship records the shipment with its carrier and tracking number (R2.3.4); the
// buyer is notified (an effect) and the reservation counts as committed: the
// order records the commit as its pending stock step (StepCommit), which the
// service runs through the StockKeeper after saving the shipment. A shipment
// after ShipWithin of payment is flagged ShipOverdue.
func (o *Order) Ship(by shopkit.Actor, carrier, trackingNumber string, now time.Time) error {
	to, err := o.transition(OrderShip, by)
	if err != nil {
		return err
	}
	if strings.TrimSpace(carrier) == "" {
		return shopkit.Invalid(CodeInvalidShipment, "carrier", "is required")
	}
	if strings.TrimSpace(trackingNumber) == "" {
		return shopkit.Invalid(CodeInvalidShipment, "tracking_number", "is required")
	}
	if now.After(o.paidAt.Add(o.policy.ShipWithin)) {
		o.flags.ShipOverdue = true
	}
	o.carrier, o.trackingNumber = carrier, trackingNumber
	o.shippedAt, o.lastTrackingAt = now, now
	o.stockReserved = false // committed at shipment (R2.2), by the service after this update
	o.recordStockStep(StepCommit, now)
	o.change(by, now, OrderShip, to, carrier+" "+trackingNumber, o.waybill())
	o.journal.Emit(now, string(OrderShip), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.buyerParty(), Ref: o.id.String(),
		Note: "order_shipped " + carrier + " " + trackingNumber})
	return nil
}

// Deliver records that the parcel was signed for at signedAt (zero means now),
// which must be between shipment and now (R2.3.4). The auto-complete deadline
// and the no-reason return window (R3.2) run from signedAt.
func (o *Order) Deliver(by shopkit.Actor, signedAt, now time.Time) error {
	to, err := o.transition(OrderDeliver, by)
	if err != nil {
		return err
	}
	if signedAt.IsZero() {
		signedAt = now
	}
	if signedAt.After(now) || signedAt.Before(o.shippedAt) {
		return shopkit.Invalid(CodeInvalidDelivery, "signed_at", "must be between shipment and now")
	}
	o.deliveredAt = signedAt
	o.flags.TrackingSlow = false
	o.change(by, now, OrderDeliver, to, "signed for at "+signedAt.UTC().Format(time.RFC3339), o.waybill())
	return nil
}

// Complete records the buyer's confirmation of receipt (R2.3.4); the system
// completes a delivered order AutoCompleteAfter after it was signed for.
func (o *Order) Complete(by shopkit.Actor, now time.Time) error {
	to, err := o.transition(OrderComplete, by)
	if err != nil {
		return err
	}
	o.completedAt = now
	o.change(by, now, OrderComplete, to, "", nil)
	return nil
}

// Cancel is the buyer's cancellation before shipment (R2.3.4). Before payment
// the order closes and its stock is released (a pending release step and a
// release_stock effect, finished by the Service). After payment it moves
// to refund_requested and records a RefundOnlyRequest for the after-sales
// package; when the ship deadline has passed (strictly after ShipWithin of
// payment) the request is marked AutoApprove. After shipment it is a
// TransitionError: the buyer opens an after-sales case instead.
func (o *Order) Cancel(by shopkit.Actor, reason string, now time.Time) error {
	to, err := o.transition(OrderCancel, by)
	if err != nil {
		return err
	}
	if to == OrderClosed {
		o.closedAt = now
		o.change(by, now, OrderCancel, to, reason, nil)
		o.releaseStock(now, OrderCancel)
		o.journal.Emit(now, string(OrderCancel), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.merchantParty(), Ref: o.id.String(), Note: "order_cancelled"})
		return nil
	}
	o.refund = &RefundOnlyRequest{
		OrderID: o.id, OrderNumber: o.number, BuyerID: o.buyerID, MerchantID: o.merchantID,
		Lines: slices.Clone(o.lines), Shipping: o.shipping, ShippingDiscount: o.shippingDiscount, Total: o.total,
		Payment: o.payment.clone(), Reason: reason, RequestedAt: now, AutoApprove: now.After(o.paidAt.Add(o.policy.ShipWithin)),
	}
	o.change(by, now, OrderCancel, to, reason, nil)
	o.journal.Emit(now, string(OrderCancel), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.merchantParty(), Ref: o.id.String(), Note: "refund_requested"})
	return nil
}

// MarkRefunded records that the refund-only case of a cancelled order has
// refunded it: the order ends in refunded and its stock is released (a pending
// release step and a release_stock effect).
// The refund money itself is the after-sales case's effect, not the order's.
func (o *Order) MarkRefunded(by shopkit.Actor, reason string, now time.Time) error {
	to, err := o.transition(OrderRefund, by)
	if err != nil {
		return err
	}
	o.closedAt = now
	o.change(by, now, OrderRefund, to, reason, nil)
	o.releaseStock(now, OrderRefund)
	return nil
}

// RejectRefund records that the refund-only case was rejected or withdrawn: the
// order goes back to confirmed and waits for shipment (its ship deadline still
// runs from payment).
func (o *Order) RejectRefund(by shopkit.Actor, reason string, now time.Time) error {
	to, err := o.transition(OrderRejectRefund, by)
	if err != nil {
		return err
	}
	o.refund = nil
	if o.confirmedAt.IsZero() {
		o.confirmedAt = now
	}
	o.change(by, now, OrderRejectRefund, to, reason, nil)
	return nil
}

// ChangeAddress replaces the shipping address; allowed until shipment (R2.3.6),
// after it a TransitionError.
func (o *Order) ChangeAddress(by shopkit.Actor, a Address, now time.Time) error {
	to, err := o.transition(OrderChangeAddress, by)
	if err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	o.address = a
	o.change(by, now, OrderChangeAddress, to, "address changed", nil) // the address itself stays out of the audit text (R0.5)
	return nil
}

// RecordTrackingUpdate records a carrier tracking event at at (zero means now,
// not after now) on a shipped order: the slow-tracking flag clears and the
// TrackingStaleAfter deadline restarts from the latest update (R2.3.7).
func (o *Order) RecordTrackingUpdate(by shopkit.Actor, at, now time.Time) error {
	to, err := o.transition(OrderTrack, by)
	if err != nil {
		return err
	}
	if at.IsZero() {
		at = now
	}
	if at.After(now) {
		return shopkit.Invalid(CodeInvalidTrackingUpdate, "at", "must not be after now")
	}
	if at.After(o.lastTrackingAt) {
		o.lastTrackingAt = at
	}
	o.flags.TrackingSlow = false
	o.change(by, now, OrderTrack, to, "tracking update at "+at.UTC().Format(time.RFC3339), o.waybill())
	return nil
}

// MarkLost flags a shipped order's parcel as lost (R2.3.7); the buyer is
// notified and the order is listed for customer service.
func (o *Order) MarkLost(by shopkit.Actor, reason string, now time.Time) error {
	to, err := o.transition(OrderMarkLost, by)
	if err != nil {
		return err
	}
	o.flags.Lost = true
	o.change(by, now, OrderMarkLost, to, reason, o.waybill())
	o.journal.Emit(now, string(OrderMarkLost), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.buyerParty(), Ref: o.id.String(), Note: "parcel_lost"})
	return nil
}

// orderDue is a pending consequence: the system action due at at.
type orderDue struct {
	at     time.Time
	action Action
}

// nextDue returns the earliest pending consequence of the order's state (R0.3);
// on a tie the state change comes first.
func (o *Order) nextDue() (orderDue, bool) {
	var c [2]orderDue
	n := 0
	add := func(at time.Time, a Action) { c[n] = orderDue{at, a}; n++ }
	p := o.policy
	switch o.state {
	case OrderPendingPayment:
		closeAt := o.placedAt.Add(p.CloseUnpaidAfter)
		add(closeAt, OrderClose) // R2.3.4
		if remind := o.reminderAt(); !o.flags.Reminded && remind.Before(closeAt) {
			add(remind, OrderRemind) // R2.3.5, R6.1: in business hours, only while still payable
		}
	case OrderPaid:
		if o.stockReserved { // R2.2, R2.3.4: the system confirms only an order whose stock is reserved
			add(o.paidAt.Add(p.ConfirmWithin), OrderConfirm)
		}
		if !o.flags.ShipOverdue {
			add(o.paidAt.Add(p.ShipWithin), OrderFlagShipOverdue)
		}
	case OrderConfirmed:
		if !o.flags.ShipOverdue {
			add(o.paidAt.Add(p.ShipWithin), OrderFlagShipOverdue)
		}
	case OrderShipped:
		if !o.flags.Lost && !o.flags.TrackingSlow {
			add(o.lastTrackingAt.Add(p.TrackingStaleAfter), OrderFlagSlow) // R2.3.7
		}
	case OrderDelivered:
		add(o.deliveredAt.Add(p.AutoCompleteAfter), OrderComplete) // R2.3.4: 10 natural days
	}
	if n == 0 {
		return orderDue{}, false
	}
	best := c[0]
	if n == 2 && c[1].at.Before(best.at) {
		best = c[1]
	}
	return best, true
}

// Deadline returns the time of the order's earliest pending consequence, which
// applies strictly after it (R0.3): the key of the store's Due index, so it
// must stay the earliest. On an unpaid order that is the payment reminder (30
// min, R2.3.5) while it is still to be sent, not the payment limit; the
// countdown a frontend shows the buyer of an unpaid order is PaymentDeadline.
// In every other state it is the deadline whose consequence the parties see
// (confirmation, shipment, tracking, completion).
func (o *Order) Deadline() (time.Time, bool) {
	d, ok := o.nextDue()
	return d.at, ok
}

// PaymentDeadline returns the payment limit of an unpaid order (R2.3.4,
// R0.3): placing + CloseUnpaidAfter (24h by default). A payment taken at
// exactly it is in time; the order closes strictly after it. The bool is false
// once the order has left pending_payment (paid, cancelled or closed). It is
// the countdown a frontend shows the buyer; Deadline, the key of the due
// index, is the earlier reminder while the reminder is still to be sent.
func (o *Order) PaymentDeadline() (time.Time, bool) {
	if o.built() != nil || o.state != OrderPendingPayment {
		return time.Time{}, false
	}
	return o.placedAt.Add(o.policy.CloseUnpaidAfter), true
}

// ApplyDue applies the earliest consequence whose deadline is strictly before
// now (R0.3, R2.9), through the checked transition as the system, stamped with
// the deadline's time: close an unpaid order (24h), send the payment reminder
// (30 min, skipped when the sweep comes at or after the close deadline),
// confirm for a late merchant (24h, only while the order's stock is reserved),
// flag a shipment overdue (48h), flag slow tracking (3 days), complete a
// delivered order (10 days). At exactly a deadline nothing is due: the party's
// action is still in time. When nothing is due it returns shopkit.CodeNotDue
// (ErrConflict); on the zero Order, shopkit.NotBuilt.
func (o *Order) ApplyDue(now time.Time) error {
	if err := o.built(); err != nil {
		return err
	}
	d, ok := o.nextDue()
	if !ok || !now.After(d.at) {
		return shopkit.NotDue(o.id)
	}
	if closeAt := o.placedAt.Add(o.policy.CloseUnpaidAfter); d.action == OrderRemind && !now.Before(closeAt) {
		// R2.3.5: a sweep that comes only at or after the close deadline does not
		// send a reminder the buyer could no longer act on. Strictly after it the
		// order closes; at exactly it the buyer may still pay and nothing is due.
		if !now.After(closeAt) {
			return shopkit.NotDue(o.id)
		}
		d = orderDue{closeAt, OrderClose}
	}
	sys := shopkit.SystemActor()
	to, err := o.transition(d.action, sys)
	if err != nil {
		return err
	}
	at := d.at
	switch d.action {
	case OrderClose:
		o.closedAt = at
		o.change(sys, at, OrderClose, to, "unpaid for "+o.policy.CloseUnpaidAfter.String(), nil)
		o.releaseStock(at, OrderClose)
		o.journal.Emit(at, string(OrderClose), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.buyerParty(), Ref: o.id.String(), Note: "order_closed_unpaid"})
	case OrderRemind:
		o.flags.Reminded = true
		o.change(sys, at, OrderRemind, to, "payment reminder", nil)
		o.journal.Emit(at, string(OrderRemind), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.buyerParty(), Ref: o.id.String(), Note: "payment_reminder"})
	case OrderConfirm:
		o.confirm(sys, at, to, "merchant did not confirm within "+o.policy.ConfirmWithin.String(), true)
	case OrderFlagShipOverdue:
		o.flags.ShipOverdue = true
		o.change(sys, at, OrderFlagShipOverdue, to, "not shipped within "+o.policy.ShipWithin.String()+" of payment", nil)
		o.journal.Emit(at, string(OrderFlagShipOverdue), shopkit.Effect{Type: shopkit.EffectNotify, Party: o.buyerParty(), Ref: o.id.String(), Note: "ship_overdue"})
	case OrderFlagSlow:
		o.flags.TrackingSlow = true
		o.change(sys, at, OrderFlagSlow, to, "no tracking update for "+o.policy.TrackingStaleAfter.String(), o.waybill())
	case OrderComplete:
		o.completedAt = at
		o.change(sys, at, OrderComplete, to, "completed "+o.policy.AutoCompleteAfter.String()+" after delivery", nil)
	}
	return nil
}

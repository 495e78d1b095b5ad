package order_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.3.3: paid total = Σ line paid + shipping − shipping discount; a missing
// Subtotal and an undiscounted line's Paid are filled in.
func TestNewOrder_Total_R2_3_3(t *testing.T) {
	o := newTestOrder(t)
	lines := o.Lines()
	require.Len(t, lines, 2)
	assert.Equal(t, shopkit.CNY(3000), lines[1].Subtotal)
	assert.Equal(t, shopkit.CNY(3000), lines[1].Paid)
	want := lines[0].Paid.Amount() + lines[1].Paid.Amount() + o.Shipping().Amount() - o.ShippingDiscount().Amount()
	assert.Equal(t, shopkit.CNY(want), o.Total())
	assert.Equal(t, shopkit.CNY(placeTotal), o.Total())
	require.NoError(t, o.VerifyTotal())
	assert.Equal(t, order.OrderPendingPayment, o.State())
	assert.Equal(t, t0, o.PlacedAt())
	assert.True(t, o.StockReserved(), "R2.2: reserved at creation by default")

	// Free shipping: the discount equals the fee exactly.
	in := placeInput()
	in.ShippingDiscount = in.Shipping
	free, err := order.NewOrder(in, "1", order.DefaultPolicy(), t0)
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(placeTotal-500), free.Total())
}

// R2.3.2, R2.3.3: bad lines and amounts are typed errors; nothing is created.
func TestNewOrder_BadInput_R2_3_2(t *testing.T) {
	eur := shopkit.MustMoney(100, "EUR")
	cases := []struct {
		name string
		edit func(*order.PlaceOrder)
		code string
		kind error
	}{
		{"zero quantity", func(p *order.PlaceOrder) { p.Lines[1].Quantity = 0 }, order.CodeInvalidQuantity, shopkit.ErrInvalid},
		{"negative quantity", func(p *order.PlaceOrder) { p.Lines[1].Quantity = -1 }, order.CodeInvalidQuantity, shopkit.ErrInvalid},
		{"zero price", func(p *order.PlaceOrder) { p.Lines[1].UnitPrice = shopkit.CNY(0) }, order.CodeInvalidPrice, shopkit.ErrInvalid},
		{"subtotal one fen off", func(p *order.PlaceOrder) { p.Lines[0].Subtotal = shopkit.CNY(19999) }, order.CodeInvalidLineAmount, shopkit.ErrInvalid},
		{"paid one fen off", func(p *order.PlaceOrder) { p.Lines[0].Paid = shopkit.CNY(17501) }, order.CodeInvalidLineAmount, shopkit.ErrInvalid},
		{"discounts exceed subtotal", func(p *order.PlaceOrder) {
			p.Lines[1].CouponDiscount = shopkit.CNY(3001)
			p.Lines[1].Paid = shopkit.CNY(-1)
		}, order.CodeInvalidLineAmount, shopkit.ErrInvalid},
		{"mixed currency", func(p *order.PlaceOrder) { p.Lines[1].UnitPrice = eur }, order.CodeCurrencyMismatch, shopkit.ErrCurrencyMismatch},
		{"shipping in another currency", func(p *order.PlaceOrder) { p.Shipping = eur }, order.CodeCurrencyMismatch, shopkit.ErrCurrencyMismatch},
		{"shipping discount over shipping by one fen", func(p *order.PlaceOrder) { p.ShippingDiscount = shopkit.CNY(1001) }, order.CodeInvalidShipping, shopkit.ErrInvalid},
		{"no lines", func(p *order.PlaceOrder) { p.Lines = nil }, order.CodeInvalidOrder, shopkit.ErrInvalid},
		{"no buyer", func(p *order.PlaceOrder) { p.BuyerID = "" }, order.CodeInvalidOrder, shopkit.ErrInvalid},
		{"no phone", func(p *order.PlaceOrder) { p.Address.Phone = "" }, order.CodeInvalidAddress, shopkit.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := placeInput()
			c.edit(&in)
			o, err := order.NewOrder(in, "1", order.DefaultPolicy(), t0)
			require.Error(t, err)
			assert.Nil(t, o)
			assert.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
		})
	}
}

// R2.3.4, R0.3: an order unpaid for exactly 24h is still payable and the sweep
// does nothing (NotDue); 1 ns later it closes. The close is stamped with the
// deadline and releases the stock.
func TestCloseUnpaid_R2_3_4(t *testing.T) {
	o := newTestOrder(t)
	pd, ok := o.PaymentDeadline()
	require.True(t, ok)
	assert.Equal(t, t0.Add(24*time.Hour), pd, "the buyer's countdown is the payment limit, not the reminder")
	require.NoError(t, o.ApplyDue(t0.Add(30*time.Minute+time.Nanosecond))) // the reminder comes first
	d, ok := o.Deadline()
	require.True(t, ok)
	assert.Equal(t, t0.Add(24*time.Hour), d)

	err := o.ApplyDue(t0.Add(24 * time.Hour))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err), "at exactly the deadline nothing is due")
	assert.Equal(t, order.OrderPendingPayment, o.State())
	payer := o.Clone()
	require.NoError(t, payer.Pay(buyer, payment(t0.Add(24*time.Hour)), t0.Add(24*time.Hour)), "paying at exactly the deadline is in time")
	assert.Equal(t, order.OrderPaid, payer.State())
	_, ok = payer.PaymentDeadline()
	assert.False(t, ok, "a paid order has no payment deadline")

	require.NoError(t, o.ApplyDue(t0.Add(24*time.Hour+time.Nanosecond)))
	assert.Equal(t, order.OrderClosed, o.State())
	assert.Equal(t, t0.Add(24*time.Hour), o.ClosedAt())
	h := o.History()
	assert.Equal(t, "close", effectsOrChanges(h, shopkit.EntryChange)[len(effectsOrChanges(h, shopkit.EntryChange))-1].Action)
	releases := effectsOf(o, shopkit.EffectReleaseStock, "")
	require.Len(t, releases, 1)
	assert.Equal(t, o.ID().String(), releases[0].Effect.Ref)
	assert.False(t, o.StockReserved())
	_, ok = o.Deadline()
	assert.False(t, ok, "a closed order waits for nothing")
	assert.True(t, o.State().Terminal())
}

func effectsOrChanges(h []shopkit.Entry, kind shopkit.EntryKind) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range h {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// R2.3.4: a payment taken at exactly 24h is in time; 1 ns later the window is
// closed and nothing changes. The amount must equal the total to the fen.
func TestPay_Window_R2_3_4(t *testing.T) {
	o := newTestOrder(t)
	late := t0.Add(24*time.Hour + time.Nanosecond)
	err := o.Pay(buyer, payment(late), late)
	assert.Equal(t, order.CodePaymentWindowClosed, shopkit.CodeOf(err))
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, order.OrderPendingPayment, o.State())

	short := payment(t0.Add(time.Hour))
	short.Amount = shopkit.CNY(placeTotal - 1)
	assert.Equal(t, order.CodePaymentAmountMismatch, shopkit.CodeOf(o.Pay(buyer, short, t0.Add(time.Hour))))

	onTime := t0.Add(24 * time.Hour)
	require.NoError(t, o.Pay(system, payment(onTime), onTime))
	assert.Equal(t, order.OrderPaid, o.State())
	assert.Equal(t, onTime, o.PaidAt())
	p, ok := o.Payment()
	require.True(t, ok)
	assert.Equal(t, "WX-4200001", p.GatewayRef)
}

// R2.3.5, R0.3: one payment reminder falls due strictly after 30 minutes (at
// exactly 30 min the sweep does nothing), only while payable, and is sent once,
// stamped with its deadline.
func TestPaymentReminder_R2_3_5(t *testing.T) {
	o := newTestOrder(t)
	d, ok := o.Deadline()
	require.True(t, ok)
	assert.Equal(t, t0.Add(30*time.Minute), d, "the due index keys on the earliest consequence")
	err := o.ApplyDue(t0.Add(30 * time.Minute))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
	assert.False(t, o.Flags().Reminded)

	require.NoError(t, o.ApplyDue(t0.Add(30*time.Minute+time.Nanosecond)))
	assert.Equal(t, order.OrderPendingPayment, o.State(), "a reminder changes no state")
	assert.True(t, o.Flags().Reminded)
	reminders := effectsOf(o, shopkit.EffectNotify, "payment_reminder")
	require.Len(t, reminders, 1)
	assert.Equal(t, t0.Add(30*time.Minute), reminders[0].At)
	assert.Equal(t, "buyer:"+buyer.ID, reminders[0].Effect.Party)

	require.ErrorIs(t, o.ApplyDue(t0.Add(time.Hour)), shopkit.ErrConflict, "no second reminder")
	require.NoError(t, o.ApplyDue(t0.Add(48*time.Hour)))
	assert.Len(t, effectsOf(o, shopkit.EffectNotify, "payment_reminder"), 1)

	// A sweep that comes only at exactly the close deadline neither reminds (too
	// late to help) nor closes (the buyer may still pay): NotDue. 1 ns later it
	// closes without reminding. 1 ns before the deadline the overdue reminder
	// is still sent, stamped at 30 min.
	late := newTestOrder(t)
	err = late.ApplyDue(t0.Add(24 * time.Hour))
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
	assert.Equal(t, order.OrderPendingPayment, late.State())
	require.NoError(t, late.ApplyDue(t0.Add(24*time.Hour+time.Nanosecond)))
	assert.Equal(t, order.OrderClosed, late.State())
	assert.Equal(t, t0.Add(24*time.Hour), late.ClosedAt())
	assert.Empty(t, effectsOf(late, shopkit.EffectNotify, "payment_reminder"))
	early := newTestOrder(t)
	require.NoError(t, early.ApplyDue(t0.Add(24*time.Hour-time.Nanosecond)))
	assert.Equal(t, order.OrderPendingPayment, early.State())
	require.Len(t, effectsOf(early, shopkit.EffectNotify, "payment_reminder"), 1)
	assert.Equal(t, t0.Add(30*time.Minute), effectsOf(early, shopkit.EffectNotify, "payment_reminder")[0].At)

	// Paid after 30 minutes but before a sweep ran: no reminder after payment.
	unswept := newTestOrder(t)
	require.NoError(t, unswept.Pay(buyer, payment(t0.Add(31*time.Minute)), t0.Add(31*time.Minute)))
	d, _ = unswept.Deadline()
	assert.Equal(t, t0.Add(31*time.Minute+24*time.Hour), d)
	require.NoError(t, unswept.ApplyDue(t0.Add(30*24*time.Hour)))
	assert.False(t, unswept.Flags().Reminded)
	assert.Empty(t, effectsOf(unswept, shopkit.EffectNotify, "payment_reminder"))

	// Paid within 30 minutes: never reminded.
	p := newTestOrder(t)
	require.NoError(t, p.Pay(buyer, payment(t0.Add(29*time.Minute)), t0.Add(29*time.Minute)))
	d, _ = p.Deadline()
	assert.Equal(t, t0.Add(29*time.Minute+24*time.Hour), d, "next: the confirm deadline")
	require.NoError(t, p.ApplyDue(d.Add(time.Nanosecond)))
	assert.Empty(t, effectsOf(p, shopkit.EffectNotify, "payment_reminder"))
}

// R2.3.4, R0.3: the merchant confirms within 24h of payment; at exactly 24h it is
// in time, 1 ns later it is recorded late; unconfirmed, the system confirms
// strictly after the deadline (at exactly it the sweep does nothing), stamped
// with the deadline, and records the merchant as late.
func TestConfirm_R2_3_4(t *testing.T) {
	o, paid := paidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(24*time.Hour)))
	assert.False(t, o.Flags().ConfirmedLate)

	o, paid = paidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(24*time.Hour+time.Nanosecond)))
	assert.True(t, o.Flags().ConfirmedLate)

	o, paid = paidOrder(t)
	err := o.ApplyDue(paid.Add(24 * time.Hour))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err), "at exactly the deadline the merchant may still confirm")
	assert.Equal(t, order.OrderPaid, o.State())
	require.NoError(t, o.ApplyDue(paid.Add(24*time.Hour+time.Nanosecond)))
	assert.Equal(t, order.OrderConfirmed, o.State())
	assert.True(t, o.Flags().ConfirmedLate)
	assert.Equal(t, paid.Add(24*time.Hour), o.ConfirmedAt(), "stamped with the deadline, not the sweep's time")
	last := o.History()[len(o.History())-1]
	assert.Equal(t, shopkit.System, last.Role)
	assert.Equal(t, "confirm", last.Action)
}

// R2.3.4, R0.3: shipment is due within 48h of payment. At exactly 48h the sweep
// does nothing; 1 ns later the order is flagged, stamped with the deadline; a
// buyer cancelling after it gets an automatically approved refund, at exactly
// 48h the request still goes to the merchant.
func TestShipDeadline_R2_3_4(t *testing.T) {
	o, paid := paidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
	d, ok := o.Deadline()
	require.True(t, ok)
	assert.Equal(t, paid.Add(48*time.Hour), d)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(o.ApplyDue(d)))
	assert.False(t, o.Flags().ShipOverdue)
	require.NoError(t, o.ApplyDue(d.Add(time.Nanosecond)))
	assert.True(t, o.Flags().ShipOverdue)
	assert.Equal(t, d, o.History()[len(o.History())-1].At, "stamped with the deadline")
	assert.True(t, o.NeedsAttention())
	assert.Len(t, effectsOf(o, shopkit.EffectNotify, "ship_overdue"), 1)

	require.NoError(t, o.Cancel(buyer, "not shipped", paid.Add(48*time.Hour+time.Nanosecond)))
	req, ok := o.RefundRequest()
	require.True(t, ok)
	assert.True(t, req.AutoApprove)

	o, paid = paidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
	require.NoError(t, o.Cancel(buyer, "changed my mind", paid.Add(48*time.Hour)))
	req, _ = o.RefundRequest()
	assert.False(t, req.AutoApprove)

	// Shipped at exactly 48h: in time.
	o, paid = paidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
	require.NoError(t, o.Ship(merchant, "SF", "SF1", paid.Add(48*time.Hour)))
	assert.False(t, o.Flags().ShipOverdue)
}

// R2.3.4, R0.3: a delivered order completes automatically strictly after 10
// natural days from signing, stamped with the deadline; the buyer may confirm
// until then, at exactly the deadline too.
func TestAutoComplete_R2_3_4(t *testing.T) {
	o, shipped := shippedOrder(t)
	signed := shipped.Add(30 * time.Hour)
	require.NoError(t, o.Deliver(system, signed, signed.Add(time.Hour)))
	assert.Equal(t, signed, o.DeliveredAt())
	d, ok := o.Deadline()
	require.True(t, ok)
	assert.Equal(t, signed.Add(10*24*time.Hour), d)

	err := o.ApplyDue(signed.Add(10 * 24 * time.Hour))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
	assert.Equal(t, order.OrderDelivered, o.State())
	byBuyer := o.Clone()
	require.NoError(t, byBuyer.Complete(buyer, signed.Add(10*24*time.Hour)), "the buyer at exactly the deadline is in time")
	assert.Equal(t, shopkit.Buyer, byBuyer.History()[len(byBuyer.History())-1].Role)
	require.NoError(t, o.ApplyDue(signed.Add(10*24*time.Hour+time.Nanosecond)))
	assert.Equal(t, order.OrderCompleted, o.State())
	assert.Equal(t, signed.Add(10*24*time.Hour), o.CompletedAt())

	b, shipped := shippedOrder(t)
	require.NoError(t, b.Deliver(merchant, time.Time{}, shipped.Add(time.Hour)))
	require.NoError(t, b.Complete(buyer, shipped.Add(2*time.Hour)))
	assert.Equal(t, order.OrderCompleted, b.State())

	// Signed for before shipment or in the future: rejected.
	c, shipped := shippedOrder(t)
	assert.Equal(t, order.CodeInvalidDelivery, shopkit.CodeOf(c.Deliver(system, shipped.Add(-time.Second), shipped.Add(time.Hour))))
	assert.Equal(t, order.CodeInvalidDelivery, shopkit.CodeOf(c.Deliver(system, shipped.Add(2*time.Hour), shipped.Add(time.Hour))))
}

// R2.3.6: the address may change until shipment; after it the change is a
// TransitionError and nothing changes.
func TestChangeAddress_R2_3_6(t *testing.T) {
	moved := testAddress()
	moved.Detail = "文二路200号"
	o := newTestOrder(t)
	require.NoError(t, o.ChangeAddress(buyer, moved, t0.Add(time.Minute)))
	require.NoError(t, o.Pay(buyer, payment(t0.Add(2*time.Minute)), t0.Add(2*time.Minute)))
	require.NoError(t, o.ChangeAddress(platform, testAddress(), t0.Add(3*time.Minute)))
	require.NoError(t, o.Confirm(merchant, t0.Add(4*time.Minute)))
	require.NoError(t, o.ChangeAddress(buyer, moved, t0.Add(5*time.Minute)))
	assert.Equal(t, moved, o.Address())

	bad := moved
	bad.Recipient = ""
	assert.Equal(t, order.CodeInvalidAddress, shopkit.CodeOf(o.ChangeAddress(buyer, bad, t0.Add(5*time.Minute))))

	require.NoError(t, o.Ship(merchant, "SF", "SF1", t0.Add(6*time.Minute)))
	before := o.Snapshot()
	err := o.ChangeAddress(buyer, testAddress(), t0.Add(7*time.Minute))
	var te *shopkit.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "shipped", te.State)
	assert.Equal(t, "change_address", te.Action)
	assert.Equal(t, order.CodeWrongState, shopkit.CodeOf(err))
	assert.Equal(t, before, o.Snapshot())
}

// R2.3.8: a wrong role or state is a TransitionError naming state and action,
// and changes nothing.
func TestTransitionErrors_R2_3_8(t *testing.T) {
	o, _ := paidOrder(t)
	before := o.Snapshot()
	cases := []struct {
		name string
		act  func() error
		code string
	}{
		{"buyer confirms", func() error { return o.Confirm(buyer, t0.Add(time.Hour)) }, order.CodeWrongRole},
		{"merchant cancels", func() error { return o.Cancel(merchant, "", t0.Add(time.Hour)) }, order.CodeWrongRole},
		{"ship before confirm", func() error { return o.Ship(merchant, "SF", "1", t0.Add(time.Hour)) }, order.CodeWrongState},
		{"pay twice", func() error { return o.Pay(buyer, payment(t0.Add(time.Hour)), t0.Add(time.Hour)) }, order.CodeWrongState},
		{"deliver unshipped", func() error { return o.Deliver(system, time.Time{}, t0.Add(time.Hour)) }, order.CodeWrongState},
		{"complete unshipped", func() error { return o.Complete(buyer, t0.Add(time.Hour)) }, order.CodeWrongState},
		{"refund without request", func() error { return o.MarkRefunded(platform, "", t0.Add(time.Hour)) }, order.CodeWrongState},
		{"mark lost unshipped", func() error { return o.MarkLost(merchant, "", t0.Add(time.Hour)) }, order.CodeWrongState},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.act()
			require.ErrorIs(t, err, shopkit.ErrNotAllowed)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Equal(t, before, o.Snapshot())
		})
	}
	assert.ElementsMatch(t, []order.Action{order.OrderCancel, order.OrderChangeAddress}, o.AllowedActions(buyer))
	assert.ElementsMatch(t, []order.Action{order.OrderConfirm}, o.AllowedActions(merchant)[:1])
	assert.Empty(t, o.AllowedActions(stranger), "another buyer sees nothing (R0.4)")
}

// R2.3.7, R0.3: no tracking update for more than 3 natural days flags the order
// slow (listable), stamped with the deadline; at exactly 3 days the sweep does
// nothing and an update is in time; an update clears the flag and restarts the
// clock; a lost parcel is flagged too.
func TestLogisticsExceptions_R2_3_7(t *testing.T) {
	o, shipped := shippedOrder(t)
	d, ok := o.Deadline()
	require.True(t, ok)
	assert.Equal(t, shipped.Add(72*time.Hour), d)
	err := o.ApplyDue(shipped.Add(72 * time.Hour))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
	assert.False(t, o.Flags().TrackingSlow)
	onTime := o.Clone()
	require.NoError(t, onTime.RecordTrackingUpdate(system, d, d))
	d2, _ := onTime.Deadline()
	assert.Equal(t, d.Add(72*time.Hour), d2, "an update at exactly the deadline restarts the clock")
	require.NoError(t, o.ApplyDue(shipped.Add(72*time.Hour+time.Nanosecond)))
	assert.True(t, o.Flags().TrackingSlow)
	assert.Equal(t, d, o.History()[len(o.History())-1].At, "stamped with the deadline")
	assert.True(t, o.NeedsAttention())
	_, ok = o.Deadline()
	assert.False(t, ok, "flagged once")

	update := shipped.Add(80 * time.Hour)
	require.NoError(t, o.RecordTrackingUpdate(system, update, update.Add(time.Minute)))
	assert.False(t, o.Flags().TrackingSlow)
	assert.False(t, o.NeedsAttention())
	d, _ = o.Deadline()
	assert.Equal(t, update.Add(72*time.Hour), d)
	// An older event does not move the clock back.
	require.NoError(t, o.RecordTrackingUpdate(system, shipped.Add(time.Hour), update.Add(2*time.Minute)))
	d, _ = o.Deadline()
	assert.Equal(t, update.Add(72*time.Hour), d)

	require.NoError(t, o.MarkLost(platform, "carrier lost it", update.Add(time.Hour)))
	assert.True(t, o.Flags().Lost)
	assert.True(t, o.NeedsAttention())
	assert.Len(t, effectsOf(o, shopkit.EffectNotify, "parcel_lost"), 1)
	_, ok = o.Deadline()
	assert.False(t, ok)
}

// R2.3.4: the buyer's cancellation before payment closes the order and releases
// its stock; after payment it becomes a refund-only request for after-sales
// (R3.6); the refund ends the order, a rejection sends it back to shipping.
func TestCancel_R2_3_4(t *testing.T) {
	o := newTestOrder(t)
	require.NoError(t, o.Cancel(buyer, "ordered by mistake", t0.Add(time.Minute)))
	assert.Equal(t, order.OrderClosed, o.State())
	assert.Len(t, effectsOf(o, shopkit.EffectReleaseStock, ""), 1)
	_, ok := o.RefundRequest()
	assert.False(t, ok)

	p, paid := paidOrder(t)
	at := paid.Add(time.Hour)
	require.NoError(t, p.Cancel(buyer, "changed my mind", at))
	assert.Equal(t, order.OrderRefundRequested, p.State())
	req, ok := p.RefundRequest()
	require.True(t, ok)
	pay, _ := p.Payment()
	assert.Equal(t, order.RefundOnlyRequest{
		OrderID: p.ID(), OrderNumber: p.Number(), BuyerID: buyer.ID, MerchantID: placeInput().MerchantID,
		Lines: p.Lines(), Shipping: shopkit.CNY(1000), ShippingDiscount: shopkit.CNY(500),
		Total: shopkit.CNY(placeTotal), Payment: pay, Reason: "changed my mind", RequestedAt: at, AutoApprove: false,
	}, req, "everything after-sales needs to open the refund-only case")
	assert.Equal(t, int64(2), req.Lines[0].Quantity)
	assert.Equal(t, shopkit.CNY(17500), req.Lines[0].Paid)
	assert.Equal(t, "WX-4200001", req.Payment.GatewayRef)
	req.Lines[0].Paid = shopkit.CNY(1)
	again, _ := p.RefundRequest()
	assert.Equal(t, shopkit.CNY(17500), again.Lines[0].Paid, "the request is a copy")
	assert.Empty(t, effectsOf(p, shopkit.EffectReleaseStock, ""), "stock stays reserved until the refund")
	_, ok = p.Deadline()
	assert.False(t, ok, "after-sales owns the deadlines now")

	require.NoError(t, p.MarkRefunded(system, "case refunded", at.Add(time.Hour)))
	assert.Equal(t, order.OrderRefunded, p.State())
	assert.True(t, p.State().Terminal())
	assert.Len(t, effectsOf(p, shopkit.EffectReleaseStock, ""), 1)

	r, paid := paidOrder(t)
	require.NoError(t, r.Cancel(buyer, "", paid.Add(time.Hour)))
	require.NoError(t, r.RejectRefund(merchant, "already packed; buyer agreed", paid.Add(2*time.Hour)))
	assert.Equal(t, order.OrderConfirmed, r.State())
	_, ok = r.RefundRequest()
	assert.False(t, ok)
	d, _ := r.Deadline()
	assert.Equal(t, paid.Add(48*time.Hour), d, "the ship deadline still runs from payment")

	s, _ := shippedOrder(t)
	assert.Equal(t, order.CodeWrongState, shopkit.CodeOf(s.Cancel(buyer, "", t0.Add(10*time.Hour))))
}

// R0.5: String masks the phone number, the recipient and the street.
func TestOrderString_MasksPersonalData_R0_5(t *testing.T) {
	s := newTestOrder(t).String()
	assert.Contains(t, s, "138****5678")
	assert.NotContains(t, s, "13812345678")
	assert.NotContains(t, s, "文三路")
	assert.NotContains(t, s, "张三")
	assert.Contains(t, s, "20261122180000000001")
}

// R2.8: Snapshot and RestoreOrder round-trip every field.
func TestOrderSnapshotRoundTrip(t *testing.T) {
	o, _ := shippedOrder(t)
	back, err := order.RestoreOrder(o.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, o.Snapshot(), back.Snapshot())
	assert.Empty(t, back.Unsaved())
	assert.NotEmpty(t, o.Unsaved())

	bad := o.Snapshot()
	bad.State = "lost"
	_, err = order.RestoreOrder(bad)
	assert.Equal(t, order.CodeUnknownState, shopkit.CodeOf(err))

	c := o.Clone()
	require.NoError(t, c.MarkLost(merchant, "", t0.Add(100*time.Hour)))
	assert.False(t, o.Flags().Lost, "a clone shares nothing")
}

// R2.8, R0.4: the snapshot is state a host may keep as JSON. It round-trips
// through encoding/json in every phase of an order — unpaid too, whose
// snapshot has no payment and so no payment method — and carries the length
// of the trail, not the trail.
func TestOrderSnapshotJSONRoundTrip_R2_8(t *testing.T) {
	unpaid := newTestOrder(t)
	closed := newTestOrder(t)
	require.NoError(t, closed.ApplyDue(t0.Add(48*time.Hour)))
	require.Equal(t, order.OrderClosed, closed.State())
	paid, at := paidOrder(t)
	cancelled := paid.Clone()
	require.NoError(t, cancelled.Cancel(buyer, "changed my mind", at.Add(time.Hour)))
	shipped, _ := shippedOrder(t)
	for name, o := range map[string]*order.Order{
		"unpaid": unpaid, "closed unpaid": closed, "paid": paid, "cancelled after payment": cancelled, "shipped": shipped,
	} {
		b, err := json.Marshal(o.Snapshot())
		require.NoError(t, err, name)
		var s order.Snapshot
		require.NoError(t, json.Unmarshal(b, &s), name)
		assert.Equal(t, o.Snapshot(), s, name)
		assert.Equal(t, len(o.History()), s.Seq, name)
		back, err := order.RestoreOrder(s)
		require.NoError(t, err, name)
		assert.Equal(t, o.Snapshot(), back.Snapshot(), name)
	}
	b, err := json.Marshal(unpaid.Snapshot())
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"payment":`, "an unpaid order records no payment")
}

// R0.4: a snapshot's Seq is the length of a trail; a negative one is no
// order's, and RestoreOrder names the field.
func TestRestoreOrderRejectsANegativeSeq_R0_4(t *testing.T) {
	s := newTestOrder(t).Snapshot()
	s.Seq = -1
	_, err := order.RestoreOrder(s)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, order.CodeInvalidOrder, ve.Code())
	assert.Equal(t, "seq", ve.Field)
	s.Seq = 0
	_, err = order.RestoreOrder(s)
	assert.NoError(t, err, "a trail of no entries")
}

func TestOrderStateText(t *testing.T) {
	for _, s := range order.OrderStates() {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back order.State
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, s, back)
	}
	var s order.State
	assert.ErrorIs(t, json.Unmarshal([]byte(`"lost"`), &s), shopkit.ErrInvalid)
	_, err := json.Marshal(order.State("nope"))
	assert.Error(t, err)
	var a order.Action
	require.NoError(t, json.Unmarshal([]byte(`"ship"`), &a))
	assert.Equal(t, order.OrderShip, a)
	assert.ErrorIs(t, json.Unmarshal([]byte(`"teleport"`), &a), shopkit.ErrInvalid)
}

// R2.2: the reservation moment has a strict text codec: an order policy read
// from JSON cannot carry an unknown value.
func TestReserveAtText_R2_2(t *testing.T) {
	for _, r := range []order.ReserveAt{"", order.ReserveAtCreation, order.ReserveAtPayment} {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		back := order.ReserveAtPayment
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, r, back)
	}
	r := order.ReserveAtPayment
	err := json.Unmarshal([]byte(`"never"`), &r)
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, order.CodeUnknownReserveAt, shopkit.CodeOf(err))
	assert.Equal(t, order.ReserveAtPayment, r, "unchanged")
	_, err = json.Marshal(order.ReserveAt("Creation"))
	assert.Error(t, err)

	var p order.Policy
	require.NoError(t, json.Unmarshal(mustJSON(t, order.DefaultPolicy()), &p))
	assert.Equal(t, order.DefaultPolicy(), p)
	assert.Equal(t, order.CodeUnknownReserveAt, shopkit.CodeOf(json.Unmarshal([]byte(`{"reserve_at":"later"}`), &p)))
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestOrderPolicyValidate(t *testing.T) {
	require.NoError(t, order.DefaultPolicy().Validate())
	p := order.DefaultPolicy()
	// The defaults of R2.3 (and of the table in DIAGRAMS.md).
	assert.Equal(t, order.Policy{
		CloseUnpaidAfter: 24 * time.Hour, PaymentReminderAfter: 30 * time.Minute, ConfirmWithin: 24 * time.Hour,
		ShipWithin: 48 * time.Hour, AutoCompleteAfter: 10 * 24 * time.Hour, TrackingStaleAfter: 3 * 24 * time.Hour,
		ReserveAt: order.ReserveAtCreation, HoldGrace: 10 * time.Minute,
	}, p)
	p.ShipWithin = 0
	p.ReserveAt = "never"
	err := p.Validate()
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Problems, 2)
	_, err = order.NewOrder(placeInput(), "1", p, t0)
	assert.Equal(t, order.CodeInvalidPolicy, shopkit.CodeOf(err))
}

// R2.3.4, R2.2: the system confirms a late merchant's order only when its stock
// is reserved. With ReserveAtPayment the payment itself reserves, so the sweep
// confirms 1 ns after 24h (R0.3: at exactly 24h it skips the order, NotDue,
// and gives it back at once) and the reservation stays held.
// An order that holds no reservation at the confirm deadline (restored from a
// host whose reservation was lost) is not confirmed: it is listed for customer
// service, and at the 48h ship deadline it is flagged so the buyer's
// cancellation is approved automatically.
func TestAutoConfirmNeedsReservation_R2_3_4(t *testing.T) {
	ctx := context.Background()
	p := order.DefaultPolicy()
	p.ReserveAt = order.ReserveAtPayment
	r := newServiceRig(t, p, plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	r.now = t0.Add(10 * time.Minute)
	_, err = r.svc.Pay(ctx, o.ID(), buyer, payment(time.Time{}))
	require.NoError(t, err)
	paid := r.now
	r.now = paid.Add(24 * time.Hour)
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: 1}, res, "at exactly the deadline nothing is due")
	got, err := r.svc.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderPaid, got.State())
	r.now = paid.Add(24*time.Hour + time.Nanosecond)
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied, "given back at the deadline, applied 1 ns later")
	got, err = r.svc.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderConfirmed, got.State())
	assert.True(t, got.Flags().ConfirmedLate)
	assert.Equal(t, paid.Add(24*time.Hour), got.ConfirmedAt(), "stamped with the deadline")
	assert.True(t, got.StockReserved())
	assert.Equal(t, int64(2), r.stock.reservedOf("TEA-1"))

	// No reservation at the confirm deadline: no system confirmation.
	o = newTestOrderWith(t, p)
	at := t0.Add(10 * time.Minute)
	require.NoError(t, o.Pay(buyer, payment(at), at))
	s := o.Snapshot()
	s.StockReserved = false
	u, err := order.RestoreOrder(s)
	require.NoError(t, err)
	assert.True(t, u.NeedsAttention(), "a paid order without stock is listed for customer service")
	d, ok := u.Deadline()
	require.True(t, ok)
	assert.Equal(t, at.Add(48*time.Hour), d, "the next consequence is the ship deadline, not the confirmation")
	before := u.Snapshot()
	err = u.ApplyDue(at.Add(24 * time.Hour))
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
	assert.Equal(t, before, u.Snapshot())
	require.NoError(t, u.ApplyDue(at.Add(48*time.Hour+time.Nanosecond)))
	assert.Equal(t, order.OrderPaid, u.State())
	assert.True(t, u.Flags().ShipOverdue)
	require.NoError(t, u.Cancel(buyer, "no stock", at.Add(48*time.Hour+time.Nanosecond)))
	req, ok := u.RefundRequest()
	require.True(t, ok)
	assert.True(t, req.AutoApprove)
}

// R2.3.8, R2.3.4–R2.3.7, R2.5: every rejected input is a typed error with a
// stable code and leaves the order exactly as it was (snapshot before == after).
func TestOrderBadInputChangesNothing_R2_3_8(t *testing.T) {
	noRecipient := testAddress()
	noRecipient.Recipient = ""
	late := t0.Add(24*time.Hour + time.Nanosecond)
	cases := []struct {
		name  string
		order func(t *testing.T) *order.Order
		act   func(o *order.Order) error
		code  string
		kind  error
	}{
		{"payment 1 ns after the 24h window", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error { return o.Pay(buyer, payment(late), late) }, order.CodePaymentWindowClosed, shopkit.ErrNotAllowed},
		{"payment one fen short", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error {
				p := payment(t0.Add(time.Hour))
				p.Amount = shopkit.CNY(placeTotal - 1)
				return o.Pay(buyer, p, t0.Add(time.Hour))
			}, order.CodePaymentAmountMismatch, shopkit.ErrInvalid},
		{"payment before placing", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error {
				return o.Pay(buyer, payment(t0.Add(-time.Nanosecond)), t0.Add(time.Hour))
			}, order.CodeInvalidPayment, shopkit.ErrInvalid},
		{"payment with a malformed method", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error {
				p := payment(t0.Add(time.Hour))
				p.Method = "Ali Pay"
				return o.Pay(buyer, p, t0.Add(time.Hour))
			}, order.CodeInvalidPaymentMethod, shopkit.ErrInvalid},
		{"address without recipient", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error { return o.ChangeAddress(buyer, noRecipient, t0.Add(time.Hour)) }, order.CodeInvalidAddress, shopkit.ErrInvalid},
		{"address change after shipment", func(t *testing.T) *order.Order { o, _ := shippedOrder(t); return o },
			func(o *order.Order) error { return o.ChangeAddress(buyer, testAddress(), t0.Add(5*time.Hour)) }, order.CodeWrongState, shopkit.ErrNotAllowed},
		{"cancel after shipment", func(t *testing.T) *order.Order { o, _ := shippedOrder(t); return o },
			func(o *order.Order) error { return o.Cancel(buyer, "", t0.Add(5*time.Hour)) }, order.CodeWrongState, shopkit.ErrNotAllowed},
		{"shipment without carrier", func(t *testing.T) *order.Order {
			o, paid := paidOrder(t)
			require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
			return o
		}, func(o *order.Order) error { return o.Ship(merchant, " ", "SF1", t0.Add(3*time.Hour)) }, order.CodeInvalidShipment, shopkit.ErrInvalid},
		{"shipment without tracking number", func(t *testing.T) *order.Order {
			o, paid := paidOrder(t)
			require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
			return o
		}, func(o *order.Order) error { return o.Ship(merchant, "SF", "", t0.Add(3*time.Hour)) }, order.CodeInvalidShipment, shopkit.ErrInvalid},
		{"signed for before shipment", func(t *testing.T) *order.Order { o, _ := shippedOrder(t); return o },
			func(o *order.Order) error {
				return o.Deliver(system, o.ShippedAt().Add(-time.Nanosecond), t0.Add(5*time.Hour))
			}, order.CodeInvalidDelivery, shopkit.ErrInvalid},
		{"tracking update in the future", func(t *testing.T) *order.Order { o, _ := shippedOrder(t); return o },
			func(o *order.Order) error {
				return o.RecordTrackingUpdate(system, t0.Add(6*time.Hour), t0.Add(5*time.Hour))
			}, order.CodeInvalidTrackingUpdate, shopkit.ErrInvalid},
		{"buyer completes before delivery", func(t *testing.T) *order.Order { o, _ := shippedOrder(t); return o },
			func(o *order.Order) error { return o.Complete(buyer, t0.Add(5*time.Hour)) }, order.CodeWrongState, shopkit.ErrNotAllowed},
		{"refund marked without a request", func(t *testing.T) *order.Order { o, _ := paidOrder(t); return o },
			func(o *order.Order) error { return o.MarkRefunded(merchant, "", t0.Add(5*time.Hour)) }, order.CodeWrongState, shopkit.ErrNotAllowed},
		{"refund rejected without a request", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error { return o.RejectRefund(buyer, "", t0.Add(time.Hour)) }, order.CodeWrongState, shopkit.ErrNotAllowed},
		{"another buyer pays", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error { return o.Pay(stranger, payment(t0.Add(time.Hour)), t0.Add(time.Hour)) }, order.CodeNotParty, shopkit.ErrNotAllowed},
		{"another buyer cancels", func(t *testing.T) *order.Order { o, _ := paidOrder(t); return o },
			func(o *order.Order) error { return o.Cancel(stranger, "", t0.Add(time.Hour)) }, order.CodeNotParty, shopkit.ErrNotAllowed},
		{"another buyer changes the address", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error { return o.ChangeAddress(stranger, testAddress(), t0.Add(time.Hour)) }, order.CodeNotParty, shopkit.ErrNotAllowed},
		{"another buyer confirms receipt", func(t *testing.T) *order.Order {
			o, shipped := shippedOrder(t)
			require.NoError(t, o.Deliver(system, shipped, shipped))
			return o
		}, func(o *order.Order) error { return o.Complete(stranger, t0.Add(5*time.Hour)) }, order.CodeNotParty, shopkit.ErrNotAllowed},
		{"nothing due yet", func(t *testing.T) *order.Order { return newTestOrder(t) },
			func(o *order.Order) error { return o.ApplyDue(t0.Add(30*time.Minute - time.Nanosecond)) }, shopkit.CodeNotDue, shopkit.ErrConflict},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := c.order(t)
			before := o.Snapshot()
			err := c.act(o)
			require.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Equal(t, before, o.Snapshot())
		})
	}
}

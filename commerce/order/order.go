package order

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Address is where an order is shipped. It is personal data (R0.5): String masks
// the recipient, the phone number and the street detail.
type Address struct {
	Recipient  string `json:"recipient"`
	Phone      string `json:"phone"`
	Region     string `json:"region"` // province, city, district: "浙江省杭州市西湖区"
	Detail     string `json:"detail"` // street, building, room
	PostalCode string `json:"postal_code"`
}

// Validate reports a missing recipient, phone or street detail as a
// ValidationError (CodeInvalidAddress) naming every missing field.
func (a Address) Validate() error {
	var problems []shopkit.FieldProblem
	for _, f := range []struct{ name, v string }{
		{"address.recipient", a.Recipient}, {"address.phone", a.Phone}, {"address.detail", a.Detail},
	} {
		if strings.TrimSpace(f.v) == "" {
			problems = append(problems, shopkit.FieldProblem{Field: f.name, Problem: "is required"})
		}
	}
	return shopkit.Incomplete(CodeInvalidAddress, problems)
}

// String returns the address with its personal data masked (R0.5):
// "张* 138****5678 浙江省杭州市西湖区 ****".
func (a Address) String() string {
	var b strings.Builder
	b.WriteString(shopkit.MaskName(a.Recipient))
	b.WriteByte(' ')
	b.WriteString(shopkit.MaskPhone(a.Phone))
	if a.Region != "" {
		b.WriteByte(' ')
		b.WriteString(a.Region)
	}
	if a.Detail != "" {
		b.WriteString(" ****")
	}
	return b.String()
}

// GoString is String, so %#v masks too (R0.5).
func (a Address) GoString() string { return a.String() }

// PlaceOrder is what a buyer orders (R2.3.1–R2.3.3): priced lines (see Price in
// the coupon code, or fill them yourself), the shipping fee and its discount, the
// address, and references to the coupons and campaign that priced it.
type PlaceOrder struct {
	BuyerID    string    `json:"buyer_id"`
	MerchantID uuid.UUID `json:"merchant_id"`
	// Lines are priced: Subtotal = UnitPrice × Quantity and Paid = Subtotal −
	// MemberDiscount − CouponDiscount ≥ 0. A zero Subtotal is filled in; a zero
	// Paid on a line without discounts is filled in as the Subtotal.
	Lines            []Line        `json:"lines"`
	Shipping         shopkit.Money `json:"shipping"`
	ShippingDiscount shopkit.Money `json:"shipping_discount"` // at most Shipping (free shipping: equal to it)
	Address          Address       `json:"address"`
	Source           string        `json:"source"` // channel attribution (R2.7): "app", "live:1234", "search"
	CouponIDs        []uuid.UUID   `json:"coupon_ids"`
	CampaignID       uuid.UUID     `json:"campaign_id"` // uuid.Nil when no campaign
}

// MaxLines is the most lines an order may have (CodeTooManyLines): placing,
// restoring and verifying an order look at every line, so what a host or a
// frontend sends in cannot make that work unbounded. Real carts have a few.
const MaxLines = 500

// maxNumberLength is the longest order number accepted: the default numberer
// writes at most 27 digits.
const maxNumberLength = 40

// String describes the input with its personal data masked (R0.5): the buyer
// and the address; the fields keep them in full.
func (in PlaceOrder) String() string {
	return "place order for buyer " + shopkit.MaskPhone(in.BuyerID) + " at shop " + in.MerchantID.String() +
		": " + strconv.Itoa(len(in.Lines)) + " lines to " + in.Address.String()
}

// GoString is String, so %#v masks too (R0.5).
func (in PlaceOrder) GoString() string { return in.String() }

// RefundOnlyRequest is what the after-sales package needs to open a refund-only
// case (R3.6) when a buyer cancels a paid order before shipment (R2.3.4): the
// order is always unshipped, so every line is refunded whole with the shipping
// (R3.7). AutoApprove is true when the merchant had not shipped within the ship
// deadline: the refund is then approved automatically.
type RefundOnlyRequest struct {
	OrderID          uuid.UUID     `json:"order_id"`
	OrderNumber      string        `json:"order_number"`
	BuyerID          string        `json:"buyer_id"`
	MerchantID       uuid.UUID     `json:"merchant_id"`
	Lines            []Line        `json:"lines"` // each with its Quantity and Paid amount (R3.7)
	Shipping         shopkit.Money `json:"shipping"`
	ShippingDiscount shopkit.Money `json:"shipping_discount"`
	Total            shopkit.Money `json:"total"`   // what the buyer paid for the order
	Payment          Payment       `json:"payment"` // the payment to refund through: method, gateway reference, paid time
	Reason           string        `json:"reason"`
	RequestedAt      time.Time     `json:"requested_at,omitzero"`
	AutoApprove      bool          `json:"auto_approve"`
}

// String describes the request with the buyer masked and the reason only as
// its length (R0.5: a buyer may type a phone number into it).
func (r RefundOnlyRequest) String() string {
	s := "refund-only request for order " + r.OrderNumber + " by buyer " + shopkit.MaskPhone(r.BuyerID) +
		": " + r.Total.String() + " (" + strconv.Itoa(len(r.Lines)) + " lines)"
	if r.Reason != "" {
		s += " reason(" + strconv.Itoa(len([]rune(r.Reason))) + " chars)"
	}
	if r.AutoApprove {
		s += " auto-approved"
	}
	return s
}

// GoString is String, so %#v masks too (R0.5).
func (r RefundOnlyRequest) GoString() string { return r.String() }

func (r RefundOnlyRequest) clone() RefundOnlyRequest {
	r.Lines = slices.Clone(r.Lines)
	r.Payment = r.Payment.clone()
	return r
}

// Flags are facts about an order that do not change its state.
type Flags struct {
	Reminded      bool `json:"reminded"`       // the payment reminder was sent (R2.3.5)
	ConfirmedLate bool `json:"confirmed_late"` // the merchant did not confirm within ConfirmWithin (R2.3.4)
	ShipOverdue   bool `json:"ship_overdue"`   // the ship deadline passed before shipment (R2.3.4)
	TrackingSlow  bool `json:"tracking_slow"`  // no tracking update for TrackingStaleAfter (R2.3.7)
	Lost          bool `json:"lost"`           // the parcel was reported lost (R2.3.7)
}

// Order is the order aggregate (R2.3): its lines and amounts never change after
// placing (R2.3.2); every action is checked against the workflow table and
// recorded in the audit trail (R0.4, R2.3.8). Use NewOrder to place one and
// RestoreOrder to rebuild one from storage. The trail is the store's
// append-only log: an order loaded from a store carries its state and only the
// trail's length, so no rule depends on its past entries.
type Order struct {
	id               uuid.UUID
	number           string
	buyerID          string
	merchantID       uuid.UUID
	lines            []Line
	shipping         shopkit.Money
	shippingDiscount shopkit.Money
	total            shopkit.Money
	address          Address
	source           string
	couponIDs        []uuid.UUID
	campaignID       uuid.UUID

	state          State
	policy         Policy
	policyVersion  string // the name of the policy's version, "" under a plain Policy
	placedAt       time.Time
	remindAt       time.Time // when the payment reminder falls due (R2.3.5); zero on an older snapshot
	paidAt         time.Time
	confirmedAt    time.Time
	shippedAt      time.Time
	deliveredAt    time.Time
	completedAt    time.Time
	closedAt       time.Time
	payment        Payment
	carrier        string
	trackingNumber string
	lastTrackingAt time.Time
	flags          Flags
	stockReserved  bool
	stockStep      StockStep // the stock follow-up the service has yet to run, or ""
	stockStepAt    time.Time // when the step was recorded
	refund         *RefundOnlyRequest
	journal        shopkit.Journal
}

// NewOrder validates in and places an order in state pending_payment with the
// given order number (R2.3.1), under policy, at now. Bad input is a typed error:
// CodeInvalidOrder for a missing buyer, merchant or line,
// CodeInvalidQuantity, CodeInvalidPrice, CodeInvalidLineAmount
// for a line whose amounts do not add up, CodeInvalidShipping,
// CodeInvalidAddress, and CodeCurrencyMismatch (ErrCurrencyMismatch)
// for mixed currencies.
func NewOrder(in PlaceOrder, number string, policy Policy, now time.Time) (*Order, error) {
	if err := policy.Validate(); err != nil {
		return nil, err
	}
	if policy.ReserveAt == "" {
		policy.ReserveAt = ReserveAtCreation
	}
	id := uuid.New()
	if err := checkNumber(number); err != nil {
		return nil, err
	}
	if in.BuyerID == "" {
		return nil, shopkit.Invalid(CodeInvalidOrder, "buyer_id", "is required")
	}
	if in.MerchantID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidOrder, "merchant_id", "is required")
	}
	if err := checkLineCount(len(in.Lines)); err != nil {
		return nil, err
	}
	if err := in.Address.Validate(); err != nil {
		return nil, err
	}
	cur := in.Lines[0].UnitPrice.Currency()
	lines := slices.Clone(in.Lines)
	total := shopkit.Zero(cur)
	for i := range lines {
		if err := normalizeOrderLine(&lines[i], i, cur); err != nil {
			return nil, err
		}
		var err error
		if total, err = total.Add(lines[i].Paid); err != nil {
			return nil, err
		}
	}
	shipping, err := orderAmount(in.Shipping, cur, "shipping")
	if err != nil {
		return nil, err
	}
	shipDisc, err := orderAmount(in.ShippingDiscount, cur, "shipping_discount")
	if err != nil {
		return nil, err
	}
	if shipping.IsNegative() || shipDisc.IsNegative() || shipDisc.Amount() > shipping.Amount() {
		return nil, shopkit.Invalid(CodeInvalidShipping, "shipping_discount",
			"shipping and its discount must not be negative and the discount must not exceed the shipping fee")
	}
	// R2.3.3: paid total = Σ line paid + shipping − shipping discount ≥ 0.
	if total, err = total.Add(shipping); err != nil {
		return nil, err
	}
	if total, err = total.Sub(shipDisc); err != nil {
		return nil, err
	}
	o := &Order{
		id:               id,
		number:           number,
		buyerID:          in.BuyerID,
		merchantID:       in.MerchantID,
		lines:            lines,
		shipping:         shipping,
		shippingDiscount: shipDisc,
		total:            total,
		address:          in.Address,
		source:           in.Source,
		couponIDs:        slices.Clone(in.CouponIDs),
		campaignID:       in.CampaignID,
		state:            OrderPendingPayment,
		policy:           policy,
		placedAt:         now,
		remindAt:         now.Add(policy.PaymentReminderAfter),
		stockReserved:    !policy.reserveAtPayment(),
		journal:          shopkit.NewJournal(id.String()),
	}
	o.journal.Change(shopkit.Actor{Role: shopkit.Buyer, ID: in.BuyerID}, now, "place", "", string(OrderPendingPayment), "", nil)
	o.journal.Emit(now, "place", shopkit.Effect{Type: shopkit.EffectNotify, Party: o.merchantParty(), Ref: o.id.String(), Note: "order_placed"})
	return o, nil
}

// checkNumber accepts an order number of 1 to maxNumberLength digits (R0.2).
func checkNumber(number string) error {
	if number == "" || len(number) > maxNumberLength || !isOrderNumberDigits(number) {
		return shopkit.Invalid(CodeInvalidOrder, "number", "must be 1 to "+strconv.Itoa(maxNumberLength)+" digits")
	}
	return nil
}

// checkLineCount accepts 1 to MaxLines lines.
func checkLineCount(n int) error {
	if n == 0 {
		return shopkit.Invalid(CodeInvalidOrder, "lines", "must have at least one line")
	}
	if n > MaxLines {
		return shopkit.Invalid(CodeTooManyLines, "lines", "must be at most "+strconv.Itoa(MaxLines)+", not "+strconv.Itoa(n))
	}
	return nil
}

// orderAmount reads an optional amount: zero in any currency is zero in cur.
func orderAmount(m shopkit.Money, cur shopkit.Currency, field string) (shopkit.Money, error) {
	if m.IsZero() {
		return shopkit.Zero(cur), nil
	}
	if m.Currency() != cur {
		return shopkit.Money{}, shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch,
			field+" is in "+string(m.Currency())+", the order in "+string(cur))
	}
	return m, nil
}

// normalizeOrderLine checks one line (R2.3.2, R2.4) and fills in a missing
// Subtotal, and a missing Paid on a line without discounts.
func normalizeOrderLine(l *Line, i int, cur shopkit.Currency) error {
	field := func(name string) string { return "lines[" + strconv.Itoa(i) + "]." + name }
	if l.Quantity <= 0 {
		return shopkit.Invalid(CodeInvalidQuantity, field("quantity"), "must be greater than zero")
	}
	if l.UnitPrice.Currency() != cur {
		return shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch,
			field("unit_price")+" is in "+string(l.UnitPrice.Currency())+", the order in "+string(cur))
	}
	if !l.UnitPrice.IsPositive() {
		return shopkit.Invalid(CodeInvalidPrice, field("unit_price"), "must be greater than zero")
	}
	want, err := l.UnitPrice.Mul(l.Quantity)
	if err != nil {
		return err
	}
	amounts := []struct {
		m    *shopkit.Money
		name string
	}{{&l.Subtotal, "subtotal"}, {&l.MemberDiscount, "member_discount"}, {&l.CouponDiscount, "coupon_discount"}, {&l.Paid, "paid"}}
	for _, a := range amounts {
		if *a.m, err = orderAmount(*a.m, cur, field(a.name)); err != nil {
			return err
		}
		if a.m.IsNegative() {
			return shopkit.Invalid(CodeInvalidLineAmount, field(a.name), "must not be negative")
		}
	}
	if l.Subtotal.IsZero() {
		l.Subtotal = want
	}
	if !l.Subtotal.Equal(want) {
		return shopkit.Invalid(CodeInvalidLineAmount, field("subtotal"), "must equal unit price × quantity = "+want.String())
	}
	if l.Paid.IsZero() && l.MemberDiscount.IsZero() && l.CouponDiscount.IsZero() {
		l.Paid = l.Subtotal
	}
	paid, err := l.Subtotal.Sub(l.MemberDiscount)
	if err == nil {
		paid, err = paid.Sub(l.CouponDiscount)
	}
	if err != nil {
		return err
	}
	if paid.IsNegative() {
		return shopkit.Invalid(CodeInvalidLineAmount, field("paid"), "discounts exceed the subtotal")
	}
	if !l.Paid.Equal(paid) {
		return shopkit.Invalid(CodeInvalidLineAmount, field("paid"), "must equal subtotal − member discount − coupon discount = "+paid.String())
	}
	return nil
}

// VerifyTotal checks the money invariant of R2.3.3: at most MaxLines lines
// (CodeTooManyLines); every line has a positive quantity, a Subtotal of
// UnitPrice × Quantity, discounts that are not negative and a Paid of its
// Subtotal less its discounts, not negative (CodeInvalidLineAmount); the
// shipping fee and its discount are not negative and the discount is at most
// the fee (CodeInvalidShipping); and the order's total is Σ line paid +
// shipping − shipping discount (CodeInvalidTotal). Amounts in another currency
// are ErrCurrencyMismatch, a sum outside int64 is ErrOverflow. A placed order
// always passes, and RestoreOrder checks it; the zero Order has no lines and
// passes.
func (o *Order) VerifyTotal() error {
	if len(o.lines) > MaxLines {
		return checkLineCount(len(o.lines))
	}
	sum := shopkit.Zero(o.total.Currency())
	for i, l := range o.lines {
		if err := verifyLine(l, i); err != nil {
			return err
		}
		var err error
		if sum, err = sum.Add(l.Paid); err != nil {
			return err
		}
	}
	if o.shipping.IsNegative() || o.shippingDiscount.IsNegative() || o.shippingDiscount.Amount() > o.shipping.Amount() {
		return shopkit.Invalid(CodeInvalidShipping, "shipping_discount",
			"shipping and its discount must not be negative and the discount must not exceed the shipping fee")
	}
	sum, err := sum.Add(o.shipping)
	if err == nil {
		sum, err = sum.Sub(o.shippingDiscount)
	}
	if err != nil {
		return err
	}
	if !sum.Equal(o.total) || o.total.IsNegative() {
		return shopkit.Invalid(CodeInvalidTotal, "total", "does not equal Σ line paid + shipping − shipping discount = "+sum.String())
	}
	return nil
}

// verifyLine checks the amounts of the placed line at index i (R2.3.2, R2.3.3).
func verifyLine(l Line, i int) error {
	field := func(name string) string { return "lines[" + strconv.Itoa(i) + "]." + name }
	if l.Quantity <= 0 {
		return shopkit.Invalid(CodeInvalidQuantity, field("quantity"), "must be greater than zero")
	}
	want, err := l.UnitPrice.Mul(l.Quantity)
	if err != nil {
		return err
	}
	if !l.Subtotal.Equal(want) {
		return shopkit.Invalid(CodeInvalidLineAmount, field("subtotal"), "does not equal unit price × quantity")
	}
	if l.MemberDiscount.IsNegative() || l.CouponDiscount.IsNegative() {
		return shopkit.Invalid(CodeInvalidLineAmount, field("discount"), "must not be negative")
	}
	paid, err := l.Subtotal.Sub(l.MemberDiscount)
	if err == nil {
		paid, err = paid.Sub(l.CouponDiscount)
	}
	if err != nil {
		return err
	}
	if !paid.Equal(l.Paid) || paid.IsNegative() {
		return shopkit.Invalid(CodeInvalidLineAmount, field("paid"), "does not equal subtotal − discounts")
	}
	return nil
}

func (o *Order) buyerParty() string    { return "buyer:" + o.buyerID }
func (o *Order) merchantParty() string { return "merchant:" + o.merchantID.String() }

// ID is the order's identity.
func (o *Order) ID() uuid.UUID { return o.id }

// Number is the human order number (R0.2).
func (o *Order) Number() string { return o.number }

// BuyerID is the buyer who placed the order.
func (o *Order) BuyerID() string { return o.buyerID }

// MerchantID is the merchant who sells it.
func (o *Order) MerchantID() uuid.UUID { return o.merchantID }

// Parties are the order's buyer and shop (R0.4). Every action checks its actor
// against them (shopkit.Parties.Has): a buyer must be BuyerID, a merchant must
// have MerchantID as its ID (actor.ID == MerchantID().String()), an operator
// must act for this shop (Actor.Shops empty or naming it), and an actor with an
// empty ID is never a party; the system always is.
func (o *Order) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: o.buyerID, Shop: o.merchantID}
}

// State is the order's current state.
func (o *Order) State() State { return o.state }

// Lines returns a copy of the priced lines.
func (o *Order) Lines() []Line { return slices.Clone(o.lines) }

// Shipping is the shipping fee.
func (o *Order) Shipping() shopkit.Money { return o.shipping }

// ShippingDiscount is the discount on the shipping fee.
func (o *Order) ShippingDiscount() shopkit.Money { return o.shippingDiscount }

// Total is what the buyer pays: Σ line paid + shipping − shipping discount (R2.3.3).
func (o *Order) Total() shopkit.Money { return o.total }

// Address is the shipping address, unmasked; print it with its String method.
func (o *Order) Address() Address { return o.address }

// Source is the channel the order came from (R2.7).
func (o *Order) Source() string { return o.source }

// CouponIDs are the coupons that priced the order.
func (o *Order) CouponIDs() []uuid.UUID { return slices.Clone(o.couponIDs) }

// CampaignID is the campaign that priced the order, or uuid.Nil.
func (o *Order) CampaignID() uuid.UUID { return o.campaignID }

// Policy is the policy the order was placed under.
func (o *Order) Policy() Policy { return o.policy }

// PolicyVersion is the name of the policy version the order was placed under
// (ServiceConfig.Policies), "" for one placed under a plain Policy.
func (o *Order) PolicyVersion() string { return o.policyVersion }

// ReminderDue returns when the order's one payment reminder falls due
// (R2.3.5, R6.1): the first business instant at or after placing +
// PaymentReminderAfter, fixed when the order was placed (under
// ServiceConfig.Hours; without hours, placing + PaymentReminderAfter). The
// reminder is sent strictly after it, and only while the order is payable: the
// bool is false once the reminder was sent, the order left pending_payment, or
// the instant is at or after the payment deadline.
func (o *Order) ReminderDue() (time.Time, bool) {
	if o.built() != nil || o.state != OrderPendingPayment || o.flags.Reminded {
		return time.Time{}, false
	}
	at := o.reminderAt()
	return at, at.Before(o.placedAt.Add(o.policy.CloseUnpaidAfter))
}

// reminderAt is the reminder's instant as recorded, or, on a snapshot from
// before it was recorded, placing + PaymentReminderAfter.
func (o *Order) reminderAt() time.Time {
	if o.remindAt.IsZero() {
		return o.placedAt.Add(o.policy.PaymentReminderAfter)
	}
	return o.remindAt
}

// PlacedAt is when the order was received.
func (o *Order) PlacedAt() time.Time { return o.placedAt }

// PaidAt is when it was paid, or zero.
func (o *Order) PaidAt() time.Time { return o.paidAt }

// ConfirmedAt is when the merchant (or the system) confirmed it, or zero.
func (o *Order) ConfirmedAt() time.Time { return o.confirmedAt }

// ShippedAt is when it was shipped, or zero.
func (o *Order) ShippedAt() time.Time { return o.shippedAt }

// DeliveredAt is when it was signed for, or zero. The no-reason return window
// (R3.2) runs from it.
func (o *Order) DeliveredAt() time.Time { return o.deliveredAt }

// CompletedAt is when it completed, or zero. The review window (R2.6) runs from it.
func (o *Order) CompletedAt() time.Time { return o.completedAt }

// ClosedAt is when it closed or was refunded, or zero.
func (o *Order) ClosedAt() time.Time { return o.closedAt }

// Payment returns the recorded payment and whether the order was paid.
func (o *Order) Payment() (Payment, bool) { return o.payment.clone(), !o.paidAt.IsZero() }

// Carrier is the shipping carrier, once shipped.
func (o *Order) Carrier() string { return o.carrier }

// TrackingNumber is the carrier's tracking number, once shipped.
func (o *Order) TrackingNumber() string { return o.trackingNumber }

// LastTrackingAt is the time of the last tracking update (the shipment at first).
func (o *Order) LastTrackingAt() time.Time { return o.lastTrackingAt }

// Flags returns the order's flags.
func (o *Order) Flags() Flags { return o.flags }

// StockReserved reports whether the order holds a stock reservation that is
// neither committed nor released (R2.2). Shipping, closing and refunding end it
// at once; the StockKeeper call that carries it out may still be pending
// (PendingStock).
func (o *Order) StockReserved() bool { return o.stockReserved }

// NeedsAttention reports an exception customer service should see (R2.3.7,
// R6.1): a paid order not shipped by its deadline or holding no stock
// reservation (the system will not confirm it, R2.3.4), or a shipped order whose
// parcel is lost or whose tracking went quiet.
func (o *Order) NeedsAttention() bool {
	switch o.state {
	case OrderPaid, OrderConfirmed:
		return o.flags.ShipOverdue || !o.stockReserved
	case OrderShipped:
		return o.flags.Lost || o.flags.TrackingSlow
	}
	return false
}

// RefundRequest returns the open refund-only request of a buyer's cancellation
// after payment, while the order is in refund_requested or refunded.
func (o *Order) RefundRequest() (RefundOnlyRequest, bool) {
	if o.refund == nil {
		return RefundOnlyRequest{}, false
	}
	return o.refund.clone(), true
}

// AllowedActions lists the actions by may take now, in table order: the
// buttons a frontend shows that actor (R0.4, R2.3.8). It is empty when by is
// not a party of the order (Parties), and for the zero Order. What a role may
// do in a state, whoever acts, is OrderWorkflow(policy).AllowedActions(state,
// role). It checks party, role and state only; ActionsAt also drops payment
// after the payment limit and gives each action its deadline.
func (o *Order) AllowedActions(by shopkit.Actor) []Action {
	if o.built() != nil {
		return nil
	}
	return orderFSM.AllowedFor(o.state, by, o.Parties())
}

// History returns the audit entries the order holds, oldest first (R0.4): every
// entry of an order placed and acted on in memory, and of one loaded from a
// store only those added since it was loaded. The whole trail is the store's
// (Store.Trail, shopkit.ReadTrail).
func (o *Order) History() []shopkit.Entry { return o.journal.History() }

// Unsaved returns the audit entries added since the order was created or loaded
// and not yet saved: what the store's Create or Update appends to its trail.
func (o *Order) Unsaved() []shopkit.Entry { return o.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (o *Order) MarkSaved() { o.journal.MarkSaved() }

// Clone returns a deep copy. The copy holds only the entries not yet saved
// (see shopkit.Journal.Clone), and numbers on from the same trail.
func (o *Order) Clone() *Order {
	c := *o
	c.lines = slices.Clone(o.lines)
	c.couponIDs = slices.Clone(o.couponIDs)
	c.payment = o.payment.clone()
	if o.refund != nil {
		r := o.refund.clone()
		c.refund = &r
	}
	c.journal = o.journal.Clone()
	return &c
}

// String describes the order with its personal data masked (R0.5): the
// address as Address.String prints it; the buyer, the waybill and the free
// texts of the trail do not appear.
func (o *Order) String() string {
	return "order " + o.number + " " + string(o.state) + " " + o.total.String() + " to " + o.address.String()
}

// GoString is String, so %#v masks too (R0.5).
func (o *Order) GoString() string { return o.String() }

// Snapshot holds an order's state, for host stores: Snapshot and RestoreOrder
// round-trip it, also through encoding/json. The audit trail is not part of it:
// the store appends the order's Unsaved entries to its own append-only log
// (R0.4). It keeps the personal data in clear (the buyer, the address, the
// waybill) because a store must persist them; its String and GoString mask
// them (R0.5).
type Snapshot struct {
	ID               uuid.UUID     `json:"id"`
	Number           string        `json:"number"`
	BuyerID          string        `json:"buyer_id"`
	MerchantID       uuid.UUID     `json:"merchant_id"`
	Lines            []Line        `json:"lines"`
	Shipping         shopkit.Money `json:"shipping"`
	ShippingDiscount shopkit.Money `json:"shipping_discount"`
	Total            shopkit.Money `json:"total"`
	Address          Address       `json:"address"`
	Source           string        `json:"source"`
	CouponIDs        []uuid.UUID   `json:"coupon_ids"`
	CampaignID       uuid.UUID     `json:"campaign_id"`
	State            State         `json:"state"`
	Policy           Policy        `json:"policy"`
	// PolicyVersion names the version of the policy the order was placed
	// under, "" under a plain Policy (see Order.PolicyVersion).
	PolicyVersion string    `json:"policy_version,omitempty"`
	PlacedAt      time.Time `json:"placed_at,omitzero"`
	// RemindAt is when the payment reminder falls due (Order.ReminderDue),
	// fixed when the order was placed; a snapshot without it, from before it
	// was kept, reminds at PlacedAt + Policy.PaymentReminderAfter.
	RemindAt    time.Time `json:"remind_at,omitzero"`
	PaidAt      time.Time `json:"paid_at,omitzero"`
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	ShippedAt   time.Time `json:"shipped_at,omitzero"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	CompletedAt time.Time `json:"completed_at,omitzero"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	// Payment is zero until the order is paid, and JSON leaves it out then:
	// PaymentMethod's strict codec refuses the empty method, and the snapshot
	// of an unpaid order must encode.
	Payment        Payment   `json:"payment,omitzero"`
	Carrier        string    `json:"carrier"`
	TrackingNumber string    `json:"tracking_number"`
	LastTrackingAt time.Time `json:"last_tracking_at,omitzero"`
	Flags          Flags     `json:"flags"`
	StockReserved  bool      `json:"stock_reserved"`
	// StockStep is the stock follow-up the order's action left to the
	// service, "" when none is pending (see Order.PendingStock), and
	// StockStepAt when it was recorded (zero when none is).
	StockStep   StockStep          `json:"stock_step"`
	StockStepAt time.Time          `json:"stock_step_at,omitzero"`
	Refund      *RefundOnlyRequest `json:"refund"`
	// Seq is the length of the order's audit trail in the store: the next
	// entry is Seq + 1.
	Seq int `json:"seq"`
}

// String describes the snapshot with its personal data masked, as
// Order.String (R0.5).
func (s Snapshot) String() string {
	return "snapshot of order " + s.Number + " " + string(s.State) + " " + s.Total.String() + " to " + s.Address.String() +
		" (" + strconv.Itoa(s.Seq) + " entries)"
}

// GoString is String, so %#v masks too (R0.5).
func (s Snapshot) GoString() string { return s.String() }

// Snapshot returns the order's state; it shares no memory with it. Seq counts
// the unsaved entries too: it is what the trail holds once the store has
// appended them.
func (o *Order) Snapshot() Snapshot {
	c := o.Clone()
	return Snapshot{
		ID: c.id, Number: c.number, BuyerID: c.buyerID, MerchantID: c.merchantID, Lines: c.lines,
		Shipping: c.shipping, ShippingDiscount: c.shippingDiscount, Total: c.total, Address: c.address,
		Source: c.source, CouponIDs: c.couponIDs, CampaignID: c.campaignID, State: c.state, Policy: c.policy,
		PolicyVersion: c.policyVersion, PlacedAt: c.placedAt, RemindAt: c.remindAt, PaidAt: c.paidAt, ConfirmedAt: c.confirmedAt, ShippedAt: c.shippedAt,
		DeliveredAt: c.deliveredAt, CompletedAt: c.completedAt, ClosedAt: c.closedAt, Payment: c.payment,
		Carrier: c.carrier, TrackingNumber: c.trackingNumber, LastTrackingAt: c.lastTrackingAt, Flags: c.flags,
		StockReserved: c.stockReserved, StockStep: c.stockStep, StockStepAt: c.stockStepAt, Refund: c.refund,
		Seq: c.journal.Seq(),
	}
}

// RestoreOrder rebuilds an order from a snapshot without re-running the rules of
// placing, and rejects a snapshot that no order could have produced, with a
// typed error: no ID, buyer or merchant (an order always has both parties,
// R0.4) or a number that is not 1 to 40 digits (CodeInvalidOrder); a state that
// is not one of the workflow (CodeUnknownState); an invalid policy
// (CodeInvalidPolicy); amounts that do not add up (VerifyTotal: lines, shipping,
// total; more than MaxLines lines); a recorded payment that is not valid or not
// the order's total (CodeInvalidPayment, CodePaymentAmountMismatch); a stock
// step that is not one (CodeUnknownStockStep), or one without its time, a time
// without a step, a commit pending before shipment or a release pending on an
// order that has not ended (CodeInvalidStockStep); a negative Seq
// (CodeInvalidOrder, field "seq"). The order holds no entry of its trail: its
// next entry is numbered s.Seq + 1.
func RestoreOrder(s Snapshot) (*Order, error) {
	for _, f := range []struct {
		name    string
		missing bool
	}{{"id", s.ID == uuid.Nil}, {"buyer_id", s.BuyerID == ""}, {"merchant_id", s.MerchantID == uuid.Nil}} {
		if f.missing {
			return nil, shopkit.Invalid(CodeInvalidOrder, f.name, "is required")
		}
	}
	if s.Seq < 0 {
		return nil, shopkit.Invalid(CodeInvalidOrder, "seq", "must not be negative")
	}
	if err := checkNumber(s.Number); err != nil {
		return nil, err
	}
	if err := orderStateSet.Check(s.State); err != nil {
		return nil, err
	}
	if err := s.Policy.Validate(); err != nil {
		return nil, err
	}
	if err := checkLineCount(len(s.Lines)); err != nil {
		return nil, err
	}
	if err := checkStockStep(s.StockStep, s.StockStepAt, s.State); err != nil {
		return nil, err
	}
	if !s.PaidAt.IsZero() {
		if err := s.Payment.Validate(); err != nil {
			return nil, err
		}
		if !s.Payment.Amount.Equal(s.Total) {
			return nil, shopkit.Invalid(CodePaymentAmountMismatch, "payment.amount", "must equal the order total "+s.Total.String())
		}
	}
	o := &Order{
		id: s.ID, number: s.Number, buyerID: s.BuyerID, merchantID: s.MerchantID, lines: slices.Clone(s.Lines),
		shipping: s.Shipping, shippingDiscount: s.ShippingDiscount, total: s.Total, address: s.Address,
		source: s.Source, couponIDs: slices.Clone(s.CouponIDs), campaignID: s.CampaignID, state: s.State,
		policy: s.Policy, policyVersion: s.PolicyVersion, placedAt: s.PlacedAt, remindAt: s.RemindAt, paidAt: s.PaidAt, confirmedAt: s.ConfirmedAt, shippedAt: s.ShippedAt,
		deliveredAt: s.DeliveredAt, completedAt: s.CompletedAt, closedAt: s.ClosedAt, payment: s.Payment.clone(),
		carrier: s.Carrier, trackingNumber: s.TrackingNumber, lastTrackingAt: s.LastTrackingAt, flags: s.Flags,
		stockReserved: s.StockReserved, stockStep: s.StockStep, stockStepAt: s.StockStepAt,
		journal: shopkit.ResumeJournal(s.ID.String(), s.Seq),
	}
	if s.Refund != nil {
		r := s.Refund.clone()
		o.refund = &r
	}
	if err := o.VerifyTotal(); err != nil {
		return nil, err
	}
	return o, nil
}

package aftersales

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// OrderState is the state of the order a case is opened against, as far as
// after-sales needs to know it (R2.3.4).
type OrderState string

// Order states.
const (
	OrderPendingPayment OrderState = "pending_payment"
	OrderPaid           OrderState = "paid"
	OrderConfirmed      OrderState = "confirmed"
	OrderShipped        OrderState = "shipped"
	OrderDelivered      OrderState = "delivered"
	OrderCompleted      OrderState = "completed"
	OrderClosed         OrderState = "closed"
)

// Valid reports whether s is an order state.
func (s OrderState) Valid() bool {
	switch s {
	case OrderPendingPayment, OrderPaid, OrderConfirmed, OrderShipped, OrderDelivered, OrderCompleted, OrderClosed:
		return true
	}
	return false
}

// Shipped reports whether the goods have left the merchant.
func (s OrderState) Shipped() bool {
	return s == OrderShipped || s == OrderDelivered || s == OrderCompleted
}

// Received reports whether the buyer has signed for the goods.
func (s OrderState) Received() bool { return s == OrderDelivered || s == OrderCompleted }

// MarshalText implements encoding.TextMarshaler.
func (s OrderState) MarshalText() ([]byte, error) {
	return marshalEnum(CodeUnknownOrderState, "order_state", s, s.Valid())
}

// UnmarshalText implements encoding.TextUnmarshaler; unknown states are rejected.
func (s *OrderState) UnmarshalText(b []byte) error {
	return unmarshalEnum(CodeUnknownOrderState, "order_state", b, s, OrderState.Valid)
}

// Order is the snapshot of an order that after-sales works from. It is taken when a
// case is opened and when the order's refund ledger is created; lines are addressed
// by index. Paid amounts are after apportioned discounts (R2.4), so refunds start
// from them (R3.7).
type Order struct {
	ID               uuid.UUID     `json:"id"`                  // the order's identity (R0.2)
	Number           string        `json:"number"`              // its human order number
	BuyerID          string        `json:"buyer_id"`            // the buyer, the only one who may open a case
	MerchantID       uuid.UUID     `json:"merchant_id"`         // the shop: its merchant's ID
	Lines            []order.Line  `json:"lines"`               // uses Paid, Quantity, Category, SKU
	Shipping         shopkit.Money `json:"shipping"`            // shipping fee paid
	ShippingDiscount shopkit.Money `json:"shipping_discount"`   // discount on shipping; net shipping is refundable (R3.7)
	State            OrderState    `json:"state"`               // the order's state when the snapshot was taken
	ShippedAt        time.Time     `json:"shipped_at,omitzero"` // when the goods left the merchant (zero if not yet)
	// SignedAt is when the buyer signed for the goods. When SignedDateOnly is set
	// only its date (in the calendar's zone) is known, and the no-reason window runs
	// from 00:00 of the next day (R3.2).
	SignedAt       time.Time `json:"signed_at,omitzero"`
	SignedDateOnly bool      `json:"signed_date_only"` // only SignedAt's date is known
}

// Reason says why the buyer opens a case. Only NoReason returns are bound by the
// no-reason window (R3.2); the others rest on the evidence.
type Reason string

// Reasons.
const (
	NoReason        Reason = "no_reason" // 七天无理由
	Quality         Reason = "quality"
	NotAsDescribed  Reason = "not_as_described"
	Damaged         Reason = "damaged"
	WrongItem       Reason = "wrong_item"
	NotReceived     Reason = "not_received"
	PriceProtection Reason = "price_protection"
	Other           Reason = "other"
)

// Valid reports whether r is a reason.
func (r Reason) Valid() bool {
	switch r {
	case NoReason, Quality, NotAsDescribed, Damaged, WrongItem, NotReceived, PriceProtection, Other:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler.
func (r Reason) MarshalText() ([]byte, error) {
	return marshalEnum(CodeUnknownReason, "reason", r, r.Valid())
}

// UnmarshalText implements encoding.TextUnmarshaler; unknown reasons are rejected.
func (r *Reason) UnmarshalText(b []byte) error {
	return unmarshalEnum(CodeUnknownReason, "reason", b, r, Reason.Valid)
}

// LineQty is a line of the order (by index) and how many of its units a case is
// about. A refund-only case may instead ask for Amount without units: a money-only
// refund (price protection, compensation) that reduces what later unit refunds of
// the line can pay (R3.7).
type LineQty struct {
	Line   int           `json:"line"`   // index of the order line
	Units  int64         `json:"units"`  // units of it (0 for a money-only refund)
	Amount shopkit.Money `json:"amount"` // money-only refunds: Units is 0
}

// Application is what a buyer submits to open a case (R3.2).
type Application struct {
	Kind     Kind      `json:"kind"`     // any kind but Voucher (vouchers open with the order, NewVoucherCase)
	Lines    []LineQty `json:"lines"`    // the lines and units (or money-only amounts)
	Reason   Reason    `json:"reason"`   // why; NoReason binds the no-reason window (R3.2)
	Note     string    `json:"note"`     // the buyer's words
	Evidence []string  `json:"evidence"` // references of photos, videos, chat logs
	BuyerID  string    `json:"buyer_id"` // must be the order's buyer
}

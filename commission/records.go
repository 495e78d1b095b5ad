package commission

import (
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit/commerce"
)

// Merchant is what the calculator needs to know about a merchant: the plan it chose
// among those offered (R4.1; "" means the rule set's default plan) and when it was
// activated (R4.2; zero means no promotion).
type Merchant struct {
	ID          string    `json:"id"`
	Plan        string    `json:"plan,omitempty"`
	ActivatedAt time.Time `json:"activated_at,omitzero"`
}

// LineRecord is one order line as commission sees it: what the buyer paid for it
// after discounts (R2.4), and the listing and category that choose its rate.
type LineRecord struct {
	ListingID uuid.UUID      `json:"listing_id"`
	Category  string         `json:"category,omitempty"`
	Paid      commerce.Money `json:"paid"`
	Quantity  int64          `json:"quantity"`
}

// ShippingLine is the Line of a RefundRecord that refunds shipping, not a line.
const ShippingLine = -1

// RefundRecord is money refunded to the buyer for one line of an order (R3.7), or
// for its shipping (Line = ShippingLine). At is when the refund was booked; it
// decides the statement the refund is in. Key is the refund's idempotency key: a
// record repeated with the same key counts once.
type RefundRecord struct {
	Line   int            `json:"line"`
	Amount commerce.Money `json:"amount"`
	At     time.Time      `json:"at"`
	Key    string         `json:"key"`
}

// AdvanceRecord is compensation the platform paid the buyer first (先行赔付, R3.9)
// that the merchant owes; it is deducted at settlement (R4.5). Key is its
// idempotency key.
type AdvanceRecord struct {
	Amount commerce.Money `json:"amount"`
	At     time.Time      `json:"at"`
	Key    string         `json:"key"`
	Reason string         `json:"reason,omitempty"`
}

// OrderRecord is an order as settlement sees it, with its refunds and advances so
// far. The host builds it from its orders and after-sales cases; the facts that
// decide whether it is settleable (R4.5) are the host's: CompletedAt (zero: not
// completed), OpenCase (an after-sales case is open), ReturnWindowEnds (the last
// instant of the return window; zero: none).
//
// Paid of the order is the sum of its lines' paid amounts plus Shipping. Commission
// is charged on the lines only.
type OrderRecord struct {
	OrderID          uuid.UUID       `json:"order_id"`
	MerchantID       string          `json:"merchant_id"`
	PaidAt           time.Time       `json:"paid_at"`
	CompletedAt      time.Time       `json:"completed_at,omitzero"`
	ReturnWindowEnds time.Time       `json:"return_window_ends,omitzero"`
	OpenCase         bool            `json:"open_case,omitempty"`
	Lines            []LineRecord    `json:"lines"`
	Shipping         commerce.Money  `json:"shipping,omitzero"`
	Refunds          []RefundRecord  `json:"refunds,omitempty"`
	Advances         []AdvanceRecord `json:"advances,omitempty"`
}

// DepositChange is a change of the merchant's deposit (保证金) booked at At: a
// positive Amount tops the deposit up and is withheld from the payout, a negative
// one releases deposit to the merchant. It is listed in the statement of the period
// containing At (R4.5).
type DepositChange struct {
	MerchantID string         `json:"merchant_id"`
	Amount     commerce.Money `json:"amount"`
	At         time.Time      `json:"at"`
	Reason     string         `json:"reason,omitempty"`
}

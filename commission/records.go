package commission

import (
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
)

// Merchant is what the calculator needs to know about a merchant: its ID (the
// merchant's uuid.UUID, as in every package), the plan it chose among those offered
// (R4.1; "" means the rule set's default plan) and when it was activated (R4.2;
// zero means no promotion).
type Merchant struct {
	ID          uuid.UUID `json:"id"`
	Plan        string    `json:"plan,omitempty"`
	ActivatedAt time.Time `json:"activated_at,omitzero"`
}

// LineRecord is one order line as commission sees it: what the buyer paid for it
// after discounts (R2.4), and the listing and category that choose its rate.
type LineRecord struct {
	ListingID uuid.UUID     `json:"listing_id"`
	Category  string        `json:"category,omitempty"`
	Paid      shopkit.Money `json:"paid"`
	Quantity  int64         `json:"quantity"`
}

// AdvanceRecord is compensation the platform paid the buyer first (先行赔付, R3.9)
// that the merchant owes and that is not a refund of what the buyer paid (a
// late-delivery compensation, say): it is deducted at settlement (R4.5) and
// reverses no commission. A refund the platform paid first is a shopkit.Refund
// with Advance set, listed in Refunds like any other refund: it reduces the
// merchant's net once, as a refund, and reverses its commission (R4.4). Key is
// the advance's idempotency key: a record repeated with the same key counts once,
// and two records of one key that differ in amount, time or reason are a
// conflict (CodeRefundConflict). A negative Amount is refused
// (CodeNegativeAmount): it would add to the merchant's payout.
type AdvanceRecord struct {
	Amount shopkit.Money `json:"amount"`
	At     time.Time     `json:"at"`
	Key    string        `json:"key"`
	Reason string        `json:"reason,omitempty"`
}

// OrderRecord is an order as settlement sees it, with its refunds and advances so
// far. Refunds are the shopkit.Refund records the after-sales ledger issued for
// the order (R3.7), as they are: each RefundLine refunds Amount of order line Line
// (an index into Lines) and reverses that line's commission in proportion (R4.4);
// Shipping refunds shipping. A refund's At decides the statement it is in; a
// refund repeated with the same Key counts once, and two refunds of one Key that
// differ in anything but their confirmation (amounts, lines, units, time, case)
// are a conflict (CodeRefundConflict). No paid amount, shipping, refund or
// refund line may be negative (CodeNegativeAmount, naming the field).
//
// The host builds the record from its orders (RecordFromOrder) and after-sales
// ledger; the facts that decide whether it is settleable (R4.5) are the host's:
// CompletedAt (zero: not completed), OpenCase (an after-sales case is open),
// ReturnWindowEnds (the last instant of the return window; zero: none).
//
// Paid of the order is the sum of its lines' paid amounts plus Shipping. Commission
// is charged on the lines only.
type OrderRecord struct {
	OrderID          uuid.UUID        `json:"order_id"`
	MerchantID       uuid.UUID        `json:"merchant_id"`
	PaidAt           time.Time        `json:"paid_at"`
	CompletedAt      time.Time        `json:"completed_at,omitzero"`
	ReturnWindowEnds time.Time        `json:"return_window_ends,omitzero"`
	OpenCase         bool             `json:"open_case,omitempty"`
	Lines            []LineRecord     `json:"lines"`
	Shipping         shopkit.Money    `json:"shipping,omitzero"`
	Refunds          []shopkit.Refund `json:"refunds,omitempty"`
	Advances         []AdvanceRecord  `json:"advances,omitempty"`
}

// DepositChange is a change of the merchant's deposit (保证金) booked at At: a
// positive Amount tops the deposit up and is withheld from the payout, a negative
// one releases deposit to the merchant. It is listed in the statement of the period
// containing At (R4.5).
type DepositChange struct {
	MerchantID uuid.UUID     `json:"merchant_id"`
	Amount     shopkit.Money `json:"amount"`
	At         time.Time     `json:"at"`
	Reason     string        `json:"reason,omitempty"`
}

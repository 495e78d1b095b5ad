package shopkit

import (
	"time"

	"github.com/google/uuid"
)

// Refund is one refund of an order, as an order's after-sales ledger issues it
// (R3.7) and as commission (R4.4) and membership (R5.2) consume it: no host code
// maps one to the other.
type Refund struct {
	Key         string       `json:"key"`                   // idempotency key: the same key refunds once
	OrderID     uuid.UUID    `json:"order_id"`              // the order refunded
	OrderNumber string       `json:"order_number"`          // its human order number (R0.2)
	CaseID      uuid.UUID    `json:"case_id"`               // uuid.Nil for a refund outside a case
	BuyerID     string       `json:"buyer_id"`              // who gets the money
	MerchantID  uuid.UUID    `json:"merchant_id"`           // whose sale is refunded: the shop
	Lines       []RefundLine `json:"lines"`                 // the per-line amounts, in request order
	Shipping    Money        `json:"shipping"`              // shipping refunded with this refund (R3.7), zero if none
	Amount      Money        `json:"amount"`                // lines + shipping
	Advance     bool         `json:"advance"`               // paid first by the platform (先行赔付, R3.9)
	Reason      string       `json:"reason"`                // why, for the audit trail
	At          time.Time    `json:"at,omitzero"`           // when the ledger issued the refund
	DueBy       time.Time    `json:"due_by,omitzero"`       // money back by then (R3.8); zero when no deadline applies
	Confirmed   bool         `json:"confirmed"`             // the host's gateway paid it back
	ConfirmedAt time.Time    `json:"confirmed_at,omitzero"` // when it was confirmed
}

// RefundLine is the part of a refund that falls on one order line: commission
// reverses its commission in proportion (R4.4).
type RefundLine struct {
	Line   int    `json:"line"`   // index of the order line
	SKU    string `json:"sku"`    // the line's SKU
	Units  int64  `json:"units"`  // 0 for a money-only refund
	Amount Money  `json:"amount"` // what this refund pays back on the line
}

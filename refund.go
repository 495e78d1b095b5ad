package shopkit

import (
	"time"

	"github.com/google/uuid"
)

// Refund is one refund of an order, as an order's after-sales ledger issues it
// (R3.7) and as commission (R4.4) and membership (R5.2) consume it: no host code
// maps one to the other.
type Refund struct {
	Key         string       // idempotency key: the same key refunds once
	OrderID     uuid.UUID    // the order refunded
	OrderNumber string       // its human order number (R0.2)
	CaseID      uuid.UUID    // uuid.Nil for a refund outside a case
	BuyerID     string       // who gets the money
	MerchantID  uuid.UUID    // whose sale is refunded: the shop
	Lines       []RefundLine // the per-line amounts, in request order
	Shipping    Money        // shipping refunded with this refund (R3.7), zero if none
	Amount      Money        // lines + shipping
	Advance     bool         // paid first by the platform (先行赔付, R3.9)
	Reason      string       // why, for the audit trail
	At          time.Time    // when the ledger issued the refund
	DueBy       time.Time    // money back by then (R3.8); zero when no deadline applies
	Confirmed   bool         // the host's gateway paid it back
	ConfirmedAt time.Time    // when it was confirmed
}

// RefundLine is the part of a refund that falls on one order line: commission
// reverses its commission in proportion (R4.4).
type RefundLine struct {
	Line   int    // index of the order line
	SKU    string // the line's SKU
	Units  int64  // 0 for a money-only refund
	Amount Money  // what this refund pays back on the line
}

package aftersales

import (
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// LedgerSnapshot is every field of a ledger, for host stores. It keeps the
// personal data in full — the buyer's ID, here and in every refund, and the
// reasons of refunds and advances — for the host's store to persist; its String
// and GoString print it masked (R0.5).
type LedgerSnapshot struct {
	OrderID          uuid.UUID        `json:"order_id"`          // Ledger.ID
	OrderNumber      string           `json:"order_number"`      // the human order number
	BuyerID          string           `json:"buyer_id"`          // the order's buyer
	MerchantID       uuid.UUID        `json:"merchant_id"`       // the order's merchant
	Currency         shopkit.Currency `json:"currency"`          // every amount's currency
	Lines            []LineBalance    `json:"lines"`             // Ledger.Lines
	Shipping         int64            `json:"shipping"`          // net shipping paid, minor units
	ShippingRefunded bool             `json:"shipping_refunded"` // shipping went back already
	ShippingRule     ShippingRule     `json:"shipping_rule"`     // when shipping is refunded (R3.7)
	Claims           []Claim          `json:"claims"`            // Ledger.Claims
	Refunds          []shopkit.Refund `json:"refunds"`           // Ledger.Refunds, oldest first
	Debts            []MerchantDebt   `json:"debts"`             // Ledger.Debts
	// Seq is the length of the ledger's audit trail in the store (R0.4): the
	// next entry is Seq + 1.
	Seq int `json:"seq"`
}

// Snapshot returns every field of the ledger.
func (l *Ledger) Snapshot() LedgerSnapshot {
	return LedgerSnapshot{OrderID: l.orderID, OrderNumber: l.number, BuyerID: l.buyerID, MerchantID: l.merchantID,
		Currency: l.currency, Lines: l.Lines(), Shipping: l.shipping, ShippingRefunded: l.shippingRefunded,
		ShippingRule: l.rule, Claims: l.Claims(), Refunds: l.Refunds(), Debts: l.Debts(), Seq: l.journal.Seq()}
}

// RestoreLedger rebuilds a ledger from a snapshot without re-running any rule,
// after checking that its numbers are ones a ledger can hold (R3.7): the order's
// ID, buyer and merchant, a known currency and shipping rule, a trail length
// (Seq) that is not negative; lines that paid nothing negative with refunds
// within what they paid and the units bought; claims of units neither refunded
// nor claimed twice, an unconfirmed claim with the time it was made; refunds
// whose amount is their lines and shipping, which add up to each line's refunded
// amount and units and to the shipping refunded. A
// snapshot that breaks one of these is a ValidationError with code
// CodeInvalidLedger naming every field at fault; sums that do not fit in int64
// minor units are an ErrOverflow error (R0.1). The ledger holds no entry of its
// trail: its journal numbers on from Seq.
func RestoreLedger(s LedgerSnapshot) (*Ledger, error) {
	if err := checkLedgerSnapshot(s); err != nil {
		return nil, err
	}
	paid, err := paidTotal(s.Lines, s.Shipping)
	if err != nil {
		return nil, err
	}
	refunded, err := checkRefundSums(s)
	if err != nil {
		return nil, err
	}
	l := &Ledger{orderID: s.OrderID, number: s.OrderNumber, buyerID: s.BuyerID, merchantID: s.MerchantID,
		currency: s.Currency, lines: slices.Clone(s.Lines), shipping: s.Shipping, shippingRefunded: s.ShippingRefunded,
		rule: s.ShippingRule, claims: slices.Clone(s.Claims), debts: slices.Clone(s.Debts),
		journal: shopkit.ResumeJournal(ledgerEntity(s.OrderID), s.Seq), paid: paid, refunded: refunded}
	for _, r := range s.Refunds {
		l.refunds = append(l.refunds, cloneRefund(r))
	}
	return l, nil
}

// checkLedgerSnapshot checks every field on its own and against the lines.
func checkLedgerSnapshot(s LedgerSnapshot) error {
	var problems []shopkit.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, shopkit.FieldProblem{Field: field, Problem: problem})
	}
	if s.OrderID == uuid.Nil {
		add("order_id", "is required")
	}
	if s.BuyerID == "" {
		add("buyer_id", "is required")
	}
	if s.MerchantID == uuid.Nil {
		add("merchant_id", "is required")
	}
	if !s.Currency.Valid() {
		add("currency", "is unknown")
	}
	if !s.ShippingRule.Valid() {
		add("shipping_rule", "is unknown")
	}
	if s.Shipping < 0 {
		add("shipping", negativeProblem)
	}
	if s.Seq < 0 {
		add("seq", negativeProblem)
	}
	if len(s.Lines) == 0 {
		add("lines", "is required")
	}
	claimed := make([]int64, len(s.Lines))
	for i, ln := range s.Lines {
		f := fmt.Sprintf("lines[%d]", i)
		switch {
		case ln.Quantity <= 0:
			add(f+".quantity", "must be positive")
		case ln.Paid < 0:
			add(f+".paid", negativeProblem)
		case ln.RefundedUnits < 0 || ln.RefundedUnits > ln.Quantity:
			add(f+".refunded_units", "must be between 0 and the quantity")
		case ln.Refunded < 0 || ln.Refunded > ln.Paid:
			add(f+".refunded", "must be between 0 and paid")
		}
	}
	for i, c := range s.Claims {
		f := fmt.Sprintf("claims[%d]", i)
		switch {
		case c.CaseID == uuid.Nil:
			add(f+".case_id", "is required")
		case c.Line < 0 || c.Line >= len(s.Lines):
			add(f+".line", "is not a line of the order")
		case c.Units <= 0:
			add(f+".units", "must be positive")
		case c.Unconfirmed && c.At.IsZero():
			add(f+".at", "is required while the claim is unconfirmed")
		default:
			ln := s.Lines[c.Line]
			claimed[c.Line] += min(c.Units, ln.Quantity) // capped: the sum stays below 2 × quantity
			if claimed[c.Line] > ln.Quantity-ln.RefundedUnits {
				add(f+".units", "are refunded or claimed already")
			}
		}
	}
	keys := make(map[string]bool, len(s.Refunds))
	for i, r := range s.Refunds {
		f := fmt.Sprintf("refunds[%d]", i)
		switch {
		case r.Key == "":
			add(f+".key", "is required")
		case keys[r.Key]:
			add(f+".key", "repeats an earlier refund's")
		}
		keys[r.Key] = true
		if r.OrderID != s.OrderID {
			add(f+".order_id", "is not the ledger's order")
		}
		checkAmount := func(field string, m shopkit.Money) {
			switch {
			case m.Currency() != s.Currency:
				add(field, "is not in the ledger's currency")
			case m.IsNegative():
				add(field, negativeProblem)
			}
		}
		checkAmount(f+".amount", r.Amount)
		checkAmount(f+".shipping", r.Shipping)
		for j, ln := range r.Lines {
			lf := fmt.Sprintf("%s.lines[%d]", f, j)
			if ln.Line < 0 || ln.Line >= len(s.Lines) {
				add(lf+".line", "is not a line of the order")
			}
			if ln.Units < 0 {
				add(lf+".units", negativeProblem)
			}
			checkAmount(lf+".amount", ln.Amount)
		}
	}
	for i, d := range s.Debts {
		f := fmt.Sprintf("debts[%d].amount", i)
		switch {
		case d.Amount.Currency() != s.Currency:
			add(f, "is not in the ledger's currency")
		case d.Amount.IsNegative():
			add(f, negativeProblem)
		}
	}
	return shopkit.Incomplete(CodeInvalidLedger, problems)
}

// checkRefundSums checks that the refunds add up (R3.7): each refund's amount
// is its lines and shipping, the refunds of a line are its refunded amount and
// units, and shipping went back once, whole, exactly when ShippingRefunded says
// so. It returns the refunds' total. The fields are checked one by one first
// (checkLedgerSnapshot).
func checkRefundSums(s LedgerSnapshot) (int64, error) {
	var problems []shopkit.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, shopkit.FieldProblem{Field: field, Problem: problem})
	}
	money := make([]int64, len(s.Lines))
	units := make([]int64, len(s.Lines))
	var shipping, total int64
	var err error
	for i, r := range s.Refunds {
		sum := r.Shipping.Amount()
		for _, ln := range r.Lines {
			if sum, err = addAmounts(sum, ln.Amount.Amount(), "a refund's lines"); err != nil {
				return 0, err
			}
			if money[ln.Line], err = addAmounts(money[ln.Line], ln.Amount.Amount(), "a line's refunds"); err != nil {
				return 0, err
			}
			if units[ln.Line], err = addAmounts(units[ln.Line], ln.Units, "a line's refunded units"); err != nil {
				return 0, err
			}
		}
		if sum != r.Amount.Amount() {
			add(fmt.Sprintf("refunds[%d].amount", i), "is not the sum of its lines and shipping")
		}
		if shipping, err = addAmounts(shipping, r.Shipping.Amount(), "the shipping refunded"); err != nil {
			return 0, err
		}
		if total, err = addAmounts(total, r.Amount.Amount(), "the order's refunds"); err != nil {
			return 0, err
		}
	}
	for i, ln := range s.Lines {
		if money[i] != ln.Refunded {
			add(fmt.Sprintf("lines[%d].refunded", i), "is not the sum of the line's refunds")
		}
		if units[i] != ln.RefundedUnits {
			add(fmt.Sprintf("lines[%d].refunded_units", i), "is not the sum of the line's refunded units")
		}
	}
	if (shipping != 0 && shipping != s.Shipping) || s.ShippingRefunded != (shipping > 0) {
		add("shipping_refunded", "does not match the shipping the refunds paid back")
	}
	return total, shopkit.Incomplete(CodeInvalidLedger, problems)
}

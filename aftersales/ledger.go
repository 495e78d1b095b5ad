package aftersales

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// Ledger is the refund account of one order (R3.7): what each line paid, which
// units open cases claim (R3.2), every refund and every platform advance. All
// refunds of an order go through its ledger in one store Update, so concurrent
// requests serialize and the order never refunds more than was paid; a request
// repeated with the same idempotency key refunds once. Its ID is the order's ID.
type Ledger struct {
	orderID          uuid.UUID
	number           string
	buyerID          string
	merchantID       uuid.UUID
	currency         shopkit.Currency
	lines            []LineBalance
	shipping         int64
	shippingRefunded bool
	rule             ShippingRule
	claims           []Claim
	refunds          []shopkit.Refund
	debts            []MerchantDebt
	journal          shopkit.Journal
	// paid and refunded are the order's refundable total and the sum of its
	// refunds, checked for overflow when the ledger is built and at each refund
	// (R0.1), so reading them never sums.
	paid, refunded int64
}

// LineBalance is one order line in a ledger: what it paid, its units, and what has
// been refunded of it (units, and money including money-only refunds).
type LineBalance struct {
	SKU           string `json:"sku"`            // the line's SKU
	Paid          int64  `json:"paid"`           // minor units
	Quantity      int64  `json:"quantity"`       // units bought
	RefundedUnits int64  `json:"refunded_units"` // units refunded so far, never above Quantity
	Refunded      int64  `json:"refunded"`       // minor units, never above Paid
}

// Claim is a quantity of a line held by an open case (R3.2). A claim is made
// before its case is stored (Ledger.Claim), so it starts unconfirmed: it holds
// the units like any claim, and the Service confirms it once the case exists
// (ConfirmClaim), or Service.Resume frees it when no case appears within the
// policy's ClaimGrace.
type Claim struct {
	CaseID uuid.UUID `json:"case_id"` // the open case holding the units
	Line   int       `json:"line"`    // index of the order line
	Units  int64     `json:"units"`   // units held
	// Unconfirmed marks a claim whose case is not known to exist yet: a pending
	// step of the case's opening (Ledger.PendingClaim, LedgerStore.Pending).
	Unconfirmed bool      `json:"unconfirmed"`
	At          time.Time `json:"at,omitzero"` // when the units were claimed, in UTC; required while unconfirmed
}

// MerchantDebt is an amount the platform advanced to a buyer (先行赔付) that the
// merchant owes; settlement deducts it (R3.9, R4.5).
type MerchantDebt struct {
	Key        string        `json:"key"`         // the advance's idempotency key
	MerchantID uuid.UUID     `json:"merchant_id"` // who owes it: the shop
	OrderID    uuid.UUID     `json:"order_id"`    // the order it was advanced on
	CaseID     uuid.UUID     `json:"case_id"`     // the disputed case
	Amount     shopkit.Money `json:"amount"`      // what the platform advanced
	At         time.Time     `json:"at,omitzero"` // when it was advanced
	Reason     string        `json:"reason"`      // the platform's reason
}

// RefundRequest asks a ledger for a refund.
type RefundRequest struct {
	// Key makes the request idempotent: the same key refunds once.
	Key string `json:"key"`
	// CaseID is the case whose claimed units are refunded; uuid.Nil refunds units
	// no open case claims, or money only.
	CaseID uuid.UUID `json:"case_id"`
	// Lines lists units per line, or an Amount with no units for a money-only
	// refund (price protection, compensation, an advance).
	Lines []LineQty `json:"lines"`
	// Advance marks a refund the platform pays first (R3.9): it is owed by the
	// merchant as a MerchantDebt.
	Advance bool `json:"advance"`
	// By is who asks: the zero Actor is the system; anyone else must be a party
	// of the order (R0.4), and not its buyer, who asks through a case.
	By shopkit.Actor `json:"by"`
	// DueBy is when the money must be back (zero: no deadline, R3.8).
	DueBy  time.Time `json:"due_by,omitzero"`
	Reason string    `json:"reason"` // why, for the audit trail
}

// NewLedger returns the empty refund ledger of order. Shipping is refunded by rule
// (R3.7). Each refund the ledger issues is a shopkit.Refund: the host's gateway
// executes it (an EffectRefund whose Ref is its Key) and confirms it with
// ConfirmRefund; commission (R4.4) and membership (R5.2) read the same record.
// An order whose paid total (lines and net shipping) does not fit in int64
// minor units is an ErrOverflow error (R0.1): its refunds could not add up.
func NewLedger(order Order, rule ShippingRule, now time.Time) (*Ledger, error) {
	if err := validateOrder(order); err != nil {
		return nil, err
	}
	if !rule.Valid() {
		return nil, shopkit.Invalid(CodeInvalidPolicy, "shipping", "unknown shipping rule")
	}
	cur := order.Lines[0].Paid.Currency()
	ship, err := order.Shipping.Sub(order.ShippingDiscount)
	if err != nil {
		return nil, err
	}
	l := &Ledger{orderID: order.ID, number: order.Number, buyerID: order.BuyerID, merchantID: order.MerchantID,
		currency: cur, shipping: max(ship.Amount(), 0), rule: rule, journal: shopkit.NewJournal(ledgerEntity(order.ID))}
	for _, ln := range order.Lines {
		l.lines = append(l.lines, LineBalance{SKU: ln.SKU, Paid: ln.Paid.Amount(), Quantity: ln.Quantity})
	}
	if l.paid, err = paidTotal(l.lines, l.shipping); err != nil {
		return nil, err
	}
	l.journal.Change(shopkit.SystemActor(), now, "open_ledger", "", "open", "", nil)
	return l, nil
}

// paidTotal is Σ line paid + shipping, checked (R0.1).
func paidTotal(lines []LineBalance, shipping int64) (int64, error) {
	t := shipping
	var err error
	for _, ln := range lines {
		if t, err = addAmounts(t, ln.Paid, "the order's paid total"); err != nil {
			return 0, err
		}
	}
	return t, nil
}

// addAmounts returns a + b in minor units, or shopkit.Overflow (R0.1: never
// silent).
func addAmounts(a, b int64, what string) (int64, error) {
	s, err := shopkit.CNY(a).Add(shopkit.CNY(b))
	if err != nil {
		return 0, shopkit.Overflow(what)
	}
	return s.Amount(), nil
}

// validateOrder checks the order snapshot: an ID, a buyer and merchant, lines with
// a positive quantity and a paid amount that is not negative, one currency.
func validateOrder(o Order) error {
	var problems []shopkit.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, shopkit.FieldProblem{Field: field, Problem: problem})
	}
	if o.ID == uuid.Nil {
		add("order_id", "is required")
	}
	if o.BuyerID == "" {
		add("order_buyer_id", "is required")
	}
	if o.MerchantID == uuid.Nil {
		add("order_merchant_id", "is required")
	}
	if !o.State.Valid() {
		add("order_state", "is unknown")
	}
	if len(o.Lines) == 0 {
		add("order_lines", "is required")
	}
	for i, ln := range o.Lines {
		if ln.Quantity <= 0 {
			add(fmt.Sprintf("order_lines[%d].quantity", i), "must be positive")
		}
		if ln.Paid.IsNegative() {
			add(fmt.Sprintf("order_lines[%d].paid", i), "must not be negative")
		}
		if ln.Paid.Currency() != o.Lines[0].Paid.Currency() {
			add(fmt.Sprintf("order_lines[%d].paid", i), "must be in the order's currency")
		}
	}
	if len(o.Lines) > 0 {
		cur := o.Lines[0].Paid.Currency()
		if o.Shipping.IsNegative() || o.ShippingDiscount.IsNegative() {
			add("order_shipping", "must not be negative")
		}
		if (!o.Shipping.IsZero() && o.Shipping.Currency() != cur) || (!o.ShippingDiscount.IsZero() && o.ShippingDiscount.Currency() != cur) {
			add("order_shipping", "must be in the order's currency")
		}
	}
	return shopkit.Incomplete(CodeInvalidOrder, problems)
}

// ready refuses the zero Ledger, which belongs to no order: a Ledger is built by
// NewLedger or RestoreLedger (shopkit.NotBuilt).
func (l *Ledger) ready() error {
	if l.orderID == uuid.Nil {
		return shopkit.NotBuilt("aftersales.Ledger")
	}
	return nil
}

// ID returns the order's ID, which is the ledger's.
func (l *Ledger) ID() uuid.UUID { return l.orderID }

// ledgerEntity names a ledger in its effects' IDs ("ledger:<order ID>#<seq>"):
// the ledger shares its ID with its order, and an outbox keyed by effect ID
// must not take the ledger's refund for a repeat of the order's notification.
func ledgerEntity(orderID uuid.UUID) string { return "ledger:" + orderID.String() }

// MerchantID returns the order's merchant: the shop.
func (l *Ledger) MerchantID() uuid.UUID { return l.merchantID }

// Parties returns who the order belongs to (R0.4): its buyer and shop.
func (l *Ledger) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: l.buyerID, Shop: l.merchantID}
}

// Lines returns the balance of every line.
func (l *Ledger) Lines() []LineBalance { return slices.Clone(l.lines) }

// Refunds returns every refund, oldest first.
func (l *Ledger) Refunds() []shopkit.Refund {
	out := make([]shopkit.Refund, len(l.refunds))
	for i, r := range l.refunds {
		out[i] = cloneRefund(r)
	}
	return out
}

// RefundByKey returns the refund with key.
func (l *Ledger) RefundByKey(key string) (shopkit.Refund, bool) {
	for _, r := range l.refunds {
		if r.Key == key {
			return cloneRefund(r), true
		}
	}
	return shopkit.Refund{}, false
}

// Debts returns the platform advances the merchant owes (R3.9).
func (l *Ledger) Debts() []MerchantDebt { return slices.Clone(l.debts) }

// Claims returns the quantities held by open cases.
func (l *Ledger) Claims() []Claim { return slices.Clone(l.claims) }

// Paid returns the order's refundable total: every line's paid amount plus net
// shipping.
func (l *Ledger) Paid() shopkit.Money { return shopkit.Zero(l.currency).WithAmount(l.paid) }

// Refunded returns the total of every refund so far, never above Paid.
func (l *Ledger) Refunded() shopkit.Money { return shopkit.Zero(l.currency).WithAmount(l.refunded) }

// Deadline returns the earliest money-back deadline of an unconfirmed refund: after
// it the refund is overdue (listable through the store's Due).
func (l *Ledger) Deadline() (time.Time, bool) {
	var at time.Time
	for _, r := range l.refunds {
		if !r.Confirmed && !r.DueBy.IsZero() && (at.IsZero() || r.DueBy.Before(at)) {
			at = r.DueBy
		}
	}
	return at, !at.IsZero()
}

// History returns the entries of the ledger's audit trail (R0.4) the value
// holds, oldest first: every entry of a ledger built and acted on in memory, and
// of one loaded from a store only those added since (the whole trail is the
// store's: LedgerStore's Trail).
func (l *Ledger) History() []shopkit.Entry { return l.journal.History() }

// Unsaved returns the entries added since the ledger was loaded.
func (l *Ledger) Unsaved() []shopkit.Entry { return l.journal.Unsaved() }

// MarkSaved marks every entry saved; stores call it after persisting.
func (l *Ledger) MarkSaved() { l.journal.MarkSaved() }

// Effects returns the effect entries (refunds to execute) among History: those
// the value holds.
func (l *Ledger) Effects() []shopkit.Entry { return l.journal.Effects() }

func (l *Ledger) claimed(line int, except uuid.UUID) int64 {
	var n int64
	for _, c := range l.claims {
		if c.Line == line && c.CaseID != except {
			n += c.Units
		}
	}
	return n
}

func (l *Ledger) claimOf(caseID uuid.UUID, line int) int64 {
	for _, c := range l.claims {
		if c.CaseID == caseID && c.Line == line {
			return c.Units
		}
	}
	return 0
}

func (l *Ledger) checkLines(lines []LineQty, field string) error {
	if len(lines) == 0 {
		return shopkit.Invalid(CodeInvalidLine, field, "is required")
	}
	var small [64]bool
	var seen []bool
	if len(l.lines) <= len(small) {
		seen = small[:len(l.lines)]
	} else {
		seen = make([]bool, len(l.lines))
	}
	for i, q := range lines {
		// The field name is built only for an error: the hot path does not allocate.
		f := func() string { return fmt.Sprintf("%s[%d]", field, i) }
		switch {
		case q.Line < 0 || q.Line >= len(l.lines):
			return shopkit.Invalid(CodeInvalidLine, f()+".line", "is not a line of the order")
		case seen[q.Line]:
			return shopkit.Invalid(CodeInvalidLine, f()+".line", "appears twice")
		case q.Units < 0:
			return shopkit.Invalid(CodeInvalidQuantity, f()+".units", "must not be negative")
		case q.Amount.IsNegative():
			return shopkit.Invalid(CodeNegativeAmount, f()+".amount", "must not be negative")
		case q.Units == 0 && q.Amount.IsZero():
			return shopkit.Invalid(CodeInvalidQuantity, f()+".units", "must be positive")
		case q.Units > 0 && !q.Amount.IsZero():
			return shopkit.Invalid(CodeInvalidAmount, f()+".amount", "is for money-only refunds without units")
		case !q.Amount.IsZero() && q.Amount.Currency() != l.currency:
			return shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch, f()+".amount is not in the order's currency")
		case q.Units > l.lines[q.Line].Quantity:
			return notAllowed(CodeQuantityExceeds,
				fmt.Sprintf("%s.units %d is more than the %d bought", f(), q.Units, l.lines[q.Line].Quantity))
		}
		seen[q.Line] = true
	}
	return nil
}

// Claim holds units of lines for an open case (R3.2): a quantity cannot be in two
// open cases, nor claimed once refunded. Money-only lines claim nothing. The
// claim is unconfirmed, stamped now, until ConfirmClaim: the case it is for is
// stored after it, in another store call, and a claim whose case never appears
// is freed by Service.Resume. Claiming again for the same case replaces its
// claim.
func (l *Ledger) Claim(caseID uuid.UUID, lines []LineQty, now time.Time) error {
	if err := l.ready(); err != nil {
		return err
	}
	if caseID == uuid.Nil {
		return shopkit.Invalid(CodeInvalidCase, "case_id", "is required")
	}
	if err := l.checkLines(lines, "lines"); err != nil {
		return err
	}
	for i, q := range lines {
		if q.Units == 0 {
			continue
		}
		ln := l.lines[q.Line]
		free := ln.Quantity - ln.RefundedUnits - l.claimed(q.Line, caseID)
		if q.Units > free {
			return conflict(CodeQuantityClaimed,
				fmt.Sprintf("lines[%d] asks %d units but only %d are not refunded or in another open case", i, q.Units, free))
		}
	}
	l.release(caseID)
	for _, q := range lines {
		if q.Units > 0 {
			l.claims = append(l.claims, Claim{CaseID: caseID, Line: q.Line, Units: q.Units, Unconfirmed: true, At: now.UTC()})
		}
	}
	l.journal.Change(shopkit.SystemActor(), now, "claim", "", "", "case "+caseID.String(), nil)
	return nil
}

// ConfirmClaim confirms caseID's claim: its case exists. Confirming a claim that
// is confirmed already, or a case that holds nothing, changes nothing.
func (l *Ledger) ConfirmClaim(caseID uuid.UUID, now time.Time) {
	done := false
	for i := range l.claims {
		if l.claims[i].CaseID == caseID && l.claims[i].Unconfirmed {
			l.claims[i].Unconfirmed = false
			done = true
		}
	}
	if done {
		l.journal.Change(shopkit.SystemActor(), now, "confirm_claim", "", "", "case "+caseID.String(), nil)
	}
}

// PendingClaim returns when the oldest unconfirmed claim was made, and whether
// the ledger has one: the pending step LedgerStore.Pending lists by.
func (l *Ledger) PendingClaim() (time.Time, bool) {
	var at time.Time
	found := false
	for _, c := range l.claims {
		if c.Unconfirmed && (!found || c.At.Before(at)) {
			at, found = c.At, true
		}
	}
	return at, found
}

// unconfirmed returns the cases with an unconfirmed claim and when each
// claimed, oldest first (ties by case ID).
func (l *Ledger) unconfirmed() []Claim {
	var out []Claim
	for _, c := range l.claims {
		if c.Unconfirmed && !slices.ContainsFunc(out, func(o Claim) bool { return o.CaseID == c.CaseID }) {
			out = append(out, Claim{CaseID: c.CaseID, At: c.At, Unconfirmed: true})
		}
	}
	slices.SortFunc(out, func(a, b Claim) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return bytes.Compare(a.CaseID[:], b.CaseID[:])
	})
	return out
}

// releaseUnconfirmed frees caseID's claim if it is still unconfirmed and was
// made at at: what Resume frees when the case never appeared. A claim
// confirmed or made again since is kept.
func (l *Ledger) releaseUnconfirmed(caseID uuid.UUID, at time.Time, now time.Time) bool {
	for _, c := range l.claims {
		if c.CaseID == caseID && (!c.Unconfirmed || !c.At.Equal(at)) {
			return false
		}
	}
	if !l.release(caseID) {
		return false
	}
	l.journal.Change(shopkit.SystemActor(), now, "release", "", "", "case "+caseID.String()+" never stored", nil)
	return true
}

// Release frees every quantity caseID holds (the case ended). Releasing a case
// that holds nothing changes nothing.
func (l *Ledger) Release(caseID uuid.UUID, now time.Time) {
	if l.release(caseID) {
		l.journal.Change(shopkit.SystemActor(), now, "release", "", "", "case "+caseID.String(), nil)
	}
}

func (l *Ledger) release(caseID uuid.UUID) bool {
	n := len(l.claims)
	l.claims = slices.DeleteFunc(l.claims, func(c Claim) bool { return c.CaseID == caseID })
	return len(l.claims) != n
}

// Quote returns what refunding lines would pay now, changing nothing. It ignores
// claims (a case quotes the units it holds) and shipping.
func (l *Ledger) Quote(lines []LineQty) (shopkit.Money, error) {
	if err := l.checkLines(lines, "lines"); err != nil {
		return shopkit.Money{}, err
	}
	var t int64
	for _, q := range lines {
		a, err := l.linePay(q)
		if err == nil {
			t, err = addAmounts(t, a, "the quote")
		}
		if err != nil {
			return shopkit.Money{}, err
		}
	}
	return shopkit.Zero(l.currency).WithAmount(t), nil
}

func (l *Ledger) linePay(q LineQty) (int64, error) {
	ln := l.lines[q.Line]
	paid := shopkit.Zero(l.currency).WithAmount(ln.Paid)
	if q.Units > 0 {
		a, err := UnitRefund(paid, ln.Quantity, ln.RefundedUnits, q.Units, shopkit.Zero(l.currency).WithAmount(ln.Refunded))
		return a.Amount(), err
	}
	if q.Amount.Amount() > ln.Paid-ln.Refunded {
		return 0, notAllowed(CodeExceedsRefundable,
			fmt.Sprintf("line %d can refund at most %d more", q.Line, ln.Paid-ln.Refunded))
	}
	return q.Amount.Amount(), nil
}

// Refund refunds req (R3.7) and returns its record. A key seen before returns the
// first record unchanged (and false); the same key with a different request is a
// conflict. Units come from the case's claim (or from units no open case holds when
// req.CaseID is nil); each line pays its cumulative floor less what it already paid
// back; shipping follows the ledger's rule. req.By asks: the system (the zero
// Actor), or a party of the order (shopkit.Parties.Check, code
// shopkit.CodeNotParty) that is not its buyer (CodeWrongRole: a buyer's money
// comes back through a case). On error nothing changes; the zero Ledger is
// shopkit.NotBuilt.
func (l *Ledger) Refund(req RefundRequest, now time.Time) (shopkit.Refund, bool, error) {
	if err := l.ready(); err != nil {
		return shopkit.Refund{}, false, err
	}
	by, err := l.requester(req.By)
	if err != nil {
		return shopkit.Refund{}, false, err
	}
	if req.Key == "" {
		return shopkit.Refund{}, false, shopkit.Invalid(CodeInvalidKey, "key", "is required")
	}
	for _, r := range l.refunds {
		if r.Key != req.Key {
			continue
		}
		if r.CaseID != req.CaseID || r.Advance != req.Advance || !sameLines(r.Lines, req.Lines) {
			return shopkit.Refund{}, false, conflict(CodeKeyReused,
				"idempotency key "+text.Quote(req.Key)+" was used for a different refund")
		}
		return cloneRefund(r), false, nil
	}
	if err := l.checkLines(req.Lines, "lines"); err != nil {
		return shopkit.Refund{}, false, err
	}
	rec := shopkit.Refund{Key: req.Key, OrderID: l.orderID, OrderNumber: l.number, CaseID: req.CaseID,
		BuyerID: l.buyerID, MerchantID: l.merchantID, Advance: req.Advance, Reason: req.Reason, At: now,
		DueBy: req.DueBy, Shipping: shopkit.Zero(l.currency).WithAmount(0)}
	lines := slices.Clone(l.lines)
	var total int64
	for i, q := range req.Lines {
		if q.Units > 0 {
			var avail int64
			if req.CaseID != uuid.Nil {
				avail = l.claimOf(req.CaseID, q.Line)
			} else {
				avail = lines[q.Line].Quantity - lines[q.Line].RefundedUnits - l.claimed(q.Line, uuid.Nil)
			}
			if q.Units > avail {
				return shopkit.Refund{}, false, conflict(CodeQuantityExceeds,
					fmt.Sprintf("lines[%d] asks %d units but %d are available for this refund", i, q.Units, avail))
			}
		}
		a, err := (&Ledger{lines: lines, currency: l.currency}).linePay(q)
		if err == nil {
			// linePay keeps a line within its paid amount; the sums are checked
			// all the same (R0.1).
			lines[q.Line].Refunded, err = addAmounts(lines[q.Line].Refunded, a, "the line's refunds")
		}
		if err == nil {
			total, err = addAmounts(total, a, "the refund")
		}
		if err != nil {
			return shopkit.Refund{}, false, err
		}
		lines[q.Line].RefundedUnits += q.Units // within the units available, checked above
		rec.Lines = append(rec.Lines, shopkit.RefundLine{Line: q.Line, SKU: lines[q.Line].SKU, Units: q.Units, Amount: shopkit.Zero(l.currency).WithAmount(a)})
	}
	shipNow := false
	if !l.shippingRefunded && l.shipping > 0 {
		switch l.rule {
		case ShippingWithFirstRefund:
			shipNow = true
		case ShippingOnFullRefund:
			shipNow = true
			for _, ln := range lines {
				if ln.RefundedUnits < ln.Quantity {
					shipNow = false
				}
			}
		}
	}
	if shipNow {
		rec.Shipping = shopkit.Zero(l.currency).WithAmount(l.shipping)
		if total, err = addAmounts(total, l.shipping, "the refund"); err != nil {
			return shopkit.Refund{}, false, err
		}
	}
	rec.Amount = shopkit.Zero(l.currency).WithAmount(total)
	refunded, err := addAmounts(l.refunded, total, "the order's refunds")
	if err != nil {
		return shopkit.Refund{}, false, err
	}

	// Commit: nothing above changed the ledger.
	l.lines = lines
	l.refunded = refunded
	l.shippingRefunded = l.shippingRefunded || shipNow
	if req.CaseID != uuid.Nil {
		for _, q := range req.Lines {
			l.consumeClaim(req.CaseID, q.Line, q.Units)
		}
	}
	l.refunds = append(l.refunds, rec)
	l.journal.Change(by, now, "refund", "", "", req.Reason, []string{EvidenceRefund + req.Key})
	note := "refund " + req.Key
	if req.Advance {
		note = "advance by the platform (先行赔付) " + req.Key
		l.debts = append(l.debts, MerchantDebt{Key: req.Key, MerchantID: l.merchantID, OrderID: l.orderID,
			CaseID: req.CaseID, Amount: rec.Amount, At: now, Reason: req.Reason})
	}
	l.journal.Emit(now, "refund", shopkit.Effect{Type: shopkit.EffectRefund, Party: "buyer:" + l.buyerID,
		Amount: rec.Amount, Ref: req.Key, Note: note})
	return cloneRefund(rec), true, nil
}

// requester returns who asks for a refund: the system for the zero Actor,
// else a party of the order (shopkit.Parties.Check: code shopkit.CodeNotParty)
// other than its buyer (R0.4): a buyer's money comes back through a case the
// merchant or the platform decides, so a buyer asking is CodeWrongRole, the
// ledger's own rule.
func (l *Ledger) requester(by shopkit.Actor) (shopkit.Actor, error) {
	if by.Role == "" && by.ID == "" && len(by.Shops) == 0 {
		return shopkit.SystemActor(), nil
	}
	if err := l.Parties().Check(by); err != nil {
		return by, err
	}
	if by.Role == shopkit.Buyer {
		return by, notAllowed(CodeWrongRole, "a buyer asks for a refund through an after-sales case")
	}
	return by, nil
}

func (l *Ledger) consumeClaim(caseID uuid.UUID, line int, units int64) {
	for i := range l.claims {
		if l.claims[i].CaseID == caseID && l.claims[i].Line == line {
			l.claims[i].Units -= units
		}
	}
	l.claims = slices.DeleteFunc(l.claims, func(c Claim) bool { return c.Units <= 0 })
}

func sameLines(done []shopkit.RefundLine, asked []LineQty) bool {
	if len(done) != len(asked) {
		return false
	}
	for i, q := range asked {
		if done[i].Line != q.Line || done[i].Units != q.Units || (q.Units == 0 && !done[i].Amount.Equal(q.Amount)) {
			return false
		}
	}
	return true
}

// ConfirmRefund records that the host's gateway paid the refund with key back.
// Confirming twice changes nothing; an unknown key is ErrNotFound.
func (l *Ledger) ConfirmRefund(key string, now time.Time) (shopkit.Refund, error) {
	if err := l.ready(); err != nil {
		return shopkit.Refund{}, err
	}
	for i := range l.refunds {
		r := &l.refunds[i]
		if r.Key != key {
			continue
		}
		if !r.Confirmed {
			r.Confirmed, r.ConfirmedAt = true, now
			l.journal.Change(shopkit.SystemActor(), now, "confirm_refund", "", "", key, nil)
		}
		return cloneRefund(*r), nil
	}
	return shopkit.Refund{}, shopkit.NewError(shopkit.ErrNotFound, CodeRefundNotFound, "no refund with key "+text.Quote(key))
}

func cloneRefund(r shopkit.Refund) shopkit.Refund {
	r.Lines = slices.Clone(r.Lines)
	return r
}

// Clone returns a deep copy.
func (l *Ledger) Clone() *Ledger {
	c := *l
	c.lines = slices.Clone(l.lines)
	c.claims = slices.Clone(l.claims)
	c.refunds = make([]shopkit.Refund, len(l.refunds))
	for i, r := range l.refunds {
		c.refunds[i] = cloneRefund(r)
	}
	c.debts = slices.Clone(l.debts)
	c.journal = l.journal.Clone()
	return &c
}

// SpreadMoney splits a money-only amount over lines in order, each taking at most
// what it can still refund (R3.7): the request lines of a compensation or an
// advance. More than the lines can refund is an error.
func (l *Ledger) SpreadMoney(lines []int, amount shopkit.Money) ([]LineQty, error) {
	if amount.IsNegative() {
		return nil, shopkit.Invalid(CodeNegativeAmount, "amount", negativeProblem)
	}
	if amount.IsZero() {
		return nil, shopkit.Invalid(CodeInvalidAmount, "amount", "must be positive")
	}
	if amount.Currency() != l.currency {
		return nil, shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch, "amount is not in the order's currency")
	}
	left := amount.Amount()
	var out []LineQty
	for _, i := range lines {
		if i < 0 || i >= len(l.lines) {
			return nil, shopkit.Invalid(CodeInvalidLine, "lines", "is not a line of the order")
		}
		if left == 0 {
			break
		}
		room := l.lines[i].Paid - l.lines[i].Refunded
		if take := min(room, left); take > 0 {
			out = append(out, LineQty{Line: i, Amount: shopkit.Zero(l.currency).WithAmount(take)})
			left -= take
		}
	}
	if left > 0 {
		return nil, notAllowed(CodeExceedsRefundable, "the amount is more than the lines can still refund")
	}
	return out, nil
}

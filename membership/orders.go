package membership

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Figures are cumulative transaction figures (R5.1): the net amount spent and the
// number of transactions.
type Figures struct {
	Amount shopkit.Money `json:"amount"` // net amount: completed orders minus refunds
	Orders int64         `json:"orders"` // transactions still counted (a fully refunded order is not)
}

// CompletedOrder is an order that reached completed (R2.3.4), as it counts for
// membership: Amount is what the buyer paid (Σ line Paid, R2.3.3).
type CompletedOrder struct {
	OrderID     uuid.UUID     `json:"order_id"`              // the order's ID: counts once per member, whatever the deliveries
	CustomerID  string        `json:"customer_id"`           // must be the member's customer
	Amount      shopkit.Money `json:"amount"`                // what the buyer paid, ≥ 0, in the set's currency
	CompletedAt time.Time     `json:"completed_at,omitzero"` // when the order completed (the window looks at it)
}

// String describes the order with its customer masked (R0.5).
func (o CompletedOrder) String() string {
	return "CompletedOrder{" + o.OrderID.String() + " customer " + shopkit.MaskPhone(o.CustomerID) + " " +
		o.Amount.String() + " completed " + o.CompletedAt.Format(time.RFC3339) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (o CompletedOrder) GoString() string { return o.String() }

// Outcome says what applying an order (or a what-if order) did.
type Outcome struct {
	OrderID   uuid.UUID `json:"order_id"`  // the order applied
	Duplicate bool      `json:"duplicate"` // the order was applied before: nothing changed
	From      string    `json:"from"`      // tier before
	To        string    `json:"to"`        // tier after
	Upgraded  bool      `json:"upgraded"`  // To is higher than From (R5.2)
	// Figures are those the set evaluates at now after the order: lifetime, or
	// within the set's Window (R5.2 option), the same for a duplicate.
	Figures Figures `json:"figures"`
}

// figures returns the figures ts evaluates at now: lifetime, or those of the orders
// completed at or after now − window (R5.2 option).
func (ts *TierSet) figures(m *Member, now time.Time) (amount, orders int64, err error) {
	if ts.window <= 0 {
		return m.amount, m.orders, nil
	}
	from := now.Add(-ts.window)
	for _, o := range m.applied {
		if o.CompletedAt.Before(from) {
			continue
		}
		var ok bool
		if amount, ok = addInt64(amount, o.net()); !ok {
			return 0, 0, errOverflow()
		}
		if o.Counted {
			orders++
		}
	}
	return amount, orders, nil
}

func (ts *TierSet) inWindow(at, now time.Time) bool {
	return ts.window <= 0 || !at.Before(now.Add(-ts.window))
}

// checkMember checks that ts is a built set and m a member in its currency.
func (ts *TierSet) checkMember(m *Member) error {
	if err := ts.check(); err != nil {
		return err
	}
	if m == nil {
		return shopkit.Invalid(CodeInvalidMember, "member", "is required")
	}
	if m.currency != ts.currency {
		return errCurrency(m.currency, ts.currency)
	}
	return nil
}

// rankOf returns the rank of the member's tier in ts; 0 for NoTier or a tier the
// set no longer has.
func (ts *TierSet) rankOf(m *Member) int {
	r, _ := ts.Rank(m.tier)
	return r
}

// CompleteOrder adds a completed order to the member's figures and upgrades the
// member when the order crosses a tier's threshold, to the highest tier crossed,
// possibly several tiers at once (R5.2). It never lowers the tier. An order ID
// already applied changes nothing and reports Duplicate; the same ID with another
// amount is a conflict. Bad input (another customer, a negative amount, another
// currency, no ID or time) is a typed error and changes nothing.
//
// It takes no actor: the order's completion is a fact the order reports (R2.3.4),
// applied by the system; the audit entry names shopkit.SystemActor.
//
// Crossing means the figures meet the tier's thresholds after the order and did
// not before it. Without manual adjustments the tier is therefore always the
// highest tier the figures have met after any order (refunds never demote). After
// a manual demotion the member goes up again only when an order crosses a
// threshold above the adjusted tier, so the next order does not undo the
// merchant's decision.
func (m *Member) CompleteOrder(ts *TierSet, o CompletedOrder, now time.Time) (Outcome, error) {
	if err := m.checkOrder(ts, o); err != nil {
		return Outcome{}, err
	}
	if prev, ok := m.applied[o.OrderID]; ok {
		if !prev.Amount.Equal(o.Amount) {
			return Outcome{}, shopkit.NewError(shopkit.ErrConflict, CodeOrderMismatch,
				"order "+o.OrderID.String()+" was applied with "+prev.Amount.String()+", not "+o.Amount.String())
		}
		a, n, err := ts.figures(m, now)
		if err != nil {
			return Outcome{}, err
		}
		return Outcome{OrderID: o.OrderID, Duplicate: true, From: m.tier, To: m.tier,
			Figures: Figures{Amount: m.money(a), Orders: n}}, nil
	}
	ba, bo, err := ts.figures(m, now)
	if err != nil {
		return Outcome{}, err
	}
	aa, ao := ba, bo
	if ts.inWindow(o.CompletedAt, now) {
		var ok bool
		if aa, ok = addInt64(ba, o.Amount.Amount()); !ok {
			return Outcome{}, errOverflow()
		}
		ao++
	}
	life, ok := addInt64(m.amount, o.Amount.Amount())
	if !ok {
		return Outcome{}, errOverflow()
	}
	// Every check passed: mutate.
	from := m.tier
	m.amount = life
	m.orders++
	m.applied[o.OrderID] = AppliedOrder{OrderID: o.OrderID, Amount: o.Amount, Refunded: m.money(0),
		Counted: true, CompletedAt: o.CompletedAt}
	m.journal.Change(shopkit.SystemActor(), now, ActionCompleteOrder, stateName(from), stateName(from),
		"order "+o.OrderID.String()+" completed: +"+o.Amount.String(), nil)
	out := Outcome{OrderID: o.OrderID, From: from, To: from, Figures: Figures{Amount: m.money(aa), Orders: ao}}
	r := ts.crossed(Figures{Amount: m.money(ba), Orders: bo}, out.Figures)
	if r > ts.rankOf(m) { // R5.2: automatic upgrade, possibly several tiers at once
		m.setTier(shopkit.SystemActor(), now, ActionUpgrade, ts.name(r), SourceOrders,
			ts.reachedReason(r, aa, ao))
		out.To, out.Upgraded = m.tier, true
	}
	return out, nil
}

// reachedReason explains an upgrade for the audit trail.
func (ts *TierSet) reachedReason(r int, amount, orders int64) string {
	e := Evaluation{set: ts, Mode: ts.mode, Rank: r, Tier: ts.name(r), Source: SourceOrders, QualifiedRank: r,
		Figures: Figures{Amount: shopkit.Zero(ts.currency).WithAmount(amount), Orders: orders}}
	return e.Why()
}

func (m *Member) setTier(by shopkit.Actor, now time.Time, action, to string, src TierSource, reason string) {
	from := m.tier
	m.tier, m.tierSince, m.source = to, now, src
	if src == SourceManual {
		m.adjustReason = reason
	} else {
		m.adjustReason = ""
	}
	m.journal.Change(by, now, action, stateName(from), stateName(to), reason, nil)
	note := "tier changed to " + stateName(to)
	if action == ActionUpgrade {
		note = "upgraded to " + to
	}
	m.journal.Emit(now, action, shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:" + m.customerID,
		Ref: m.id.String(), Note: note})
}

func (m *Member) checkOrder(ts *TierSet, o CompletedOrder) error {
	if err := m.built(); err != nil {
		return err
	}
	if err := ts.checkMember(m); err != nil {
		return err
	}
	var problems []shopkit.FieldProblem
	if o.OrderID == uuid.Nil {
		problems = append(problems, shopkit.FieldProblem{Field: "order_id", Problem: "is required"})
	}
	if o.CustomerID != m.customerID {
		problems = append(problems, shopkit.FieldProblem{Field: "customer_id", Problem: "is not this member's customer"})
	}
	if o.Amount.IsNegative() {
		problems = append(problems, shopkit.FieldProblem{Field: "amount", Problem: "must not be negative"})
	}
	if o.CompletedAt.IsZero() {
		problems = append(problems, shopkit.FieldProblem{Field: "completed_at", Problem: "is required"})
	}
	if err := shopkit.Incomplete(CodeInvalidOrder, problems); err != nil {
		return err
	}
	if o.Amount.Currency() != m.currency {
		return errCurrency(o.Amount.Currency(), m.currency)
	}
	return nil
}

// ApplyRefund reduces the figures by a refund of an applied order (R3.7, R5.2),
// the shopkit.Refund an order's after-sales ledger issues: the cumulative amount
// goes down by r.Amount, and the order stops counting as a transaction once
// fully refunded. The tier never goes down.
//
// r.Key is required and identifies the refund: the same key again (same order
// and amount) changes nothing, the same key with another order or amount is an
// ErrConflict error (CodeRefundMismatch). r.BuyerID must be the member's customer
// and r.MerchantID its shop. A refund of an order never applied is ErrNotFound
// (CodeUnknownOrder); one larger than what is left of the order's recorded spend
// is a ValidationError (CodeRefundExceeds). Nothing changes on error. r.At and
// the other fields are the host's records: the audit entry is stamped with now,
// and a refund lowers its order's figures wherever the order falls in the window.
// Like CompleteOrder it takes no actor: the refund is a fact the after-sales
// ledger reports (R3.7), applied by the system.
func (m *Member) ApplyRefund(r shopkit.Refund, now time.Time) error {
	return m.applyRefund(r, false, now)
}

// ApplyReturn is ApplyRefund for the refund of a whole order returned (for
// example every item but not the shipping fee): the order stops counting as a
// transaction even though money of it is kept (R5.2). Its amount may be zero.
func (m *Member) ApplyReturn(r shopkit.Refund, now time.Time) error {
	return m.applyRefund(r, true, now)
}

func (m *Member) applyRefund(r shopkit.Refund, whole bool, now time.Time) error {
	if err := m.built(); err != nil {
		return err
	}
	if err := m.checkRefund(r, whole); err != nil {
		return err
	}
	if prev, orderID, ok := m.refund(r.Key); ok {
		if orderID != r.OrderID || !prev.Amount.Equal(r.Amount) || prev.Return != whole {
			return shopkit.NewError(shopkit.ErrConflict, CodeRefundMismatch,
				"refund "+r.Key+" was applied as "+prev.Amount.String()+" of order "+orderID.String()+
					", not "+r.Amount.String()+" of order "+r.OrderID.String())
		}
		return nil // the same refund again counts once
	}
	o, ok := m.applied[r.OrderID]
	if !ok {
		return shopkit.NewError(shopkit.ErrNotFound, CodeUnknownOrder,
			"order "+r.OrderID.String()+" was not applied to this member")
	}
	if r.Amount.Amount() > o.net() {
		return shopkit.Invalid(CodeRefundExceeds, "amount",
			"refund "+r.Amount.String()+" exceeds the "+m.money(o.net()).String()+" left of order "+r.OrderID.String())
	}
	o.Refunded = m.money(o.Refunded.Amount() + r.Amount.Amount())
	wasCounted := o.Counted
	if whole || (o.net() == 0 && o.Amount.IsPositive()) {
		o.Counted = false
	}
	o.Refunds = append(slices.Clone(o.Refunds), AppliedRefund{Key: r.Key, Amount: r.Amount, Return: whole})
	m.applied[r.OrderID] = o
	m.amount -= r.Amount.Amount()
	if wasCounted && !o.Counted {
		m.orders--
	}
	reason := "order " + r.OrderID.String() + " refunded: -" + r.Amount.String()
	if whole {
		reason += " (whole order)"
	}
	m.journal.Change(shopkit.SystemActor(), now, ActionRefund, stateName(m.tier), stateName(m.tier), reason, nil)
	return nil
}

func (m *Member) checkRefund(r shopkit.Refund, whole bool) error {
	var problems []shopkit.FieldProblem
	if strings.TrimSpace(r.Key) == "" {
		problems = append(problems, shopkit.FieldProblem{Field: "key", Problem: "is required"})
	}
	if r.OrderID == uuid.Nil {
		problems = append(problems, shopkit.FieldProblem{Field: "order_id", Problem: "is required"})
	}
	if r.BuyerID != m.customerID {
		problems = append(problems, shopkit.FieldProblem{Field: "buyer_id", Problem: "is not this member's customer"})
	}
	if r.MerchantID != m.shopID {
		problems = append(problems, shopkit.FieldProblem{Field: "merchant_id", Problem: "is not this member's shop"})
	}
	if r.Amount.IsNegative() || (r.Amount.IsZero() && !whole) {
		problems = append(problems, shopkit.FieldProblem{Field: "amount", Problem: "must be positive (or zero for a whole-order return)"})
	}
	if err := shopkit.Incomplete(CodeInvalidRefund, problems); err != nil {
		return err
	}
	if r.Amount.Currency() != m.currency {
		return errCurrency(r.Amount.Currency(), m.currency)
	}
	return nil
}

// refund finds the applied refund with the key and its order.
func (m *Member) refund(key string) (AppliedRefund, uuid.UUID, bool) {
	for id, o := range m.applied {
		for _, r := range o.Refunds {
			if r.Key == key {
				return r, id, true
			}
		}
	}
	return AppliedRefund{}, uuid.Nil, false
}

// Adjust sets the member's tier by hand, up or down (R5.2): only a party of the
// member (Parties: the shop's merchant or its staff, or an operator for the
// shop) in the merchant or platform role may, with a reason, and the audit
// trail records who, when, from, to and why. An actor who is not a party is
// the kernel's ErrNotAllowed with shopkit.CodeNotParty, whatever its role (an
// actor without an ID included); the member's own customer, or the system, is
// CodeWrongRole. to must be a tier of ts, or NoTier to remove the tier. An
// unknown tier is a ValidationError, the current tier a conflict; nothing
// changes on error.
func (m *Member) Adjust(ts *TierSet, by shopkit.Actor, to, reason string, now time.Time) error {
	if err := m.built(); err != nil {
		return err
	}
	if err := checkAdjust(ts, m.Parties(), by, to, reason); err != nil {
		return err
	}
	if to == m.tier {
		return shopkit.NewError(shopkit.ErrConflict, CodeTierUnchanged, "the member is already in tier "+stateName(to))
	}
	m.setTier(by, now, ActionAdjust, to, SourceManual, reason)
	return nil
}

// checkAdjust checks what a manual adjustment needs that does not depend on
// the member's figures: a built set, an actor who is a party (p.Check) in the
// merchant or platform role, a reason, and a tier of the set (R5.2).
func checkAdjust(ts *TierSet, p shopkit.Parties, by shopkit.Actor, to, reason string) error {
	if err := ts.check(); err != nil {
		return err
	}
	if err := p.Check(by); err != nil {
		return err
	}
	if by.Role != shopkit.Merchant && by.Role != shopkit.Platform {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeWrongRole,
			"role "+string(by.Role)+" may not adjust a member's tier")
	}
	if strings.TrimSpace(reason) == "" {
		return shopkit.Invalid(CodeReasonRequired, "reason", "is required for a manual adjustment")
	}
	if to != NoTier {
		if _, ok := ts.Rank(to); !ok {
			return shopkit.Invalid(CodeUnknownTier, "tier", "names no tier of the set: "+to)
		}
	}
	return nil
}

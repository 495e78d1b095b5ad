package commission

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// LineKind is the kind of a statement line.
type LineKind string

// The statement line kinds.
const (
	// KindOrder settles an order: its paid amount, commission and what was
	// refunded or advanced before the statement's cut-off.
	KindOrder LineKind = "order"
	// KindAdjustment carries refunds and advances booked in the period for an
	// order settled in an earlier statement (R4.5).
	KindAdjustment LineKind = "adjustment"
	// KindDeposit is a change of the merchant's deposit.
	KindDeposit LineKind = "deposit"
)

// StatementLine is one line of a statement (R4.5). Net = Paid − Refunds −
// Commission + CommissionReversed − Advances; a deposit line has only
// DepositChange (and a zero Net).
type StatementLine struct {
	Statement          string         `json:"statement"`
	MerchantID         string         `json:"merchant_id"`
	Kind               LineKind       `json:"kind"`
	OrderID            uuid.UUID      `json:"order_id,omitzero"`
	PaidAt             time.Time      `json:"paid_at,omitzero"`
	At                 time.Time      `json:"at,omitzero"` // a deposit change's time
	Paid               commerce.Money `json:"paid"`
	Refunds            commerce.Money `json:"refunds"`
	Commission         commerce.Money `json:"commission"`
	CommissionReversed commerce.Money `json:"commission_reversed"`
	Advances           commerce.Money `json:"advances"`
	DepositChange      commerce.Money `json:"deposit_change"`
	Net                commerce.Money `json:"net"`
	Note               string         `json:"note,omitempty"`
}

// Statement is a merchant's statement for a period (R4.5): the totals of its lines.
// Net = Paid − Refunds − Commission + CommissionReversed − Advances, and Payout =
// Net − DepositChanges is what the platform pays out by PayoutDue.
type Statement struct {
	Key                string            `json:"key"`
	MerchantID         string            `json:"merchant_id"`
	Period             Period            `json:"period"`
	Currency           commerce.Currency `json:"currency"`
	Orders             int               `json:"orders"`
	Adjustments        int               `json:"adjustments"`
	Deposits           int               `json:"deposits"`
	Paid               commerce.Money    `json:"paid"`
	Refunds            commerce.Money    `json:"refunds"`
	Commission         commerce.Money    `json:"commission"`
	CommissionReversed commerce.Money    `json:"commission_reversed"`
	Advances           commerce.Money    `json:"advances"`
	DepositChanges     commerce.Money    `json:"deposit_changes"`
	Net                commerce.Money    `json:"net"`
	Payout             commerce.Money    `json:"payout"`
	SettledAt          time.Time         `json:"settled_at"`
	PayoutDue          time.Time         `json:"payout_due"`
}

// Equal reports whether two statements hold the same data.
func (s Statement) Equal(o Statement) bool {
	a, b := s, o
	a.Period, b.Period = Period{}, Period{}
	a.SettledAt, b.SettledAt = time.Time{}, time.Time{}
	a.PayoutDue, b.PayoutDue = time.Time{}, time.Time{}
	return a == b && s.Period.Start.Equal(o.Period.Start) && s.Period.End.Equal(o.Period.End) &&
		s.SettledAt.Equal(o.SettledAt) && s.PayoutDue.Equal(o.PayoutDue)
}

// Settler produces statements (R4.5). It holds no state between runs but its
// store's, so one Settler may run many periods.
type Settler struct {
	Schedule *Schedule
	Store    Store
	Policy   Policy
	// Merchants gives each merchant's chosen plan and activation; a merchant
	// missing from it is on the default plan with no promotion.
	Merchants map[string]Merchant
	// GMV gives a merchant's GMV in the period for tiered plans; a run asks it
	// once per merchant. When nil and a
	// rule set offers a tiered plan, Run sums it itself in a first pass over
	// Orders: the paid amounts (lines and shipping) of the orders paid in the
	// period, before refunds. The first pass needs an Orders sequence that can be
	// iterated twice.
	GMV func(merchantID string) commerce.Money
}

// Run is one statement run.
type Run struct {
	Period Period
	// SettledAt is T of "T + N working days"; zero means Period.End. It may not
	// be before Period.End.
	SettledAt time.Time
	// Orders are every order that may settle or have refunds or advances in the
	// period, in any order. Records may be unsorted: memory stays proportional to
	// the number of merchants, not orders.
	Orders iter.Seq[OrderRecord]
	// Deposits are deposit changes; those booked in the period are listed.
	Deposits iter.Seq[DepositChange]
	// Emit receives every statement line as it is produced, in input order; nil
	// discards them. An error from Emit stops the run.
	Emit func(StatementLine) error
}

// merchantRun accumulates one merchant's statement and caches what charging its
// orders needs (looked up once per merchant, not per order).
//
// The fields every order touches come first, so that an order touches few cache
// lines of its merchant's accumulator (a run keeps one per merchant).
type merchantRun struct {
	id                                       string // compared by lookup
	paid, refunds, commission, reversed, adv int64
	orders                                   int
	replay                                   bool
	cur                                      commerce.Currency
	key                                      string
	rules                                    *Rules      // the rules mr was resolved under; nil: none yet
	mr                                       OrderRules  // the merchant's plan under rules, without the promotion
	promo                                    promoWindow // the merchant's promotion under rules; its times are read only when it has one

	// Rarely touched: adjustments and deposits, and what resolving rules needs.
	deposit               int64
	adjustments, deposits int
	plan                  string    // Merchant.Plan
	activated             time.Time // Merchant.ActivatedAt
	gmv                   commerce.Money
}

// promoWindow is a merchant's promotion [from, to) under one rule set (R4.2).
type promoWindow struct {
	ok       bool
	from, to time.Time
}

func (w promoWindow) contains(t time.Time) bool {
	return w.ok && !t.Before(w.from) && t.Before(w.to)
}

// markerChunk is how many per-line commissions of markers are allocated at once.
const markerChunk = 4096

// runner is the state of one Run: the merchants' totals and scratch buffers reused
// for every order.
type runner struct {
	s       *Settler
	ctx     context.Context
	run     Run
	settled time.Time
	due     time.Time
	gmv     map[string]int64
	// The merchants' accumulators are interned: index gives a merchant ID's
	// place in accs, one slice of values rather than an object per merchant, so
	// an order costs one lookup by ID and the run a handful of allocations.
	index map[string]int32
	accs  []merchantRun
	// lastID and lastAcc are the merchant of the last lookup (lastAcc −1: none),
	// for input grouped by merchant.
	lastID   string
	lastAcc  int32
	before   []int64 // per line: refunded before the window
	through  []int64 // per line: refunded before the window's end
	commBuf  []int64
	shares   []int64
	keysSeen []string
	saved    map[string]bool // statement keys of earlier markers known to be saved
	suffix   string          // StatementKey("", period)
	last     *Rules          // the rules of the last order charged

	// arena holds the markers' per-line commissions, markerChunk at a time, so
	// a run does not allocate per order. Without a BatchStore a chunk is never
	// reused (the store may keep the slices); with one, it is reused after
	// every flush.
	arena   []commerce.Money
	batcher BatchStore
	batch   []Marker
}

// Statements runs a statement for every merchant with activity in the period and
// returns them by merchant ID, after saving each in the store (R4.5):
//
//   - an order not yet settled that is settleable at the period's end settles
//     (KindOrder line): its commission under the rules in force when it was paid
//     (R4.3), and its refunds and advances booked before the period's end; a
//     marker makes sure it settles exactly once;
//   - an order settled in an earlier statement gets a KindAdjustment line for the
//     refunds (with the commission they reverse, R4.4) and advances booked in the
//     period after that statement's cut-off;
//   - deposit changes booked in the period are KindDeposit lines.
//
// Running a period again gives the same statement: once a merchant's statement is
// saved, a re-run settles only the orders marked with it, and saving a statement
// with other amounts under the same key fails (CodeStatementChanged). Statements
// of a merchant should cover contiguous periods: a refund is adjusted in the
// statement whose period contains its booking time.
//
// Bad input (an invalid period or policy, a bad order, refund or advance record)
// is a typed error. An order is marked settled only after all of its records have
// been checked, and a failed run saves no statement. Markers the run wrote for the
// orders before the failure (one by one on a plain Store, or a full batch on a
// BatchStore) name this run's statements: running the same period again, with the
// input corrected, settles those orders there and gives the result a clean run
// gives; running a later period first is refused with CodeUnsavedStatement.
//
// Amounts are int64 minor units throughout; an overflow is an error.
func (s *Settler) Statements(ctx context.Context, run Run) ([]Statement, error) {
	if err := run.Period.validate(); err != nil {
		return nil, err
	}
	if err := s.Policy.validate(); err != nil {
		return nil, err
	}
	if s.Schedule == nil || s.Store == nil {
		return nil, invalid(CodeInvalidPolicy, "settler", "needs a schedule and a store")
	}
	r := &runner{s: s, ctx: ctx, run: run, settled: run.SettledAt, index: make(map[string]int32, len(s.Merchants)),
		accs:    make([]merchantRun, 0, len(s.Merchants)), // sized once: no copies as merchants appear
		lastAcc: -1}
	if r.settled.IsZero() {
		r.settled = run.Period.End
	}
	if r.settled.Before(run.Period.End) {
		return nil, invalid(CodeInvalidPeriod, "settled_at", "must not be before the period's end")
	}
	r.due = s.Policy.PayoutDue(r.settled)
	r.suffix = StatementKey("", run.Period)
	r.batcher, _ = s.Store.(BatchStore)
	if s.GMV == nil && s.Schedule.tiered() && run.Orders != nil {
		if err := r.sumGMV(); err != nil {
			return nil, err
		}
	}
	if run.Orders != nil {
		for o := range run.Orders {
			if err := r.order(&o); err != nil {
				return nil, err
			}
		}
		if err := r.flush(); err != nil {
			return nil, err
		}
	}
	if run.Deposits != nil {
		for d := range run.Deposits {
			if err := r.deposit(d); err != nil {
				return nil, err
			}
		}
	}
	// Sorting pointers, not statements, and saving in merchant order.
	accs := make([]*merchantRun, len(r.accs))
	for i := range r.accs {
		accs[i] = &r.accs[i]
	}
	slices.SortFunc(accs, func(a, b *merchantRun) int { return strings.Compare(a.id, b.id) })
	out := make([]Statement, 0, len(accs))
	for _, a := range accs {
		st, err := a.finish(r)
		if err != nil {
			return nil, err
		}
		if err := s.Store.SaveStatement(ctx, st); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// sumGMV sums the merchants' GMV in the period (R4.1 tiers) in a first pass.
func (r *runner) sumGMV() error {
	r.gmv = make(map[string]int64)
	for o := range r.run.Orders {
		if !r.run.Period.Contains(o.PaidAt) {
			continue
		}
		g := r.gmv[o.MerchantID]
		var err error
		for _, l := range o.Lines {
			if g, err = add(g, l.Paid.Amount(), "the merchant's GMV"); err != nil {
				return err
			}
		}
		if g, err = add(g, o.Shipping.Amount(), "the merchant's GMV"); err != nil {
			return err
		}
		r.gmv[o.MerchantID] = g
	}
	return nil
}

// isKey reports whether stmt is the statement key of the merchant for the run's
// period, without building the key.
func (r *runner) isKey(stmt, merchantID string) bool {
	return len(stmt) == len(merchantID)+len(r.suffix) && stmt[:len(merchantID)] == merchantID &&
		stmt[len(merchantID):] == r.suffix
}

// lookup returns the merchant's accumulator, or nil before its first line. The
// pointer is valid until the next accumulator is created.
func (r *runner) lookup(id string) *merchantRun {
	if r.lastAcc >= 0 && id == r.lastID {
		return &r.accs[r.lastAcc]
	}
	i, ok := r.index[id]
	if !ok {
		return nil
	}
	r.lastID, r.lastAcc = id, i
	return &r.accs[i]
}

// merchant returns the merchant's accumulator a (nil: not yet created), creating
// it and loading whether its statement is already saved (a re-run replays it).
func (r *runner) merchant(a *merchantRun, id string, cur commerce.Currency) (*merchantRun, error) {
	if a != nil {
		if a.cur != cur {
			return nil, mismatch(fmt.Sprintf("merchant %s has amounts in %s and %s", id, a.cur, cur))
		}
		return a, nil
	}
	key := id + r.suffix
	_, err := r.s.Store.Statement(r.ctx, key)
	if err != nil && !errors.Is(err, shopkit.ErrNotFound) {
		return nil, err
	}
	r.index[id] = int32(len(r.accs))
	r.accs = append(r.accs, merchantRun{cur: cur, key: key, id: id, replay: err == nil})
	a = &r.accs[len(r.accs)-1]
	m, ok := r.s.Merchants[id]
	if !ok {
		m = Merchant{ID: id}
	}
	a.plan, a.activated = m.Plan, m.ActivatedAt
	// The merchant's GMV in the period is asked once per run.
	if r.s.GMV != nil {
		a.gmv = r.s.GMV(id)
	} else {
		a.gmv = money(r.gmv[id], cur)
	}
	return a, nil
}

// rulesAt returns the rules in force at t (R4.3), trying the last order's first.
func (r *runner) rulesAt(t time.Time) (*Rules, error) {
	if r.last != nil && r.last.inForce(t) {
		return r.last, nil
	}
	rules, err := r.s.Schedule.At(t)
	if err != nil {
		return nil, err
	}
	r.last = rules
	return rules, nil
}

// orderRules returns the merchant's rules for an order paid at paidAt under rules.
func (a *merchantRun) orderRules(rules *Rules, paidAt time.Time) (*OrderRules, error) {
	if a.rules != rules {
		p, err := rules.plan(a.plan)
		if err != nil {
			return nil, err
		}
		rules.forPlan(&a.mr, p, a.gmv.Amount())
		end, ok := rules.PromotionEnd(a.activated)
		a.promo = promoWindow{ok: ok, from: a.activated, to: end}
		a.rules = rules
	}
	a.mr.promo = a.promo.contains(paidAt) // R4.2
	return &a.mr, nil
}

// order settles or adjusts one order.
func (r *runner) order(o *OrderRecord) error {
	n := len(o.Lines)
	if n == 0 {
		return invalid(CodeInvalidOrder, "lines", "order "+o.OrderID.String()+" has no lines")
	}
	cur := o.Lines[0].Paid.Currency()
	mk, found, err := r.s.Store.Marker(r.ctx, o.OrderID)
	if err != nil {
		return err
	}
	a := r.lookup(o.MerchantID) // nil until the merchant's first line
	end := r.run.Period.End
	switch {
	case found && !r.isKey(mk.Statement, o.MerchantID):
		// Settled before: refunds and advances booked since that cut-off and in
		// this period are adjustments (R4.5).
		if err := r.savedStatement(mk.Statement, o.OrderID); err != nil {
			return err
		}
		from := r.run.Period.Start
		if mk.CutOff.After(from) {
			from = mk.CutOff
		}
		if !from.Before(end) {
			return nil
		}
		comm, err := r.markerCommission(o, &mk)
		if err != nil {
			return err
		}
		return r.emitOrder(a, o, cur, KindAdjustment, from, comm, nil, nil)
	case found:
		comm, err := r.markerCommission(o, &mk)
		if err != nil {
			return err
		}
		return r.emitOrder(a, o, cur, KindOrder, time.Time{}, comm, nil, nil)
	case !Settleable(o, end):
		return nil
	}
	if a, err = r.merchant(a, o.MerchantID, cur); err != nil {
		return err
	}
	if a.replay {
		return nil // the saved statement is final; the order settles in a later one
	}
	rules, err := r.rulesAt(o.PaidAt) // R4.3: the rules in force when paid
	if err != nil {
		return err
	}
	or, err := a.orderRules(rules, o.PaidAt)
	if err != nil {
		return err
	}
	comm := r.comm(n)
	if cap(r.shares) < n {
		r.shares = make([]int64, n)
	}
	shares := r.shares[:n]
	var sums orderSums
	if err := or.amounts(&sums, comm, shares, o); err != nil {
		return err
	}
	mc := r.markerSlice(n)
	if rules.cur == commerce.CurrencyCNY { // the currency is decided once per order
		for i := range comm {
			comm[i] += shares[i] // checked by amounts
			mc[i] = commerce.CNY(comm[i])
		}
	} else {
		for i := range comm {
			comm[i] += shares[i]
			mc[i] = money(comm[i], rules.cur)
		}
	}
	return r.emitOrder(a, o, cur, KindOrder, time.Time{}, comm, &sums, mc)
}

// savedStatement checks that the statement an order was marked with was saved. A
// run that fails after marking some orders (one by one, or in a batch written
// before the failure) saves no statement; its orders settle when that period is
// run again. Running a later period first would list them only as adjustments and
// their paid amounts in no statement, so that is refused with
// CodeUnsavedStatement. Each key is looked up once per run.
func (r *runner) savedStatement(key string, orderID uuid.UUID) error {
	if r.saved[key] {
		return nil
	}
	_, err := r.s.Store.Statement(r.ctx, key)
	switch {
	case err == nil:
		if r.saved == nil {
			r.saved = make(map[string]bool)
		}
		r.saved[key] = true
		return nil
	case errors.Is(err, shopkit.ErrNotFound):
		return shopkit.NewError(shopkit.ErrConflict, CodeUnsavedStatement, fmt.Sprintf(
			"commission: order %s was marked settled by statement %s, which was never saved: run that period again first", orderID, key))
	}
	return err
}

// markerSlice returns room for n per-line commissions of a marker.
func (r *runner) markerSlice(n int) []commerce.Money {
	if len(r.arena)+n > cap(r.arena) {
		r.arena = make([]commerce.Money, 0, max(markerChunk, n))
	}
	i := len(r.arena)
	r.arena = r.arena[:i+n]
	return r.arena[i : i+n : i+n]
}

// mark records the marker of an order settled in the merchant's statement key
// with the per-line commissions mc, in batches when the store takes them (R4.5:
// an order settles exactly once). A batched marker is built in its slot.
func (r *runner) mark(o *OrderRecord, key string, mc []commerce.Money) error {
	if r.batcher == nil {
		return r.s.Store.MarkSettled(r.ctx, Marker{OrderID: o.OrderID, MerchantID: o.MerchantID, Statement: key,
			CutOff: r.run.Period.End, Commission: mc})
	}
	r.batch = append(r.batch, Marker{OrderID: o.OrderID, MerchantID: o.MerchantID, Statement: key,
		CutOff: r.run.Period.End, Commission: mc})
	if len(r.batch) >= markerBatch {
		return r.flush()
	}
	return nil
}

// markerBatch is how many markers a run hands a BatchStore at once.
const markerBatch = 1024

// flush writes the buffered markers; the store has not kept them, so their
// commissions' chunk is reused.
func (r *runner) flush() error {
	if len(r.batch) == 0 {
		return nil
	}
	err := r.batcher.MarkSettledBatch(r.ctx, r.batch)
	clear(r.batch)
	r.batch = r.batch[:0]
	r.arena = r.arena[:0]
	return err
}

func (r *runner) comm(n int) []int64 {
	if cap(r.commBuf) < n {
		r.commBuf = make([]int64, n)
	}
	return r.commBuf[:n]
}

// markerCommission reads the per-line commission charged at settlement.
func (r *runner) markerCommission(o *OrderRecord, mk *Marker) ([]int64, error) {
	if len(mk.Commission) != len(o.Lines) {
		return nil, invalid(CodeInvalidOrder, "lines", fmt.Sprintf("order %s has %d lines but settled with %d",
			o.OrderID, len(o.Lines), len(mk.Commission)))
	}
	comm := r.comm(len(mk.Commission))
	for i, c := range mk.Commission {
		comm[i] = c.Amount()
	}
	return comm, nil
}

// emitOrder totals an order's refunds, reversals and advances booked in [from,
// end) (from zero: since ever) and emits its line. A KindOrder line also carries
// the order's paid amount and commission. sums, when not nil, are the order's
// sums as charged (its lines' paid total and its commission, Σ comm), so they
// are not added up again. mc, when not nil, is the per-line commission of the
// marker that settles the order; the marker is written only after every record
// of the order has been checked, so an order with a bad refund or advance is
// never marked settled.
func (r *runner) emitOrder(a *merchantRun, o *OrderRecord, cur commerce.Currency, kind LineKind, from time.Time, comm []int64, sums *orderSums, mc []commerce.Money) error {
	end := r.run.Period.End
	n := len(o.Lines)
	var err error
	var shipBefore, shipThrough, adv int64
	var refunds, reversed int64
	if len(o.Refunds) > 0 { // most orders have none: skip the per-line sums
		r.before, r.through = grow(r.before, n), grow(r.through, n)
		r.keysSeen = r.keysSeen[:0]
		for i := range o.Refunds {
			f := &o.Refunds[i]
			if f.Key != "" {
				if slices.Contains(r.keysSeen, f.Key) {
					continue // the same refund recorded twice counts once (R3.7)
				}
				r.keysSeen = append(r.keysSeen, f.Key)
			}
			if f.Amount.Currency() != cur {
				return mismatch(fmt.Sprintf("order %s has a refund in %s and lines in %s", o.OrderID, f.Amount.Currency(), cur))
			}
			if f.Amount.IsNegative() || f.Line < ShippingLine || f.Line >= n {
				return invalid(CodeInvalidRefund, "refunds.line", fmt.Sprintf("order %s: refund %q names no line or is negative", o.OrderID, f.Key))
			}
			if !f.At.Before(end) {
				continue
			}
			amt := f.Amount.Amount()
			if f.Line == ShippingLine {
				if shipThrough, err = add(shipThrough, amt, "shipping refunds"); err != nil {
					return err
				}
				if f.At.Before(from) {
					shipBefore += amt // ≤ shipThrough: cannot overflow
				}
				continue
			}
			if r.through[f.Line], err = add(r.through[f.Line], amt, "a line's refunds"); err != nil {
				return err
			}
			if f.At.Before(from) {
				r.before[f.Line] += amt
			}
		}
		if shipThrough > o.Shipping.Amount() {
			return invalid(CodeRefundExceedsPaid, "refunds", fmt.Sprintf("order %s: shipping refunds exceed shipping", o.OrderID))
		}
		for i := range n {
			p := o.Lines[i].Paid.Amount()
			rb, err := reversed2(comm[i], r.before[i], r.through[i], p)
			if err != nil {
				return err
			}
			reversed += rb // each ≤ comm[i]; the order's commission fits in int64
			refunds += r.through[i] - r.before[i]
		}
		refunds += shipThrough - shipBefore
	} else {
		for i := range n { // the checks reversed2 makes
			if p := o.Lines[i].Paid.Amount(); comm[i] < 0 || p < 0 {
				_, err := reversed2(comm[i], 0, 0, p)
				return err
			}
		}
	}
	r.keysSeen = r.keysSeen[:0]
	for _, v := range o.Advances {
		if v.Key != "" {
			if slices.Contains(r.keysSeen, v.Key) {
				continue
			}
			r.keysSeen = append(r.keysSeen, v.Key)
		}
		if v.Amount.Currency() != cur {
			return mismatch(fmt.Sprintf("order %s has an advance in %s and lines in %s", o.OrderID, v.Amount.Currency(), cur))
		}
		if !v.At.Before(end) || v.At.Before(from) {
			continue
		}
		if adv, err = add(adv, v.Amount.Amount(), "advances"); err != nil {
			return err
		}
	}
	if kind == KindAdjustment && refunds == 0 && adv == 0 {
		return nil // nothing happened to the settled order in the window
	}
	if a, err = r.merchant(a, o.MerchantID, cur); err != nil {
		return err
	}
	var paid, commission int64
	switch {
	case kind == KindOrder && sums != nil:
		// The lines are not negative, so adding their checked total to the
		// shipping overflows exactly when adding them one by one would.
		if paid, err = add(o.Shipping.Amount(), sums.paid, "the order's paid total"); err != nil {
			return err
		}
		commission = sums.total // = Σ comm: the shares apportion total − Σ parts
		a.orders++
	case kind == KindOrder:
		paid = o.Shipping.Amount()
		for i := range n {
			if paid, err = add(paid, o.Lines[i].Paid.Amount(), "the order's paid total"); err != nil {
				return err
			}
			commission += comm[i] // Σ ≤ the order's commission, which fits
		}
		a.orders++
	default:
		a.adjustments++
	}
	net, err := netOf(paid, refunds, commission, reversed, adv)
	if err != nil {
		return err
	}
	if err := a.addLine(paid, refunds, commission, reversed, adv, 0); err != nil {
		return err
	}
	if mc != nil {
		if err := r.mark(o, a.key, mc); err != nil {
			return err
		}
	}
	if r.run.Emit == nil {
		return nil
	}
	var paidAt time.Time
	if kind == KindOrder {
		paidAt = o.PaidAt
	}
	// Built in the call, not copied there from a local.
	return r.run.Emit(StatementLine{Statement: a.key, MerchantID: o.MerchantID, Kind: kind, OrderID: o.OrderID,
		PaidAt: paidAt, Paid: money(paid, cur), Refunds: money(refunds, cur), Commission: money(commission, cur),
		CommissionReversed: money(reversed, cur), Advances: money(adv, cur), Net: money(net, cur),
		DepositChange: commerce.Zero(cur)})
}

// reversed2 is the commission reversed by the refunds between two cumulative
// amounts (R4.4 cumulative floors).
func reversed2(c, before, through, paid int64) (int64, error) {
	hi, err := reversed(c, through, paid)
	if err != nil {
		return 0, err
	}
	lo, err := reversed(c, before, paid)
	if err != nil {
		return 0, err
	}
	return hi - lo, nil
}

// netOf is paid − refunds − commission + reversed − advances (R4.5), checked.
func netOf(paid, refunds, commission, reversed, adv int64) (int64, error) {
	// Five amounts in [0, 2⁶⁰) cannot overflow, whatever their signs in the sum:
	// the common case needs one check, not four.
	if uint64(paid|refunds|commission|reversed|adv) < 1<<60 {
		return paid - refunds - commission + reversed - adv, nil
	}
	return netChecked(paid, refunds, commission, reversed, adv)
}

// netChecked is netOf adding one amount at a time, each checked.
func netChecked(paid, refunds, commission, reversed, adv int64) (int64, error) {
	n, err := add(paid, -refunds, "net")
	if err == nil {
		n, err = add(n, -commission, "net")
	}
	if err == nil {
		n, err = add(n, reversed, "net")
	}
	if err == nil {
		n, err = add(n, -adv, "net")
	}
	return n, err
}

func grow(b []int64, n int) []int64 {
	if cap(b) < n {
		return make([]int64, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func (r *runner) deposit(d DepositChange) error {
	if !r.run.Period.Contains(d.At) {
		return nil
	}
	a, err := r.merchant(r.lookup(d.MerchantID), d.MerchantID, d.Amount.Currency())
	if err != nil {
		return err
	}
	a.deposits++
	if err := a.addLine(0, 0, 0, 0, 0, d.Amount.Amount()); err != nil {
		return err
	}
	z := commerce.Zero(d.Amount.Currency())
	return r.emit(StatementLine{Statement: a.key, MerchantID: d.MerchantID, Kind: KindDeposit, At: d.At,
		Paid: z, Refunds: z, Commission: z, CommissionReversed: z, Advances: z, Net: z,
		DepositChange: d.Amount, Note: d.Reason})
}

func (r *runner) emit(l StatementLine) error {
	if r.run.Emit == nil {
		return nil
	}
	return r.run.Emit(l)
}

// addLine adds a line's amounts to the merchant's totals, checked. An order line
// (deposit 0) leaves the deposit total, kept apart from the hot fields, untouched.
func (a *merchantRun) addLine(paid, refunds, commission, reversed, adv, deposit int64) error {
	t := [...]int64{a.paid + paid, a.refunds + refunds, a.commission + commission, a.reversed + reversed,
		a.adv + adv}
	if overflowed(a.paid, paid, t[0]) || overflowed(a.refunds, refunds, t[1]) ||
		overflowed(a.commission, commission, t[2]) || overflowed(a.reversed, reversed, t[3]) ||
		overflowed(a.adv, adv, t[4]) {
		return overflow("a statement total")
	}
	if deposit != 0 {
		d := a.deposit + deposit
		if overflowed(a.deposit, deposit, d) {
			return overflow("a statement total")
		}
		a.deposit = d
	}
	a.paid, a.refunds, a.commission, a.reversed, a.adv = t[0], t[1], t[2], t[3], t[4]
	return nil
}

// overflowed reports whether s = x + y wrapped around.
func overflowed(x, y, s int64) bool { return (s > x) != (y > 0) }

// finish computes the statement's totals.
func (a *merchantRun) finish(r *runner) (Statement, error) {
	cur := a.cur
	st := Statement{Key: a.key, MerchantID: a.id, Period: r.run.Period, Currency: cur, Orders: a.orders,
		Adjustments: a.adjustments, Deposits: a.deposits, SettledAt: r.settled, PayoutDue: r.due}
	net, err := netOf(a.paid, a.refunds, a.commission, a.reversed, a.adv)
	if err != nil {
		return Statement{}, err
	}
	payout, err := add(net, -a.deposit, "payout")
	if err != nil {
		return Statement{}, err
	}
	st.Paid, st.Refunds, st.Commission = money(a.paid, cur), money(a.refunds, cur), money(a.commission, cur)
	st.CommissionReversed, st.Advances, st.DepositChanges = money(a.reversed, cur), money(a.adv, cur), money(a.deposit, cur)
	st.Net, st.Payout = money(net, cur), money(payout, cur)
	return st, nil
}

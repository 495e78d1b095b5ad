package commission

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
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

// lineKinds are the names LineKind decodes from.
var lineKinds = enum.New(CodeUnknownLineKind, "kind", KindOrder, KindAdjustment, KindDeposit)

// MarshalText implements encoding.TextMarshaler; an unknown kind is an error.
func (k LineKind) MarshalText() ([]byte, error) { return lineKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler: only the kinds' names
// decode; any other text is a ValidationError with CodeUnknownLineKind.
func (k *LineKind) UnmarshalText(b []byte) error { return lineKinds.Unmarshal(k, b) }

// StatementLine is one line of a statement (R4.5). Net = Paid − Refunds −
// Commission + CommissionReversed − Advances; a deposit line has only
// DepositChange (and a zero Net).
type StatementLine struct {
	Statement          string        `json:"statement"`
	MerchantID         uuid.UUID     `json:"merchant_id"`
	Kind               LineKind      `json:"kind"`
	OrderID            uuid.UUID     `json:"order_id,omitzero"`
	PaidAt             time.Time     `json:"paid_at,omitzero"`
	At                 time.Time     `json:"at,omitzero"` // a deposit change's time
	Paid               shopkit.Money `json:"paid"`
	Refunds            shopkit.Money `json:"refunds"`
	Commission         shopkit.Money `json:"commission"`
	CommissionReversed shopkit.Money `json:"commission_reversed"`
	Advances           shopkit.Money `json:"advances"`
	DepositChange      shopkit.Money `json:"deposit_change"`
	Net                shopkit.Money `json:"net"`
	Note               string        `json:"note,omitempty"`
}

// Statement is a merchant's statement for a period (R4.5): the totals of its lines.
// Net = Paid − Refunds − Commission + CommissionReversed − Advances, and Payout =
// Net − DepositChanges is what the platform pays out by PayoutDue.
type Statement struct {
	Key                string           `json:"key"`
	MerchantID         uuid.UUID        `json:"merchant_id"`
	Period             Period           `json:"period"`
	Currency           shopkit.Currency `json:"currency"`
	Orders             int              `json:"orders"`
	Adjustments        int              `json:"adjustments"`
	Deposits           int              `json:"deposits"`
	Paid               shopkit.Money    `json:"paid"`
	Refunds            shopkit.Money    `json:"refunds"`
	Commission         shopkit.Money    `json:"commission"`
	CommissionReversed shopkit.Money    `json:"commission_reversed"`
	Advances           shopkit.Money    `json:"advances"`
	DepositChanges     shopkit.Money    `json:"deposit_changes"`
	Net                shopkit.Money    `json:"net"`
	Payout             shopkit.Money    `json:"payout"`
	SettledAt          time.Time        `json:"settled_at"`
	PayoutDue          time.Time        `json:"payout_due"`
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

// SettlerConfig configures a Settler. Schedule and Store are required and Policy
// must be valid; NewSettler checks them once.
type SettlerConfig struct {
	Schedule *Schedule // the rule book: every rule set an order may be charged under (R4.3)
	Store    Store     // markers, statements and rule sets (R2.8)
	Policy   Policy    // the settlement numbers of R4.5
	// Merchants gives each merchant's chosen plan and activation, by the
	// merchant's ID; a merchant missing from it is on the default plan with no
	// promotion.
	Merchants map[uuid.UUID]Merchant
	// GMV gives a merchant's GMV in the period for tiered plans; a run asks it
	// once per merchant. When nil and a rule set offers a tiered plan, a run
	// sums it itself in a first pass over Run.Orders: the paid amounts (lines
	// and shipping) of the orders paid in the period, before refunds. The first
	// pass needs an Orders sequence that can be iterated twice.
	GMV func(merchantID uuid.UUID) shopkit.Money
}

// Settler produces statements (R4.5). It holds no state between runs but its
// store's, so one Settler may run many periods, also concurrently.
type Settler struct {
	schedule  *Schedule
	store     Store
	policy    Policy
	merchants map[uuid.UUID]Merchant
	gmv       func(uuid.UUID) shopkit.Money
}

// NewSettler returns a Settler for cfg. A missing schedule or store, an invalid
// policy or a merchant filed under another merchant's ID is a
// *shopkit.ValidationError with CodeInvalidConfig naming the field.
func NewSettler(cfg SettlerConfig) (*Settler, error) {
	if cfg.Schedule == nil {
		return nil, invalid(CodeInvalidConfig, "schedule", "is required")
	}
	if cfg.Store == nil {
		return nil, invalid(CodeInvalidConfig, "store", "is required")
	}
	if err := cfg.Policy.Validate(); err != nil {
		var ve *shopkit.ValidationError
		errors.As(err, &ve)
		return nil, invalid(CodeInvalidConfig, "policy."+ve.Field, ve.Problem)
	}
	merchants := make(map[uuid.UUID]Merchant, len(cfg.Merchants))
	for id, m := range cfg.Merchants {
		if m.ID == uuid.Nil {
			m.ID = id
		}
		if id == uuid.Nil || m.ID != id {
			return nil, invalid(CodeInvalidConfig, "merchants", "merchant "+m.ID.String()+" is filed under "+id.String())
		}
		merchants[id] = m
	}
	return &Settler{schedule: cfg.Schedule, store: cfg.Store, policy: cfg.Policy, merchants: merchants, gmv: cfg.GMV}, nil
}

// Policy returns the settler's policy, for PayoutDue.
func (s *Settler) Policy() Policy { return s.policy }

// Run is one statement run.
type Run struct {
	Period Period
	// SettledAt is T of "T + N working days"; zero means Period.End. It may not
	// be before Period.End.
	SettledAt time.Time
	// Orders are every order that may settle or have refunds or advances in the
	// period, in any order. Memory stays proportional to the number of
	// merchants, not orders.
	Orders iter.Seq[OrderRecord]
	// Deposits are deposit changes; those booked in the period are listed.
	Deposits iter.Seq[DepositChange]
	// Emit receives every statement line as it is produced, in input order; nil
	// discards them. An error from Emit stops the run.
	Emit func(StatementLine) error
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
// Bad input (an invalid period, a bad order, refund, advance or deposit record)
// is a typed error; refunds or advances of one key with different amounts are a
// conflict (CodeRefundConflict). An order is marked settled only after all of its
// records have been checked, and a failed run saves no statement. Markers the run
// wrote for the orders before the failure (one by one on a plain Store, or a full
// batch on a BatchStore) name this run's statements: running the same period
// again, with the input corrected, settles those orders there and gives the
// result a clean run gives; running a later period first is refused with
// CodeUnsavedStatement.
//
// Amounts are int64 minor units throughout; an overflow is an error.
func (s *Settler) Statements(ctx context.Context, run Run) ([]Statement, error) {
	if err := run.Period.validate(); err != nil {
		return nil, err
	}
	r := &runner{s: s, ctx: ctx, run: run, settled: run.SettledAt, merchants: make(map[uuid.UUID]*merchantTotals)}
	if r.settled.IsZero() {
		r.settled = run.Period.End
	}
	if r.settled.Before(run.Period.End) {
		return nil, invalid(CodeInvalidPeriod, "settled_at", "must not be before the period's end")
	}
	r.due = s.policy.PayoutDue(r.settled)
	r.batcher, _ = s.store.(BatchStore)
	if run.Orders != nil {
		if s.gmv == nil && s.schedule.tiered() {
			if err := r.sumGMV(); err != nil {
				return nil, err
			}
		}
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
	totals := slices.Collect(maps.Values(r.merchants))
	slices.SortFunc(totals, func(a, b *merchantTotals) int { return bytes.Compare(a.id[:], b.id[:]) })
	out := make([]Statement, 0, len(totals))
	for _, t := range totals {
		st, err := t.statement(r)
		if err != nil {
			return nil, err
		}
		if err := s.store.SaveStatement(ctx, st); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// markerBatch is how many markers a run hands a BatchStore at once.
const markerBatch = 1024

// runner is the state of one Run: the merchants' totals and the markers not yet
// written.
type runner struct {
	s         *Settler
	ctx       context.Context
	run       Run
	settled   time.Time // T
	due       time.Time // T + N working days
	gmv       map[uuid.UUID]int64
	merchants map[uuid.UUID]*merchantTotals
	saved     map[string]bool // keys of earlier statements known to be saved
	batcher   BatchStore      // nil: one MarkSettled per order
	batch     []Marker
	lineBuf   []int64 // the per-line commission of the order being charged
}

// merchantTotals is one merchant's statement in the making, with what charging
// its orders needs.
type merchantTotals struct {
	id       uuid.UUID
	key      string
	cur      shopkit.Currency
	replay   bool // its statement for the period is saved: it is final
	merchant Merchant
	gmv      shopkit.Money

	orders, adjustments, deposits                            int
	paid, refunds, commission, reversed, advances, deposited int64
}

// sumGMV sums the merchants' GMV in the period (R4.1 tiers) in a first pass.
func (r *runner) sumGMV() error {
	r.gmv = make(map[uuid.UUID]int64)
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

// merchant returns the merchant's totals, creating them at its first line and
// loading whether its statement is already saved (a re-run replays it).
func (r *runner) merchant(id uuid.UUID, cur shopkit.Currency) (*merchantTotals, error) {
	if t, ok := r.merchants[id]; ok {
		if t.cur != cur {
			return nil, mismatch(fmt.Sprintf("merchant %s has amounts in %s and %s", id, t.cur, cur))
		}
		return t, nil
	}
	key := StatementKey(id, r.run.Period)
	_, err := r.s.store.Statement(r.ctx, key)
	if err != nil && !errors.Is(err, shopkit.ErrNotFound) {
		return nil, err
	}
	t := &merchantTotals{id: id, key: key, cur: cur, replay: err == nil, merchant: r.s.merchants[id]}
	t.merchant.ID = id
	if r.s.gmv != nil {
		t.gmv = r.s.gmv(id)
	} else {
		t.gmv = shopkit.Zero(cur).WithAmount(r.gmv[id])
	}
	r.merchants[id] = t
	return t, nil
}

// order settles or adjusts one order.
func (r *runner) order(o *OrderRecord) error {
	cur, err := checkOrder(o)
	if err != nil {
		return err
	}
	mk, found, err := r.s.store.Marker(r.ctx, o.OrderID)
	if err != nil {
		return err
	}
	if found {
		if len(mk.Commission) != len(o.Lines) {
			return invalid(CodeInvalidOrder, "lines", fmt.Sprintf("order %s has %d lines but settled with %d",
				o.OrderID, len(o.Lines), len(mk.Commission)))
		}
		// Later refunds reverse the commission charged at settlement, whatever
		// the rules have become since (R4.3, R4.4).
		if mk.Statement == StatementKey(o.MerchantID, r.run.Period) {
			// Settled by this period's statement: a re-run lists it again.
			return r.settle(o, nil, cur, KindOrder, time.Time{}, mk.Commission, false)
		}
		// Settled before: refunds and advances booked since that cut-off and in
		// this period are adjustments (R4.5).
		if err := r.savedStatement(mk.Statement, o.OrderID); err != nil {
			return err
		}
		from := r.run.Period.Start
		if mk.CutOff.After(from) {
			from = mk.CutOff
		}
		if !from.Before(r.run.Period.End) {
			return nil
		}
		return r.settle(o, nil, cur, KindAdjustment, from, mk.Commission, false)
	}
	if !Settleable(o, r.run.Period.End) {
		return nil
	}
	t, err := r.merchant(o.MerchantID, cur)
	if err != nil {
		return err
	}
	if t.replay {
		return nil // the saved statement is final; the order settles in a later one
	}
	comm, err := r.charge(o, t)
	if err != nil {
		return err
	}
	return r.settle(o, t, cur, KindOrder, time.Time{}, comm, true)
}

// checkOrder checks what every order needs before it is charged or adjusted and
// returns its currency: lines, a merchant, one currency, and nothing paid below
// zero (CodeNegativeAmount: a negative paid amount would turn into payout).
func checkOrder(o *OrderRecord) (shopkit.Currency, error) {
	if len(o.Lines) == 0 {
		return "", invalid(CodeInvalidOrder, "lines", "order "+o.OrderID.String()+" has no lines")
	}
	if o.MerchantID == uuid.Nil {
		return "", invalid(CodeInvalidOrder, "merchant_id", "order "+o.OrderID.String()+" has no merchant")
	}
	cur := o.Lines[0].Paid.Currency()
	for i, l := range o.Lines {
		if l.Paid.Currency() != cur {
			return "", mismatch(fmt.Sprintf("order %s has lines in %s and %s", o.OrderID, cur, l.Paid.Currency()))
		}
		if l.Paid.IsNegative() {
			return "", negative(fmt.Sprintf("lines[%d].paid", i), "order "+o.OrderID.String()+" has a line paid "+l.Paid.String())
		}
	}
	if !o.Shipping.IsZero() && o.Shipping.Currency() != cur {
		return "", mismatch(fmt.Sprintf("order %s has shipping in %s and lines in %s", o.OrderID, o.Shipping.Currency(), cur))
	}
	if o.Shipping.IsNegative() {
		return "", negative("shipping", "order "+o.OrderID.String()+" paid shipping "+o.Shipping.String())
	}
	return cur, nil
}

// charge returns the commission of each line of an order settling now, under the
// rules in force when it was paid (R4.3): the commission its marker records.
func (r *runner) charge(o *OrderRecord, t *merchantTotals) ([]shopkit.Money, error) {
	rules, err := r.s.schedule.At(o.PaidAt)
	if err != nil {
		return nil, err
	}
	or, err := rules.ForOrder(t.merchant, o.PaidAt, t.gmv)
	if err != nil {
		return nil, err
	}
	if cap(r.lineBuf) < len(o.Lines) {
		r.lineBuf = make([]int64, len(o.Lines))
	}
	perLine := r.lineBuf[:len(o.Lines)]
	if _, err := or.Commission(perLine, o); err != nil {
		return nil, err
	}
	comm := make([]shopkit.Money, len(perLine))
	for i, c := range perLine {
		comm[i] = shopkit.Zero(rules.cur).WithAmount(c)
	}
	return comm, nil
}

// savedStatement checks that the statement an order was marked with was saved. A
// run that fails after marking some orders saves no statement; its orders settle
// when that period is run again. Running a later period first would list them
// only as adjustments and their paid amounts in no statement, so that is refused
// with CodeUnsavedStatement. Each key is looked up once per run.
func (r *runner) savedStatement(key string, orderID uuid.UUID) error {
	if r.saved[key] {
		return nil
	}
	_, err := r.s.store.Statement(r.ctx, key)
	switch {
	case err == nil:
		if r.saved == nil {
			r.saved = make(map[string]bool)
		}
		r.saved[key] = true
		return nil
	case errors.Is(err, shopkit.ErrNotFound):
		return shopkit.NewError(shopkit.ErrConflict, CodeUnsavedStatement, fmt.Sprintf(
			"order %s was marked settled by statement %s, which was never saved: run that period again first", orderID, key))
	}
	return err
}

// settle totals an order's refunds, reversals and advances booked in [from, end)
// (from zero: since ever), adds its line to its merchant's statement t (nil: not
// looked up yet) and emits it. A KindOrder line also carries the order's paid
// amount and its commission comm (per line). When mark is set the order settles
// now: its marker is written after every record of the order has been checked,
// so an order with a bad refund or advance is never marked settled.
func (r *runner) settle(o *OrderRecord, t *merchantTotals, cur shopkit.Currency, kind LineKind, from time.Time,
	comm []shopkit.Money, mark bool) error {
	end := r.run.Period.End
	refunds, reversed, err := refundsIn(o, cur, comm, from, end)
	if err != nil {
		return err
	}
	advances, err := advancesIn(o, cur, from, end)
	if err != nil {
		return err
	}
	if kind == KindAdjustment && refunds == 0 && advances == 0 {
		return nil // nothing happened to the settled order in the window
	}
	if t == nil {
		if t, err = r.merchant(o.MerchantID, cur); err != nil {
			return err
		}
	}
	var paid, commission int64
	if kind == KindOrder {
		paid = o.Shipping.Amount()
		for i, l := range o.Lines {
			if paid, err = add(paid, l.Paid.Amount(), "the order's paid total"); err != nil {
				return err
			}
			if commission, err = add(commission, comm[i].Amount(), "the order's commission"); err != nil {
				return err
			}
		}
		t.orders++
	} else {
		t.adjustments++
	}
	net, err := netOf(paid, refunds, commission, reversed, advances)
	if err != nil {
		return err
	}
	if err := t.addLine(paid, refunds, commission, reversed, advances, 0); err != nil {
		return err
	}
	if mark {
		if err := r.mark(o, t.key, comm); err != nil {
			return err
		}
	}
	var paidAt time.Time
	if kind == KindOrder {
		paidAt = o.PaidAt
	}
	return r.emit(StatementLine{Statement: t.key, MerchantID: o.MerchantID, Kind: kind, OrderID: o.OrderID,
		PaidAt: paidAt, Paid: shopkit.Zero(cur).WithAmount(paid), Refunds: shopkit.Zero(cur).WithAmount(refunds), Commission: shopkit.Zero(cur).WithAmount(commission),
		CommissionReversed: shopkit.Zero(cur).WithAmount(reversed), Advances: shopkit.Zero(cur).WithAmount(advances), Net: shopkit.Zero(cur).WithAmount(net),
		DepositChange: shopkit.Zero(cur)})
}

// mark records that the order settles in the statement key with the per-line
// commission comm (R4.5: exactly once): at once on a plain Store, in batches on a
// BatchStore. Every marker is written before the run saves any statement.
func (r *runner) mark(o *OrderRecord, key string, comm []shopkit.Money) error {
	m := Marker{OrderID: o.OrderID, MerchantID: o.MerchantID, Statement: key, CutOff: r.run.Period.End, Commission: comm}
	if r.batcher == nil {
		return r.s.store.MarkSettled(r.ctx, m)
	}
	r.batch = append(r.batch, m)
	if len(r.batch) >= markerBatch {
		return r.flush()
	}
	return nil
}

// flush writes the buffered markers.
func (r *runner) flush() error {
	if len(r.batch) == 0 {
		return nil
	}
	err := r.batcher.MarkSettledBatch(r.ctx, r.batch)
	r.batch = r.batch[:0]
	return err
}

func (r *runner) deposit(d DepositChange) error {
	if d.MerchantID == uuid.Nil {
		return invalid(CodeInvalidDeposit, "merchant_id", "is required")
	}
	if !r.run.Period.Contains(d.At) {
		return nil
	}
	t, err := r.merchant(d.MerchantID, d.Amount.Currency())
	if err != nil {
		return err
	}
	t.deposits++
	if err := t.addLine(0, 0, 0, 0, 0, d.Amount.Amount()); err != nil {
		return err
	}
	z := shopkit.Zero(d.Amount.Currency())
	return r.emit(StatementLine{Statement: t.key, MerchantID: d.MerchantID, Kind: KindDeposit, At: d.At,
		Paid: z, Refunds: z, Commission: z, CommissionReversed: z, Advances: z, Net: z,
		DepositChange: d.Amount, Note: d.Reason})
}

func (r *runner) emit(l StatementLine) error {
	if r.run.Emit == nil {
		return nil
	}
	return r.run.Emit(l)
}

// netOf is paid − refunds − commission + reversed − advances (R4.5), checked.
func netOf(paid, refunds, commission, reversed, advances int64) (int64, error) {
	n, err := sub(paid, refunds, "net")
	if err == nil {
		n, err = sub(n, commission, "net")
	}
	if err == nil {
		n, err = add(n, reversed, "net")
	}
	if err == nil {
		n, err = sub(n, advances, "net")
	}
	return n, err
}

// addLine adds a line's amounts to the merchant's totals, each checked. After an
// overflow the run fails, so the totals are not used.
func (t *merchantTotals) addLine(paid, refunds, commission, reversed, advances, deposit int64) error {
	const what = "a statement total"
	var err error
	if t.paid, err = add(t.paid, paid, what); err != nil {
		return err
	}
	if t.refunds, err = add(t.refunds, refunds, what); err != nil {
		return err
	}
	if t.commission, err = add(t.commission, commission, what); err != nil {
		return err
	}
	if t.reversed, err = add(t.reversed, reversed, what); err != nil {
		return err
	}
	if t.advances, err = add(t.advances, advances, what); err != nil {
		return err
	}
	t.deposited, err = add(t.deposited, deposit, what)
	return err
}

// statement computes the merchant's statement from its totals.
func (t *merchantTotals) statement(r *runner) (Statement, error) {
	net, err := netOf(t.paid, t.refunds, t.commission, t.reversed, t.advances)
	if err != nil {
		return Statement{}, err
	}
	payout, err := sub(net, t.deposited, "payout")
	if err != nil {
		return Statement{}, err
	}
	cur := t.cur
	return Statement{Key: t.key, MerchantID: t.id, Period: r.run.Period, Currency: cur,
		Orders: t.orders, Adjustments: t.adjustments, Deposits: t.deposits,
		Paid: shopkit.Zero(cur).WithAmount(t.paid), Refunds: shopkit.Zero(cur).WithAmount(t.refunds), Commission: shopkit.Zero(cur).WithAmount(t.commission),
		CommissionReversed: shopkit.Zero(cur).WithAmount(t.reversed), Advances: shopkit.Zero(cur).WithAmount(t.advances),
		DepositChanges: shopkit.Zero(cur).WithAmount(t.deposited), Net: shopkit.Zero(cur).WithAmount(net), Payout: shopkit.Zero(cur).WithAmount(payout),
		SettledAt: r.settled, PayoutDue: r.due}, nil
}

package aftersales_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/internal/faults"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The steps across the case and ledger stores (opening: the ledger claim, then
// the case; a follow-up: the ledger's refund or release, then the case's mark)
// are resumable: a store call that fails, or a crash before it, loses nothing
// and doubles nothing once Resume has run (and, where a host would, the action
// is retried).

// Both stores send their calls through one faults.Counter, which fails the
// armed one: only the k-th (a store error), or the k-th and every later one (a
// crash before the k-th: the process does nothing more).

// faultyCases is a case store whose every call goes through the fault counter
// first; a failed call does not reach the store. The embedded Entity counts
// Create, Get, Update and Trail (as "cases.Create" and so on); the case
// store's own queries, on the same counter, are here.
type faultyCases struct {
	faults.Entity[*aftersales.Case]
	s aftersales.Store
}

func (w faultyCases) Due(ctx context.Context, t time.Time, limit int) ([]*aftersales.Case, error) {
	if err := w.C.Hit("cases.Due"); err != nil {
		return nil, err
	}
	return w.s.Due(ctx, t, limit)
}

func (w faultyCases) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*aftersales.Case, error) {
	if err := w.C.Hit("cases.Claim"); err != nil {
		return nil, err
	}
	return w.s.Claim(ctx, t, limit, lease)
}

func (w faultyCases) ByOrder(ctx context.Context, orderID uuid.UUID) ([]*aftersales.Case, error) {
	if err := w.C.Hit("cases.ByOrder"); err != nil {
		return nil, err
	}
	return w.s.ByOrder(ctx, orderID)
}

func (w faultyCases) Pending(ctx context.Context, limit int) ([]*aftersales.Case, error) {
	if err := w.C.Hit("cases.Pending"); err != nil {
		return nil, err
	}
	return w.s.Pending(ctx, limit)
}

// faultyLedgers is faultyCases for the ledger store, on the same counter.
type faultyLedgers struct {
	faults.Entity[*aftersales.Ledger]
	s aftersales.LedgerStore
}

func (w faultyLedgers) Due(ctx context.Context, t time.Time, limit int) ([]*aftersales.Ledger, error) {
	if err := w.C.Hit("ledgers.Due"); err != nil {
		return nil, err
	}
	return w.s.Due(ctx, t, limit)
}

func (w faultyLedgers) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*aftersales.Ledger, error) {
	if err := w.C.Hit("ledgers.Claim"); err != nil {
		return nil, err
	}
	return w.s.Claim(ctx, t, limit, lease)
}

func (w faultyLedgers) Debts(ctx context.Context, merchantID uuid.UUID) ([]aftersales.MerchantDebt, error) {
	if err := w.C.Hit("ledgers.Debts"); err != nil {
		return nil, err
	}
	return w.s.Debts(ctx, merchantID)
}

func (w faultyLedgers) Pending(ctx context.Context, limit int) ([]*aftersales.Ledger, error) {
	if err := w.C.Hit("ledgers.Pending"); err != nil {
		return nil, err
	}
	return w.s.Pending(ctx, limit)
}

// world is a service over the fault-wrapped in-memory stores; cases and
// ledgers are the stores themselves, which the assertions read directly.
type world struct {
	svc     *aftersales.Service
	clock   *aftersalestest.Clock
	cases   *aftersalestest.Store
	ledgers *aftersalestest.LedgerStore
	faults  *faults.Counter
	ctx     context.Context
	order   aftersales.Order
	caseID  uuid.UUID // the case an action acts on
	grace   time.Duration
}

// newWorld builds the world; instant switches the shop's instant auto-refund
// on (R3.6), with a limit every refund of the order is under.
func newWorld(t testing.TB, order aftersales.Order, instant bool) *world {
	w := &world{clock: aftersalestest.NewClock(t0(t)), cases: aftersalestest.NewStore(),
		ledgers: aftersalestest.NewLedgerStore(), faults: &faults.Counter{}, ctx: context.Background(), order: order}
	cases := faultyCases{faults.Entity[*aftersales.Case]{Store: w.cases, C: w.faults, Name: "cases"}, w.cases}
	ledgers := faultyLedgers{faults.Entity[*aftersales.Ledger]{Store: w.ledgers, C: w.faults, Name: "ledgers"}, w.ledgers}
	cfg := aftersales.ServiceConfig{Cases: cases, Ledgers: ledgers, Policy: policy(t), Clock: w.clock.Now}
	if instant {
		cfg.InstantRefund = func(uuid.UUID) aftersales.InstantRefundRule {
			return aftersales.InstantRefundRule{Enabled: true, Limit: shopkit.CNY(100_000)}
		}
	}
	w.svc = newService(t, cfg)
	w.grace = w.svc.Policy().ClaimGrace
	return w
}

// openCase is the buyer's application for lines of the world's order.
func (w *world) openCase(kind aftersales.Kind, lines ...aftersales.LineQty) (*aftersales.Case, error) {
	return w.svc.Open(w.ctx, w.order, aftersales.Application{Kind: kind, Lines: lines, Reason: aftersales.Quality,
		Note: "broken", Evidence: []string{"photo-1"}, BuyerID: w.order.BuyerID})
}

// mustOpen opens a case fault-free and keeps its ID for the action.
func (w *world) mustOpen(t testing.TB, kind aftersales.Kind, lines ...aftersales.LineQty) *aftersales.Case {
	t.Helper()
	c, err := w.openCase(kind, lines...)
	require.NoError(t, err)
	w.caseID = c.ID()
	return c
}

// caseOut is a case as the outcome compares it: everything but its ID and
// times, which differ from run to run.
type caseOut struct {
	Kind          aftersales.Kind
	State         aftersales.State
	Lines         []aftersales.LineQty
	RefundIssued  bool
	RefundAmount  int64
	Confirmed     bool
	UnitsReleased bool
	Pending       bool
}

// claimOut and refundOut name their case by its place in the outcome's cases.
type claimOut struct {
	Case        int
	Line        int
	Units       int64
	Unconfirmed bool
}

type refundOut struct {
	Case      int
	Amount    int64
	Shipping  int64
	Units     int64
	Confirmed bool
}

// outcome is the end state of a run: the order's cases, oldest first, the
// ledger's claims and refunds, and what is left pending.
type outcome struct {
	Cases          []caseOut
	Claims         []claimOut
	Refunds        []refundOut
	Paid, Refunded int64
	PendingCases   int
	PendingClaims  int
}

// outcome reads the end state from the stores and checks what must hold in
// every run (R3.2, R3.7): every claim's case exists, every refund key is
// refunded once with one effect, and no effect ID repeats.
func (w *world) outcome(t testing.TB) outcome {
	t.Helper()
	cs, err := w.cases.ByOrder(w.ctx, w.order.ID)
	require.NoError(t, err)
	slices.SortFunc(cs, func(a, b *aftersales.Case) int { return a.Snapshot().OpenedAt.Compare(b.Snapshot().OpenedAt) })
	var out outcome
	index := map[uuid.UUID]int{}
	byKey := map[string]int{}
	for i, c := range cs {
		index[c.ID()] = i
		byKey[c.Refund().Key] = i
		_, pending := c.PendingStep()
		out.Cases = append(out.Cases, caseOut{Kind: c.Kind(), State: c.State(), Lines: c.Lines(),
			RefundIssued: c.Refund().Issued, RefundAmount: c.Refund().Amount.Amount(), Confirmed: c.Refund().Confirmed,
			UnitsReleased: c.UnitsReleased(), Pending: pending})
		effects := map[string]bool{}
		for _, e := range effectsOf(w.trailOf(t, w.cases, c.ID())) {
			assert.False(t, effects[e.Effect.ID], "effect %s of the case applied twice", e.Effect.ID)
			effects[e.Effect.ID] = true
		}
	}
	l, err := w.ledgers.Get(w.ctx, w.order.ID)
	require.NoError(t, err)
	out.Paid, out.Refunded = l.Paid().Amount(), l.Refunded().Amount()
	for _, cl := range l.Claims() {
		i, ok := index[cl.CaseID]
		if !assert.True(t, ok, "R3.2: units claimed for case %s, which does not exist", cl.CaseID) {
			i = -1
		}
		out.Claims = append(out.Claims, claimOut{Case: i, Line: cl.Line, Units: cl.Units, Unconfirmed: cl.Unconfirmed})
	}
	slices.SortFunc(out.Claims, func(a, b claimOut) int { return cmp.Or(cmp.Compare(a.Case, b.Case), cmp.Compare(a.Line, b.Line)) })
	keys := map[string]bool{}
	var sum int64
	for _, r := range l.Refunds() {
		assert.False(t, keys[r.Key], "R3.7: refund key %s recorded twice", r.Key)
		keys[r.Key] = true
		i, ok := byKey[r.Key]
		assert.True(t, ok, "refund %s of no case", r.Key)
		var units int64
		for _, ln := range r.Lines {
			units += ln.Units
		}
		sum += r.Amount.Amount()
		out.Refunds = append(out.Refunds, refundOut{Case: i, Amount: r.Amount.Amount(), Shipping: r.Shipping.Amount(),
			Units: units, Confirmed: r.Confirmed})
	}
	assert.Equal(t, out.Refunded, sum, "R3.7: the refunds add up to the ledger's refunded total")
	refunded := map[string]int{}
	effects := map[string]bool{}
	for _, e := range effectsOf(w.trailOf(t, w.ledgers, w.order.ID)) {
		assert.False(t, effects[e.Effect.ID], "effect %s of the ledger applied twice", e.Effect.ID)
		effects[e.Effect.ID] = true
		if e.Effect.Type == shopkit.EffectRefund {
			refunded[e.Effect.Ref]++
		}
	}
	for key := range keys {
		assert.Equal(t, 1, refunded[key], "R3.7: refund %s executed once", key)
	}
	assert.Len(t, refunded, len(keys), "an executed refund without its record")
	pc, err := w.cases.Pending(w.ctx, 100)
	require.NoError(t, err)
	pl, err := w.ledgers.Pending(w.ctx, 100)
	require.NoError(t, err)
	out.PendingCases, out.PendingClaims = len(pc), len(pl)
	return out
}

func (w *world) trailOf(t testing.TB, r shopkit.TrailReader, id uuid.UUID) []shopkit.Entry {
	t.Helper()
	h, err := shopkit.ReadTrail(w.ctx, r, id, 50)
	require.NoError(t, err)
	return h
}

// saga is one action across the two stores, with what comes before and after
// it, run fault-free.
type saga struct {
	name    string
	order   func(testing.TB) aftersales.Order
	instant bool
	setup   func(t testing.TB, w *world)
	// act is the action under faults; retry reports whether a host would run
	// it again: it got an error and nothing to go on (no case), or a
	// gateway's callback that failed.
	act    func(w *world) (retry bool, err error)
	finish func(t testing.TB, w *world)
	// calls is the number of store calls the action makes fault-free: no
	// round trip creeps in.
	calls int
	check func(t testing.TB, o outcome)
}

// run plays the saga with call k failing (none when k is 0), then Resume
// after the grace period and the host's retry, and returns the outcome and
// the calls the action made.
func (sg saga) run(t testing.TB, k int, crash bool) (outcome, []string) {
	w := newWorld(t, sg.order(t), sg.instant)
	if sg.setup != nil {
		sg.setup(t, w)
	}
	w.clock.Advance(time.Second) // the action's case opens after the setup's
	w.faults.Arm(k, crash)
	retry, err := sg.act(w)
	ops := w.faults.Disarm()
	if k > 0 {
		require.ErrorIs(t, err, faults.ErrInjected, "a failed store call is never swallowed (call %d of %v)", k, ops)
	} else {
		require.NoError(t, err)
	}
	w.clock.Advance(w.grace + time.Second)
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	require.Empty(t, res.Failures)
	if k == 0 {
		assert.Zero(t, res.Applied, "a fault-free run leaves nothing to resume")
	}
	if retry {
		w.clock.Advance(time.Second)
		_, err := sg.act(w)
		require.NoError(t, err, "the host's retry")
	}
	again, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Zero(t, again.Applied+again.Skipped+len(again.Failures), "resuming twice is harmless")
	if sg.finish != nil {
		w.clock.Advance(time.Second)
		sg.finish(t, w)
	}
	return w.outcome(t), ops
}

// paidOrder is a one-line order, paid and not shipped: three cups paid 1001
// fen together, 800 fen shipping.
func paidOrder(t testing.TB) aftersales.Order {
	o := sampleOrder(time.Time{})
	o.State = aftersales.OrderPaid
	o.Lines = o.Lines[:1]
	return o
}

func deliveredOrder(t testing.TB) aftersales.Order { return sampleOrder(t0(t).Add(-day)) }

var oneCup = aftersales.LineQty{Line: 0, Units: 1}

// openSaga opens a case with lines; a host retries an Open that returned no
// case.
func openSaga(kind aftersales.Kind, lines ...aftersales.LineQty) func(w *world) (bool, error) {
	return func(w *world) (bool, error) {
		c, err := w.openCase(kind, lines...)
		return c == nil, err
	}
}

// actSaga applies fn to the world's case; a host retries an Act that returned
// no case (nothing was saved).
func actSaga(fn func(c *aftersales.Case, now time.Time) error) func(w *world) (bool, error) {
	return func(w *world) (bool, error) {
		c, err := w.svc.Act(w.ctx, w.caseID, fn)
		return c == nil, err
	}
}

// runSagas fails every store call of each saga's action in turn, as an error
// and as a crash, and compares the end state with the fault-free run's.
func runSagas(t *testing.T, sagas []saga) {
	for _, sg := range sagas {
		t.Run(sg.name, func(t *testing.T) {
			want, ops := sg.run(t, 0, false)
			require.Len(t, ops, sg.calls, "store calls of the action: %v", ops)
			assert.Zero(t, want.PendingCases)
			assert.Zero(t, want.PendingClaims)
			if sg.check != nil {
				sg.check(t, want)
			}
			for k := 1; k <= len(ops); k++ {
				for _, crash := range []bool{false, true} {
					name := fmt.Sprintf("fail_%d_%s", k, ops[k-1])
					if crash {
						name = fmt.Sprintf("crash_before_%d_%s", k, ops[k-1])
					}
					t.Run(name, func(t *testing.T) {
						got, _ := sg.run(t, k, crash)
						assert.Equal(t, want, got)
					})
				}
			}
		})
	}
}

// R3.2, R3.6, R3.7: opening a case claims its units in the ledger
// (unconfirmed), stores the case, then confirms the claim (with the instant
// refund, in the refund's own ledger Update). Whichever store call fails, and
// whether the process goes on or crashes there, Resume after the grace period
// and the host's retry of an Open that returned no case end where the
// fault-free run ends: the same cases, claims and refunds, each refund once,
// and no units claimed without a case.
func TestOpenClaimIsResumable_R3_2_Crash(t *testing.T) {
	runSagas(t, []saga{
		{
			// A refund-only case refunded at once by the shop's rule (R3.6),
			// between two others: the three single-cup refunds pay 333, 334
			// and 334 + 800 shipping, exactly the 1801 fen paid (R3.7).
			name: "instant_refund_only", order: paidOrder, instant: true,
			setup:  func(t testing.TB, w *world) { w.mustOpen(t, aftersales.RefundOnly, oneCup) },
			act:    openSaga(aftersales.RefundOnly, oneCup),
			finish: func(t testing.TB, w *world) { w.mustOpen(t, aftersales.RefundOnly, oneCup) },
			calls:  4, // claim, create, refund and confirm, mark issued
			check: func(t testing.TB, o outcome) {
				require.Len(t, o.Cases, 3)
				for _, c := range o.Cases {
					assert.Equal(t, aftersales.Refunding, c.State)
					assert.True(t, c.RefundIssued)
				}
				amounts := []int64{}
				for _, r := range o.Refunds {
					amounts = append(amounts, r.Amount)
				}
				assert.Equal(t, []int64{333, 334, 334 + 800}, amounts)
				assert.Equal(t, o.Paid, o.Refunded, "to the fen")
				assert.Empty(t, o.Claims, "refunded units are no longer claimed")
			},
		},
		{
			// A return case, the order's first (its ledger is created with
			// the claim), without the instant rule; a second case then takes
			// the last cup, which only works if no stray claim holds it.
			name: "return_refund", order: deliveredOrder,
			act: openSaga(aftersales.ReturnRefund, aftersales.LineQty{Line: 0, Units: 2}),
			finish: func(t testing.TB, w *world) {
				w.mustOpen(t, aftersales.ReturnRefund, oneCup)
				_, err := w.openCase(aftersales.ReturnRefund, oneCup)
				assert.Equal(t, aftersales.CodeQuantityClaimed, shopkit.CodeOf(err), "all three cups are in open cases")
			},
			calls: 4, // claim (no ledger yet), create the ledger, create the case, confirm
			check: func(t testing.TB, o outcome) {
				require.Len(t, o.Cases, 2)
				assert.Equal(t, []claimOut{{Case: 0, Line: 0, Units: 2}, {Case: 1, Line: 0, Units: 1}}, o.Claims)
				assert.Empty(t, o.Refunds)
			},
		},
		{
			// The voucher case of a paid local-life order (R3.8) claims every
			// voucher the same way.
			name:  "voucher",
			order: func(testing.TB) aftersales.Order { return voucherOrder(1001, 4) },
			act: func(w *world) (bool, error) {
				c, err := w.svc.OpenVoucher(w.ctx, w.order, 0, w.clock.Now().Add(30*day))
				if c != nil {
					w.caseID = c.ID()
				}
				return c == nil, err
			},
			finish: func(t testing.TB, w *world) {
				_, err := w.svc.Act(w.ctx, w.caseID, func(c *aftersales.Case, now time.Time) error { return c.Redeem(merchant, now, 1) })
				require.NoError(t, err)
			},
			calls: 4,
			check: func(t testing.TB, o outcome) {
				assert.Equal(t, []claimOut{{Case: 0, Line: 0, Units: 4}}, o.Claims)
			},
		},
	})
}

// R3.2: a case store Create that reports an error after writing the case (a
// lost acknowledgement) is checked with a Get: the opening goes on, and the
// case's claim is confirmed and its instant refund issued as if nothing had
// happened.
func TestOpenGoesOnWhenTheCaseWasWritten_R3_2_Crash(t *testing.T) {
	w := newWorld(t, paidOrder(t), true)
	svc := newService(t, aftersales.ServiceConfig{Cases: lostAck{w.cases}, Ledgers: w.ledgers, Policy: policy(t),
		Clock: w.clock.Now, InstantRefund: func(uuid.UUID) aftersales.InstantRefundRule {
			return aftersales.InstantRefundRule{Enabled: true, Limit: shopkit.CNY(100_000)}
		}})
	c, err := svc.Open(w.ctx, w.order, aftersales.Application{Kind: aftersales.RefundOnly, Lines: []aftersales.LineQty{oneCup},
		Reason: aftersales.Quality, Note: "broken", Evidence: []string{"photo-1"}, BuyerID: w.order.BuyerID})
	require.NoError(t, err)
	assert.True(t, c.Refund().Issued)
	o := w.outcome(t)
	assert.Equal(t, []refundOut{{Case: 0, Amount: 333, Units: 1}}, o.Refunds)
	assert.Zero(t, o.PendingCases+o.PendingClaims)
}

// lostAck is a case store whose Create writes the case and reports an error.
type lostAck struct{ *aftersalestest.Store }

func (s lostAck) Create(ctx context.Context, c *aftersales.Case) error {
	if err := s.Store.Create(ctx, c); err != nil {
		return err
	}
	return faults.ErrInjected
}

// R3.7, R3.2: a case's follow-up in the ledger — the refund of an approved
// refund-only case, the release of an ended case's units — survives a failure
// of any of its store calls: the case keeps the step pending (Store.Pending)
// and Resume finishes it; the ledger's refund, idempotent by the case's key,
// pays once.
func TestCaseFollowUpIsResumable_R3_7_Crash(t *testing.T) {
	approve := func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") }
	runSagas(t, []saga{
		{
			name: "approve_refund", order: paidOrder,
			setup: func(t testing.TB, w *world) {
				w.mustOpen(t, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 2})
			},
			act:   actSaga(approve),
			calls: 3, // the approval, the refund, its mark
			check: func(t testing.TB, o outcome) {
				require.Len(t, o.Refunds, 1)
				assert.Equal(t, int64(667), o.Refunds[0].Amount)
				assert.Equal(t, caseOut{Kind: aftersales.RefundOnly, State: aftersales.Refunding,
					Lines: []aftersales.LineQty{{Line: 0, Units: 2}}, RefundIssued: true, RefundAmount: 667}, o.Cases[0])
			},
		},
		{
			// The gateway's confirmation ends the case; its units are freed
			// (nothing is left to free: the refund consumed the claim) and
			// marked. A gateway retries a callback that failed.
			name: "confirm_refund", order: paidOrder,
			setup: func(t testing.TB, w *world) {
				w.mustOpen(t, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 2})
				_, err := w.svc.Act(w.ctx, w.caseID, approve)
				require.NoError(t, err)
			},
			act: func(w *world) (bool, error) {
				_, err := w.svc.ConfirmRefund(w.ctx, w.order.ID, w.caseID.String()+":refund")
				return err != nil, err
			},
			calls: 4, // the ledger's confirmation, the case's, the release, its mark
			check: func(t testing.TB, o outcome) {
				assert.Equal(t, aftersales.Refunded, o.Cases[0].State)
				assert.True(t, o.Cases[0].UnitsReleased)
				assert.True(t, o.Refunds[0].Confirmed)
			},
		},
		{
			// The buyer cancels a return case: its two cups are freed, and a
			// new case may claim all three.
			name: "cancel_frees_units", order: deliveredOrder,
			setup: func(t testing.TB, w *world) {
				w.mustOpen(t, aftersales.ReturnRefund, aftersales.LineQty{Line: 0, Units: 2})
			},
			act: actSaga(func(c *aftersales.Case, now time.Time) error { return c.Cancel(buyer, now, "changed my mind") }),
			finish: func(t testing.TB, w *world) {
				w.mustOpen(t, aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 3})
			},
			calls: 3, // the cancellation, the release, its mark
			check: func(t testing.TB, o outcome) {
				require.Len(t, o.Cases, 2)
				assert.Equal(t, aftersales.Cancelled, o.Cases[0].State)
				assert.True(t, o.Cases[0].UnitsReleased)
				assert.Equal(t, []claimOut{{Case: 1, Line: 0, Units: 3}}, o.Claims)
			},
		},
	})
}

// R3.2: Resume never frees the claim of an opening that may still be storing
// its case: a claim whose case is not found is kept through the policy's
// ClaimGrace (the buyer's retry meanwhile finds the units claimed) and freed
// after it; a claim whose case exists is confirmed at once.
func TestResumeKeepsClaimsWithinTheGrace_R3_2_Resume(t *testing.T) {
	w := newWorld(t, deliveredOrder(t), false)
	w.faults.Arm(3, true) // crash before the case is created
	c, err := w.openCase(aftersales.ReturnRefund, oneCup)
	require.ErrorIs(t, err, faults.ErrInjected)
	require.Nil(t, c)
	w.faults.Disarm()
	claimed := w.clock.Now()

	w.clock.Set(claimed.Add(w.grace))
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: 1}, res, "at the end of the grace period the claim is kept")
	_, err = w.openCase(aftersales.ReturnRefund, aftersales.LineQty{Line: 0, Units: 3})
	assert.Equal(t, aftersales.CodeQuantityClaimed, shopkit.CodeOf(err))

	w.clock.Set(claimed.Add(w.grace + time.Nanosecond))
	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res, "after it the claim is freed")
	l, err := w.ledgers.Get(w.ctx, w.order.ID)
	require.NoError(t, err)
	assert.Empty(t, l.Claims())
	assert.Equal(t, "release", lastChange(w.trailOf(t, w.ledgers, w.order.ID)).Action)

	// The case exists but its claim was not confirmed: Resume confirms it,
	// grace or not.
	w.faults.Arm(3, false) // the confirmation fails
	c, err = w.openCase(aftersales.ReturnRefund, aftersales.LineQty{Line: 0, Units: 3})
	require.ErrorIs(t, err, faults.ErrInjected)
	require.NotNil(t, c, "the case is stored: the host does not open it again")
	w.faults.Disarm()
	l, err = w.ledgers.Get(w.ctx, w.order.ID)
	require.NoError(t, err)
	at, ok := l.PendingClaim()
	require.True(t, ok)
	assert.True(t, at.Equal(w.clock.Now()))
	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	l, err = w.ledgers.Get(w.ctx, w.order.ID)
	require.NoError(t, err)
	assert.Equal(t, []aftersales.Claim{{CaseID: c.ID(), Line: 0, Units: 3, At: at}}, l.Claims())
}

// R2.8: Resume reports a step it cannot finish (the cause in Failures) and goes
// on with the others; the step stays pending for the next run.
func TestResumeReportsFailuresAndGoesOn_R2_8_Resume(t *testing.T) {
	w := newWorld(t, paidOrder(t), false)
	a := w.mustOpen(t, aftersales.RefundOnly, oneCup)
	w.clock.Advance(time.Second)
	b := w.mustOpen(t, aftersales.RefundOnly, oneCup)
	for _, c := range []*aftersales.Case{a, b} {
		w.caseID = c.ID()
		w.faults.Arm(2, true) // approved, not refunded
		_, err := w.svc.Act(w.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
		require.ErrorIs(t, err, faults.ErrInjected)
		w.faults.Disarm()
		w.clock.Advance(time.Second)
	}
	pending, err := w.cases.Pending(w.ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 2)
	assert.Equal(t, a.ID(), pending[0].ID(), "oldest step first")

	w.faults.Arm(2, false) // Pending, then a's refund fails
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	w.faults.Disarm()
	require.Len(t, res.Failures, 1)
	assert.Equal(t, a.ID(), res.Failures[0].ID)
	assert.ErrorIs(t, res.Failures[0].Err, faults.ErrInjected)
	assert.Equal(t, 1, res.Applied, "b is refunded all the same")

	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	o := w.outcome(t)
	assert.Equal(t, []refundOut{{Case: 1, Amount: 333, Units: 1}, {Case: 0, Amount: 334, Units: 1}}, o.Refunds,
		"b was refunded first")
	assert.Zero(t, o.PendingCases)
}

// R2.8: Resume with nothing pending is two indexed queries; a later case of an
// order opens in three store calls (claim, create, confirm).
func TestResumeStoreCalls_R2_8(t *testing.T) {
	w := newWorld(t, deliveredOrder(t), false)
	w.mustOpen(t, aftersales.ReturnRefund, oneCup)
	w.faults.Arm(0, false)
	_, err := w.openCase(aftersales.ReturnRefund, oneCup)
	require.NoError(t, err)
	assert.Equal(t, []string{"ledgers.Update", "cases.Create", "ledgers.Update"}, w.faults.Disarm())
	w.faults.Arm(0, false)
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res)
	assert.Equal(t, []string{"cases.Pending", "ledgers.Pending"}, w.faults.Disarm())
}

// R3.2: ClaimGrace is a positive duration of the policy, 10 minutes by default.
func TestClaimGraceIsValidated_R3_2(t *testing.T) {
	assert.Equal(t, 10*time.Minute, aftersales.DefaultPolicy().ClaimGrace)
	p := aftersales.DefaultPolicy()
	p.ClaimGrace = 0
	assert.Contains(t, fieldsOf(t, p.Validate()), "claim_grace")
}

// R2.8: a snapshot carries the pending step and restore checks it: units
// released only by an ended case, a step time only while a step is pending.
// An unconfirmed ledger claim needs its time.
func TestRestoreChecksThePendingStep_R2_8(t *testing.T) {
	c := caseIn(t, aftersales.RefundOnly, aftersales.Requested)
	s := c.Snapshot()
	s.UnitsReleased = true
	_, err := aftersales.RestoreCase(s)
	assert.Equal(t, aftersales.CodeInvalidCase, shopkit.CodeOf(err))
	s = c.Snapshot()
	s.StepSince = t0(t)
	_, err = aftersales.RestoreCase(s)
	assert.Equal(t, aftersales.CodeInvalidCase, shopkit.CodeOf(err))
	s.State = aftersales.Cancelled
	r, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	at, ok := r.PendingStep()
	assert.True(t, ok)
	assert.True(t, at.Equal(t0(t)))
	assert.Equal(t, aftersales.CodeCaseOpen, shopkit.CodeOf(c.MarkUnitsReleased(t0(t))))
	require.NoError(t, r.MarkUnitsReleased(t0(t)))
	_, ok = r.PendingStep()
	assert.False(t, ok)
	assert.Zero(t, r.Snapshot().StepSince)

	l, err := aftersales.NewLedger(sampleOrder(t0(t)), aftersales.ShippingOnFullRefund, t0(t))
	require.NoError(t, err)
	require.NoError(t, l.Claim(uuid.New(), []aftersales.LineQty{oneCup}, t0(t)))
	ls := l.Snapshot()
	require.True(t, ls.Claims[0].Unconfirmed)
	ls.Claims[0].At = time.Time{}
	_, err = aftersales.RestoreLedger(ls)
	assert.Equal(t, []string{"claims[0].at"}, fieldsOf(t, err))
}

// R2.8, R3.2: Resume reads the pending claims in batches, and claims still in
// their grace period, which stay listed, do not stop it from reaching the
// others; a second run finds only those.
func TestResumeReadsInBatches_R3_2_Resume(t *testing.T) {
	w := newWorld(t, deliveredOrder(t), false)
	now := w.clock.Now()
	const n = 130
	for i := range n {
		o := sampleOrder(now.Add(-day))
		l, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, now)
		require.NoError(t, err)
		at := now.Add(-w.grace - time.Duration(n-i)*time.Second) // past the grace period
		if i%2 == 0 {
			at = now.Add(-time.Duration(n-i) * time.Millisecond) // within it: listed after those past it
		}
		require.NoError(t, l.Claim(uuid.New(), []aftersales.LineQty{oneCup}, at))
		require.NoError(t, w.ledgers.Create(w.ctx, l))
	}
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: n / 2, Skipped: n / 2}, res)
	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: n / 2}, res)
}

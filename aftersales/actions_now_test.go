package aftersales_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// caseChoices drives ActionsAt against the case's methods: every action a
// method takes (the sweep's consequences have none; ApplyDue takes them, see
// TestSweepOnlyRowsAreTheTimeouts_R0_3), the rating included.
func caseChoices() authztest.Choices[aftersales.Action, *aftersales.Case] {
	var actions []aftersales.Action
	for _, a := range aftersales.Actions() {
		if _, sweep := sweepOnly[a]; !sweep && a != aftersales.ActOpen && a != aftersales.ActIssueRefund {
			actions = append(actions, a)
		}
	}
	return authztest.Choices[aftersales.Action, *aftersales.Case]{
		Actions: actions,
		List:    (*aftersales.Case).ActionsAt,
		Clone:   (*aftersales.Case).Clone,
		Act: func(c *aftersales.Case, a aftersales.Action, by shopkit.Actor, at time.Time) error {
			switch a {
			case aftersales.ActRate:
				return c.Rate(by, at, 5, "quick")
			case aftersales.ActRedeem: // one voucher, keeping the case valid: redeeming the last one is use_up
				if err := c.Redeem(by, at, 1); err != nil || c.State() == aftersales.VoucherValid {
					return err
				}
				return shopkit.Invalid(aftersales.CodeInvalidQuantity, "n", "redeemed the last voucher: that is use_up")
			}
			return actOnCase(c, a, by, at)
		},
		Own: map[aftersales.Action]string{
			aftersales.ActRedeem:        "the last unused voucher is use_up: redeem of one then is invalid",
			aftersales.ActConfirmRefund: "a refund the ledger has not issued is a conflict",
			aftersales.ActRate:          "a second rating is a conflict",
		},
	}
}

// R0.3, R0.4, R3.1: in every state of every kind, for each party and a
// stranger of each role, one nanosecond before the state's deadline, at it and
// one nanosecond after: every action ActionsAt lists is accepted (not refused
// for party, role, state or deadline), every other one fails.
func TestActionsAtAreAccepted_R0_3(t *testing.T) {
	w := caseChoices()
	start := t0(t)
	for _, kind := range aftersales.Kinds() {
		for _, state := range aftersales.CaseWorkflow(kind, aftersales.DefaultPolicy()).States() {
			t.Run(string(kind)+"/"+string(state), func(t *testing.T) {
				c := caseIn(t, kind, state)
				d, _ := c.Deadline()
				instants := append([]time.Time{start.Add(time.Hour)}, authztest.Around(d)...)
				authztest.ActionsHold(t, w, c, authztest.Actors(c.Parties()), instants)
			})
		}
	}
	// The voucher case's own conditions: with one voucher left only use_up.
	c := caseIn(t, aftersales.Voucher, aftersales.VoucherValid)
	require.NoError(t, c.Redeem(merchant, start, 3))
	assert.Equal(t, []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActUseUp, Until: mustDeadline(t, c)}},
		c.ActionsAt(merchant, start))
	authztest.ActionsHold(t, w, c, authztest.Actors(c.Parties()), authztest.Around(mustDeadline(t, c)))
	// A rated case lists no second rating.
	done := caseIn(t, aftersales.Exchange, aftersales.Completed)
	assert.Equal(t, []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActRate}}, done.ActionsAt(buyer, start))
	require.NoError(t, done.Rate(buyer, start, 4, ""))
	assert.Empty(t, done.ActionsAt(buyer, start))
	authztest.ActionsHold(t, w, done, authztest.Actors(done.Parties()), []time.Time{start})
	assert.Empty(t, new(aftersales.Case).ActionsAt(sys, start), "the zero Case lists nothing")
}

func mustDeadline(t *testing.T, c *aftersales.Case) time.Time {
	t.Helper()
	d, ok := c.Deadline()
	require.True(t, ok)
	return d
}

// R3.3, R0.3: an exchange request waits 48 h for the merchant. At exactly 48 h
// approve and reject are listed, with the deadline; one second past they are
// not, and Approve then is aftersales.deadline_passed, as the list said. The
// buyer's and the merchant's next deadline is the system's approval.
func TestExchangeMerchantDeadlineInActionsAt_R3_3(t *testing.T) {
	start := t0(t)
	c, err := aftersales.NewCase(policy(t), sampleOrder(start.Add(-day)),
		apply(aftersales.Exchange, aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}), start)
	require.NoError(t, err)
	d := start.Add(48 * time.Hour)
	want := []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActApprove, Until: d}, {Action: aftersales.ActReject, Until: d}}
	assert.Equal(t, want, c.ActionsAt(merchant, d.Add(-time.Nanosecond)))
	assert.Equal(t, want, c.ActionsAt(merchant, d))
	assert.Empty(t, c.ActionsAt(merchant, d.Add(time.Nanosecond)))
	assert.Empty(t, c.ActionsAt(merchant, d.Add(time.Second)))
	late := c.Clone()
	assert.Equal(t, aftersales.CodeDeadlinePassed, shopkit.CodeOf(late.Approve(merchant, d.Add(time.Second), "late")))
	require.NoError(t, c.Clone().Approve(merchant, d, "in time"))
	// The platform and the system are not bound by the merchant's deadline.
	assert.Equal(t, []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActApprove}}, c.ActionsAt(sys, d.Add(time.Second)))
	for _, by := range []shopkit.Actor{buyer, merchant} {
		up, ok := c.NextDeadline(by)
		require.True(t, ok)
		assert.Equal(t, shopkit.Upcoming[aftersales.State, aftersales.Action]{At: d, Action: aftersales.ActApprove,
			To: aftersales.AwaitingReturn, Awaits: []shopkit.Role{shopkit.Merchant, shopkit.Buyer}}, up)
	}
	_, ok := c.NextDeadline(shopkit.Actor{Role: shopkit.Buyer, ID: "stranger"})
	assert.False(t, ok, "a stranger has no deadline on the case")
	// The consequence is what NextDeadline said: at d+1ns the sweep approves.
	require.NoError(t, c.ApplyDue(d.Add(time.Nanosecond)))
	assert.Equal(t, aftersales.AwaitingReturn, c.State())
}

// R0.3, R3.2: a case that waits on no deadline has none to show; an ended one
// neither.
func TestNextDeadlineOnlyWhileWaiting_R0_3(t *testing.T) {
	c := caseIn(t, aftersales.Exchange, aftersales.Completed)
	_, ok := c.NextDeadline(buyer)
	assert.False(t, ok)
	_, ok = new(aftersales.Case).NextDeadline(sys)
	assert.False(t, ok)
}

// R3.7, R0.4: the ledger lists a refund for the merchant, the platform and
// the system, never the buyer or a stranger; the system confirms a refund
// while one is unconfirmed; its next deadline is the money-back deadline.
func TestLedgerActionsAt_R3_7(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(f.clock.Now().Add(-day))
	c := f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 1, Units: 1})
	now := f.clock.Now()
	l := f.ledger(t, c.OrderID())
	assert.Empty(t, l.ActionsAt(buyer, now))
	assert.Empty(t, l.ActionsAt(shopkit.Actor{Role: shopkit.Merchant, ID: otherShop.String()}, now))
	assert.Equal(t, []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActIssueRefund}}, l.ActionsAt(merchant, now))
	_, ok := l.NextDeadline(merchant)
	assert.False(t, ok, "no refund yet")
	// Each listed action succeeds.
	rec, _, err := l.Clone().Refund(aftersales.RefundRequest{Key: "k1", Lines: []aftersales.LineQty{{Line: 0, Units: 1}},
		By: merchant, DueBy: now.Add(day)}, now)
	require.NoError(t, err)
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "k1", Lines: []aftersales.LineQty{{Line: 0, Units: 1}},
		By: merchant, DueBy: now.Add(day)}, now)
	require.NoError(t, err)
	_, _, err = l.Clone().Refund(aftersales.RefundRequest{Key: "k2", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}, By: buyer}, now)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed, "the buyer, whom the list leaves out, is refused")
	assert.Equal(t, []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActIssueRefund}, {Action: aftersales.ActConfirmRefund}},
		l.ActionsAt(sys, now))
	up, ok := l.NextDeadline(buyer)
	require.True(t, ok)
	assert.Equal(t, rec.DueBy, up.At)
	assert.Equal(t, aftersales.ActMarkOverdue, up.Action)
	assert.Equal(t, aftersales.RefundOverdue, up.To)
	_, err = l.ConfirmRefund("k1", now)
	require.NoError(t, err)
	_, ok = l.NextDeadline(buyer)
	assert.False(t, ok, "every refund confirmed")
	assert.Equal(t, []shopkit.Choice[aftersales.Action]{{Action: aftersales.ActIssueRefund}}, l.ActionsAt(sys, now))
	assert.Empty(t, new(aftersales.Ledger).ActionsAt(sys, now))
}

// R0.3, R3.1–R3.8: cases of every kind opened for real and walked through
// their workflow — a random listed action of a random party, or the clock
// past the deadline and the sweep's consequence — keep ActionsAt trustworthy
// at every step: at the step's instant and one nanosecond before, at and
// after the case's real deadline, every listed action is accepted and every
// other one fails.
func TestActionsAtHoldAlongRealCases_R0_3(t *testing.T) {
	w := caseChoices()
	seeds := 8
	if testing.Short() {
		seeds = 2
	}
	visited := map[aftersales.State]bool{}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 11))
		for _, kind := range aftersales.Kinds() {
			now := t0(t)
			var c *aftersales.Case
			var err error
			if kind == aftersales.Voucher {
				c, err = aftersales.NewVoucherCase(policy(t), voucherOrder(1001, 4), 0, now.Add(20*day), now)
			} else {
				c, err = aftersales.NewCase(policy(t), sampleOrder(now.Add(-day)),
					apply(kind, aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}), now)
			}
			require.NoError(t, err)
			actors := authztest.Actors(c.Parties())
			for step := 0; step < 40 && !(c.Terminal() && c.State() != aftersales.Completed && c.State() != aftersales.Refunded); step++ {
				visited[c.State()] = true
				d, _ := c.Deadline()
				authztest.ActionsHold(t, w, c, actors, append([]time.Time{now}, authztest.Around(d)...))
				if c.PendingRefund() {
					require.NoError(t, c.MarkRefundIssued(shopkit.Refund{Key: c.Refund().Key, Amount: shopkit.CNY(100)}, now))
				}
				by := actors[r.IntN(4)] // a party: buyer, merchant, platform or system
				choices := c.ActionsAt(by, now)
				if len(choices) == 0 || r.IntN(5) == 0 {
					if !d.IsZero() && d.After(now) {
						now = d.Add(time.Nanosecond)
						if err := c.ApplyDue(now); err != nil {
							require.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
						}
					}
					continue
				}
				ch := choices[r.IntN(len(choices))]
				err := w.Act(c, ch.Action, by, now)
				require.False(t, errors.Is(err, shopkit.ErrNotAllowed), "%s %s by %s: %v", kind, ch.Action, by.Role, err)
				now = now.Add(time.Duration(r.IntN(3)) * time.Hour)
			}
		}
	}
	t.Logf("states visited: %d of %d", len(visited), len(aftersales.States()))
	assert.Greater(t, len(visited), len(aftersales.States())/2, "the walk goes beyond the first states")
}

package aftersales_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type caseAction = func(c *aftersales.Case, now time.Time) error

// deadlineRow is one waiting state of one kind: setup drives a fresh case there
// and returns it with the instant its countdown starts; after the rule's
// duration the sweep applies the consequence; before it (and at it) the party
// may still act.
type deadlineRow struct {
	name        string
	rule        string
	wait        time.Duration
	setup       func(t *testing.T, f *fixture) (uuid.UUID, time.Time)
	consequence aftersales.State
	party       caseAction // the waiting party's own action, in time up to the deadline
	// final is where the sweep leaves the case when the consequence leads to
	// another passed deadline (a voucher's expiry starts its refund at once,
	// R3.8); zero means the consequence.
	final aftersales.State
}

func opened(kind aftersales.Kind, line int) func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
	return func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
		c := f.open(t, sampleOrder(t0(t).Add(-day)), kind, aftersales.LineQty{Line: line, Units: 1})
		return c.ID(), f.clock.Now()
	}
}

// then continues setup with actions at the clock's now; the countdown starts at
// the last one.
func then(setup func(t *testing.T, f *fixture) (uuid.UUID, time.Time), step time.Duration, acts ...caseAction) func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
	return func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
		id, _ := setup(t, f)
		for _, a := range acts {
			f.clock.Advance(step)
			f.act(t, id, a)
		}
		return id, f.clock.Now()
	}
}

var (
	approve  caseAction = func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") }
	shipBack caseAction = func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF1") }
	receive  caseAction = func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, now) }
)

func deadlineRows() []deadlineRow {
	h48 := 48 * time.Hour
	return []deadlineRow{
		{"refund_only merchant response", "R3.6", h48, opened(aftersales.RefundOnly, 1), aftersales.Refunding, approve, ""},
		{"return_refund merchant response", "R3.6", h48, opened(aftersales.ReturnRefund, 1), aftersales.AwaitingReturn, approve, ""},
		{"exchange merchant response", "R3.3", h48, opened(aftersales.Exchange, 1), aftersales.AwaitingReturn, approve, ""},
		{"repair merchant response", "R3.4", h48, opened(aftersales.Repair, 1), aftersales.AwaitingReturn, approve, ""},
		{"return_refund ship back", "R3.6", 10 * day, then(opened(aftersales.ReturnRefund, 1), time.Hour, approve),
			aftersales.Closed, shipBack, ""},
		{"exchange ship back", "R3.3", 10 * day, then(opened(aftersales.Exchange, 1), time.Hour, approve),
			aftersales.Closed, shipBack, ""},
		{"return_refund refund after receipt", "R3.6", 7 * day,
			then(opened(aftersales.ReturnRefund, 1), time.Hour, approve, shipBack, receive), aftersales.Refunding,
			func(c *aftersales.Case, now time.Time) error { return c.ApproveRefund(merchant, now, "") }, ""},
		{"exchange inspection", "R3.3", 7 * day,
			then(opened(aftersales.Exchange, 1), time.Hour, approve, shipBack, receive), aftersales.ReplacementPending,
			func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF2") }, ""},
		// R3.3: 10 days from the buyer's signing for the replacement (签收换货后),
		// not from its shipment.
		{"exchange buyer confirms the replacement from signing", "R3.3", 10 * day,
			then(opened(aftersales.Exchange, 1), time.Hour, approve, shipBack, receive,
				func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF2") },
				func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(sys, now, now) }),
			aftersales.Completed, func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(buyer, now) }, ""},
		{"repair buyer confirms the repaired item from signing", "R3.4", 10 * day,
			then(opened(aftersales.Repair, 1), time.Hour, approve, shipBack, receive,
				func(c *aftersales.Case, now time.Time) error { return c.ReturnRepaired(merchant, now, "SF3") },
				func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(buyer, now, now) }),
			aftersales.Completed, func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(buyer, now) }, ""},
		{"repair period from receipt", "R3.4", 30 * day,
			then(opened(aftersales.Repair, 1), time.Hour, approve, shipBack, receive), aftersales.RefundEntitled,
			func(c *aftersales.Case, now time.Time) error { return c.ReturnRepaired(merchant, now, "SF3") }, ""},
		{"on-site visit agreement", "R3.5", 3 * day, opened(aftersales.OnSiteRepair, 1), aftersales.VisitPending,
			func(c *aftersales.Case, now time.Time) error { return c.ScheduleVisit(merchant, now, now.Add(day)) }, ""},
		{"on-site visit 15 days after the window", "R3.5", 15 * day, func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
			id, start := opened(aftersales.OnSiteRepair, 1)(t, f)
			f.sweepAt(t, start.Add(3*day+1))
			return id, start.Add(3 * day)
		}, aftersales.RefundEntitled, func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) }, ""},
		// R3.5: the 30 days from the first visit apply where no time was agreed
		// within the 3 days (before, they followed an agreed visit too).
		{"on-site finish 30 days from the first visit without agreement", "R3.5", 30 * day,
			then(func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
				id, start := opened(aftersales.OnSiteRepair, 1)(t, f)
				f.sweepAt(t, start.Add(3*day+1))
				return id, start.Add(3 * day)
			}, 5*day, func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) }),
			aftersales.RefundEntitled, func(c *aftersales.Case, now time.Time) error { return c.FinishRepair(merchant, now) }, ""},
		{"buyer after a rejection", "R3.3", 7 * day,
			then(opened(aftersales.Exchange, 1), time.Hour,
				func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) }),
			aftersales.Closed, func(c *aftersales.Case, now time.Time) error { return c.Resubmit(buyer, now, "more", nil) }, ""},
		{"voucher refund any time within validity", "R3.8", 10 * day, func(t *testing.T, f *fixture) (uuid.UUID, time.Time) {
			c, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1001, 4), 0, f.clock.Now().Add(10*day))
			require.NoError(t, err)
			return c.ID(), f.clock.Now()
		}, aftersales.VoucherExpired, func(c *aftersales.Case, now time.Time) error { return c.RequestVoucherRefund(buyer, now) },
			aftersales.Refunding},
	}
}

// R3.3–R3.8, R0.3, R2.9: every waiting state's deadline is its rule's number from
// the start of the countdown. 1 ns before it and exactly at it the party still
// acts and the sweep applies nothing; 1 ns after it the party's action is
// aftersales.deadline_passed (changing nothing) and the sweep applies the
// consequence as the system, stamped with the deadline.
func TestDeadlineEdges_R3(t *testing.T) {
	for _, row := range deadlineRows() {
		t.Run(row.rule+" "+row.name, func(t *testing.T) {
			f := newFixture(t)
			id, start := row.setup(t, f)
			c, err := f.svc.Get(f.ctx, id)
			require.NoError(t, err)
			waiting := c.State()
			deadline, ok := c.Deadline()
			require.True(t, ok)
			require.True(t, deadline.Equal(start.Add(row.wait)), "deadline %s, want start + %s", deadline, row.wait)
			_, timed := aftersales.CaseWorkflow(c.Kind(), c.Policy()).Timeout(waiting)
			require.True(t, timed, "%s has a timeout", waiting)

			for _, off := range []time.Duration{-1, 0} {
				g := newFixture(t)
				gid, _ := row.setup(t, g)
				res := g.sweepAt(t, deadline.Add(off))
				assert.Zero(t, res.Applied, "swept %v from the deadline", off)
				if row.party != nil {
					after := g.act(t, gid, row.party)
					assert.NotEqual(t, waiting, after.State(), "the party acts %v from the deadline", off)
				}
			}

			late := newFixture(t)
			lid, _ := row.setup(t, late)
			late.clock.Set(deadline.Add(1))
			before, _ := late.svc.Get(late.ctx, lid)
			if row.party != nil {
				_, err := late.svc.Act(late.ctx, lid, row.party)
				require.ErrorIs(t, err, shopkit.ErrNotAllowed)
				assert.Equal(t, aftersales.CodeDeadlinePassed, shopkit.CodeOf(err))
				after, _ := late.svc.Get(late.ctx, lid)
				assert.Equal(t, before.Snapshot(), after.Snapshot(), "a late action changes nothing")
			}
			late.sweepAt(t, deadline.Add(1))
			got, _ := late.svc.Get(late.ctx, lid)
			trail := late.trail(t, lid)
			e := changeOf(trail, aftersales.Action(""))
			for _, h := range trail {
				if h.From == string(waiting) && h.Role == shopkit.System {
					e = h
				}
			}
			assert.Equal(t, string(row.consequence), e.To)
			assert.True(t, e.At.Equal(deadline), "stamped %s, want the deadline %s", e.At, deadline)
			final := row.final
			if final == "" {
				final = row.consequence
			}
			assert.Equal(t, final, got.State())
		})
	}
}

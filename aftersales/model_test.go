package aftersales_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/require"
)

type modelAction func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error

func modelActions() []modelAction {
	return []modelAction{
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.Approve(by, now, "")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.ApproveRepair(by, now, time.Duration(r.IntN(40))*day, "")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			if r.IntN(4) == 0 {
				return c.Reject(by, now, aftersales.Rejection{})
			}
			return c.Reject(by, now, rejection())
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.Resubmit(by, now, "more", nil)
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.Cancel(by, now, "")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.Escalate(by, now, "disagree", []string{"chat"})
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.DecideForBuyer(by, now, "b")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.DecideForMerchant(by, now, "m")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.DecideRefund(by, now, "r")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.Convert(by, now, "c")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.ShipBack(by, now, "SF1")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.ReceiveReturn(by, now, now.Add(-time.Duration(r.IntN(48))*time.Hour))
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.ApproveRefund(by, now, "")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.PassInspection(by, now)
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.ShipReplacement(by, now, "SF2")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.ReturnRepaired(by, now, "SF3")
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.SignForDelivery(by, now, now.Add(-time.Duration(r.IntN(48))*time.Hour))
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.ConfirmReceipt(by, now)
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			d, _ := c.Deadline()
			return c.ExtendRepair(by, now, d.Add(time.Duration(r.IntN(10)-2)*day))
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.AgreeSelfRepair(by, now, shopkit.CNY(r.Int64N(3000)))
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.SubmitInvoice(by, now, shopkit.CNY(r.Int64N(3000)), []string{"inv"})
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.ScheduleVisit(by, now, now.Add(time.Duration(r.IntN(96))*time.Hour))
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.RecordVisit(by, now)
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.FinishRepair(by, now)
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.Redeem(by, now, r.Int64N(3))
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, _ *rand.Rand) error {
			return c.RequestVoucherRefund(by, now)
		},
		func(c *aftersales.Case, by shopkit.Actor, now time.Time, r *rand.Rand) error {
			return c.Rate(by, now, r.IntN(7), "")
		},
	}
}

// Model test (R3.1–R3.9): random actions by any role, random time jumps and sweeps,
// money-only refunds and platform advances (with repeated keys) through every kind
// never break an invariant: refunded ≤ paid per line and per
// order, and every ledger's snapshot adds up (RestoreLedger); a terminal state is final; every waiting state has a deadline; a failed
// action has a stable code and changes nothing.
func TestModelRandomActions(t *testing.T) {
	seeds := 12
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		f := newFixture(t)
		actors := []shopkit.Actor{buyer, merchant, operator, sys, {Role: shopkit.Buyer, ID: "stranger"},
			{Role: shopkit.Buyer}, {Role: shopkit.Merchant}} // R0.4: actors without an ID are never parties
		var ids []uuid.UUID
		var orders []uuid.UUID
		for range 4 {
			o := sampleOrder(f.clock.Now().Add(-day))
			orders = append(orders, o.ID)
			for _, k := range []aftersales.Kind{aftersales.RefundOnly, aftersales.ReturnRefund, aftersales.Exchange, aftersales.Repair, aftersales.OnSiteRepair} {
				line := r.IntN(2)
				c, err := f.svc.Open(f.ctx, o, apply(k, aftersales.Quality, aftersales.LineQty{Line: line, Units: 1}))
				if err == nil {
					ids = append(ids, c.ID())
				}
			}
			vo := voucherOrder(1001, 4)
			orders = append(orders, vo.ID)
			c, err := f.svc.OpenVoucher(f.ctx, vo, 0, f.clock.Now().Add(time.Duration(1+r.IntN(20))*day))
			require.NoError(t, err)
			ids = append(ids, c.ID())
		}
		ended := map[uuid.UUID]aftersales.State{}
		acts := modelActions()
		for step := 0; step < 600; step++ {
			switch r.IntN(10) {
			case 0:
				f.clock.Advance(time.Duration(r.Int64N(int64(12 * day))))
			case 1:
				_, err := f.svc.Sweep(f.ctx)
				require.NoError(t, err)
			case 2:
				id := ids[r.IntN(len(ids))]
				c, err := f.svc.Get(f.ctx, id)
				require.NoError(t, err)
				if c.Refund().Issued && !c.Refund().Confirmed {
					_, err := f.svc.ConfirmRefund(f.ctx, c.OrderID(), c.Refund().Key)
					require.NoError(t, err)
				}
			case 3: // money without units: price protection, or a platform advance (R3.7, R3.9)
				amount := shopkit.CNY(r.Int64N(2000) - 100)
				key := fmt.Sprintf("money-%d", r.IntN(40)) // keys repeat: each refunds once
				var err error
				if r.IntN(2) == 0 {
					oid := orders[r.IntN(len(orders))]
					_, err = f.svc.RefundOrder(f.ctx, oid, aftersales.RefundRequest{Key: key,
						Lines: []aftersales.LineQty{{Line: 0, Amount: amount}}, By: operator})
				} else {
					_, err = f.svc.Advance(f.ctx, ids[r.IntN(len(ids))], actors[r.IntN(len(actors))], key, amount, "advance")
				}
				if err != nil {
					require.NotEmpty(t, shopkit.CodeOf(err), err)
				}
			default:
				id := ids[r.IntN(len(ids))]
				before, err := f.svc.Get(f.ctx, id)
				require.NoError(t, err)
				by := actors[r.IntN(len(actors))]
				act := acts[r.IntN(len(acts))]
				if _, err := f.svc.Act(f.ctx, id, func(c *aftersales.Case, now time.Time) error {
					err := act(c, by, now, r)
					if err != nil { // the aggregate itself, not only the store, is unchanged
						require.Equal(t, before.Snapshot(), c.Snapshot(), "a failed %v changes nothing", err)
					}
					return err
				}); err != nil {
					require.NotEmpty(t, shopkit.CodeOf(err), err)
					after, _ := f.svc.Get(f.ctx, id)
					require.Equal(t, before.Snapshot(), after.Snapshot(), "a failed action changes nothing")
				}
			}
			for _, id := range ids {
				c, err := f.svc.Get(f.ctx, id)
				require.NoError(t, err)
				if s, ok := ended[id]; ok {
					require.Equal(t, s, c.State(), "terminal states are final")
				}
				if c.Terminal() {
					ended[id] = c.State()
				}
				// R3.5: after a visit at an agreed time the repair waits on no
				// deadline (the 30 days apply only where no time was agreed).
				agreedVisit := c.State() == aftersales.OnSiteRepairing && !c.Snapshot().VisitAt.IsZero()
				if _, waiting := aftersales.CaseWorkflow(c.Kind(), c.Policy()).Timeout(c.State()); waiting && !agreedVisit {
					_, has := c.Deadline()
					require.True(t, has, "%s waits in %s without a deadline", c.Kind(), c.State())
				}
				if c.State() == aftersales.Refunding || c.State() == aftersales.RefundOverdue {
					require.True(t, c.Refund().Issued, "a refunding case has its refund issued")
				}
			}
			for _, oid := range orders {
				l := f.ledger(t, oid)
				cmp, err := l.Refunded().Cmp(l.Paid())
				require.NoError(t, err)
				require.LessOrEqual(t, cmp, 0)
				for _, ln := range l.Lines() {
					require.LessOrEqual(t, ln.Refunded, ln.Paid)
					require.LessOrEqual(t, ln.RefundedUnits, ln.Quantity)
				}
				back, err := aftersales.RestoreLedger(l.Snapshot())
				require.NoError(t, err, "every ledger the rules produce adds up (R3.7)")
				require.Equal(t, l.Refunded(), back.Refunded())
			}
		}
	}
}

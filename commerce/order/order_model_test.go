package order_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/require"
)

// Model test (R2.2, R2.3, R2.9): random actions by random roles, random time
// jumps and sweeps keep the invariants: the paid total is Σ line paid + shipping
// − shipping discount; exactly completed, closed and refunded are terminal and an
// order in one never changes again; every waiting state has a deadline; a failed
// action changes nothing; an order holds a reservation exactly when it says so
// and exactly in the states that need one (none once shipped or ended), and
// reserved never exceeds on-hand.
func TestOrderModel_R2_3(t *testing.T) {
	reached := map[order.State]int{}
	for seed := uint64(1); seed <= 40; seed++ {
		runOrderModel(t, seed, reached)
	}
	// The model must reach every state and take every action, or it proves little.
	for _, s := range order.OrderStates() {
		require.Positive(t, reached[s], "state %s never reached", s)
	}
	for _, a := range order.OrderActions() {
		require.Positive(t, reached[order.State("via:"+string(a))], "action %s never taken", a)
	}
}

func runOrderModel(t *testing.T, seed uint64, reached map[order.State]int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, seed*7919))
	policy := order.DefaultPolicy()
	if seed%3 == 0 {
		policy.ReserveAt = order.ReserveAtPayment
	}
	r := newServiceRig(t, policy, map[string]int64{"TEA-1": 7, "CUP-1": 4})
	actors := []shopkit.Actor{buyer, stranger, merchant, platform, system}
	var ids []uuid.UUID
	type ended struct {
		state   order.State
		entries int
	}
	terminal := map[uuid.UUID]ended{}

	for step := 0; step < 300; step++ {
		if len(ids) == 0 || rng.IntN(8) == 0 {
			o, err := r.svc.Place(ctx, placeInput())
			if err == nil {
				ids = append(ids, o.ID())
			} else {
				require.ErrorIs(t, err, shopkit.ErrConflict, "seed %d: only a stock shortage may fail placing", seed)
			}
			continue
		}
		switch rng.IntN(10) {
		case 0:
			r.now = r.now.Add(time.Duration(rng.Int64N(int64(4 * 24 * time.Hour))))
		case 1:
			res, err := r.svc.Sweep(ctx)
			require.NoError(t, err)
			require.Empty(t, res.Failures, "seed %d", seed)
		default:
			id := ids[rng.IntN(len(ids))]
			before, err := r.store.Get(ctx, id)
			require.NoError(t, err)
			by := actors[rng.IntN(len(actors))]
			if err := randomOrderAction(ctx, r, rng, id, by); err != nil {
				after, gerr := r.store.Get(ctx, id)
				require.NoError(t, gerr)
				require.Equal(t, before.Snapshot(), after.Snapshot(), "seed %d step %d: failed action changed the order: %v", seed, step, err)
			}
		}
		r.now = r.now.Add(time.Duration(rng.Int64N(int64(time.Hour))))

		for _, id := range ids {
			o, err := r.store.Get(ctx, id)
			require.NoError(t, err)
			require.NoError(t, o.VerifyTotal(), "seed %d", seed)
			// The money invariant once more, summed here rather than by the library.
			var sum int64
			for _, l := range o.Lines() {
				require.Equal(t, l.Subtotal.Amount()-l.MemberDiscount.Amount()-l.CouponDiscount.Amount(), l.Paid.Amount())
				require.False(t, l.Paid.IsNegative())
				sum += l.Paid.Amount()
			}
			require.Equal(t, shopkit.CNY(sum+o.Shipping().Amount()-o.ShippingDiscount().Amount()), o.Total(), "seed %d", seed)
			require.Equal(t, shopkit.CNY(placeTotal), o.Total(), "seed %d: a placed order's price never changes", seed)
			require.True(t, o.State().Valid())
			// The terminal set is spelled out here, not read from the table, so a
			// table that lets an order leave completed fails the test.
			isEnd := o.State() == order.OrderCompleted || o.State() == order.OrderClosed || o.State() == order.OrderRefunded
			require.Equal(t, isEnd, o.State().Terminal(), "seed %d: %s", seed, o.State())
			// The store's trail, not the loaded order, holds the entries (R0.4).
			if was, ok := terminal[id]; ok {
				require.Equal(t, was, ended{o.State(), len(trailOf(t, r.store, id))}, "seed %d: an ended order changed", seed)
			}
			if isEnd {
				terminal[id] = ended{o.State(), len(trailOf(t, r.store, id))}
				_, has := o.Deadline()
				require.False(t, has, "seed %d: a terminal order has no deadline", seed)
			}
			switch o.State() {
			case order.OrderPendingPayment, order.OrderPaid, order.OrderDelivered:
				_, has := o.Deadline()
				require.True(t, has, "seed %d: waiting state %s without a deadline", seed, o.State())
			}
			r.stock.mu.Lock()
			_, holds := r.stock.reserved[id.String()]
			r.stock.mu.Unlock()
			require.Equal(t, o.StockReserved(), holds, "seed %d: %s order %s", seed, o.State(), id)
			require.Equal(t, wantReserved(policy, o.State()), holds, "seed %d: %s order %s", seed, o.State(), id)
		}
		require.True(t, r.stock.invariantOK(), "seed %d: reserved exceeds on-hand", seed)
	}
	for _, id := range ids {
		o, err := r.store.Get(ctx, id)
		require.NoError(t, err)
		trail := trailOf(t, r.store, id)
		require.Equal(t, len(trail), o.Snapshot().Seq, "seed %d: the order numbers on from its trail", seed)
		for _, e := range trail {
			reached[order.State(e.To)]++
			reached[order.State("via:"+e.Action)]++
		}
	}
}

// wantReserved says whether an order in state holds a stock reservation (R2.2):
// from creation or payment until shipment commits it or the order ends.
func wantReserved(p order.Policy, s order.State) bool {
	switch s {
	case order.OrderPendingPayment:
		return p.ReserveAt != order.ReserveAtPayment
	case order.OrderPaid, order.OrderConfirmed, order.OrderRefundRequested:
		return true
	}
	return false
}

func randomOrderAction(ctx context.Context, r *serviceRig, rng *rand.Rand, id uuid.UUID, by shopkit.Actor) error {
	var err error
	switch rng.IntN(11) {
	case 0:
		_, err = r.svc.Pay(ctx, id, by, payment(time.Time{}))
	case 1:
		_, err = r.svc.Confirm(ctx, id, by)
	case 2:
		_, err = r.svc.Ship(ctx, id, by, "SF", "SF1")
	case 3:
		_, err = r.svc.Deliver(ctx, id, by, time.Time{})
	case 4:
		_, err = r.svc.Complete(ctx, id, by)
	case 5:
		_, err = r.svc.Cancel(ctx, id, by, "model")
	case 6:
		_, err = r.svc.ChangeAddress(ctx, id, by, testAddress())
	case 7:
		_, err = r.svc.RecordTrackingUpdate(ctx, id, by, time.Time{})
	case 8:
		_, err = r.svc.MarkLost(ctx, id, by, "model")
	case 9:
		_, err = r.svc.MarkRefunded(ctx, id, by, "model")
	case 10:
		err = r.store.Update(ctx, id, func(o *order.Order) error { return o.RejectRefund(by, "model", r.now) })
	}
	return err
}

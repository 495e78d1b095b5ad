package order_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type serviceRig struct {
	svc   *order.Service
	store *ordertest.Store
	stock *fakeStock
	now   time.Time
}

func newServiceRig(t testing.TB, policy order.Policy, onHand map[string]int64) *serviceRig {
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	r := &serviceRig{store: ordertest.NewStore(), stock: newFakeStock(onHand), now: t0}
	r.svc, err = order.NewService(order.ServiceConfig{Store: r.store, Stock: r.stock, Numberer: numbers, Policy: policy,
		Clock: func() time.Time { return r.now }})
	require.NoError(t, err)
	return r
}

func plentyOfStock() map[string]int64 { return map[string]int64{"TEA-1": 10, "CUP-1": 10} }

// R2.9: a sweep long after placing closes the order, stamped with the close
// deadline, and releases the stock (R2.2); the payment reminder is not sent, the
// order being no longer payable (R2.3.5). Sweeping again is harmless.
func TestOrderSweepCascade_R2_9(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.stock.reservedOf("TEA-1"))

	r.now = t0.Add(30 * 24 * time.Hour)
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	assert.Empty(t, res.Failures)

	got, err := r.store.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderClosed, got.State())
	trail := trailOf(t, r.store, o.ID())
	changes := effectsOrChanges(trail, shopkit.EntryChange)
	require.Len(t, changes, 2)
	assert.Equal(t, "close", changes[1].Action)
	assert.Equal(t, t0.Add(24*time.Hour), changes[1].At)
	assert.Empty(t, effectsIn(trail, shopkit.EffectNotify, "payment_reminder"))
	assert.False(t, got.Flags().Reminded)
	assert.Zero(t, r.stock.reservedOf("TEA-1"), "released after the close was saved")
	assert.Empty(t, got.Unsaved())

	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res)
}

// R2.2, R2.3.1: placing reserves all lines or nothing; on a shortage no order is
// created and nothing stays reserved.
func TestOrderServicePlace_AllOrNothing_R2_2(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), map[string]int64{"TEA-1": 10, "CUP-1": 0})
	_, err := r.svc.Place(ctx, placeInput())
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Zero(t, r.store.Len())
	assert.Zero(t, r.stock.reservedOf("TEA-1"))

	r.stock.calls = nil
	in := placeInput()
	in.Lines[0].Quantity = 0
	_, err = r.svc.Place(ctx, in)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Empty(t, r.stock.calls, "bad input reserves nothing")
}

// R2.2, R2.3.4: the whole lifecycle through the service: shipment commits stock,
// the buyer is notified, and the system completes the order 10 days after
// delivery.
func TestOrderServiceLifecycle_R2_3_4(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	byNumber, err := r.store.ByNumber(ctx, o.Number())
	require.NoError(t, err)
	assert.Equal(t, o.ID(), byNumber.ID())

	r.now = t0.Add(5 * time.Minute)
	_, err = r.svc.Pay(ctx, o.ID(), buyer, payment(time.Time{}))
	require.NoError(t, err)
	r.now = r.now.Add(time.Hour)
	_, err = r.svc.Confirm(ctx, o.ID(), merchant)
	require.NoError(t, err)
	_, err = r.svc.ChangeAddress(ctx, o.ID(), buyer, testAddress())
	require.NoError(t, err)
	r.now = r.now.Add(time.Hour)
	shipped, err := r.svc.Ship(ctx, o.ID(), merchant, "SF Express", "SF1")
	require.NoError(t, err)
	assert.Len(t, effectsOf(shipped, shopkit.EffectNotify, "order_shipped SF Express SF1"), 1)
	assert.Equal(t, int64(8), r.stock.onHand["TEA-1"])
	assert.Zero(t, r.stock.reservedOf("TEA-1"))
	_, err = r.svc.ChangeAddress(ctx, o.ID(), buyer, testAddress())
	assert.Equal(t, order.CodeWrongState, shopkit.CodeOf(err))

	r.now = r.now.Add(24 * time.Hour)
	_, err = r.svc.RecordTrackingUpdate(ctx, o.ID(), system, time.Time{})
	require.NoError(t, err)
	r.now = r.now.Add(24 * time.Hour)
	_, err = r.svc.Deliver(ctx, o.ID(), system, time.Time{})
	require.NoError(t, err)
	delivered := r.now

	// R0.3, R2.9: at exactly the deadline the sweep skips the order (NotDue)
	// and gives it back; 1 ns later it completes it, stamped with the deadline.
	r.now = delivered.Add(10 * 24 * time.Hour)
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: 1}, res)
	r.now = delivered.Add(10*24*time.Hour + time.Nanosecond)
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	got, err := r.svc.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderCompleted, got.State())
	assert.Equal(t, delivered.Add(10*24*time.Hour), got.CompletedAt())
}

// R2.2: with ReserveAtPayment placing reserves nothing and paying reserves; a
// shortage at payment fails the payment and changes nothing.
func TestOrderServiceReserveAtPayment_R2_2(t *testing.T) {
	ctx := context.Background()
	p := order.DefaultPolicy()
	p.ReserveAt = order.ReserveAtPayment
	r := newServiceRig(t, p, map[string]int64{"TEA-1": 2, "CUP-1": 1})
	a, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	assert.False(t, a.StockReserved())
	b, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	assert.Zero(t, r.stock.reservedOf("TEA-1"))

	_, err = r.svc.Pay(ctx, a.ID(), buyer, payment(time.Time{}))
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.stock.reservedOf("TEA-1"))
	_, err = r.svc.Pay(ctx, b.ID(), buyer, payment(time.Time{}))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	got, err := r.store.Get(ctx, b.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderPendingPayment, got.State())

	// Closing the unpaid order releases nothing: it held nothing.
	_, err = r.svc.Cancel(ctx, b.ID(), buyer, "out of stock")
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.stock.reservedOf("TEA-1"))
}

// R2.3.4, R3.6: a paid order's cancellation keeps the stock until the refund.
func TestOrderServiceRefund_R2_3_4(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	_, err = r.svc.Pay(ctx, o.ID(), buyer, payment(time.Time{}))
	require.NoError(t, err)
	c, err := r.svc.Cancel(ctx, o.ID(), buyer, "changed my mind")
	require.NoError(t, err)
	req, ok := c.RefundRequest()
	require.True(t, ok)
	assert.Equal(t, o.ID(), req.OrderID)
	assert.Equal(t, int64(2), r.stock.reservedOf("TEA-1"))
	_, err = r.svc.MarkRefunded(ctx, o.ID(), system, "refund-only case refunded")
	require.NoError(t, err)
	assert.Zero(t, r.stock.reservedOf("TEA-1"))

	// A rejected refund sends the order back to confirmed, its stock still held.
	o, err = r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	_, err = r.svc.Pay(ctx, o.ID(), buyer, payment(time.Time{}))
	require.NoError(t, err)
	_, err = r.svc.Cancel(ctx, o.ID(), buyer, "changed my mind")
	require.NoError(t, err)
	back, err := r.svc.RejectRefund(ctx, o.ID(), platform, "buyer withdrew")
	require.NoError(t, err)
	assert.Equal(t, order.OrderConfirmed, back.State())
	assert.Equal(t, int64(2), r.stock.reservedOf("TEA-1"))
}

// R2.3.7: lost and slow orders are listed for customer service.
func TestOrderServiceListFlagged_R2_3_7(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), map[string]int64{"TEA-1": 100, "CUP-1": 100})
	var ids [3]string
	for i := range ids {
		o, err := r.svc.Place(ctx, placeInput())
		require.NoError(t, err)
		ids[i] = o.ID().String()
		_, err = r.svc.Pay(ctx, o.ID(), buyer, payment(time.Time{}))
		require.NoError(t, err)
		_, err = r.svc.Confirm(ctx, o.ID(), merchant)
		require.NoError(t, err)
		_, err = r.svc.Ship(ctx, o.ID(), merchant, "SF", "SF"+ids[i][:4])
		require.NoError(t, err)
		if i == 0 {
			_, err = r.svc.MarkLost(ctx, o.ID(), platform, "lost at hub")
			require.NoError(t, err)
		}
	}
	flagged, err := r.svc.ListFlagged(ctx, 10)
	require.NoError(t, err)
	require.Len(t, flagged, 1)
	assert.Equal(t, ids[0], flagged[0].ID().String())

	r.now = t0.Add(72 * time.Hour) // shipped at t0: exactly 3 days without an update, still in time (R0.3)
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: 2}, res)
	r.now = t0.Add(72*time.Hour + time.Nanosecond)
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Applied)
	flagged, err = r.svc.ListFlagged(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, flagged, 3)
}

// R2.9: a close whose release fails is saved and reported as a sweep failure.
func TestOrderSweepReleaseFailure_R2_9(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	r.stock.releaseErr = errors.New("stock service down")
	r.now = t0.Add(24*time.Hour + time.Nanosecond)
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Zero(t, res.Applied, "no reminder once the close is due")
	require.Len(t, res.Failures, 1)
	assert.Equal(t, o.ID(), res.Failures[0].ID)
	got, err := r.store.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderClosed, got.State())
	assert.Len(t, effectsIn(trailOf(t, r.store, o.ID()), shopkit.EffectReleaseStock, ""), 1, "the outbox keeps the release for a retry")
	step, _, _ := got.PendingStock()
	assert.Equal(t, order.StepRelease, step, "the release stays pending, for Resume")

	r.stock.releaseErr = nil
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	assert.Zero(t, r.stock.reservedOf("TEA-1"))
}

// ctxKey marks the context a test passes to the service.
type ctxKey struct{}

// hostNumberer is a host's Numberer: it records the context it is given and
// fails with err when set.
type hostNumberer struct {
	got context.Context
	err error
}

func (n *hostNumberer) Next(ctx context.Context, now time.Time) (string, error) {
	n.got = ctx
	if n.err != nil {
		return "", n.err
	}
	return now.UTC().Format("20060102150405") + "01", nil
}

// R0.2, R2.2: a host's numberer may do I/O, so Place gives it the caller's
// context; when numbering fails, Place returns the error before it reserves or
// stores anything.
func TestOrderServicePlaceNumbersWithTheCallersContext_R0_2(t *testing.T) {
	ctx := context.WithValue(context.Background(), ctxKey{}, "request-7")
	numbers := &hostNumberer{}
	store, stock := ordertest.NewStore(), newFakeStock(plentyOfStock())
	svc, err := order.NewService(order.ServiceConfig{Store: store, Stock: stock, Numberer: numbers,
		Policy: order.DefaultPolicy(), Clock: func() time.Time { return t0 }})
	require.NoError(t, err)

	o, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)
	require.NotNil(t, numbers.got)
	assert.Equal(t, "request-7", numbers.got.Value(ctxKey{}))
	assert.Equal(t, "2026112210000001", o.Number())

	numbers.err = shopkit.Retry("order numbers", errors.New("sequence unavailable"))
	stock.calls = nil
	_, err = svc.Place(ctx, placeInput())
	require.ErrorIs(t, err, shopkit.ErrRetry)
	assert.Empty(t, stock.calls, "nothing reserved")
	assert.Equal(t, 1, store.Len(), "nothing stored")
}

// R2.9: the service sweeps through the store's claims, so an order another
// instance's sweeper holds is passed over until that lease runs out; then it
// is closed, stamped with its deadline.
func TestOrderSweepPassesOverClaimedOrders_R2_9(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	r.now = t0.Add(24 * time.Hour)
	other := shopkit.Lease{Owner: "sweeper-on-another-instance", Until: r.now.Add(time.Minute)}
	held, err := r.store.Claim(ctx, r.now, 10, other)
	require.NoError(t, err)
	require.Len(t, held, 1)

	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "held by the other sweeper")
	got, err := r.store.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderPendingPayment, got.State())

	r.now = other.Until
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied, "the lease ran out")
	got, err = r.store.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, order.OrderClosed, got.State())
	assert.Equal(t, t0.Add(24*time.Hour), got.ClosedAt())
}

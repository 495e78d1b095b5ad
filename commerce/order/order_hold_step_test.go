package order_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/internal/faults"
	"github.com/shopkit/shopkit/internal/fixture"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Place's reservation is a tentative step (R2.2, R2.8): the stock is held
// unsealed under the new order's ID, the order is created, then the hold is
// sealed. These tests fail every store call of it in turn — the inventory
// store's calls inside the stock keeper as well as the order store's, through
// one fault counter — and check that Resume, once the policy's HoldGrace has
// passed, leaves exactly the stock the stored orders hold.

// faultyItems is an inventory.Store whose Update, Holding and Unsealed go
// through the fault counter first; a failed call does not reach the store.
type faultyItems struct {
	inventory.Store
	f *faults.Counter
}

func (s faultyItems) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	if err := s.f.Hit("stock.Update"); err != nil {
		return err
	}
	return s.Store.Update(ctx, sku, fn)
}

func (s faultyItems) Holding(ctx context.Context, ref string) ([]*inventory.StockItem, error) {
	if err := s.f.Hit("stock.Holding"); err != nil {
		return nil, err
	}
	return s.Store.Holding(ctx, ref)
}

func (s faultyItems) Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error) {
	if err := s.f.Hit("stock.Unsealed"); err != nil {
		return nil, err
	}
	return s.Store.Unsealed(ctx, before, limit)
}

// hookedOrders runs beforeCreate before an order's Create reaches the store.
type hookedOrders struct {
	order.Store
	beforeCreate func()
}

func (s hookedOrders) Create(ctx context.Context, o *order.Order) error {
	if s.beforeCreate != nil {
		s.beforeCreate()
	}
	return s.Store.Create(ctx, o)
}

// holdRig is a service over the in-memory order store and an inventory
// service over the in-memory item store, both stores behind one fault counter.
type holdRig struct {
	svc    *order.Service
	orders *ordertest.Store
	items  *inventorytest.Store
	f      *faults.Counter
	now    time.Time
	// beforeCreate, when set, runs before an order's Create.
	beforeCreate func()
}

func newHoldRig(t testing.TB, policy order.Policy) *holdRig {
	ctx := context.Background()
	r := &holdRig{orders: ordertest.NewStore(), items: inventorytest.NewStore(), f: &faults.Counter{}, now: t0}
	clock := func() time.Time { return r.now }
	inv, err := inventory.NewService(inventory.ServiceConfig{Store: faultyItems{r.items, r.f}, ShopID: fixture.Shop,
		Policy: inventory.DefaultPolicy(), Clock: clock})
	require.NoError(t, err)
	for _, l := range placeInput().Lines {
		_, err := inv.AddSKU(ctx, l.SKU, stepOnHand, merchant)
		require.NoError(t, err)
	}
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	store := hookedOrders{Store: faultyStore{inner: r.orders, f: r.f}, beforeCreate: func() {
		if r.beforeCreate != nil {
			r.beforeCreate()
		}
	}}
	r.svc, err = order.NewService(order.ServiceConfig{Store: store, Stock: inv, Numberer: numbers, Policy: policy, Clock: clock})
	require.NoError(t, err)
	return r
}

// levels returns each SKU's stock.
func (r *holdRig) levels(t testing.TB) map[string]level {
	t.Helper()
	out := map[string]level{}
	for _, l := range placeInput().Lines {
		item, err := r.items.Get(context.Background(), l.SKU)
		require.NoError(t, err)
		out[l.SKU] = level{item.OnHand(), item.Reserved()}
	}
	return out
}

// settled checks the end state of a run: on hand unchanged; every SKU's
// reserved is what the stored orders hold by their own account, each under
// its ref, sealed; nothing unsealed and no stock step pending. It returns the
// stored orders.
func (r *holdRig) settled(t *testing.T, label string) []*order.Order {
	t.Helper()
	ctx := context.Background()
	orders, err := r.orders.Find(ctx, func(*order.Order) bool { return true })
	require.NoError(t, err)
	want := map[string]level{}
	for _, l := range placeInput().Lines {
		want[l.SKU] = level{OnHand: stepOnHand}
	}
	for _, o := range orders {
		held, err := r.items.Holding(ctx, o.ID().String())
		require.NoError(t, err)
		if !o.StockReserved() {
			assert.Empty(t, held, "%s: order %s holds no stock by its account", label, o.Number())
			continue
		}
		assert.Len(t, held, len(o.Lines()), label)
		for _, l := range o.Lines() {
			lv := want[l.SKU]
			lv.Reserved += l.Quantity
			want[l.SKU] = lv
		}
	}
	assert.Equal(t, want, r.levels(t), "%s: reserved is what the stored orders hold", label)
	refs, err := r.items.Unsealed(ctx, r.now.Add(365*24*time.Hour), 10)
	require.NoError(t, err)
	assert.Empty(t, refs, "%s: no hold left unsealed", label)
	pending, err := r.orders.Pending(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, pending, "%s: no stock step pending", label)
	return orders
}

// R2.2, R2.8: Place's store calls, fault-free: the hold (a Holding read, one
// update per SKU, a Holding read), the order's creation, the seal (a Holding
// read and one update of the first line).
func TestPlaceStoreCalls_R2_8(t *testing.T) {
	r := newHoldRig(t, order.DefaultPolicy())
	r.f.Arm(0, false)
	_, err := r.svc.Place(context.Background(), placeInput())
	require.NoError(t, err)
	assert.Equal(t, []string{"stock.Holding", "stock.Update", "stock.Update", "stock.Holding", "order.Create",
		"stock.Holding", "stock.Update"}, r.f.Calls())
	r.settled(t, "fault-free")
}

// R2.2, R2.8: fail the k-th store call of Place for every k — as an error
// the service handles (only that call), and as a crash (that call and every
// later one until the restart). The host restarts and resumes at once: within
// the grace no hold is settled. It places the order again when Place returned
// no order. Once HoldGrace has passed, Resume seals the hold of the order that
// was stored and releases the holds of the orders that were not: one order is
// stored, the stock holds exactly its lines, sealed, and on hand is
// unchanged; nothing is pending, and Resume again does nothing.
func TestPlace_R2_2_Crash(t *testing.T) {
	ctx := context.Background()
	r := newHoldRig(t, order.DefaultPolicy())
	r.f.Arm(0, false)
	_, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	calls := r.f.Count()
	for _, crash := range []bool{false, true} {
		for k := 1; k <= calls; k++ {
			label := fmt.Sprintf("call %d failed (crash: %v)", k, crash)
			r := newHoldRig(t, order.DefaultPolicy())
			r.f.Arm(k, crash)
			placed, err := r.svc.Place(ctx, placeInput())
			require.Equal(t, placed == nil, err != nil, "%s: an error means no order: %v", label, err)
			r.f.Disarm()

			// The restart: Resume within the grace settles no hold.
			before := r.levels(t)
			res, err := r.svc.Resume(ctx)
			require.NoError(t, err, label)
			assert.Equal(t, shopkit.SweepResult{}, res, label)
			assert.Equal(t, before, r.levels(t), "%s: an in-flight Place is never released", label)
			if placed == nil {
				placed, err = r.svc.Place(ctx, placeInput())
				require.NoError(t, err, "%s: placed again", label)
			}

			r.now = r.now.Add(order.DefaultPolicy().HoldGrace)
			res, err = r.svc.Resume(ctx)
			require.NoError(t, err, label)
			require.Empty(t, res.Failures, label)
			orders := r.settled(t, label)
			require.Len(t, orders, 1, label)
			assert.Equal(t, placed.ID(), orders[0].ID(), label)
			assert.True(t, orders[0].StockReserved(), label)
			res, err = r.svc.Resume(ctx)
			require.NoError(t, err, label)
			assert.Equal(t, shopkit.SweepResult{}, res, "%s: resuming again is harmless", label)
		}
	}
}

// R2.2, R2.8: Resume before the grace releases nothing. A Place still in
// flight — held, its order not created yet — is not touched by a Resume 1 ns
// before HoldGrace has passed, and goes on to store and seal its order. A
// Place that crashed after its hold keeps it until HoldGrace has passed, and
// loses it then; one that crashed before its seal keeps its hold, sealed once
// HoldGrace has passed.
func TestResumeBeforeTheGraceReleasesNothing_R2_2_Resume(t *testing.T) {
	ctx := context.Background()
	grace := order.DefaultPolicy().HoldGrace
	held := map[string]level{"TEA-1": {stepOnHand, 2}, "CUP-1": {stepOnHand, 1}}
	free := map[string]level{"TEA-1": {stepOnHand, 0}, "CUP-1": {stepOnHand, 0}}

	r := newHoldRig(t, order.DefaultPolicy())
	resumed := false
	r.beforeCreate = func() {
		r.beforeCreate = nil
		r.now = t0.Add(grace - time.Nanosecond) // a slow Place, not yet too slow
		res, err := r.svc.Resume(ctx)
		require.NoError(t, err)
		assert.Equal(t, shopkit.SweepResult{}, res)
		assert.Equal(t, held, r.levels(t), "the Place in flight keeps its hold")
		resumed = true
	}
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	require.True(t, resumed)
	assert.Equal(t, held, r.levels(t))
	r.now = t0.Add(time.Hour)
	res, err := r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "sealed by Place: nothing to settle")
	assert.Equal(t, o.ID(), r.settled(t, "in flight")[0].ID())

	// A crash after the hold (before the order's Create).
	r = newHoldRig(t, order.DefaultPolicy())
	r.f.Arm(5, true)
	o, err = r.svc.Place(ctx, placeInput())
	require.ErrorIs(t, err, faults.ErrInjected)
	require.Nil(t, o)
	r.f.Disarm()
	r.now = t0.Add(grace - time.Nanosecond)
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res)
	assert.Equal(t, held, r.levels(t), "within the grace")
	r.now = t0.Add(grace)
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res, "released: its order was never stored")
	assert.Equal(t, free, r.levels(t))
	assert.Empty(t, r.settled(t, "crash after the hold"))

	// A crash before the seal: the order is placed, its hold unsealed.
	r = newHoldRig(t, order.DefaultPolicy())
	r.f.Arm(6, true)
	o, err = r.svc.Place(ctx, placeInput())
	require.NoError(t, err, "the order is stored: the seal is Resume's")
	require.NotNil(t, o)
	r.f.Disarm()
	refs, err := r.items.Unsealed(ctx, t0, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{o.ID().String()}, refs)
	r.now = t0.Add(grace - time.Nanosecond)
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res)
	r.now = t0.Add(grace)
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res, "sealed: its order exists")
	assert.Equal(t, held, r.levels(t))
	r.settled(t, "crash before the seal")
}

// R2.2, R2.8: a hold whose order cannot be read is reported with the order's
// ID and the cause, and stays for the next Resume; a hold whose order has a
// pending stock step is left to the step, which releases it sealed or not.
func TestResumeHoldFailures_R2_2_Resume(t *testing.T) {
	ctx := context.Background()
	grace := order.DefaultPolicy().HoldGrace
	r := newHoldRig(t, order.DefaultPolicy())
	r.f.Arm(5, true) // crash before the order's Create
	_, err := r.svc.Place(ctx, placeInput())
	require.ErrorIs(t, err, faults.ErrInjected)
	r.f.Disarm()
	refs, err := r.items.Unsealed(ctx, t0, 10)
	require.NoError(t, err)
	require.Len(t, refs, 1)

	r.now = t0.Add(grace)
	r.f.Arm(3, false) // order.Pending, stock.Unsealed, then order.Get fails
	res, err := r.svc.Resume(ctx)
	require.NoError(t, err)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, refs[0], res.Failures[0].ID.String())
	assert.ErrorIs(t, res.Failures[0].Err, faults.ErrInjected)
	r.f.Disarm()
	assert.Equal(t, level{stepOnHand, 2}, r.levels(t)["TEA-1"], "the hold stays")
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	r.settled(t, "resumed again")

	// Placed, the seal lost, then cancelled with its release failing: the
	// release step is pending and the hold unsealed. The step settles it.
	r = newHoldRig(t, order.DefaultPolicy())
	r.f.Arm(6, true)
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	r.f.Disarm()
	r.f.Arm(2, false) // the update, then the release's Holding fails
	_, err = r.svc.Cancel(ctx, o.ID(), buyer, "")
	require.ErrorIs(t, err, faults.ErrInjected)
	r.f.Disarm()
	r.now = t0.Add(grace)
	r.f.Arm(2, false) // order.Pending, then the step's Holding fails: the step stays pending
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 1, res.Skipped, "the hold is left to the pending step")
	r.f.Disarm()
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res, "the step released it")
	r.settled(t, "released by its step")
}

// R2.2, R2.8: under ReserveAtPayment Pay keeps its sealed Reserve. Fail its
// k-th store call for every k, in both modes; after the restart, once
// HoldGrace has passed, Resume settles what a Pay stopped inside its
// reservation left — sealed when every line is held, released when only a
// part is (the order is unpaid, so a retried Pay reserves afresh) — and the
// host pays again unless the payment was saved: the order is paid and holds
// exactly its lines, once.
func TestPayReserveAtPayment_R2_2_Crash(t *testing.T) {
	ctx := context.Background()
	pol := reserveAtPayment()
	pay := func(r *holdRig, id uuid.UUID) error {
		_, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
		return err
	}
	r := newHoldRig(t, pol)
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	r.f.Arm(0, false)
	require.NoError(t, pay(r, o.ID()))
	assert.Equal(t, []string{"order.Get", "stock.Holding", "stock.Update", "stock.Update", "stock.Holding", "stock.Update",
		"order.Update"}, r.f.Calls())
	calls := r.f.Count()
	for _, crash := range []bool{false, true} {
		for k := 1; k <= calls; k++ {
			label := fmt.Sprintf("call %d failed (crash: %v)", k, crash)
			r := newHoldRig(t, pol)
			o, err := r.svc.Place(ctx, placeInput())
			require.NoError(t, err)
			r.f.Arm(k, crash)
			require.Error(t, pay(r, o.ID()), label)
			r.f.Disarm()
			r.now = r.now.Add(pol.HoldGrace)
			res, err := r.svc.Resume(ctx)
			require.NoError(t, err, label)
			require.Empty(t, res.Failures, label)
			if err := pay(r, o.ID()); err != nil {
				require.Equal(t, order.CodeWrongState, shopkit.CodeOf(err), "%s: paid again: %v", label, err)
			}
			orders := r.settled(t, label)
			require.Len(t, orders, 1, label)
			assert.Equal(t, order.OrderPaid, orders[0].State(), label)
			assert.True(t, orders[0].StockReserved(), label)
		}
	}
}

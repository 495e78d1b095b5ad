package order_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// The steps across the order store and the stock (R2.2, R2.8): every action
// that changes both records its stock step in the order first, then calls the
// stock keeper, then marks the step done; Resume finishes what a crash or a
// failure left. These tests fail each store call in turn and check that the end
// state is the fault-free one.

// The order store and the stock keeper send their calls through one
// faults.Counter: it fails the armed call, and with crash every call after it
// too, until Disarm (the host came back).

// faultyStore is an order.Store whose every call goes through the fault
// counter first; a failed call does not reach the store.
type faultyStore struct {
	inner order.Store
	f     *faults.Counter
	// inUpdate is set while an Update closure runs: no store call may happen
	// then (see TestNoStoreCallInsideAnOrderUpdate_R2_8).
	inUpdate *inUpdate
}

// inUpdate records whether an order's Update closure is running, and fails
// the test on a store call made inside one.
type inUpdate struct {
	t  testing.TB
	mu sync.Mutex
	on bool
}

func (u *inUpdate) check(call string) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.on {
		u.t.Errorf("store call %s inside an order Update closure", call)
	}
}

func (u *inUpdate) set(on bool) {
	if u == nil {
		return
	}
	u.mu.Lock()
	u.on = on
	u.mu.Unlock()
}

func (s faultyStore) enter(name string) error {
	s.inUpdate.check(name)
	return s.f.Hit(name)
}

func (s faultyStore) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	if err := s.enter("order.Trail"); err != nil {
		return nil, err
	}
	return s.inner.Trail(ctx, id, after, limit)
}

func (s faultyStore) Create(ctx context.Context, o *order.Order) error {
	if err := s.enter("order.Create"); err != nil {
		return err
	}
	return s.inner.Create(ctx, o)
}

func (s faultyStore) Get(ctx context.Context, id uuid.UUID) (*order.Order, error) {
	if err := s.enter("order.Get"); err != nil {
		return nil, err
	}
	return s.inner.Get(ctx, id)
}

func (s faultyStore) Update(ctx context.Context, id uuid.UUID, fn func(*order.Order) error) error {
	if err := s.enter("order.Update"); err != nil {
		return err
	}
	return s.inner.Update(ctx, id, func(o *order.Order) error {
		s.inUpdate.set(true)
		defer s.inUpdate.set(false)
		return fn(o)
	})
}

func (s faultyStore) Due(ctx context.Context, t time.Time, limit int) ([]*order.Order, error) {
	if err := s.enter("order.Due"); err != nil {
		return nil, err
	}
	return s.inner.Due(ctx, t, limit)
}

func (s faultyStore) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*order.Order, error) {
	if err := s.enter("order.Claim"); err != nil {
		return nil, err
	}
	return s.inner.Claim(ctx, t, limit, lease)
}

func (s faultyStore) ByNumber(ctx context.Context, number string) (*order.Order, error) {
	if err := s.enter("order.ByNumber"); err != nil {
		return nil, err
	}
	return s.inner.ByNumber(ctx, number)
}

func (s faultyStore) ListFlagged(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := s.enter("order.ListFlagged"); err != nil {
		return nil, err
	}
	return s.inner.ListFlagged(ctx, limit)
}

func (s faultyStore) Pending(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := s.enter("order.Pending"); err != nil {
		return nil, err
	}
	return s.inner.Pending(ctx, limit)
}

// faultyStock is a StockKeeper whose every call goes through the same fault
// counter.
type faultyStock struct {
	inner    order.StockKeeper
	f        *faults.Counter
	inUpdate *inUpdate
	// afterReserve, when set, runs after a Reserve that succeeded.
	afterReserve func()
	// beforeRelease, when set, runs before a Release reaches the stock
	// keeper; its error is the call's.
	beforeRelease func(ref string) error
}

func (s *faultyStock) enter(name string) error {
	s.inUpdate.check(name)
	return s.f.Hit(name)
}

func (s *faultyStock) Reserve(ctx context.Context, ref string, lines []inventory.StockLine) error {
	if err := s.enter("stock.Reserve"); err != nil {
		return err
	}
	err := s.inner.Reserve(ctx, ref, lines)
	if err == nil && s.afterReserve != nil {
		s.afterReserve()
	}
	return err
}

func (s *faultyStock) Hold(ctx context.Context, ref string, lines []inventory.StockLine) error {
	if err := s.enter("stock.Hold"); err != nil {
		return err
	}
	return s.inner.Hold(ctx, ref, lines)
}

func (s *faultyStock) Seal(ctx context.Context, ref string, lines []inventory.StockLine) error {
	if err := s.enter("stock.Seal"); err != nil {
		return err
	}
	return s.inner.Seal(ctx, ref, lines)
}

func (s *faultyStock) Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error) {
	if err := s.enter("stock.Unsealed"); err != nil {
		return nil, err
	}
	return s.inner.Unsealed(ctx, before, limit)
}

func (s *faultyStock) Release(ctx context.Context, ref string) error {
	if err := s.enter("stock.Release"); err != nil {
		return err
	}
	if s.beforeRelease != nil {
		if err := s.beforeRelease(ref); err != nil {
			return err
		}
	}
	return s.inner.Release(ctx, ref)
}

func (s *faultyStock) Commit(ctx context.Context, ref string) error {
	if err := s.enter("stock.Commit"); err != nil {
		return err
	}
	return s.inner.Commit(ctx, ref)
}

// stepRig is a service over the in-memory order store and the inventory
// service, both behind one fault counter.
type stepRig struct {
	svc    *order.Service
	orders *ordertest.Store
	items  *inventorytest.Store
	stock  *faultyStock
	f      *faults.Counter
	now    time.Time
}

// stepOnHand is what each SKU of placeInput starts with.
const stepOnHand = 10

func newStepRig(t testing.TB, policy order.Policy, watch *inUpdate, onHand int64) *stepRig {
	ctx := context.Background()
	r := &stepRig{orders: ordertest.NewStore(), items: inventorytest.NewStore(), f: &faults.Counter{}, now: t0}
	clock := func() time.Time { return r.now }
	inv, err := inventory.NewService(inventory.ServiceConfig{Store: r.items, ShopID: fixture.Shop,
		Policy: inventory.DefaultPolicy(), Clock: clock})
	require.NoError(t, err)
	for _, l := range placeInput().Lines {
		_, err := inv.AddSKU(ctx, l.SKU, onHand, merchant)
		require.NoError(t, err)
	}
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	r.stock = &faultyStock{inner: inv, f: r.f, inUpdate: watch}
	r.svc, err = order.NewService(order.ServiceConfig{Store: faultyStore{inner: r.orders, f: r.f, inUpdate: watch},
		Stock: r.stock, Numberer: numbers, Policy: policy, Clock: clock})
	require.NoError(t, err)
	return r
}

// level is a SKU's stock: on hand and reserved.
type level struct{ OnHand, Reserved int64 }

// stepOutcome is what a run ends with: the order's state, its trail without
// its IDs, the stock levels, and the stock item entries under the order's
// ref by action ("stock_commit": 2 is one commit of each of two SKUs).
type stepOutcome struct {
	State         order.State
	StockReserved bool
	Pending       bool
	Trail         []string
	Levels        map[string]level
	UnderRef      map[string]int
}

func (r *stepRig) outcome(t *testing.T, id uuid.UUID) stepOutcome {
	t.Helper()
	ctx := context.Background()
	o, err := r.orders.Get(ctx, id)
	require.NoError(t, err)
	_, _, pending := o.PendingStock()
	out := stepOutcome{State: o.State(), StockReserved: o.StockReserved(), Pending: pending,
		Levels: map[string]level{}, UnderRef: map[string]int{}}
	effectIDs := map[string]bool{}
	for _, e := range trailOf(t, r.orders, id) {
		out.Trail = append(out.Trail, fmt.Sprintf("%s %s %s→%s %s %s", e.Kind, e.Action, e.From, e.To, e.Effect.Type, e.Effect.Note))
		if e.Kind == shopkit.EntryEffect {
			require.False(t, effectIDs[e.Effect.ID], "effect %s twice", e.Effect.ID)
			effectIDs[e.Effect.ID] = true
		}
	}
	for _, l := range placeInput().Lines {
		item, err := r.items.Get(ctx, l.SKU)
		require.NoError(t, err)
		out.Levels[l.SKU] = level{item.OnHand(), item.Reserved()}
		entries, err := r.items.Trail(ctx, l.SKU, 0, 1000)
		require.NoError(t, err)
		for _, e := range entries {
			if e.Reason == id.String() {
				out.UnderRef[e.Action]++
			}
		}
	}
	return out
}

// stepCase is one action whose store calls the tests fail one by one.
type stepCase struct {
	name   string
	policy order.Policy
	calls  int // the store calls of the action, fault-free
	// setup brings a new order to where the action applies; act is the action,
	// and again is what a host does after a failure or a restart (the action
	// once more, by default).
	setup func(t *testing.T, r *stepRig) uuid.UUID
	act   func(r *stepRig, id uuid.UUID) error
	again func(r *stepRig, id uuid.UUID) error
	want  func(t *testing.T, got stepOutcome)
}

func reserveAtPayment() order.Policy {
	p := order.DefaultPolicy()
	p.ReserveAt = order.ReserveAtPayment
	return p
}

// placed, paid and confirmed bring an order along through the service.
func placed(t *testing.T, r *stepRig) uuid.UUID {
	o, err := r.svc.Place(context.Background(), placeInput())
	require.NoError(t, err)
	return o.ID()
}

func paid(t *testing.T, r *stepRig) uuid.UUID {
	id := placed(t, r)
	r.now = r.now.Add(5 * time.Minute)
	_, err := r.svc.Pay(context.Background(), id, buyer, payment(time.Time{}))
	require.NoError(t, err)
	return id
}

func confirmed(t *testing.T, r *stepRig) uuid.UUID {
	id := paid(t, r)
	r.now = r.now.Add(time.Hour)
	_, err := r.svc.Confirm(context.Background(), id, merchant)
	require.NoError(t, err)
	return id
}

// sweepErr is a sweep's outcome as one error.
func sweepErr(res shopkit.SweepResult, err error) error {
	for _, f := range res.Failures {
		err = errors.Join(err, f.Err)
	}
	return err
}

var stepCases = []stepCase{
	{
		name: "Ship_R2_2", policy: order.DefaultPolicy(), calls: 3, // update, commit, update
		setup: confirmed,
		act: func(r *stepRig, id uuid.UUID) error {
			_, err := r.svc.Ship(context.Background(), id, merchant, "SF Express", "SF1")
			return err
		},
		want: func(t *testing.T, got stepOutcome) {
			assert.Equal(t, order.OrderShipped, got.State)
			assert.Equal(t, level{stepOnHand - 2, 0}, got.Levels["TEA-1"], "on hand down by the quantity once")
			assert.Equal(t, level{stepOnHand - 1, 0}, got.Levels["CUP-1"])
			assert.Equal(t, 2, got.UnderRef[inventory.StockCommit], "one commit per SKU")
		},
	},
	{
		name: "CancelUnpaid_R2_3_4", policy: order.DefaultPolicy(), calls: 3, // update, release, update
		setup: placed,
		act: func(r *stepRig, id uuid.UUID) error {
			_, err := r.svc.Cancel(context.Background(), id, buyer, "ordered by mistake")
			return err
		},
		want: func(t *testing.T, got stepOutcome) {
			assert.Equal(t, order.OrderClosed, got.State)
			assert.Equal(t, level{stepOnHand, 0}, got.Levels["TEA-1"])
			assert.Equal(t, 2, got.UnderRef[inventory.StockRelease], "one release per SKU")
		},
	},
	{
		name: "Refund_R3_6", policy: order.DefaultPolicy(), calls: 3, // update, release, update
		setup: func(t *testing.T, r *stepRig) uuid.UUID {
			id := paid(t, r)
			_, err := r.svc.Cancel(context.Background(), id, buyer, "changed my mind")
			require.NoError(t, err)
			return id
		},
		act: func(r *stepRig, id uuid.UUID) error {
			_, err := r.svc.MarkRefunded(context.Background(), id, system, "refund-only case refunded")
			return err
		},
		want: func(t *testing.T, got stepOutcome) {
			assert.Equal(t, order.OrderRefunded, got.State)
			assert.Equal(t, level{stepOnHand, 0}, got.Levels["TEA-1"])
			assert.Equal(t, 2, got.UnderRef[inventory.StockRelease])
		},
	},
	{
		// The sweep's close: claim, update, release, update, and the claim that
		// finds nothing more. A sweep that failed holds what it claimed until
		// its lease runs out: the next sweep comes after that.
		name: "SweepClose_R2_9", policy: order.DefaultPolicy(), calls: 5,
		setup: func(t *testing.T, r *stepRig) uuid.UUID {
			id := placed(t, r)
			r.now = t0.Add(24*time.Hour + time.Nanosecond) // R0.3: strictly after the payment limit
			return id
		},
		act: func(r *stepRig, _ uuid.UUID) error { return sweepErr(r.svc.Sweep(context.Background())) },
		again: func(r *stepRig, _ uuid.UUID) error {
			r.now = r.now.Add(shopkit.SweepLease)
			return sweepErr(r.svc.Sweep(context.Background()))
		},
		want: func(t *testing.T, got stepOutcome) {
			assert.Equal(t, order.OrderClosed, got.State)
			assert.Equal(t, level{stepOnHand, 0}, got.Levels["TEA-1"])
			assert.Equal(t, 2, got.UnderRef[inventory.StockRelease])
		},
	},
	{
		name: "PayReservesFirst_R2_2", policy: reserveAtPayment(), calls: 3, // get, reserve, update
		setup: func(t *testing.T, r *stepRig) uuid.UUID {
			id := placed(t, r)
			r.now = r.now.Add(5 * time.Minute)
			return id
		},
		act: func(r *stepRig, id uuid.UUID) error {
			_, err := r.svc.Pay(context.Background(), id, buyer, payment(time.Time{}))
			return err
		},
		want: func(t *testing.T, got stepOutcome) {
			assert.Equal(t, order.OrderPaid, got.State)
			assert.True(t, got.StockReserved)
			assert.Equal(t, level{stepOnHand, 2}, got.Levels["TEA-1"], "one hold")
			assert.Equal(t, 2, got.UnderRef[inventory.StockReserve], "reserved once per SKU")
		},
	},
}

// runStep runs c on a new rig: fault-free when k is 0, else with the k-th
// store call of the action failed (and, with crash, every call after it until
// the host restarts). After the action the host restarts, does the action
// again (an action already saved refuses with CodeWrongState) and resumes.
func runStep(t *testing.T, c stepCase, k int, crash bool) (stepOutcome, int) {
	ctx := context.Background()
	r := newStepRig(t, c.policy, nil, stepOnHand)
	id := c.setup(t, r)
	r.f.Arm(k, crash) // counting starts with the action; k = 0 fails nothing
	err := c.act(r, id)
	calls := r.f.Count()
	if k > 0 {
		require.Error(t, err, "call %d of %v failed", k, r.f.Calls())
	} else {
		require.NoError(t, err)
	}
	r.f.Disarm()
	again := c.again
	if again == nil {
		again = c.act
	}
	if err := again(r, id); err != nil {
		require.Equal(t, order.CodeWrongState, shopkit.CodeOf(err), "the action again: %v", err)
	}
	res, err := r.svc.Resume(ctx)
	require.NoError(t, err)
	require.Empty(t, res.Failures)
	pending, err := r.orders.Pending(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, pending, "Resume left a step pending")
	// Resuming again is harmless.
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	require.Equal(t, shopkit.SweepResult{}, res)
	return r.outcome(t, id), calls
}

// R2.2, R2.8, R2.9: for each action across the order store and the stock, fail
// its k-th store call for every k — as an error the service handles, and as a
// crash after which nothing runs until a restart — then do what a host does
// (the action again, Resume): the order, its trail and the stock levels are
// those of the fault-free run, and no commit, release or reservation is
// applied twice.
func TestStockSteps_R2_2_Crash(t *testing.T) {
	for _, c := range stepCases {
		t.Run(c.name, func(t *testing.T) {
			want, calls := runStep(t, c, 0, false)
			require.Equal(t, c.calls, calls, "store calls of the action, fault-free")
			assert.False(t, want.Pending)
			c.want(t, want)
			for _, crash := range []bool{false, true} {
				for k := 1; k <= calls; k++ {
					got, _ := runStep(t, c, k, crash)
					require.Equal(t, want, got, "call %d failed (crash: %v)", k, crash)
				}
			}
		})
	}
}

// R2.2: under ReserveAtPayment a crash after Pay reserved and before it saved
// the payment leaves a hold under the order's ref, which is not orphaned: a
// retried Pay reserves the same lines under the same ref, a no-op, so the
// order holds one reservation.
func TestPayCrashThenRetry_R2_2_Crash(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, reserveAtPayment(), nil, stepOnHand)
	id := placed(t, r)
	r.now = t0.Add(5 * time.Minute)
	r.f.Arm(3, true) // get, reserve, then the crash before the update
	_, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
	require.ErrorIs(t, err, faults.ErrInjected)
	r.f.Disarm()
	got := r.outcome(t, id)
	assert.Equal(t, order.OrderPendingPayment, got.State)
	assert.Equal(t, level{stepOnHand, 2}, got.Levels["TEA-1"], "the crash left the hold")

	o, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
	require.NoError(t, err)
	assert.True(t, o.StockReserved())
	got = r.outcome(t, id)
	assert.Equal(t, order.OrderPaid, got.State)
	assert.Equal(t, level{stepOnHand, 2}, got.Levels["TEA-1"], "one hold, not two")
	assert.Equal(t, level{stepOnHand, 1}, got.Levels["CUP-1"])
	assert.Equal(t, 2, got.UnderRef[inventory.StockReserve], "reserved once per SKU")
}

// R2.2, R2.3.4: the same crash, and the buyer never pays again: the unpaid
// order's close releases the ref, so no hold is left.
func TestPayCrashThenClose_R2_2_Crash(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, reserveAtPayment(), nil, stepOnHand)
	id := placed(t, r)
	r.now = t0.Add(5 * time.Minute)
	r.f.Arm(3, true)
	_, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
	require.ErrorIs(t, err, faults.ErrInjected)
	r.f.Disarm()

	r.now = t0.Add(24*time.Hour + time.Nanosecond) // R0.3: strictly after the payment limit
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	got := r.outcome(t, id)
	assert.Equal(t, order.OrderClosed, got.State)
	assert.False(t, got.Pending)
	assert.Equal(t, level{stepOnHand, 0}, got.Levels["TEA-1"], "no hold left")
	assert.Equal(t, level{stepOnHand, 0}, got.Levels["CUP-1"])
	assert.Equal(t, 2, got.UnderRef[inventory.StockRelease])
	assert.Len(t, effectsIn(trailOf(t, r.orders, id), shopkit.EffectReleaseStock, ""), 1)
}

// R2.2: a payment the order refuses reserves nothing: Pay checks it on a copy
// of the loaded order before it reserves.
func TestPayRefusedReservesNothing_R2_2(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, reserveAtPayment(), nil, stepOnHand)
	id := placed(t, r)
	r.f.Arm(0, false)
	short := payment(time.Time{})
	short.Amount = shopkit.CNY(1)
	_, err := r.svc.Pay(ctx, id, buyer, short)
	assert.Equal(t, order.CodePaymentAmountMismatch, shopkit.CodeOf(err))
	_, err = r.svc.Pay(ctx, id, stranger, payment(time.Time{}))
	assert.Equal(t, order.CodeNotParty, shopkit.CodeOf(err))
	assert.Equal(t, []string{"order.Get", "order.Get"}, r.f.Calls(), "no reserve, no update")
	assert.Equal(t, level{stepOnHand, 0}, r.outcome(t, id).Levels["TEA-1"])
}

// R2.2: when saving the payment fails because the order closed meanwhile (after
// Pay's check and reserve), Pay releases what it reserved (compensation). The
// close's own release ran before the reserve, so without it the hold would be
// orphaned.
func TestPayCompensatesWhenTheOrderClosedMeanwhile_R2_2(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, reserveAtPayment(), nil, stepOnHand)
	id := placed(t, r)
	r.stock.afterReserve = func() {
		r.stock.afterReserve = nil
		// Another instance closes the order and finishes its release step.
		require.NoError(t, r.orders.Update(ctx, id, func(o *order.Order) error {
			if err := o.Cancel(buyer, "gone", r.now); err != nil {
				return err
			}
			return o.MarkStockStepDone(order.StepRelease)
		}))
	}
	_, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
	assert.Equal(t, order.CodeWrongState, shopkit.CodeOf(err))
	got := r.outcome(t, id)
	assert.Equal(t, order.OrderClosed, got.State)
	assert.Equal(t, level{stepOnHand, 0}, got.Levels["TEA-1"], "the reservation was released again")
	assert.Equal(t, 2, got.UnderRef[inventory.StockRelease])
}

// R2.2: two payments of one order race (a gateway's callback delivered twice):
// the second, whose update fails because the first was saved, must not release
// the reservation the paid order now holds.
func TestPayTwiceKeepsTheHold_R2_2(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, reserveAtPayment(), nil, stepOnHand)
	id := placed(t, r)
	r.stock.afterReserve = func() {
		r.stock.afterReserve = nil
		// The other payment is saved between this one's reserve and update.
		_, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
		require.NoError(t, err)
	}
	_, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{}))
	assert.Equal(t, order.CodeWrongState, shopkit.CodeOf(err))
	got := r.outcome(t, id)
	assert.Equal(t, order.OrderPaid, got.State)
	assert.True(t, got.StockReserved)
	assert.Equal(t, level{stepOnHand, 2}, got.Levels["TEA-1"], "still held")
	assert.Zero(t, got.UnderRef[inventory.StockRelease])
}

// R2.2: a commit that fails leaves the order shipped with its commit pending:
// Ship returns the saved order with the error, and Resume finishes the step,
// once; a Resume whose stock keeper fails again reports the order and goes on
// with the others.
func TestShipCommitFails_R2_2_Resume(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, order.DefaultPolicy(), nil, stepOnHand)
	a, b := confirmed(t, r), confirmed(t, r)
	r.now = r.now.Add(time.Hour)
	// a: update, then the commit fails. b: the same.
	for _, id := range []uuid.UUID{a, b} {
		r.f.Arm(2, false)
		o, err := r.svc.Ship(ctx, id, merchant, "SF Express", "SF1")
		require.ErrorIs(t, err, faults.ErrInjected)
		require.NotNil(t, o, "the shipment is saved")
		assert.Equal(t, order.OrderShipped, o.State())
		step, at, ok := o.PendingStock()
		require.True(t, ok)
		assert.Equal(t, order.StepCommit, step)
		assert.Equal(t, r.now, at)
		assert.Len(t, effectsOf(o, shopkit.EffectNotify, "order_shipped SF Express SF1"), 1)
	}
	r.f.Disarm()
	pending, err := r.orders.Pending(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 2)

	// Resume: a's commit fails (Pending, then Commit a), b's goes through.
	r.f.Arm(2, false)
	res, err := r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	require.Len(t, res.Failures, 1)
	assert.ErrorIs(t, res.Failures[0].Err, faults.ErrInjected)
	failed := res.Failures[0].ID
	r.f.Disarm()
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	got, err := r.orders.Get(ctx, failed)
	require.NoError(t, err)
	_, _, ok := got.PendingStock()
	assert.False(t, ok)
	for _, id := range []uuid.UUID{a, b} {
		assert.Equal(t, 2, r.outcome(t, id).UnderRef[inventory.StockCommit], "committed once")
	}
	assert.Equal(t, level{stepOnHand - 4, 0}, r.outcome(t, a).Levels["TEA-1"])
}

// R2.2: Resume finishes more pending steps than one batch holds, oldest
// first, past steps that keep failing (reported, with their cause), and skips
// a step another call marked done first; running it again finishes what was
// fixed, and then nothing.
func TestResumeBatches_R2_2_Resume(t *testing.T) {
	ctx := context.Background()
	r := newStepRig(t, order.DefaultPolicy(), nil, 1000)
	const n = 130 // more than a batch of 100
	ids := make([]uuid.UUID, n)
	for i := range ids {
		ids[i] = placed(t, r)
		r.now = r.now.Add(time.Second) // each step a second after the one before
		r.f.Arm(2, false)              // the release fails: the step stays pending
		_, err := r.svc.Cancel(ctx, ids[i], buyer, "")
		require.ErrorIs(t, err, faults.ErrInjected)
		r.f.Disarm()
	}
	pending, err := r.orders.Pending(ctx, 1000)
	require.NoError(t, err)
	require.Len(t, pending, n)

	// The five oldest keep failing; the sixth is finished by another call
	// while this one releases it.
	down := errors.New("stock service down")
	failing := map[string]bool{}
	for _, id := range ids[:5] {
		failing[id.String()] = true
	}
	raced := ids[5]
	r.stock.beforeRelease = func(ref string) error {
		if failing[ref] {
			return down
		}
		if ref == raced.String() {
			require.NoError(t, r.orders.Update(ctx, raced, func(o *order.Order) error { return o.MarkStockStepDone(order.StepRelease) }))
		}
		return nil
	}
	res, err := r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, n-6, res.Applied)
	assert.Equal(t, 1, res.Skipped)
	require.Len(t, res.Failures, 5)
	for i, f := range res.Failures {
		assert.Equal(t, ids[i], f.ID, "oldest step first")
		assert.ErrorIs(t, f.Err, down)
	}
	pending, err = r.orders.Pending(ctx, 1000)
	require.NoError(t, err)
	assert.Len(t, pending, 5)

	r.stock.beforeRelease = nil
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 5}, res)
	res, err = r.svc.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res)
	for _, sku := range []string{"TEA-1", "CUP-1"} {
		item, err := r.items.Get(ctx, sku)
		require.NoError(t, err)
		assert.Zero(t, item.Reserved(), sku)
		assert.Equal(t, int64(1000), item.OnHand(), sku)
	}
}

// R2.8: no store call — of the order store or the stock keeper — happens
// inside an order's Update closure (the store may run it again, and it must
// change only the order), through every action of the service, the sweep and
// Resume, under both reservation policies.
func TestNoStoreCallInsideAnOrderUpdate_R2_8(t *testing.T) {
	ctx := context.Background()
	for _, p := range []order.Policy{order.DefaultPolicy(), reserveAtPayment()} {
		watch := &inUpdate{t: t}
		r := newStepRig(t, p, watch, stepOnHand)
		// The whole lifecycle.
		id := confirmed(t, r)
		_, err := r.svc.ChangeAddress(ctx, id, buyer, testAddress())
		require.NoError(t, err)
		_, err = r.svc.Ship(ctx, id, merchant, "SF", "SF1")
		require.NoError(t, err)
		_, err = r.svc.RecordTrackingUpdate(ctx, id, system, time.Time{})
		require.NoError(t, err)
		_, err = r.svc.MarkLost(ctx, id, platform, "hub")
		require.NoError(t, err)
		_, err = r.svc.Deliver(ctx, id, system, time.Time{})
		require.NoError(t, err)
		_, err = r.svc.Complete(ctx, id, buyer)
		require.NoError(t, err)
		// A cancellation before payment, a refund and a rejected refund.
		_, err = r.svc.Cancel(ctx, placed(t, r), buyer, "")
		require.NoError(t, err)
		id = paid(t, r)
		_, err = r.svc.Cancel(ctx, id, buyer, "")
		require.NoError(t, err)
		_, err = r.svc.MarkRefunded(ctx, id, system, "")
		require.NoError(t, err)
		id = paid(t, r)
		_, err = r.svc.Cancel(ctx, id, buyer, "")
		require.NoError(t, err)
		_, err = r.svc.RejectRefund(ctx, id, platform, "")
		require.NoError(t, err)
		// A step left pending, the sweep's close and Resume.
		r.f.Arm(2, false)
		_, err = r.svc.Ship(ctx, id, merchant, "SF", "SF2")
		require.ErrorIs(t, err, faults.ErrInjected)
		r.f.Disarm()
		placed(t, r)
		r.now = r.now.Add(30 * 24 * time.Hour)
		res, err := r.svc.Sweep(ctx)
		require.NoError(t, err)
		require.Empty(t, res.Failures)
		res, err = r.svc.Resume(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, res.Applied)
		assert.NotEmpty(t, r.f.Calls())
	}
}

// R2.8: the store calls of each action, counted, so no round trip creeps in:
// hold, create, seal for a placing; one update for an action that changes only
// the order; update, stock call, update for one that ends a reservation; get,
// reserve, update for a payment that reserves; the two listings for a Resume
// with nothing to do.
func TestStoreCallsPerAction_R2_8(t *testing.T) {
	ctx := context.Background()
	count := func(r *stepRig, act func() error) []string {
		t.Helper()
		r.f.Arm(0, false)
		require.NoError(t, act())
		return r.f.Calls()
	}
	update := []string{"order.Update"}
	step := func(call string) []string { return []string{"order.Update", call, "order.Update"} }

	r := newStepRig(t, order.DefaultPolicy(), nil, stepOnHand)
	var id uuid.UUID
	assert.Equal(t, []string{"stock.Hold", "order.Create", "stock.Seal"}, count(r, func() error {
		o, err := r.svc.Place(ctx, placeInput())
		if err == nil {
			id = o.ID()
		}
		return err
	}))
	assert.Equal(t, update, count(r, func() error { _, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{})); return err }))
	assert.Equal(t, update, count(r, func() error { _, err := r.svc.Confirm(ctx, id, merchant); return err }))
	assert.Equal(t, step("stock.Commit"), count(r, func() error { _, err := r.svc.Ship(ctx, id, merchant, "SF", "SF1"); return err }))
	assert.Equal(t, update, count(r, func() error { _, err := r.svc.Deliver(ctx, id, system, time.Time{}); return err }))
	id = paid(t, r)
	assert.Equal(t, update, count(r, func() error { _, err := r.svc.Cancel(ctx, id, buyer, ""); return err }))
	assert.Equal(t, step("stock.Release"), count(r, func() error { _, err := r.svc.MarkRefunded(ctx, id, system, ""); return err }))
	id = placed(t, r)
	assert.Equal(t, step("stock.Release"), count(r, func() error { _, err := r.svc.Cancel(ctx, id, buyer, ""); return err }))
	assert.Equal(t, []string{"order.Pending", "stock.Unsealed"}, count(r, func() error { _, err := r.svc.Resume(ctx); return err }), "nothing pending")

	r = newStepRig(t, reserveAtPayment(), nil, stepOnHand)
	id = placed(t, r)
	assert.Equal(t, []string{"order.Get", "stock.Reserve", "order.Update"},
		count(r, func() error { _, err := r.svc.Pay(ctx, id, buyer, payment(time.Time{})); return err }))
}

// R2.2: an order keeps the policy it was placed under: one placed under
// ReserveAtPayment reserves at payment through a service whose policy
// reserves at creation, and one placed under ReserveAtCreation reserves nothing
// more at payment through a service that reserves at payment.
func TestPayFollowsTheOrdersPolicy_R2_2(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		service, placed order.Policy
		calls           []string
		reserved        int64
	}{
		{order.DefaultPolicy(), reserveAtPayment(), []string{"order.Update", "order.Get", "stock.Reserve", "order.Update"}, 2},
		{reserveAtPayment(), order.DefaultPolicy(), []string{"order.Get", "order.Update"}, 0},
	} {
		r := newStepRig(t, c.service, nil, stepOnHand)
		o := newTestOrderWith(t, c.placed)
		require.NoError(t, r.orders.Create(ctx, o))
		r.f.Arm(0, false)
		got, err := r.svc.Pay(ctx, o.ID(), buyer, payment(time.Time{}))
		require.NoError(t, err)
		assert.Equal(t, order.OrderPaid, got.State())
		assert.Equal(t, c.calls, r.f.Calls())
		assert.Equal(t, c.reserved, r.outcome(t, o.ID()).Levels["TEA-1"].Reserved)
	}
}

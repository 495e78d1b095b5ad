package inventory_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/shopkit/shopkit/internal/faults"
)

// faultyStore sends every store call through a fault counter first; a failed
// call does not reach the store, as a crash just before it.
type faultyStore struct {
	inventory.Store
	f *faults.Counter
}

func (s faultyStore) Get(ctx context.Context, sku string) (*inventory.StockItem, error) {
	if err := s.f.Hit("Get"); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, sku)
}

func (s faultyStore) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	if err := s.f.Hit("Update"); err != nil {
		return err
	}
	return s.Store.Update(ctx, sku, fn)
}

func (s faultyStore) Holding(ctx context.Context, ref string) ([]*inventory.StockItem, error) {
	if err := s.f.Hit("Holding"); err != nil {
		return nil, err
	}
	return s.Store.Holding(ctx, ref)
}

func (s faultyStore) Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error) {
	if err := s.f.Hit("Unsealed"); err != nil {
		return nil, err
	}
	return s.Store.Unsealed(ctx, before, limit)
}

var holdLines = []inventory.StockLine{{SKU: "C", Quantity: 3}, {SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 2}}

// unsealed lists every unsealed ref, whatever its age.
func unsealed(t *testing.T, svc *inventory.Service) []string {
	t.Helper()
	refs, err := svc.Unsealed(context.Background(), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 100)
	require.NoError(t, err)
	return refs
}

// R2.2, R2.8: Hold is a tentative reservation: held and checked like
// Reserve's, but unsealed, and listed by Unsealed with its time until Seal
// confirms it (one Holding read and one update, idempotent) or Release drops
// it. Seal refuses what is not exactly the held lines of one call, and a ref
// that holds nothing.
func TestHoldThenSeal_R2_2(t *testing.T) {
	ctx := context.Background()
	store := inventorytest.NewStore()
	f := &faults.Counter{}
	svc, now := invServiceOn(t, faultyStore{store, f}, map[string]int64{"A": 5, "B": 5, "C": 5})
	*now = invT0.Add(time.Minute)

	f.Arm(0, false)
	require.NoError(t, svc.Hold(ctx, "order-1", holdLines))
	assert.Equal(t, []string{"Holding", "Update", "Update", "Update", "Holding"}, f.Calls(), "Reserve without the seal")
	assert.Equal(t, []int64{5, 1, 5, 2, 5, 3}, invLevels(t, svc, "A", "B", "C"))
	a, err := store.Get(ctx, "A")
	require.NoError(t, err)
	assert.Equal(t, map[string]time.Time{"order-1": invT0.Add(time.Minute)}, a.UnsealedHolds())
	assert.Equal(t, []string{"order-1"}, unsealed(t, svc))
	refs, err := svc.Unsealed(ctx, invT0.Add(time.Minute-time.Nanosecond), 10)
	require.NoError(t, err)
	assert.Empty(t, refs, "taken after before")

	// Unsealed, the reservation is not whole: neither a Hold nor a Reserve of
	// the same lines takes it for their own.
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(svc.Hold(ctx, "order-1", holdLines)))
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(svc.Reserve(ctx, "order-1", holdLines)))
	// Seal checks the lines.
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(svc.Seal(ctx, "order-1", holdLines[:2])))
	assert.Equal(t, inventory.CodeNoReservation, shopkit.CodeOf(svc.Seal(ctx, "order-9", holdLines)))
	require.ErrorIs(t, svc.Seal(ctx, "order-9", holdLines), shopkit.ErrNotFound)
	require.ErrorIs(t, svc.Seal(ctx, "", holdLines), shopkit.ErrInvalid)

	f.Arm(0, false)
	require.NoError(t, svc.Seal(ctx, "order-1", holdLines))
	assert.Equal(t, []string{"Holding", "Update"}, f.Calls())
	assert.Empty(t, unsealed(t, svc))
	require.NoError(t, svc.Seal(ctx, "order-1", holdLines), "sealing again is a no-op")
	require.NoError(t, svc.Reserve(ctx, "order-1", holdLines), "now whole: a retried Reserve is a no-op")
	assert.Equal(t, []int64{5, 1, 5, 2, 5, 3}, invLevels(t, svc, "A", "B", "C"))
	entries, err := store.Trail(ctx, "A", 0, 100)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "create and reserve: sealing adds no entry")

	// A Hold released before it is sealed leaves nothing.
	require.NoError(t, svc.Hold(ctx, "order-2", []inventory.StockLine{{SKU: "A", Quantity: 4}}))
	assert.Equal(t, []string{"order-2"}, unsealed(t, svc))
	require.NoError(t, svc.Release(ctx, "order-2"))
	assert.Empty(t, unsealed(t, svc))
	assert.Equal(t, []int64{5, 1}, invLevels(t, svc, "A"))

	// A Hold short of stock holds nothing, as Reserve.
	err = svc.Hold(ctx, "order-3", []inventory.StockLine{{SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 9}})
	assert.Equal(t, inventory.CodeInsufficientStock, shopkit.CodeOf(err))
	assert.Empty(t, unsealed(t, svc))
	assert.Equal(t, []int64{5, 1, 5, 2}, invLevels(t, svc, "A", "B"))
}

// R2.2, R2.8: a crash anywhere inside Hold or Reserve (the k-th store call and
// every later one fail) leaves either nothing held or an unsealed reservation
// that Unsealed lists; so does a crash inside the Release that drops it
// (last SKU first: the first line goes last). Releasing what is listed until
// nothing is leaves every SKU as it was.
func TestHoldCrashLeavesItListed_R2_2_Crash(t *testing.T) {
	ctx := context.Background()
	for _, seal := range []bool{false, true} {
		calls := 5 // Holding, three updates, Holding
		if seal {
			calls++ // and the seal's update
		}
		for k := 1; k <= calls; k++ {
			store := inventorytest.NewStore()
			f := &faults.Counter{}
			svc, _ := invServiceOn(t, faultyStore{store, f}, map[string]int64{"A": 5, "B": 5, "C": 5})
			take := svc.Hold
			if seal {
				take = svc.Reserve
			}
			f.Arm(k, true)
			require.ErrorIs(t, take(ctx, "order-1", holdLines), faults.ErrInjected, "seal %v, k %d", seal, k)
			f.Disarm()
			held := heldBy(t, store, "order-1")
			if len(held) == 0 {
				assert.Empty(t, unsealed(t, svc), "seal %v, k %d", seal, k)
				continue
			}
			require.Equal(t, []string{"order-1"}, unsealed(t, svc), "seal %v, k %d: what is held is listed", seal, k)
			// A crash inside the release, at every call, leaves it listed.
			for j := 1; len(heldBy(t, store, "order-1")) > 0; j++ {
				f.Arm(j, true)
				err := svc.Release(ctx, "order-1")
				f.Disarm()
				if err == nil {
					break
				}
				if len(heldBy(t, store, "order-1")) > 0 {
					assert.Equal(t, []string{"order-1"}, unsealed(t, svc), "seal %v, k %d, release crash %d", seal, k, j)
				}
			}
			assert.Empty(t, unsealed(t, svc))
			assert.Equal(t, []int64{5, 0, 5, 0, 5, 0}, invLevels(t, svc, "A", "B", "C"), "seal %v, k %d", seal, k)
		}
	}
}

// R2.2: a Seal over a part of a reservation (a call that stopped midway)
// refuses and changes nothing; over the holds of a call that did take every
// line but stopped before its seal, it seals them.
func TestSealNeedsTheWholeLines_R2_2(t *testing.T) {
	ctx := context.Background()
	store := inventorytest.NewStore()
	f := &faults.Counter{}
	svc, _ := invServiceOn(t, faultyStore{store, f}, map[string]int64{"A": 5, "B": 5, "C": 5})
	f.Arm(3, true) // Holding, A, then B fails
	require.ErrorIs(t, svc.Reserve(ctx, "order-1", holdLines), faults.ErrInjected)
	f.Disarm()
	assert.Equal(t, map[string]int64{"A": 1}, heldBy(t, store, "order-1"))
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(svc.Seal(ctx, "order-1", holdLines)))
	assert.Equal(t, []string{"order-1"}, unsealed(t, svc))

	f.Arm(6, true) // Holding, A, B, C, Holding, then the seal fails
	require.ErrorIs(t, svc.Reserve(ctx, "order-2", holdLines), faults.ErrInjected)
	f.Disarm()
	require.NoError(t, svc.Seal(ctx, "order-2", holdLines))
	assert.Equal(t, []string{"order-1"}, unsealed(t, svc))
	require.NoError(t, svc.Reserve(ctx, "order-2", holdLines), "whole now")
}

// R2.2: a restored unsealed first line needs its time, and the claim round
// trips through JSON.
func TestRestoreUnsealedNeedsItsTime_R2_2(t *testing.T) {
	s := inventory.StockItemSnapshot{ShopID: invShop, SKU: "A", OnHand: 5, Reserved: 1, Holds: map[string]int64{"o-1": 1},
		Claims: map[string]inventory.HoldClaim{"o-1": {Call: "c", First: true}}}
	_, err := inventory.RestoreStockItem(s)
	assert.Equal(t, []string{"claims[o-1].at"}, fieldsOf(t, err))
	s.Claims["o-1"] = inventory.HoldClaim{Call: "c", First: true, At: invT0}
	item, err := inventory.RestoreStockItem(s)
	require.NoError(t, err)
	assert.Equal(t, map[string]time.Time{"o-1": invT0}, item.UnsealedHolds())
	data, err := json.Marshal(item.Snapshot())
	require.NoError(t, err)
	var back inventory.StockItemSnapshot
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, item.Snapshot(), back, "the claim round trips through JSON")
	s.Claims["o-1"] = inventory.HoldClaim{Call: "c", First: true, Whole: true}
	item, err = inventory.RestoreStockItem(s)
	require.NoError(t, err, "a sealed line needs no time")
	assert.Empty(t, item.UnsealedHolds())
}

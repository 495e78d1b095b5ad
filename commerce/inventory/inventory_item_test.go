package inventory_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	invT0    = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	invShop  = uuid.MustParse("5a0c0000-0000-4000-8000-0000000000a1")
	invClerk = shopkit.Actor{Role: shopkit.Merchant, ID: "clerk-1", Shops: []uuid.UUID{invShop}} // the shop's staff
	invSys   = shopkit.SystemActor()
)

// must returns v, failing the test on err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func invItem(t testing.TB, onHand int64) *inventory.StockItem {
	t.Helper()
	s, err := inventory.NewStockItem(invShop, "SCARF-RED", onHand, invClerk, invT0)
	require.NoError(t, err)
	return s
}

// R2.2: available = on-hand − reserved, never below zero: reserving more than
// available is a conflict naming the SKU and the available count; the last unit
// can be reserved, one more cannot.
func TestStockItemR2_2_NeverOversell(t *testing.T) {
	s := invItem(t, 10)
	require.NoError(t, s.Reserve("order-1", 7, invSys, invT0))
	assert.Equal(t, int64(3), s.Available())
	before := s.Snapshot()
	err := s.Reserve("order-2", 4, invSys, invT0)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, inventory.CodeInsufficientStock, shopkit.CodeOf(err))
	assert.Contains(t, err.Error(), "SCARF-RED")
	assert.Contains(t, err.Error(), "3 available")
	assert.Equal(t, before, s.Snapshot())
	require.NoError(t, s.Reserve("order-2", 3, invSys, invT0)) // exactly the last 3
	assert.Equal(t, int64(0), s.Available())
	require.ErrorIs(t, s.Reserve("order-3", 1, invSys, invT0), shopkit.ErrConflict)
	// The same ref twice on one SKU is a conflict, not a second hold.
	require.NoError(t, s.Count(20, invClerk, invT0, "recount", nil))
	err = s.Reserve("order-1", 1, invSys, invT0)
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(err))
}

// R2.2: zero and negative quantities are validation errors that change nothing.
func TestStockItemR2_2_BadQuantities(t *testing.T) {
	_, err := inventory.NewStockItem(invShop, "A", -1, invClerk, invT0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	_, err = inventory.NewStockItem(invShop, " ", 1, invClerk, invT0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	s := invItem(t, 10)
	before := s.Snapshot()
	for _, q := range []int64{0, -1} {
		require.ErrorIs(t, s.Reserve("order-1", q, invSys, invT0), shopkit.ErrInvalid)
		require.ErrorIs(t, s.Receive(q, invClerk, invT0, ""), shopkit.ErrInvalid)
	}
	require.ErrorIs(t, s.Reserve("", 1, invSys, invT0), shopkit.ErrInvalid)
	require.ErrorIs(t, s.Count(-1, invClerk, invT0, "recount", nil), shopkit.ErrInvalid)
	assert.Equal(t, before, s.Snapshot())
}

// R2.2: released on cancel, committed (on-hand down) at shipment; both idempotent.
func TestStockItemR2_2_ReleaseCommit(t *testing.T) {
	s := invItem(t, 10)
	require.NoError(t, s.Reserve("order-1", 2, invSys, invT0))
	require.NoError(t, s.Reserve("order-2", 3, invSys, invT0))
	assert.Equal(t, true, must(s.Release("order-1", invSys, invT0)))
	assert.Equal(t, false, must(s.Release("order-1", invSys, invT0)))
	assert.Equal(t, int64(10), s.OnHand())
	assert.Equal(t, int64(3), s.Reserved())
	sold := invT0.Add(time.Hour)
	assert.Equal(t, true, must(s.Commit("order-2", invSys, sold)))
	assert.Equal(t, false, must(s.Commit("order-2", invSys, sold.Add(time.Hour))))
	assert.Equal(t, int64(7), s.OnHand())
	assert.Equal(t, int64(0), s.Reserved())
	assert.Equal(t, sold, s.LastSaleAt())
	assert.Empty(t, s.Holds())
}

// R2.2, R0.4: a stock count (盘点) sets on-hand with a required reason and is
// journaled with before/after; a count below the reserved units is refused.
func TestStockItemR2_2_Count(t *testing.T) {
	s := invItem(t, 10)
	require.NoError(t, s.Reserve("order-1", 4, invSys, invT0))
	require.ErrorIs(t, s.Count(8, invClerk, invT0, " ", nil), shopkit.ErrInvalid)
	err := s.Count(3, invClerk, invT0, "damaged", nil)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, inventory.CodeCountBelowReserved, shopkit.CodeOf(err))
	require.NoError(t, s.Count(4, invClerk, invT0.Add(time.Hour), "盘点: 6 damaged", []string{"photo-1"})) // exactly the reserved units
	assert.Equal(t, int64(4), s.OnHand())
	assert.Equal(t, int64(0), s.Available())
	h := s.Unsaved()
	last := h[len(h)-1]
	assert.Equal(t, inventory.StockCount, last.Action)
	assert.Equal(t, "on_hand=10 reserved=4", last.From)
	assert.Equal(t, "on_hand=4 reserved=4", last.To)
	assert.Equal(t, "盘点: 6 damaged", last.Reason)
	assert.Equal(t, []string{"photo-1"}, last.Evidence)
	assert.Equal(t, invClerk.ID, last.Actor)
}

// R2.2: slow-moving = no sale in 90 days: exactly 90 days after the last sale it
// is slow-moving, 1 ns before it is not; a SKU never sold counts from creation.
func TestStockItemR2_2_SlowMoving(t *testing.T) {
	after := inventory.DefaultPolicy().SlowMovingAfter
	require.Equal(t, 90*24*time.Hour, after)
	s := invItem(t, 10)
	assert.False(t, s.SlowMoving(invT0.Add(after-time.Nanosecond), after))
	assert.True(t, s.SlowMoving(invT0.Add(after), after))
	sale := invT0.Add(30 * 24 * time.Hour)
	require.NoError(t, s.Reserve("o", 1, invSys, sale))
	_, _ = s.Commit("o", invSys, sale)
	assert.False(t, s.SlowMoving(sale.Add(after-time.Nanosecond), after))
	assert.True(t, s.SlowMoving(sale.Add(after), after))
}

// R2.2: low stock = available ≤ threshold, at exactly the threshold.
func TestStockItemR2_2_LowStock(t *testing.T) {
	s := invItem(t, 12)
	require.NoError(t, s.Reserve("o", 2, invSys, invT0)) // available 10
	assert.True(t, s.LowStock(10))
	assert.False(t, s.LowStock(9))
}

// Snapshot, RestoreStockItem (rejecting broken invariants) and Clone.
func TestStockItemSnapshotRestore(t *testing.T) {
	s := invItem(t, 10)
	require.NoError(t, s.Reserve("o", 2, invSys, invT0))
	r, err := inventory.RestoreStockItem(s.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, s.Snapshot(), r.Snapshot())
	c := s.Clone()
	_, _ = c.Release("o", invSys, invT0)
	assert.Equal(t, int64(2), s.Reserved())
	assert.Contains(t, s.String(), "reserved=2")

	for name, edit := range map[string]func(*inventory.StockItemSnapshot){
		"reserved not sum of holds": func(x *inventory.StockItemSnapshot) { x.Reserved = 3 },
		"reserved above on-hand":    func(x *inventory.StockItemSnapshot) { x.OnHand = 1 },
		"negative hold":             func(x *inventory.StockItemSnapshot) { x.Holds = map[string]int64{"o": -2}; x.Reserved = -2 },
		"no SKU":                    func(x *inventory.StockItemSnapshot) { x.SKU = "" },
	} {
		snap := s.Snapshot()
		edit(&snap)
		_, err := inventory.RestoreStockItem(snap)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
	}
}

// R2.2, R0.4: every bad input to a SKU's stock — zero or negative quantities,
// reserving more than available, a second hold for one ref, a count below the
// reserved units or without a reason — is a typed error with a stable code,
// matching the shared kind, and changes nothing: neither the quantities and holds
// nor the audit entries waiting to be saved. Only a party of the shop counts or
// receives stock: never a buyer (R0.4).
func TestStockItemR2_2_BadInputChangesNothing(t *testing.T) {
	cases := []struct {
		name string
		act  func(s *inventory.StockItem) error
		kind error
		code string
	}{
		{"reserve 0", func(s *inventory.StockItem) error { return s.Reserve("order-2", 0, invSys, invT0) },
			shopkit.ErrInvalid, inventory.CodeInvalidQuantity},
		{"reserve -1", func(s *inventory.StockItem) error { return s.Reserve("order-2", -1, invSys, invT0) },
			shopkit.ErrInvalid, inventory.CodeInvalidQuantity},
		{"reserve without a ref", func(s *inventory.StockItem) error { return s.Reserve(" ", 1, invSys, invT0) },
			shopkit.ErrInvalid, inventory.CodeInvalidRef},
		{"reserve 1 more than available", func(s *inventory.StockItem) error { return s.Reserve("order-2", 7, invSys, invT0) },
			shopkit.ErrConflict, inventory.CodeInsufficientStock},
		{"second hold for a ref", func(s *inventory.StockItem) error { return s.Reserve("order-1", 1, invSys, invT0) },
			shopkit.ErrConflict, inventory.CodeReservationExists},
		{"receive 0", func(s *inventory.StockItem) error { return s.Receive(0, invClerk, invT0, "") },
			shopkit.ErrInvalid, inventory.CodeInvalidQuantity},
		{"receive past int64", func(s *inventory.StockItem) error { return s.Receive(1<<63-1, invClerk, invT0, "") },
			shopkit.ErrOverflow, shopkit.CodeOverflow},
		{"count -1", func(s *inventory.StockItem) error { return s.Count(-1, invClerk, invT0, "recount", nil) },
			shopkit.ErrInvalid, inventory.CodeInvalidQuantity},
		{"count without a reason", func(s *inventory.StockItem) error { return s.Count(8, invClerk, invT0, " ", nil) },
			shopkit.ErrInvalid, inventory.CodeReasonRequired},
		{"count 1 below reserved", func(s *inventory.StockItem) error { return s.Count(3, invClerk, invT0, "damaged", nil) },
			shopkit.ErrConflict, inventory.CodeCountBelowReserved},
		{"count by a buyer", func(s *inventory.StockItem) error {
			return s.Count(20, shopkit.Actor{Role: shopkit.Buyer, ID: "b"}, invT0, "recount", nil)
		}, shopkit.ErrNotAllowed, shopkit.CodeNotParty},
		{"receive by a buyer", func(s *inventory.StockItem) error {
			return s.Receive(1, shopkit.Actor{Role: shopkit.Buyer, ID: "b"}, invT0, "")
		}, shopkit.ErrNotAllowed, shopkit.CodeNotParty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := invItem(t, 10)
			require.NoError(t, s.Reserve("order-1", 4, invSys, invT0)) // available 6
			before, unsaved := s.Snapshot(), s.Unsaved()
			err := c.act(s)
			require.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Equal(t, before, s.Snapshot(), "bad input changes nothing")
			assert.Equal(t, unsaved, s.Unsaved(), "and journals nothing")
		})
	}
}

package inventory_test

import (
	"context"
	"math"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
)

// fieldsOf returns the fields a ValidationError names.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

// R2.2, R0.1: holds whose sum wraps around int64 to exactly the recorded
// reserved count must not restore: served, one release would leave reserved
// negative and 1,000 units reservable with none on hand. The snapshot is
// rejected naming "holds"; nothing is built.
func TestRestoreRejectsWrappingHolds_R2_2(t *testing.T) {
	snap := inventory.StockItemSnapshot{ShopID: invShop, SKU: "A", OnHand: 0, Reserved: 0,
		Holds: map[string]int64{"a": math.MaxInt64, "b": math.MaxInt64, "c": 2}} // Σ = 2^64 ≡ 0
	item, err := inventory.RestoreStockItem(snap)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, inventory.CodeInvalidSnapshot, shopkit.CodeOf(err))
	assert.Contains(t, fieldsOf(t, err), "holds")
	assert.Nil(t, item)

	// At the edge: holds summing to exactly MaxInt64 over as many on hand restore.
	edge := inventory.StockItemSnapshot{ShopID: invShop, SKU: "A", OnHand: math.MaxInt64, Reserved: math.MaxInt64,
		Holds: map[string]int64{"a": math.MaxInt64 - 1, "b": 1}}
	item, err = inventory.RestoreStockItem(edge)
	require.NoError(t, err)
	assert.Zero(t, item.Available())
}

// R2.2: RestoreStockItem checks every invariant and names each field at fault
// (CodeInvalidSnapshot): on-hand and reserved not negative, every hold at least
// one unit under a ref, Σ holds = reserved ≤ on-hand, claims only of holds, a
// shop to check actors against (R0.4).
func TestRestoreNamesTheField_R2_2(t *testing.T) {
	good := func() inventory.StockItemSnapshot {
		return inventory.StockItemSnapshot{ShopID: invShop, SKU: "A", OnHand: 10, Reserved: 3, Holds: map[string]int64{"o-1": 1, "o-2": 2}}
	}
	_, err := inventory.RestoreStockItem(good())
	require.NoError(t, err)
	for name, c := range map[string]struct {
		edit   func(*inventory.StockItemSnapshot)
		fields []string
	}{
		"no shop":           {func(s *inventory.StockItemSnapshot) { s.ShopID = uuid.Nil }, []string{"shop_id"}},
		"no SKU":            {func(s *inventory.StockItemSnapshot) { s.SKU = " " }, []string{"sku"}},
		"negative on-hand":  {func(s *inventory.StockItemSnapshot) { s.OnHand = -1 }, []string{"on_hand"}},
		"negative reserved": {func(s *inventory.StockItemSnapshot) { s.Reserved = -3 }, []string{"reserved"}},
		"negative hold": {func(s *inventory.StockItemSnapshot) { s.Holds["o-2"] = -2; s.Reserved = -1 },
			[]string{"reserved", "holds[o-2]"}},
		"zero hold":          {func(s *inventory.StockItemSnapshot) { s.Holds["o-3"] = 0 }, []string{"holds[o-3]"}},
		"hold without a ref": {func(s *inventory.StockItemSnapshot) { s.Holds[""] = 1; s.Reserved = 4 }, []string{"holds"}},
		"reserved ≠ Σ holds": {func(s *inventory.StockItemSnapshot) { s.Reserved = 4 }, []string{"reserved"}},
		"reserved > on-hand": {func(s *inventory.StockItemSnapshot) { s.OnHand = 2 }, []string{"reserved"}},
		"claim without hold": {func(s *inventory.StockItemSnapshot) { s.Claims = map[string]inventory.HoldClaim{"o-9": {Call: "x"}} }, []string{"claims[o-9]"}},
		"empty claim":        {func(s *inventory.StockItemSnapshot) { s.Claims = map[string]inventory.HoldClaim{"o-1": {Whole: true}} }, []string{"claims[o-1]"}},
		"negative seq":       {func(s *inventory.StockItemSnapshot) { s.Seq = -1 }, []string{"seq"}},
	} {
		s := good()
		c.edit(&s)
		_, err := inventory.RestoreStockItem(s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, inventory.CodeInvalidSnapshot, shopkit.CodeOf(err), name)
		assert.Equal(t, c.fields, fieldsOf(t, err), name)
	}
}

// R0.1, R2.2: every sum of quantities is checked: lines of one SKU whose sum
// passes int64, and a receipt that would, are shopkit.CodeOverflow
// (ErrOverflow), and nothing changes.
func TestQuantitySumsAreChecked_R0_1(t *testing.T) {
	ctx := context.Background()
	svc, _ := invService(t, map[string]int64{"A": 5, "B": math.MaxInt64 - 1})
	err := svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "A", Quantity: math.MaxInt64}, {SKU: "A", Quantity: 1}})
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))
	assert.Equal(t, []int64{5, 0}, invLevels(t, svc, "A"))

	err = svc.Receive(ctx, "B", 2, invClerk, "a truck too many")
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))
	assert.Equal(t, []int64{math.MaxInt64 - 1, 0}, invLevels(t, svc, "B"))
	require.NoError(t, svc.Receive(ctx, "B", 1, invClerk, "exactly to the edge"))
}

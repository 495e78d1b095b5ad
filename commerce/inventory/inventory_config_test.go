package inventory_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A service is built only from a complete configuration: a missing store or
// clock, or an invalid policy, is an error naming each field, never a panic
// later.
func TestNewServiceRejectsIncompleteConfig(t *testing.T) {
	_, err := inventory.NewService(inventory.ServiceConfig{})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, inventory.CodeInvalidConfig, ve.Code())
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.Equal(t, []string{"store", "shop_id", "clock", "policy.slow_moving_after"}, fields)

	svc, err := inventory.NewService(inventory.ServiceConfig{Store: inventorytest.NewStore(), ShopID: invShop,
		Policy: inventory.DefaultPolicy(), Clock: func() time.Time { return invT0 }})
	require.NoError(t, err)
	assert.NotNil(t, svc)
}

// R2.2: the policy's numbers are checked; the zero policy is invalid and the
// default is the rule's 90 days.
func TestPolicyValidate_R2_2(t *testing.T) {
	require.NoError(t, inventory.DefaultPolicy().Validate())
	assert.Equal(t, 90*24*time.Hour, inventory.DefaultPolicy().SlowMovingAfter)
	assert.Equal(t, inventory.CodeInvalidPolicy, shopkit.CodeOf(inventory.Policy{}.Validate()))
	p := inventory.DefaultPolicy()
	p.LowStockThreshold = -1
	var ve *shopkit.ValidationError
	require.ErrorAs(t, p.Validate(), &ve)
	assert.Equal(t, "low_stock_threshold", ve.Field)
	p = inventory.DefaultPolicy()
	p.LowStockThreshold = 0 // only what is sold out is low
	require.NoError(t, p.Validate())
}

// R2.2: the service's listings are bounded: a limit below 1 is an error.
func TestServiceQueriesNeedALimit_R2_2(t *testing.T) {
	ctx := context.Background()
	svc, _ := invService(t, map[string]int64{"A": 1})
	_, err := svc.LowStock(ctx, 0)
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	_, err = svc.SlowMoving(ctx, 0)
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	low, err := svc.LowStock(ctx, 1)
	require.NoError(t, err)
	assert.Len(t, low, 1)
}

// R0.4: a stock item's trail entries keep their place in the SKU's whole trail
// across saves, though the item holds only the unsaved ones: the first entry
// after a reload continues the sequence, so an effect's ID "<sku>#<seq>" is
// stable.
func TestStockItemTrailKeepsItsSequence_R0_4(t *testing.T) {
	s := invItem(t, 10)
	require.NoError(t, s.Reserve("order-1", 2, invSys, invT0))
	first := s.Unsaved()
	require.Len(t, first, 2)
	assert.Equal(t, []int{1, 2}, []int{first[0].Seq, first[1].Seq})
	assert.Equal(t, 2, s.Snapshot().Seq)

	s.MarkSaved()
	assert.Empty(t, s.Unsaved())
	require.True(t, must(s.Commit("order-1", invSys, invT0.Add(time.Hour))))
	next := s.Unsaved()
	require.Len(t, next, 1)
	assert.Equal(t, 3, next[0].Seq)

	// Restored from the store's snapshot, the item goes on from the trail's length.
	snap := s.Snapshot()
	assert.Equal(t, 3, snap.Seq)
	back, err := inventory.RestoreStockItem(snap)
	require.NoError(t, err)
	require.NoError(t, back.Receive(5, invClerk, invT0.Add(2*time.Hour), "PO-9"))
	got := back.Unsaved()
	require.Len(t, got, 1)
	assert.Equal(t, 4, got[0].Seq)

	snap.Seq = -1
	_, err = inventory.RestoreStockItem(snap)
	assert.Equal(t, inventory.CodeInvalidSnapshot, shopkit.CodeOf(err))
}

// Strict decoding (issue 14): a policy's JSON names only its fields; a
// misspelt key is CodeInvalidPolicy naming it, not a default silently in force.
// Keys the JSON leaves out keep the value decoded into.
func TestPolicyDecodesStrictly(t *testing.T) {
	p := inventory.DefaultPolicy()
	require.NoError(t, json.Unmarshal([]byte(`{"low_stock_threshold": 3}`), &p))
	assert.Equal(t, inventory.Policy{LowStockThreshold: 3, SlowMovingAfter: 90 * 24 * time.Hour}, p)

	p = inventory.DefaultPolicy()
	err := json.Unmarshal([]byte(`{"low_stock_treshold": 3}`), &p)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, inventory.CodeInvalidPolicy, ve.Code())
	assert.Equal(t, "low_stock_treshold", ve.Field)
	assert.Equal(t, inventory.DefaultPolicy(), p, "a refused decode changes nothing")

	err = json.Unmarshal([]byte(`{"slow_moving_after": "90 days"}`), &p)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "slow_moving_after", ve.Field)
}

// Bounded work (issue 14): one Reserve call takes at most MaxLines lines, so
// a caller's list cannot make it update the store without end. MaxLines lines
// (of one SKU, added up) reserve; one more is CodeTooManyLines and changes
// nothing.
func TestReserveLinesAreBounded(t *testing.T) {
	ctx := context.Background()
	svc, _ := invService(t, map[string]int64{"A": inventory.MaxLines})
	lines := make([]inventory.StockLine, inventory.MaxLines+1)
	for i := range lines {
		lines[i] = inventory.StockLine{SKU: "A", Quantity: 1}
	}
	err := svc.Reserve(ctx, "order-1", lines)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, inventory.CodeTooManyLines, shopkit.CodeOf(err))
	assert.Equal(t, []int64{inventory.MaxLines, 0}, invLevels(t, svc, "A"))
	require.NoError(t, svc.Reserve(ctx, "order-1", lines[:inventory.MaxLines]))
	assert.Equal(t, []int64{inventory.MaxLines, inventory.MaxLines}, invLevels(t, svc, "A"))
}

package inventory_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/internal/authztest"
)

// stockActions lists a stock item's actions and the roles that take them. A
// SKU has no workflow (no states), so this test-only table has one state; it
// lets authztest.EveryRow drive every action with the intruders of each role.
var stockActions = shopkit.MustNewTable("inventory_test.stock", []shopkit.Transition[string, string]{
	{From: "stocked", Action: "add_sku", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System}, To: "stocked"},
	{From: "stocked", Action: "receive", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System}, To: "stocked"},
	{From: "stocked", Action: "count", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System}, To: "stocked"},
	{From: "stocked", Action: "reserve", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System}, To: "stocked"},
	{From: "stocked", Action: "release", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System}, To: "stocked"},
	{From: "stocked", Action: "commit", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System}, To: "stocked"},
})

// actOn takes action on item as by, with valid arguments.
func actOn(item *inventory.StockItem, action string, by shopkit.Actor) error {
	switch action {
	case "add_sku":
		_, err := inventory.NewStockItem(item.ShopID(), "SCARF-BLUE", 5, by, invT0)
		return err
	case "receive":
		return item.Receive(3, by, invT0, "PO-1")
	case "count":
		return item.Count(9, by, invT0, "盘点", []string{"sheet-1"})
	case "reserve":
		return item.Reserve("order-2", 1, by, invT0)
	case "release":
		_, err := item.Release("order-1", by, invT0)
		return err
	case "commit":
		_, err := item.Commit("order-1", by, invT0)
		return err
	}
	return fmt.Errorf("no such action %q", action)
}

// R0.4, issue 14: every merchant action on a SKU's stock — adding the SKU,
// receiving, counting, and reserving, releasing or committing by hand — is
// checked against the item's shop through the kernel: another shop's merchant
// or staff, an operator of another shop, a buyer and an actor without an ID are
// refused with shopkit.CodeNotParty and the item does not change; the shop's
// own merchant, its operator and the system succeed.
func TestEveryStockActionChecksTheShop_R0_4(t *testing.T) {
	authztest.EveryRow(t, authztest.Workflow[string, string, *inventory.StockItem]{
		Table: stockActions,
		New: func(t *testing.T, _, _ string) *inventory.StockItem {
			item := invItem(t, 10)
			require.NoError(t, item.Reserve("order-1", 2, invSys, invT0))
			return item
		},
		Parties: (*inventory.StockItem).Parties,
		Act:     actOn,
		Snapshot: func(item *inventory.StockItem) any {
			return []any{item.Snapshot(), item.Unsaved()}
		},
	})
	// A buyer is never a party of a shop's stock, even one named like the shop.
	for _, by := range []shopkit.Actor{{Role: shopkit.Buyer, ID: "b-1"}, {Role: shopkit.Buyer, ID: invShop.String()}} {
		for _, row := range stockActions.Transitions() {
			item := invItem(t, 10)
			require.NoError(t, item.Reserve("order-1", 2, invSys, invT0))
			before := item.Snapshot()
			err := actOn(item, row.Action, by)
			require.ErrorIs(t, err, shopkit.ErrNotAllowed, row.Action)
			assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), row.Action)
			assert.Equal(t, before, item.Snapshot(), row.Action)
		}
	}
}

// R0.4: a stock item always has a shop: NewStockItem without one is
// CodeInvalidShop.
func TestNewStockItemNeedsAShop_R0_4(t *testing.T) {
	_, err := inventory.NewStockItem(uuid.Nil, "A", 1, invSys, invT0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, inventory.CodeInvalidShop, shopkit.CodeOf(err))
	item := invItem(t, 1)
	assert.Equal(t, shopkit.Parties{Shop: invShop}, item.Parties())
	assert.Equal(t, invShop, item.ShopID())
}

// R0.4, issue 14: through the service, AddSKU, Receive and Count by another
// shop's merchant or an actor without an ID are refused with CodeNotParty and
// the store keeps what it had; the shop itself (its merchant's ID) succeeds.
func TestServiceMerchantActsChecksTheShop_R0_4(t *testing.T) {
	ctx := context.Background()
	svc, _ := invService(t, map[string]int64{"A": 10})
	for _, by := range []shopkit.Actor{
		{Role: shopkit.Merchant, ID: authztest.OtherShop().String()},
		{Role: shopkit.Merchant, ID: "staff-elsewhere", Shops: []uuid.UUID{authztest.OtherShop()}},
		{Role: shopkit.Merchant, Shops: []uuid.UUID{invShop}}, // no ID
		{Role: shopkit.Platform, ID: "ops-elsewhere", Shops: []uuid.UUID{authztest.OtherShop()}},
		{Role: shopkit.Buyer, ID: "b-1"},
	} {
		_, err := svc.AddSKU(ctx, "B", 1, by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		_, err = svc.Get(ctx, "B")
		require.ErrorIs(t, err, shopkit.ErrNotFound, "%+v: nothing stored", by)
		err = svc.Receive(ctx, "A", 5, by, "PO-1")
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		err = svc.Count(ctx, "A", 1, by, "recount")
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		assert.Equal(t, []int64{10, 0}, invLevels(t, svc, "A"), "%+v", by)
	}
	owner := shopkit.Actor{Role: shopkit.Merchant, ID: invShop.String()}
	_, err := svc.AddSKU(ctx, "B", 1, owner)
	require.NoError(t, err)
	require.NoError(t, svc.Receive(ctx, "A", 5, owner, "PO-1"))
	assert.Equal(t, invShop, svc.ShopID())
}

// Zero values: a Service or StockItem that its constructor did not build
// refuses every action with shopkit.CodeNotBuilt (never a panic, never a
// change); the accessors of a zero item return zero values.
func TestZeroValuesAreNotBuilt(t *testing.T) {
	ctx := context.Background()
	var svc inventory.Service
	_, err := svc.AddSKU(ctx, "A", 1, invClerk)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	_, err = svc.Get(ctx, "A")
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	for name, err := range map[string]error{
		"Reserve": svc.Reserve(ctx, "o", []inventory.StockLine{{SKU: "A", Quantity: 1}}),
		"Release": svc.Release(ctx, "o"),
		"Commit":  svc.Commit(ctx, "o"),
		"Receive": svc.Receive(ctx, "A", 1, invClerk, ""),
		"count":   svc.Count(ctx, "A", 1, invClerk, "recount"),
	} {
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err), name)
	}
	_, err = svc.LowStock(ctx, 1)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	_, err = svc.SlowMoving(ctx, 1)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))

	item := new(inventory.StockItem)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(item.Reserve("o", 1, invSys, invT0)))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(item.Receive(1, invSys, invT0, "")))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(item.Count(0, invSys, invT0, "recount", nil)))
	_, err = item.Release("o", invSys, invT0)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	_, err = item.Commit("o", invSys, invT0)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	assert.Equal(t, inventory.StockItemSnapshot{}, item.Snapshot())
	assert.Zero(t, item.Available())
}

// R0.5: a stock item prints in its short form in every verb: SKU, shop and
// quantities, never who acted on it or what they wrote (a staff ID that is a
// phone number, a receipt note, count evidence).
func TestStockItemPrintsNoPersonalData_R0_5(t *testing.T) {
	staff := shopkit.Actor{Role: shopkit.Merchant, ID: "13812345678", Shops: []uuid.UUID{invShop}}
	item := invItem(t, 10)
	require.NoError(t, item.Receive(2, staff, invT0, "from 张三 13912345678"))
	require.NoError(t, item.Count(11, staff, invT0, "盘点", []string{"photo of 李四"}))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, item)
		for _, clear := range []string{"13812345678", "13912345678", "张三", "李四"} {
			assert.NotContains(t, out, clear, verb)
		}
		assert.True(t, strings.HasPrefix(out, "StockItem{SCARF-RED shop "+invShop.String()), "%s: %s", verb, out)
	}
}

package inventory

// The codes of the package's errors, stable for a frontend's messages.
const (
	CodeWrongRole = "inventory.wrong_role" // a buyer receiving or counting stock (R2.2, R0.4)

	CodeStockItemNotFound = "inventory.stock_item_not_found" // the store has no item for that SKU
	CodeStockItemExists   = "inventory.stock_item_exists"    // the store already has an item for that SKU

	CodeInvalidConfig   = "inventory.invalid_config"   // NewService: a nil store or clock, or an invalid policy
	CodeInvalidPolicy   = "inventory.invalid_policy"   // a Policy number out of range
	CodeInvalidSnapshot = "inventory.invalid_snapshot" // a StockItemSnapshot that breaks the invariants

	CodeInvalidSKU      = "inventory.invalid_sku"      // an empty SKU
	CodeInvalidQuantity = "inventory.invalid_quantity" // a quantity out of range
	CodeInvalidRef      = "inventory.invalid_ref"      // an empty reservation ref
	CodeReasonRequired  = "inventory.reason_required"  // a stock count without a reason (R2.2)

	CodeInsufficientStock  = "inventory.insufficient_stock"   // more requested than available: never oversell (R2.2)
	CodeReservationExists  = "inventory.reservation_exists"   // the ref already holds different stock
	CodeCountBelowReserved = "inventory.count_below_reserved" // a count below the units reserved (R2.2)
	CodeStockOverflow      = "inventory.stock_overflow"       // on-hand would overflow int64
	CodeCompensationFailed = "inventory.compensation_failed"  // a failed Reserve could not release what it took
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeWrongRole,
		CodeStockItemNotFound, CodeStockItemExists,
		CodeInvalidConfig, CodeInvalidPolicy, CodeInvalidSnapshot,
		CodeInvalidSKU, CodeInvalidQuantity, CodeInvalidRef, CodeReasonRequired,
		CodeInsufficientStock, CodeReservationExists, CodeCountBelowReserved, CodeStockOverflow, CodeCompensationFailed,
	}
}

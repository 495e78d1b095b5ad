package inventory

// The codes of the package's errors, stable for a frontend's messages. A
// quantity that would overflow int64 is the kernel's shopkit.CodeOverflow
// (shopkit.Overflow, ErrOverflow); an actor who is not a party of the item's
// shop is the kernel's shopkit.CodeNotParty (ErrNotAllowed); a Service or
// StockItem not built by its constructor is shopkit.CodeNotBuilt.
const (
	CodeStockItemNotFound = "inventory.stock_item_not_found" // the store has no item for that SKU
	CodeStockItemExists   = "inventory.stock_item_exists"    // the store already has an item for that SKU

	CodeInvalidConfig   = "inventory.invalid_config"   // NewService: a nil store, shop or clock, or an invalid policy
	CodeInvalidPolicy   = "inventory.invalid_policy"   // a Policy number out of range
	CodeInvalidSnapshot = "inventory.invalid_snapshot" // a StockItemSnapshot that breaks the invariants

	CodeInvalidShop     = "inventory.invalid_shop"     // NewStockItem without a shop
	CodeInvalidSKU      = "inventory.invalid_sku"      // an empty SKU
	CodeInvalidQuantity = "inventory.invalid_quantity" // a quantity out of range
	CodeTooManyLines    = "inventory.too_many_lines"   // a reservation of more than MaxLines lines
	CodeInvalidRef      = "inventory.invalid_ref"      // an empty reservation ref
	CodeReasonRequired  = "inventory.reason_required"  // a stock count without a reason (R2.2)

	CodeInsufficientStock  = "inventory.insufficient_stock"   // more requested than available: never oversell (R2.2)
	CodeReservationExists  = "inventory.reservation_exists"   // the ref already holds different stock, or is being reserved
	CodeCountBelowReserved = "inventory.count_below_reserved" // a count below the units reserved (R2.2)
	CodeCompensationFailed = "inventory.compensation_failed"  // a failed Reserve could not release what it took
	CodeNoReservation      = "inventory.no_reservation"       // Seal: the ref holds nothing (released or committed meanwhile)
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeStockItemNotFound, CodeStockItemExists,
		CodeInvalidConfig, CodeInvalidPolicy, CodeInvalidSnapshot,
		CodeInvalidShop, CodeInvalidSKU, CodeInvalidQuantity, CodeTooManyLines, CodeInvalidRef, CodeReasonRequired,
		CodeInsufficientStock, CodeReservationExists, CodeCountBelowReserved, CodeCompensationFailed, CodeNoReservation,
	}
}

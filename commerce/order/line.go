package order

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
)

// Line is one line of a priced order (R2.3.2, R2.4). Subtotal is UnitPrice ×
// Quantity; MemberDiscount is applied before coupons (R5.3); CouponDiscount is the
// line's share of the order-level discounts, apportioned in whole fen (R0.1); Paid
// is what the buyer paid for the line: Subtotal − MemberDiscount − CouponDiscount,
// never below zero. After-sales refunds (R3.7), commission (R4.4) and member spend
// (R5.2) all start from Paid.
type Line struct {
	SKU            string        `json:"sku"`
	ListingID      uuid.UUID     `json:"listing_id"`
	Category       string        `json:"category"`
	Name           string        `json:"name"`
	UnitPrice      shopkit.Money `json:"unit_price"` // the price snapshot: never increases after placing (R2.3.2)
	Quantity       int64         `json:"quantity"`
	Subtotal       shopkit.Money `json:"subtotal"`
	MemberDiscount shopkit.Money `json:"member_discount"`
	CouponDiscount shopkit.Money `json:"coupon_discount"`
	Paid           shopkit.Money `json:"paid"`
	MemberOnly     bool          `json:"member_only"` // the listing is sold to members only (R5.3)
}

// StockKeeper reserves stock for an order all-or-nothing, releases it when the
// order closes, and commits it (decrements on-hand) at shipment (R2.2). ref is the
// reservation's key, normally the order ID; each call is idempotent per ref.
// inventory.Service implements it.
//
// Place's reservation is tentative (R2.8): Hold reserves like Reserve but
// leaves the reservation unsealed, Seal confirms it once the order is stored
// (a no-op when it is whole already; inventory.CodeNoReservation when ref
// holds nothing), and Unsealed lists at most limit refs with an unsealed
// reservation taken at or before before, oldest first, which Service.Resume
// settles. Release and Commit act on a reservation sealed or not.
type StockKeeper interface {
	Reserve(ctx context.Context, ref string, lines []inventory.StockLine) error
	Hold(ctx context.Context, ref string, lines []inventory.StockLine) error
	Seal(ctx context.Context, ref string, lines []inventory.StockLine) error
	Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error)
	Release(ctx context.Context, ref string) error
	Commit(ctx context.Context, ref string) error
}

// MemberDiscounter gives a line's member tier discount (R5.3), applied before
// coupons (R2.4). It returns a typed error matching shopkit.ErrNotAllowed when the
// line is member-only and the customer may not buy it. membership implements it.
type MemberDiscounter interface {
	MemberDiscount(line Line) (shopkit.Money, error)
}

// Package inventory keeps the stock of every SKU (R2.2): units on hand, units
// reserved for open orders, and never an oversold unit.
//
// StockItem is the stock of one SKU. Available = on-hand − reserved is never
// negative: Reserve refuses more than is available (CodeInsufficientStock),
// Release frees an order's hold when it is cancelled or closed, Commit turns it
// into a sale at shipment (on-hand down), Receive adds arrived goods, and Count
// records a stock count (盘点) with a reason and evidence, never below what is
// reserved. Every change is an audit entry with the quantities before and after
// (R0.4); since a SKU's trail grows with every order, an item carries only its
// unsaved entries and the length of the stored trail, so each entry keeps its
// sequence number in the whole trail.
//
// Service, built with NewService from a ServiceConfig (a Store, the shop's ID,
// a Policy and a Clock), implements the order package's StockKeeper: Reserve
// holds an order's lines all-or-nothing across SKUs (releasing what it took when
// a later SKU fails), and Reserve, Release and Commit are idempotent per
// reservation ref: the same ref with other lines is CodeReservationExists, and
// concurrent calls under one ref never lose or invent stock (see Service).
// LowStock lists SKUs with available ≤ Policy.LowStockThreshold and SlowMoving
// those without a sale for Policy.SlowMovingAfter (R2.2: 90 days); both take a
// limit of at least 1.
//
// # Tentative reservations (R2.8)
//
// A reservation for a record kept in another store (an order) is a step across
// two stores: a crash between the reservation and the record would leave stock
// held under a ref nobody knows. Hold takes the reservation unsealed (its
// first line's HoldClaim has First set and Whole not, and At says when it was
// taken); the caller stores its record, then confirms the reservation with
// Seal, or drops it with Release if storing failed. Unsealed lists the
// reservations a crash (or a failure) left unsealed, oldest first, from an
// indexed Store.Unsealed, so the caller's resume seals those whose record
// exists and releases the others once they are older than any call can take
// (order.Service.Resume, after order.Policy.HoldGrace). Release frees the last
// SKU first, so an interrupted release leaves the ref listed. Sealing costs one
// update (only the first line carries the seal) and adds no trail entry.
//
// # Who may act
//
// A SKU's stock belongs to its shop: StockItem.Parties is the shop (no buyer).
// Every action checks its actor through the kernel (shopkit.Parties.Check)
// before it changes anything: adding a SKU, receiving goods and counting stock
// are for the shop's merchant or staff (by.Shops), a platform operator of the
// shop, or the system; another shop, a buyer and an actor with an empty ID are
// refused with shopkit.CodeNotParty (ErrNotAllowed). Reserve, Hold, Seal,
// Release and Commit on the Service are the order workflow's, which authorizes
// the order's action first: they act as the system.
//
// # Restore, bounds and zero values
//
// RestoreStockItem rejects a snapshot that could oversell (CodeInvalidSnapshot,
// naming each field): negative counts, holds below one unit, holds whose sum
// overflows int64, reserved ≠ Σ holds or above on-hand, no shop, a claim
// without its hold, an unsealed first line without its time. Sums of
// quantities are checked (shopkit.CodeOverflow); a Reserve call takes at most
// MaxLines lines (CodeTooManyLines). Policy decodes from JSON strictly (an
// unknown key is CodeInvalidPolicy naming it). A Service or StockItem not built
// by its constructor refuses every action with shopkit.NotBuilt. A StockItem
// holds no personal data; it prints (%v, %#v) as SKU, shop and quantities.
//
// Hosts implement Store over their database (R2.8); package inventorytest has
// an in-memory one and the conformance suite. Error codes are the Code…
// constants, listed by Codes.
package inventory

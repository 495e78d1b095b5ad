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
// Service, built with NewService from a ServiceConfig (a Store, a Policy and a
// Clock), implements the order package's StockKeeper: Reserve holds an order's
// lines all-or-nothing across SKUs (releasing what it took when a later SKU
// fails), and Reserve, Release and Commit are idempotent per reservation ref.
// LowStock lists SKUs with available ≤ Policy.LowStockThreshold and SlowMoving
// those without a sale for Policy.SlowMovingAfter (R2.2: 90 days); both take a
// limit of at least 1.
//
// Hosts implement Store over their database (R2.8); package inventorytest has
// an in-memory one and the conformance suite. Error codes are the Code…
// constants, listed by Codes.
package inventory

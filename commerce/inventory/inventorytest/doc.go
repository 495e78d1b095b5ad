// Package inventorytest holds an in-memory inventory.Store and the conformance
// suite a host runs against its own (R2.2, R2.8), in the style of
// testing/fstest.
//
// NewStore returns a Store that is safe for concurrent use: updates of one SKU
// run one after the other, updates of different SKUs in parallel, Holding
// is served from an index of reservation refs, and Unsealed from an index of
// the items holding an unsealed reservation's first line. LowStock and
// SlowMoving read every item (a production store indexes available and last
// activity); every listing rejects a limit below 1 (shopkit.CheckLimit).
//
// TestStore checks any inventory.Store: a round trip of every snapshot field,
// creating a SKU twice is a conflict, not-found, nothing written when the update
// closure fails, no lost update under concurrent writers, Holding, Unsealed,
// LowStock and SlowMoving with their order, edges and limits.
//
// It is meant for tests, examples and prototypes.
package inventorytest

// Package ordertest holds an in-memory order.Store and the conformance suite a
// host runs against its own (R2.8), in the style of testing/fstest.
//
// NewStore returns a Store that is safe for concurrent use, with Due and Claim
// served from a deadline index, so a sweep costs what is due, not what is
// stored (R2.9), Pending from an index of the orders with a stock step not yet
// done (R2.2), and each order's audit trail kept apart from its state (R0.4).
// ByNumber and ListFlagged read every order; a production store indexes the
// number and the flags (R2.3.7).
//
// TestStore checks any order.Store: a round trip of every field of an order's
// Snapshot, also through JSON, creating an ID twice is a conflict, not-found,
// nothing written when the update closure fails, no lost update under
// concurrent writers, the trail appended once and in order and read in pages,
// a loaded order that holds no history, Due order and limit, claims that split
// due orders between sweepers, a limit below 1 rejected (shopkit.CheckLimit),
// ByNumber, ListFlagged with its order and limit, and Pending with its order
// (oldest step first, ties by ID) and limit, an order leaving it when its step
// is marked done and entering it when an update records one. Every order it makes has
// a number of its own, so a store with a unique order number passes.
//
// It is meant for tests, examples and prototypes.
package ordertest

// Package merchanttest holds an in-memory merchant.Store and the conformance
// suite a host runs against its own (R2.8), in the style of testing/fstest.
//
// NewStore returns a Store that is safe for concurrent use, with Due and Claim
// served from a deadline index, so a sweep costs what is due, not what is
// stored (R2.9), and each merchant's audit trail kept apart from its state
// (R0.4).
// OverdueReviews reads every merchant; a production store indexes the state and
// the review deadline (R1.1). Every query takes a limit of at least 1
// (shopkit.CheckLimit).
//
// TestStore checks any merchant.Store: a round trip of every field of a
// merchant's Snapshot, in the store and through JSON, creating an ID twice is
// a conflict, not-found, nothing written when the update closure fails, no
// lost update under concurrent writers, the trail appended once and in order
// and a loaded merchant that holds none of it, Due order and limit, claims
// that split due work between sweepers, a limit below 1 rejected, OverdueReviews with its
// order and limit (exactly at the deadline is in time, 1 ns later overdue), and a
// sweep that marks an overdue review once, stamped with its deadline.
//
// It is meant for tests, examples and prototypes.
package merchanttest

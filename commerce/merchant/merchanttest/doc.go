// Package merchanttest holds an in-memory merchant.Store and the conformance
// suite a host runs against its own (R2.8), in the style of testing/fstest.
//
// NewStore returns a Store that is safe for concurrent use, with Due served from
// a deadline index, so a sweep costs what is due, not what is stored (R2.9).
// OverdueReviews reads every merchant; a production store indexes the state and
// the review deadline (R1.1). Every query takes a limit of at least 1
// (shopkit.CheckLimit).
//
// TestStore checks any merchant.Store: a round trip of every field of a
// merchant's Snapshot, creating an ID twice is a conflict, not-found, nothing
// written when the update closure fails, no lost update under concurrent
// writers, Due order and limit, a limit below 1 rejected, OverdueReviews with its
// order and limit (exactly at the deadline is in time, 1 ns later overdue), and a
// sweep that marks an overdue review once, stamped with its deadline.
//
// It is meant for tests, examples and prototypes.
package merchanttest

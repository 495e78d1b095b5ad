// Package reviewtest holds an in-memory review.Store and the conformance suite
// a host runs against its own (R2.6, R2.8), in the style of testing/fstest.
//
// NewStore returns a Store that is safe for concurrent use, keeping each
// review's audit trail apart from its state (R0.4); ByListing and ByMerchant
// read every review, oldest first (a production store indexes them).
//
// TestStore checks any review.Store: a round trip of every snapshot field,
// also through JSON, one review per order, not-found, nothing written when the
// update closure fails, the trail appended once and in order and read in
// pages, a loaded review that holds no history, concurrent replies leaving
// exactly one, and the two queries.
//
// It is meant for tests, examples and prototypes.
package reviewtest

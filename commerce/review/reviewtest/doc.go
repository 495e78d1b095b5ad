// Package reviewtest holds an in-memory review.Store and the conformance suite
// a host runs against its own (R2.6, R2.8), in the style of testing/fstest.
//
// NewStore returns a Store that is safe for concurrent use; ByListing and
// ByMerchant read every review, oldest first (a production store indexes them).
//
// TestStore checks any review.Store: a round trip of every snapshot field, one
// review per order, not-found, nothing written when the update closure fails,
// concurrent replies leaving exactly one, and the two queries.
//
// It is meant for tests, examples and prototypes.
package reviewtest

// Package catalogtest holds an in-memory catalog.ListingStore and the
// conformance suite a host runs against its own (R2.8), in the style of
// testing/fstest.
//
// NewListingStore returns a ListingStore that is safe for concurrent use, with
// Due and Claim served from a deadline index, so a sweep costs what is due, not
// what is stored (R2.9), and each listing's audit trail kept apart from its
// state (R0.4). ListByMerchant reads every listing; a production store indexes
// the merchant. Every query takes a limit of at least 1 (shopkit.CheckLimit).
//
// TestListingStore checks any catalog.ListingStore: a round trip of every field
// of a listing's snapshot (content, revisions, findings, review deadline,
// counters, trail length), in the store and through JSON, creating an ID twice
// is a conflict, not-found, nothing written when the update closure fails, no
// lost update under concurrent writers, the trail appended once and in order
// and a loaded listing that holds none of it, Due order and limit, claims that
// split due work between sweepers, a limit below 1 rejected, and
// ListByMerchant with its order and limit.
//
// It is meant for tests, examples and prototypes.
package catalogtest

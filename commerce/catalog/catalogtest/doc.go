// Package catalogtest holds an in-memory catalog.ListingStore and the
// conformance suite a host runs against its own (R2.8), in the style of
// testing/fstest.
//
// NewListingStore returns a ListingStore that is safe for concurrent use, with
// Due served from a deadline index, so a sweep costs what is due, not what is
// stored (R2.9). ListByMerchant reads every listing; a production store indexes
// the merchant. Every query takes a limit of at least 1 (shopkit.CheckLimit).
//
// TestListingStore checks any catalog.ListingStore: a round trip of every field
// of a listing's snapshot (content, revisions, findings, review deadline,
// counters, journal), creating an ID twice is a conflict, not-found, nothing
// written when the update closure fails, no lost update under concurrent
// writers, Due order and limit, a limit below 1 rejected, and ListByMerchant with
// its order and limit.
//
// It is meant for tests, examples and prototypes.
package catalogtest

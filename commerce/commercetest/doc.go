// Package commercetest holds in-memory implementations of the commerce stores,
// safe for concurrent use and with Due indexed by deadline, and the conformance
// suites (TestXxxStore) a host runs against its own stores: atomic updates that
// lose nothing under concurrent writers, nothing written when the update closure
// fails, not-found, Due order and limit, and a round trip of every field (R2.8).
//
// Like testing/fstest, it is meant for tests, examples and prototypes.
package commercetest

// Package crashtest holds the crash test of the whole flow (RULES R0.4, R2.8):
// a shop's order, from its placing with two coupons to the month's commission
// statement, driven as a host drives it on the in-memory stores of every
// package, with every store call of the flow failed in turn — as a store error
// the service handles, and as a crash after which nothing runs until a restart.
// After the host's retries, Resume and Sweep, the stock, coupons, order,
// after-sales ledger and case, member and commission statement must be those of
// the fault-free run, with no effect lost or doubled.
//
// It is a test-only package: this file is its only non-test file, and it
// exports nothing.
package crashtest

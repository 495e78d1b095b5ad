// Package restarttest holds the test that restarts the PostgreSQL server in
// the middle of a refund storm. It restarts the server every other test
// shares, so it runs alone, in a step of its own (.ci/run), and only when
// SHOPKIT_PG_RESTART=1.
package restarttest

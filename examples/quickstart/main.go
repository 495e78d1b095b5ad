// Quickstart: a shop's day, end to end, on the in-memory stores. A merchant applies
// and is admitted, lists and publishes a product, a member buys it with a shop
// coupon and a platform coupon, the order is paid, shipped, delivered and
// completed by a sweep ten days later, one unit comes back for a refund to the
// fen, and the month's commission statement is printed. The day's script is
// package day, which pgstore/examples/quickstart runs on PostgreSQL.
//
// Run it with: go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/shopkit/shopkit/examples/quickstart/day"
)

func main() {
	if err := day.Run(context.Background(), os.Stdout, day.InMemory()); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

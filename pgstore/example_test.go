package pgstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/pgstore"
)

// Open the stores on a migrated database and carry out the effects the
// stores' writes emitted. (Not run: it needs a server.)
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://shop@127.0.0.1:5432/shop?sslmode=disable")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		fmt.Println(err)
		return
	}
	db, err := pgstore.Open(pgstore.Config{Pool: pool, Isolation: pgstore.ReadCommitted})
	if err != nil {
		fmt.Println(err)
		return
	}
	orders := db.Orders() // an order.Store for order.NewService
	_ = orders

	// A consumer: claim what is pending, carry it out, mark it done, or
	// give it back for later.
	now := time.Now()
	lease := shopkit.Lease{Owner: "consumer-1", Until: now.Add(time.Minute)}
	effects, err := db.Outbox().Claim(ctx, now, 100, lease)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range effects {
		if err := deliver(e.Effect); err != nil {
			_ = db.Outbox().Retry(ctx, lease.Owner, e.ID, now.Add(time.Minute), err.Error())
			continue
		}
		_ = db.Outbox().Done(ctx, now, lease.Owner, e.ID)
	}
}

// deliver stands for the host's gateway or notifier.
func deliver(shopkit.Effect) error { return nil }

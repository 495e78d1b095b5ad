// Quickstart on PostgreSQL: the shop's day of examples/quickstart (package
// day), run on pgstore's stores, printing the same day. Each run makes a
// schema of its own on the server SHOPKIT_PG_DSN names, migrates it and drops
// it at the end (keep it with -keep to look at the tables), so it can be run
// again and again.
//
// Run it with: cd pgstore && SHOPKIT_PG_DSN=postgres://…/postgres?sslmode=disable go run ./examples/quickstart
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit/examples/quickstart/day"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/daystores"
)

func main() {
	keep := flag.Bool("keep", false, "keep the run's schema instead of dropping it")
	flag.Parse()
	dsn := os.Getenv("SHOPKIT_PG_DSN")
	if dsn == "" {
		fmt.Fprintln(os.Stderr, "quickstart: SHOPKIT_PG_DSN is not set; set it to a PostgreSQL server, e.g.\n"+
			"  SHOPKIT_PG_DSN=postgres://shopkit@127.0.0.1:5432/postgres?sslmode=disable go run ./examples/quickstart\n"+
			"(the README shows how to start a local server)")
		os.Exit(2)
	}
	if err := run(context.Background(), dsn, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run makes the run's schema, plays the day in it and drops it unless keep.
func run(ctx context.Context, dsn string, keep bool) (err error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	schema := "quickstart_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	defer func() {
		if keep {
			fmt.Fprintf(os.Stderr, "quickstart: the day's tables are kept in schema %s\n", schema)
			return
		}
		if _, dropErr := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); dropErr != nil && err == nil {
			err = fmt.Errorf("drop schema: %w", dropErr)
		}
	}()

	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("SHOPKIT_PG_DSN: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	db, err := pgstore.Open(daystores.Config(pgstore.Config{Pool: pool}))
	if err != nil {
		return err
	}
	return day.Run(ctx, os.Stdout, daystores.Stores(db))
}

// Package pgtest gives each test of the PostgreSQL stores a schema of its
// own on the server SHOPKIT_PG_DSN names, so that tests run in parallel on
// one server and leave nothing behind.
//
// Without SHOPKIT_PG_DSN the tests skip, except under CI (env CI set), where
// they fail: CI must never pass by skipping.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DSNVar is the environment variable naming the test server.
const DSNVar = "SHOPKIT_PG_DSN"

// DSN returns the test server's connection string; without one the test
// skips, or fails under CI.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(DSNVar)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests", DSNVar)
		}
		t.Skipf("%s is not set: start a PostgreSQL server to run this test (see docs/storage.md)", DSNVar)
	}
	return dsn
}

// Schema is a schema of one test's own, its tables made by the migrate
// function NewSchema was given.
type Schema struct {
	// Name is the schema's name.
	Name string
	// Pool's connections have search_path set to the schema.
	Pool *pgxpool.Pool
	// DSN is the server's connection string.
	DSN string

	once    sync.Once
	deletes []string // the statements that empty the schema's tables
}

// NewSchema creates a schema with a random name, a pool whose connections
// use it, and runs migrate on it; the test's cleanup closes the pool and
// drops the schema with all it holds. A nil migrate leaves it empty.
func NewSchema(t testing.TB, migrate func(context.Context, *pgxpool.Pool) error) *Schema {
	t.Helper()
	dsn := DSN(t)
	ctx := context.Background()
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	admin(t, dsn, "CREATE SCHEMA "+name)
	t.Cleanup(func() { admin(t, dsn, "DROP SCHEMA IF EXISTS "+name+" CASCADE") })
	pool := PoolIn(t, dsn, name, 0, nil)
	if migrate != nil {
		if err := migrate(ctx, pool); err != nil {
			t.Fatalf("migrate schema %s: %v", name, err)
		}
	}
	return &Schema{Name: name, Pool: pool, DSN: dsn}
}

// PoolIn returns a pool of at most maxConns connections (0: 8) on dsn whose
// connections use schema, with params (lock_timeout, …) set on every
// connection; the test's cleanup closes it.
func PoolIn(t testing.TB, dsn, schema string, maxConns int32, params map[string]string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", DSNVar, err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	for k, v := range params {
		cfg.ConnConfig.RuntimeParams[k] = v
	}
	cfg.MaxConns = 8
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Empty empties every table of the schema except goose's record of the
// applied migrations: a fresh, empty store for the next subtest. It deletes
// rather than truncates (a TRUNCATE of a few tables costs over 100 ms; a
// DELETE of the few rows a subtest wrote costs about a millisecond),
// tables that reference others first.
func (s *Schema) Empty(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	s.once.Do(func() {
		rows, err := s.Pool.Query(ctx, `SELECT quote_ident(c.relname) FROM pg_class c
 JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'goose_db_version'
 ORDER BY (SELECT count(*) FROM pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f') DESC, c.relname`, s.Name)
		if err != nil {
			t.Fatalf("list tables: %v", err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("list tables: %v", err)
		}
		for _, n := range names {
			s.deletes = append(s.deletes, "DELETE FROM "+n)
		}
	})
	if len(s.deletes) == 0 {
		return
	}
	if _, err := s.Pool.Exec(ctx, strings.Join(s.deletes, "; ")); err != nil {
		t.Fatalf("empty the tables: %v", err)
	}
}

// admin runs one statement on a connection of its own.
func admin(t testing.TB, dsn, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// BothModes runs body in two parallel subtests, "read_committed" and
// "serializable"; serializable tells body which.
func BothModes(t *testing.T, body func(t *testing.T, serializable bool)) {
	for i, name := range [...]string{"read_committed", "serializable"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body(t, i == 1)
		})
	}
}

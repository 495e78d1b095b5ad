package pgstore

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/shopkit/shopkit"
)

// migrations holds the schema, one goose file per version (00001_core.sql,
// …). No statement names a schema: the tables are made in the first schema
// of the connections' search_path.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate brings the schema of pool's search_path to the latest version,
// applying the embedded migrations not yet applied (goose keeps the applied
// versions in goose_db_version), under an advisory lock of the schema's
// own, so that instances starting at once do not race. Running it again is
// a no-op.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return migrateTo(ctx, pool, -1)
}

// migrateTo applies the migrations up to version, or all of them when
// version is negative.
func migrateTo(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	if pool == nil {
		return shopkit.NilArgument("pool")
	}
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("pgstore: migrations: %w", err)
	}
	// Instances that start at once migrate one after the other: goose holds
	// an advisory lock of the schema's own while it migrates.
	var schema string
	if err := pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("shopkit pgstore migrations " + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
	if err != nil {
		return fmt.Errorf("pgstore: migrations: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, files, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("pgstore: migrations: %w", err)
	}
	if version < 0 {
		_, err = p.Up(ctx)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	return nil
}

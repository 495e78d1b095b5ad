package pgstore

import (
	"context"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// MigrateTo applies the migrations up to version only.
func MigrateTo(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	return migrateTo(ctx, pool, version)
}

// LatestVersion is the version of the last embedded migration.
func LatestVersion() int64 {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	var latest int64
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, err := strconv.ParseInt(base[:strings.IndexByte(base, '_')], 10, 64)
		if err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// SetBeforeAttempt sets the hook run before each transaction attempt.
func SetBeforeAttempt(db *DB, hook func(ctx context.Context, attempt int)) { db.beforeAttempt = hook }

// Retryable and MapError expose the error mapping to the tests.
var (
	Retryable = retryable
	MapError  = func(ctx context.Context, op string, err error) error {
		return mapError(ctx, op, errorCodes{entity: "order", notFound: "order.order_not_found", exists: "order.order_exists",
			unique: map[string]string{"orders_number_key": "order.number_taken"}}, err)
	}
)

package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/shopkit/shopkit"
)

// The SQLSTATEs the stores act on.
const (
	sqlstateSerializationFailure = "40001"
	sqlstateDeadlockDetected     = "40P01"
	sqlstateLockNotAvailable     = "55P03"
	sqlstateAdminShutdown        = "57P01"
	sqlstateCrashShutdown        = "57P02"
	sqlstateCannotConnectNow     = "57P03"
	sqlstateUniqueViolation      = "23505"
	sqlstateUntranslatable       = "22P05" // a \u0000 escape in jsonb
	sqlstateNotInRepertoire      = "22021" // a NUL byte or invalid UTF-8 in text
)

// CodeUnstorableText is the code of an entity holding text PostgreSQL cannot
// store: a NUL character (in a text column or, as \u0000, in the JSON state)
// or bytes that are not UTF-8. Nothing is written; the same call fails again.
const CodeUnstorableText = "pgstore.unstorable_text"

// retryable reports a transient failure, after which the same transaction
// run again may succeed: a serialization failure, a deadlock, a lock
// timeout, the server shutting down or refusing connections for now, and a
// lost or refused connection.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case sqlstateSerializationFailure, sqlstateDeadlockDetected, sqlstateLockNotAvailable,
			sqlstateAdminShutdown, sqlstateCrashShutdown, sqlstateCannotConnectNow:
			return true
		}
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	switch {
	case pgconn.SafeToRetry(err), errors.As(err, &connect), errors.As(err, &netErr),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	return false
}

// fnError marks an error of the caller's closure, which the stores return
// as it is: never retried, never mapped.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }
func (e fnError) Unwrap() error { return e.err }

// errorCodes are what mapError needs of a table: its entity's name and
// codes.
type errorCodes struct {
	entity   string
	notFound string
	exists   string
	// unique maps a unique constraint's name to the conflict code of its
	// violation; a constraint not listed (the primary key) is exists.
	unique map[string]string
}

// mapError turns what a store operation op ended with into the library's
// errors (docs/storage.md, "Mapping driver errors"): fn's own error as it
// is; a done ctx as ctx.Err(); no row as ErrNotFound (notFound); a unique
// violation as ErrConflict with the constraint's code; a transient failure
// as shopkit.Retry(op, err); anything else wrapped with op.
func mapError(ctx context.Context, op string, c errorCodes, err error) error {
	if err == nil {
		return nil
	}
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	var se *shopkit.Error
	var ve *shopkit.ValidationError
	if errors.As(err, &se) || errors.As(err, &ve) {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return shopkit.NewError(shopkit.ErrNotFound, c.notFound, c.entity+" not found")
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == sqlstateUniqueViolation {
		code, ok := c.unique[pg.ConstraintName]
		if !ok {
			code = c.exists
		}
		e := shopkit.NewError(shopkit.ErrConflict, code, fmt.Sprintf("%s: %s already exists (%s)", op, c.entity, pg.ConstraintName))
		e.Cause = err
		return e
	}
	if errors.As(err, &pg) && (pg.Code == sqlstateUntranslatable || pg.Code == sqlstateNotInRepertoire) {
		e := shopkit.NewError(shopkit.ErrInvalid, CodeUnstorableText,
			fmt.Sprintf("%s: the %s holds a NUL character or text that is not UTF-8", op, c.entity))
		e.Cause = err
		return e
	}
	if retryable(err) {
		return shopkit.Retry(op, err)
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}

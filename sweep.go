package shopkit

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Expirable is an aggregate with deadlines. ApplyDue applies the consequence of
// the deadline that has passed at now (R0.3, R2.9), through the same checked
// transition a person would use, stamped with the deadline's time. When nothing is
// due any more (someone acted first) it returns an error matching
// shopkit.ErrConflict.
type Expirable interface {
	ID() uuid.UUID
	ApplyDue(now time.Time) error
}

// SweepStore is what Sweep needs of a store.
type SweepStore[T Expirable] interface {
	// Due lists entities whose deadline is at or before t, earliest first.
	Due(ctx context.Context, t time.Time, limit int) ([]T, error)
	// Update loads the entity, calls fn, and persists the result atomically.
	// The store may run fn more than once (after a serialization failure, say):
	// fn changes only the entity it is given. When the store gives up on a
	// transient failure it returns an error matching ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(T) error) error
}

// SweepFailure is a due entity whose consequence failed for a reason other than a
// conflict — including a transient store failure (ErrRetry) — with the cause in
// Err; the sweep goes on with the others, and the entity stays due for the next.
type SweepFailure struct {
	ID  uuid.UUID
	Err error
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Applied  int            // consequences applied
	Skipped  int            // entities someone else acted on first (conflicts)
	Failures []SweepFailure // consequences that failed otherwise
}

// CodeNotDue is the code of NotDue's error.
const CodeNotDue = "shopkit.not_due"

// NotDue returns the error ApplyDue returns when nothing is due at now: the same
// code in every package, so a sweep tells "someone acted first" from a failure.
func NotDue(id uuid.UUID) error {
	return NewError(ErrConflict, CodeNotDue, "nothing due for "+id.String())
}

// Sweep applies every consequence due at now (R2.9). It reads due entities in
// batches of batch (default 100), applies each through store.Update, and repeats
// until a pass applies nothing, so a consequence that leads to another passed
// deadline is applied too, each stamped with its own deadline. A conflict
// (someone acted first) is skipped, not an error; sweeping twice is harmless. A
// transient failure (ErrRetry) is reported in Failures and left for a later sweep.
// Its cost grows with the number of due entities, not with all stored ones.
func Sweep[T Expirable](ctx context.Context, store SweepStore[T], now time.Time, batch int) (SweepResult, error) {
	if batch <= 0 {
		batch = 100
	}
	var res SweepResult
	passed := map[uuid.UUID]bool{} // skipped or failed in this sweep: not tried again
	for {
		due, err := store.Due(ctx, now, batch+len(passed))
		if err != nil {
			return res, err
		}
		progress := false
		for _, e := range due {
			id := e.ID()
			if passed[id] {
				continue
			}
			err := store.Update(ctx, id, func(x T) error { return x.ApplyDue(now) })
			switch {
			case err == nil:
				res.Applied++
				progress = true
			case errors.Is(err, ErrConflict) || errors.Is(err, ErrNotAllowed):
				res.Skipped++
				passed[id] = true
			case ctx.Err() != nil:
				return res, ctx.Err()
			default:
				res.Failures = append(res.Failures, SweepFailure{ID: id, Err: err})
				passed[id] = true
			}
		}
		if !progress {
			return res, nil
		}
	}
}

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
	// Claim lists at most limit entities whose deadline is at or before t and
	// that no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (see
	// Lease).
	Claim(ctx context.Context, t time.Time, limit int, lease Lease) ([]T, error)
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
	ID  uuid.UUID `json:"id"`
	Err error     `json:"error"` // written as an ErrorBody (MarshalJSON)
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Applied  int            `json:"applied"`  // consequences applied
	Skipped  int            `json:"skipped"`  // entities someone else acted on first (conflicts)
	Failures []SweepFailure `json:"failures"` // consequences that failed otherwise
}

// CodeNotDue is the code of NotDue's error.
const CodeNotDue = "shopkit.not_due"

// NotDue returns the error ApplyDue returns when nothing is due at now: the same
// code in every package, so a sweep tells "someone acted first" from a failure.
func NotDue(id uuid.UUID) error {
	return NewError(ErrConflict, CodeNotDue, "nothing due for "+id.String())
}

// SweepLease is how long a sweep holds the due entities it claims: long enough
// for a batch, short enough that a crashed instance's claims pass to another
// soon. A sweep that outlasts it may meet another sweeper on an entity; the
// second to act gets a conflict and skips it, so nothing is applied twice.
const SweepLease = 5 * time.Minute

// Sweep applies every consequence due at now (R2.9). It claims due entities in
// batches of batch (default 100) under a lease of its own (SweepLease from
// now), applies each through store.Update, and repeats until a pass applies
// nothing, so a consequence that leads to another passed deadline is applied
// too, each stamped with its own deadline. Sweeps on several instances at once
// split the due work: what one holds the others pass over. A conflict (someone
// acted first, or nothing is due yet) is skipped, not an error, and the entity
// is given back at once; sweeping twice is harmless. A transient failure
// (ErrRetry) is reported in Failures, and the entity stays held until the
// lease runs out, then a later sweep applies it. Its cost grows with the
// number of due entities, not with all stored ones.
func Sweep[T Expirable](ctx context.Context, store SweepStore[T], now time.Time, batch int) (SweepResult, error) {
	if batch <= 0 {
		batch = 100
	}
	var res SweepResult
	lease := Lease{Owner: "sweep-" + uuid.NewString(), Until: now.Add(SweepLease)}
	passed := map[uuid.UUID]bool{} // skipped or failed in this sweep: not tried again
	for {
		due, err := store.Claim(ctx, now, batch+len(passed), lease)
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
				if CodeOf(err) == CodeNotDue {
					// Nothing was due yet (a consequence that applies only after
					// its deadline, swept at the deadline itself): give the
					// entity back with an empty update, which ends the lease, so
					// a sweep a moment later need not wait for it to run out. If
					// that fails, the lease runs out on its own. (Someone who
					// acted first has ended the lease already.)
					_ = store.Update(ctx, id, func(T) error { return nil })
				}
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

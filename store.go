package shopkit

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// Clock returns the current instant. Services take one, so that no library code
// reads the wall clock and tests set the time to the nanosecond (R0.3).
type Clock func() time.Time

// CodeInvalidLimit is the code of a store query's limit below 1.
const CodeInvalidLimit = "shopkit.invalid_limit"

// CheckLimit validates the limit of a store query. In every store query of every
// package, limit is the most entities the query returns, and it must be at least
// 1: every query is bounded, and a limit of 0 is an error, never "nothing" or
// "everything".
func CheckLimit(limit int) error {
	if limit < 1 {
		return Invalid(CodeInvalidLimit, "limit", "must be at least 1")
	}
	return nil
}

// CodeNotBuilt is the code of a method called on a value its constructor did not
// build, such as a zero Service.
const CodeNotBuilt = "shopkit.not_built"

// NotBuilt returns the error a method of what (e.g. "order.Service") returns when
// it is called on a zero value instead of one its constructor built: a typed
// error, never a panic.
func NotBuilt(what string) error {
	return NewError(ErrInvalid, CodeNotBuilt, what+" was not built by its constructor")
}

// CodeNilArgument is the code of a required argument passed as nil.
const CodeNilArgument = "shopkit.nil_argument"

// NilArgument returns the error of a required argument (a callback, an entity)
// passed as nil.
func NilArgument(name string) error {
	return Invalid(CodeNilArgument, name, "is required")
}

// TrailReader reads an entity's audit trail (R0.4), the append-only log a
// store keeps apart from the entity's state: every Create and Update appends
// the aggregate's Unsaved entries in the same transaction as the state.
type TrailReader interface {
	// Trail returns at most limit (≥ 1) entries of the entity's trail with Seq
	// greater than after (≥ 0), oldest first: after = 0 reads from the start,
	// and the last entry's Seq is the cursor of the next page. An unknown ID is
	// ErrNotFound; a negative after is CodeInvalidCursor.
	Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]Entry, error)
}

// CodeInvalidCursor is the code of a negative trail cursor.
const CodeInvalidCursor = "shopkit.invalid_cursor"

// CheckCursor validates the arguments of a Trail call: after ≥ 0 and limit ≥
// 1.
func CheckCursor(after, limit int) error {
	if after < 0 {
		return Invalid(CodeInvalidCursor, "after", "must not be negative")
	}
	return CheckLimit(limit)
}

// ReadTrail reads the whole trail of id from r, page entries at a time (≥ 1):
// for a host's audit screen or a test, never for a rule.
func ReadTrail(ctx context.Context, r TrailReader, id uuid.UUID, page int) ([]Entry, error) {
	if r == nil {
		return nil, NilArgument("r")
	}
	if err := CheckLimit(page); err != nil {
		return nil, err
	}
	var out []Entry
	after := 0
	for {
		got, err := r.Trail(ctx, id, after, page)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if len(got) < page {
			return out, nil
		}
		if last := got[len(got)-1].Seq; last > after {
			after = last
		} else {
			return nil, Invalid(CodeInvalidCursor, "trail", "a page did not move past entry "+strconv.Itoa(after))
		}
	}
}

// Lease is a sweeper's hold on due work it has claimed: Owner (an ID unique to
// one sweep, on one instance) holds the claimed entities until Until, so that
// several instances sweeping at once split the due work instead of each doing
// all of it (R2.9). A successful Update of an entity ends its lease; a lease
// that runs out (its sweeper crashed) frees the entity for the next sweep.
type Lease struct {
	Owner string    `json:"owner"`
	Until time.Time `json:"until,omitzero"`
}

// CodeInvalidLease is the code of a lease without an owner or one that has
// already run out.
const CodeInvalidLease = "shopkit.invalid_lease"

// Check validates a lease a sweeper asks for at now: an owner, and an end
// after now.
func (l Lease) Check(now time.Time) error {
	var ps []FieldProblem
	if l.Owner == "" {
		ps = append(ps, FieldProblem{Field: "lease.owner", Problem: "is required"})
	}
	if !l.Until.After(now) {
		ps = append(ps, FieldProblem{Field: "lease.until", Problem: "must be after " + now.Format(time.RFC3339Nano)})
	}
	return Incomplete(CodeInvalidLease, ps)
}

// FreeFor reports whether an entity held under l may be claimed by owner at t:
// it is not held, its lease has run out (Until at or before t), or owner holds
// it already.
func (l Lease) FreeFor(owner string, t time.Time) bool {
	return l.Owner == "" || l.Owner == owner || !l.Until.After(t)
}

package shopkit

import "time"

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

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

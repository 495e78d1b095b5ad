package merchant

import "github.com/shopkit/shopkit"

// Policy holds the numbers of the application workflow (R1.1). It is passed by
// value; the zero Policy is invalid: start from DefaultPolicy.
type Policy struct {
	// ReviewWorkingDays: the platform decides within this many working days of
	// submission; the deadline is the end of that working day on the calendar.
	ReviewWorkingDays int
}

// DefaultPolicy returns the defaults of R1.1: a review decision within 3
// working days.
func DefaultPolicy() Policy { return Policy{ReviewWorkingDays: 3} }

// Validate reports a review period below 1 working day as a ValidationError
// with code CodeInvalidPolicy for the field "review_working_days".
func (p Policy) Validate() error {
	if p.ReviewWorkingDays < 1 {
		return shopkit.Invalid(CodeInvalidPolicy, "review_working_days", "must be at least 1")
	}
	return nil
}

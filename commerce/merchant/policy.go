package merchant

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

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

// UnmarshalJSON decodes a policy strictly: a key that is not a field of Policy
// is a ValidationError with code CodeInvalidPolicy naming it. Fields the JSON
// does not name keep their value, so a host may overlay its settings on
// DefaultPolicy. It does not validate: the policy is validated where it is used.
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = Policy(v)
	return nil
}

package merchant

import (
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// Policy holds the numbers of the application workflow (R1.1). It is passed by
// value; the zero Policy is invalid: start from DefaultPolicy.
type Policy struct {
	// ReviewWorkingDays: the platform decides within this many working days of
	// submission; the deadline is the end of that working day on the calendar.
	// It is not used when ReviewWithin is set.
	ReviewWorkingDays int `json:"review_working_days"`
	// ReviewWithin, when positive, replaces ReviewWorkingDays: the platform
	// decides within this much elapsed time of submission, the deadline being
	// submission + ReviewWithin (R0.3 "within N weeks"). The cross-border
	// marketplace (OTTO-like, R1.2) reviews within 2–4 weeks:
	// CrossBorderMarketplaceConfig.ReviewPolicy sets it to ReviewMax (4 weeks).
	ReviewWithin time.Duration `json:"review_within"`
}

// DefaultPolicy returns the defaults of R1.1: a review decision within 3
// working days.
func DefaultPolicy() Policy { return Policy{ReviewWorkingDays: 3} }

// Validate reports a negative ReviewWithin (field "review_within"), or, when
// ReviewWithin is not set, a review period below 1 working day (field
// "review_working_days"), as a ValidationError with code CodeInvalidPolicy.
func (p Policy) Validate() error {
	switch {
	case p.ReviewWithin < 0:
		return shopkit.Invalid(CodeInvalidPolicy, "review_within", "must not be negative")
	case p.ReviewWithin == 0 && p.ReviewWorkingDays < 1:
		return shopkit.Invalid(CodeInvalidPolicy, "review_working_days", "must be at least 1")
	}
	return nil
}

// reviewDue is the review deadline of a submission at now (R0.3): now +
// ReviewWithin when it is set (R1.2 cross-border marketplace), else the end of
// the ReviewWorkingDays-th working day on cal (R1.1).
func (p Policy) reviewDue(now time.Time, cal shopkit.WorkingCalendar) time.Time {
	if p.ReviewWithin > 0 {
		return now.Add(p.ReviewWithin)
	}
	return cal.EndOfWorkingDay(now, p.ReviewWorkingDays)
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

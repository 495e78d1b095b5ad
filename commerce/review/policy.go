package review

import (
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// Policy holds the numbers of R2.6. The zero Policy is invalid: start from
// DefaultPolicy.
type Policy struct {
	// ReviewWindow: a buyer rates a completed order within this long of its
	// completion (default 15 days = 360h). At exactly the end it is in time,
	// 1 ns later CodeWindowClosed.
	ReviewWindow time.Duration `json:"review_window"`
	// MaxTextLength bounds the review and reply texts in characters (default 2000).
	MaxTextLength int `json:"max_text_length"`
}

// DefaultPolicy returns the defaults of R2.6.
func DefaultPolicy() Policy {
	return Policy{ReviewWindow: 15 * 24 * time.Hour, MaxTextLength: 2000}
}

// Validate reports a ReviewWindow or MaxTextLength that is not positive as a
// *shopkit.ValidationError (CodeInvalidPolicy) naming each field.
func (p Policy) Validate() error {
	var problems []shopkit.FieldProblem
	if p.ReviewWindow <= 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "review_window", Problem: "must be greater than zero"})
	}
	if p.MaxTextLength <= 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "max_text_length", Problem: "must be greater than zero"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, problems)
}

// UnmarshalJSON decodes a policy strictly: a key that is not a field of Policy
// ("review_windw") is a ValidationError with code
// CodeInvalidPolicy naming it, and so is a value of the wrong JSON type. The
// window is an ISO 8601 duration ("PT720H"; docs/json.md).
// Fields the JSON does not name keep their value, so a host may overlay its
// settings on DefaultPolicy. It does not validate: the policy is validated
// where it is used (NewReview, NewService, RestoreReview).
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = Policy(v)
	return nil
}

package shopkit

import (
	"encoding/json"
	"errors"
	"strings"
)

// The error kinds every package shares. Errors returned by shopkit packages carry
// detail in a typed error (ValidationError, TransitionError, Error) and match one of
// these kinds with errors.Is.
var (
	// ErrNotFound: the entity asked for does not exist.
	ErrNotFound = errors.New("shopkit: not found")
	// ErrConflict: a business refusal — a unique key is taken, an idempotency key
	// was reused with another body, a limit or budget is exhausted, stock is not
	// available, or someone acted first. Repeating the same call gives the same
	// answer, so callers never retry it.
	ErrConflict = errors.New("shopkit: conflict")
	// ErrRetry: a transient failure of the host's store worth repeating — a lock
	// timeout, a serialization failure, a deadlock, a lost connection. A store
	// returns it (wrapping the driver's error) once it has given up re-running the
	// update itself; nothing was written.
	ErrRetry = errors.New("shopkit: retry")
	// ErrNotAllowed: the action is not allowed in the entity's state, for the
	// caller's role, or after a deadline.
	ErrNotAllowed = errors.New("shopkit: not allowed")
	// ErrInvalid: the input is malformed or out of range.
	ErrInvalid = errors.New("shopkit: invalid input")
	// ErrOverflow: an amount does not fit in int64 minor units.
	ErrOverflow = errors.New("shopkit: overflow")
	// ErrCurrencyMismatch: two amounts of different currencies were combined.
	ErrCurrencyMismatch = errors.New("shopkit: currency mismatch")
)

// Coder is implemented by every typed error of the library: Code returns a stable
// machine-readable code such as "aftersales.deadline_passed" that a frontend can map
// to a message. Codes never change once released.
type Coder interface {
	Code() string
}

// CodeOf returns the stable code of the first error in err's chain that has one, or
// "" when none has.
func CodeOf(err error) string {
	var c Coder
	if errors.As(err, &c) {
		return c.Code()
	}
	return ""
}

// Error is the general typed error: a kind (one of the Err… sentinels), the package
// that raised it, a stable reason, and a human-readable detail.
type Error struct {
	Kind   error  // ErrNotFound, ErrConflict, ErrRetry, ErrNotAllowed, ErrInvalid, ErrOverflow or ErrCurrencyMismatch
	Pkg    string // the package that raised it, e.g. "inventory"
	Reason string // stable snake_case reason, e.g. "insufficient_stock"
	Detail string // human-readable detail
	Cause  error  // the underlying error, e.g. a driver's, or nil
}

// NewError returns an *Error of the given kind. code is "pkg.reason".
func NewError(kind error, code, detail string) *Error {
	pkg, reason, _ := strings.Cut(code, ".")
	return &Error{Kind: kind, Pkg: pkg, Reason: reason, Detail: detail}
}

// Error implements error: "pkg: detail".
func (e *Error) Error() string {
	if e.Detail == "" {
		return e.Pkg + ": " + e.Reason
	}
	return e.Pkg + ": " + e.Detail
}

// Code returns "pkg.reason".
func (e *Error) Code() string { return e.Pkg + "." + e.Reason }

// Is reports whether target is the error's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the cause, so errors.Is and errors.As reach a driver's error.
func (e *Error) Unwrap() error { return e.Cause }

// FieldProblem names one field of the input and what is wrong with it.
type FieldProblem struct {
	Field   string `json:"field"`   // dotted path of the field, e.g. "profile.credit_code"
	Problem string `json:"problem"` // what is wrong, e.g. "is required"
}

// ValidationError reports bad input. It matches ErrInvalid. When several fields are
// at fault (an incomplete application) Problems lists all of them and Field/Problem
// repeat the first.
type ValidationError struct {
	Pkg      string         // the package that raised it
	Reason   string         // stable reason, e.g. "invalid_field" or "incomplete"
	Field    string         // the (first) field at fault
	Problem  string         // what is wrong with it
	Problems []FieldProblem // every field at fault, in input order
}

// Invalid returns a *ValidationError for one field; code is "pkg.reason".
func Invalid(code, field, problem string) *ValidationError {
	pkg, reason, _ := strings.Cut(code, ".")
	return &ValidationError{Pkg: pkg, Reason: reason, Field: field, Problem: problem,
		Problems: []FieldProblem{{Field: field, Problem: problem}}}
}

// ProblemsUnder returns the field problems of err, each field named under
// prefix ("policy" makes "review_window" "policy.review_window"), so a
// constructor reports a nested value's problems beside its own. A nil err has
// none; an error that is not a *ValidationError is one problem of prefix itself.
func ProblemsUnder(prefix string, err error) []FieldProblem {
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return []FieldProblem{{Field: prefix, Problem: err.Error()}}
	}
	out := make([]FieldProblem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = FieldProblem{Field: prefix + "." + p.Field, Problem: p.Problem}
	}
	return out
}

// Incomplete returns a *ValidationError listing every problem, or nil when problems
// is empty; code is "pkg.reason".
func Incomplete(code string, problems []FieldProblem) error {
	if len(problems) == 0 {
		return nil
	}
	pkg, reason, _ := strings.Cut(code, ".")
	return &ValidationError{Pkg: pkg, Reason: reason, Field: problems[0].Field,
		Problem: problems[0].Problem, Problems: problems}
}

// Error implements error: "pkg: field problem[; field problem…]".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(e.Pkg)
	b.WriteString(": ")
	ps := e.Problems
	if len(ps) == 0 {
		ps = []FieldProblem{{Field: e.Field, Problem: e.Problem}}
	}
	for i, p := range ps {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteByte(' ')
		b.WriteString(p.Problem)
	}
	return b.String()
}

// Code returns "pkg.reason".
func (e *ValidationError) Code() string { return e.Pkg + "." + e.Reason }

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Role is who acts on an entity. The four roles of the platform rules are defined
// here; packages may define more (a support agent).
type Role string

// The roles of RULES R0.4.
const (
	Buyer    Role = "buyer"
	Merchant Role = "merchant"
	Platform Role = "platform"
	System   Role = "system"
)

// TransitionError reports an action that the workflow's table does not allow: in
// the entity's current state, or for the acting role. It matches ErrNotAllowed.
type TransitionError struct {
	Workflow string // "pkg.workflow", e.g. "aftersales.exchange"
	State    string // the entity's state when the action was tried
	Action   string // the action tried
	Role     Role   // who tried it
	// WrongRole is true when the action exists in State but not for Role.
	WrongRole bool
}

// Error implements error.
func (e *TransitionError) Error() string {
	pkg, wf, _ := strings.Cut(e.Workflow, ".")
	if e.WrongRole {
		return pkg + ": " + wf + ": role " + string(e.Role) + " may not " + e.Action + " in state " + e.State
	}
	return pkg + ": " + wf + ": cannot " + e.Action + " in state " + e.State
}

// Code returns "pkg.wrong_role" or "pkg.wrong_state".
func (e *TransitionError) Code() string {
	pkg, _, _ := strings.Cut(e.Workflow, ".")
	if e.WrongRole {
		return pkg + ".wrong_role"
	}
	return pkg + ".wrong_state"
}

// Is reports whether target is ErrNotAllowed.
func (e *TransitionError) Is(target error) bool { return target == ErrNotAllowed }

// Overflow returns the ErrOverflow error for an operation whose result does not
// fit in int64 minor units (R0.1).
func Overflow(op string) *Error {
	return NewError(ErrOverflow, CodeOverflow, op+" overflows int64 minor units")
}

// CurrencyMismatch returns the ErrCurrencyMismatch error for a value that is not
// in the currency of the rest (R0.1).
func CurrencyMismatch(what string) *Error {
	return NewError(ErrCurrencyMismatch, CodeCurrencyMismatch, what+" is not in the expected currency")
}

// Retry returns the ErrRetry error of a store operation op (e.g. "update order")
// that failed transiently with cause; the cause stays reachable with errors.As.
func Retry(op string, cause error) *Error {
	detail := op + " failed transiently"
	if cause != nil {
		detail += ": " + cause.Error()
	}
	e := NewError(ErrRetry, CodeRetry, detail)
	e.Cause = cause
	return e
}

// The codes of the kernel's own errors, stable for a frontend's messages.
const (
	CodeAllocateDstLength      = "shopkit.allocate_dst_length"
	CodeAllocateNegativeWeight = "shopkit.allocate_negative_weight"
	CodeAllocateNoWeights      = "shopkit.allocate_no_weights"
	CodeAllocateZeroWeights    = "shopkit.allocate_zero_weights"
	CodeHolidayMakeupConflict  = "shopkit.holiday_makeup_conflict"
	CodeInvalidAmount          = "shopkit.invalid_amount"
	CodeInvalidDate            = "shopkit.invalid_date"
	CodeInvalidEntry           = "shopkit.invalid_entry"
	CodeInvalidHours           = "shopkit.invalid_hours"
	CodeInvalidInstalments     = "shopkit.invalid_instalments"
	CodeInvalidLocation        = "shopkit.invalid_location"
	CodeInvalidMoneyJson       = "shopkit.invalid_money_json"
	CodeInvalidWeekday         = "shopkit.invalid_weekday"
	CodeInvertedHours          = "shopkit.inverted_hours"
	CodeMakeupNotRestDay       = "shopkit.makeup_not_rest_day"
	CodeNoBusinessHours        = "shopkit.no_business_hours"
	CodeNoWorkingDays          = "shopkit.no_working_days"
	CodeOverlappingHours       = "shopkit.overlapping_hours"
	CodeRateOutOfRange         = "shopkit.rate_out_of_range"
	CodeUnknownCurrency        = "shopkit.unknown_currency"
	CodeUnknownRoundingMode    = "shopkit.unknown_rounding_mode"
	CodeOverflow               = "shopkit.overflow"
	CodeCurrencyMismatch       = "shopkit.currency_mismatch"
	CodeDuplicateTransition    = "shopkit.duplicate_transition"
	CodeNoRoles                = "shopkit.no_roles"
	CodeBadTimeout             = "shopkit.bad_timeout"
	CodeRetry                  = "shopkit.retry"
)

// Codes lists the codes of the kernel's own errors.
func Codes() []string {
	return []string{
		CodeAllocateDstLength,
		CodeAllocateNegativeWeight,
		CodeAllocateNoWeights,
		CodeAllocateZeroWeights,
		CodeBadTimeout,
		CodeCurrencyMismatch,
		CodeDuplicateTransition,
		CodeHolidayMakeupConflict,
		CodeInvalidAmount,
		CodeInvalidCursor,
		CodeInvalidDate,
		CodeInvalidEntry,
		CodeInvalidHours,
		CodeInvalidInstalments,
		CodeInvalidLease,
		CodeInvalidLimit,
		CodeInvalidLocation,
		CodeInvalidMoneyJson,
		CodeInvalidPageCursor,
		CodeInvalidSchedule,
		CodeInvalidWeekday,
		CodeInvertedHours,
		CodeMakeupNotRestDay,
		CodeNoBusinessHours,
		CodeNoRoles,
		CodeNoVersionInForce,
		CodeNoWorkingDays,
		CodeNotDue,
		CodeNotParty,
		CodeNotBuilt,
		CodeNilArgument,
		CodeOverflow,
		CodeOverlappingHours,
		CodeRateOutOfRange,
		CodeRetry,
		CodeUnknownCurrency,
		CodeUnknownRoundingMode,
	}
}

// The kind names of an error's JSON form (ErrorBody.Kind), one per Err… sentinel
// and KindInternal for an error the library did not raise. They are stable: a
// frontend switches on them.
const (
	KindNotFound         = "not_found"
	KindConflict         = "conflict"
	KindRetry            = "retry"
	KindNotAllowed       = "not_allowed"
	KindInvalid          = "invalid"
	KindOverflow         = "overflow"
	KindCurrencyMismatch = "currency_mismatch"
	KindInternal         = "internal"
)

// internalMessage is the message of an error the library did not raise: its
// own text may hold a driver's detail or personal data, so it is never shown.
const internalMessage = "internal error"

// ErrorBody is the JSON form of an error for a frontend:
// {"kind", "code", "message", "field", "problems"}. Kind is one of the Kind…
// names; Code is the stable code (shopkit.CodeOf) to look a localized message up
// by; Message is the library's English text, which never holds unmasked personal
// data (R0.5); Field and Problems name the input at fault of a validation error.
type ErrorBody struct {
	Kind     string         `json:"kind"`
	Code     string         `json:"code"`
	Message  string         `json:"message"`
	Field    string         `json:"field,omitempty"`
	Problems []FieldProblem `json:"problems,omitempty"`
}

// NewErrorBody returns the JSON form of any error. The first typed error of
// err's chain (found with errors.As, so wrapping keeps it) gives kind, code,
// message and fields. An error that only wraps an Err… sentinel gets that kind,
// no code and the sentinel's text. Any other error is kind "internal" with no
// code and the message "internal error": its own text is not shown, since it
// may carry a driver's detail. A nil err gives the zero body.
func NewErrorBody(err error) ErrorBody {
	if err == nil {
		return ErrorBody{}
	}
	var c Coder
	if errors.As(err, &c) {
		switch e := c.(type) {
		case *ValidationError:
			return e.body()
		case *TransitionError:
			return e.body()
		case *Error:
			return e.body()
		}
	}
	for _, k := range kinds {
		if errors.Is(err, k.sentinel) {
			return ErrorBody{Kind: k.name, Code: CodeOf(err), Message: k.sentinel.Error()}
		}
	}
	return ErrorBody{Kind: KindInternal, Code: CodeOf(err), Message: internalMessage}
}

// ErrorJSON returns the JSON form of any error (NewErrorBody); a nil err is
// JSON null.
func ErrorJSON(err error) ([]byte, error) {
	if err == nil {
		return []byte("null"), nil
	}
	return json.Marshal(NewErrorBody(err))
}

// KindName returns the kind name of err's JSON form (a Kind… constant), "" for nil.
func KindName(err error) string { return NewErrorBody(err).Kind }

// kinds pairs each sentinel with its kind name, in a fixed order.
var kinds = [...]struct {
	sentinel error
	name     string
}{
	{ErrNotFound, KindNotFound},
	{ErrConflict, KindConflict},
	{ErrRetry, KindRetry},
	{ErrNotAllowed, KindNotAllowed},
	{ErrInvalid, KindInvalid},
	{ErrOverflow, KindOverflow},
	{ErrCurrencyMismatch, KindCurrencyMismatch},
}

func kindName(kind error) string {
	for _, k := range kinds {
		if kind == k.sentinel {
			return k.name
		}
	}
	return KindInternal
}

// MarshalJSON gives the error's JSON form (ErrorBody).
func (e *Error) MarshalJSON() ([]byte, error) { return json.Marshal(e.body()) }

// body is e's JSON form. The cause's text is cut off the message: it is a
// driver's or host's detail, reachable with errors.As but not shown.
func (e *Error) body() ErrorBody {
	if e == nil {
		return ErrorBody{Kind: KindInternal, Message: internalMessage}
	}
	msg := e.Error()
	if e.Cause != nil {
		msg = strings.TrimSuffix(msg, ": "+e.Cause.Error())
	}
	return ErrorBody{Kind: kindName(e.Kind), Code: e.Code(), Message: msg}
}

// MarshalJSON gives the error's JSON form (ErrorBody) with its field problems.
func (e *ValidationError) MarshalJSON() ([]byte, error) { return json.Marshal(e.body()) }

func (e *ValidationError) body() ErrorBody {
	if e == nil {
		return ErrorBody{Kind: KindInvalid, Message: ErrInvalid.Error()}
	}
	b := ErrorBody{Kind: KindInvalid, Code: e.Code(), Message: e.Error(), Field: e.Field}
	if len(e.Problems) > 0 {
		b.Problems = append([]FieldProblem(nil), e.Problems...)
	} else if e.Field != "" {
		b.Problems = []FieldProblem{{Field: e.Field, Problem: e.Problem}}
	}
	return b
}

// MarshalJSON gives the error's JSON form (ErrorBody).
func (e *TransitionError) MarshalJSON() ([]byte, error) { return json.Marshal(e.body()) }

func (e *TransitionError) body() ErrorBody {
	if e == nil {
		return ErrorBody{Kind: KindNotAllowed, Message: ErrNotAllowed.Error()}
	}
	return ErrorBody{Kind: KindNotAllowed, Code: e.Code(), Message: e.Error()}
}

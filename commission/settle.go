package commission

import (
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
)

// DefaultPayoutDays is N of R4.5: payout is due T + 7 working days.
const DefaultPayoutDays = 7

// Policy holds the settlement numbers of R4.5. The zero Policy is invalid (it has
// no calendar); DefaultPolicy returns a valid one.
type Policy struct {
	// PayoutDays is N of "payout due T + N working days" (default 7).
	PayoutDays int `json:"payout_days"`
	// Calendar says which days are working days (R0.3).
	Calendar shopkit.WorkingCalendar `json:"calendar"`
}

// DefaultPolicy returns the defaults of R4.5 on the default calendar of R0.3
// (Asia/Shanghai, Saturday and Sunday off, no holidays: a host adds its own).
func DefaultPolicy() Policy {
	return Policy{PayoutDays: DefaultPayoutDays, Calendar: shopkit.DefaultCalendar()}
}

// Validate checks the policy: a calendar is required and N must not be negative.
// The error is a *shopkit.ValidationError with CodeInvalidPolicy naming the field.
func (p Policy) Validate() error {
	if p.Calendar == nil {
		return invalid(CodeInvalidPolicy, "calendar", "is required")
	}
	if p.PayoutDays < 0 {
		return invalid(CodeInvalidPolicy, "payout_days", "must not be negative")
	}
	return nil
}

// PayoutDue returns when the payout of a statement settled at settledAt is due
// (R4.5, "T + N working days"): the end of the Nth working day after the settlement
// day, Calendar.EndOfWorkingDay(settledAt, N). The settlement day itself never
// counts, working or not, and the payout is in time up to and including the
// returned instant (R0.3). Settling on Wednesday 30 September 2026, before the
// National Day holiday (1–7 October) with the make-up Saturday 10 October, the
// payout is due by the end of Thursday 15 October. A policy without a calendar
// (invalid) has no due time: the zero time.
func (p Policy) PayoutDue(settledAt time.Time) time.Time {
	if p.Calendar == nil {
		return time.Time{}
	}
	return p.Calendar.EndOfWorkingDay(settledAt, p.PayoutDays)
}

// Settleable reports whether an order can be settled at t (R4.5): it is completed
// (at or before t), no after-sales case is open, and its return window has passed
// (t is after ReturnWindowEnds: at the window's last instant a return is still in
// time). A nil record is not settleable.
func Settleable(o *OrderRecord, t time.Time) bool {
	return o != nil && !o.CompletedAt.IsZero() && !o.CompletedAt.After(t) && !o.OpenCase &&
		(o.ReturnWindowEnds.IsZero() || t.After(o.ReturnWindowEnds))
}

// Period is the span of a statement: [Start, End).
type Period struct {
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
}

// NewPeriod returns the period [start, end); start not before end is a
// ValidationError with CodeInvalidPeriod.
func NewPeriod(start, end time.Time) (Period, error) {
	p := Period{Start: start, End: end}
	return p, p.validate()
}

func (p Period) validate() error {
	if !p.Start.Before(p.End) {
		return invalid(CodeInvalidPeriod, "period.start", "must be before the period's end")
	}
	return nil
}

// Contains reports whether t is in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// StatementKey identifies the statement of a merchant for a period.
func StatementKey(merchantID uuid.UUID, p Period) string {
	return merchantID.String() + "/" + p.Start.UTC().Format(time.RFC3339Nano) + "/" + p.End.UTC().Format(time.RFC3339Nano)
}

// ErrAlreadySettled returns the error a Store's MarkSettled returns for an order
// already settled in another statement.
func ErrAlreadySettled(orderID uuid.UUID, statement string) error {
	return shopkit.NewError(shopkit.ErrConflict, CodeAlreadySettled,
		"order "+orderID.String()+" is already settled in statement "+statement)
}

// ErrStatementChanged returns the error a Store's SaveStatement returns when a
// statement with the same key but other amounts is already saved.
func ErrStatementChanged(key string) error {
	return shopkit.NewError(shopkit.ErrConflict, CodeStatementChanged,
		"statement "+key+" was saved with other amounts; corrections go into the next statement")
}

// ErrStatementNotFound returns the error a Store's Statement returns for an unknown
// key.
func ErrStatementNotFound(key string) error {
	return shopkit.NewError(shopkit.ErrNotFound, CodeStatementNotFound, "statement "+key+" not found")
}

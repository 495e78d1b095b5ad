package order

import (
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// ReserveAt says when an order's stock is reserved (R2.2).
type ReserveAt string

// The two moments stock may be reserved.
const (
	ReserveAtCreation ReserveAt = "creation" // the default: placing fails when stock is short
	ReserveAtPayment  ReserveAt = "payment"  // paying fails when stock is short
)

// Policy holds every deadline of the order workflow (R2.3). Each is a
// "within N hours/natural days" deadline: start + the duration. An action at
// exactly the deadline is in time; one nanosecond later it is late, and only
// then does the sweep apply the consequence, stamped with the deadline (R0.3).
// An order keeps the policy it was placed under, so changing the host's policy
// does not move the deadlines of orders already placed.
type Policy struct {
	// CloseUnpaidAfter: an unpaid order closes once it has been unpaid for
	// longer than this (R2.3.4, default 24h); a payment at exactly it is in
	// time (Order.PaymentDeadline).
	CloseUnpaidAfter time.Duration `json:"close_unpaid_after"`
	// PaymentReminderAfter: one payment reminder (催付) falls due once the
	// order has been unpaid for longer than this, while it is still payable
	// (R2.3.5, default 30 min): never after payment, and not when the sweep
	// only comes at or after the close deadline (strictly after it the order
	// closes instead; at exactly it nothing is due). It is the one reminder
	// of the library: under ServiceConfig.Hours it waits for business hours
	// (R6.1), and none is sent when the next opening is at or after the close
	// deadline (Order.ReminderDue).
	PaymentReminderAfter time.Duration `json:"payment_reminder_after"`
	// ConfirmWithin: the merchant confirms a paid order within this long of
	// payment, or the system confirms it and records the merchant as late
	// (R2.3.4, default 24h). The system confirms only an order whose stock is
	// reserved. Through Service a paid order always holds its reservation
	// (under ReserveAtPayment a shortage fails the payment itself); an order
	// restored without one is not confirmed by the sweep but listed by
	// NeedsAttention, and its ship deadline still runs, after which the buyer's
	// cancellation is approved automatically.
	ConfirmWithin time.Duration `json:"confirm_within"`
	// ShipWithin: the merchant ships within this long of payment; after it the
	// order is flagged ship-overdue and the buyer may cancel with an
	// automatically approved refund (R2.3.4, default 48h).
	ShipWithin time.Duration `json:"ship_within"`
	// AutoCompleteAfter: a delivered order completes this long after it was
	// signed for unless the buyer confirms earlier (R2.3.4, default 10 natural
	// days = 240h).
	AutoCompleteAfter time.Duration `json:"auto_complete_after"`
	// TrackingStaleAfter: a shipped order with no tracking update for this long
	// (since shipment or the last update) is flagged slow (R2.3.7, default 3
	// natural days = 72h).
	TrackingStaleAfter time.Duration `json:"tracking_stale_after"`
	// ReserveAt: when stock is reserved (R2.2, default at creation).
	ReserveAt ReserveAt `json:"reserve_at"`
	// HoldGrace: how long an unsealed stock hold waits for its order before
	// Service.Resume settles it (R2.2, R2.8). Place holds the stock unsealed,
	// then creates the order, then seals the hold: a hold whose order is not
	// found once HoldGrace has passed was left by a Place that failed or
	// crashed, and is released; one whose order exists is sealed. It must be
	// longer than any Place can take between its hold and the order's creation
	// (store timeouts and retries included), so that a Place still in flight is
	// never released. Resume reads it from the service's policy. The rules give
	// no number: 10 minutes by default, which a host may change.
	HoldGrace time.Duration `json:"hold_grace"`
}

// DefaultPolicy returns the platform defaults of R2.3.
func DefaultPolicy() Policy {
	return Policy{
		CloseUnpaidAfter:     24 * time.Hour,
		PaymentReminderAfter: 30 * time.Minute,
		ConfirmWithin:        24 * time.Hour,
		ShipWithin:           48 * time.Hour,
		AutoCompleteAfter:    10 * 24 * time.Hour,
		TrackingStaleAfter:   3 * 24 * time.Hour,
		ReserveAt:            ReserveAtCreation,
		HoldGrace:            10 * time.Minute,
	}
}

// Validate reports a policy with a deadline or a HoldGrace that is not
// positive or an unknown ReserveAt as a ValidationError (CodeInvalidPolicy)
// naming each field, so the
// zero Policy is invalid: start from DefaultPolicy. An empty ReserveAt means at
// creation.
func (p Policy) Validate() error {
	var problems []shopkit.FieldProblem
	for _, d := range []struct {
		field string
		v     time.Duration
	}{
		{"close_unpaid_after", p.CloseUnpaidAfter},
		{"payment_reminder_after", p.PaymentReminderAfter},
		{"confirm_within", p.ConfirmWithin},
		{"ship_within", p.ShipWithin},
		{"auto_complete_after", p.AutoCompleteAfter},
		{"tracking_stale_after", p.TrackingStaleAfter},
		{"hold_grace", p.HoldGrace},
	} {
		if d.v <= 0 {
			problems = append(problems, shopkit.FieldProblem{Field: d.field, Problem: "must be greater than zero"})
		}
	}
	switch p.ReserveAt {
	case "", ReserveAtCreation, ReserveAtPayment:
	default:
		problems = append(problems, shopkit.FieldProblem{Field: "reserve_at", Problem: "must be creation or payment"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, problems)
}

func (p Policy) reserveAtPayment() bool { return p.ReserveAt == ReserveAtPayment }

// UnmarshalJSON decodes a policy strictly: a key that is not a field of Policy
// (a misspelt "ship_withn") is a ValidationError with code CodeInvalidPolicy
// naming it, and a ReserveAt that is neither creation nor payment is
// CodeUnknownReserveAt. Durations are ISO 8601 ("PT48H"; docs/json.md). Fields the JSON does not name keep their value, so a host may
// overlay its settings on DefaultPolicy. It does not validate: the policy is
// validated where it is used.
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = Policy(v)
	return nil
}

// reserveAtSet is the strict text codec of ReserveAt; immutable after construction.
var reserveAtSet = enum.New(CodeUnknownReserveAt, "reserve_at", ReserveAtCreation, ReserveAtPayment)

// MarshalText implements encoding.TextMarshaler; the empty value (at creation)
// marshals as "", an unknown value is an error.
func (r ReserveAt) MarshalText() ([]byte, error) {
	if r == "" {
		return []byte{}, nil
	}
	return reserveAtSet.Marshal(r)
}

// UnmarshalText implements encoding.TextUnmarshaler; it accepts "", "creation"
// and "payment" and rejects anything else (CodeUnknownReserveAt),
// leaving r unchanged.
func (r *ReserveAt) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = ""
		return nil
	}
	return reserveAtSet.Unmarshal(r, b)
}

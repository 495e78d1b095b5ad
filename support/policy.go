package support

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
)

// BusinessHours is the calendar support clocks run on (R0.3, R6.3): business time
// arithmetic plus whether the shop is open. *shopkit.Calendar implements it.
type BusinessHours interface {
	shopkit.BusinessClock
	IsOpen(t time.Time) bool
}

// SLATarget is a pair of service-level targets in business time (R6.3).
type SLATarget struct {
	FirstResponse time.Duration `json:"first_response"` // from opening to the first agent reply
	Resolution    time.Duration `json:"resolution"`     // from opening to resolution, paused while waiting on the customer
}

// Policy holds every number of customer service. DefaultPolicy gives the rule
// defaults; a host may change any field. A conversation and a complaint keep the
// policy they were opened with (their snapshots carry it).
type Policy struct {
	// Hours is the business calendar of the SLA clocks (R0.3, R6.3): default
	// 09:00–24:00 every day in Asia/Shanghai. It is set in Go, not in JSON: a
	// JSON "Hours" key is an unknown field. Payment reminders (R2.3.5) are the
	// order's own (order.ServiceConfig.Hours, order.Order.ReminderDue).
	Hours BusinessHours `json:"-"`
	// SLA is the default target (R6.3). Library defaults: first response within
	// 10 minutes, resolution within 8 hours, both of business time.
	SLA SLATarget `json:"sla"`
	// SLAByPriority overrides SLA for a queue priority (see Priority), e.g. a
	// shorter first response for top-tier members. Targets per member tier are
	// keyed by Priority(tier) (rank + 1 for a tier with the priority-service
	// benefit); a tier without the benefit has priority 0 and the default SLA.
	SLAByPriority map[int]SLATarget `json:"sla_by_priority"`
	// ReopenWindow is how long after resolution the customer may reopen; when it
	// passes the system closes the conversation (R6.1). Default 72 h.
	ReopenWindow time.Duration `json:"reopen_window"`
	// CustomerSilence is how long a conversation waits on the customer before the
	// system resolves it (R6.1). Default 24 h.
	CustomerSilence time.Duration `json:"customer_silence"`
	// NewBuyerWindow is the look-back of the inquiry conversion rate (R6.6): a
	// buyer counts when they placed no order in the shop in the 21 days before
	// the inquiry day.
	NewBuyerWindow time.Duration `json:"new_buyer_window"`
	// ComplaintFollowUp is the deadline of the follow-up task created when a
	// complaint closes (R6.4). Default 72 h.
	ComplaintFollowUp time.Duration `json:"complaint_follow_up"`
	// MaxMessageLength bounds one message in bytes. Default 4000.
	MaxMessageLength int `json:"max_message_length"`
}

// DefaultPolicy returns the defaults of R6 on shopkit.DefaultCalendar().
func DefaultPolicy() Policy {
	return Policy{
		Hours:             shopkit.DefaultCalendar(),
		SLA:               SLATarget{FirstResponse: 10 * time.Minute, Resolution: 8 * time.Hour},
		ReopenWindow:      72 * time.Hour,
		CustomerSilence:   24 * time.Hour,
		NewBuyerWindow:    21 * 24 * time.Hour,
		ComplaintFollowUp: 72 * time.Hour,
		MaxMessageLength:  4000,
	}
}

// Validate checks that every target, window and limit is positive and that a
// calendar is set: a ValidationError (CodeInvalidPolicy) names every field at
// fault. The zero Policy is invalid; DefaultPolicy is valid.
func (p Policy) Validate() error {
	var ps []shopkit.FieldProblem
	if p.Hours == nil {
		ps = append(ps, shopkit.FieldProblem{Field: "hours", Problem: "is required"})
	}
	check := func(field string, d time.Duration) {
		if d <= 0 {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "must be positive"})
		}
	}
	check("sla.first_response", p.SLA.FirstResponse)
	check("sla.resolution", p.SLA.Resolution)
	for _, prio := range slices.Sorted(maps.Keys(p.SLAByPriority)) {
		field := "sla_by_priority[" + strconv.Itoa(prio) + "]"
		if prio < 0 {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "priority must not be negative"})
		}
		check(field+".first_response", p.SLAByPriority[prio].FirstResponse)
		check(field+".resolution", p.SLAByPriority[prio].Resolution)
	}
	check("reopen_window", p.ReopenWindow)
	check("customer_silence", p.CustomerSilence)
	check("new_buyer_window", p.NewBuyerWindow)
	check("complaint_follow_up", p.ComplaintFollowUp)
	if p.MaxMessageLength <= 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "max_message_length", Problem: "must be positive"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, ps)
}

// clone returns p with its own SLAByPriority map, so that a conversation keeps
// the policy it was opened with whatever the caller does with theirs (R0.3).
func (p Policy) clone() Policy {
	p.SLAByPriority = maps.Clone(p.SLAByPriority)
	return p
}

// Target returns the SLA target of a queue priority (R6.3).
func (p Policy) Target(priority int) SLATarget {
	if t, ok := p.SLAByPriority[priority]; ok {
		return t
	}
	return p.SLA
}

// Priority is a customer's queue priority (R6.2): members whose tier has the
// priority-service benefit are served first, higher tiers before lower ones;
// everyone else is 0. Within a priority the oldest waiting goes first.
func Priority(t shopkit.MemberTier) int {
	if !t.PriorityService {
		return 0
	}
	return t.Rank + 1
}

package support

import (
	"time"

	"github.com/shopkit/shopkit"
)

// The actions of a conversation outside its table: the survey answer (Rate),
// which does not move the conversation, and the SLA breach the sweep records
// (ApplyDue), which NextDeadline names.
const (
	ActRate      Action = actRate      // the customer's satisfaction score (R6.4)
	ActBreachSLA Action = "sla_breach" // the system records a missed SLA target (R6.3)
)

// ActionsAt lists what by may do with the conversation at now, in table order,
// each with its deadline (R0.3, R0.4, R6.1): what a screen shows that actor,
// so that none it lists is then refused for its party, role, state, support's
// own rule of which of the shop's people may act (CodeNotYours) or a passed
// deadline. Reopening is due by the reopen window's end: listed with it as
// Until up to and at the end, not one nanosecond after
// (CodeReopenWindowPassed). The SLA targets do not refuse the agent's reply —
// a late one is recorded as a breach — so NextDeadline names them. The
// system's timeouts (resolve a silent conversation, close after the reopen
// window) are listed for the system, which may also take them through Resolve
// and Close. Besides the table it lists the customer's rating of a resolved
// conversation not yet rated (Rate). It is empty when by is not a party.
//
// AllowedActions is the same table list without the deadline and the rating.
func (c *Conversation) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[Action] {
	var out []shopkit.Choice[Action]
	for _, ch := range conversationTable.ChoicesFor(c.state, by, c.Parties(), now, func(a Action) time.Time {
		if a == ActReopen {
			return c.stateDue
		}
		return time.Time{}
	}) {
		if admit(by, conversationMerchants(ch.Action), c.shopID, c.agentID) == nil {
			out = append(out, ch)
		}
	}
	if by.Role == shopkit.Buyer && c.Parties().Has(by) && c.rating == nil && !c.resolvedAt.IsZero() &&
		(c.state == Resolved || c.state == Closed) {
		out = append(out, shopkit.Choice[Action]{Action: ActRate})
	}
	return out
}

// NextDeadline returns the conversation's next deadline as it matters to by
// (R0.3, R6.1, R6.3), the one Deadline gives: a pending SLA target (the
// system records the breach, sla_breach, and the conversation stays in its
// state; it awaits the shop's agents), or the state's timeout (a customer
// silent while waiting: the system resolves; the reopen window's end: the
// system closes). It is false when by is not a party and when nothing is
// pending.
func (c *Conversation) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[State, Action], bool) {
	at, ok := c.Deadline()
	if !ok || !c.Parties().Has(by) {
		return shopkit.Upcoming[State, Action]{}, false
	}
	if at.Equal(c.stateDue) {
		if up, ok := conversationTable.UpcomingFor(c.state, by, c.Parties(), at); ok {
			return up, true
		}
	}
	return shopkit.Upcoming[State, Action]{At: at, Action: ActBreachSLA, To: c.state,
		Awaits: []shopkit.Role{shopkit.Merchant}}, true
}

// ActionsAt lists what by may do with the complaint at now, in table order
// (R0.4, R6.4): the table's actions for by's role less those support's own
// rule keeps from by (only the shop assigns; only the handler or the shop
// closes and follows up). No complaint action has a deadline that refuses it:
// a late follow-up is still completed, marked overdue, so NextDeadline names
// the deadline. The sweep's mark_follow_up_overdue is not listed. It is empty
// when by is not a party.
//
// AllowedActions lists the same actions without their Choice form.
func (c *Complaint) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[ComplaintAction] {
	var out []shopkit.Choice[ComplaintAction]
	for _, ch := range complaintTable.ChoicesFor(c.state, by, c.Parties(), now, nil, ActFollowUpLate) {
		if admit(by, complaintMerchants(ch.Action), c.shopID, c.handler.ID) == nil {
			out = append(out, ch)
		}
	}
	return out
}

// NextDeadline returns the follow-up deadline of a closed complaint as it
// matters to by (R0.3, R6.4): after it the system marks the follow-up overdue
// (mark_follow_up_overdue, to follow_up_overdue); it awaits the shop. It is
// false when by is not a party and in every other state.
func (c *Complaint) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[ComplaintState, ComplaintAction], bool) {
	d, ok := c.Deadline()
	if !ok {
		return shopkit.Upcoming[ComplaintState, ComplaintAction]{}, false
	}
	return complaintTable.UpcomingFor(c.state, by, c.Parties(), d)
}

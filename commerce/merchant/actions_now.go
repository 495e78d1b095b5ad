package merchant

import (
	"time"

	"github.com/shopkit/shopkit"
)

// ActionsAt lists the actions by may take on the application at now, in table
// order, each with its deadline (R0.3, R0.4, R1.1): what a screen shows that
// actor, so that none it lists is then refused for its party, role, state or
// deadline. Verifying the e-mail address is due by the token's expiry: listed
// with it as Until up to and at the expiry, not one nanosecond after
// (CodeTokenExpired; the applicant asks for a new token, which stays listed).
// The review deadline does not refuse the platform's decision — an overdue
// review is still decided — so NextDeadline, not Until, names it. The sweep's
// mark_overdue is not listed. It is empty when by is not a party.
//
// AllowedActions is the same list by party, role and state alone.
func (m *Merchant) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[Action] {
	return merchantFSM.ChoicesFor(m.state, by, m.Parties(), now, func(a Action) time.Time {
		if a == MerchantVerifyEmail {
			return m.tokenExpiresAt
		}
		return time.Time{}
	}, MerchantMarkOverdue)
}

// NextDeadline returns the review deadline of an application under review as
// it matters to by (R0.3, R1.1): after it the system marks the review overdue
// (mark_overdue, to review_overdue) and the platform is told; the platform is
// the one it waits for. It is false when by is not a party and in every other
// state (the global-purchase evaluation of an active merchant is the system's
// own schedule, NextEvaluation).
func (m *Merchant) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[State, Action], bool) {
	if !m.state.Waiting() {
		return shopkit.Upcoming[State, Action]{}, false
	}
	return merchantFSM.UpcomingFor(m.state, by, m.Parties(), m.reviewDue)
}

package catalog

import (
	"time"

	"github.com/shopkit/shopkit"
)

// ActionsAt lists the actions by may take on the listing at now, in table
// order (R0.3, R0.4, R2.1): what a screen shows that actor, so that none it
// lists is then refused for its party, role or state. No listing action has a
// deadline of its own: the review deadline is the automatic review's, and when
// it passes the sweep escalates the listing (NextDeadline); the reviewers still
// decide. The sweep's escalate is not listed. An edit (edit or revise) takes
// the row the changed fields call for. It is empty when by is not a party.
//
// AllowedActions lists the same actions without their Choice form.
func (l *Listing) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[ListingAction] {
	return listingFSM.ChoicesFor(l.state, by, l.Parties(), now, nil, ListingEscalate)
}

// NextDeadline returns the review deadline of a submitted listing as it
// matters to by (R0.3, R2.1): after it the system escalates the listing to
// manual review (escalate, to manual_review). It is false when by is not a
// party and in every other state.
func (l *Listing) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[ListingState, ListingAction], bool) {
	d, ok := l.Deadline()
	if !ok {
		return shopkit.Upcoming[ListingState, ListingAction]{}, false
	}
	return listingFSM.UpcomingFor(l.state, by, l.Parties(), d)
}

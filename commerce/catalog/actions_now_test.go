package catalog_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R0.4, R2.1: in every state of the listing workflow, for each party and
// a stranger of each role, around the review deadline: every listed action is
// accepted, every other one fails with ErrNotAllowed. No listing action
// depends on the instant, so lstAct takes each at its own fixed time; the
// sweep's escalate has no method (TestListingR2_1_ReviewDeadlineEscalates).
func TestListingActionsAtAreAccepted_R0_3(t *testing.T) {
	w := authztest.Choices[catalog.ListingAction, *catalog.Listing]{
		Actions: []catalog.ListingAction{catalog.ListingSubmit, catalog.ListingApprove, catalog.ListingReject,
			catalog.ListingPublish, catalog.ListingUnpublish, catalog.ListingEdit, catalog.ListingRevise,
			catalog.ListingTakeDown, catalog.ListingRemove},
		List:  (*catalog.Listing).ActionsAt,
		Clone: (*catalog.Listing).Clone,
		Act: func(l *catalog.Listing, a catalog.ListingAction, by shopkit.Actor, _ time.Time) error {
			return lstAct(l, a, by)
		},
		Own: map[catalog.ListingAction]string{
			catalog.ListingRevise: "Edit takes the row the change calls for: where revise is no row (a draft, a rejected listing) the same change is an edit",
		},
	}
	for _, state := range catalog.ListingWorkflow(catalog.DefaultListingPolicy()).States() {
		if state == catalog.ListingRemoved {
			continue // terminal: covered by the stranger's and the parties' empty lists below
		}
		t.Run(string(state), func(t *testing.T) {
			l := lstInState(t, state)
			d, _ := l.Deadline()
			instants := append([]time.Time{lstT0}, authztest.Around(d)...)
			assert.Positive(t, authztest.ActionsHold(t, w, l, authztest.Actors(l.Parties()), instants))
		})
	}
}

// R2.1, R0.3: a submitted listing's next deadline is the automatic review's:
// escalate to manual_review, applied one nanosecond after it.
func TestListingNextDeadlineIsTheReview_R2_1(t *testing.T) {
	l := lstInState(t, catalog.ListingSubmitted)
	d, _ := l.Deadline()
	up, ok := l.NextDeadline(lstMerchant)
	require.True(t, ok)
	assert.Equal(t, shopkit.Upcoming[catalog.ListingState, catalog.ListingAction]{At: d, Action: catalog.ListingEscalate,
		To: catalog.ListingManualReview, Awaits: []shopkit.Role{shopkit.Platform}}, up)
	_, ok = l.NextDeadline(shopkit.Actor{Role: shopkit.Merchant, ID: authztest.OtherShop().String()})
	assert.False(t, ok)
	require.NoError(t, l.ApplyDue(d.Add(time.Nanosecond)))
	assert.Equal(t, up.To, l.State())
	_, ok = l.NextDeadline(lstMerchant)
	assert.False(t, ok)
}

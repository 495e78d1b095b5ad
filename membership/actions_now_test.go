package membership_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.4, R5.2, R5.4: a new member and one with a pending grant, for each party
// and a stranger of each role: every listed action is accepted, every other
// one fails with ErrNotAllowed (finishing a grant when none is pending: not
// found). A member waits on no deadline.
func TestMemberActionsAtAreAccepted_R5_4(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	w := authztest.Choices[string, *membership.Member]{
		Actions: []string{membership.ActionAdjust, membership.ActionGrantCoupon, membership.ActionIssueCoupon},
		List:    (*membership.Member).ActionsAt,
		Clone:   (*membership.Member).Clone,
		Act: func(m *membership.Member, a string, by shopkit.Actor, at time.Time) error {
			switch a {
			case membership.ActionAdjust:
				return m.Adjust(set, by, "Gold", "loyal customer", at)
			case membership.ActionGrantCoupon:
				_, err := m.RequestCoupon(by, "tpl-1", 5, "welcome", at)
				return err
			}
			key := ""
			if p := m.PendingCoupons(); len(p) > 0 {
				key = p[0].Key
			}
			_, _, err := m.FinishCoupon(by, key, "coupon-1", at)
			return err
		},
		Own: map[string]string{membership.ActionIssueCoupon: "no pending grant: CodeUnknownGrant, not found"},
	}
	fresh := newMember(t)
	pending := fresh.Clone()
	_, err := pending.RequestCoupon(merchant(), "tpl-1", 5, "welcome", start())
	require.NoError(t, err)
	for _, m := range []*membership.Member{fresh, pending} {
		assert.Positive(t, authztest.ActionsHold(t, w, m, authztest.Actors(m.Parties()), []time.Time{start()}))
		_, ok := m.NextDeadline(merchant())
		assert.False(t, ok)
	}
	assert.Empty(t, fresh.ActionsAt(shopkit.Actor{Role: shopkit.Buyer, ID: customer}, start()), "the customer takes none")
	assert.Empty(t, new(membership.Member).ActionsAt(shopkit.SystemActor(), start()))
}

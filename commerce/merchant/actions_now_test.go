package merchant_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R0.4, R1.1: in every state of the application workflow, for each party
// and a stranger of each role, at the start and one nanosecond before, at and
// after each deadline (the token's expiry, the review deadline): every listed
// action is accepted, every other one fails with ErrNotAllowed. The sweep's
// mark_overdue has no method (TestMerchantReviewOverdue_R1_1 drives it).
func TestMerchantActionsAtAreAccepted_R0_3(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	cal := merchantTestCalendar(t)
	w := authztest.Choices[merchant.Action, *merchant.Merchant]{
		Actions: []merchant.Action{merchant.MerchantResendVerification, merchant.MerchantVerifyEmail,
			merchant.MerchantUpdateProfile, merchant.MerchantChooseCategories, merchant.MerchantSubmit,
			merchant.MerchantApprove, merchant.MerchantReject, merchant.MerchantEdit, merchant.MerchantWithdraw},
		List:  (*merchant.Merchant).ActionsAt,
		Clone: (*merchant.Merchant).Clone,
		Act: func(m *merchant.Merchant, a merchant.Action, by shopkit.Actor, now time.Time) error {
			return mtAct(m, a, by, now, cal)
		},
	}
	for _, state := range []merchant.State{merchant.MerchantRegistered, merchant.MerchantDraft, merchant.MerchantUnderReview,
		merchant.MerchantReviewOverdue, merchant.MerchantRejected} {
		t.Run(string(state), func(t *testing.T) {
			m := mtInState(t, state, at)
			actors := authztest.Actors(m.Parties())
			due, _ := m.Deadline()
			instants := append([]time.Time{at}, authztest.Around(append(authztest.Untils(w, m, actors, at), due)...)...)
			assert.Positive(t, authztest.ActionsHold(t, w, m, actors, instants))
		})
	}
}

// R1.1, R0.3: the applicant sees verify_email until the token expires, at the
// expiry too, and not one nanosecond after, when VerifyEmail is
// CodeTokenExpired; resending stays listed.
func TestMerchantVerifyEmailUntilTheTokenExpires_R1_1(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtRegistered(t, at)
	me := authztest.Rightful(shopkit.Merchant, m.Parties())
	var expiry time.Time
	for _, ch := range m.ActionsAt(me, at) {
		if ch.Action == merchant.MerchantVerifyEmail {
			expiry = ch.Until
		}
	}
	require.False(t, expiry.IsZero(), "verify_email is due by the token's expiry")
	assert.Contains(t, m.ActionsAt(me, expiry), shopkit.Choice[merchant.Action]{Action: merchant.MerchantVerifyEmail, Until: expiry})
	late := m.ActionsAt(me, expiry.Add(time.Nanosecond))
	assert.NotContains(t, late, shopkit.Choice[merchant.Action]{Action: merchant.MerchantVerifyEmail, Until: expiry})
	assert.Contains(t, late, shopkit.Choice[merchant.Action]{Action: merchant.MerchantResendVerification})
	assert.Equal(t, merchant.CodeTokenExpired, shopkit.CodeOf(m.Clone().VerifyEmail(me, expiry.Add(time.Nanosecond), mtToken)))
}

// R1.1: under review the next deadline is the review's: mark_overdue, to
// review_overdue, awaiting the platform; a stranger sees none.
func TestMerchantNextDeadlineIsTheReview_R1_1(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtSubmitted(t, at)
	due, _ := m.Deadline()
	up, ok := m.NextDeadline(authztest.Rightful(shopkit.Merchant, m.Parties()))
	require.True(t, ok)
	assert.Equal(t, shopkit.Upcoming[merchant.State, merchant.Action]{At: due, Action: merchant.MerchantMarkOverdue,
		To: merchant.MerchantReviewOverdue, Awaits: []shopkit.Role{shopkit.Platform}}, up)
	_, ok = m.NextDeadline(shopkit.Actor{Role: shopkit.Merchant, ID: authztest.OtherShop().String()})
	assert.False(t, ok)
	_, ok = mtDraft(t, at).NextDeadline(authztest.Rightful(shopkit.Merchant, m.Parties()))
	assert.False(t, ok, "a draft waits on no deadline")
}

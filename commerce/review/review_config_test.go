package review_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commerce/review/reviewtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A service is built only from a complete configuration: each missing
// dependency and each bad policy number is named, never a panic later.
func TestNewServiceRejectsIncompleteConfig(t *testing.T) {
	_, err := review.NewService(review.ServiceConfig{})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, review.CodeInvalidConfig, ve.Code())
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.Equal(t, []string{"store", "orders", "clock", "policy.review_window", "policy.max_text_length"}, fields)

	_, err = review.NewService(review.ServiceConfig{Store: reviewtest.NewStore(), Orders: ordertest.NewStore(),
		Policy: review.DefaultPolicy(), Clock: func() time.Time { return t0 }})
	require.NoError(t, err)
}

// R2.6: the policy's numbers are checked; the zero policy is invalid.
func TestPolicyValidate_R2_6(t *testing.T) {
	require.NoError(t, review.DefaultPolicy().Validate())
	p := review.DefaultPolicy()
	p.MaxTextLength = 0
	var ve *shopkit.ValidationError
	require.ErrorAs(t, p.Validate(), &ve)
	assert.Equal(t, review.CodeInvalidPolicy, ve.Code())
	assert.Equal(t, "max_text_length", ve.Field)
	assert.Equal(t, review.CodeInvalidPolicy, shopkit.CodeOf(review.Policy{}.Validate()))
}

// R0.4: a review's notifications carry the stable ID "<review id>#<seq>", also
// after a store round trip.
func TestReviewEffectIDs_R0_4(t *testing.T) {
	o, done := completedOrder(t)
	r, err := review.NewReview(o, buyer, 5, "好茶", review.DefaultPolicy(), done)
	require.NoError(t, err)
	h := r.History()
	require.Len(t, h, 2)
	assert.Equal(t, shopkit.EntryEffect, h[1].Kind)
	assert.Equal(t, r.ID().String()+"#2", h[1].Effect.ID)

	back, err := review.RestoreReview(r.Snapshot())
	require.NoError(t, err)
	require.NoError(t, back.Reply(merchant, "谢谢", done))
	u := back.Unsaved()
	require.Len(t, u, 2)
	assert.Equal(t, r.ID().String()+"#4", u[1].Effect.ID)
}

// R2.6: a restored review keeps the policy it was given under, so a snapshot
// without a valid one, an ID or an order is rejected.
func TestRestoreReviewRejectsBadSnapshots_R2_6(t *testing.T) {
	good := review.Snapshot{ID: uuid.New(), OrderID: uuid.New(), BuyerID: "b", Stars: 3, CreatedAt: t0, Policy: review.DefaultPolicy()}
	_, err := review.RestoreReview(good)
	require.NoError(t, err)
	for name, c := range map[string]struct {
		edit func(*review.Snapshot)
		code string
	}{
		"no policy": {func(s *review.Snapshot) { s.Policy = review.Policy{} }, review.CodeInvalidPolicy},
		"no id":     {func(s *review.Snapshot) { s.ID = uuid.Nil }, review.CodeInvalidReview},
		"no order":  {func(s *review.Snapshot) { s.OrderID = uuid.Nil }, review.CodeInvalidReview},
		"6 stars":   {func(s *review.Snapshot) { s.Stars = 6 }, review.CodeInvalidRating},
	} {
		s := good
		c.edit(&s)
		_, err := review.RestoreReview(s)
		assert.Equal(t, c.code, shopkit.CodeOf(err), name)
	}
}

// R2.6: only a merchant replies; anyone else gets the review workflow's
// TransitionError.
func TestReplyWrongRole_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	r, err := review.NewReview(o, buyer, 4, "", review.DefaultPolicy(), done)
	require.NoError(t, err)
	var te *shopkit.TransitionError
	require.ErrorAs(t, r.Reply(buyer, "me too", done), &te)
	assert.Equal(t, review.WorkflowName, te.Workflow)
	assert.Equal(t, review.CodeWrongRole, te.Code())
}

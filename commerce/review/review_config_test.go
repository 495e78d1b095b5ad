package review_test

import (
	"encoding/json"
	"slices"
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

// R2.8, R0.4: a review's snapshot is state a host may keep as JSON: it
// round-trips, reviewed and replied, and carries the length of the trail, not
// the trail.
func TestReviewSnapshotJSONRoundTrip_R2_8(t *testing.T) {
	o, done := completedOrder(t)
	r, err := review.NewReview(o, buyer, 4, "好茶，包装好", review.DefaultPolicy(), done)
	require.NoError(t, err)
	replied := r.Clone()
	require.NoError(t, replied.Reply(merchant, "谢谢", done.Add(time.Hour)))
	for name, v := range map[string]*review.Review{"reviewed": r, "replied": replied} {
		b, err := json.Marshal(v.Snapshot())
		require.NoError(t, err, name)
		var s review.Snapshot
		require.NoError(t, json.Unmarshal(b, &s), name)
		assert.Equal(t, v.Snapshot(), s, name)
		assert.Equal(t, len(v.History()), s.Seq, name)
		back, err := review.RestoreReview(s)
		require.NoError(t, err, name)
		assert.Equal(t, v.Snapshot(), back.Snapshot(), name)
		assert.Empty(t, back.History(), name)
	}
}

// R2.6, R0.4 (issue 14: every restore validates its snapshot): a restored
// review keeps the policy it was given under, and a snapshot no review could
// have is rejected with a typed error naming the field: no valid policy, a
// missing ID, order, party or time, an ID not derived from the order, a bad
// listing, a text too long, a reply half recorded.
func TestRestoreReviewRejectsBadSnapshots_R2_6(t *testing.T) {
	orderID := uuid.New()
	good := review.Snapshot{ID: review.IDFor(orderID), OrderID: orderID, BuyerID: "b", MerchantID: uuid.New(),
		ListingIDs: []uuid.UUID{uuid.New()}, Stars: 3, Text: "好", CreatedAt: t0, Policy: review.DefaultPolicy()}
	_, err := review.RestoreReview(good)
	require.NoError(t, err)
	replied := good
	replied.Reply = review.Reply{Text: "谢谢", By: "shop", At: t0, Replied: true}
	r, err := review.RestoreReview(replied)
	require.NoError(t, err)
	assert.Equal(t, review.Replied, r.State())
	for name, c := range map[string]struct {
		edit  func(*review.Snapshot)
		code  string
		field string
	}{
		"no policy":        {func(s *review.Snapshot) { s.Policy = review.Policy{} }, review.CodeInvalidPolicy, "review_window"},
		"no id":            {func(s *review.Snapshot) { s.ID = uuid.Nil }, review.CodeInvalidReview, "id"},
		"another id":       {func(s *review.Snapshot) { s.ID = uuid.New() }, review.CodeInvalidReview, "id"},
		"no order":         {func(s *review.Snapshot) { s.OrderID = uuid.Nil }, review.CodeInvalidReview, "order_id"},
		"no buyer":         {func(s *review.Snapshot) { s.BuyerID = "" }, review.CodeInvalidReview, "buyer_id"},             // R0.4: both parties
		"no shop":          {func(s *review.Snapshot) { s.MerchantID = uuid.Nil }, review.CodeInvalidReview, "merchant_id"}, // R0.4: both parties
		"no time":          {func(s *review.Snapshot) { s.CreatedAt = time.Time{} }, review.CodeInvalidReview, "created_at"},
		"nil listing":      {func(s *review.Snapshot) { s.ListingIDs = []uuid.UUID{uuid.Nil} }, review.CodeInvalidReview, "listing_ids[0]"},
		"repeated listing": {func(s *review.Snapshot) { s.ListingIDs = append(s.ListingIDs, s.ListingIDs[0]) }, review.CodeInvalidReview, "listing_ids[1]"},
		"0 stars":          {func(s *review.Snapshot) { s.Stars = 0 }, review.CodeInvalidRating, "stars"},
		"6 stars":          {func(s *review.Snapshot) { s.Stars = 6 }, review.CodeInvalidRating, "stars"},
		"negative seq":     {func(s *review.Snapshot) { s.Seq = -1 }, review.CodeInvalidReview, "seq"}, // R0.4: a trail's length
		"text too long": {func(s *review.Snapshot) {
			s.Policy.MaxTextLength = 0
			s.Policy = review.Policy{ReviewWindow: time.Hour, MaxTextLength: 1}
			s.Text = "好评"
		}, review.CodeInvalidReview, "text"},
		"reply not replied": {func(s *review.Snapshot) { s.Reply = review.Reply{Text: "hi", By: "shop", At: t0} }, review.CodeInvalidReview, "reply"},
		"reply no text":     {func(s *review.Snapshot) { s.Reply = review.Reply{Text: " ", By: "shop", At: t0, Replied: true} }, review.CodeInvalidReview, "reply.text"},
		"reply no author":   {func(s *review.Snapshot) { s.Reply = review.Reply{Text: "hi", At: t0, Replied: true} }, review.CodeInvalidReview, "reply.by"},
		"reply no time":     {func(s *review.Snapshot) { s.Reply = review.Reply{Text: "hi", By: "shop", Replied: true} }, review.CodeInvalidReview, "reply.at"},
		"reply too long": {func(s *review.Snapshot) {
			s.Policy = review.Policy{ReviewWindow: time.Hour, MaxTextLength: 1}
			s.Text = ""
			s.Reply = review.Reply{Text: "谢谢", By: "shop", At: t0, Replied: true}
		}, review.CodeInvalidReview, "reply.text"},
	} {
		s := good
		s.ListingIDs = slices.Clone(good.ListingIDs)
		c.edit(&s)
		_, err := review.RestoreReview(s)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, c.code, ve.Code(), name)
		assert.Equal(t, c.field, ve.Problems[0].Field, name)
	}
}

// R2.6 (issue 14: strict decoding of host-supplied config): a policy decodes
// from JSON over the defaults; an unknown key — a misspelt setting — and a
// value of the wrong type are ValidationErrors naming the field, and leave the
// policy as it was.
func TestPolicyDecodesStrictly_R2_6(t *testing.T) {
	p := review.DefaultPolicy()
	require.NoError(t, json.Unmarshal([]byte(`{"max_text_length": 500}`), &p))
	assert.Equal(t, review.Policy{ReviewWindow: review.DefaultPolicy().ReviewWindow, MaxTextLength: 500}, p)
	for input, field := range map[string]string{
		`{"max_text_lenght": 10}`:     "max_text_lenght",
		`{"review_window": "15d"}`:    "review_window",
		`{"review_window": "P15D"}`:   "review_window",
		`{"review_window": 86400000}`: "review_window",
	} {
		before := p
		err := json.Unmarshal([]byte(input), &p)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve, input)
		assert.Equal(t, review.CodeInvalidPolicy, ve.Code(), input)
		assert.Equal(t, field, ve.Problems[0].Field, input)
		assert.Equal(t, before, p, input)
	}
}

// R2.6 (issue 14: enums decode only their names): a state or action a
// frontend sends is one of the workflow's, or a ValidationError naming it.
func TestStateAndActionDecodeStrictly_R2_6(t *testing.T) {
	var v struct {
		State  review.State
		Action review.Action
	}
	require.NoError(t, json.Unmarshal([]byte(`{"state": "replied", "action": "reply"}`), &v))
	assert.Equal(t, review.Replied, v.State)
	assert.Equal(t, review.ActionReply, v.Action)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, json.Unmarshal([]byte(`{"state": "Replied"}`), &v), &ve)
	assert.Equal(t, review.CodeInvalidState, ve.Code())
	assert.Equal(t, "state", ve.Problems[0].Field)
	require.ErrorAs(t, json.Unmarshal([]byte(`{"action": "delete"}`), &v), &ve)
	assert.Equal(t, review.CodeInvalidAction, ve.Code())
	_, err := json.Marshal(review.State("nope"))
	require.Error(t, err)
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

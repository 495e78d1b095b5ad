package review_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commerce/review/reviewtest"
	"github.com/shopkit/shopkit/internal/authztest"
)

// subject is what a row of the review workflow acts on: the completed order,
// and its review once there is one.
type subject struct {
	order  *order.Order
	review *review.Review
	done   time.Time // the order's completion
}

func (s *subject) parties() shopkit.Parties {
	if s.review != nil {
		return s.review.Parties()
	}
	return s.order.Parties()
}

// newSubject returns a completed order in state from: unreviewed, or reviewed
// by its buyer.
func newSubject(t *testing.T, from review.State, _ review.Action) *subject {
	o, done := completedOrder(t)
	s := &subject{order: o, done: done}
	if from == review.Reviewed {
		r, err := review.NewReview(o, buyer, 4, "fine", review.DefaultPolicy(), done)
		require.NoError(t, err)
		s.review = r
	}
	return s
}

// act takes action as by with valid arguments.
func act(s *subject, action review.Action, by shopkit.Actor) error {
	switch action {
	case review.ActionReview:
		r, err := review.NewReview(s.order, by, 5, "好评", review.DefaultPolicy(), s.done)
		if err == nil {
			s.review = r
		}
		return err
	case review.ActionReply:
		return s.review.Reply(by, "谢谢", s.done.Add(time.Hour))
	}
	return fmt.Errorf("no method takes %s", action)
}

// snapshot is the order's snapshot and the review's, if any.
func snapshot(s *subject) any {
	out := []any{s.order.Snapshot()}
	if s.review != nil {
		out = append(out, s.review.Snapshot())
	}
	return out
}

// allowed is what a frontend shows by: the review's allowed actions, or, before
// there is a review, what the workflow lets by do on the order.
func allowed(s *subject, by shopkit.Actor) []review.Action {
	if s.review != nil {
		return s.review.AllowedActions(by)
	}
	return review.ReviewWorkflow(review.DefaultPolicy()).AllowedFor(review.Unreviewed, by, s.order.Parties())
}

// R0.4, R2.6 (issue 14: "a merchant of shop B can take shop A's one reply to a
// review", only the buyer's identity was checked): every row of the review
// workflow refuses another buyer, another shop's merchant and its staff, an
// operator of another shop and actors without an ID with CodeNotParty,
// changing neither the order nor the review, and lets the rightful party act —
// the order's buyer reviews, the reviewed shop's merchant replies.
func TestReviewEveryRowChecksParties_R0_4(t *testing.T) {
	authztest.EveryRow(t, authztest.Workflow[review.State, review.Action, *subject]{
		Table:    review.ReviewWorkflow(review.DefaultPolicy()),
		New:      newSubject,
		Parties:  (*subject).parties,
		Act:      act,
		Snapshot: snapshot,
		Allowed:  allowed,
	})
}

// R0.4: a review's parties are its order's; its shop's staff reply through
// Actor.Shops; AllowedActions answers for the actor and is empty once replied.
func TestReviewParties_R0_4(t *testing.T) {
	o, done := completedOrder(t)
	r, err := review.NewReview(o, buyer, 3, "ok", review.DefaultPolicy(), done)
	require.NoError(t, err)
	assert.Equal(t, o.Parties(), r.Parties())
	assert.Equal(t, review.Reviewed, r.State())

	staff := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-7", Shops: []uuid.UUID{o.MerchantID()}}
	assert.Equal(t, []review.Action{review.ActionReply}, r.AllowedActions(staff))
	assert.Empty(t, r.AllowedActions(buyer), "the buyer is a party with nothing to do")
	assert.Empty(t, r.AllowedActions(shopkit.Actor{Role: shopkit.Merchant, ID: authztest.OtherShop().String()}))
	assert.Empty(t, r.AllowedActions(shopkit.Actor{Role: shopkit.Merchant}), "an empty ID is never a party")

	assert.Equal(t, review.CodeWrongRole, shopkit.CodeOf(r.Reply(buyer, "me", done)))
	require.NoError(t, r.Reply(staff, "谢谢", done.Add(time.Hour)))
	reply, _ := r.MerchantReply()
	assert.Equal(t, staff.ID, reply.By)
	assert.Equal(t, review.Replied, r.State())
	assert.Empty(t, r.AllowedActions(staff), "the merchant replies once")
	assert.Equal(t, review.CodeNotParty, shopkit.CodeOf(r.Reply(shopkit.Actor{Role: shopkit.Merchant, ID: authztest.OtherShop().String()}, "x", done)),
		"a stranger learns nothing, not even that the review is replied")
}

// R0.4 (issue 14): through the service, another shop's merchant can neither
// take the reply nor review, an empty ID neither: CodeNotParty, and the store
// is unchanged.
func TestServiceChecksParties_R0_4(t *testing.T) {
	ctx := context.Background()
	orders, store := ordertest.NewStore(), reviewtest.NewStore()
	o, done := completedOrder(t)
	require.NoError(t, orders.Create(ctx, o))
	svc, err := review.NewService(review.ServiceConfig{Store: store, Orders: orders,
		Policy: review.DefaultPolicy(), Clock: func() time.Time { return done.Add(time.Hour) }})
	require.NoError(t, err)

	for _, by := range []shopkit.Actor{{Role: shopkit.Buyer}, {Role: shopkit.Buyer, ID: "buyer-2"}} {
		_, err = svc.Review(ctx, o.ID(), by, 1, "bad")
		assert.Equal(t, review.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	_, err = store.Get(ctx, review.IDFor(o.ID()))
	require.ErrorIs(t, err, shopkit.ErrNotFound, "no review was stored")

	r, err := svc.Review(ctx, o.ID(), buyer, 4, "good")
	require.NoError(t, err)
	stored := func() review.Snapshot {
		got, err := store.Get(ctx, r.ID())
		require.NoError(t, err)
		return got.Snapshot()
	}
	before := stored()
	for _, by := range []shopkit.Actor{
		{Role: shopkit.Merchant, ID: authztest.OtherShop().String()},
		{Role: shopkit.Merchant, Shops: []uuid.UUID{o.MerchantID()}},
	} {
		_, err = svc.Reply(ctx, r.ID(), by, "mine now")
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, review.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		assert.Equal(t, before, stored(), "%+v", by)
	}
	_, err = svc.Reply(ctx, r.ID(), merchant, "thank you")
	require.NoError(t, err)
}

package review_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
)

// R0.3, R0.4, R2.6: before the review (on the completed order) and after it
// (on the review), for each party and a stranger of each role, one nanosecond
// before, at and after the review window's end: every listed action is
// accepted, every other one fails with ErrNotAllowed. The window's end is
// listed as the review's Until, so it is in time at the end and not 1 ns
// later; the reply has no deadline.
func TestReviewActionsAtAreAccepted_R2_6(t *testing.T) {
	w := authztest.Choices[review.Action, *subject]{
		Actions: []review.Action{review.ActionReview, review.ActionReply},
		List: func(s *subject, by shopkit.Actor, at time.Time) []shopkit.Choice[review.Action] {
			if s.review != nil {
				return s.review.ActionsAt(by, at)
			}
			return review.ActionsOnOrder(s.order, by, at, review.DefaultPolicy())
		},
		Clone: func(s *subject) *subject {
			c := *s
			c.order = s.order.Clone()
			if s.review != nil {
				c.review = s.review.Clone()
			}
			return &c
		},
		Act: func(s *subject, a review.Action, by shopkit.Actor, at time.Time) error {
			if a == review.ActionReview {
				if s.review != nil {
					_, err := review.NewReview(s.order, by, 5, "好评", review.DefaultPolicy(), at)
					if err == nil {
						return shopkit.NewError(shopkit.ErrConflict, "test.reviewed", "the order has its review")
					}
					return err
				}
				_, err := review.NewReview(s.order, by, 5, "好评", review.DefaultPolicy(), at)
				return err
			}
			if s.review == nil {
				return shopkit.NewError(shopkit.ErrNotFound, "test.no_review", "no review to reply to")
			}
			return s.review.Reply(by, "谢谢", at)
		},
		Own: map[review.Action]string{
			review.ActionReview: "a second review of the order is the store's conflict (IDFor)",
			review.ActionReply:  "an order without a review has nothing to reply to",
		},
	}
	for _, state := range []review.State{review.Unreviewed, review.Reviewed} {
		t.Run(string(state), func(t *testing.T) {
			s := newSubject(t, state, "")
			end := s.done.Add(review.DefaultPolicy().ReviewWindow)
			instants := append([]time.Time{s.done}, authztest.Around(end)...)
			assert.Positive(t, authztest.ActionsHold(t, w, s, authztest.Actors(s.parties()), instants))
		})
	}
	s := newSubject(t, review.Unreviewed, "")
	end := s.done.Add(review.DefaultPolicy().ReviewWindow)
	assert.Equal(t, []shopkit.Choice[review.Action]{{Action: review.ActionReview, Until: end}},
		review.ActionsOnOrder(s.order, buyer, end, review.DefaultPolicy()))
	assert.Empty(t, review.ActionsOnOrder(s.order, buyer, end.Add(time.Nanosecond), review.DefaultPolicy()))
	_, ok := newSubject(t, review.Reviewed, "").review.NextDeadline(buyer)
	assert.False(t, ok)
	assert.Empty(t, review.ActionsOnOrder(nil, buyer, end, review.DefaultPolicy()))
	assert.Empty(t, new(review.Review).ActionsAt(buyer, end))
}

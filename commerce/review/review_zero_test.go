package review_test

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/review"
)

// Issue 14 (no panic outside Must…): a Review that NewReview or RestoreReview
// did not build refuses to be replied to with shopkit.CodeNotBuilt and offers
// no action; a nil order is shopkit.CodeNilArgument.
func TestZeroReviewIsNotBuilt(t *testing.T) {
	r := new(review.Review)
	err := r.Reply(shopkit.SystemActor(), "hi", t0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	assert.Empty(t, r.History())
	assert.Empty(t, r.AllowedActions(shopkit.SystemActor()))
	var none *review.Review
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(none.Reply(merchant, "hi", t0)))

	_, err = review.NewReview(nil, buyer, 5, "", review.DefaultPolicy(), t0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
}

// Issue 14, R2.8: a Service that NewService did not build returns
// shopkit.CodeNotBuilt from every method.
func TestZeroServiceIsNotBuilt(t *testing.T) {
	s, ctx := new(review.Service), context.Background()
	errs := map[string]error{}
	_, errs["review"] = s.Review(ctx, uuid.New(), buyer, 5, "")
	_, errs["reply"] = s.Reply(ctx, uuid.New(), merchant, "hi")
	_, errs["listing_rating"] = s.ListingRating(ctx, uuid.New())
	_, errs["merchant_rating"] = s.MerchantRating(ctx, uuid.New())
	for name, err := range errs {
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err), name)
	}
}

// R2.6: a nil stream of reviews, and a nil review in one, count nothing: the
// documented zero result, never a panic.
func TestRatingsOfNilStreams_R2_6(t *testing.T) {
	assert.Equal(t, review.Rating{}, review.ListingRating(nil, uuid.New()))
	assert.Equal(t, review.Rating{}, review.MerchantRating(nil, uuid.New()))
	assert.Empty(t, review.RatingsByListing(nil))

	m, l := uuid.New(), uuid.New()
	withNil := iter.Seq[*review.Review](func(yield func(*review.Review) bool) {
		if yield(nil) {
			yield(reviewOf(t, m, l, 4))
		}
	})
	assert.Equal(t, review.Rating{Count: 1, Stars: 4}, review.ListingRating(withNil, l))
	assert.Equal(t, review.Rating{Count: 1, Stars: 4}, review.MerchantRating(withNil, m))
	assert.Equal(t, review.Rating{Count: 1, Stars: 4}, review.RatingsByListing(withNil)[l])

	// A store whose stream is nil has no reviews to average.
	svc, err := review.NewService(review.ServiceConfig{Store: nilStreams{}, Orders: nilOrders{},
		Policy: review.DefaultPolicy(), Clock: func() time.Time { return t0 }})
	require.NoError(t, err)
	got, err := svc.MerchantRating(context.Background(), m)
	require.NoError(t, err)
	assert.Equal(t, review.Rating{}, got)
	_, err = svc.Review(context.Background(), uuid.New(), buyer, 5, "")
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err), "an order reader that finds a nil order")
}

// nilStreams is a broken store whose queries return nil streams.
type nilStreams struct{ review.Store }

func (nilStreams) ByListing(context.Context, uuid.UUID) iter.Seq2[*review.Review, error] { return nil }
func (nilStreams) ByMerchant(context.Context, uuid.UUID) iter.Seq2[*review.Review, error] {
	return nil
}

// nilOrders is a broken order reader that finds a nil order.
type nilOrders struct{}

func (nilOrders) Get(context.Context, uuid.UUID) (*order.Order, error) { return nil, nil }

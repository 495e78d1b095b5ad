package commerce_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// completedOrder is completed by its buyer; it returns the completion time.
func completedOrder(t testing.TB) (*commerce.Order, time.Time) {
	o, shipped := shippedOrder(t)
	require.NoError(t, o.Deliver(system, shipped.Add(time.Hour), shipped.Add(time.Hour)))
	done := shipped.Add(2 * time.Hour)
	require.NoError(t, o.Complete(buyer, done))
	return o, done
}

// R2.6: a review within exactly 15 days of completion is accepted; 1 ns later the
// window is closed.
func TestReviewWindow_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	p := commerce.DefaultReviewPolicy()
	assert.Equal(t, 15*24*time.Hour, p.ReviewWindow)

	r, err := commerce.NewReview(o, buyer, 5, "好茶", p, done.Add(15*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 5, r.Stars())
	assert.Equal(t, commerce.ReviewIDFor(o.ID()), r.ID())
	assert.Len(t, r.ListingIDs(), 2)

	_, err = commerce.NewReview(o, buyer, 5, "好茶", p, done.Add(15*24*time.Hour+time.Nanosecond))
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, "commerce.review_window_closed", shopkit.CodeOf(err))
}

// R2.6: 1–5 stars, by the order's buyer, on a completed order.
func TestReviewInput_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	p := commerce.DefaultReviewPolicy()
	for _, stars := range []int{0, 6, -1} {
		_, err := commerce.NewReview(o, buyer, stars, "", p, done)
		assert.Equal(t, "commerce.invalid_rating", shopkit.CodeOf(err), stars)
	}
	for _, stars := range []int{1, 5} {
		_, err := commerce.NewReview(o, buyer, stars, "", p, done)
		assert.NoError(t, err, stars)
	}
	_, err := commerce.NewReview(o, commerce.Actor{Role: shopkit.Buyer, ID: "someone-else"}, 3, "", p, done)
	assert.Equal(t, "commerce.not_order_buyer", shopkit.CodeOf(err))
	_, err = commerce.NewReview(o, commerce.Actor{Role: shopkit.Merchant, ID: buyer.ID}, 5, "", p, done)
	assert.Equal(t, "commerce.not_order_buyer", shopkit.CodeOf(err), "a merchant cannot rate")
	open, _ := shippedOrder(t)
	_, err = commerce.NewReview(open, buyer, 3, "", p, done)
	assert.Equal(t, "commerce.order_not_completed", shopkit.CodeOf(err))
	_, err = commerce.NewReview(o, buyer, 3, "", commerce.ReviewPolicy{}, done)
	assert.Equal(t, "commerce.invalid_review_policy", shopkit.CodeOf(err))
}

// R2.6: the review and the reply are bounded by the policy's text length in
// characters (not bytes): exactly the limit is accepted, one more is rejected,
// and a rejected reply changes nothing.
func TestReviewTextLength_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	p := commerce.DefaultReviewPolicy()
	p.MaxTextLength = 5
	_, err := commerce.NewReview(o, buyer, 4, "好好好好好好", p, done)
	assert.Equal(t, "commerce.invalid_review", shopkit.CodeOf(err))
	r, err := commerce.NewReview(o, buyer, 4, "好好好好好", p, done)
	require.NoError(t, err)

	before := r.Snapshot()
	for _, bad := range []string{"谢谢谢谢谢谢", " ", ""} {
		err = r.Reply(merchant, bad, done)
		assert.Equal(t, "commerce.invalid_review", shopkit.CodeOf(err), bad)
		assert.Equal(t, before, r.Snapshot())
	}
	require.NoError(t, r.Reply(merchant, "谢谢谢谢谢", done))

	// The limit survives a store round trip.
	back, err := commerce.RestoreReview(before)
	require.NoError(t, err)
	assert.Equal(t, "commerce.invalid_review", shopkit.CodeOf(back.Reply(merchant, "谢谢谢谢谢谢", done)))
}

// R2.6: the merchant replies once; a second reply is rejected and changes nothing.
func TestReviewReplyOnce_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	r, err := commerce.NewReview(o, buyer, 2, "slow", commerce.DefaultReviewPolicy(), done)
	require.NoError(t, err)
	assert.Equal(t, "commerce.wrong_role", shopkit.CodeOf(r.Reply(buyer, "me too", done)))
	require.NoError(t, r.Reply(merchant, "sorry, we changed carrier", done.Add(time.Hour)))
	before := r.Snapshot()
	err = r.Reply(merchant, "again", done.Add(2*time.Hour))
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, "commerce.already_replied", shopkit.CodeOf(err))
	assert.Equal(t, before, r.Snapshot())
	reply, ok := r.MerchantReply()
	require.True(t, ok)
	assert.Equal(t, "sorry, we changed carrier", reply.Text)
}

func reviewOf(t testing.TB, merchantID, listing uuid.UUID, stars int) *commerce.Review {
	r, err := commerce.RestoreReview(commerce.ReviewSnapshot{ID: uuid.New(), OrderID: uuid.New(), BuyerID: "b",
		MerchantID: merchantID, ListingIDs: []uuid.UUID{listing}, Stars: stars, CreatedAt: t0})
	require.NoError(t, err)
	return r
}

// R2.6: listing and merchant averages are exact (no floats): 5, 4, 4 averages
// 13/3 = 4.33 to two places, half-up.
func TestRatings_R2_6(t *testing.T) {
	m1, m2 := uuid.New(), uuid.New()
	l1, l2 := uuid.New(), uuid.New()
	reviews := []*commerce.Review{reviewOf(t, m1, l1, 5), reviewOf(t, m1, l1, 4), reviewOf(t, m1, l2, 4), reviewOf(t, m2, l2, 1)}

	r := commerce.MerchantRating(slices.Values(reviews), m1)
	assert.Equal(t, commerce.Rating{Count: 3, Stars: 13}, r)
	avg, ok := r.Average(2)
	require.True(t, ok)
	assert.Equal(t, "4.33", avg.String())

	l := commerce.ListingRating(slices.Values(reviews), l2)
	assert.Equal(t, commerce.Rating{Count: 2, Stars: 5}, l)
	avg, _ = l.Average(1)
	assert.Equal(t, "2.5", avg.String())

	by := commerce.RatingsByListing(slices.Values(reviews))
	assert.Equal(t, commerce.Rating{Count: 2, Stars: 9}, by[l1])

	_, ok = commerce.ListingRating(slices.Values(reviews), uuid.New()).Average(2)
	assert.False(t, ok, "no reviews: no average")

	// Half-up at the last place: 5 + 7 × 4 = 33 over 8 = 4.125 → 4.13 (half-even
	// would say 4.12); 4.125 itself to three places is exact.
	eight := []*commerce.Review{reviewOf(t, m1, l1, 5)}
	for range 7 {
		eight = append(eight, reviewOf(t, m1, l1, 4))
	}
	avg, _ = commerce.MerchantRating(slices.Values(eight), m1).Average(2)
	assert.Equal(t, "4.13", avg.String())
	avg, _ = commerce.MerchantRating(slices.Values(eight), m1).Average(3)
	assert.Equal(t, "4.125", avg.String())
}

// R2.6: ratings stream: a million reviews produced one at a time are counted
// exactly without being held (the generator reuses two values).
func TestRatingsStream_R2_6(t *testing.T) {
	m, l := uuid.New(), uuid.New()
	five, one := reviewOf(t, m, l, 5), reviewOf(t, m, l, 1)
	const n = 1_000_000
	seq := func(yield func(*commerce.Review) bool) {
		for i := range n {
			r := five
			if i%4 == 0 {
				r = one
			}
			if !yield(r) {
				return
			}
		}
	}
	got := commerce.ListingRating(seq, l)
	assert.Equal(t, commerce.Rating{Count: n, Stars: n/4*1 + n*3/4*5}, got)
	avg, _ := got.Average(2)
	assert.Equal(t, "4.00", avg.StringFixed(2))
	assert.Equal(t, commerce.Rating{Count: n, Stars: 4 * n}, commerce.MerchantRating(seq, m))
}

// R2.6: the service stores one review per order and averages what is stored.
func TestReviewService_R2_6(t *testing.T) {
	ctx := context.Background()
	orders := commercetest.NewOrderStore()
	o, done := completedOrder(t)
	require.NoError(t, orders.Create(ctx, o))
	svc := &commerce.ReviewService{Store: commercetest.NewReviewStore(), Orders: orders,
		Policy: commerce.DefaultReviewPolicy(), Clock: func() time.Time { return done.Add(24 * time.Hour) }}
	r, err := svc.Review(ctx, o.ID(), buyer, 4, "good")
	require.NoError(t, err)
	_, err = svc.Review(ctx, o.ID(), buyer, 1, "changed my mind")
	assert.ErrorIs(t, err, shopkit.ErrConflict)
	_, err = svc.Reply(ctx, r.ID(), merchant, "thank you")
	require.NoError(t, err)
	_, err = svc.Reply(ctx, r.ID(), merchant, "thank you again")
	assert.Equal(t, "commerce.already_replied", shopkit.CodeOf(err))

	got, err := svc.MerchantRating(ctx, o.MerchantID())
	require.NoError(t, err)
	assert.Equal(t, commerce.Rating{Count: 1, Stars: 4}, got)
	got, err = svc.ListingRating(ctx, o.Lines()[1].ListingID)
	require.NoError(t, err)
	assert.Equal(t, commerce.Rating{Count: 1, Stars: 4}, got)
}

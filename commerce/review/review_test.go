package review_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commerce/review/reviewtest"
	"github.com/shopkit/shopkit/internal/fixture"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	buyer    = fixture.Buyer
	merchant = fixture.Merchant
	t0       = fixture.T0
	system   = fixture.System
)

// shippedOrder is paid, confirmed and shipped by the order's own parties; it
// returns the shipment time.
func shippedOrder(t testing.TB) (*order.Order, time.Time) {
	o, paid := fixture.PaidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
	shipped := paid.Add(2 * time.Hour)
	require.NoError(t, o.Ship(merchant, "SF Express", "SF1234567890", shipped))
	return o, shipped
}

// completedOrder is completed by its buyer; it returns the completion time.
func completedOrder(t testing.TB) (*order.Order, time.Time) {
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
	p := review.DefaultPolicy()
	assert.Equal(t, 15*24*time.Hour, p.ReviewWindow)

	r, err := review.NewReview(o, buyer, 5, "好茶", p, done.Add(15*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 5, r.Stars())
	assert.Equal(t, review.IDFor(o.ID()), r.ID())
	assert.Len(t, r.ListingIDs(), 2)

	_, err = review.NewReview(o, buyer, 5, "好茶", p, done.Add(15*24*time.Hour+time.Nanosecond))
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, review.CodeWindowClosed, shopkit.CodeOf(err))
}

// R2.6: 1–5 stars, by the order's buyer, on a completed order.
func TestReviewInput_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	p := review.DefaultPolicy()
	for _, stars := range []int{0, 6, -1} {
		_, err := review.NewReview(o, buyer, stars, "", p, done)
		assert.Equal(t, review.CodeInvalidRating, shopkit.CodeOf(err), stars)
	}
	for _, stars := range []int{1, 5} {
		_, err := review.NewReview(o, buyer, stars, "", p, done)
		assert.NoError(t, err, stars)
	}
	_, err := review.NewReview(o, shopkit.Actor{Role: shopkit.Buyer, ID: "someone-else"}, 3, "", p, done)
	assert.Equal(t, review.CodeNotParty, shopkit.CodeOf(err), "another buyer")
	_, err = review.NewReview(o, shopkit.Actor{Role: shopkit.Merchant, ID: buyer.ID}, 5, "", p, done)
	assert.Equal(t, review.CodeNotParty, shopkit.CodeOf(err), "a merchant named like the buyer")
	_, err = review.NewReview(o, merchant, 5, "", p, done)
	assert.Equal(t, review.CodeWrongRole, shopkit.CodeOf(err), "the order's own merchant cannot rate")
	open, _ := shippedOrder(t)
	_, err = review.NewReview(open, buyer, 3, "", p, done)
	assert.Equal(t, review.CodeOrderNotCompleted, shopkit.CodeOf(err))
	_, err = review.NewReview(o, buyer, 3, "", review.Policy{}, done)
	assert.Equal(t, review.CodeInvalidPolicy, shopkit.CodeOf(err))
}

// R2.6: the review and the reply are bounded by the policy's text length in
// characters (not bytes): exactly the limit is accepted, one more is rejected,
// and a rejected reply changes nothing.
func TestReviewTextLength_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	p := review.DefaultPolicy()
	p.MaxTextLength = 5
	_, err := review.NewReview(o, buyer, 4, "好好好好好好", p, done)
	assert.Equal(t, review.CodeInvalidReview, shopkit.CodeOf(err))
	r, err := review.NewReview(o, buyer, 4, "好好好好好", p, done)
	require.NoError(t, err)

	before := r.Snapshot()
	for _, bad := range []string{"谢谢谢谢谢谢", " ", ""} {
		err = r.Reply(merchant, bad, done)
		assert.Equal(t, review.CodeInvalidReview, shopkit.CodeOf(err), bad)
		assert.Equal(t, before, r.Snapshot())
	}
	require.NoError(t, r.Reply(merchant, "谢谢谢谢谢", done))

	// The limit survives a store round trip.
	back, err := review.RestoreReview(before)
	require.NoError(t, err)
	assert.Equal(t, review.CodeInvalidReview, shopkit.CodeOf(back.Reply(merchant, "谢谢谢谢谢谢", done)))
}

// R2.6: the merchant replies once; a second reply is rejected (the review is
// replied: CodeWrongState) and changes nothing.
func TestReviewReplyOnce_R2_6(t *testing.T) {
	o, done := completedOrder(t)
	r, err := review.NewReview(o, buyer, 2, "slow", review.DefaultPolicy(), done)
	require.NoError(t, err)
	assert.Equal(t, review.CodeWrongRole, shopkit.CodeOf(r.Reply(buyer, "me too", done)))
	require.NoError(t, r.Reply(merchant, "sorry, we changed carrier", done.Add(time.Hour)))
	before := r.Snapshot()
	err = r.Reply(merchant, "again", done.Add(2*time.Hour))
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, review.CodeWrongState, shopkit.CodeOf(err))
	assert.Equal(t, before, r.Snapshot())
	assert.Equal(t, review.Replied, r.State())
	reply, ok := r.MerchantReply()
	require.True(t, ok)
	assert.Equal(t, "sorry, we changed carrier", reply.Text)
}

func reviewOf(t testing.TB, merchantID, listing uuid.UUID, stars int) *review.Review {
	orderID := uuid.New()
	r, err := review.RestoreReview(review.Snapshot{ID: review.IDFor(orderID), OrderID: orderID, BuyerID: "b",
		MerchantID: merchantID, ListingIDs: []uuid.UUID{listing}, Stars: stars, CreatedAt: t0, Policy: review.DefaultPolicy()})
	require.NoError(t, err)
	return r
}

// R2.6: listing and merchant averages are exact (no floats): 5, 4, 4 averages
// 13/3 = 4.33 to two places, half-up.
func TestRatings_R2_6(t *testing.T) {
	m1, m2 := uuid.New(), uuid.New()
	l1, l2 := uuid.New(), uuid.New()
	reviews := []*review.Review{reviewOf(t, m1, l1, 5), reviewOf(t, m1, l1, 4), reviewOf(t, m1, l2, 4), reviewOf(t, m2, l2, 1)}

	r := review.MerchantRating(slices.Values(reviews), m1)
	assert.Equal(t, review.Rating{Count: 3, Stars: 13}, r)
	avg, ok := r.Average(2)
	require.True(t, ok)
	assert.Equal(t, "4.33", avg.String())

	l := review.ListingRating(slices.Values(reviews), l2)
	assert.Equal(t, review.Rating{Count: 2, Stars: 5}, l)
	avg, _ = l.Average(1)
	assert.Equal(t, "2.5", avg.String())

	by := review.RatingsByListing(slices.Values(reviews))
	assert.Equal(t, review.Rating{Count: 2, Stars: 9}, by[l1])

	_, ok = review.ListingRating(slices.Values(reviews), uuid.New()).Average(2)
	assert.False(t, ok, "no reviews: no average")

	// Half-up at the last place: 5 + 7 × 4 = 33 over 8 = 4.125 → 4.13 (half-even
	// would say 4.12); 4.125 itself to three places is exact.
	eight := []*review.Review{reviewOf(t, m1, l1, 5)}
	for range 7 {
		eight = append(eight, reviewOf(t, m1, l1, 4))
	}
	avg, _ = review.MerchantRating(slices.Values(eight), m1).Average(2)
	assert.Equal(t, "4.13", avg.String())
	avg, _ = review.MerchantRating(slices.Values(eight), m1).Average(3)
	assert.Equal(t, "4.125", avg.String())
}

// R2.6: ratings stream: a million reviews produced one at a time are counted
// exactly without being held (the generator reuses two values).
func TestRatingsStream_R2_6(t *testing.T) {
	m, l := uuid.New(), uuid.New()
	five, one := reviewOf(t, m, l, 5), reviewOf(t, m, l, 1)
	const n = 1_000_000
	seq := func(yield func(*review.Review) bool) {
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
	got := review.ListingRating(seq, l)
	assert.Equal(t, review.Rating{Count: n, Stars: n/4*1 + n*3/4*5}, got)
	avg, _ := got.Average(2)
	assert.Equal(t, "4.00", avg.StringFixed(2))
	assert.Equal(t, review.Rating{Count: n, Stars: 4 * n}, review.MerchantRating(seq, m))
}

// R2.6: the service stores one review per order and averages what is stored.
func TestReviewService_R2_6(t *testing.T) {
	ctx := context.Background()
	orders := ordertest.NewStore()
	o, done := completedOrder(t)
	require.NoError(t, orders.Create(ctx, o))
	svc, err := review.NewService(review.ServiceConfig{Store: reviewtest.NewStore(), Orders: orders,
		Policy: review.DefaultPolicy(), Clock: func() time.Time { return done.Add(24 * time.Hour) }})
	require.NoError(t, err)
	r, err := svc.Review(ctx, o.ID(), buyer, 4, "good")
	require.NoError(t, err)
	_, err = svc.Review(ctx, o.ID(), buyer, 1, "changed my mind")
	assert.ErrorIs(t, err, shopkit.ErrConflict)
	_, err = svc.Reply(ctx, r.ID(), merchant, "thank you")
	require.NoError(t, err)
	_, err = svc.Reply(ctx, r.ID(), merchant, "thank you again")
	assert.Equal(t, review.CodeWrongState, shopkit.CodeOf(err))

	got, err := svc.MerchantRating(ctx, o.MerchantID())
	require.NoError(t, err)
	assert.Equal(t, review.Rating{Count: 1, Stars: 4}, got)
	got, err = svc.ListingRating(ctx, o.Lines()[1].ListingID)
	require.NoError(t, err)
	assert.Equal(t, review.Rating{Count: 1, Stars: 4}, got)
}

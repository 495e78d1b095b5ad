package reviewtest

import (
	"context"
	"errors"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Store is an in-memory review.Store, safe for concurrent use. ByListing and
// ByMerchant read every review (a production store indexes them).
type Store struct {
	*memstore.Store[*review.Review]
}

var _ review.Store = (*Store)(nil)

// NewStore returns an empty in-memory review store.
func NewStore() *Store {
	return &Store{memstore.NewAggregate[*review.Review]("review", review.CodeReviewNotFound, review.CodeReviewExists)}
}

// ByListing streams the reviews rating listing, oldest first.
func (s *Store) ByListing(ctx context.Context, listing uuid.UUID) iter.Seq2[*review.Review, error] {
	return s.find(ctx, func(r *review.Review) bool { return slices.Contains(r.ListingIDs(), listing) })
}

// ByMerchant streams the reviews of merchant's orders, oldest first.
func (s *Store) ByMerchant(ctx context.Context, merchant uuid.UUID) iter.Seq2[*review.Review, error] {
	return s.find(ctx, func(r *review.Review) bool { return r.MerchantID() == merchant })
}

func (s *Store) find(ctx context.Context, keep func(*review.Review) bool) iter.Seq2[*review.Review, error] {
	return func(yield func(*review.Review, error) bool) {
		found, err := s.Find(ctx, keep)
		if err != nil {
			yield(nil, err)
			return
		}
		slices.SortFunc(found, func(a, b *review.Review) int { return a.CreatedAt().Compare(b.CreatedAt()) })
		for _, r := range found {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestStore checks a review store against the contract of R0.4, R2.6 and
// R2.8: a round trip of every field, also through JSON, one review per order,
// not-found, a failed update writes nothing, the trail appended once and in
// order and read in pages, a loaded review that holds no history, concurrent
// replies leave exactly one (the others CodeWrongState), and the two queries.
// Every review it makes is of an order of its own.
func TestStore(t *testing.T, newStore func() review.Store) {
	ctx := context.Background()
	// merchant is the reviewed shop's merchant, the one party who replies (R0.4).
	merchant := func(r *review.Review) shopkit.Actor {
		return shopkit.Actor{Role: shopkit.Merchant, ID: r.MerchantID().String()}
	}
	trail := func(t *testing.T, s review.Store, id uuid.UUID) []shopkit.Entry {
		return storetest.ReadTrail(t, s, id)
	}

	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		r := fullReview(t, uuid.New(), uuid.New(), 4)
		require.NoError(t, r.Reply(merchant(r), "thanks", r.CreatedAt().Add(time.Hour)))
		require.NoError(t, s.Create(ctx, r))
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		assert.Equal(t, normalReview(r.Snapshot()), normalReview(got.Snapshot()))
	})

	t.Run("JSONRoundTrip", func(t *testing.T) {
		r := fullReview(t, uuid.New(), uuid.New(), 4)
		assert.Equal(t, normalReview(r.Snapshot()), normalReview(jsonRoundTrip(t, r).Snapshot()))
		require.NoError(t, r.Reply(merchant(r), "thanks", r.CreatedAt().Add(time.Hour)))
		assert.Equal(t, normalReview(r.Snapshot()), normalReview(jsonRoundTrip(t, r).Snapshot()))
	})

	t.Run("OneReviewPerOrder_R2_6", func(t *testing.T) {
		s := newStore()
		order := uuid.New()
		require.NoError(t, s.Create(ctx, fullReview(t, order, uuid.New(), 5)))
		require.ErrorIs(t, s.Create(ctx, fullReview(t, order, uuid.New(), 1)), shopkit.ErrConflict)
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		require.ErrorIs(t, s.Update(ctx, uuid.New(), func(*review.Review) error { return nil }), shopkit.ErrNotFound)
		_, err = s.Trail(ctx, uuid.New(), 0, 10)
		require.ErrorIs(t, err, shopkit.ErrNotFound)
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		r := fullReview(t, uuid.New(), uuid.New(), 3)
		require.NoError(t, s.Create(ctx, r))
		before := trail(t, s, r.ID())
		boom := errors.New("boom")
		err := s.Update(ctx, r.ID(), func(x *review.Review) error {
			require.NoError(t, x.Reply(merchant(x), "hi", x.CreatedAt()))
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		_, replied := got.MerchantReply()
		assert.False(t, replied)
		assert.Equal(t, before, trail(t, s, r.ID()))
	})

	// R0.4: the trail holds the entries of the create and of the reply, each
	// once, in order, numbered from 1, read in pages from any cursor; a loaded
	// review holds none of them and numbers on from the trail's last.
	t.Run("TrailAppendedOnceInOrder_R0_4", func(t *testing.T) {
		s := newStore()
		r := givenReview(t)
		want := r.Unsaved()
		require.Len(t, want, 2, "the review and its notification")
		require.NoError(t, s.Create(ctx, r))
		loaded, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		assert.Empty(t, loaded.History())
		assert.Equal(t, len(want), loaded.Snapshot().Seq)
		require.NoError(t, s.Update(ctx, r.ID(), func(x *review.Review) error {
			if err := x.Reply(merchant(x), "谢谢", x.CreatedAt().Add(time.Hour)); err != nil {
				return err
			}
			want = append(want, x.Unsaved()...)
			return nil
		}))
		got := trail(t, s, r.ID())
		require.Equal(t, want, got)
		assert.Equal(t, r.ID().String()+"#4", got[3].Effect.ID, "the reply's notification numbers on from the trail")
		page, err := s.Trail(ctx, r.ID(), 1, 2)
		require.NoError(t, err)
		assert.Equal(t, want[1:3], page)
		end, err := s.Trail(ctx, r.ID(), len(want), 5)
		require.NoError(t, err)
		assert.Empty(t, end)
		_, err = s.Trail(ctx, r.ID(), -1, 5)
		assert.Equal(t, shopkit.CodeInvalidCursor, shopkit.CodeOf(err))
		_, err = s.Trail(ctx, r.ID(), 0, 0)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	})

	t.Run("ConcurrentRepliesOnce_R2_6", func(t *testing.T) {
		s := newStore()
		r := fullReview(t, uuid.New(), uuid.New(), 2)
		require.NoError(t, s.Create(ctx, r))
		before := len(trail(t, s, r.ID()))
		var wg sync.WaitGroup
		results := make(chan error, 16)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A store may give up on a transient failure instead of waiting
				// (ErrRetry); the writer repeats, a bounded number of times.
				for try := 1; ; try++ {
					err := s.Update(ctx, r.ID(), func(x *review.Review) error { return x.Reply(merchant(x), "sorry", x.CreatedAt()) })
					if errors.Is(err, shopkit.ErrRetry) && try < 1000 {
						continue
					}
					results <- err
					return
				}
			}()
		}
		wg.Wait()
		close(results)
		ok := 0
		for err := range results {
			if err == nil {
				ok++
			} else {
				assert.Equal(t, review.CodeWrongState, shopkit.CodeOf(err), "a second reply: the review is replied")
			}
		}
		assert.Equal(t, 1, ok)
		assert.Len(t, trail(t, s, r.ID()), before+2) // one reply and its notification
	})

	t.Run("Queries", func(t *testing.T) {
		s := newStore()
		shared, other := uuid.New(), uuid.New()
		a := fullReview(t, uuid.New(), shared, 5)
		b := fullReview(t, uuid.New(), other, 2)
		for _, r := range []*review.Review{a, b} {
			require.NoError(t, s.Create(ctx, r))
		}
		var ids []uuid.UUID
		for r, err := range s.ByListing(ctx, a.ListingIDs()[0]) {
			require.NoError(t, err)
			ids = append(ids, r.ID())
		}
		assert.Equal(t, []uuid.UUID{a.ID()}, ids)
		ids = nil
		for r, err := range s.ByMerchant(ctx, other) {
			require.NoError(t, err)
			ids = append(ids, r.ID())
		}
		assert.Equal(t, []uuid.UUID{b.ID()}, ids)
	})
}

// jsonRoundTrip encodes the review's snapshot as JSON and restores the review
// from it, as a host store with a JSON state column does.
func jsonRoundTrip(t testing.TB, r *review.Review) *review.Review {
	t.Helper()
	return storetest.ViaJSON(t, r.Snapshot(), review.RestoreReview, nil)
}

// givenReview is a new review of a completed order of its own, given by its
// buyer: it holds the entries its Create appends.
func givenReview(t testing.TB) *review.Review {
	t.Helper()
	done := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	shop := uuid.New()
	o, err := order.RestoreOrder(order.Snapshot{
		ID: uuid.New(), Number: "20261122100000000001", BuyerID: "buyer-1", MerchantID: shop,
		Lines: []order.Line{{SKU: "S", ListingID: uuid.New(), UnitPrice: shopkit.CNY(100), Quantity: 1,
			Subtotal: shopkit.CNY(100), Paid: shopkit.CNY(100)}},
		Total: shopkit.CNY(100), State: order.OrderCompleted, Policy: order.DefaultPolicy(),
		PlacedAt: done.Add(-72 * time.Hour), PaidAt: done.Add(-71 * time.Hour), CompletedAt: done,
		Payment: order.Payment{Method: order.Alipay, Amount: shopkit.CNY(100), GatewayRef: "ALI-1", PaidAt: done.Add(-71 * time.Hour)},
	})
	require.NoError(t, err)
	r, err := review.NewReview(o, shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-1"}, 5, "好评", review.DefaultPolicy(), done)
	require.NoError(t, err)
	return r
}

// fullReview returns a review of order for merchant with every field set but
// the reply. Its Seq is 0: the review is new to the store, whose trail starts
// at the entries of its Create.
func fullReview(t testing.TB, order, merchant uuid.UUID, stars int) *review.Review {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	r, err := review.RestoreReview(review.Snapshot{
		ID: review.IDFor(order), OrderID: order, BuyerID: "buyer-1", MerchantID: merchant,
		ListingIDs: []uuid.UUID{uuid.New(), uuid.New()}, Stars: stars, Text: "好评", CreatedAt: at,
		Policy: review.Policy{ReviewWindow: 10 * 24 * time.Hour, MaxTextLength: 500},
	})
	require.NoError(t, err)
	return r
}

func normalReview(s review.Snapshot) review.Snapshot {
	s.CreatedAt = s.CreatedAt.UTC().Round(0)
	s.Reply.At = s.Reply.At.UTC().Round(0)
	if len(s.ListingIDs) == 0 {
		s.ListingIDs = nil
	}
	return s
}

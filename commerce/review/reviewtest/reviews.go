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
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/internal/memstore"
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

// TestStore checks a review store against the contract of R2.8: a round
// trip of every field, one review per order, not-found, a failed update writes
// nothing, concurrent replies leave exactly one (the others CodeWrongState), and
// the two queries.
func TestStore(t *testing.T, newStore func() review.Store) {
	ctx := context.Background()
	// merchant is the reviewed shop's merchant, the one party who replies (R0.4).
	merchant := func(r *review.Review) shopkit.Actor {
		return shopkit.Actor{Role: shopkit.Merchant, ID: r.MerchantID().String()}
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
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		r := fullReview(t, uuid.New(), uuid.New(), 3)
		require.NoError(t, s.Create(ctx, r))
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
	})

	t.Run("ConcurrentRepliesOnce_R2_6", func(t *testing.T) {
		s := newStore()
		r := fullReview(t, uuid.New(), uuid.New(), 2)
		require.NoError(t, s.Create(ctx, r))
		var wg sync.WaitGroup
		results := make(chan error, 16)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					err := s.Update(ctx, r.ID(), func(x *review.Review) error { return x.Reply(merchant(x), "sorry", x.CreatedAt()) })
					if errors.Is(err, shopkit.ErrConflict) {
						continue // a store may report a conflict instead of waiting
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
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		assert.Len(t, got.History(), len(r.History())+2) // one reply and its notification
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

// fullReview returns a review of order for merchant with every field set.
func fullReview(t testing.TB, order, merchant uuid.UUID, stars int) *review.Review {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	r, err := review.RestoreReview(review.Snapshot{
		ID: review.IDFor(order), OrderID: order, BuyerID: "buyer-1", MerchantID: merchant,
		ListingIDs: []uuid.UUID{uuid.New(), uuid.New()}, Stars: stars, Text: "好评", CreatedAt: at,
		Policy: review.Policy{ReviewWindow: 10 * 24 * time.Hour, MaxTextLength: 500},
		History: []shopkit.Entry{{Kind: shopkit.EntryChange, At: at, Role: shopkit.Buyer, Actor: "buyer-1",
			Action: "review", To: "reviewed", Evidence: []string{"img"}}},
	})
	require.NoError(t, err)
	return r
}

func normalReview(s review.Snapshot) review.Snapshot {
	s.CreatedAt = s.CreatedAt.UTC().Round(0)
	s.Reply.At = s.Reply.At.UTC().Round(0)
	for i := range s.History {
		s.History[i].At = s.History[i].At.UTC().Round(0)
		if len(s.History[i].Evidence) == 0 {
			s.History[i].Evidence = nil
		}
	}
	if len(s.ListingIDs) == 0 {
		s.ListingIDs = nil
	}
	return s
}

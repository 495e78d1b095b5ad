package pgstore_test

import (
	"context"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commerce/review/reviewtest"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The review store passes the review kit (R0.4, R2.6, R2.8) in both
// isolation modes.
func TestReviews(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		reviewtest.TestStore(t, func() review.Store { s.Empty(t); return db.Reviews() })
	})
}

// reviewAt is a review of an order of its own for merchant, rating listings,
// created at at.
func reviewAt(t *testing.T, merchant uuid.UUID, at time.Time, listings ...uuid.UUID) *review.Review {
	t.Helper()
	orderID := uuid.New()
	r, err := review.RestoreReview(review.Snapshot{
		ID: review.IDFor(orderID), OrderID: orderID, BuyerID: "buyer-1", MerchantID: merchant,
		ListingIDs: listings, Stars: 4, Text: "好评", CreatedAt: at, Policy: review.DefaultPolicy(),
	})
	require.NoError(t, err)
	return r
}

// The two streams yield every matching review oldest first, ties by ID,
// however they were inserted; leaving a loop early hands the connection back
// to the pool, and a done context is one error, yielded once (R2.8).
func TestReviews_StreamsOldestFirst_R2_8(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, s := open(t, false)
	store := db.Reviews()
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	merchant, listing := uuid.New(), uuid.New()
	var mine []*review.Review
	for _, hours := range []int{3, 1, 2, 1} {
		r := reviewAt(t, merchant, at.Add(time.Duration(hours)*time.Hour+time.Nanosecond), listing, uuid.New())
		require.NoError(t, store.Create(ctx, r))
		mine = append(mine, r)
	}
	require.NoError(t, store.Create(ctx, reviewAt(t, uuid.New(), at, uuid.New())))
	slices.SortFunc(mine, func(a, b *review.Review) int {
		if c := a.CreatedAt().Compare(b.CreatedAt()); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	want := make([]uuid.UUID, len(mine))
	for i, r := range mine {
		want[i] = r.ID()
	}
	for name, seq := range map[string]func() []uuid.UUID{
		"ByMerchant": func() []uuid.UUID {
			var ids []uuid.UUID
			for r, err := range store.ByMerchant(ctx, merchant) {
				require.NoError(t, err)
				ids = append(ids, r.ID())
			}
			return ids
		},
		"ByListing": func() []uuid.UUID {
			var ids []uuid.UUID
			for r, err := range store.ByListing(ctx, listing) {
				require.NoError(t, err)
				ids = append(ids, r.ID())
			}
			return ids
		},
	} {
		assert.Equal(t, want, seq(), name)
	}

	for r, err := range store.ByMerchant(ctx, merchant) {
		require.NoError(t, err)
		assert.Equal(t, want[0], r.ID())
		break
	}
	assert.Zero(t, s.Pool.Stat().AcquiredConns(), "a loop left early releases its connection")

	done, cancel := context.WithCancel(ctx)
	cancel()
	var errs []error
	for r, err := range store.ByListing(done, listing) {
		assert.Nil(t, r)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

// A Reviews that DB.Reviews did not build streams one error, the not-built
// one, never a panic (R2.8).
func TestReviews_ZeroValueStreamsNotBuilt_R2_8(t *testing.T) {
	ctx := context.Background()
	for name, seq := range map[string]iter.Seq2[*review.Review, error]{
		"ByListing":  new(pgstore.Reviews).ByListing(ctx, uuid.New()),
		"ByMerchant": new(pgstore.Reviews).ByMerchant(ctx, uuid.New()),
	} {
		var errs []error
		for r, err := range seq {
			assert.Nil(t, r, name)
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, name)
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(errs[0]), name)
	}
}

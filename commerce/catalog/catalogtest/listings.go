package catalogtest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ListingStore is an in-memory catalog.ListingStore, safe for concurrent use,
// with Due and Claim indexed by deadline and each listing's trail kept apart
// from its state. ListByMerchant reads every listing: a production store uses
// an index on the merchant.
type ListingStore struct {
	*memstore.Store[*catalog.Listing]
}

var _ catalog.ListingStore = (*ListingStore)(nil)

// NewListingStore returns an empty in-memory listing store.
func NewListingStore() *ListingStore {
	return &ListingStore{memstore.NewAggregate[*catalog.Listing]("listing", catalog.CodeListingNotFound, catalog.CodeListingExists)}
}

// ListByMerchant lists at most limit (≥ 1) of a merchant's listings, oldest
// first (ties by ID).
func (s *ListingStore) ListByMerchant(ctx context.Context, merchantID uuid.UUID, limit int) ([]*catalog.Listing, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.Find(ctx, func(l *catalog.Listing) bool { return l.MerchantID() == merchantID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *catalog.Listing) int {
		if c := a.CreatedAt().Compare(b.CreatedAt()); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	return out[:min(len(out), limit)], nil
}

// fullListing is a new listing of merchant with every content field set. Its
// SKUs are its own, so a store that keeps SKUs unique passes.
func fullListing(t testing.TB, merchant uuid.UUID, at time.Time) *catalog.Listing {
	t.Helper()
	sku := "CLEAN-2H-" + uuid.NewString()
	tiers, err := catalog.NewPriceTiers([]catalog.PriceTier{
		{MinQty: 10, MaxQty: 99, UnitPrice: shopkit.CNY(1000)},
		{MinQty: 100, UnitPrice: shopkit.CNY(850)},
	})
	require.NoError(t, err)
	l, err := catalog.NewListing(merchant, catalog.ListingContent{
		Kind: catalog.ListingKindService, Name: "上门保洁 2小时", Description: "专业保洁，含工具",
		Category: "home.cleaning", Images: []string{"img/1.jpg", "img/2.jpg"}, Price: shopkit.CNY(19900),
		Stock: 7, ServiceTime: catalog.ServiceTime{Duration: 2 * time.Hour, Description: "工作日 9:00–18:00"},
		SKUs: []string{sku, sku + "-WEEKEND"}, Tiers: tiers,
	}, shopkit.Actor{Role: shopkit.Merchant, ID: merchant.String()}, at) // the merchant itself
	require.NoError(t, err)
	return l
}

// TestListingStore is the conformance suite for a catalog.ListingStore (R2.8,
// R2.9, R0.4): the store contract of internal/storetest — round trip of every
// field, in the store and through JSON, atomic updates under concurrent
// writers, nothing written when fn fails, not-found, the trail appended once
// and in order, Due order and limit, claims that split due work between
// sweepers — a limit below 1 rejected, and ListByMerchant with its order and
// limit. Each subtest gets a fresh store.
func TestListingStore(t *testing.T, newStore func() catalog.ListingStore) {
	merchant := uuid.New()
	listingStart := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := catalog.DefaultListingPolicy()
	// touch can be made again and again and leaves a due listing due: the
	// review rejects the submitted listing, and the merchant reopens and
	// submits it again, so that its new deadline, a day after listingStart,
	// has long passed at the instants the suite sweeps at (late in 2026-11).
	touch := func(l *catalog.Listing) error {
		now := listingStart.Add(5 * time.Minute)
		m := shopkit.Actor{Role: shopkit.Merchant, ID: merchant.String()}
		if err := l.Reject(shopkit.SystemActor(), now, l.Revision(), []catalog.Finding{{Code: catalog.CodeBannedWord, Field: "name", Detail: "name contains banned word"}}); err != nil {
			return err
		}
		if _, err := l.Edit(m, now, l.Content(), p); err != nil {
			return err
		}
		return l.Submit(m, now, p)
	}
	storetest.Run(t, func() storetest.Store[*catalog.Listing] { return newStore() }, storetest.Harness[*catalog.Listing]{
		Full: func(t testing.TB) *catalog.Listing {
			l := fullListing(t, merchant, listingStart)
			// Walk it through the workflow so every field is set: counters,
			// findings, an approval, a rejection, a review deadline.
			sys := shopkit.SystemActor()
			m := shopkit.Actor{Role: shopkit.Merchant, ID: merchant.String()}
			require.NoError(t, l.Submit(m, listingStart.Add(time.Minute), p))
			require.NoError(t, l.Reject(sys, listingStart.Add(2*time.Minute), l.Revision(), []catalog.Finding{{Code: catalog.CodeBannedWord, Field: "name", Detail: "name contains banned word"}}))
			c := l.Content()
			c.Name = "上门保洁 两小时"
			_, err := l.Edit(m, listingStart.Add(3*time.Minute), c, p)
			require.NoError(t, err)
			require.NoError(t, l.Submit(m, listingStart.Add(4*time.Minute), p))
			l.RecordView()
			l.RecordView()
			require.NoError(t, l.RecordPurchase(3))
			return l
		},
		Due: func(t testing.TB, at time.Time) *catalog.Listing {
			l := fullListing(t, merchant, at.Add(-p.ReviewWithin))
			require.NoError(t, l.Submit(shopkit.Actor{Role: shopkit.Merchant, ID: merchant.String()}, at.Add(-p.ReviewWithin), p))
			return l
		},
		ID:     (*catalog.Listing).ID,
		Touch:  touch,
		Expire: (*catalog.Listing).ApplyDue,
		JSON: func(t testing.TB, l *catalog.Listing) *catalog.Listing {
			return storetest.ViaJSON(t, l.Snapshot(), catalog.RestoreListing, nil)
		},
		Equal: func(t testing.TB, want, got *catalog.Listing) {
			assert.Equal(t, normalListing(want.Snapshot()), normalListing(got.Snapshot()))
		},
	})

	t.Run("ListByMerchant", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		other := uuid.New()
		var want []uuid.UUID
		for i := range 3 {
			// Created in reverse order of time: the query sorts oldest first.
			l := fullListing(t, merchant, listingStart.Add(time.Duration(3-i)*time.Hour))
			require.NoError(t, s.Create(ctx, l))
			want = append([]uuid.UUID{l.ID()}, want...)
		}
		require.NoError(t, s.Create(ctx, fullListing(t, other, listingStart)))
		got, err := s.ListByMerchant(ctx, merchant, 10)
		require.NoError(t, err)
		assert.Equal(t, want, listingIDs(got))
		got, err = s.ListByMerchant(ctx, merchant, 2)
		require.NoError(t, err)
		assert.Equal(t, want[:2], listingIDs(got), "at most limit, oldest first")
		none, err := s.ListByMerchant(ctx, uuid.New(), 10)
		require.NoError(t, err)
		assert.Empty(t, none)
	})

	t.Run("LimitBelowOne", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		require.NoError(t, s.Create(ctx, fullListing(t, merchant, listingStart)))
		for _, limit := range []int{0, -1} {
			_, err := s.Due(ctx, listingStart.Add(48*time.Hour), limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
			_, err = s.Claim(ctx, listingStart.Add(48*time.Hour), limit, shopkit.Lease{Owner: "sweeper", Until: listingStart.Add(49 * time.Hour)})
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
			_, err = s.ListByMerchant(ctx, merchant, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
		}
	})
}

func listingIDs(ls []*catalog.Listing) []uuid.UUID {
	ids := make([]uuid.UUID, len(ls))
	for i, l := range ls {
		ids[i] = l.ID()
	}
	return ids
}

// normalListing makes times comparable across stores that keep a different
// location or drop the monotonic reading.
func normalListing(s catalog.ListingSnapshot) catalog.ListingSnapshot {
	s.CreatedAt = s.CreatedAt.UTC()
	s.ReviewDeadline = s.ReviewDeadline.UTC()
	return s
}

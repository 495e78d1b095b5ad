package commercetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ListingStore is an in-memory commerce.ListingStore, safe for concurrent use,
// with Due indexed by deadline. ListByMerchant reads every listing: a
// production store uses an index on the merchant.
type ListingStore struct {
	*memstore.Store[*commerce.Listing]
}

var _ commerce.ListingStore = (*ListingStore)(nil)

// NewListingStore returns an empty in-memory listing store.
func NewListingStore() *ListingStore {
	return &ListingStore{memstore.NewAggregate[*commerce.Listing]("commerce.listing")}
}

// ListByMerchant lists a merchant's listings, oldest first (ties by ID).
func (s *ListingStore) ListByMerchant(ctx context.Context, merchantID uuid.UUID) ([]*commerce.Listing, error) {
	out, err := s.Find(ctx, func(l *commerce.Listing) bool { return l.MerchantID() == merchantID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *commerce.Listing) int {
		if c := a.CreatedAt().Compare(b.CreatedAt()); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	return out, nil
}

func fullListing(t testing.TB, merchant uuid.UUID, at time.Time) *commerce.Listing {
	t.Helper()
	tiers, err := commerce.NewPriceTiers([]commerce.PriceTier{
		{MinQty: 10, MaxQty: 99, UnitPrice: commerce.CNY(1000)},
		{MinQty: 100, UnitPrice: commerce.CNY(850)},
	})
	require.NoError(t, err)
	l, err := commerce.NewListing(merchant, commerce.ListingContent{
		Kind: commerce.ListingKindService, Name: "上门保洁 2小时", Description: "专业保洁，含工具",
		Category: "home.cleaning", Images: []string{"img/1.jpg", "img/2.jpg"}, Price: commerce.CNY(19900),
		Stock: 7, ServiceTime: commerce.ServiceTime{Duration: 2 * time.Hour, Description: "工作日 9:00–18:00"},
		SKUs: []string{"CLEAN-2H", "CLEAN-2H-WEEKEND"}, Tiers: tiers,
	}, commerce.Actor{Role: shopkit.Merchant, ID: "m-1"}, at)
	require.NoError(t, err)
	return l
}

// TestListingStore is the conformance suite for a commerce.ListingStore (R2.8,
// R2.9): the store contract of internal/storetest — round trip of every field,
// atomic updates under concurrent writers, nothing written when fn fails,
// not-found, Due order and limit — and ListByMerchant.
func TestListingStore(t *testing.T, newStore func() commerce.ListingStore) {
	merchant := uuid.New()
	listingStart := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := commerce.DefaultListingPolicy()
	storetest.Run(t, func() storetest.Store[*commerce.Listing] { return newStore() }, storetest.Harness[*commerce.Listing]{
		Full: func(t testing.TB) *commerce.Listing {
			l := fullListing(t, merchant, listingStart)
			// Walk it through the workflow so every field is set: counters,
			// findings, an approval, a rejection, a review deadline.
			sys := commerce.SystemActor()
			m := commerce.Actor{Role: shopkit.Merchant, ID: "m-1"}
			require.NoError(t, l.Submit(m, listingStart.Add(time.Minute), p))
			require.NoError(t, l.Reject(sys, listingStart.Add(2*time.Minute), l.Revision(), []commerce.Finding{{Code: "commerce.banned_word", Field: "name", Detail: "name contains banned word"}}))
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
		Due: func(t testing.TB, at time.Time) *commerce.Listing {
			l := fullListing(t, merchant, at.Add(-p.ReviewWithin))
			require.NoError(t, l.Submit(commerce.Actor{Role: shopkit.Merchant, ID: "m-1"}, at.Add(-p.ReviewWithin), p))
			return l
		},
		ID:      (*commerce.Listing).ID,
		Touch:   func(l *commerce.Listing) error { l.RecordView(); return nil },
		Touches: func(l *commerce.Listing) int { return int(l.Views()) },
		Equal: func(t testing.TB, want, got *commerce.Listing) {
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
		got, err := s.ListByMerchant(ctx, merchant)
		require.NoError(t, err)
		ids := make([]uuid.UUID, len(got))
		for i, l := range got {
			ids[i] = l.ID()
		}
		assert.Equal(t, want, ids)
		none, err := s.ListByMerchant(ctx, uuid.New())
		require.NoError(t, err)
		assert.Empty(t, none)
	})
}

// normalListing makes times comparable across stores that keep a different
// location or drop the monotonic reading.
func normalListing(s commerce.ListingSnapshot) commerce.ListingSnapshot {
	s.CreatedAt = s.CreatedAt.UTC()
	s.ReviewDeadline = s.ReviewDeadline.UTC()
	s.Journal = normalEntries(s.Journal)
	return s
}

func normalEntries(es []commerce.Entry) []commerce.Entry {
	for i := range es {
		es[i].At = es[i].At.UTC()
	}
	return es
}

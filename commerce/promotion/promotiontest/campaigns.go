package promotiontest

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CampaignStore is an in-memory promotion.CampaignStore, safe for concurrent
// use, with each campaign's audit trail kept apart from its state (Trail) and
// Pending indexed. ListByShop reads every campaign: a production store indexes
// the shop and the window's end.
type CampaignStore struct {
	*memstore.Store[*promotion.Campaign]
}

var _ promotion.CampaignStore = (*CampaignStore)(nil)

// NewCampaignStore returns an empty in-memory campaign store.
func NewCampaignStore() *CampaignStore {
	return &CampaignStore{newPendingStore[*promotion.Campaign]("campaign", promotion.CodeCampaignNotFound, promotion.CodeCampaignExists, nil)}
}

// Pending lists at most limit (≥ 1) campaigns with a hold or a remembered
// spend, oldest first (ties by ID).
func (s *CampaignStore) Pending(ctx context.Context, limit int) ([]*promotion.Campaign, error) {
	return pending(ctx, s.Store, limit)
}

// ListByShop lists at most limit (≥ 1) of the shop's campaigns ending after
// endsAfter, earliest start first (ties by ID).
func (s *CampaignStore) ListByShop(ctx context.Context, shopID uuid.UUID, endsAfter time.Time, limit int) ([]*promotion.Campaign, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.Find(ctx, func(c *promotion.Campaign) bool {
		return c.ShopID() == shopID && c.Spec().To.After(endsAfter)
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *promotion.Campaign) int {
		if c := a.Spec().From.Compare(b.Spec().From); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	return out[:min(len(out), limit)], nil
}

// shopClerk is the merchant acting as shop: its ID is the shop's (R0.4).
func shopClerk(shop uuid.UUID) shopkit.Actor {
	return shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
}

func campaignAt(t testing.TB, shop uuid.UUID, from time.Time) *promotion.Campaign {
	t.Helper()
	c, err := promotion.NewCampaign(shopClerk(shop), promotion.CampaignSpec{ShopID: shop, Name: "double 11", From: from,
		To: from.Add(72 * time.Hour), Budget: shopkit.CNY(100000)}, couponT0)
	require.NoError(t, err)
	return c
}

// TestCampaignStore is the conformance suite for a promotion.CampaignStore
// (R2.4, R2.8, R0.4): round trip of every field (also through the snapshot's
// JSON), create twice, not-found, nothing written by a failed update, Create
// and Update append the audit entries to the campaign's trail once and in
// order while a loaded campaign holds none, no lost reservation (nor its
// entry) under concurrent writers, ListByShop with its window filter, order
// and limit, and Pending (R2.8): the campaigns with a hold or a remembered
// spend, oldest first, ties by ID, at most limit, a campaign leaving the list
// when an update leaves it none.
func TestCampaignStore(t *testing.T, newStore func() promotion.CampaignStore) {
	ctx := context.Background()
	full := func(t testing.TB) *promotion.Campaign {
		c := campaignAt(t, uuid.New(), couponT0)
		clerk := shopClerk(c.ShopID())
		tpl, err := promotion.NewCouponTemplate(clerk, promotion.CouponTemplateSpec{
			Name: "double 11: 50 off", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: c.ShopID(),
			CampaignID: c.ID(), Amount: shopkit.CNY(5000), ValidFrom: couponT0, ValidTo: couponT0.Add(72 * time.Hour),
			IssueLimit: 1, UseLimit: 1,
		}, couponT0)
		require.NoError(t, err)
		require.NoError(t, c.AddTemplate(clerk, tpl, couponT0))
		require.NoError(t, c.Reserve(clerk, "coupon-1", shopkit.CNY(5000), couponT0.Add(time.Minute)))
		require.NoError(t, c.RecordSpend(shopkit.SystemActor(), "spend-1", "order-1", shopkit.CNY(1200), couponT0.Add(time.Hour)))
		return c
	}
	trail := func(t *testing.T, s promotion.CampaignStore, id uuid.UUID) []shopkit.Entry {
		return storetest.ReadTrail(t, s, id)
	}
	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		c := full(t)
		want := c.Unsaved()
		require.NoError(t, s.Create(ctx, c))
		require.ErrorIs(t, s.Create(ctx, c), shopkit.ErrConflict)
		got, err := s.Get(ctx, c.ID())
		require.NoError(t, err)
		assert.Equal(t, c.Snapshot(), got.Snapshot())
		assert.Empty(t, got.History(), "a loaded campaign holds its state, not its trail")
		h := trail(t, s, c.ID())
		assert.Equal(t, want, h)
		assert.Equal(t, []string{"create", "add_template", "reserve", "spend"}, actions(h))
		data, err := json.Marshal(got.Snapshot())
		require.NoError(t, err)
		var snap promotion.CampaignSnapshot
		require.NoError(t, json.Unmarshal(data, &snap))
		back, err := promotion.RestoreCampaign(snap)
		require.NoError(t, err)
		assert.Equal(t, got.Snapshot(), back.Snapshot())
	})
	t.Run("UpdateSavesTheAuditEntries", func(t *testing.T) {
		s := newStore()
		c := full(t)
		require.NoError(t, s.Create(ctx, c))
		require.NoError(t, s.Update(ctx, c.ID(), func(c *promotion.Campaign) error {
			require.Empty(t, c.History(), "a loaded campaign holds its state, not its trail")
			return c.Unreserve(shopkit.SystemActor(), "coupon-1", shopkit.CNY(5000), couponT0.Add(2*time.Hour), "not issued")
		}))
		got, err := s.Get(ctx, c.ID())
		require.NoError(t, err)
		assert.Empty(t, got.Unsaved(), "a loaded campaign has nothing unsaved")
		assert.Equal(t, 5, got.Snapshot().Seq)
		h := trail(t, s, c.ID())
		require.Len(t, h, 5)
		assert.Equal(t, "unreserve", h[4].Action)
		assert.Equal(t, couponT0.Add(2*time.Hour), h[4].At)
	})
	t.Run("NotFound", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		require.ErrorIs(t, s.Update(ctx, uuid.New(), func(*promotion.Campaign) error { return nil }), shopkit.ErrNotFound)
		_, err = s.Trail(ctx, uuid.New(), 0, 1)
		require.ErrorIs(t, err, shopkit.ErrNotFound)
	})
	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		c := full(t)
		require.NoError(t, s.Create(ctx, c))
		before := trail(t, s, c.ID())
		err := s.Update(ctx, c.ID(), func(c *promotion.Campaign) error {
			require.NoError(t, c.Reserve(shopClerk(c.ShopID()), "coupon-x", shopkit.CNY(100), couponT0))
			return shopkit.NewError(shopkit.ErrConflict, "test.boom", "boom")
		})
		require.Error(t, err)
		got, err := s.Get(ctx, c.ID())
		require.NoError(t, err)
		assert.Equal(t, c.Snapshot(), got.Snapshot())
		assert.Equal(t, before, trail(t, s, c.ID()))
	})
	t.Run("ConcurrentReservationsLoseNothing", func(t *testing.T) {
		s := newStore()
		c := campaignAt(t, uuid.New(), couponT0)
		require.NoError(t, s.Create(ctx, c))
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, s.Update(ctx, c.ID(), func(c *promotion.Campaign) error {
					return c.Reserve(shopClerk(c.ShopID()), "coupon-"+strconv.Itoa(i), shopkit.CNY(100), couponT0)
				}))
			}()
		}
		wg.Wait()
		got, err := s.Get(ctx, c.ID())
		require.NoError(t, err)
		assert.Equal(t, int64(5000), got.Reserved().Amount())
		assert.Len(t, trail(t, s, c.ID()), 51, "create and one entry per reservation, none lost")
	})
	t.Run("ListByShop", func(t *testing.T) {
		s := newStore()
		shop := uuid.New()
		late, early := campaignAt(t, shop, couponT0.Add(30*24*time.Hour)), campaignAt(t, shop, couponT0)
		for _, c := range []*promotion.Campaign{late, campaignAt(t, uuid.New(), couponT0), early} {
			require.NoError(t, s.Create(ctx, c))
		}
		ids := func(endsAfter time.Time, limit int) []uuid.UUID {
			got, err := s.ListByShop(ctx, shop, endsAfter, limit)
			require.NoError(t, err)
			out := []uuid.UUID{}
			for _, c := range got {
				out = append(out, c.ID())
			}
			return out
		}
		assert.Equal(t, []uuid.UUID{early.ID(), late.ID()}, ids(time.Time{}, 10), "earliest start first, the shop's only")
		assert.Equal(t, []uuid.UUID{early.ID()}, ids(time.Time{}, 1), "at most limit")
		end := early.Spec().To
		assert.Equal(t, []uuid.UUID{early.ID(), late.ID()}, ids(end.Add(-time.Nanosecond), 10), "ends 1 ns after")
		assert.Equal(t, []uuid.UUID{late.ID()}, ids(end, 10), "ending exactly at endsAfter is not after it")
		_, err := s.ListByShop(ctx, shop, time.Time{}, 0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit must be at least 1")
	})
	t.Run("Pending", func(t *testing.T) {
		s := newStore()
		at := func(minutes int) time.Time { return couponT0.Add(time.Duration(minutes) * time.Minute) }
		held := func(minutes int) *promotion.Campaign {
			c := campaignAt(t, uuid.New(), couponT0)
			require.NoError(t, c.Reserve(shopClerk(c.ShopID()), "coupon-"+uuid.NewString(), shopkit.CNY(100), at(minutes)))
			return c
		}
		late, early, tieA, tieB := held(2), held(1), held(3), held(3)
		if a, b := tieA.ID(), tieB.ID(); bytes.Compare(a[:], b[:]) > 0 {
			tieA, tieB = tieB, tieA
		}
		spent := campaignAt(t, uuid.New(), couponT0) // a remembered spend only
		require.NoError(t, spent.RecordSpend(shopkit.SystemActor(), "spend-x", "order-x", shopkit.CNY(100), at(4)))
		idle := campaignAt(t, uuid.New(), couponT0) // nothing pending
		for _, c := range []*promotion.Campaign{late, idle, tieB, spent, early, tieA} {
			require.NoError(t, s.Create(ctx, c))
		}
		ids := func(limit int) []uuid.UUID {
			got, err := s.Pending(ctx, limit)
			require.NoError(t, err)
			out := []uuid.UUID{}
			for _, c := range got {
				out = append(out, c.ID())
			}
			return out
		}
		assert.Equal(t, []uuid.UUID{early.ID(), late.ID(), tieA.ID(), tieB.ID(), spent.ID()}, ids(10),
			"oldest first, ties by ID, only what is pending")
		assert.Equal(t, []uuid.UUID{early.ID(), late.ID()}, ids(2), "at most limit")
		require.NoError(t, s.Update(ctx, early.ID(), func(c *promotion.Campaign) error {
			h := c.Snapshot().Holds[0]
			return c.Unreserve(shopkit.SystemActor(), h.Coupon, h.Amount, at(5), "not issued")
		}))
		assert.Equal(t, []uuid.UUID{late.ID(), tieA.ID(), tieB.ID(), spent.ID()}, ids(10), "no hold left: it leaves the list")
		got, err := s.Get(ctx, late.ID())
		require.NoError(t, err)
		assert.Equal(t, late.Snapshot().Holds, got.Snapshot().Holds, "the hold is stored with the campaign")
		_, err = s.Pending(ctx, 0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit must be at least 1")
	})
}

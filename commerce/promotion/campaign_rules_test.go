package promotion_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.4: a shop's campaigns must be at least MinGap (default 7 days) apart:
// exactly MinGap after the other ends is allowed, 1 ns less or an overlap is
// rejected, before or after; another shop's campaign does not count.
func TestCampaignR2_4MinimumGap(t *testing.T) {
	ctx := context.Background()
	gap := promotion.DefaultCampaignPolicy().MinGap
	require.Equal(t, 7*24*time.Hour, gap)
	first := cpStart
	firstEnd := first.Add(72 * time.Hour)
	for _, tc := range []struct {
		name     string
		shop     uuid.UUID
		from, to time.Time
		code     string
	}{
		{"starts exactly MinGap after", cpShop, firstEnd.Add(gap), firstEnd.Add(gap + time.Hour), ""},
		{"starts MinGap-1ns after", cpShop, firstEnd.Add(gap - time.Nanosecond), firstEnd.Add(gap + time.Hour), promotion.CodeCampaignGap},
		{"overlaps", cpShop, first.Add(time.Hour), first.Add(2 * time.Hour), promotion.CodeCampaignGap},
		{"ends exactly MinGap before", cpShop, first.Add(-gap - time.Hour), first.Add(-gap), ""},
		{"ends MinGap-1ns before", cpShop, first.Add(-gap - time.Hour), first.Add(-gap + time.Nanosecond), promotion.CodeCampaignGap},
		{"another shop overlaps", uuid.New(), first, firstEnd, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := cpStart
			s := cpCampaigns(t, promotiontest.NewCampaignStore(), &now)
			_, err := s.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "first", From: first, To: firstEnd, Budget: shopkit.CNY(1000)})
			require.NoError(t, err)
			owner := shopkit.Actor{Role: shopkit.Merchant, ID: tc.shop.String()} // each shop runs its own (R0.4)
			_, err = s.Create(ctx, owner, promotion.CampaignSpec{ShopID: tc.shop, Name: "second", From: tc.from, To: tc.to, Budget: shopkit.CNY(1000)})
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
			if tc.code != "" {
				require.ErrorIs(t, err, shopkit.ErrNotAllowed)
			}
		})
	}
}

// R2.4: issuing stops before the budget would be exceeded: a reservation that
// fits exactly is allowed, one fen more is refused and changes nothing.
func TestCampaignR2_4BudgetEdge(t *testing.T) {
	c, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.Reserve(cpClerk, "coupon-1", shopkit.CNY(3000), cpStart))
	before := c.Snapshot()
	require.NoError(t, c.Reserve(cpClerk, "coupon-1", shopkit.CNY(3000), cpStart), "the same coupon again: a retried issue")
	assert.Equal(t, before, c.Snapshot())
	err = c.Reserve(cpClerk, "coupon-2", shopkit.CNY(2001), cpStart)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, promotion.CodeCampaignBudget, shopkit.CodeOf(err))
	assert.Equal(t, before, c.Snapshot())
	require.NoError(t, c.Reserve(cpClerk, "coupon-2", shopkit.CNY(2000), cpStart), "fits exactly")
	assert.True(t, c.Reserved().Equal(c.Budget()))
	assert.Equal(t, promotion.CodeCampaignNotActive, shopkit.CodeOf(c.Reserve(cpClerk, "coupon-3", shopkit.CNY(0), cpStart.Add(-time.Nanosecond))))
}

func TestCampaignBadInput(t *testing.T) {
	_, err := promotion.NewCampaign(shopkit.SystemActor(), promotion.CampaignSpec{From: cpStart, To: cpStart}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	var v *shopkit.ValidationError
	require.ErrorAs(t, err, &v)
	assert.Len(t, v.Problems, 4) // shop, name, window, budget
}

// R2.4, R2.8: Create asks the store for one campaign only, the shop's first to
// start among those ending less than MinGap before the new one starts, and that
// is enough: a campaign exactly MinGap after one and before another fits, the
// next one too close to it does not.
func TestCampaignServiceR2_4GapAmongSeveral(t *testing.T) {
	ctx := context.Background()
	now := cpStart
	s := cpCampaigns(t, promotiontest.NewCampaignStore(), &now)
	day := func(n int) time.Time { return cpStart.Add(time.Duration(n) * 24 * time.Hour) }
	create := func(name string, from, to int) error {
		_, err := s.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: name, From: day(from), To: day(to), Budget: shopkit.CNY(1000)})
		return err
	}
	require.NoError(t, create("a", 0, 3))
	require.NoError(t, create("b", 20, 23))
	require.NoError(t, create("c", 10, 11), "exactly 7 days after a, 9 before b")
	err := create("d", 12, 13)
	assert.Equal(t, promotion.CodeCampaignGap, shopkit.CodeOf(err), "1 day after c")
	assert.Contains(t, err.Error(), `"c"`)
}

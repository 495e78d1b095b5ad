package commerce_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.4: a shop's campaigns must be at least MinGap (default 7 days) apart:
// exactly MinGap after the other ends is allowed, 1 ns less or an overlap is
// rejected, before or after; another shop's campaign does not count.
func TestCampaignR2_4MinimumGap(t *testing.T) {
	ctx := context.Background()
	gap := commerce.DefaultCampaignPolicy().MinGap
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
		{"starts MinGap-1ns after", cpShop, firstEnd.Add(gap - time.Nanosecond), firstEnd.Add(gap + time.Hour), "commerce.campaign_gap"},
		{"overlaps", cpShop, first.Add(time.Hour), first.Add(2 * time.Hour), "commerce.campaign_gap"},
		{"ends exactly MinGap before", cpShop, first.Add(-gap - time.Hour), first.Add(-gap), ""},
		{"ends MinGap-1ns before", cpShop, first.Add(-gap - time.Hour), first.Add(-gap + time.Nanosecond), "commerce.campaign_gap"},
		{"another shop overlaps", uuid.New(), first, firstEnd, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &commerce.CampaignService{Store: commercetest.NewCampaignStore(), Policy: commerce.DefaultCampaignPolicy(),
				Clock: func() time.Time { return cpStart }}
			_, err := s.Create(ctx, cpClerk, commerce.CampaignSpec{ShopID: cpShop, Name: "first", From: first, To: firstEnd, Budget: commerce.CNY(1000)})
			require.NoError(t, err)
			_, err = s.Create(ctx, cpClerk, commerce.CampaignSpec{ShopID: tc.shop, Name: "second", From: tc.from, To: tc.to, Budget: commerce.CNY(1000)})
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
	c, err := commerce.NewCampaign(cpClerk, commerce.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: commerce.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.Reserve(cpClerk, "coupon", commerce.CNY(3000), cpStart))
	before := c.Snapshot()
	err = c.Reserve(cpClerk, "coupon", commerce.CNY(2001), cpStart)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, "commerce.campaign_budget", shopkit.CodeOf(err))
	assert.Equal(t, before, c.Snapshot())
	require.NoError(t, c.Reserve(cpClerk, "coupon", commerce.CNY(2000), cpStart), "fits exactly")
	assert.True(t, c.Reserved().Equal(c.Budget()))
	assert.Equal(t, "commerce.campaign_not_active", shopkit.CodeOf(c.Reserve(cpClerk, "coupon", commerce.CNY(0), cpStart.Add(-time.Nanosecond))))
}

func TestCampaignBadInput(t *testing.T) {
	_, err := commerce.NewCampaign(cpClerk, commerce.CampaignSpec{From: cpStart, To: cpStart}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	var v *shopkit.ValidationError
	require.ErrorAs(t, err, &v)
	assert.Len(t, v.Problems, 4) // shop, name, window, budget
}

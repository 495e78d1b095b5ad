package support_test

import (
	"context"
	"testing"

	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type memberTiers map[string]support.Tier

func (m memberTiers) TierOf(_ context.Context, customerID string) (string, int, bool, error) {
	t := m[customerID]
	return t.Name, t.Rank, t.PriorityService, nil
}

// R6.2 with R5.1: the membership reader of each shop gives the routing priority.
func TestShopTiers_R6_2(t *testing.T) {
	r := support.ShopTiers{"shop-1": memberTiers{"vip": {Name: "gold", Rank: 2, PriorityService: true}}}
	ctx := context.Background()
	got, err := r.Tier(ctx, "shop-1", "vip")
	require.NoError(t, err)
	assert.Equal(t, support.Tier{Name: "gold", Rank: 2, PriorityService: true}, got)
	assert.Equal(t, 3, support.Priority(got))
	got, err = r.Tier(ctx, "shop-2", "vip")
	require.NoError(t, err)
	assert.Equal(t, 0, support.Priority(got), "not a member of shop-2")
}

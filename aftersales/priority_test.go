package aftersales_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// membership's Service is the kernel's tier reader, which Service reads through
// ServiceConfig.Tiers (aftersales itself does not import membership).
var _ shopkit.TierReader = (*membership.Service)(nil)

// tiers is a tier reader of one shop: buyer → tier. It fails for the buyer "down".
type tiers struct {
	shop  uuid.UUID
	tiers map[string]shopkit.MemberTier
}

func (m tiers) MemberTier(_ context.Context, shop uuid.UUID, customer string) (shopkit.MemberTier, error) {
	if customer == "down" {
		return shopkit.MemberTier{}, errors.New("membership unavailable")
	}
	if shop != m.shop {
		return shopkit.MemberTier{}, nil
	}
	return m.tiers[customer], nil
}

// R5.1: a priority customer's case is marked when it opens, with the tier read in
// the order's shop (and stays marked in the store); other buyers' are not, nor a
// member of another shop; without a reader no case is.
func TestPriorityCustomerCasesAreMarked_R5_1(t *testing.T) {
	gold := shopkit.MemberTier{Name: "gold", Rank: 3, PriorityAfterSales: true}
	silver := shopkit.MemberTier{Name: "silver", Rank: 2, PriorityService: true}
	for _, tc := range []struct {
		name   string
		reader shopkit.TierReader
		want   shopkit.MemberTier
	}{
		{"priority tier", tiers{shopID, map[string]shopkit.MemberTier{buyer.ID: gold}}, gold},
		{"tier without after-sales priority", tiers{shopID, map[string]shopkit.MemberTier{buyer.ID: silver}}, silver},
		{"no tier", tiers{shopID, nil}, shopkit.MemberTier{}},
		{"member of another shop", tiers{uuid.New(), map[string]shopkit.MemberTier{buyer.ID: gold}}, shopkit.MemberTier{}},
		{"no reader", nil, shopkit.MemberTier{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixtureWith(t, func(cfg *aftersales.ServiceConfig) { cfg.Tiers = tc.reader })
			c := f.open(t, sampleOrder(t0(t)), aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 1})
			assert.Equal(t, tc.want, c.Tier())
			assert.Equal(t, tc.want.PriorityAfterSales, c.Priority())
			got, err := f.svc.Get(f.ctx, c.ID())
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Tier())
			assert.Equal(t, tc.want, got.Snapshot().Tier)
		})
	}
}

// A reader that fails fails the opening and changes nothing: no case, no claim.
func TestTierReaderErrorOpensNothing(t *testing.T) {
	f := newFixtureWith(t, func(cfg *aftersales.ServiceConfig) { cfg.Tiers = tiers{shop: shopID} })
	o := sampleOrder(t0(t))
	o.BuyerID = "down"
	_, err := f.svc.Open(f.ctx, o, aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.Quality,
		BuyerID: "down", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	require.Error(t, err)
	cases, err := f.cases.ByOrder(f.ctx, o.ID)
	require.NoError(t, err)
	assert.Empty(t, cases)
	_, err = f.ledgers.Get(f.ctx, o.ID)
	assert.ErrorIs(t, err, shopkit.ErrNotFound, "no ledger, no claim")
}

package aftersales_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// membership's after-sales reader fits the interface aftersales declares, so a
// host passes Service.ForAfterSales() as Service.Tiers (aftersales itself does
// not import membership).
var _ aftersales.PriorityReader = membership.PriorityReader{}

type tiers map[string]aftersales.MemberTier

func (m tiers) TierOf(_ context.Context, id string) (string, int, bool, error) {
	if id == "down" {
		return "", 0, false, errors.New("membership unavailable")
	}
	t := m[id]
	return t.Name, t.Rank, t.Priority, nil
}

// A priority customer's case is marked when it opens (and stays marked in the
// store); other buyers' are not; without a reader no case is.
func TestPriorityCustomerCasesAreMarked(t *testing.T) {
	gold := aftersales.MemberTier{Name: "gold", Rank: 3, Priority: true}
	silver := aftersales.MemberTier{Name: "silver", Rank: 2}
	for _, tc := range []struct {
		name   string
		reader aftersales.PriorityReader
		want   aftersales.MemberTier
	}{
		{"priority tier", tiers{buyer.ID: gold}, gold},
		{"tier without priority", tiers{buyer.ID: silver}, silver},
		{"no tier", tiers{}, aftersales.MemberTier{}},
		{"no reader", nil, aftersales.MemberTier{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.svc.Tiers = tc.reader
			c := f.open(t, order(t0(t)), aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 1})
			assert.Equal(t, tc.want, c.Tier())
			assert.Equal(t, tc.want.Priority, c.Priority())
			got, err := f.svc.Get(f.ctx, c.ID())
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Tier())
			assert.Equal(t, tc.want, got.Snapshot().Tier)
		})
	}
}

// A reader that fails fails the opening and changes nothing: no case, no claim.
func TestPriorityReaderErrorOpensNothing(t *testing.T) {
	f := newFixture(t)
	f.svc.Tiers = tiers{}
	o := order(t0(t))
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

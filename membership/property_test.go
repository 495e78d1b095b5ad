package membership_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/require"
)

// R5.2 property: over random sequences of orders, refunds and manual adjustments,
// in every mode,
//   - an order or a refund never lowers the tier;
//   - the tier is the higher of the last manual tier (none before any adjustment)
//     and the highest tier an order has crossed into since that adjustment;
//   - so without adjustments it is the highest tier the figures met after any
//     order, and never below the tier the current figures meet;
//   - the lifetime figures equal the sums of what was applied and refunded.
func TestTierPropertyR5_2(t *testing.T) {
	for _, mode := range []membership.ThresholdMode{membership.ByAmount, membership.ByCount, membership.ByEither, membership.ByBoth} {
		for seed := uint64(1); seed <= 200; seed++ {
			runModel(t, mode, seed)
		}
	}
}

func runModel(t *testing.T, mode membership.ThresholdMode, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	set := newSet(t, mode)
	m := newMember(t)
	rank := func(name string) int { r, _ := set.Rank(name); return r }
	// highestMet is the reference R5.1 rule, computed from the tier definitions
	// and not from the implementation: the highest tier whose thresholds the
	// figures meet under the mode (0 = none).
	defs := tiers(mode)
	highestMet := func(f membership.Figures) int {
		best := 0
		for i, d := range defs {
			a := f.Amount.Amount() >= d.MinAmount.Amount()
			c := f.Orders >= d.MinOrders
			met := map[membership.ThresholdMode]bool{membership.ByAmount: a, membership.ByCount: c,
				membership.ByEither: a || c, membership.ByBoth: a && c}[mode]
			if met {
				best = i + 1
			}
		}
		return best
	}

	// The reference model, kept apart from the implementation.
	type ord struct {
		amount, refunded int64
		counted          bool
	}
	orders := map[string]*ord{}
	var ids []string
	manual, crossedSince, peak := 0, 0, 0
	adjusted := false
	now := start()

	for step := 0; step < 60; step++ {
		now = now.Add(time.Duration(rng.IntN(72)) * time.Hour)
		before := rank(m.Tier())
		var sumA, sumC int64
		for _, o := range orders {
			sumA += o.amount - o.refunded
			if o.counted {
				sumC++
			}
		}
		figBefore := membership.Figures{Amount: shopkit.CNY(sumA), Orders: sumC}
		switch k := rng.IntN(10); {
		case k < 6 || len(ids) == 0: // an order (sometimes a repeat)
			id := "o" + strconv.Itoa(len(ids))
			amount := int64(rng.IntN(3000_00))
			if rng.IntN(4) == 0 { // land exactly on, or one fen short of, a tier's amount threshold
				d := defs[rng.IntN(len(defs))].MinAmount.Amount() - sumA - int64(rng.IntN(2))
				amount = max(d, 0)
			}
			if len(ids) > 0 && rng.IntN(5) == 0 {
				id = ids[rng.IntN(len(ids))]
				amount = orders[id].amount
			}
			out, err := m.CompleteOrder(set, membership.CompletedOrder{OrderID: oid(id), CustomerID: customer,
				Amount: shopkit.CNY(amount), CompletedAt: now}, now)
			require.NoError(t, err)
			if _, seen := orders[id]; seen {
				require.True(t, out.Duplicate)
				break
			}
			orders[id] = &ord{amount: amount, counted: true}
			ids = append(ids, id)
			figAfter := membership.Figures{Amount: shopkit.CNY(sumA + amount), Orders: sumC + 1}
			for r := set.Len(); r > 0; r-- { // crossed: met after, not before
				if highestMet(figAfter) >= r && highestMet(figBefore) < r {
					crossedSince = max(crossedSince, r)
					break
				}
			}
			peak = max(peak, highestMet(figAfter))
			require.GreaterOrEqual(t, rank(m.Tier()), before, "seed %d: an order lowered the tier", seed)
		case k < 9: // a refund, sometimes too large
			id := ids[rng.IntN(len(ids))]
			o := orders[id]
			left := o.amount - o.refunded
			amount := int64(rng.IntN(int(left)+2)) + 1
			full := rng.IntN(6) == 0
			err := apply(m, refund("r"+strconv.Itoa(step), id, shopkit.CNY(amount)), full, now)
			if amount > left {
				require.ErrorIs(t, err, shopkit.ErrInvalid, "seed %d", seed)
				break
			}
			require.NoError(t, err)
			o.refunded += amount
			if full || (o.refunded == o.amount && o.amount > 0) {
				o.counted = false
			}
			require.Equal(t, before, rank(m.Tier()), "seed %d: a refund changed the tier", seed)
		default: // a manual adjustment to a random tier (or a bad one)
			to := rng.IntN(set.Len() + 2)
			name := "Unknown"
			if to <= set.Len() {
				name = tierName(set, to)
			}
			err := m.Adjust(set, merchant(), name, "model", now)
			switch {
			case to > set.Len():
				require.ErrorIs(t, err, shopkit.ErrInvalid)
			case to == before:
				require.ErrorIs(t, err, shopkit.ErrConflict)
			default:
				require.NoError(t, err)
				manual, crossedSince, adjusted = to, 0, true
			}
		}
		sumA, sumC = 0, 0
		for _, o := range orders {
			sumA += o.amount - o.refunded
			if o.counted {
				sumC++
			}
		}
		require.Equal(t, membership.Figures{Amount: shopkit.CNY(sumA), Orders: sumC}, m.Figures(), "seed %d step %d", seed, step)
		require.Equal(t, max(manual, crossedSince), rank(m.Tier()), "seed %d step %d", seed, step)
		if !adjusted {
			require.Equal(t, peak, rank(m.Tier()), "seed %d step %d: tier is the peak tier met", seed, step)
			require.GreaterOrEqual(t, rank(m.Tier()), highestMet(m.Figures()))
		}
		_, implRank, err := set.HighestMet(m.Figures())
		require.NoError(t, err)
		require.Equal(t, highestMet(m.Figures()), implRank, "seed %d step %d: HighestMet", seed, step)
	}
}

func tierName(set *membership.TierSet, r int) string {
	if r == 0 {
		return membership.NoTier
	}
	t, _ := set.Tier(r)
	return t.Name
}

package commission_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// randomRate returns a rate in [0, max] with up to 6 decimal places.
func randomRate(rng *rand.Rand, max int64) decimal.Decimal {
	return decimal.New(rng.Int64N(max*1_000_000+1), -6).Div(decimal.New(100, 0)).Truncate(6)
}

// randomRuleSet returns a valid rule set with random rates (some categories and
// listings, sometimes more categories than a short list holds), all four plan
// kinds, bounds, tiers, a promotion and a random rounding mode.
func randomRuleSet(rng *rand.Rand, t testing.TB, listings []uuid.UUID) commission.RuleSet {
	modes := []shopkit.RoundingMode{shopkit.HalfUp, shopkit.Down, shopkit.HalfEven, shopkit.Up}
	rs := commission.RuleSet{ID: "random", From: at(t, "2026-01-01 00:00:00"), Currency: shopkit.CurrencyCNY,
		Rounding: modes[rng.IntN(len(modes))], DefaultRate: randomRate(rng, 20),
		Categories: map[string]decimal.Decimal{}, Listings: map[uuid.UUID]decimal.Decimal{}}
	for i := range rng.IntN(13) {
		rs.Categories[fmt.Sprintf("cat-%d", i)] = randomRate(rng, 20)
	}
	for _, id := range listings {
		if rng.IntN(4) == 0 {
			rs.Listings[id] = randomRate(rng, 20)
		}
	}
	lo := rng.Int64N(500)
	hi := lo + rng.Int64N(5000)
	pct, mix := randomRate(rng, 20), randomRate(rng, 20)
	rs.Plans = []commission.Plan{
		{ID: "pct", Kind: commission.Percentage, Rate: &pct},
		{ID: "fixed", Kind: commission.FixedFee, Fixed: shopkit.CNY(1 + rng.Int64N(999))},
		{ID: "mix", Kind: commission.PercentagePlusFixed, Rate: &mix, Fixed: shopkit.CNY(1 + rng.Int64N(300)),
			Min: cny(lo), Max: cny(hi)},
		{ID: "tiers", Kind: commission.Tiered, Tiers: []commission.Tier{
			{From: shopkit.CNY(0), Rate: randomRate(rng, 20)},
			{From: shopkit.CNY(1_000_000), Rate: randomRate(rng, 20)},
			{From: shopkit.CNY(5_000_000), Rate: randomRate(rng, 20)},
		}},
	}
	if rng.IntN(3) > 0 {
		rs.Promotion = &commission.Promotion{Months: 1 + rng.IntN(6), Rate: randomRate(rng, 10)}
	}
	return rs
}

// R4.1, R4.4: the hot path (ForOrder, then Line, Resolve+Apply or Commission per
// order) returns exactly what the explained path (LineCommission, Charge) returns,
// and a line's amount is the decimal product of the explained rate, rounded by the
// rule set's mode, for random rule sets, merchants and orders (up to 20 lines, so
// orders beyond the 16-line stack buffers are covered too).
func TestFastPathEqualsExplainedPath_R4_1_R4_4(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 44))
	paidAt := at(t, "2026-03-02 12:00:00")
	listings := make([]uuid.UUID, 40)
	for i := range listings {
		listings[i] = uuid.New()
	}
	plans := []string{"", "pct", "fixed", "mix", "tiers"}
	for range 300 {
		rs := randomRuleSet(rng, t, listings)
		r := compile(t, rs)
		for range 20 {
			m := commission.Merchant{ID: merchantID("m"), Plan: plans[rng.IntN(len(plans))]}
			if rng.IntN(2) == 0 {
				m.ActivatedAt = paidAt.Add(-time.Duration(rng.IntN(24*200)) * time.Hour)
			}
			gmv := shopkit.CNY(rng.Int64N(8_000_000))
			o := commission.OrderRecord{OrderID: uuid.New(), MerchantID: merchantID("m"), PaidAt: paidAt}
			for range 1 + rng.IntN(20) {
				l := commission.LineRecord{ListingID: uuid.New(), Paid: shopkit.CNY(rng.Int64N(200_000)), Quantity: 1}
				if rng.IntN(2) == 0 {
					l.ListingID = listings[rng.IntN(len(listings))]
				}
				if rng.IntN(4) > 0 {
					l.Category = fmt.Sprintf("cat-%d", rng.IntN(14))
				}
				o.Lines = append(o.Lines, l)
			}

			or, err := r.ForOrder(m, paidAt, gmv)
			require.NoError(t, err)
			for i := range o.Lines {
				l := &o.Lines[i]
				lc, err := r.LineCommission(m, paidAt, gmv, *l)
				require.NoError(t, err)
				fast, err := or.Line(l)
				require.NoError(t, err)
				require.Equal(t, lc.Commission.Amount(), fast, "line %d", i)
				applied, err := or.Resolve(l).Apply(l.Paid.Amount())
				require.NoError(t, err)
				require.Equal(t, fast, applied)
				require.Equal(t, lc.Explanation, or.Explain(l))
				if lc.Explanation.Source != commission.SourceNone {
					want, err := l.Paid.MulRate(lc.Explanation.Rate, rs.Rounding)
					require.NoError(t, err)
					require.Equal(t, want.Amount(), fast, "decimal reference, line %d", i)
				}
			}

			c, err := r.Charge(o, m, gmv)
			require.NoError(t, err)
			require.Equal(t, or.Promotion(), c.Order.Promotion)
			dst := make([]int64, len(o.Lines))
			total, err := or.Commission(dst, &o)
			require.NoError(t, err)
			require.Equal(t, c.Order.Commission.Amount(), total)
			for i, lc := range c.Lines {
				require.Equal(t, lc.Commission.Amount(), dst[i], "order line %d", i)
			}
		}
	}
}

// The hot path allocates nothing (R4.1: integer-only once compiled).
func TestFastPath_NoAllocations(t *testing.T) {
	r := compile(t, baseRules(t))
	paidAt := at(t, "2026-03-02 12:00:00")
	or, err := r.ForOrder(commission.Merchant{Plan: "mix"}, paidAt, shopkit.CNY(0))
	require.NoError(t, err)
	o := sampleOrder(t, "m", "2026-03-02 12:00:00", line(1999, "books"), line(50, "toys"), line(7, "food"))
	dst := make([]int64, len(o.Lines))
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := or.Line(&o.Lines[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := or.Commission(dst, &o); err != nil {
			t.Fatal(err)
		}
		if _, err := r.ForOrder(commission.Merchant{Plan: "pct"}, paidAt, shopkit.CNY(0)); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}

// R4.4: the integer multiply-and-round equals the decimal product for every mode,
// at the edges of the amount range (1 fen, halves, amounts near the int64 limit
// whose product needs 128 bits) and for negative amounts (reversals).
func TestLineRuleApplyEqualsDecimal_R4_4(t *testing.T) {
	rng := rand.New(rand.NewPCG(44, 1))
	modes := []shopkit.RoundingMode{shopkit.HalfUp, shopkit.Down, shopkit.HalfEven, shopkit.Up}
	amounts := []int64{0, 1, 5, 10, 15, 25, 99, 100, 1 << 40, math.MaxInt64 / 3, math.MaxInt64 - 1, math.MaxInt64}
	rates := []decimal.Decimal{dec("0"), dec("1"), dec("0.5"), dec("0.055"), dec("0.000000000000000001"), dec("0.999999999999999999")}
	for range 200 {
		amounts = append(amounts, rng.Int64(), rng.Int64N(1_000_000))
		rates = append(rates, randomRate(rng, 100), decimal.New(rng.Int64N(1_000_000_000_000_000_000), -18))
	}
	for _, mode := range modes {
		for _, rt := range rates {
			rs := baseRules(t)
			rs.Rounding, rs.Plans[0].Rate = mode, &rt
			r := compile(t, rs)
			or, err := r.ForOrder(commission.Merchant{Plan: "pct"}, at(t, "2026-03-02 12:00:00"), shopkit.CNY(0))
			require.NoError(t, err)
			l := line(0, "toys")
			lr := or.Resolve(&l)
			for _, a := range amounts {
				for _, a := range []int64{a, -a} {
					want, err := shopkit.CNY(a).MulRate(rt, mode)
					require.NoError(t, err)
					got, err := lr.Apply(a)
					require.NoError(t, err)
					require.Equal(t, want.Amount(), got, "%d × %s, mode %v", a, rt, mode)
				}
				l.Paid = shopkit.CNY(a)
				got, err := or.Line(&l)
				require.NoError(t, err)
				want, _ := shopkit.CNY(a).MulRate(rt, mode)
				require.Equal(t, want.Amount(), got)
			}
		}
	}
}

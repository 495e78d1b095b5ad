package commission_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commission"
)

func amounts(c commission.Charge) []int64 {
	out := make([]int64, len(c.Lines))
	for i, l := range c.Lines {
		out[i] = l.Commission.Amount()
	}
	return out
}

// R4.1: each plan kind, the per-order minimum and maximum, and the cap at the
// order amount, at their edges.
func TestCharge_PlanKinds_R4_1(t *testing.T) {
	r := compile(t, baseRules(t))
	const paidAt = "2026-03-02 12:00:00"
	cases := []struct {
		name  string
		plan  string
		lines []commission.LineRecord
		want  []int64
		total int64
		bound commission.Bound
	}{
		// 5 % of ¥19.70 is 98.5 fen: half-up to 99 (R4.4).
		{"percentage", "pct", []commission.LineRecord{line(1970, "toys")}, []int64{99}, 99, commission.BoundNone},
		// "" is the default plan, the first offered.
		{"default plan", "", []commission.LineRecord{line(1970, "toys")}, []int64{99}, 99, commission.BoundNone},
		// ¥2.00 per order, apportioned 3:1 by paid.
		{"fixed", "fixed", []commission.LineRecord{line(300, "toys"), line(100, "toys")}, []int64{150, 50}, 200, commission.BoundNone},
		// 3 % of 2000 is 60 fen + 50 fen fee = 110, above the ¥1.00 minimum.
		{"percentage plus fixed", "mix", []commission.LineRecord{line(2000, "toys")}, []int64{110}, 110, commission.BoundNone},
		// 3 % of 1000 = 30 + 50 = 80 → the minimum 100; the extra 70 by paid 6:4.
		{"minimum", "mix", []commission.LineRecord{line(600, "toys"), line(400, "toys")}, []int64{60, 40}, 100, commission.BoundMin},
		// 3 % of 1666 = 49.98 → 50 + 50 = 100: exactly the minimum, no bound.
		{"minimum edge", "mix", []commission.LineRecord{line(1666, "toys")}, []int64{100}, 100, commission.BoundNone},
		// 3000 + 1000 (books 2 %) + 50 = 4050 → the maximum 2000, cut 3:1 by rate part.
		{"maximum", "mix", []commission.LineRecord{line(100000, "toys"), line(50000, "books")}, []int64{1500, 500}, 2000, commission.BoundMax},
		// 3 % of 65000 = 1950 + 50 = 2000: exactly the maximum, no bound.
		{"maximum edge", "mix", []commission.LineRecord{line(65000, "toys")}, []int64{2000}, 2000, commission.BoundNone},
		// A minimum above the order amount is capped at the amount: 60 fen paid.
		{"minimum above amount", "mix", []commission.LineRecord{line(60, "toys")}, []int64{60}, 60, commission.BoundAmount},
		// A fixed fee above the amount likewise.
		{"fee above amount", "fixed", []commission.LineRecord{line(150, "toys")}, []int64{150}, 150, commission.BoundAmount},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := sampleOrder(t, "m1", paidAt, c.lines...)
			ch, err := r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: c.plan}, shopkit.CNY(0))
			require.NoError(t, err)
			assert.Equal(t, c.want, amounts(ch))
			assert.Equal(t, c.total, ch.Order.Commission.Amount())
			assert.Equal(t, c.bound, ch.Order.Bound)
			var sum int64
			for _, l := range ch.Lines {
				sum += l.Commission.Amount()
				assert.GreaterOrEqual(t, l.Commission.Amount(), int64(0))
			}
			assert.Equal(t, c.total, sum, "lines sum to the order")
		})
	}
}

// R4.1: the most specific rate wins: listing > category > merchant's plan >
// platform default; the explanation names it.
func TestCharge_RatePrecedence_R4_1(t *testing.T) {
	rs := baseRules(t)
	special := uuid.New()
	rs.Listings = map[uuid.UUID]decimal.Decimal{special: dec("0.01")}
	rs.Plans = append(rs.Plans, commission.Plan{ID: "norate", Kind: commission.Percentage})
	r := compile(t, rs)
	m := commission.Merchant{ID: merchantID("m1"), Plan: "pct"}
	paidAt := at(t, "2026-03-02 12:00:00")
	cases := []struct {
		name   string
		m      commission.Merchant
		l      commission.LineRecord
		want   int64
		source commission.RateSource
		rate   string
	}{
		{"listing beats category", m, commission.LineRecord{ListingID: special, Category: "books", Paid: shopkit.CNY(1970)}, 20, commission.SourceListing, "0.01"},
		{"category beats plan", m, line(1970, "books"), 39, commission.SourceCategory, "0.02"},
		{"plan (merchant) rate", m, line(1970, "toys"), 99, commission.SourcePlan, "0.05"},
		{"platform default", commission.Merchant{ID: merchantID("m1"), Plan: "norate"}, line(1970, "toys"), 197, commission.SourceDefault, "0.1"},
		{"fixed plan charges no rate", commission.Merchant{ID: merchantID("m1"), Plan: "fixed"}, line(1970, "books"), 0, commission.SourceNone, "0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lc, err := r.LineCommission(c.m, paidAt, shopkit.CNY(0), c.l)
			require.NoError(t, err)
			assert.Equal(t, c.want, lc.Commission.Amount())
			assert.Equal(t, c.source, lc.Explanation.Source)
			assert.True(t, dec(c.rate).Equal(lc.Explanation.Rate), "rate %s", lc.Explanation.Rate)
		})
	}
	lc, err := r.LineCommission(m, paidAt, shopkit.CNY(0), line(1970, "books"))
	require.NoError(t, err)
	assert.Equal(t, "books", lc.Explanation.Key)
}

// R4.1: a tiered plan picks the rate by the merchant's GMV in the period; bands
// include their lower bound and exclude their upper one.
func TestCharge_Tiers_R4_1(t *testing.T) {
	r := compile(t, baseRules(t))
	m := commission.Merchant{ID: merchantID("m1"), Plan: "tiers"}
	cases := []struct {
		gmv  int64
		tier int
		want int64 // on ¥100.00
	}{
		{0, 0, 600},
		{999_999, 0, 600},
		{1_000_000, 1, 500},
		{4_999_999, 1, 500},
		{5_000_000, 2, 400},
		{math.MaxInt64, 2, 400},
	}
	for _, c := range cases {
		lc, err := r.LineCommission(m, at(t, "2026-03-02 12:00:00"), shopkit.CNY(c.gmv), line(10000, "toys"))
		require.NoError(t, err)
		assert.Equal(t, c.want, lc.Commission.Amount(), "gmv %d", c.gmv)
		assert.Equal(t, commission.SourceTier, lc.Explanation.Source)
		assert.Equal(t, c.tier, lc.Explanation.Tier, "gmv %d", c.gmv)
	}
}

// R4.1: a merchant chooses among the offered plans; a plan not offered is not
// found.
func TestCharge_PlanChoice_R4_1(t *testing.T) {
	r := compile(t, baseRules(t))
	o := sampleOrder(t, "m1", "2026-03-02 12:00:00", line(10000, "toys"))
	pct, err := r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: "pct"}, shopkit.CNY(0))
	require.NoError(t, err)
	fixed, err := r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: "fixed"}, shopkit.CNY(0))
	require.NoError(t, err)
	assert.Equal(t, int64(500), pct.Order.Commission.Amount())
	assert.Equal(t, int64(200), fixed.Order.Commission.Amount())
	assert.Equal(t, "fixed", fixed.Order.Plan)
	_, err = r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: "vip"}, shopkit.CNY(0))
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, commission.CodeUnknownPlan, shopkit.CodeOf(err))
}

// R4.2: promotion months are calendar months (merchant.AddCalendarMonths) that
// clamp to the month's last day; a promotion of n months ends exactly there.
func TestPromotionMonths_MonthEnds_R4_2(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31 10:00:00", 1, "2026-02-28 10:00:00"},
		{"2026-01-31 10:00:00", 3, "2026-04-30 10:00:00"},
		{"2028-01-31 10:00:00", 1, "2028-02-29 10:00:00"}, // leap year
		{"2028-02-29 00:00:00", 3, "2028-05-29 00:00:00"},
		{"2028-02-29 00:00:00", 12, "2029-02-28 00:00:00"},
		{"2026-11-30 23:59:59", 3, "2027-02-28 23:59:59"},
		{"2027-11-30 08:00:00", 3, "2028-02-29 08:00:00"},
		{"2026-01-15 09:30:00", 3, "2026-04-15 09:30:00"},
		{"2026-10-31 00:00:00", 14, "2027-12-31 00:00:00"},
		{"2026-03-31 00:00:00", -1, "2026-02-28 00:00:00"},
		{"2026-01-31 00:00:00", -2, "2025-11-30 00:00:00"},
	}
	for _, c := range cases {
		got := merchant.AddCalendarMonths(at(t, c.from), c.n)
		assert.True(t, got.Equal(at(t, c.want)), "%s %+d: got %s want %s", c.from, c.n, got, c.want)
		if c.n <= 0 {
			continue
		}
		rs := baseRules(t)
		rs.Promotion.Months = c.n
		end, ok := compile(t, rs).PromotionEnd(at(t, c.from))
		require.True(t, ok)
		assert.True(t, end.Equal(at(t, c.want)), "promotion of %d months from %s ends %s", c.n, c.from, end)
	}
}

// R4.2: a merchant activated on 31 January is commission-free for 3 months, until
// 30 April at the activation's time of day; one nanosecond later it pays.
func TestCharge_PromotionLastDay_R4_2(t *testing.T) {
	r := compile(t, baseRules(t))
	m := commission.Merchant{ID: merchantID("new"), Plan: "mix", ActivatedAt: at(t, "2026-01-31 10:00:00")}
	end, ok := r.PromotionEnd(m.ActivatedAt)
	require.True(t, ok)
	assert.True(t, end.Equal(at(t, "2026-04-30 10:00:00")))

	charge := func(paidAt time.Time) commission.Charge {
		o := commission.OrderRecord{OrderID: uuid.New(), MerchantID: merchantID("new"), PaidAt: paidAt, Lines: []commission.LineRecord{line(10000, "toys")}}
		c, err := r.Charge(o, m, shopkit.CNY(0))
		require.NoError(t, err)
		return c
	}
	for _, paid := range []time.Time{m.ActivatedAt, end.Add(-time.Nanosecond)} {
		c := charge(paid)
		assert.True(t, c.Order.Promotion, paid.String())
		assert.Equal(t, int64(0), c.Order.Commission.Amount(), "fee and minimum waived, rate 0")
		assert.Equal(t, commission.SourcePromotion, c.Lines[0].Explanation.Source)
	}
	for _, paid := range []time.Time{end, m.ActivatedAt.Add(-time.Nanosecond)} {
		c := charge(paid)
		assert.False(t, c.Order.Promotion, paid.String())
		assert.Equal(t, int64(350), c.Order.Commission.Amount(), "3 % of ¥100 + ¥0.50")
	}
}

// R4.2: a reduced-rate promotion charges the lower of its rate and the line's
// rate; the maximum still applies. Months are configurable.
func TestCharge_ReducedPromotion_R4_2(t *testing.T) {
	rs := baseRules(t)
	rs.Promotion = &commission.Promotion{Months: 6, Rate: dec("0.025")}
	r := compile(t, rs)
	m := commission.Merchant{ID: merchantID("new"), Plan: "mix", ActivatedAt: at(t, "2026-02-28 00:00:00")}
	o := sampleOrder(t, "new", "2026-08-27 23:59:59", line(10000, "toys"), line(10000, "books"))
	c, err := r.Charge(o, m, shopkit.CNY(0))
	require.NoError(t, err)
	assert.True(t, c.Order.Promotion)
	assert.Equal(t, []int64{250, 200}, amounts(c), "2.5 % instead of 3 %; books keep their lower 2 %")
	assert.Equal(t, commission.SourceCategory, c.Lines[1].Explanation.Source)

	big := sampleOrder(t, "new", "2026-08-27 23:59:59", line(1_000_000, "toys"))
	c, err = r.Charge(big, m, shopkit.CNY(0))
	require.NoError(t, err)
	assert.Equal(t, int64(2000), c.Order.Commission.Amount(), "the ¥20 maximum still applies")
	assert.Equal(t, commission.BoundMax, c.Order.Bound)

	after := sampleOrder(t, "new", "2026-08-28 00:00:00", line(10000, "toys"))
	c, err = r.Charge(after, m, shopkit.CNY(0))
	require.NoError(t, err)
	assert.False(t, c.Order.Promotion, "6 months after 28 February is 28 August")
}

// R4.3: an order is charged under the rules in force when it was paid: one
// nanosecond before a change the old rules apply, at the change the new ones.
func TestSchedule_PaidOneNanosecondBeforeChange_R4_3(t *testing.T) {
	v1 := baseRules(t)
	v1.ID, v1.To = "v1", at(t, "2026-07-01 00:00:00")
	v2 := baseRules(t)
	v2.ID, v2.From = "v2", v1.To
	v2.Plans[0].Rate = decp("0.04")
	s, err := commission.NewSchedule(v2, v1)
	require.NoError(t, err)
	m := commission.Merchant{ID: merchantID("m1"), Plan: "pct"}
	for _, c := range []struct {
		paidAt time.Time
		set    string
		want   int64
	}{
		{v1.To.Add(-time.Nanosecond), "v1", 500},
		{v1.To, "v2", 400},
	} {
		o := commission.OrderRecord{OrderID: uuid.New(), MerchantID: merchantID("m1"), PaidAt: c.paidAt, Lines: []commission.LineRecord{line(10000, "toys")}}
		ch, err := s.Charge(o, m, shopkit.CNY(0))
		require.NoError(t, err)
		assert.Equal(t, c.set, ch.Order.RuleSet)
		assert.Equal(t, c.want, ch.Order.Commission.Amount())
	}
	_, err = s.At(v1.From.Add(-time.Nanosecond))
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, commission.CodeNoRules, shopkit.CodeOf(err))

	// Rules applied directly to an order paid outside their range refuse.
	r1, err := s.At(v1.From)
	require.NoError(t, err)
	_, err = r1.Charge(commission.OrderRecord{PaidAt: v1.To, Lines: []commission.LineRecord{line(1, "")}}, m, shopkit.CNY(0))
	assert.Equal(t, commission.CodeRulesNotInForce, shopkit.CodeOf(err))
}

// R4.4: commission is rounded per line, half-up by default, and summed per order;
// the rounding mode is configurable.
func TestCharge_RoundingPerLine_R4_4(t *testing.T) {
	// 5 % of 10 fen is 0.5 fen per line: half-up gives 1 + 1 = 2, not round(1.0) = 1.
	r := compile(t, baseRules(t))
	o := sampleOrder(t, "m1", "2026-03-02 12:00:00", line(10, "toys"), line(10, "toys"))
	c, err := r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: "pct"}, shopkit.CNY(0))
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 1}, amounts(c))
	assert.Equal(t, int64(2), c.Order.Commission.Amount())

	for _, mode := range []struct {
		m    shopkit.RoundingMode
		want int64 // 5 % of 1970 = 98.5
	}{{shopkit.HalfUp, 99}, {shopkit.HalfEven, 98}, {shopkit.Down, 98}, {shopkit.Up, 99}} {
		rs := baseRules(t)
		rs.Rounding = mode.m
		lc, err := compile(t, rs).LineCommission(commission.Merchant{Plan: "pct"}, at(t, "2026-03-02 12:00:00"), shopkit.CNY(0), line(1970, "toys"))
		require.NoError(t, err)
		assert.Equal(t, mode.want, lc.Commission.Amount(), mode.m.String())
	}
}

// R4.4 with R3.7's cumulative floors: reversals after refunding R of paid P are
// ⌊C × R / P⌋, so three refunds of a third reverse 33, 33, 34 and a full refund
// reverses everything.
func TestReversed_CumulativeFloors_R4_4(t *testing.T) {
	c, p := shopkit.CNY(100), shopkit.CNY(300)
	var prev int64
	var got []int64
	for _, cum := range []int64{100, 200, 300} {
		r, err := commission.Reversed(c, shopkit.CNY(cum), p)
		require.NoError(t, err)
		got = append(got, r.Amount()-prev)
		prev = r.Amount()
	}
	assert.Equal(t, []int64{33, 33, 34}, got)
	assert.Equal(t, int64(100), prev)

	// 128-bit intermediate: C × R overflows int64 but the result does not.
	big := int64(math.MaxInt64 / 2)
	r, err := commission.Reversed(shopkit.CNY(big), shopkit.CNY(math.MaxInt64-1), shopkit.CNY(math.MaxInt64))
	require.NoError(t, err)
	assert.Equal(t, big-1, r.Amount())

	_, err = commission.Reversed(c, shopkit.CNY(301), p)
	assert.Equal(t, commission.CodeRefundExceedsPaid, shopkit.CodeOf(err))
	_, err = commission.Reversed(c, shopkit.MustMoney(1, "EUR"), p)
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
}

// R4.4 with a per-order minimum: the minimum's adjustment is apportioned to the
// lines by paid amount, then each line's commission reverses in proportion to its
// refunds. Refunding one line reverses its share of the minimum; the minimum is
// not charged again on what remains.
func TestReversed_PartialRefundWithMinimum_R4_4(t *testing.T) {
	r := compile(t, baseRules(t))
	o := sampleOrder(t, "m1", "2026-03-02 12:00:00", line(600, "toys"), line(400, "toys"))
	c, err := r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: "mix"}, shopkit.CNY(0))
	require.NoError(t, err)
	require.Equal(t, []int64{60, 40}, amounts(c)) // 18 + 42 and 12 + 28 of the ¥1.00 minimum
	assert.Equal(t, int64(42), c.Lines[0].Share.Amount())

	all, err := commission.Reversed(c.Lines[0].Commission, shopkit.CNY(600), shopkit.CNY(600))
	require.NoError(t, err)
	half, err := commission.Reversed(c.Lines[1].Commission, shopkit.CNY(200), shopkit.CNY(400))
	require.NoError(t, err)
	assert.Equal(t, int64(60), all.Amount())
	assert.Equal(t, int64(20), half.Amount())
	assert.Equal(t, int64(20), c.Order.Commission.Amount()-all.Amount()-half.Amount(), "net commission on ¥2.00 kept: 20 fen, below the minimum")
}

// The hot path: one line with a compiled rule allocates nothing.
func TestLineCommission_NoAllocations(t *testing.T) {
	r := compile(t, baseRules(t))
	m := commission.Merchant{ID: merchantID("m1"), Plan: "pct", ActivatedAt: at(t, "2025-01-01 00:00:00")}
	paidAt := at(t, "2026-03-02 12:00:00")
	l := line(1970, "toys")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := r.LineCommission(m, paidAt, shopkit.CNY(0), l); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
	o := sampleOrder(t, "m1", "2026-03-02 12:00:00", line(600, "toys"), line(400, "books"))
	dst := make([]commission.LineCharge, 2)
	allocs = testing.AllocsPerRun(100, func() {
		if _, err := r.ChargeInto(dst, &o, commission.Merchant{Plan: "mix"}, shopkit.CNY(0)); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "an order with a bound apportions in stack buffers")
}

func TestCharge_BadOrders(t *testing.T) {
	r := compile(t, baseRules(t))
	m := commission.Merchant{ID: merchantID("m1")}
	_, err := r.Charge(sampleOrder(t, "m1", "2026-03-02 12:00:00"), m, shopkit.CNY(0))
	assert.Equal(t, commission.CodeInvalidOrder, shopkit.CodeOf(err))
	_, err = r.Charge(sampleOrder(t, "m1", "2026-03-02 12:00:00", line(-1, "")), m, shopkit.CNY(0))
	assert.Equal(t, commission.CodeNegativeAmount, shopkit.CodeOf(err))
	eur := commission.LineRecord{Paid: shopkit.MustMoney(100, "EUR")}
	_, err = r.Charge(sampleOrder(t, "m1", "2026-03-02 12:00:00", eur), m, shopkit.CNY(0))
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	_, err = r.Charge(sampleOrder(t, "m1", "2026-03-02 12:00:00", line(math.MaxInt64, ""), line(1, "")), m, shopkit.CNY(0))
	require.ErrorIs(t, err, shopkit.ErrOverflow)
}

// R4.4 with a per-order maximum: the cut down to the maximum is apportioned to the
// lines by rate part, and a partial refund reverses the line's bounded commission
// in proportion: refunding half of a line charged 1500 of the ¥20.00 maximum
// reverses 750, not half of its unbounded 3000; the maximum is not applied again.
func TestReversed_PartialRefundWithMaximum_R4_4(t *testing.T) {
	r := compile(t, baseRules(t))
	o := sampleOrder(t, "m1", "2026-03-02 12:00:00", line(100000, "toys"), line(50000, "books"))
	c, err := r.Charge(o, commission.Merchant{ID: merchantID("m1"), Plan: "mix"}, shopkit.CNY(0))
	require.NoError(t, err)
	require.Equal(t, commission.BoundMax, c.Order.Bound)
	require.Equal(t, []int64{1500, 500}, amounts(c))

	for _, e := range []struct{ refunded, want int64 }{
		{50000, 750}, {99999, 1499}, {100000, 1500}, {1, 0}, {67, 1}, {66, 0},
	} {
		rev, err := commission.Reversed(c.Lines[0].Commission, shopkit.CNY(e.refunded), shopkit.CNY(100000))
		require.NoError(t, err)
		assert.Equal(t, e.want, rev.Amount(), "refunded %d", e.refunded)
	}
}

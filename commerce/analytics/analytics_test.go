package analytics_test

import (
	"iter"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/analytics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var cpSH = time.FixedZone("CST", 8*3600)

func cpFacts() []analytics.OrderFact {
	camp := uuid.MustParse("00000000-0000-0000-0000-0000000c0001")
	day1 := time.Date(2026, 11, 11, 23, 59, 59, 0, cpSH)
	return []analytics.OrderFact{
		{OrderID: uuid.New(), Source: "search", PlacedAt: day1, Paid: shopkit.CNY(10000), Refunded: shopkit.CNY(2500),
			Discount: shopkit.CNY(2000), CostOfGoods: shopkit.CNY(6000), Commission: shopkit.CNY(500), ShippingCost: shopkit.CNY(800), CampaignID: camp},
		{OrderID: uuid.New(), Source: "live", PlacedAt: day1.Add(time.Second), Paid: shopkit.CNY(5001),
			Discount: shopkit.CNY(3000), CostOfGoods: shopkit.CNY(6000), Commission: shopkit.CNY(250), ShippingCost: shopkit.CNY(500), CampaignID: camp},
		{OrderID: uuid.New(), Source: "search", PlacedAt: day1.Add(time.Hour), Paid: shopkit.CNY(0)},
	}
}

// R2.7: order count, GMV, AOV (half-up to the fen) and refund rate.
func TestAnalyticsR2_7Summary(t *testing.T) {
	s, err := analytics.Summarize(slices.Values(cpFacts()))
	require.NoError(t, err)
	assert.Equal(t, int64(3), s.Orders)
	assert.Equal(t, int64(15001), s.GMV.Amount())
	assert.Equal(t, int64(5000), s.AOV.Amount(), "15001 / 3 = 5000.33 → 5000")
	assert.Equal(t, "0.1667", s.RefundRate.String(), "2500 / 15001")
	assert.Equal(t, int64(2500), s.Refunded.Amount())

	two, err := analytics.Summarize(slices.Values(cpFacts()[:2]))
	require.NoError(t, err)
	assert.Equal(t, int64(7501), two.AOV.Amount(), "15001 / 2 = 7500.5 → 7501 (half-up)")

	empty, err := analytics.Summarize(slices.Values([]analytics.OrderFact(nil)))
	require.NoError(t, err)
	assert.True(t, empty.AOV.IsZero())
	assert.True(t, empty.RefundRate.IsZero())
}

// R2.7, R0.3: by day in the calendar's zone (23:59:59 and 00:00:00 Beijing time
// are different days, though both are 15:59/16:00 UTC on one day), and by source.
func TestAnalyticsR2_7ByDayAndSource(t *testing.T) {
	days, err := analytics.SummarizeByDay(slices.Values(cpFacts()), shopkit.DefaultCalendar())
	require.NoError(t, err)
	require.Len(t, days, 2)
	assert.Equal(t, "2026-11-11", days[0].Day.String())
	assert.Equal(t, int64(1), days[0].Orders)
	assert.Equal(t, "2026-11-12", days[1].Day.String())
	assert.Equal(t, int64(2), days[1].Orders)

	src, err := analytics.SummarizeBySource(slices.Values(cpFacts()))
	require.NoError(t, err)
	require.Len(t, src, 2)
	assert.Equal(t, "live", src[0].Source)
	assert.Equal(t, int64(5001), src[0].GMV.Amount())
	assert.Equal(t, "search", src[1].Source)
	assert.Equal(t, int64(2), src[1].Orders)
	assert.Equal(t, "0.2500", src[1].RefundRate.StringFixed(4))
}

// R2.7: margin = paid − cost of goods − commission − shipping cost; a campaign
// return is GMV ÷ discount, and a campaign whose orders lose money after the
// discount is flagged.
func TestAnalyticsR2_7MarginAndCampaignReturn(t *testing.T) {
	f := cpFacts()
	m, err := analytics.OrderMargin(f[0])
	require.NoError(t, err)
	assert.Equal(t, int64(10000-6000-500-800), m.Amount())
	rs, err := analytics.CampaignReturns(slices.Values(f))
	require.NoError(t, err)
	require.Len(t, rs, 1)
	r := rs[0]
	assert.Equal(t, int64(2), r.Orders)
	assert.Equal(t, "3.0002", r.Return.String(), "15001 / 5000")
	assert.Equal(t, int64(2700+(5001-6000-250-500)), r.Margin.Amount())
	assert.False(t, r.Losing, "951 fen earned")

	f[1].CostOfGoods = shopkit.CNY(7000) // now the second order loses more than the first earns
	rs, err = analytics.CampaignReturns(slices.Values(f))
	require.NoError(t, err)
	assert.Equal(t, int64(-49), rs[0].Margin.Amount())
	assert.True(t, rs[0].Losing)
}

// R2.7: listing conversion adds up a listing's records.
func TestAnalyticsR2_7ListingConversion(t *testing.T) {
	a, b := uuid.MustParse("00000000-0000-0000-0000-000000000001"), uuid.MustParse("00000000-0000-0000-0000-000000000002")
	cs, err := analytics.ListingConversion(slices.Values([]analytics.ListingStats{
		{ListingID: b, Views: 0, Purchases: 0}, {ListingID: a, Views: 200, Purchases: 3}, {ListingID: a, Views: 100, Purchases: 2},
	}))
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, []int64{300, 5}, []int64{cs[0].Views, cs[0].Purchases})
	assert.Equal(t, "0.0167", cs[0].Rate.String())
	assert.True(t, cs[1].Rate.IsZero())
	for _, tc := range []struct {
		stats analytics.ListingStats
		field string
	}{{analytics.ListingStats{Views: -1}, "views"}, {analytics.ListingStats{Views: 1, Purchases: -1}, "purchases"}} {
		_, err = analytics.ListingConversion(slices.Values([]analytics.ListingStats{tc.stats}))
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, analytics.CodeInvalidListingStats, ve.Code())
		assert.Equal(t, tc.field, ve.Field)
	}
}

// R2.7, R0.1: overflow is an error, never a wrapped total; mixed currencies too.
func TestAnalyticsR2_7OverflowAndCurrency(t *testing.T) {
	big := analytics.OrderFact{Paid: shopkit.CNY(math.MaxInt64)}
	_, err := analytics.Summarize(slices.Values([]analytics.OrderFact{big, {Paid: shopkit.CNY(1)}}))
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err), "the kernel's code")
	_, err = analytics.OrderMargin(analytics.OrderFact{Paid: shopkit.CNY(math.MinInt64 + 1), CostOfGoods: shopkit.CNY(2)})
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))
	_, err = analytics.Summarize(slices.Values([]analytics.OrderFact{{Paid: shopkit.CNY(1)}, {Paid: shopkit.MustMoney(1, "EUR")}}))
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	assert.Equal(t, shopkit.CodeCurrencyMismatch, shopkit.CodeOf(err), "the kernel's code")
	_, err = analytics.Summarize(slices.Values([]analytics.OrderFact{{Paid: shopkit.CNY(1), Refunded: shopkit.MustMoney(1, "EUR")}}))
	assert.Equal(t, shopkit.CodeCurrencyMismatch, shopkit.CodeOf(err), "within one fact too")
	assert.Equal(t, []string{analytics.CodeInvalidListingStats, analytics.CodeTooManyGroups}, analytics.Codes())
}

// cpLazyFacts generates n facts one at a time: nothing is kept in memory.
func cpLazyFacts(n int) iter.Seq[analytics.OrderFact] {
	return func(yield func(analytics.OrderFact) bool) {
		camps := [4]uuid.UUID{{1}, {2}, {3}, {4}}
		sources := [3]string{"search", "live", "ads"}
		base := time.Date(2026, 11, 1, 0, 0, 0, 0, cpSH)
		for i := range n {
			f := analytics.OrderFact{Source: sources[i%3], PlacedAt: base.Add(time.Duration(i) * 2592 * time.Millisecond),
				Paid: shopkit.CNY(int64(1000 + i%5000)), Refunded: shopkit.CNY(int64(i % 7)), Discount: shopkit.CNY(int64(i % 300)),
				CostOfGoods: shopkit.CNY(int64(500 + i%2000)), Commission: shopkit.CNY(30), ShippingCost: shopkit.CNY(600),
				CampaignID: camps[i%4], Lines: 1 + i%3}
			if !yield(f) {
				return
			}
		}
	}
}

// BenchmarkAnalytics1MOrders runs every analytics function over 1,000,000 lazily
// generated orders (a month): bytes per op stay flat, independent of the count.
func BenchmarkAnalytics1MOrders(b *testing.B) {
	cal := shopkit.DefaultCalendar()
	b.ReportAllocs()
	for b.Loop() {
		facts := cpLazyFacts(1_000_000)
		if _, err := analytics.Summarize(facts); err != nil {
			b.Fatal(err)
		}
		if _, err := analytics.SummarizeByDay(facts, cal); err != nil {
			b.Fatal(err)
		}
		if _, err := analytics.SummarizeBySource(facts); err != nil {
			b.Fatal(err)
		}
		if _, err := analytics.CampaignReturns(facts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummarize1MOrders is Summarize alone over 1,000,000 lazy orders.
func BenchmarkSummarize1MOrders(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analytics.Summarize(cpLazyFacts(1_000_000)); err != nil {
			b.Fatal(err)
		}
	}
}

// R2.7: analytics stream: the allocations of a pass do not grow with the number
// of orders (1,000 vs 100,000 orders over the same days, sources and campaigns).
func TestAnalyticsR2_7MemoryIndependentOfCount(t *testing.T) {
	cal := shopkit.DefaultCalendar()
	run := func(n int) float64 {
		return testing.AllocsPerRun(3, func() {
			facts := cpLazyFacts(n)
			if _, err := analytics.Summarize(facts); err != nil {
				t.Fatal(err)
			}
			if _, err := analytics.SummarizeBySource(facts); err != nil {
				t.Fatal(err)
			}
			if _, err := analytics.CampaignReturns(facts); err != nil {
				t.Fatal(err)
			}
		})
	}
	// Small maps of groups allocate a few times more or less from run to run; one
	// allocation per order would be 99,000 more.
	assert.InDelta(t, run(1_000), run(100_000), 16)
	// By day grows with the days only: the same 101 days hold 1,000 or 100,000 orders.
	days := func(n int, step time.Duration) float64 {
		return testing.AllocsPerRun(3, func() {
			facts := func(yield func(analytics.OrderFact) bool) {
				base := time.Date(2026, 1, 1, 12, 0, 0, 0, cpSH)
				for i := range n {
					if !yield(analytics.OrderFact{PlacedAt: base.Add(time.Duration(i) * step), Paid: shopkit.CNY(100)}) {
						return
					}
				}
			}
			if _, err := analytics.SummarizeByDay(facts, cal); err != nil {
				t.Fatal(err)
			}
		})
	}
	assert.InDelta(t, days(1_000, 24*time.Hour/10), days(100_000, 24*time.Hour/1000), 16, "101 days either way")
}

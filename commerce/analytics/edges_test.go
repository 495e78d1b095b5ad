package analytics_test

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/analytics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// every runs each analytics function over facts and returns their errors.
func every(facts []analytics.OrderFact) map[string]error {
	seq := slices.Values(facts)
	errs := map[string]error{}
	_, errs["Summarize"] = analytics.Summarize(seq)
	_, errs["SummarizeByDay"] = analytics.SummarizeByDay(seq, nil)
	_, errs["SummarizeBySource"] = analytics.SummarizeBySource(seq)
	_, errs["CampaignReturns"] = analytics.CampaignReturns(seq)
	return errs
}

// R0.1, R2.7: every sum (GMV, refunds, discounts, margins) is checked at its
// edge in every function: a total of exactly math.MaxInt64 (or MinInt64) minor
// units is a result, one unit more the kernel's overflow error, never a
// wrapped total.
func TestSumsOverflowAtTheEdgeR0_1(t *testing.T) {
	camp := uuid.MustParse("00000000-0000-0000-0000-0000000c0001")
	fact := func(paid, refunded, discount int64) analytics.OrderFact {
		return analytics.OrderFact{CampaignID: camp, Paid: shopkit.CNY(paid), Refunded: shopkit.CNY(refunded),
			Discount: shopkit.CNY(discount)}
	}
	for _, tc := range []struct {
		name string
		unit analytics.OrderFact // one unit of the sum
		edge int64               // the edge the sum reaches, one unit before it
	}{
		{"gmv", fact(1, 0, 0), math.MaxInt64},
		{"negative gmv", fact(-1, 0, 0), math.MinInt64},
		{"refunded", fact(0, 1, 0), math.MaxInt64},
		{"discount", fact(0, 0, 1), math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// All but one unit of the edge in one fact, then the last unit.
			big := fact(0, 0, 0)
			u := tc.unit
			switch {
			case u.Paid.Amount() != 0:
				big.Paid = shopkit.CNY(tc.edge - u.Paid.Amount())
			case u.Refunded.Amount() != 0:
				big.Refunded = shopkit.CNY(tc.edge - u.Refunded.Amount())
			default:
				big.Discount = shopkit.CNY(tc.edge - u.Discount.Amount())
			}
			at := []analytics.OrderFact{big, u}
			for name, err := range every(at) {
				require.NoError(t, err, "%s: exactly at the edge", name)
			}
			for name, err := range every(append(at, u)) {
				require.ErrorIs(t, err, shopkit.ErrOverflow, name)
				assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err), name)
			}
		})
	}
}

// R0.1, R2.7: a campaign's margin is summed with checks too, and an order's
// margin subtracts each cost exactly at the int64 edges (a cost of MinInt64 is
// not an overflow when the result fits).
func TestMarginsOverflowAtTheEdgeR0_1(t *testing.T) {
	camp := uuid.MustParse("00000000-0000-0000-0000-0000000c0001")
	m, err := analytics.OrderMargin(analytics.OrderFact{Paid: shopkit.CNY(-1), CostOfGoods: shopkit.CNY(math.MinInt64)})
	require.NoError(t, err)
	assert.Equal(t, int64(math.MaxInt64), m.Amount(), "-1 − MinInt64 = MaxInt64 fits")
	_, err = analytics.OrderMargin(analytics.OrderFact{Paid: shopkit.CNY(0), CostOfGoods: shopkit.CNY(math.MinInt64)})
	assert.ErrorIs(t, err, shopkit.ErrOverflow)
	m, err = analytics.OrderMargin(analytics.OrderFact{Paid: shopkit.CNY(math.MinInt64 + 2), Commission: shopkit.CNY(1), ShippingCost: shopkit.CNY(1)})
	require.NoError(t, err)
	assert.Equal(t, int64(math.MinInt64), m.Amount())
	_, err = analytics.OrderMargin(analytics.OrderFact{Paid: shopkit.CNY(math.MinInt64 + 2), Commission: shopkit.CNY(2), ShippingCost: shopkit.CNY(1)})
	assert.ErrorIs(t, err, shopkit.ErrOverflow)

	// Two orders whose margins fit alone but not summed; their GMV fits.
	loss := analytics.OrderFact{CampaignID: camp, Paid: shopkit.CNY(0), CostOfGoods: shopkit.CNY(math.MaxInt64)}
	_, err = analytics.CampaignReturns(slices.Values([]analytics.OrderFact{loss}))
	require.NoError(t, err)
	_, err = analytics.CampaignReturns(slices.Values([]analytics.OrderFact{loss, loss}))
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))
}

// R0.1, R2.7: a listing's views and purchases are summed with checks.
func TestConversionOverflowAtTheEdgeR0_1(t *testing.T) {
	id := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	for _, field := range []string{"views", "purchases"} {
		stat := func(n int64) analytics.ListingStats {
			if field == "views" {
				return analytics.ListingStats{ListingID: id, Views: n}
			}
			return analytics.ListingStats{ListingID: id, Views: math.MaxInt64, Purchases: n}
		}
		first := stat(math.MaxInt64 - 1)
		if field == "purchases" {
			first.Views = 1
		}
		second := stat(1)
		if field == "purchases" {
			second.Views = 0
		}
		cs, err := analytics.ListingConversion(slices.Values([]analytics.ListingStats{first, second}))
		require.NoError(t, err, field)
		require.Len(t, cs, 1)
		_, err = analytics.ListingConversion(slices.Values([]analytics.ListingStats{first, second, second}))
		require.ErrorIs(t, err, shopkit.ErrOverflow, field)
		assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err), field)
	}
}

// R2.7: a nil stream is shopkit.NilArgument, never a panic.
func TestNilStreams(t *testing.T) {
	for name, err := range every(nil) {
		require.NoError(t, err, "%s: an empty stream is fine", name)
	}
	var none iter.Seq[analytics.OrderFact]
	errs := map[string]error{}
	_, errs["Summarize"] = analytics.Summarize(none)
	_, errs["SummarizeByDay"] = analytics.SummarizeByDay(none, shopkit.DefaultCalendar())
	_, errs["SummarizeBySource"] = analytics.SummarizeBySource(none)
	_, errs["CampaignReturns"] = analytics.CampaignReturns(none)
	_, errs["ListingConversion"] = analytics.ListingConversion(nil)
	for name, err := range errs {
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err), name)
	}
}

// R0.5: every printed form of an order fact masks the customer.
func TestOrderFactMasksTheCustomerR0_5(t *testing.T) {
	const phone = "13812345678"
	f := analytics.OrderFact{OrderID: uuid.New(), CustomerID: phone, Source: "live", Paid: shopkit.CNY(100)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{f, &f, []analytics.OrderFact{f}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, phone, "%s: %s", verb, out)
			assert.Contains(t, out, shopkit.MaskPhone(phone), "%s: %s", verb, out)
		}
	}
}

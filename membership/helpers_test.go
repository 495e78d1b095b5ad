package membership_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

const customer = "cust-1"

func start() time.Time { return time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC) }

func rate(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func merchant() commerce.Actor { return commerce.Actor{Role: shopkit.Merchant, ID: "merchant-7"} }

// tiers returns Silver (¥1000.00 / 3 orders), Gold (¥5000.00 / 10) and Platinum
// (¥20000.00 / 30) with thresholds on the figures mode uses.
func tiers(mode membership.ThresholdMode) []membership.Tier {
	ts := []membership.Tier{
		{Name: "Silver", MinAmount: commerce.CNY(1000_00), MinOrders: 3,
			Benefits: membership.Benefits{DiscountRate: rate("0.98"), Gifts: []string{"birthday gift"}}},
		{Name: "Gold", MinAmount: commerce.CNY(5000_00), MinOrders: 10,
			Benefits: membership.Benefits{DiscountRate: rate("0.95"), PriorityService: true, MemberOnlyAccess: true}},
		{Name: "Platinum", MinAmount: commerce.CNY(20000_00), MinOrders: 30,
			Benefits: membership.Benefits{DiscountRate: rate("0.9"), PriorityService: true, PriorityShipping: true,
				PriorityAfterSales: true, MemberOnlyAccess: true}},
	}
	for i := range ts {
		if mode == membership.ByCount {
			ts[i].MinAmount = commerce.CNY(0)
		}
		if mode == membership.ByAmount {
			ts[i].MinOrders = 0
		}
	}
	return ts
}

func newSet(t testing.TB, mode membership.ThresholdMode) *membership.TierSet {
	t.Helper()
	s, err := membership.NewTierSet(membership.TierSetConfig{Mode: mode, Tiers: tiers(mode)})
	require.NoError(t, err)
	return s
}

func newMember(t testing.TB) *membership.Member {
	t.Helper()
	m, err := membership.NewMember("shop-1", customer, "", start())
	require.NoError(t, err)
	return m
}

func order(id string, fen int64) membership.CompletedOrder {
	return membership.CompletedOrder{OrderID: id, CustomerID: customer, Amount: commerce.CNY(fen), CompletedAt: start()}
}

// complete applies an order at start() and fails the test on error.
func complete(t testing.TB, set *membership.TierSet, m *membership.Member, id string, fen int64) membership.Outcome {
	t.Helper()
	out, err := m.CompleteOrder(set, order(id, fen), start())
	require.NoError(t, err)
	return out
}

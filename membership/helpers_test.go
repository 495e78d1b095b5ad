package membership_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

const customer = "cust-1"

// shop is the shop (its merchant's ID) of the tests' members.
var shop = uuid.MustParse("5b0a3c1e-7d2f-4e8a-9c61-0f4d2b7a9e10")

// oid is the order ID of a test's order name: the same name, the same ID.
func oid(name string) uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceOID, []byte("order "+name)) }

// refund is the customer's refund of order name with the idempotency key, as an
// after-sales ledger issues it.
func refund(key, order string, amount shopkit.Money) shopkit.Refund {
	return refundBy(customer, key, order, amount)
}

// refundBy is refund for another buyer.
func refundBy(buyer, key, order string, amount shopkit.Money) shopkit.Refund {
	return shopkit.Refund{Key: key, OrderID: oid(order), BuyerID: buyer, MerchantID: shop, Amount: amount}
}

// apply applies r to m as a whole-order return when whole, else as a refund.
func apply(m *membership.Member, r shopkit.Refund, whole bool, now time.Time) error {
	if whole {
		return m.ApplyReturn(r, now)
	}
	return m.ApplyRefund(r, now)
}

func start() time.Time { return time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC) }

func rate(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// merchant is the shop's merchant: a party of every test member (R0.4).
func merchant() shopkit.Actor { return shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()} }

// tiers returns Silver (¥1000.00 / 3 orders), Gold (¥5000.00 / 10) and Platinum
// (¥20000.00 / 30) with thresholds on the figures mode uses.
func tiers(mode membership.ThresholdMode) []membership.Tier {
	ts := []membership.Tier{
		{Name: "Silver", MinAmount: shopkit.CNY(1000_00), MinOrders: 3,
			Benefits: membership.Benefits{DiscountRate: rate("0.98"), Gifts: []string{"birthday gift"}}},
		{Name: "Gold", MinAmount: shopkit.CNY(5000_00), MinOrders: 10,
			Benefits: membership.Benefits{DiscountRate: rate("0.95"), PriorityService: true, MemberOnlyAccess: true}},
		{Name: "Platinum", MinAmount: shopkit.CNY(20000_00), MinOrders: 30,
			Benefits: membership.Benefits{DiscountRate: rate("0.9"), PriorityService: true, PriorityShipping: true,
				PriorityAfterSales: true, MemberOnlyAccess: true}},
	}
	for i := range ts {
		if mode == membership.ByCount {
			ts[i].MinAmount = shopkit.CNY(0)
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
	m, err := membership.NewMember(shop, customer, "", start())
	require.NoError(t, err)
	return m
}

func sampleOrder(id string, fen int64) membership.CompletedOrder {
	return membership.CompletedOrder{OrderID: oid(id), CustomerID: customer, Amount: shopkit.CNY(fen), CompletedAt: start()}
}

// complete applies an order at start() and fails the test on error.
func complete(t testing.TB, set *membership.TierSet, m *membership.Member, id string, fen int64) membership.Outcome {
	t.Helper()
	out, err := m.CompleteOrder(set, sampleOrder(id, fen), start())
	require.NoError(t, err)
	return out
}

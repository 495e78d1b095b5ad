package membership_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.1: a cumulative amount that would overflow int64 is an error and changes
// nothing.
func TestCumulativeOverflow(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", math.MaxInt64-10)
	before := m.Snapshot()
	_, err := m.CompleteOrder(set, sampleOrder("o2", 11), start())
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, before, m.Snapshot())
	complete(t, set, m, "o3", 10)
	assert.Equal(t, shopkit.CNY(math.MaxInt64), m.Figures().Amount)
}

// R0.1: a set in another currency (JPY, no minor digits) works the same, and a
// member or order in another currency than the set is refused.
func TestOtherCurrencies(t *testing.T) {
	yen := func(n int64) shopkit.Money { return shopkit.MustMoney(n, "JPY") }
	set, err := membership.NewTierSet(membership.TierSetConfig{Currency: shopkit.CurrencyJPY, Mode: membership.ByAmount,
		Tiers: []membership.Tier{{Name: "Gold", MinAmount: yen(10000), Benefits: membership.Benefits{DiscountRate: rate("0.95")}}}})
	require.NoError(t, err)
	m, err := membership.NewMember(uuid.New(), customer, shopkit.CurrencyJPY, start())
	require.NoError(t, err)
	out, err := m.CompleteOrder(set, membership.CompletedOrder{OrderID: oid("o1"), CustomerID: customer, Amount: yen(9999), CompletedAt: start()}, start())
	require.NoError(t, err)
	assert.False(t, out.Upgraded)
	e, err := set.Evaluate(m, start())
	require.NoError(t, err)
	assert.Equal(t, "JP¥1 more to Gold", e.Missing())
	p, err := set.PricerForTier("Gold")
	require.NoError(t, err)
	d, err := p.MemberDiscount(order.Line{UnitPrice: yen(999), Quantity: 1}) // 949.05 → 949
	require.NoError(t, err)
	assert.Equal(t, yen(50), d)

	cny := newMember(t)
	_, err = set.Evaluate(cny, start())
	assert.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	_, err = cny.CompleteOrder(set, sampleOrder("o1", 1), start())
	assert.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	_, _, err = set.HighestMet(membership.Figures{Amount: shopkit.CNY(1)})
	assert.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
}

func TestNewMemberValidates(t *testing.T) {
	_, err := membership.NewMember(uuid.Nil, " ", "XXX", time.Time{})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, membership.CodeInvalidMember, ve.Code())
	assert.Len(t, ve.Problems, 4)
	s, s1 := uuid.MustParse("00000000-0000-4000-8000-00000000000a"), uuid.MustParse("00000000-0000-4000-8000-00000000000b")
	assert.Equal(t, membership.MemberID(s, "c"), membership.MemberID(s, "c"), "deterministic")
	assert.Equal(t, uuid.Version(5), membership.MemberID(s, "c").Version(), "a name-based (SHA-1) UUID")
	assert.NotEqual(t, membership.MemberID(s, "c1"), membership.MemberID(s1, "c1"))
	assert.NotEqual(t, membership.MemberID(s, "c1"), membership.MemberID(s, "c"))
}

func TestAppliedOrder(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 100_00)
	require.NoError(t, m.ApplyRefund(refund("r1", "o1", shopkit.CNY(30_00)), start()))
	o, ok := m.Applied(oid("o1"))
	require.True(t, ok)
	assert.Equal(t, membership.AppliedOrder{OrderID: oid("o1"), Amount: shopkit.CNY(100_00), Refunded: shopkit.CNY(30_00),
		Counted: true, CompletedAt: start(), Refunds: []membership.AppliedRefund{{Key: "r1", Amount: shopkit.CNY(30_00)}}}, o)
	o.Refunds[0].Key = "changed"
	again, _ := m.Applied(oid("o1"))
	assert.Equal(t, "r1", again.Refunds[0].Key, "Applied returns a copy")
	_, ok = m.Applied(oid("o2"))
	assert.False(t, ok)
}

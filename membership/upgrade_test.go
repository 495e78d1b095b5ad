package membership_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R5.2: a completed order upgrades exactly when the cumulative amount reaches the
// threshold: one fen below stays, exactly at upgrades.
func TestUpgradeAtExactAmountR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	out := complete(t, set, m, "o1", 1000_00-1)
	assert.False(t, out.Upgraded)
	assert.Equal(t, membership.NoTier, m.Tier())
	out = complete(t, set, m, "o2", 1)
	assert.True(t, out.Upgraded)
	assert.Equal(t, "Silver", out.To)
	assert.Equal(t, "Silver", m.Tier())
	assert.Equal(t, membership.SourceOrders, m.Source())
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(1000_00), Orders: 2}, m.Figures())
}

// R5.2: by count, one order short stays, the threshold order upgrades.
func TestUpgradeAtExactCountR5_2(t *testing.T) {
	set := newSet(t, membership.ByCount)
	m := newMember(t)
	for i := range 2 {
		assert.False(t, complete(t, set, m, "o"+string(rune('a'+i)), 1).Upgraded)
	}
	assert.Equal(t, membership.NoTier, m.Tier())
	assert.True(t, complete(t, set, m, "oc", 1).Upgraded)
	assert.Equal(t, "Silver", m.Tier())
}

// R5.2: with both thresholds, meeting one is not enough.
func TestUpgradeBothNeedsBothR5_2(t *testing.T) {
	set := newSet(t, membership.ByBoth)
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00) // amount met, 1 of 3 orders
	complete(t, set, m, "o2", 0)       // 2 of 3
	assert.Equal(t, membership.NoTier, m.Tier())
	complete(t, set, m, "o3", 0)
	assert.Equal(t, "Silver", m.Tier())
}

// R5.2: one big order jumps several tiers at once, journaled as one upgrade with a
// buyer notification.
func TestUpgradeSeveralTiersAtOnceR5_2(t *testing.T) {
	set := newSet(t, membership.ByEither)
	m := newMember(t)
	out := complete(t, set, m, "big", 20000_00)
	assert.Equal(t, membership.Outcome{OrderID: oid("big"), From: membership.NoTier, To: "Platinum", Upgraded: true,
		Figures: membership.Figures{Amount: shopkit.CNY(20000_00), Orders: 1}}, out)
	h := m.History()
	last := h[len(h)-1]
	assert.Equal(t, shopkit.EntryEffect, last.Kind)
	assert.Equal(t, shopkit.EffectNotify, last.Effect.Type)
	up := h[len(h)-2]
	assert.Equal(t, membership.ActionUpgrade, up.Action)
	assert.Equal(t, "none", up.From)
	assert.Equal(t, "Platinum", up.To)
	assert.Equal(t, shopkit.System, up.Role)
	assert.Contains(t, up.Reason, "¥20000.00 spent ≥ ¥20000.00")
}

// R5.2: the same order applied twice counts once; the same ID with another amount
// is a conflict and changes nothing.
func TestSameOrderCountsOnceR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 600_00)
	before := m.Snapshot()
	out := complete(t, set, m, "o1", 600_00)
	assert.True(t, out.Duplicate)
	assert.Equal(t, before, m.Snapshot())
	_, err := m.CompleteOrder(set, sampleOrder("o1", 700_00), start())
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, membership.CodeOrderMismatch, shopkit.CodeOf(err))
	assert.Equal(t, before, m.Snapshot())
}

// R5.2: refunds reduce the figures for future upgrades but never demote.
func TestRefundNeverDemotesR5_2(t *testing.T) {
	set := newSet(t, membership.ByEither)
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00)
	require.Equal(t, "Silver", m.Tier())
	require.NoError(t, m.ApplyRefund(refund("k7", "o1", shopkit.CNY(1)), start()))
	assert.Equal(t, "Silver", m.Tier())
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(1000_00 - 1), Orders: 1}, m.Figures())

	// The rest of the order refunded: the order no longer counts.
	require.NoError(t, m.ApplyRefund(refund("k8", "o1", shopkit.CNY(1000_00-1)), start()))
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(0), Orders: 0}, m.Figures())
	assert.Equal(t, "Silver", m.Tier())

	// Future upgrades start from the reduced figures: ¥4999.99 more is one fen
	// short of Gold's ¥5000.00.
	complete(t, set, m, "o2", 5000_00-1)
	assert.Equal(t, "Silver", m.Tier())
	complete(t, set, m, "o3", 1)
	assert.Equal(t, "Gold", m.Tier())
}

// R5.2, R3.7: a refund above what is left of the order's recorded spend, of an
// unknown order, of another customer or shop, or without a key is a typed error
// and changes nothing; a repeated refund key counts once, and the same key with
// another amount or order is a conflict; a whole-order return stops the order
// counting.
func TestRefundBadInputR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 100_00)
	require.NoError(t, m.ApplyRefund(refund("r1", "o1", shopkit.CNY(40_00)), start()))
	before := m.Snapshot()

	otherShop := refund("r2", "o1", shopkit.CNY(1))
	otherShop.MerchantID = uuid.New()
	noOrder := refund("r2", "o1", shopkit.CNY(1))
	noOrder.OrderID = uuid.Nil
	cases := []struct {
		name  string
		r     shopkit.Refund
		whole bool
		kind  error
		code  string
	}{
		{"one fen above what is left", refund("r2", "o1", shopkit.CNY(60_01)), false,
			shopkit.ErrInvalid, membership.CodeRefundExceeds},
		{"unknown order", refund("r2", "o9", shopkit.CNY(1)), false,
			shopkit.ErrNotFound, membership.CodeUnknownOrder},
		{"other customer", refundBy("cust-2", "r2", "o1", shopkit.CNY(1)), false,
			shopkit.ErrInvalid, membership.CodeInvalidRefund},
		{"other shop", otherShop, false, shopkit.ErrInvalid, membership.CodeInvalidRefund},
		{"no order", noOrder, false, shopkit.ErrInvalid, membership.CodeInvalidRefund},
		{"no key", refund("", "o1", shopkit.CNY(1)), false, shopkit.ErrInvalid, membership.CodeInvalidRefund},
		{"negative", refund("r2", "o1", shopkit.CNY(-1)), false,
			shopkit.ErrInvalid, membership.CodeInvalidRefund},
		{"zero without full return", refund("r2", "o1", shopkit.CNY(0)), false,
			shopkit.ErrInvalid, membership.CodeInvalidRefund},
		{"other currency", refund("r2", "o1", shopkit.MustMoney(1, "EUR")), false,
			shopkit.ErrCurrencyMismatch, membership.CodeCurrencyMismatch},
		{"same key, another amount", refund("r1", "o1", shopkit.CNY(40_01)), false,
			shopkit.ErrConflict, membership.CodeRefundMismatch},
		{"same key, another order", refund("r1", "o9", shopkit.CNY(40_00)), false,
			shopkit.ErrConflict, membership.CodeRefundMismatch},
		{"same key, as a return", refund("r1", "o1", shopkit.CNY(40_00)), true,
			shopkit.ErrConflict, membership.CodeRefundMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := apply(m, c.r, c.whole, start())
			require.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Equal(t, before, m.Snapshot())
		})
	}
	var ve *shopkit.ValidationError
	require.ErrorAs(t, m.ApplyRefund(refund("", "o1", shopkit.CNY(1)), start()), &ve)
	assert.Equal(t, "key", ve.Field)

	// The same refund key again: counted once.
	require.NoError(t, m.ApplyRefund(refund("r1", "o1", shopkit.CNY(40_00)), start()))
	assert.Equal(t, before, m.Snapshot())

	// Exactly what is left is allowed.
	require.NoError(t, m.ApplyRefund(refund("r3", "o1", shopkit.CNY(60_00)), start()))
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(0), Orders: 0}, m.Figures())

	// A whole-order return that leaves money (shipping kept) stops the count.
	complete(t, set, m, "o2", 100_00)
	require.NoError(t, m.ApplyReturn(refund("r4", "o2", shopkit.CNY(90_00)), start()))
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(10_00), Orders: 0}, m.Figures())
	require.NoError(t, m.ApplyReturn(refund("r4", "o2", shopkit.CNY(90_00)), start()), "a repeated return counts once")
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(10_00), Orders: 0}, m.Figures())
}

// R5.2: bad orders are typed errors that change nothing.
func TestCompleteOrderBadInputR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	before := m.Snapshot()
	for name, o := range map[string]membership.CompletedOrder{
		"no id":          {CustomerID: customer, Amount: shopkit.CNY(1), CompletedAt: start()},
		"other customer": {OrderID: oid("o1"), CustomerID: "x", Amount: shopkit.CNY(1), CompletedAt: start()},
		"negative":       {OrderID: oid("o1"), CustomerID: customer, Amount: shopkit.CNY(-1), CompletedAt: start()},
		"no time":        {OrderID: oid("o1"), CustomerID: customer, Amount: shopkit.CNY(1)},
		"other currency": {OrderID: oid("o1"), CustomerID: customer, Amount: shopkit.MustMoney(1, "EUR"), CompletedAt: start()},
	} {
		_, err := m.CompleteOrder(set, o, start())
		assert.Error(t, err, name)
		assert.NotEmpty(t, shopkit.CodeOf(err), name)
		assert.Equal(t, before, m.Snapshot(), name)
	}
}

// R5.2: a merchant adjusts by hand, up or down, audited with actor and reason;
// the next order does not undo a demotion unless it crosses a threshold above the
// adjusted tier.
func TestManualAdjustmentR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 6000_00)
	require.Equal(t, "Gold", m.Tier())

	at := start().Add(time.Hour)
	require.NoError(t, m.Adjust(set, merchant(), "Silver", "abusive returns", at))
	assert.Equal(t, "Silver", m.Tier())
	assert.Equal(t, membership.SourceManual, m.Source())
	h := m.History()
	adj := h[len(h)-2]
	assert.Equal(t, membership.ActionAdjust, adj.Action)
	assert.Equal(t, shopkit.Merchant, adj.Role)
	assert.Equal(t, shop.String(), adj.Actor)
	assert.Equal(t, "Gold", adj.From)
	assert.Equal(t, "Silver", adj.To)
	assert.Equal(t, "abusive returns", adj.Reason)
	assert.Equal(t, at, adj.At)

	complete(t, set, m, "o2", 100_00) // still meets Gold, crosses nothing
	assert.Equal(t, "Silver", m.Tier())
	complete(t, set, m, "o3", 13900_00-1) // ¥19999.99: one fen short of Platinum
	assert.Equal(t, "Silver", m.Tier())
	complete(t, set, m, "o4", 1) // crosses Platinum
	assert.Equal(t, "Platinum", m.Tier())
	assert.Equal(t, membership.SourceOrders, m.Source())

	// Up by hand above the figures, and to no tier at all.
	require.NoError(t, m.Adjust(set, merchant(), membership.NoTier, "closed account", at))
	assert.Equal(t, membership.NoTier, m.Tier())
}

// R5.2: a bad adjustment changes nothing.
func TestManualAdjustmentBadInputR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00)
	before := m.Snapshot()
	cases := []struct {
		name   string
		by     shopkit.Actor
		tier   string
		reason string
		kind   error
		code   string
	}{
		{"unknown tier", merchant(), "Diamond", "vip", shopkit.ErrInvalid, membership.CodeUnknownTier},
		{"no reason", merchant(), "Gold", " ", shopkit.ErrInvalid, membership.CodeReasonRequired},
		{"the member's own customer", shopkit.Actor{Role: shopkit.Buyer, ID: customer}, "Gold", "me", shopkit.ErrNotAllowed, membership.CodeWrongRole},
		{"system", shopkit.SystemActor(), "Gold", "auto", shopkit.ErrNotAllowed, membership.CodeWrongRole},
		{"no actor id", shopkit.Actor{Role: shopkit.Merchant}, "Gold", "vip", shopkit.ErrNotAllowed, shopkit.CodeNotParty},
		{"another shop's merchant", shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}, "Gold", "vip", shopkit.ErrNotAllowed, shopkit.CodeNotParty},
		{"same tier", merchant(), "Silver", "vip", shopkit.ErrConflict, membership.CodeTierUnchanged},
	}
	for _, c := range cases {
		err := m.Adjust(set, c.by, c.tier, c.reason, start())
		require.ErrorIs(t, err, c.kind, c.name)
		assert.Equal(t, c.code, shopkit.CodeOf(err), c.name)
		assert.Equal(t, before, m.Snapshot(), c.name)
	}
	require.NoError(t, m.Adjust(set, shopkit.Actor{Role: shopkit.Platform, ID: "ops"}, "Gold", "compensation", start()))
	assert.Equal(t, "Gold", m.Tier())
}

// R5.2 option: with a rolling window an order completed exactly the window ago
// still counts; one nanosecond earlier it does not. The window never demotes.
func TestRollingWindowR5_2(t *testing.T) {
	const year = 365 * 24 * time.Hour
	set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount,
		Tiers: tiers(membership.ByAmount), Window: year})
	require.NoError(t, err)
	now := start().Add(year)
	for _, c := range []struct {
		name string
		old  time.Time
		want string
	}{
		{"exactly a year ago counts", start(), "Silver"},
		{"1ns older does not", start().Add(-1), membership.NoTier},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := newMember(t)
			o := sampleOrder("old", 600_00)
			o.CompletedAt = c.old
			_, err := m.CompleteOrder(set, o, c.old)
			require.NoError(t, err)
			out, err := m.CompleteOrder(set, sampleOrder("new", 400_00), now)
			require.NoError(t, err)
			assert.Equal(t, c.want, out.To)
			assert.Equal(t, membership.Figures{Amount: shopkit.CNY(1000_00), Orders: 2}, m.Figures(), "lifetime figures keep every order")
		})
	}

	// Tiers reached stay when orders leave the window.
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00)
	require.Equal(t, "Silver", m.Tier())
	e, err := set.Evaluate(m, start().Add(2*year))
	require.NoError(t, err)
	assert.Equal(t, "Silver", e.Tier)
	assert.Equal(t, 0, e.QualifiedRank)
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(0), Orders: 0}, e.Figures)
}

// R5.2 option: what-if simulates without changing the member.
func TestWhatIfR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 900_00)
	before := m.Snapshot()
	w, err := set.WhatIf(m, start(), sampleOrder("o2", 100_00))
	require.NoError(t, err)
	assert.Equal(t, membership.NoTier, w.Before.Tier)
	assert.Equal(t, "Silver", w.After.Tier)
	require.Len(t, w.Outcomes, 1)
	assert.True(t, w.Outcomes[0].Upgraded)
	assert.Equal(t, before, m.Snapshot())

	w, err = set.WhatIf(m, start(), sampleOrder("o2", 100_00-1))
	require.NoError(t, err)
	assert.Equal(t, membership.NoTier, w.After.Tier)
	assert.Equal(t, "¥0.01 more to Silver", w.After.Missing())
}

func TestSnapshotRoundTrip(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00)
	require.NoError(t, m.ApplyRefund(refund("r", "o1", shopkit.CNY(5)), start()))
	require.NoError(t, m.Adjust(set, merchant(), "Gold", "vip", start()))
	require.NoError(t, m.RecordCoupon(merchant(), "tpl", "c1", 1, "thanks", start()))
	back, err := membership.RestoreMember(m.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, m.Snapshot(), back.Snapshot())
	assert.Equal(t, m.Figures(), back.Figures())
	assert.Empty(t, back.Unsaved())

	bad := m.Snapshot()
	bad.AppliedOrders = append(bad.AppliedOrders, bad.AppliedOrders[0])
	_, err = membership.RestoreMember(bad)
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
}

// R0.5: String masks the customer key.
func TestStringMasksCustomer(t *testing.T) {
	m, err := membership.NewMember(shop, "13812345678", "", start())
	require.NoError(t, err)
	s := m.String()
	assert.Contains(t, s, "138****5678")
	assert.NotContains(t, s, "13812345678")
}

// R2.8: a host can persist the snapshot as JSON and restore the same member.
func TestSnapshotJSONRoundTrip(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 6000_00)
	require.NoError(t, m.ApplyRefund(refund("r", "o1", shopkit.CNY(5)), start()))
	require.NoError(t, m.Adjust(set, merchant(), "Silver", "test", start()))
	b, err := json.Marshal(m.Snapshot())
	require.NoError(t, err)
	var s membership.MemberSnapshot
	require.NoError(t, json.Unmarshal(b, &s))
	back, err := membership.RestoreMember(s)
	require.NoError(t, err)
	again, err := json.Marshal(back.Snapshot())
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(again)) // zero Money reads back as CNY 0: compare encodings
	assert.Equal(t, m.Figures(), back.Figures())

	bad := strings.Replace(string(b), `"source":"manual"`, `"source":"magic"`, 1)
	require.NotEqual(t, string(b), bad)
	assert.ErrorIs(t, json.Unmarshal([]byte(bad), &s), shopkit.ErrInvalid)
}

// R5.2 option: the window's edges for Evaluate and for late-delivered orders. An
// order is in the window from its completion until exactly Window later; an
// order completed before the window starts (delivered late) adds to the lifetime
// figures only and upgrades nothing. Outcomes report the window's figures, also
// for a repeated order.
func TestRollingWindowEdgesR5_2(t *testing.T) {
	const year = 365 * 24 * time.Hour
	for _, mode := range []membership.ThresholdMode{membership.ByAmount, membership.ByCount} {
		t.Run(string(mode), func(t *testing.T) {
			set, err := membership.NewTierSet(membership.TierSetConfig{Mode: mode, Tiers: tiers(mode), Window: year})
			require.NoError(t, err)
			m := newMember(t)
			for i := range 3 { // ¥1000.00 and 3 orders: Silver, exactly at both thresholds
				complete(t, set, m, "o"+strconv.Itoa(i), []int64{500_00, 499_99, 1}[i])
			}
			require.Equal(t, "Silver", m.Tier())

			e, err := set.Evaluate(m, start().Add(year))
			require.NoError(t, err)
			assert.Equal(t, 1, e.QualifiedRank, "exactly a year later the orders still count")
			assert.Equal(t, membership.Figures{Amount: shopkit.CNY(1000_00), Orders: 3}, e.Figures)
			e, err = set.Evaluate(m, start().Add(year+1))
			require.NoError(t, err)
			assert.Equal(t, 0, e.QualifiedRank, "1ns later they do not")
			assert.Equal(t, "Silver", e.Tier, "the window never demotes")

			later := start().Add(year + 1)
			dup, err := m.CompleteOrder(set, sampleOrder("o0", 500_00), later)
			require.NoError(t, err)
			assert.True(t, dup.Duplicate)
			assert.Equal(t, membership.Figures{Amount: shopkit.CNY(0), Orders: 0}, dup.Figures)

			n := newMember(t)
			for i := range 2 { // ¥999.99 and 2 orders: one fen and one order short
				complete(t, set, n, "o"+strconv.Itoa(i), []int64{500_00, 499_99}[i])
			}
			now := start().Add(year)
			late := sampleOrder("late", 1)
			late.CompletedAt = now.Add(-year - 1) // 1ns before the window: lifetime only
			out, err := n.CompleteOrder(set, late, now)
			require.NoError(t, err)
			assert.False(t, out.Upgraded)
			assert.Equal(t, membership.Figures{Amount: shopkit.CNY(999_99), Orders: 2}, out.Figures)
			assert.Equal(t, membership.Figures{Amount: shopkit.CNY(1000_00), Orders: 3}, n.Figures())

			edge := sampleOrder("edge", 1)
			edge.CompletedAt = now.Add(-year) // exactly at the window's start: counts
			out, err = n.CompleteOrder(set, edge, now)
			require.NoError(t, err)
			assert.True(t, out.Upgraded)
			assert.Equal(t, "Silver", out.To)
		})
	}
}

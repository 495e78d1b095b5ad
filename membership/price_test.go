package membership_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func line(sku string, unit, qty int64) order.Line {
	return order.Line{SKU: sku, ListingID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(sku)), Category: "tea",
		Name: sku, UnitPrice: shopkit.CNY(unit), Quantity: qty, Subtotal: shopkit.CNY(unit * qty)}
}

// R5.3: the member unit price is the unit price × the tier rate rounded to the
// fen by the set's rounding mode; the discount is the difference × quantity.
func TestMemberDiscountRoundingR5_3(t *testing.T) {
	// ¥9.99 × 0.95 = ¥9.4905 → 949 fen half-up/half-even/down, 950 up.
	// ¥0.10 × 0.95 = 9.5 fen → 10 half-up/up, 9 down, 10 half-even (to even).
	// ¥0.30 × 0.95 = 28.5 fen → 29 half-up, 28 half-even.
	cases := []struct {
		mode shopkit.RoundingMode
		unit int64
		qty  int64
		want int64
	}{
		{shopkit.HalfUp, 999, 3, (999 - 949) * 3},
		{shopkit.Down, 999, 3, (999 - 949) * 3},
		{shopkit.Up, 999, 3, (999 - 950) * 3},
		{shopkit.HalfUp, 10, 1, 0},
		{shopkit.Down, 10, 1, 1},
		{shopkit.HalfEven, 10, 1, 0},
		{shopkit.HalfUp, 30, 2, 2},
		{shopkit.HalfEven, 30, 2, 4},
		{shopkit.HalfUp, 0, 5, 0},
	}
	for _, c := range cases {
		set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount,
			Tiers: tiers(membership.ByAmount), Rounding: c.mode})
		require.NoError(t, err)
		p, err := set.PricerForTier("Gold")
		require.NoError(t, err)
		got, err := p.MemberDiscount(line("sku", c.unit, c.qty))
		require.NoError(t, err)
		assert.Equal(t, shopkit.CNY(c.want), got, "%v unit %d qty %d", c.mode, c.unit, c.qty)
	}
}

// R5.3: member-only listings refuse customers whose tier has no member-only
// access, and non-members, with a typed error.
func TestMemberOnlyR5_3(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	l := line("limited", 100_00, 1)
	l.MemberOnly = true
	for _, c := range []struct {
		tier string
		ok   bool
	}{{membership.NoTier, false}, {"Silver", false}, {"Gold", true}, {"Platinum", true}} {
		p, err := set.PricerForTier(c.tier)
		require.NoError(t, err)
		d, err := p.MemberDiscount(l)
		if c.ok {
			require.NoError(t, err, c.tier)
			assert.True(t, d.IsPositive())
			continue
		}
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, c.tier)
		assert.Equal(t, membership.CodeMemberOnly, shopkit.CodeOf(err))
	}
	_, err := membership.Pricer{}.MemberDiscount(l)
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed, "the zero Pricer is a non-member's")
}

// R5.3: excluded categories and listings get no member discount; a non-member
// gets none; Apply is all or nothing.
func TestApplyR5_3(t *testing.T) {
	promo := line("promo", 50_00, 1)
	set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: tiers(membership.ByAmount),
		ExcludedCategories: []string{"books"}, ExcludedListings: []uuid.UUID{promo.ListingID}})
	require.NoError(t, err)
	book := line("book", 30_00, 2)
	book.Category = "books"
	lines := []order.Line{line("tea", 100_00, 2), book, promo}
	p, err := set.PricerForTier("Platinum")
	require.NoError(t, err)
	require.NoError(t, p.Apply(lines))
	assert.Equal(t, shopkit.CNY(20_00), lines[0].MemberDiscount) // 10 % of ¥200.00
	assert.Equal(t, shopkit.CNY(0), lines[1].MemberDiscount)
	assert.Equal(t, shopkit.CNY(0), lines[2].MemberDiscount)

	silver, err := set.PricerForTier("Silver")
	require.NoError(t, err)
	only := line("limited", 10_00, 1)
	only.MemberOnly = true
	mixed := []order.Line{line("tea", 100_00, 1), only}
	err = silver.Apply(mixed)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.True(t, mixed[0].MemberDiscount.IsZero(), "nothing changed")

	none := set.PricerFor(nil)
	d, err := none.MemberDiscount(line("tea", 100_00, 1))
	require.NoError(t, err)
	assert.True(t, d.IsZero())

	_, err = set.PricerForTier("Diamond")
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	_, err = p.MemberDiscount(line("bad", 1, 0))
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	eur := line("eur", 100, 1)
	eur.UnitPrice = shopkit.MustMoney(100, "EUR")
	_, err = p.MemberDiscount(eur)
	assert.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
}

// R5.3: a member's pricer follows the member's current tier.
func TestPricerForMemberR5_3(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	var d order.MemberDiscounter = set.PricerFor(m)
	got, err := d.MemberDiscount(line("tea", 100_00, 1))
	require.NoError(t, err)
	assert.True(t, got.IsZero())
	complete(t, set, m, "o1", 5000_00)
	d = set.PricerFor(m)
	got, err = d.MemberDiscount(line("tea", 100_00, 1))
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(5_00), got)
	assert.Equal(t, "Gold", set.PricerFor(m).Tier())
}

// R5.3: the member unit price follows the set's rounding mode at the half-fen
// edges: exactly .5 with an even and an odd fen below it, and one ten-thousandth
// of a fen below and above .5.
func TestMemberPriceHalfFenEdgesR5_3(t *testing.T) {
	type want struct{ halfUp, down, halfEven, up int64 } // member unit price in fen
	cases := []struct {
		name       string
		rate       string
		unit       int64
		memberUnit want
	}{
		{"0.5 fen", "0.5", 1, want{1, 0, 0, 1}},
		{"2.5 fen (even below)", "0.5", 5, want{3, 2, 2, 3}},
		{"3.5 fen (odd below)", "0.5", 7, want{4, 3, 4, 4}},
		{"9.5 fen at 0.95", "0.95", 10, want{10, 9, 10, 10}},
		{"28.5 fen at 0.95", "0.95", 30, want{29, 28, 28, 29}},
		{"2.4999 fen", "0.8333", 3, want{2, 2, 2, 3}},
		{"2.5002 fen", "0.8334", 3, want{3, 2, 3, 3}},
		{"whole fen: no rounding", "0.95", 20, want{19, 19, 19, 19}},
	}
	modes := []shopkit.RoundingMode{shopkit.HalfUp, shopkit.Down, shopkit.HalfEven, shopkit.Up}
	for _, c := range cases {
		for _, mode := range modes {
			t.Run(c.name+"/"+mode.String(), func(t *testing.T) {
				set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Rounding: mode,
					Tiers: []membership.Tier{{Name: "Gold", Benefits: membership.Benefits{DiscountRate: rate(c.rate)}}}})
				require.NoError(t, err)
				p, err := set.PricerForTier("Gold")
				require.NoError(t, err)
				memberUnit := map[shopkit.RoundingMode]int64{shopkit.HalfUp: c.memberUnit.halfUp,
					shopkit.Down: c.memberUnit.down, shopkit.HalfEven: c.memberUnit.halfEven, shopkit.Up: c.memberUnit.up}[mode]
				const qty = 3
				got, err := p.MemberDiscount(line("sku", c.unit, qty))
				require.NoError(t, err)
				assert.Equal(t, shopkit.CNY((c.unit-memberUnit)*qty), got, "buyer pays qty × the displayed member price")
			})
		}
	}
}

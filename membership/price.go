package membership

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// Pricer gives the member price of order lines for one customer's tier (R5.3). It
// implements order.MemberDiscounter, so an order applies it before coupon
// apportionment (R2.4). The zero Pricer is a non-member's: no discount and no
// member-only listings. It is a small value, safe to copy and use concurrently.
type Pricer struct {
	set  *TierSet
	rank int
}

var _ order.MemberDiscounter = Pricer{}

// PricerFor returns the pricer of m's current tier; m nil is a customer without a
// member record (a non-member). A nil set gives the zero Pricer; the pricer of
// a set NewTierSet did not build refuses every line with CodeInvalidTierSet.
func (ts *TierSet) PricerFor(m *Member) Pricer {
	if m == nil {
		return Pricer{set: ts}
	}
	return Pricer{set: ts, rank: ts.rankOf(m)}
}

// PricerForTier returns the pricer of the named tier; NoTier is a non-member's.
// An unknown tier, or a set not built by NewTierSet, is a ValidationError.
func (ts *TierSet) PricerForTier(name string) (Pricer, error) {
	if err := ts.check(); err != nil {
		return Pricer{}, err
	}
	if name == NoTier {
		return Pricer{set: ts}, nil
	}
	r, ok := ts.Rank(name)
	if !ok {
		return Pricer{}, shopkit.Invalid(CodeUnknownTier, "tier", "names no tier of the set: "+name)
	}
	return Pricer{set: ts, rank: r}, nil
}

// Tier returns the name of the pricer's tier (NoTier for a non-member).
func (p Pricer) Tier() string {
	if p.set == nil {
		return NoTier
	}
	return p.set.name(p.rank)
}

// MemberDiscount returns the line's member discount (R5.3). A member-only line
// (R5.3) is refused with an error matching shopkit.ErrNotAllowed (code
// CodeMemberOnly) unless the tier gives member-only access. Lines of
// excluded categories or listings, and customers without a tier, get zero.
//
// The member price is per unit: the unit price × the tier's discount rate,
// rounded to the fen by the set's rounding mode, as the shop displays it; the
// discount is (unit price − member unit price) × quantity, so it never exceeds the
// line subtotal and the buyer pays exactly quantity × the displayed member price.
func (p Pricer) MemberDiscount(line order.Line) (shopkit.Money, error) {
	if p.set == nil {
		if line.MemberOnly {
			return shopkit.Money{}, errMemberOnly(line)
		}
		return shopkit.Zero(line.UnitPrice.Currency()), nil
	}
	ts := p.set
	if err := ts.check(); err != nil { // a pricer of a set NewTierSet did not build
		return shopkit.Money{}, err
	}
	if line.UnitPrice.Currency() != ts.currency {
		return shopkit.Money{}, errCurrency(line.UnitPrice.Currency(), ts.currency)
	}
	if line.Quantity <= 0 {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidLine, "quantity", "must be greater than zero")
	}
	if line.UnitPrice.IsNegative() {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidLine, "unit_price", "must not be negative")
	}
	zero := shopkit.Zero(ts.currency)
	if p.rank == 0 {
		if line.MemberOnly {
			return shopkit.Money{}, errMemberOnly(line)
		}
		return zero, nil
	}
	t := &ts.tiers[p.rank-1]
	if line.MemberOnly && !t.Benefits.MemberOnlyAccess {
		return shopkit.Money{}, errMemberOnly(line)
	}
	if ts.excludedCategories[line.Category] || ts.excludedListings[line.ListingID] {
		return zero, nil
	}
	unit, err := t.rate.Apply(line.UnitPrice, ts.rounding)
	if err != nil {
		return shopkit.Money{}, err
	}
	off, err := line.UnitPrice.Sub(unit)
	if err != nil {
		return shopkit.Money{}, err
	}
	return off.Mul(line.Quantity)
}

func errMemberOnly(line order.Line) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, CodeMemberOnly,
		"listing "+line.Name+" ("+line.SKU+") is for members only")
}

// Apply sets MemberDiscount on every line (R5.3), before coupons (R2.4). It is all
// or nothing: on the first refused or invalid line it returns the error and leaves
// every line unchanged. Paid is left to the order, which also subtracts coupons.
func (p Pricer) Apply(lines []order.Line) error {
	for i := range lines {
		if _, err := p.MemberDiscount(lines[i]); err != nil {
			return err
		}
	}
	for i := range lines {
		d, _ := p.MemberDiscount(lines[i])
		lines[i].MemberDiscount = d
	}
	return nil
}

package commerce

import (
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// PriceLine is one line of an order to price (R2.3.2): the price snapshot and the
// quantity, and what coupon scopes match on.
type PriceLine struct {
	SKU        string    // the seller's stock-keeping unit
	ListingID  uuid.UUID // matched by a coupon's listing scope
	Category   string    // matched by a coupon's category scope
	Name       string    // shown to the buyer
	UnitPrice  Money     // the price snapshot, ≥ 0
	Quantity   int64     // > 0 (R2.4: a zero quantity is refused)
	MemberOnly bool      // sold to members only (R5.3): needs a MemberDiscounter
}

// CouponUse is an issued coupon loaded with its template, for Price.
type CouponUse struct {
	Coupon   *Coupon         // the issued coupon the buyer chose
	Template *CouponTemplate // its template (Coupon.TemplateID)
}

// StackingPolicy is how many coupons of each issuer one order may use (R2.4).
// The zero value means DefaultStackingPolicy; a negative count allows none.
type StackingPolicy struct {
	Platform int // platform coupons per order (default 1)
	Shop     int // shop coupons per order (default 1)
}

// DefaultStackingPolicy allows one platform coupon and one shop coupon per order
// (R2.4).
func DefaultStackingPolicy() StackingPolicy { return StackingPolicy{Platform: 1, Shop: 1} }

// PriceInput is everything Price needs. It is read, never modified.
type PriceInput struct {
	// ShopID is the shop the order is placed with: a shop coupon of another shop
	// is out of scope.
	ShopID   uuid.UUID
	Lines    []PriceLine // at least one
	Shipping Money       // the shipping fee, ≥ 0, in the lines' currency
	// Coupons are the coupons the buyer chose, loaded with their templates.
	Coupons []CouponUse
	// Member gives each line's member discount before coupons (R5.3); nil for a
	// customer who is not a member.
	Member   MemberDiscounter
	Stacking StackingPolicy // zero means DefaultStackingPolicy
	Now      time.Time      // when the order is priced: coupons must be valid then
}

// AppliedCoupon is what one coupon took off the order.
type AppliedCoupon struct {
	CouponID   uuid.UUID    // the issued coupon
	TemplateID uuid.UUID    // its template
	CampaignID uuid.UUID    // its campaign, or uuid.Nil
	Issuer     CouponIssuer // platform or shop
	Kind       CouponKind   // what it took off
	Discount   Money        // the coupon's whole discount: its lines' shares, or the shipping discount
}

// Priced is a priced order (R2.3.3, R2.4): each line's member and coupon discounts
// and paid amount in whole minor units; Total = Σ line Paid + Shipping −
// ShippingDiscount.
type Priced struct {
	Lines            []OrderLine     // each with Subtotal, MemberDiscount, CouponDiscount and Paid
	Shipping         Money           // the shipping fee
	ShippingDiscount Money           // what free-shipping coupons took off it
	Total            Money           // Σ Paid + Shipping − ShippingDiscount
	Applied          []AppliedCoupon // in the order of PriceInput.Coupons
}

// PriceScratch is reusable working memory for PriceInto. The zero value is ready;
// it grows to the largest order priced with it. Not safe for concurrent use.
type PriceScratch struct {
	buf []int64
}

// Price prices an order (R2.4, R5.3, R0.1). It is a pure function.
//
//  1. Each line's Subtotal is UnitPrice × Quantity; the member discount
//     (in.Member, R5.3) is taken off first, capped at the subtotal.
//  2. Coupons apply in this order, each on what its eligible lines still cost
//     after the steps before it: per-item price cuts, then shop coupons, then
//     platform coupons, then free shipping. A coupon's threshold (MinSpend) is
//     compared with that amount; meeting it exactly counts.
//  3. An order-level discount (amount off, percent off) is capped at its cap and
//     at the eligible amount, then apportioned to the eligible lines in
//     proportion to their remaining amounts by largest remainder (R0.1), so the
//     shares sum exactly to the discount and no line's Paid goes below zero. A
//     price cut takes Amount × Quantity off each eligible line (at most the line's
//     amount); with a cap the capped total is apportioned over those cuts.
//  4. Free shipping sets ShippingDiscount to the shipping fee (up to its cap).
//
// Percent-off discounts round with the template's rounding mode (Down unless
// set), on the eligible amount as a whole.
//
// Errors (nothing is returned but the error): a line without quantity or with a
// negative price (commerce.invalid_price_input); a member-only line without a
// MemberDiscounter (commerce.member_only); mixed currencies
// (ErrCurrencyMismatch); amounts beyond int64 (ErrOverflow); a coupon used or
// listed twice (commerce.coupon_used), outside its validity window
// (commerce.coupon_not_valid_yet, commerce.coupon_expired), with no eligible line
// (commerce.coupon_out_of_scope), below its threshold
// (commerce.coupon_below_threshold), or over the stacking limit
// (commerce.coupon_stacking).
func Price(in PriceInput) (Priced, error) {
	var p Priced
	p.Lines = make([]OrderLine, 0, len(in.Lines))
	if len(in.Coupons) > 0 {
		p.Applied = make([]AppliedCoupon, 0, len(in.Coupons))
	}
	var s PriceScratch
	if err := PriceInto(&p, in, &s); err != nil {
		return Priced{}, err
	}
	return p, nil
}

// PriceInto is Price writing into dst, reusing dst.Lines, dst.Applied and
// scratch's memory: pricing orders in a loop with the same dst and scratch
// allocates nothing once they have grown. On error dst holds no meaningful
// result.
func PriceInto(dst *Priced, in PriceInput, scratch *PriceScratch) error {
	n := len(in.Lines)
	if n == 0 {
		return shopkit.Invalid("commerce.invalid_price_input", "lines", "must not be empty")
	}
	cur := in.Lines[0].UnitPrice.Currency()
	ck := cur.key() // how Money stores it
	if err := checkCoupons(in, cur); err != nil {
		return err
	}
	if in.Shipping.IsNegative() {
		return shopkit.Invalid("commerce.invalid_price_input", "shipping", "must not be negative")
	}
	if !in.Shipping.IsZero() && in.Shipping.Currency() != cur {
		return currencyMismatch("shipping")
	}
	lines := dst.Lines[:0]
	var gross int64 // Σ subtotals: every later sum of line amounts is below it
	for i, pl := range in.Lines {
		field := func() string { return "lines[" + strconv.Itoa(i) + "]" }
		switch {
		case pl.Quantity <= 0:
			return shopkit.Invalid("commerce.invalid_price_input", field()+".quantity", "must be greater than zero")
		case pl.UnitPrice.IsNegative():
			return shopkit.Invalid("commerce.invalid_price_input", field()+".unit_price", "must not be negative")
		case pl.UnitPrice.Currency() != cur:
			return currencyMismatch(field() + ".unit_price")
		case pl.MemberOnly && in.Member == nil:
			return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.member_only",
				field()+" "+strconv.Quote(pl.SKU)+" is sold to members only (R5.3)")
		}
		sub, ok := mulInt64(pl.UnitPrice.amount, pl.Quantity)
		if !ok || sub > maxAmount-gross {
			return errOverflow("price the order")
		}
		gross += sub
		lines = append(lines, OrderLine{SKU: pl.SKU, ListingID: pl.ListingID, Category: pl.Category, Name: pl.Name,
			UnitPrice: pl.UnitPrice, Quantity: pl.Quantity, Subtotal: Money{amount: sub, currency: ck},
			MemberOnly: pl.MemberOnly})
	}
	if in.Shipping.amount > maxAmount-gross {
		return errOverflow("price the order")
	}
	dst.Lines = lines
	// R5.3: the member discount comes before coupons.
	if in.Member != nil {
		for i := range lines {
			md, err := in.Member.MemberDiscount(lines[i])
			if err != nil {
				return err
			}
			if md.IsNegative() {
				return shopkit.Invalid("commerce.invalid_price_input", "member_discount", "must not be negative")
			}
			if !md.IsZero() && md.Currency() != cur {
				return currencyMismatch("member_discount")
			}
			lines[i].MemberDiscount = Money{amount: min(md.amount, lines[i].Subtotal.amount), currency: ck}
		}
	}
	if cap(scratch.buf) < 2*n {
		scratch.buf = make([]int64, 2*n)
	}
	weights, parts := scratch.buf[:n], scratch.buf[n:2*n]
	applied := dst.Applied[:0]
	for range in.Coupons {
		applied = append(applied, AppliedCoupon{})
	}
	dst.Applied = applied
	shipOff := int64(0)
	for phase := range 4 {
		for i, cu := range in.Coupons {
			if couponPhase(cu.Template) != phase {
				continue
			}
			d, err := applyCoupon(lines, cu.Template, in.Shipping.amount-shipOff, weights, parts)
			if err != nil {
				return err
			}
			if cu.Template.spec.Kind == CouponFreeShipping {
				shipOff += d
			}
			applied[i] = AppliedCoupon{CouponID: cu.Coupon.id, TemplateID: cu.Template.id,
				CampaignID: cu.Template.spec.CampaignID, Issuer: cu.Template.spec.Issuer,
				Kind: cu.Template.spec.Kind, Discount: Money{amount: d, currency: ck}}
		}
	}
	total := in.Shipping.amount - shipOff
	for i := range lines {
		l := &lines[i]
		l.MemberDiscount.currency, l.CouponDiscount.currency = ck, ck
		l.Paid = Money{amount: l.Subtotal.amount - l.MemberDiscount.amount - l.CouponDiscount.amount, currency: ck}
		total += l.Paid.amount
	}
	dst.Shipping = Money{amount: in.Shipping.amount, currency: ck}
	dst.ShippingDiscount = Money{amount: shipOff, currency: ck}
	dst.Total = Money{amount: total, currency: ck}
	return nil
}

const maxAmount = int64(^uint64(0) >> 1)

func currencyMismatch(field string) error {
	return shopkit.NewError(shopkit.ErrCurrencyMismatch, "commerce.currency_mismatch",
		field+" is not in the order's currency")
}

// couponPhase orders coupons for Price: price cuts, shop, platform, shipping.
func couponPhase(t *CouponTemplate) int {
	switch {
	case t.spec.Kind == CouponPriceCut:
		return 0
	case t.spec.Kind == CouponFreeShipping:
		return 3
	case t.spec.Issuer == IssuerShop:
		return 1
	}
	return 2
}

// checkCoupons checks the chosen coupons before anything is priced: loaded,
// usable at in.Now, not listed twice, for this shop, in the order's currency, and
// within the stacking limits (R2.4).
func checkCoupons(in PriceInput, cur Currency) error {
	limit := in.Stacking
	if limit == (StackingPolicy{}) {
		limit = DefaultStackingPolicy()
	}
	var platform, shop int
	for i, cu := range in.Coupons {
		field := func() string { return "coupons[" + strconv.Itoa(i) + "]" }
		if cu.Coupon == nil || cu.Template == nil || cu.Coupon.templateID != cu.Template.id {
			return shopkit.Invalid("commerce.invalid_price_input", field(), "needs the coupon and its own template")
		}
		for _, prev := range in.Coupons[:i] {
			if prev.Coupon.id == cu.Coupon.id {
				return shopkit.NewError(shopkit.ErrConflict, "commerce.coupon_used",
					"coupon "+cu.Coupon.id.String()+" is listed twice")
			}
		}
		if err := cu.Coupon.checkUsable(in.Now); err != nil {
			return err
		}
		t := cu.Template
		if err := t.CheckValid(in.Now); err != nil {
			return err
		}
		if t.spec.Issuer == IssuerShop && t.spec.ShopID != in.ShopID {
			return errOutOfScope(t, "belongs to another shop")
		}
		if t.spec.currency() != cur && (!t.spec.Amount.IsZero() || !t.spec.Cap.IsZero() || !t.spec.MinSpend.IsZero()) {
			return currencyMismatch(field())
		}
		if t.spec.Issuer == IssuerPlatform {
			platform++
		} else {
			shop++
		}
	}
	if platform > max(limit.Platform, 0) || shop > max(limit.Shop, 0) {
		return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_stacking",
			"an order may use at most "+strconv.Itoa(max(limit.Platform, 0))+" platform and "+
				strconv.Itoa(max(limit.Shop, 0))+" shop coupon(s) (R2.4)")
	}
	return nil
}

func errOutOfScope(t *CouponTemplate, why string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_out_of_scope",
		"coupon "+strconv.Quote(t.spec.Name)+" "+why)
}

// applyCoupon applies one coupon to lines and returns its discount. shipping is
// the shipping fee not yet discounted. weights and parts are scratch of len(lines).
func applyCoupon(lines []OrderLine, t *CouponTemplate, shipping int64, weights, parts []int64) (int64, error) {
	s := &t.spec
	var base int64
	eligible := false
	for i := range lines {
		l := &lines[i]
		if !s.Scope.Covers(l.Category, l.ListingID) {
			weights[i] = 0
			continue
		}
		eligible = true
		w := l.Subtotal.amount - l.MemberDiscount.amount - l.CouponDiscount.amount
		if s.Kind == CouponPriceCut { // R2.4: a fixed cut per item, never more than the line
			if cut, ok := mulInt64(s.Amount.amount, l.Quantity); ok && cut < w {
				w = cut
			}
		}
		weights[i] = w
		base += w
	}
	if !eligible {
		return 0, errOutOfScope(t, "applies to no line of the order")
	}
	threshold := base
	if s.Kind == CouponPriceCut { // the threshold is on what the lines cost, not on the cuts
		threshold = 0
		for i := range lines {
			if s.Scope.Covers(lines[i].Category, lines[i].ListingID) {
				threshold += lines[i].Subtotal.amount - lines[i].MemberDiscount.amount - lines[i].CouponDiscount.amount
			}
		}
	}
	if threshold < s.MinSpend.amount { // R2.4: the threshold met exactly counts
		return 0, shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_below_threshold",
			"coupon "+strconv.Quote(s.Name)+" needs "+s.MinSpend.String()+" of eligible items")
	}
	var d int64
	switch s.Kind {
	case CouponAmountOff:
		d = s.Amount.amount
	case CouponPercentOff:
		var err error
		if d, err = t.rate.ApplyAmount(base, *s.Rounding); err != nil {
			return 0, err
		}
	case CouponPriceCut:
		d = base
	case CouponFreeShipping:
		d = shipping
	}
	if s.Cap.amount > 0 && d > s.Cap.amount {
		d = s.Cap.amount
	}
	if s.Kind == CouponFreeShipping {
		return d, nil
	}
	d = min(d, base) // R2.4: nothing negative
	if d == 0 {
		return 0, nil
	}
	if s.Kind == CouponPriceCut && d == base {
		copy(parts, weights)
	} else if err := AllocateInto(parts, d, weights); err != nil {
		return 0, err
	}
	for i := range lines {
		lines[i].CouponDiscount.amount += parts[i]
	}
	return d, nil
}

package promotion

import (
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// PriceLine is one line of an order to price (R2.3.2): the price snapshot and the
// quantity, and what coupon scopes match on.
type PriceLine struct {
	SKU        string        `json:"sku"`         // the seller's stock-keeping unit
	ListingID  uuid.UUID     `json:"listing_id"`  // matched by a coupon's listing scope
	Category   string        `json:"category"`    // matched by a coupon's category scope
	Name       string        `json:"name"`        // shown to the buyer
	UnitPrice  shopkit.Money `json:"unit_price"`  // the price snapshot, ≥ 0; with Tiers zero or the tier's price
	Quantity   int64         `json:"quantity"`    // > 0 (R2.4: a zero quantity is refused)
	MemberOnly bool          `json:"member_only"` // sold to members only (R5.3): needs a MemberDiscounter
	// Tiers is the listing's wholesale price table (阶梯价, R2.1), zero for a
	// listing that is not wholesale. When set, the line's unit price is the
	// tier Quantity falls in (catalog.PriceTiers.UnitPriceFor): UnitPrice may
	// be left zero, and if set must be that price, so a list price is never
	// charged silently for a wholesale quantity.
	Tiers catalog.PriceTiers `json:"tiers"`
}

// unitPrice is the unit price Price charges for line i: the wholesale tier its
// quantity falls in when it has tiers (R2.1), else UnitPrice. A quantity of
// zero or less keeps UnitPrice, for checkLine to refuse.
func (l PriceLine) unitPrice(i int) (shopkit.Money, error) {
	if l.Tiers.IsZero() || l.Quantity <= 0 {
		return l.UnitPrice, nil
	}
	p, err := l.Tiers.UnitPriceFor(l.Quantity)
	if err != nil {
		// Name the line: catalog names only "quantity".
		var ve *shopkit.ValidationError
		if errors.As(err, &ve) && len(ve.Problems) == 1 {
			return shopkit.Money{}, shopkit.Invalid(ve.Code(), "lines["+strconv.Itoa(i)+"].quantity", ve.Problems[0].Problem)
		}
		return shopkit.Money{}, err
	}
	if !l.UnitPrice.IsZero() && !l.UnitPrice.Equal(p) {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidPriceInput, "lines["+strconv.Itoa(i)+"].unit_price",
			"must be zero or the wholesale tier price "+p.String()+" for "+strconv.FormatInt(l.Quantity, 10)+" units (R2.1)")
	}
	return p, nil
}

// CouponUse is an issued coupon loaded with its template, for Price.
type CouponUse struct {
	Coupon   *Coupon         `json:"coupon"`   // the issued coupon the buyer chose
	Template *CouponTemplate `json:"template"` // its template (Coupon.TemplateID)
}

// StackingPolicy is how many coupons of each issuer one order may use (R2.4:
// "at most one platform coupon and one shop coupon per order (configurable)").
// Each count is taken as written: it is the most coupons of that issuer an
// order may carry, so 1 allows one coupon of the issuer and no stacking of
// them, and 0 allows no coupon of that issuer at all (a shop that forbids shop
// coupons on top of a platform coupon sets Shop: 0). The zero value is
// therefore "no coupons", not the default: the default is
// DefaultStackingPolicy, which PriceInput uses when its Stacking is nil. A
// negative count is invalid (Validate).
type StackingPolicy struct {
	Platform int `json:"platform"` // platform coupons per order, ≥ 0; 0 allows none (default 1)
	Shop     int `json:"shop"`     // shop coupons per order, ≥ 0; 0 allows none (default 1)
}

// UnmarshalJSON decodes a policy a host sends in strictly: a key that is not
// a field ("Shops" for "Shop"), a value of the wrong type or a negative count
// is a *shopkit.ValidationError with code CodeInvalidPolicy naming it, so a
// misspelt count never leaves another value in force silently. A key the JSON
// leaves out keeps its value: decode into DefaultStackingPolicy() to keep the
// default for it, into the zero value to allow none of that issuer (R2.4). On
// error p is unchanged.
func (p *StackingPolicy) UnmarshalJSON(data []byte) error {
	type plain StackingPolicy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	if err := StackingPolicy(v).Validate(); err != nil {
		return err
	}
	*p = StackingPolicy(v)
	return nil
}

// DefaultStackingPolicy allows one platform coupon and one shop coupon per order
// (R2.4). It is what Price applies when PriceInput.Stacking is nil.
func DefaultStackingPolicy() StackingPolicy { return StackingPolicy{Platform: 1, Shop: 1} }

// Validate returns nil when both counts are at least 0, else a
// *shopkit.ValidationError (CodeInvalidPolicy) naming each negative count
// (R2.4). The zero policy is valid: it allows no coupons.
func (p StackingPolicy) Validate() error {
	var ps []shopkit.FieldProblem
	if p.Platform < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "platform", Problem: "must not be negative (0 allows no platform coupon)"})
	}
	if p.Shop < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "shop", Problem: "must not be negative (0 allows no shop coupon)"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, ps)
}

// stacking returns the policy Price applies: in.Stacking, or the default when
// it is nil (R2.4).
func (in PriceInput) stacking() StackingPolicy {
	if in.Stacking == nil {
		return DefaultStackingPolicy()
	}
	return *in.Stacking
}

// PriceInput is everything Price needs. It is read, never modified.
type PriceInput struct {
	// ShopID is the shop the order is placed with: a shop coupon of another shop
	// is out of scope.
	ShopID   uuid.UUID     `json:"shop_id"`
	Lines    []PriceLine   `json:"lines"`    // at least one
	Shipping shopkit.Money `json:"shipping"` // the shipping fee, ≥ 0, in the lines' currency
	// Coupons are the coupons the buyer chose, loaded with their templates.
	Coupons []CouponUse `json:"coupons"`
	// Member gives each line's member discount before coupons (R5.3); nil for a
	// customer who is not a member.
	Member order.MemberDiscounter `json:"member"`
	// Stacking is how many coupons of each issuer the order may use (R2.4);
	// nil means DefaultStackingPolicy (one platform and one shop coupon). A
	// policy given is taken as written: a zero count allows no coupon of that
	// issuer.
	Stacking *StackingPolicy `json:"stacking"`
	Now      time.Time       `json:"now,omitzero"` // when the order is priced: coupons must be valid then
}

// AppliedCoupon is what one coupon took off the order.
type AppliedCoupon struct {
	CouponID   uuid.UUID     `json:"coupon_id"`   // the issued coupon
	TemplateID uuid.UUID     `json:"template_id"` // its template
	CampaignID uuid.UUID     `json:"campaign_id"` // its campaign, or uuid.Nil
	Issuer     CouponIssuer  `json:"issuer"`      // platform or shop
	Kind       CouponKind    `json:"kind"`        // what it took off
	Discount   shopkit.Money `json:"discount"`    // the coupon's whole discount: its lines' shares, or the shipping discount
}

// Priced is a priced order (R2.3.3, R2.4): each line's member and coupon discounts
// and paid amount in whole minor units; Total = Σ line Paid + Shipping −
// ShippingDiscount.
type Priced struct {
	Lines            []order.Line    `json:"lines"`             // each with Subtotal, MemberDiscount, CouponDiscount and Paid
	Shipping         shopkit.Money   `json:"shipping"`          // the shipping fee
	ShippingDiscount shopkit.Money   `json:"shipping_discount"` // what free-shipping coupons took off it
	Total            shopkit.Money   `json:"total"`             // Σ Paid + Shipping − ShippingDiscount
	Applied          []AppliedCoupon `json:"applied"`           // in the order of PriceInput.Coupons
}

// PriceScratch is reusable working memory for PriceInto. The zero value is ready;
// it grows to the largest order priced with it. Not safe for concurrent use.
type PriceScratch struct {
	buf []int64
}

// lines returns three working slices of n amounts: what each line still costs,
// and a coupon's weights and shares.
func (s *PriceScratch) lines(n int) (due, weights, shares []int64) {
	if cap(s.buf) < 3*n {
		s.buf = make([]int64, 3*n)
	}
	b := s.buf[:3*n]
	return b[:n], b[n : 2*n], b[2*n:]
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
// A line with wholesale tiers (PriceLine.Tiers, R2.1) costs the tier its
// quantity falls in; that unit price is the line's UnitPrice in the result.
//
// Errors (nothing is returned but the error): a line without quantity, a
// negative price or shipping fee (CodeInvalidPriceInput); a member-only line
// without a MemberDiscounter (CodeMemberOnly); mixed currencies
// (shopkit.CodeCurrencyMismatch); amounts beyond int64 (shopkit.CodeOverflow); a
// wholesale line below its minimum order quantity or above its last tier
// (catalog.CodeBelowMinimumOrder, catalog.CodeAboveMaximumOrder) or with a
// UnitPrice other than its tier's (CodeInvalidPriceInput); a
// coupon used or listed twice (CodeCouponUsed), outside its validity window
// (CodeCouponNotValidYet, CodeCouponExpired), with no eligible line
// (CodeCouponOutOfScope), below its threshold (CodeCouponBelowThreshold), or
// over the stacking limit (CodeCouponStacking); a negative stacking count
// (CodeInvalidPolicy).
func Price(in PriceInput) (Priced, error) {
	var p Priced
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
	if len(in.Lines) == 0 {
		return shopkit.Invalid(CodeInvalidPriceInput, "lines", "must not be empty")
	}
	first, err := in.Lines[0].unitPrice(0)
	if err != nil {
		return err
	}
	cur := first.Currency()
	money := shopkit.Zero(cur).WithAmount
	if err := checkCoupons(in, cur); err != nil {
		return err
	}
	if in.Shipping.IsNegative() {
		return shopkit.Invalid(CodeInvalidPriceInput, "shipping", "must not be negative")
	}
	if !in.Shipping.IsZero() && in.Shipping.Currency() != cur {
		return shopkit.CurrencyMismatch("shipping")
	}

	// The work is done in minor units of cur: due[i] is what line i still costs
	// after the discounts so far. Every amount is at most the sum of the
	// subtotals and the shipping fee, checked to fit in int64 here, so the sums
	// below cannot overflow.
	lines := resize(dst.Lines, len(in.Lines))
	due, weights, shares := scratch.lines(len(lines))
	total := in.Shipping.Amount()
	for i, pl := range in.Lines {
		unit, err := pl.unitPrice(i)
		if err != nil {
			return err
		}
		pl.UnitPrice = unit // a copy: in is never modified
		if err := checkLine(i, pl, cur, in.Member != nil); err != nil {
			return err
		}
		subtotal, err := pl.UnitPrice.Mul(pl.Quantity)
		if err != nil || subtotal.Amount() > math.MaxInt64-total {
			return shopkit.Overflow("price the order")
		}
		total += subtotal.Amount()
		lines[i] = order.Line{SKU: pl.SKU, ListingID: pl.ListingID, Category: pl.Category, Name: pl.Name,
			UnitPrice: pl.UnitPrice, Quantity: pl.Quantity, MemberOnly: pl.MemberOnly,
			Subtotal: money(subtotal.Amount()), MemberDiscount: money(0)}
		due[i] = subtotal.Amount()
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
				return shopkit.Invalid(CodeInvalidPriceInput, "member_discount", "must not be negative")
			}
			if !md.IsZero() && md.Currency() != cur {
				return shopkit.CurrencyMismatch("member_discount")
			}
			off := min(md.Amount(), due[i])
			lines[i].MemberDiscount = money(off)
			due[i] -= off
		}
	}

	applied := resize(dst.Applied, len(in.Coupons))
	dst.Applied = applied
	shipping := in.Shipping.Amount() // what is left of the fee after free-shipping coupons
	for phase := range couponPhases {
		for i, cu := range in.Coupons {
			t := cu.Template
			if couponPhase(t) != phase {
				continue
			}
			var d int64
			var err error
			if t.spec.Kind == CouponFreeShipping {
				d, err = shippingDiscount(lines, due, t, shipping, weights)
				shipping -= d
			} else {
				d, err = applyCoupon(lines, due, t, weights, shares)
			}
			if err != nil {
				return err
			}
			applied[i] = AppliedCoupon{CouponID: cu.Coupon.id, TemplateID: t.id, CampaignID: t.spec.CampaignID,
				Issuer: t.spec.Issuer, Kind: t.spec.Kind, Discount: money(d)}
		}
	}

	var paid int64
	for i := range lines {
		l := &lines[i]
		l.CouponDiscount = money(l.Subtotal.Amount() - l.MemberDiscount.Amount() - due[i])
		l.Paid = money(due[i])
		paid += due[i]
	}
	dst.Shipping = money(in.Shipping.Amount())
	dst.ShippingDiscount = money(in.Shipping.Amount() - shipping)
	dst.Total = money(paid + shipping)
	return nil
}

// resize returns s with length n, reusing its memory when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// checkLine rejects a line Price cannot price (R2.3.2, R5.3).
func checkLine(i int, l PriceLine, cur shopkit.Currency, member bool) error {
	field := func(name string) string { return "lines[" + strconv.Itoa(i) + "]" + name }
	switch {
	case l.Quantity <= 0:
		return shopkit.Invalid(CodeInvalidPriceInput, field(".quantity"), "must be greater than zero")
	case l.UnitPrice.IsNegative():
		return shopkit.Invalid(CodeInvalidPriceInput, field(".unit_price"), "must not be negative")
	case l.UnitPrice.Currency() != cur:
		return shopkit.CurrencyMismatch(field(".unit_price"))
	case l.MemberOnly && !member:
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeMemberOnly,
			field("")+" "+strconv.Quote(l.SKU)+" is sold to members only (R5.3)")
	}
	return nil
}

// couponPhases is the number of phases in which Price applies coupons.
const couponPhases = 4

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
func checkCoupons(in PriceInput, cur shopkit.Currency) error {
	stacking := in.stacking()
	if err := stacking.Validate(); err != nil {
		return err
	}
	var platform, shop int
	for i, cu := range in.Coupons {
		field := func() string { return "coupons[" + strconv.Itoa(i) + "]" }
		if cu.Coupon == nil || cu.Template == nil || cu.Coupon.templateID != cu.Template.id {
			return shopkit.Invalid(CodeInvalidPriceInput, field(), "needs the coupon and its own template")
		}
		for _, prev := range in.Coupons[:i] {
			if prev.Coupon.id == cu.Coupon.id {
				return shopkit.NewError(shopkit.ErrConflict, CodeCouponUsed,
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
		if t.spec.hasMoney() && t.spec.currency() != cur {
			return shopkit.CurrencyMismatch(field())
		}
		if t.spec.Issuer == IssuerPlatform {
			platform++
		} else {
			shop++
		}
	}
	maxPlatform, maxShop := stacking.Platform, stacking.Shop
	if platform > maxPlatform || shop > maxShop {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeCouponStacking,
			"an order may use at most "+strconv.Itoa(maxPlatform)+" platform and "+
				strconv.Itoa(maxShop)+" shop coupon(s) (R2.4)")
	}
	return nil
}

func errOutOfScope(t *CouponTemplate, why string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, CodeCouponOutOfScope, "coupon "+strconv.Quote(t.spec.Name)+" "+why)
}

// weigh sets weights[i] to what t may take off line i: what the line still
// costs, or for a price cut Amount × Quantity if that is less; zero outside t's
// scope. It returns base, the sum of the weights, or CodeCouponOutOfScope when
// no line is in scope, or CodeCouponBelowThreshold when the lines in scope cost
// less than MinSpend (met exactly counts, R2.4). spend is what they cost.
func weigh(lines []order.Line, due []int64, t *CouponTemplate, weights []int64) (spend, base int64, err error) {
	covered := false
	for i := range lines {
		weights[i] = 0
		if !t.spec.Scope.Covers(lines[i].Category, lines[i].ListingID) {
			continue
		}
		covered = true
		spend += due[i]
		w := due[i]
		if t.spec.Kind == CouponPriceCut {
			// A cut too large for int64 is more than the line costs anyway.
			if cut, err := t.spec.Amount.Mul(lines[i].Quantity); err == nil {
				w = min(w, cut.Amount())
			}
		}
		weights[i] = w
		base += w
	}
	if !covered {
		return 0, 0, errOutOfScope(t, "applies to no line of the order")
	}
	if spend < t.spec.MinSpend.Amount() {
		return 0, 0, shopkit.NewError(shopkit.ErrNotAllowed, CodeCouponBelowThreshold,
			"coupon "+strconv.Quote(t.spec.Name)+" needs "+t.spec.MinSpend.String()+" of eligible items")
	}
	return spend, base, nil
}

// shippingDiscount is what a free-shipping coupon takes off the shipping fee
// still due: all of it, or its cap. Its scope and threshold are checked on the
// lines like any coupon's.
func shippingDiscount(lines []order.Line, due []int64, t *CouponTemplate, shipping int64, weights []int64) (int64, error) {
	if _, _, err := weigh(lines, due, t, weights); err != nil {
		return 0, err
	}
	if t.spec.Cap.IsPositive() {
		return min(shipping, t.spec.Cap.Amount()), nil
	}
	return shipping, nil
}

// applyCoupon takes an order-level coupon or a price cut off the lines in its
// scope, lowering due, and returns its discount. weights and shares are
// scratch of len(lines).
func applyCoupon(lines []order.Line, due []int64, t *CouponTemplate, weights, shares []int64) (int64, error) {
	spend, base, err := weigh(lines, due, t, weights)
	if err != nil {
		return 0, err
	}
	var d int64
	switch t.spec.Kind {
	case CouponAmountOff:
		d = t.spec.Amount.Amount()
	case CouponPercentOff:
		if d, err = t.rate.ApplyAmount(spend, *t.spec.Rounding); err != nil {
			return 0, err
		}
	case CouponPriceCut:
		d = base
	}
	if t.spec.Cap.IsPositive() {
		d = min(d, t.spec.Cap.Amount())
	}
	d = min(d, base) // R2.4: no line's paid amount goes below zero
	if d == 0 {
		return 0, nil
	}
	if d == base {
		copy(shares, weights) // every line gives all it can: nothing to apportion
	} else if err := shopkit.AllocateInto(shares, d, weights); err != nil {
		return 0, err
	}
	for i := range due {
		due[i] -= shares[i]
	}
	return d, nil
}

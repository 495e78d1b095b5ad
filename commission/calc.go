package commission

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// RateSource says which rate a line was charged at (R4.1: the most specific wins).
type RateSource string

// The rate sources, most specific first.
const (
	SourcePromotion RateSource = "promotion" // the new-merchant promotion (R4.2)
	SourceListing   RateSource = "listing"   // the rule set's rate for the listing
	SourceCategory  RateSource = "category"  // the rule set's rate for the category
	SourceTier      RateSource = "tier"      // the tier of a tiered plan by GMV
	SourcePlan      RateSource = "plan"      // the plan's (the merchant's) rate
	SourceDefault   RateSource = "default"   // the platform default rate
	SourceNone      RateSource = "none"      // a fixed-fee plan charges no rate
)

// Bound says which per-order bound changed an order's commission.
type Bound string

// The bounds of R4.1.
const (
	BoundNone   Bound = ""       // no bound applied
	BoundMin    Bound = "min"    // raised to the plan's minimum
	BoundMax    Bound = "max"    // lowered to the plan's maximum
	BoundAmount Bound = "amount" // lowered to the order's amount (a minimum or fee above it)
)

// LineExplanation says how a line's rate was chosen.
type LineExplanation struct {
	Source RateSource      `json:"source"`
	Key    string          `json:"key,omitempty"`  // the category, for SourceCategory
	Rate   decimal.Decimal `json:"rate"`           // the rate applied
	Tier   int             `json:"tier,omitempty"` // the tier's index, for SourceTier
}

// LineCharge is the commission of one line (R4.4): RatePart is paid × rate rounded
// by the rule set's mode; Share is the line's part of the order's fixed fee and
// bound adjustment (apportioned by R0.1 largest remainder); Commission is their sum.
type LineCharge struct {
	Paid        commerce.Money  `json:"paid"`
	RatePart    commerce.Money  `json:"rate_part"`
	Share       commerce.Money  `json:"share"`
	Commission  commerce.Money  `json:"commission"`
	Explanation LineExplanation `json:"explanation"`
}

// OrderCharge is the commission of an order and how it came about.
type OrderCharge struct {
	RuleSet    string         `json:"rule_set"`
	Plan       string         `json:"plan"`
	Kind       PlanKind       `json:"kind"`
	Promotion  bool           `json:"promotion,omitempty"` // charged under the new-merchant promotion (R4.2)
	Paid       commerce.Money `json:"paid"`                // the lines' paid amounts
	Fixed      commerce.Money `json:"fixed"`               // the fixed fee charged
	Unbounded  commerce.Money `json:"unbounded"`           // Σ rate parts + fixed, before bounds
	Bound      Bound          `json:"bound,omitempty"`
	Commission commerce.Money `json:"commission"`
}

// Charge is an order's commission: the total and every line (R4.4: per line, summed
// per order).
type Charge struct {
	Order OrderCharge  `json:"order"`
	Lines []LineCharge `json:"lines"`
}

// resolve chooses a line's rate (R4.1: listing > category > plan/tier > default;
// R4.2: a promotion charges the lower of its rate and that one).
func (r *Rules) resolve(p *compiledPlan, promo bool, gmv int64, l *LineRecord) (rate, LineExplanation) {
	var rt rate
	var ex LineExplanation
	lr, listed := rate{}, false
	if len(r.listings) > 0 { // most rule sets have no listing rates: skip hashing the ID
		lr, listed = r.listings[l.ListingID]
	}
	if listed {
		rt, ex = lr, LineExplanation{Source: SourceListing}
	} else if cr, ok := r.categories[l.Category]; ok {
		rt, ex = cr, LineExplanation{Source: SourceCategory, Key: l.Category}
	} else if len(p.tierFrom) > 0 {
		// Bands are [From_i, From_i+1); the first starts at zero, so a GMV below
		// zero (refunds exceeding sales) falls in the first.
		i := len(p.tierFrom) - 1
		for i > 0 && gmv < p.tierFrom[i] {
			i--
		}
		rt, ex = p.tierRate[i], LineExplanation{Source: SourceTier, Tier: i}
	} else if p.hasRate {
		rt, ex = p.rate, LineExplanation{Source: SourcePlan}
	} else {
		rt, ex = r.def, LineExplanation{Source: SourceDefault}
	}
	if promo && r.promoRate.key < rt.key {
		rt, ex = r.promoRate, LineExplanation{Source: SourcePromotion}
	}
	ex.Rate = rt.c.Rate()
	return rt, ex
}

// LineCommission charges one line on its own: the percentage part only, with no
// fixed fee or per-order bound (those belong to an order; use Charge). It is the hot
// path: integer-only, no allocation. paidAt must be in the rule set's range (R4.3);
// gmv is the merchant's GMV in the period, for tiered plans.
func (r *Rules) LineCommission(m Merchant, paidAt time.Time, gmv commerce.Money, l LineRecord) (LineCharge, error) {
	if !r.set.InForce(paidAt) {
		return LineCharge{}, r.notInForce(paidAt)
	}
	p, err := r.plan(m.Plan)
	if err != nil {
		return LineCharge{}, err
	}
	if l.Paid.Currency() != r.cur {
		return LineCharge{}, r.wrongCurrency(l.Paid)
	}
	if l.Paid.IsNegative() {
		return LineCharge{}, invalid(CodeInvalidOrder, "lines.paid", "must not be negative")
	}
	promo := r.inPromotion(m.ActivatedAt, paidAt)
	zero := commerce.Zero(r.cur)
	lc := LineCharge{Paid: l.Paid, RatePart: zero, Share: zero, Commission: zero}
	if !p.kind.hasRate() {
		lc.Explanation = LineExplanation{Source: SourceNone}
		return lc, nil
	}
	rt, ex := r.resolve(p, promo, gmv.Amount(), &l)
	if lc.RatePart, err = rt.c.Apply(l.Paid, r.mode); err != nil {
		return LineCharge{}, err
	}
	lc.Commission, lc.Explanation = lc.RatePart, ex
	return lc, nil
}

func (r *Rules) notInForce(t time.Time) error {
	return invalid(CodeRulesNotInForce, "paid_at", fmt.Sprintf("%s is outside rule set %s [%s, %s)",
		t.Format(time.RFC3339Nano), r.set.ID, r.set.From.Format(time.RFC3339Nano), toString(r.set.To)))
}

func (r *Rules) wrongCurrency(m commerce.Money) error {
	return mismatch(fmt.Sprintf("an amount in %s charged under rule set %s in %s", m.Currency(), r.set.ID, r.cur))
}

// Charge computes an order's commission under r (R4.1, R4.2, R4.4): each line's
// rate part rounded per line, the plan's fixed fee, then the per-order minimum and
// maximum, never above the lines' paid total. The difference between the order's
// commission and the sum of the rate parts (fixed fee and bound adjustment) is
// apportioned to the lines: an increase in proportion to the lines' paid amounts,
// a decrease in proportion to their rate parts, by the largest-remainder method
// (R0.1), so the lines always sum to the order and no line goes below zero. A
// refund then reverses each line's share with the line (R4.4).
//
// gmv is the merchant's GMV in the period (for tiered plans). The order's PaidAt
// must be in r's range (R4.3): use Schedule.Charge to pick the rules.
func (r *Rules) Charge(o OrderRecord, m Merchant, gmv commerce.Money) (Charge, error) {
	lines := make([]LineCharge, len(o.Lines))
	oc, err := r.ChargeInto(lines, &o, m, gmv)
	if err != nil {
		return Charge{}, err
	}
	return Charge{Order: oc, Lines: lines}, nil
}

// ChargeInto is Charge writing the lines into dst, which must have one element per
// line: a statement run reuses one buffer for every order.
func (r *Rules) ChargeInto(dst []LineCharge, o *OrderRecord, m Merchant, gmv commerce.Money) (OrderCharge, error) {
	n := len(o.Lines)
	if len(dst) != n {
		return OrderCharge{}, invalid(CodeInvalidOrder, "dst", fmt.Sprintf("has %d elements for %d lines", len(dst), n))
	}
	if n == 0 {
		return OrderCharge{}, invalid(CodeInvalidOrder, "lines", "must not be empty")
	}
	if !r.set.InForce(o.PaidAt) {
		return OrderCharge{}, r.notInForce(o.PaidAt)
	}
	p, err := r.plan(m.Plan)
	if err != nil {
		return OrderCharge{}, err
	}
	promo := r.inPromotion(m.ActivatedAt, o.PaidAt)
	var paid, sum int64
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.Paid.Currency() != r.cur {
			return OrderCharge{}, r.wrongCurrency(l.Paid)
		}
		if l.Paid.IsNegative() {
			return OrderCharge{}, invalid(CodeInvalidOrder, fmt.Sprintf("lines[%d].paid", i), "must not be negative")
		}
		if paid, err = add(paid, l.Paid.Amount(), "the order's paid total"); err != nil {
			return OrderCharge{}, err
		}
		lc := LineCharge{Paid: l.Paid, Explanation: LineExplanation{Source: SourceNone}}
		var part int64
		if p.kind.hasRate() {
			var rt rate
			rt, lc.Explanation = r.resolve(p, promo, gmv.Amount(), l)
			if part, err = rt.c.ApplyAmount(l.Paid.Amount(), r.mode); err != nil {
				return OrderCharge{}, err
			}
		}
		lc.RatePart = money(part, r.cur)
		if sum, err = add(sum, part, "the order's commission"); err != nil {
			return OrderCharge{}, err
		}
		dst[i] = lc
	}

	oc := OrderCharge{RuleSet: r.set.ID, Plan: p.id, Kind: p.kind, Promotion: promo, Paid: money(paid, r.cur)}
	var fixed int64
	if !promo { // R4.2: the promotion waives the fee and the minimum
		fixed = p.fixed
	}
	total, err := add(sum, fixed, "the order's commission")
	if err != nil {
		return OrderCharge{}, err
	}
	oc.Unbounded = money(total, r.cur)
	if p.hasMin && !promo && total < p.min {
		total, oc.Bound = p.min, BoundMin
	}
	if p.hasMax && total > p.max {
		total, oc.Bound = p.max, BoundMax
	}
	if total > paid { // never more than the buyer paid for the lines (R4.1, documented)
		total, oc.Bound = paid, BoundAmount
	}
	oc.Fixed = money(min(fixed, paid), r.cur)
	oc.Commission = money(total, r.cur)

	if err := apportion(dst, o, total-sum); err != nil {
		return OrderCharge{}, err
	}
	for i := range dst {
		c, err := add(dst[i].RatePart.Amount(), dst[i].Share.Amount(), "a line's commission")
		if err != nil {
			return OrderCharge{}, err
		}
		dst[i].Commission = money(c, r.cur)
	}
	return oc, nil
}

// apportion sets each line's Share so that the shares sum to diff: an increase by
// the lines' paid amounts, a decrease by their rate parts (R0.1 largest remainder).
// diff ≤ Σpaid − Σparts when positive and −diff ≤ Σparts when negative, so every
// share is at most its weight and no line goes below zero.
func apportion(dst []LineCharge, o *OrderRecord, diff int64) error {
	cur := dst[0].RatePart.Currency()
	if diff == 0 {
		for i := range dst {
			dst[i].Share = commerce.Zero(cur)
		}
		return nil
	}
	if len(dst) == 1 {
		dst[0].Share = money(diff, cur)
		return nil
	}
	// Small orders apportion in stack buffers; only very long orders allocate.
	var wbuf, pbuf [16]int64
	w, parts := wbuf[:0], pbuf[:0]
	if len(dst) > len(wbuf) {
		w, parts = make([]int64, 0, len(dst)), make([]int64, 0, len(dst))
	}
	neg := diff < 0
	for i := range dst {
		if neg {
			w = append(w, dst[i].RatePart.Amount())
		} else {
			w = append(w, o.Lines[i].Paid.Amount())
		}
		parts = append(parts, 0)
	}
	amount := diff
	if neg {
		amount = -diff
	}
	if err := commerce.AllocateInto(parts, amount, w); err != nil {
		return shopkit.NewError(shopkit.ErrInvalid, CodeInvalidOrder, "commission: cannot apportion the order's commission: "+err.Error())
	}
	for i := range dst {
		s := parts[i]
		if neg {
			s = -s
		}
		dst[i].Share = money(s, cur)
	}
	return nil
}

// money builds an amount in cur; cur is a valid currency, checked by the rule set.
func money(amount int64, cur commerce.Currency) commerce.Money {
	m, _ := commerce.NewMoney(amount, string(cur))
	return m
}

// Charge charges an order under the rule set in force when it was paid (R4.3), even
// if the rules have changed since.
func (s *Schedule) Charge(o OrderRecord, m Merchant, gmv commerce.Money) (Charge, error) {
	r, err := s.At(o.PaidAt)
	if err != nil {
		return Charge{}, err
	}
	return r.Charge(o, m, gmv)
}

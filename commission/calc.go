package commission

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
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

// rateSources and bounds are the names RateSource and Bound decode from: JSON
// of a charge naming another is an error, not a new value.
var (
	rateSources = enum.New(CodeUnknownRateSource, "source", SourcePromotion, SourceListing, SourceCategory,
		SourceTier, SourcePlan, SourceDefault, SourceNone)
	bounds = enum.New(CodeUnknownBound, "bound", BoundNone, BoundMin, BoundMax, BoundAmount)
)

// MarshalText implements encoding.TextMarshaler; an unknown source is an error.
func (s RateSource) MarshalText() ([]byte, error) { return rateSources.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler: only the sources' names
// decode; any other text is a ValidationError with CodeUnknownRateSource.
func (s *RateSource) UnmarshalText(b []byte) error { return rateSources.Unmarshal(s, b) }

// Bound says which per-order bound changed an order's commission.
type Bound string

// The bounds of R4.1.
const (
	BoundNone   Bound = ""       // no bound applied
	BoundMin    Bound = "min"    // raised to the plan's minimum
	BoundMax    Bound = "max"    // lowered to the plan's maximum
	BoundAmount Bound = "amount" // lowered to the order's amount (a minimum or fee above it)
)

// MarshalText implements encoding.TextMarshaler; an unknown bound is an error.
func (b Bound) MarshalText() ([]byte, error) { return bounds.Marshal(b) }

// UnmarshalText implements encoding.TextUnmarshaler: only the bounds' names
// ("" for none) decode; any other text is a ValidationError with
// CodeUnknownBound.
func (b *Bound) UnmarshalText(text []byte) error { return bounds.Unmarshal(b, text) }

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
	Paid        shopkit.Money   `json:"paid"`
	RatePart    shopkit.Money   `json:"rate_part"`
	Share       shopkit.Money   `json:"share"`
	Commission  shopkit.Money   `json:"commission"`
	Explanation LineExplanation `json:"explanation"`
}

// OrderCharge is the commission of an order and how it came about.
type OrderCharge struct {
	RuleSet    string        `json:"rule_set"`
	Plan       string        `json:"plan"`
	Kind       PlanKind      `json:"kind"`
	Promotion  bool          `json:"promotion,omitempty"` // charged under the new-merchant promotion (R4.2)
	Paid       shopkit.Money `json:"paid"`                // the lines' paid amounts
	Fixed      shopkit.Money `json:"fixed"`               // the fixed fee charged
	Unbounded  shopkit.Money `json:"unbounded"`           // Σ rate parts + fixed, before bounds
	Bound      Bound         `json:"bound,omitempty"`
	Commission shopkit.Money `json:"commission"`
}

// Charge is an order's commission: the total and every line (R4.4: per line, summed
// per order).
type Charge struct {
	Order OrderCharge  `json:"order"`
	Lines []LineCharge `json:"lines"`
}

// LineCommission charges one line on its own: the percentage part only, with no
// fixed fee or per-order bound (those belong to an order; use Charge), with its
// explanation. paidAt must be in the rule set's range (R4.3); gmv is the merchant's
// GMV in the period, for tiered plans. It allocates nothing; a loop over many lines
// resolves the order once with ForOrder and charges each with OrderRules.Line,
// which returns the same amount without building the explanation.
func (r *Rules) LineCommission(m Merchant, paidAt time.Time, gmv shopkit.Money, l LineRecord) (LineCharge, error) {
	o, err := r.ForOrder(m, paidAt, gmv)
	if err != nil {
		return LineCharge{}, err
	}
	part, err := o.Line(&l)
	if err != nil {
		return LineCharge{}, err
	}
	zero := shopkit.Zero(r.cur)
	rp := shopkit.Zero(r.cur).WithAmount(part)
	return LineCharge{Paid: l.Paid, RatePart: rp, Share: zero, Commission: rp, Explanation: o.Explain(&l)}, nil
}

func (r *Rules) notInForce(t time.Time) error {
	return invalid(CodeRulesNotInForce, "paid_at", fmt.Sprintf("%s is outside rule set %s [%s, %s)",
		t.Format(time.RFC3339Nano), r.set.ID, r.set.From.Format(time.RFC3339Nano), toString(r.set.To)))
}

func (r *Rules) wrongCurrency(m shopkit.Money) error {
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
func (r *Rules) Charge(o OrderRecord, m Merchant, gmv shopkit.Money) (Charge, error) {
	lines := make([]LineCharge, len(o.Lines))
	oc, err := r.ChargeInto(lines, &o, m, gmv)
	if err != nil {
		return Charge{}, err
	}
	return Charge{Order: oc, Lines: lines}, nil
}

// ChargeInto is Charge writing the lines into dst, which must have one element per
// line. It allocates nothing for orders of up to 16 lines.
func (r *Rules) ChargeInto(dst []LineCharge, o *OrderRecord, m Merchant, gmv shopkit.Money) (OrderCharge, error) {
	if o == nil {
		return OrderCharge{}, invalid(CodeInvalidOrder, "order", "is required")
	}
	n := len(o.Lines)
	if len(dst) != n {
		return OrderCharge{}, invalid(CodeInvalidOrder, "dst", fmt.Sprintf("has %d elements for %d lines", len(dst), n))
	}
	if n == 0 {
		return OrderCharge{}, invalid(CodeInvalidOrder, "lines", "must not be empty")
	}
	or, err := r.ForOrder(m, o.PaidAt, gmv)
	if err != nil {
		return OrderCharge{}, err
	}
	var pbuf, sbuf [16]int64
	parts, shares := pbuf[:], sbuf[:]
	if n > len(pbuf) {
		parts, shares = make([]int64, n), make([]int64, n)
	}
	parts, shares = parts[:n], shares[:n]
	s, err := or.amounts(parts, shares, o)
	if err != nil {
		return OrderCharge{}, err
	}
	for i := range dst {
		l := &o.Lines[i]
		dst[i] = LineCharge{Paid: l.Paid, RatePart: shopkit.Zero(r.cur).WithAmount(parts[i]), Share: shopkit.Zero(r.cur).WithAmount(shares[i]),
			Commission: shopkit.Zero(r.cur).WithAmount(parts[i] + shares[i]), Explanation: or.Explain(l)}
	}
	return OrderCharge{RuleSet: r.set.ID, Plan: or.plan.id, Kind: or.plan.kind, Promotion: or.promo,
		Paid: shopkit.Zero(r.cur).WithAmount(s.paid), Fixed: shopkit.Zero(r.cur).WithAmount(s.fixed), Unbounded: shopkit.Zero(r.cur).WithAmount(s.unbounded),
		Bound: s.bound, Commission: shopkit.Zero(r.cur).WithAmount(s.total)}, nil
}

// Charge charges an order under the rule set in force when it was paid (R4.3), even
// if the rules have changed since.
func (s *Schedule) Charge(o OrderRecord, m Merchant, gmv shopkit.Money) (Charge, error) {
	r, err := s.At(o.PaidAt)
	if err != nil {
		return Charge{}, err
	}
	return r.Charge(o, m, gmv)
}

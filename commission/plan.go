package commission

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
)

// PlanKind is the shape of a commission plan (R4.1). Its text form is the constant's
// value; decoding any other text fails with CodeUnknownPlanKind.
type PlanKind string

// The plan kinds of R4.1.
const (
	// Percentage charges a rate of each line's paid amount.
	Percentage PlanKind = "percentage"
	// FixedFee charges a fixed fee per order and no rate.
	FixedFee PlanKind = "fixed"
	// PercentagePlusFixed charges a rate of each line plus a fixed fee per order.
	PercentagePlusFixed PlanKind = "percentage_plus_fixed"
	// Tiered charges a rate chosen by the merchant's GMV in the period, plus the
	// plan's fixed fee if it has one.
	Tiered PlanKind = "tiered"
)

// Valid reports whether k is one of the four kinds.
func (k PlanKind) Valid() bool {
	switch k {
	case Percentage, FixedFee, PercentagePlusFixed, Tiered:
		return true
	}
	return false
}

// hasRate reports whether plans of kind k charge a rate of the lines.
func (k PlanKind) hasRate() bool { return k != FixedFee }

// MarshalText implements encoding.TextMarshaler; an unknown kind does not marshal.
func (k PlanKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, errUnknownKind(string(k))
	}
	return []byte(k), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: it accepts exactly the four
// kinds, so a rule set written for a newer version fails loudly instead of charging
// nothing.
func (k *PlanKind) UnmarshalText(b []byte) error {
	v := PlanKind(b)
	if !v.Valid() {
		return errUnknownKind(string(b))
	}
	*k = v
	return nil
}

func errUnknownKind(s string) error {
	return invalid(CodeUnknownPlanKind, "kind", "is not a plan kind (percentage, fixed, percentage_plus_fixed, tiered): "+strconv.Quote(s))
}

// Tier is one band of a tiered plan: the rate for a merchant whose GMV in the period
// is at least From and below the next tier's From (lower bound inclusive, upper
// exclusive; the last band is open). The first tier starts at zero.
type Tier struct {
	From shopkit.Money   `json:"from"`
	Rate decimal.Decimal `json:"rate"`
}

// Plan is one commission plan (R4.1). Rates are fractions: 0.055 is 5.5 %.
//
// The percentage part of a line is paid × rate, rounded per line; the rate is the
// most specific one that applies: the rule set's rate for the listing, else its rate
// for the category, else the plan's own rate (Tiers or Rate: the merchant's rate),
// else the rule set's default rate (the platform default). The fixed fee is per
// order. Min and Max bound the order's commission (fixed fee included). The order's
// commission never exceeds what the buyer paid for its lines: a minimum larger than
// the order amount is capped at the amount, not an error (Bound reports
// BoundAmount).
type Plan struct {
	ID    string           `json:"id"`
	Kind  PlanKind         `json:"kind"`
	Rate  *decimal.Decimal `json:"rate,omitempty"`  // the plan's rate; nil: the rule set's default rate
	Tiers []Tier           `json:"tiers,omitempty"` // Tiered only: rates by GMV band
	Fixed shopkit.Money    `json:"fixed,omitzero"`  // fee per order (FixedFee, PercentagePlusFixed, optional for Tiered)
	Min   *shopkit.Money   `json:"min,omitempty"`   // optional minimum per order
	Max   *shopkit.Money   `json:"max,omitempty"`   // optional maximum per order
}

// validRate checks 0 ≤ rate ≤ 1 (R4.1: a percentage of the amount, at most all of
// it).
func validRate(field string, r decimal.Decimal) error {
	if r.Sign() < 0 {
		return invalid(CodeInvalidRate, field, "must not be negative: "+r.String())
	}
	if r.Cmp(decimal.NewFromInt(1)) > 0 {
		return invalid(CodeInvalidRate, field, "must not be above 1 (100 %): "+r.String())
	}
	if _, err := shopkit.CompileRate(r); err != nil {
		return invalid(CodeInvalidRate, field, "has too many decimal places: "+r.String())
	}
	return nil
}

// validate checks p for a rule set in currency cur; field prefixes field names.
func (p Plan) validate(field string, cur shopkit.Currency) error {
	if p.ID == "" {
		return invalid(CodeInvalidPlan, field+".id", "is required")
	}
	if !p.Kind.Valid() {
		return errUnknownKind(string(p.Kind))
	}
	checkMoney := func(name string, m shopkit.Money) error {
		if m.Currency() != cur {
			return mismatch(fmt.Sprintf("%s.%s is in %s, the rule set in %s", field, name, m.Currency(), cur))
		}
		if m.IsNegative() {
			return invalid(CodeInvalidPlan, field+"."+name, "must not be negative")
		}
		return nil
	}
	if err := checkMoney("fixed", p.Fixed); err != nil {
		return err
	}
	switch p.Kind {
	case FixedFee:
		if p.Rate != nil || len(p.Tiers) > 0 {
			return invalid(CodeInvalidPlan, field+".rate", "a fixed plan has no rate")
		}
		if !p.Fixed.IsPositive() {
			return invalid(CodeInvalidPlan, field+".fixed", "a fixed plan needs a fee above zero")
		}
	case Percentage:
		if len(p.Tiers) > 0 {
			return invalid(CodeInvalidPlan, field+".tiers", "only a tiered plan has tiers")
		}
		if !p.Fixed.IsZero() {
			return invalid(CodeInvalidPlan, field+".fixed", "a percentage plan has no fixed fee; use percentage_plus_fixed")
		}
	case PercentagePlusFixed:
		if len(p.Tiers) > 0 {
			return invalid(CodeInvalidPlan, field+".tiers", "only a tiered plan has tiers")
		}
		if !p.Fixed.IsPositive() {
			return invalid(CodeInvalidPlan, field+".fixed", "needs a fee above zero")
		}
	case Tiered:
		if p.Rate != nil {
			return invalid(CodeInvalidPlan, field+".rate", "a tiered plan takes its rates from its tiers")
		}
		if len(p.Tiers) == 0 {
			return invalid(CodeInvalidPlan, field+".tiers", "a tiered plan needs at least one tier")
		}
		for i, t := range p.Tiers {
			tf := fmt.Sprintf("%s.tiers[%d]", field, i)
			if t.From.Currency() != cur {
				return mismatch(fmt.Sprintf("%s.from is in %s, the rule set in %s", tf, t.From.Currency(), cur))
			}
			if i == 0 && !t.From.IsZero() {
				return invalid(CodeUnorderedTiers, tf+".from", "the first tier must start at zero")
			}
			if i > 0 && t.From.Amount() <= p.Tiers[i-1].From.Amount() {
				return invalid(CodeUnorderedTiers, tf+".from", "must be above the previous tier's lower bound")
			}
			if err := validRate(tf+".rate", t.Rate); err != nil {
				return err
			}
		}
	}
	if p.Rate != nil {
		if err := validRate(field+".rate", *p.Rate); err != nil {
			return err
		}
	}
	if p.Min != nil {
		if err := checkMoney("min", *p.Min); err != nil {
			return err
		}
	}
	if p.Max != nil {
		if err := checkMoney("max", *p.Max); err != nil {
			return err
		}
	}
	if p.Min != nil && p.Max != nil && p.Min.Amount() > p.Max.Amount() {
		return invalid(CodeMinAboveMax, field+".min", fmt.Sprintf("%s is above the maximum %s", p.Min, p.Max))
	}
	return nil
}

// errNoPlan reports a merchant's choice of a plan the rule set does not offer.
func errNoPlan(plan, ruleSet string) error {
	return shopkit.NewError(shopkit.ErrNotFound, CodeUnknownPlan,
		fmt.Sprintf("rule set %q offers no plan %q", ruleSet, plan))
}

// errNoRules reports the zero Rules or OrderRules, which hold no rule set: they
// come from CompileRuleSet (or a Schedule) and Rules.ForOrder.
func errNoRules() error {
	return shopkit.NewError(shopkit.ErrNotFound, CodeNoRules, "no compiled rule set: use CompileRuleSet and Rules.ForOrder")
}

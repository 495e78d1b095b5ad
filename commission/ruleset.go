package commission

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
)

// DefaultPromotionMonths is N of R4.2: a new merchant's promotion lasts the first 3
// months after activation.
const DefaultPromotionMonths = 3

// DefaultPromotionZone is the zone in which promotion months are counted unless a
// promotion names another.
const DefaultPromotionZone = shopkit.DefaultTimeZone

// Promotion is the new-merchant promotion of R4.2: for the first Months calendar
// months after a merchant's activation, its lines are charged at most Rate (zero:
// commission-free). The promotion runs from the activation instant up to, not
// including, merchant.AddCalendarMonths(activation, Months) in TimeZone
// (commerce/merchant): a merchant activated on 31 January 2026 at 10:00 with 3
// months is promoted until 30 April 2026 10:00.
//
// During the promotion each line is charged the lower of Rate and the rate it would
// otherwise get, and the plan's fixed fee and per-order minimum are waived, so a
// promotion never charges more than the plain rules; the per-order maximum still
// applies.
type Promotion struct {
	Months   int             `json:"months"`
	Rate     decimal.Decimal `json:"rate"`
	TimeZone string          `json:"time_zone,omitempty"` // IANA zone; "" means Asia/Shanghai
}

// DefaultPromotion returns the default of R4.2: commission-free for 3 months.
func DefaultPromotion() *Promotion {
	return &Promotion{Months: DefaultPromotionMonths, Rate: decimal.Zero}
}

// RuleSet is one version of the commission rules (R4.3): the plans offered and the
// rate tables, in force from From (inclusive) to To (exclusive; zero means open
// ended). An order is charged under the rule set in force when it was paid.
//
// Rates are fractions between 0 and 1 (0.055 is 5.5 %). Rates are decimal here and
// compiled to integers once, by CompileRuleSet or NewSchedule.
type RuleSet struct {
	ID       string               `json:"id"`
	From     time.Time            `json:"from"`
	To       time.Time            `json:"to,omitzero"`
	Currency shopkit.Currency     `json:"currency"`
	Rounding shopkit.RoundingMode `json:"rounding"` // per line; HalfUp (the zero value) by default (R4.4)
	// DefaultRate is the platform default rate, used when nothing more specific
	// applies.
	DefaultRate decimal.Decimal `json:"default_rate"`
	// Categories are rates by category; they win over the plan's rate.
	Categories map[string]decimal.Decimal `json:"categories,omitempty"`
	// Listings are rates by listing; they win over everything else.
	Listings map[uuid.UUID]decimal.Decimal `json:"listings,omitempty"`
	// Plans are the plans offered; a merchant chooses one by ID (R4.1).
	Plans []Plan `json:"plans"`
	// DefaultPlan is the plan of a merchant that chose none; "" means Plans[0].
	DefaultPlan string `json:"default_plan,omitempty"`
	// Promotion is the new-merchant promotion (R4.2); nil means none.
	Promotion *Promotion `json:"promotion,omitempty"`
}

// InForce reports whether the rule set is in force at t: From ≤ t < To.
func (rs RuleSet) InForce(t time.Time) bool {
	return !t.Before(rs.From) && (rs.To.IsZero() || t.Before(rs.To))
}

// Validate checks the rule set on its own (not against other versions).
func (rs RuleSet) Validate() error {
	_, err := CompileRuleSet(rs)
	return err
}

// validate checks everything but the rates' compilation.
func (rs RuleSet) validate() error {
	if rs.ID == "" {
		return invalid(CodeInvalidRuleSet, "id", "is required")
	}
	if rs.From.IsZero() {
		return invalid(CodeInvalidRuleSet, "from", "is required")
	}
	if !rs.To.IsZero() && !rs.To.After(rs.From) {
		return invalid(CodeInvalidRuleSet, "to", "must be after from")
	}
	if !rs.Currency.Valid() {
		return invalid(CodeInvalidRuleSet, "currency", "is not a known currency: "+string(rs.Currency))
	}
	if _, err := rs.Rounding.MarshalText(); err != nil {
		return err
	}
	if err := validRate("default_rate", rs.DefaultRate); err != nil {
		return err
	}
	for _, c := range sortedKeys(rs.Categories) {
		if err := validRate("categories."+c, rs.Categories[c]); err != nil {
			return err
		}
	}
	for id, r := range rs.Listings {
		if err := validRate("listings."+id.String(), r); err != nil {
			return err
		}
	}
	if len(rs.Plans) == 0 {
		return invalid(CodeInvalidPlan, "plans", "must offer at least one plan")
	}
	seen := make(map[string]bool, len(rs.Plans))
	for i, p := range rs.Plans {
		if err := p.validate(fmt.Sprintf("plans[%d]", i), rs.Currency); err != nil {
			return err
		}
		if seen[p.ID] {
			return invalid(CodeDuplicatePlan, fmt.Sprintf("plans[%d].id", i), "repeats plan "+p.ID)
		}
		seen[p.ID] = true
	}
	if rs.DefaultPlan != "" && !seen[rs.DefaultPlan] {
		return invalid(CodeInvalidPlan, "default_plan", "is not one of the plans: "+rs.DefaultPlan)
	}
	if rs.Promotion != nil {
		return rs.Promotion.Validate()
	}
	return nil
}

// The field names of a rule set's promotion in errors. They are constants
// because "promotion.x" has the shape of another package's error code.
const (
	fieldPromotionMonths   = "promotion.months"
	fieldPromotionRate     = "promotion.rate"
	fieldPromotionTimeZone = "promotion.time_zone"
)

// Validate checks the promotion: at least one month, a rate in [0, 1] and a
// known time zone. The error is a *shopkit.ValidationError naming the field of
// the rule set (promotion.months …). The zero Promotion is invalid;
// DefaultPromotion returns a valid one.
func (p Promotion) Validate() error {
	if p.Months <= 0 {
		return invalid(CodeInvalidPromotion, fieldPromotionMonths, "must be at least 1")
	}
	if err := validRate(fieldPromotionRate, p.Rate); err != nil {
		return err
	}
	if _, err := p.location(); err != nil {
		return invalid(CodeInvalidPromotion, fieldPromotionTimeZone, "is not a time zone: "+p.TimeZone)
	}
	return nil
}

// location is the zone in which the promotion's months are counted.
func (p Promotion) location() (*time.Location, error) {
	if p.TimeZone == "" {
		return time.LoadLocation(DefaultPromotionZone)
	}
	return time.LoadLocation(p.TimeZone)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// clone returns a deep copy of rs: rule sets are values; nobody shares their maps.
func (rs RuleSet) clone() RuleSet {
	c := rs
	if rs.Categories != nil {
		c.Categories = make(map[string]decimal.Decimal, len(rs.Categories))
		for k, v := range rs.Categories {
			c.Categories[k] = v
		}
	}
	if rs.Listings != nil {
		c.Listings = make(map[uuid.UUID]decimal.Decimal, len(rs.Listings))
		for k, v := range rs.Listings {
			c.Listings[k] = v
		}
	}
	c.Plans = make([]Plan, len(rs.Plans))
	for i, p := range rs.Plans {
		c.Plans[i] = p
		c.Plans[i].Tiers = slices.Clone(p.Tiers)
		if p.Rate != nil {
			r := *p.Rate
			c.Plans[i].Rate = &r
		}
		if p.Min != nil {
			m := *p.Min
			c.Plans[i].Min = &m
		}
		if p.Max != nil {
			m := *p.Max
			c.Plans[i].Max = &m
		}
	}
	if rs.Promotion != nil {
		p := *rs.Promotion
		c.Promotion = &p
	}
	return c
}

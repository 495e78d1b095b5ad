package commission

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
)

// rate is a compiled rate with an integer key for comparing rates without decimal
// arithmetic: key = rate × 10^18, exact because a valid rate is at most 1 with at
// most 18 decimal places.
//
// num/div is the rate as a fraction with a power-of-ten denominator, for apply.
type rate struct {
	c        shopkit.CompiledRate
	key      int64
	num, div uint64
}

func compileRate(r decimal.Decimal) rate {
	// validRate has checked the range and places, so neither step can fail.
	c, _ := shopkit.CompileRate(r)
	rt := rate{c: c, key: r.Shift(18).IntPart(), div: 1_000_000_000_000_000_000}
	rt.num = uint64(rt.key)
	for rt.div > 1 && rt.num%10 == 0 {
		rt.num, rt.div = rt.num/10, rt.div/10
	}
	return rt
}

// apply returns amount × rate rounded by mode, exactly as the CompiledRate does,
// for the case a rule set's rates are in: 0 ≤ rate ≤ 1 and amount ≥ 0. Then
// nothing can overflow (the result is at most amount and the 128-bit product's high
// word is below div), so there is nothing to check and no error: a multiply, a
// divide and the rounding of the remainder (R4.4).
func (rt *rate) apply(amount int64, mode shopkit.RoundingMode) int64 {
	hi, lo := bits.Mul64(uint64(amount), rt.num)
	q, rem := bits.Div64(hi, lo, rt.div)
	if rem != 0 {
		// rem > div−rem ⇔ the fraction is above one half.
		switch other := rt.div - rem; mode {
		case shopkit.Up:
			q++
		case shopkit.HalfUp:
			if rem >= other {
				q++
			}
		case shopkit.HalfEven:
			if rem > other || (rem == other && q&1 == 1) {
				q++
			}
		}
	}
	return int64(q)
}

// compiledPlan is a Plan with integer amounts and compiled rates.
type compiledPlan struct {
	id             string
	kind           PlanKind
	hasRate        bool
	rate           rate
	tierFrom       []int64
	tierRate       []rate
	fixed          int64
	hasMin, hasMax bool
	min, max       int64
}

// Rules is a RuleSet compiled for charging: rates as scaled integers, amounts as
// minor units, lookups as maps, so charging a line is integer-only and allocation
// free. A Rules is immutable and safe for concurrent use.
type Rules struct {
	set        RuleSet
	cur        shopkit.Currency
	mode       shopkit.RoundingMode
	def        rate
	categories map[string]*rate
	// catNames and catRates hold the categories when there are at most
	// smallCategories of them: comparing a few strings beats hashing one.
	catNames []string
	catRates []*rate
	listings map[uuid.UUID]*rate
	// listingBits is a one-probe filter of the listing IDs with a rate: a clear
	// bit means the listing has none, which is the common case, so most lines
	// skip hashing their ID into the map.
	listingBits  []uint64
	listingShift uint
	plans        map[string]*compiledPlan
	planList     []*compiledPlan
	defPlan      *compiledPlan
	promo        bool
	promoRate    rate
	promoN       int
	promoLoc     *time.Location
	tiered       bool
}

// CompileRuleSet validates rs and compiles it (once per rule set; R4.1). Bad input
// is a typed error with one of the commission.* codes.
func CompileRuleSet(rs RuleSet) (*Rules, error) {
	rs.Currency = shopkit.Zero(rs.Currency).Currency() // "" is CNY (R0.1)
	if err := rs.validate(); err != nil {
		return nil, err
	}
	rs = rs.clone()
	r := &Rules{
		set:        rs,
		cur:        rs.Currency,
		mode:       rs.Rounding,
		def:        compileRate(rs.DefaultRate),
		categories: make(map[string]*rate, len(rs.Categories)),
		listings:   make(map[uuid.UUID]*rate, len(rs.Listings)),
		plans:      make(map[string]*compiledPlan, len(rs.Plans)),
	}
	for k, v := range rs.Categories {
		rt := compileRate(v)
		r.categories[k] = &rt
	}
	if len(r.categories) <= smallCategories {
		for k, v := range r.categories {
			r.catNames, r.catRates = append(r.catNames, k), append(r.catRates, v)
		}
	}
	r.listingBits, r.listingShift = listingFilter(len(rs.Listings))
	for k, v := range rs.Listings {
		rt := compileRate(v)
		r.listings[k] = &rt
		h := listingHash(k) >> r.listingShift
		r.listingBits[h/64] |= 1 << (h % 64)
	}
	for _, p := range rs.Plans {
		cp := &compiledPlan{id: p.ID, kind: p.Kind, fixed: p.Fixed.Amount()}
		if p.Rate != nil {
			cp.hasRate, cp.rate = true, compileRate(*p.Rate)
		}
		for _, t := range p.Tiers {
			cp.tierFrom = append(cp.tierFrom, t.From.Amount())
			cp.tierRate = append(cp.tierRate, compileRate(t.Rate))
		}
		if p.Min != nil {
			cp.hasMin, cp.min = true, p.Min.Amount()
		}
		if p.Max != nil {
			cp.hasMax, cp.max = true, p.Max.Amount()
		}
		r.plans[p.ID] = cp
		r.planList = append(r.planList, cp)
		r.tiered = r.tiered || p.Kind == Tiered
	}
	r.defPlan = r.plans[rs.Plans[0].ID]
	if rs.DefaultPlan != "" {
		r.defPlan = r.plans[rs.DefaultPlan]
	}
	if p := rs.Promotion; p != nil {
		loc, err := p.location() // checked by validate: cannot fail
		if err != nil {
			return nil, invalid(CodeInvalidPromotion, fieldPromotionTimeZone, "is not a time zone: "+p.TimeZone)
		}
		r.promo, r.promoRate, r.promoN, r.promoLoc = true, compileRate(p.Rate), p.Months, loc
	}
	return r, nil
}

// listingFilter sizes the listing filter: at least 16 bits per listing rate,
// rounded up to a power of two, so a listing without a rate passes the filter
// (and is then looked up in the map) with a probability below 1/16.
func listingFilter(n int) ([]uint64, uint) {
	size := uint(6) // log2 of the number of bits: 64 at least
	for 1<<size < 16*n {
		size++
	}
	return make([]uint64, (1<<size)/64), 64 - size
}

// listingHash mixes a listing ID into 64 bits; the filter uses the top bits.
func listingHash(id uuid.UUID) uint64 {
	lo, hi := binary.LittleEndian.Uint64(id[:8]), binary.LittleEndian.Uint64(id[8:])
	return (lo ^ bits.RotateLeft64(hi, 29)) * 0x9E3779B97F4A7C15
}

// listing returns the listing's rate, or nil.
func (r *Rules) listing(id uuid.UUID) *rate {
	h := listingHash(id) >> r.listingShift
	if r.listingBits[h/64]&(1<<(h%64)) == 0 {
		return nil
	}
	return r.listings[id]
}

// smallCategories is the most categories looked up by comparing names.
const smallCategories = 8

// category returns the category's rate, or nil.
func (r *Rules) category(name string) *rate {
	if len(r.categories) > smallCategories {
		return r.categories[name]
	}
	for i, n := range r.catNames {
		if n == name {
			return r.catRates[i]
		}
	}
	return nil
}

// RuleSet returns a copy of the rule set r was compiled from.
func (r *Rules) RuleSet() RuleSet { return r.set.clone() }

// ID returns the rule set's ID.
func (r *Rules) ID() string { return r.set.ID }

// PromotionEnd returns the end (exclusive) of the promotion of a merchant activated
// at activatedAt, and false when the rule set has no promotion (R4.2).
func (r *Rules) PromotionEnd(activatedAt time.Time) (time.Time, bool) {
	if !r.promo || activatedAt.IsZero() {
		return time.Time{}, false
	}
	return merchant.AddCalendarMonths(activatedAt.In(r.promoLoc), r.promoN), true
}

// inPromotion reports whether an order paid at paidAt by a merchant activated at
// activatedAt is in the merchant's promotion: activatedAt ≤ paidAt < end (R4.2).
func (r *Rules) inPromotion(activatedAt, paidAt time.Time) bool {
	end, ok := r.PromotionEnd(activatedAt)
	return ok && !paidAt.Before(activatedAt) && paidAt.Before(end)
}

// inForce is RuleSet.InForce without copying the rule set.
func (r *Rules) inForce(t time.Time) bool {
	return !t.Before(r.set.From) && (r.set.To.IsZero() || t.Before(r.set.To))
}

// plan returns the plan with the given ID, or the default plan for "".
func (r *Rules) plan(id string) (*compiledPlan, error) {
	if id == "" {
		return r.defPlan, nil
	}
	// A handful of plans: a scan beats hashing the ID.
	for _, p := range r.planList {
		if p.id == id {
			return p, nil
		}
	}
	return nil, errNoPlan(id, r.set.ID)
}

// Schedule is the versioned rule book (R4.3): rule sets whose effective ranges
// [From, To) do not overlap, each compiled once. It is immutable and safe for
// concurrent use.
type Schedule struct {
	rules []*Rules // by From
}

// NewSchedule validates and compiles every rule set and rejects overlapping ranges
// (CodeOverlappingRules). Gaps are allowed: an order paid in a gap cannot be
// charged (CodeNoRules).
func NewSchedule(sets ...RuleSet) (*Schedule, error) {
	s := &Schedule{rules: make([]*Rules, 0, len(sets))}
	ids := make(map[string]bool, len(sets))
	for i, rs := range sets {
		r, err := CompileRuleSet(rs)
		if err != nil {
			return nil, err
		}
		if ids[rs.ID] {
			return nil, invalid(CodeInvalidRuleSet, fmt.Sprintf("rule_sets[%d].id", i), "repeats rule set "+rs.ID)
		}
		ids[rs.ID] = true
		s.rules = append(s.rules, r)
	}
	slices.SortFunc(s.rules, func(a, b *Rules) int { return a.set.From.Compare(b.set.From) })
	for i := 1; i < len(s.rules); i++ {
		prev, cur := s.rules[i-1].set, s.rules[i].set
		if prev.To.IsZero() || prev.To.After(cur.From) {
			return nil, invalid(CodeOverlappingRules, "rule_sets",
				fmt.Sprintf("%s [%s, %s) overlaps %s from %s", prev.ID, prev.From.Format(time.RFC3339Nano),
					toString(prev.To), cur.ID, cur.From.Format(time.RFC3339Nano)))
		}
	}
	return s, nil
}

func toString(t time.Time) string {
	if t.IsZero() {
		return "open"
	}
	return t.Format(time.RFC3339Nano)
}

// At returns the rules in force at t, the instant an order was paid (R4.3); none in
// force is a *shopkit.Error of kind ErrNotFound with CodeNoRules.
func (s *Schedule) At(t time.Time) (*Rules, error) {
	// The last rule set starting at or before t is the only candidate.
	i, _ := slices.BinarySearchFunc(s.rules, t, func(r *Rules, t time.Time) int {
		if r.set.From.After(t) {
			return 1
		}
		return -1
	})
	if i > 0 && s.rules[i-1].inForce(t) {
		return s.rules[i-1], nil
	}
	return nil, shopkit.NewError(shopkit.ErrNotFound, CodeNoRules,
		"no rule set in force at "+t.Format(time.RFC3339Nano))
}

// RuleSets returns copies of the rule sets, by From.
func (s *Schedule) RuleSets() []RuleSet {
	out := make([]RuleSet, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.RuleSet()
	}
	return out
}

// tiered reports whether any rule set offers a tiered plan (so statements need the
// merchants' GMV).
func (s *Schedule) tiered() bool {
	for _, r := range s.rules {
		if r.tiered {
			return true
		}
	}
	return false
}

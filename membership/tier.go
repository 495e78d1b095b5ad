package membership

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopspring/decimal"
)

// ThresholdMode says which cumulative figures a tier's threshold is on (R5.1).
type ThresholdMode string

// The threshold modes of R5.1.
const (
	// ByAmount: cumulative transaction amount only.
	ByAmount ThresholdMode = "amount"
	// ByCount: number of transactions only.
	ByCount ThresholdMode = "count"
	// ByEither: the amount threshold or the count threshold.
	ByEither ThresholdMode = "either"
	// ByBoth: the amount threshold and the count threshold.
	ByBoth ThresholdMode = "both"
)

// thresholdModes is the strict codec of ThresholdMode.
var thresholdModes = enum.New(CodeUnknownThresholdMode, "mode", ByAmount, ByCount, ByEither, ByBoth)

func (m ThresholdMode) usesAmount() bool { return m != ByCount }
func (m ThresholdMode) usesCount() bool  { return m != ByAmount }

// MarshalText implements encoding.TextMarshaler; an unknown mode is an error.
func (m ThresholdMode) MarshalText() ([]byte, error) { return thresholdModes.Marshal(m) }

// UnmarshalText implements encoding.TextUnmarshaler: "amount", "count", "either"
// or "both"; anything else is a ValidationError.
func (m *ThresholdMode) UnmarshalText(b []byte) error { return thresholdModes.Unmarshal(m, b) }

// Benefits are what a tier gives its members (R5.1). support (priority routing,
// R6.2) and aftersales (priority handling) read the priority flags as a
// shopkit.MemberTier through Service, a shopkit.TierReader, without importing
// this package.
type Benefits struct {
	// DiscountRate is the share of the list price a member pays, in (0, 1]:
	// 0.95 is 5 % off (九五折), 1 is no discount (R5.3).
	DiscountRate decimal.Decimal `json:"discount_rate"`
	// PriorityService: served first by customer service (R6.2).
	PriorityService bool `json:"priority_service"`
	// PriorityShipping: orders shipped first.
	PriorityShipping bool `json:"priority_shipping"`
	// PriorityAfterSales: after-sales cases handled first.
	PriorityAfterSales bool `json:"priority_after_sales"`
	// MemberOnlyAccess: may buy member-only listings (R5.3).
	MemberOnlyAccess bool `json:"member_only_access"`
	// Gifts the shop gives members of the tier (free text: "birthday gift").
	Gifts []string `json:"gifts"`
}

func (b Benefits) clone() Benefits {
	b.Gifts = append([]string(nil), b.Gifts...)
	return b
}

// Tier is one level of a tier set (R5.1). A customer reaches it when their
// cumulative figures meet its thresholds under the set's ThresholdMode.
type Tier struct {
	// Name is unique in the set, non-empty, without surrounding spaces.
	Name string `json:"name"`
	// MinAmount is the cumulative transaction amount threshold (ByAmount, ByEither,
	// ByBoth); zero otherwise.
	MinAmount shopkit.Money `json:"min_amount"`
	// MinOrders is the number-of-transactions threshold (ByCount, ByEither,
	// ByBoth); zero otherwise.
	MinOrders int64 `json:"min_orders"`
	// Benefits are what members of the tier get.
	Benefits Benefits `json:"benefits"`
}

// TierSetConfig is a shop's tier set as the merchant defines it. Its JSON form
// (a shop's settings page, a config file) has the snake_case keys of the
// validation errors' fields and decodes strictly (UnmarshalJSON).
type TierSetConfig struct {
	// Currency of the amount thresholds and of every order; empty means CNY.
	Currency shopkit.Currency `json:"currency"`
	// Mode: which figures the thresholds are on.
	Mode ThresholdMode `json:"mode"`
	// Tiers from the lowest to the highest, at most MaxTiers. Thresholds
	// increase strictly (R5.1).
	Tiers []Tier `json:"tiers"`
	// Rounding of member prices to the fen (R5.3); the zero value is half-up.
	Rounding shopkit.RoundingMode `json:"rounding"`
	// Window, when positive, makes upgrades look only at orders completed in the
	// last Window (e.g. 365×24h) before the evaluation time, inclusive of an order
	// completed exactly Window ago. Zero counts every order. The window never
	// demotes: tiers go down only by a manual adjustment (R5.2). In JSON it is
	// an ISO 8601 duration ("PT8760H"; docs/json.md).
	Window time.Duration `json:"window"`
	// ExcludedCategories get no member discount (promotion rules of R5.3:
	// categories the shop excludes).
	ExcludedCategories []string `json:"excluded_categories"`
	// ExcludedListings get no member discount (R5.3: items already on promotion).
	ExcludedListings []uuid.UUID `json:"excluded_listings"`
}

// MaxTiers is the most tiers a set may have: every completed order looks at
// each tier, so a host's config cannot make that loop unbounded. Real shops
// have a handful.
const MaxTiers = 100

// tier is a validated tier with its rate compiled for the hot path.
type tier struct {
	Tier
	rate shopkit.CompiledRate
}

// TierSet is a validated, immutable tier set: build it with NewTierSet. It is safe
// for concurrent use. Ranks number the tiers from 1 (lowest) to Len (highest);
// rank 0 is "no tier".
type TierSet struct {
	currency           shopkit.Currency
	mode               ThresholdMode
	tiers              []tier
	rounding           shopkit.RoundingMode
	window             time.Duration
	excludedCategories map[string]bool
	excludedListings   map[uuid.UUID]bool
}

// NewTierSet validates cfg (R5.1): a known mode, one to MaxTiers tiers, non-empty
// unique names, non-negative thresholds on the figures the mode uses (and none on
// the figures it does not use), thresholds increasing strictly from tier to tier,
// discount rates in (0, 1], a known rounding mode, a non-negative window. Every
// problem is a *shopkit.ValidationError naming the tier, e.g. field
// "tiers.Gold.min_amount".
func NewTierSet(cfg TierSetConfig) (*TierSet, error) {
	cur := cfg.Currency
	if cur == "" {
		cur = shopkit.CurrencyCNY
	}
	if !cur.Valid() {
		return nil, shopkit.Invalid(CodeUnknownCurrency, "currency", "is not a known currency: "+strconv.Quote(string(cur)))
	}
	if err := thresholdModes.Check(cfg.Mode); err != nil {
		return nil, err
	}
	if _, err := shopkit.CNY(0).MulRate(decimal.NewFromInt(1), cfg.Rounding); err != nil {
		return nil, shopkit.Invalid(CodeUnknownRoundingMode, "rounding", "is not a known rounding mode")
	}
	if cfg.Window < 0 {
		return nil, shopkit.Invalid(CodeNegativeWindow, "window", "must not be negative")
	}
	if len(cfg.Tiers) == 0 {
		return nil, shopkit.Invalid(CodeNoTiers, "tiers", "must name at least one tier")
	}
	if len(cfg.Tiers) > MaxTiers {
		return nil, shopkit.Invalid(CodeTooManyTiers, "tiers", "must name at most "+strconv.Itoa(MaxTiers)+" tiers, not "+strconv.Itoa(len(cfg.Tiers)))
	}
	ts := &TierSet{currency: cur, mode: cfg.Mode, rounding: cfg.Rounding, window: cfg.Window,
		excludedCategories: map[string]bool{}, excludedListings: map[uuid.UUID]bool{}}
	seen := map[string]bool{}
	for i, t := range cfg.Tiers {
		name := strings.TrimSpace(t.Name)
		if name == "" || name != t.Name {
			return nil, shopkit.Invalid(CodeInvalidTierName, "tiers["+strconv.Itoa(i)+"].name", "must be non-empty without surrounding spaces")
		}
		if name == NoTier {
			return nil, shopkit.Invalid(CodeInvalidTierName, "tiers."+name+".name", "is reserved for customers without a tier")
		}
		if seen[name] {
			return nil, shopkit.Invalid(CodeDuplicateTier, "tiers."+name+".name", "names more than one tier")
		}
		seen[name] = true
		c, err := ts.checkTier(t, i, cfg.Tiers)
		if err != nil {
			return nil, err
		}
		c.Benefits = t.Benefits.clone()
		ts.tiers = append(ts.tiers, c)
	}
	for _, c := range cfg.ExcludedCategories {
		ts.excludedCategories[c] = true
	}
	for _, l := range cfg.ExcludedListings {
		ts.excludedListings[l] = true
	}
	return ts, nil
}

// checkTier validates tier i against the tier below it (R5.1).
func (ts *TierSet) checkTier(t Tier, i int, all []Tier) (tier, error) {
	field := func(f string) string { return "tiers." + t.Name + "." + f }
	if t.MinAmount.Currency() != ts.currency {
		return tier{}, shopkit.Invalid(CodeCurrencyMismatch, field("min_amount"), "is in "+t.MinAmount.Currency().String()+", the set in "+ts.currency.String())
	}
	if t.MinAmount.IsNegative() {
		return tier{}, shopkit.Invalid(CodeNegativeThreshold, field("min_amount"), "must not be negative")
	}
	if t.MinOrders < 0 {
		return tier{}, shopkit.Invalid(CodeNegativeThreshold, field("min_orders"), "must not be negative")
	}
	if !ts.mode.usesAmount() && !t.MinAmount.IsZero() {
		return tier{}, shopkit.Invalid(CodeUnusedThreshold, field("min_amount"), "must be zero when thresholds are on the order count only")
	}
	if !ts.mode.usesCount() && t.MinOrders != 0 {
		return tier{}, shopkit.Invalid(CodeUnusedThreshold, field("min_orders"), "must be zero when thresholds are on the amount only")
	}
	if i > 0 {
		prev := all[i-1]
		if ts.mode.usesAmount() && t.MinAmount.Amount() <= prev.MinAmount.Amount() {
			return tier{}, shopkit.Invalid(CodeThresholdNotIncreasing, field("min_amount"),
				"must be greater than "+prev.MinAmount.String()+" of tier "+prev.Name)
		}
		if ts.mode.usesCount() && t.MinOrders <= prev.MinOrders {
			return tier{}, shopkit.Invalid(CodeThresholdNotIncreasing, field("min_orders"),
				"must be greater than "+strconv.FormatInt(prev.MinOrders, 10)+" of tier "+prev.Name)
		}
	}
	r := t.Benefits.DiscountRate
	if r.Sign() <= 0 || r.GreaterThan(decimal.NewFromInt(1)) {
		return tier{}, shopkit.Invalid(CodeInvalidDiscountRate, field("benefits.discount_rate"),
			"must be in (0, 1] (1 is no discount), not "+r.String())
	}
	rate, err := shopkit.CompileRate(r)
	if err != nil {
		return tier{}, shopkit.Invalid(CodeInvalidDiscountRate, field("benefits.discount_rate"), "has too many decimal places")
	}
	for j, g := range t.Benefits.Gifts {
		if strings.TrimSpace(g) == "" {
			return tier{}, shopkit.Invalid(CodeInvalidGift, field("benefits.gifts["+strconv.Itoa(j)+"]"), "must not be empty")
		}
	}
	return tier{Tier: t, rate: rate}, nil
}

// NoTier is the tier name of a customer below every tier.
const NoTier = ""

// check returns an error for a nil TierSet or one not built by NewTierSet (which
// always has a tier), so that a misused set is an error, never a panic.
func (ts *TierSet) check() error {
	if ts == nil || len(ts.tiers) == 0 {
		return shopkit.Invalid(CodeInvalidTierSet, "tiers", "must be a tier set built by NewTierSet")
	}
	return nil
}

// The accessors below read a set built by NewTierSet; on a nil set they return
// the zero value (no tiers, "" mode and currency), never panic.

// Len returns the number of tiers.
func (ts *TierSet) Len() int {
	if ts == nil {
		return 0
	}
	return len(ts.tiers)
}

// Mode returns the set's threshold mode.
func (ts *TierSet) Mode() ThresholdMode {
	if ts == nil {
		return ""
	}
	return ts.mode
}

// Currency returns the currency of the set's amounts.
func (ts *TierSet) Currency() shopkit.Currency {
	if ts == nil {
		return ""
	}
	return ts.currency
}

// Rounding returns the rounding mode of member prices.
func (ts *TierSet) Rounding() shopkit.RoundingMode {
	if ts == nil {
		return shopkit.HalfUp
	}
	return ts.rounding
}

// Window returns the rolling evaluation window; zero means every order counts.
func (ts *TierSet) Window() time.Duration {
	if ts == nil {
		return 0
	}
	return ts.window
}

// Tiers returns a copy of the tiers, lowest first.
func (ts *TierSet) Tiers() []Tier {
	if ts == nil {
		return nil
	}
	out := make([]Tier, len(ts.tiers))
	for i, t := range ts.tiers {
		out[i] = t.Tier
		out[i].Benefits = t.Benefits.clone()
	}
	return out
}

// Tier returns the tier of rank 1…Len.
func (ts *TierSet) Tier(rank int) (Tier, bool) {
	if rank < 1 || rank > ts.Len() {
		return Tier{}, false
	}
	t := ts.tiers[rank-1].Tier
	t.Benefits = t.Benefits.clone()
	return t, true
}

// Rank returns the rank of the named tier: 1 for the lowest; 0 and false for
// NoTier or a name the set does not have.
func (ts *TierSet) Rank(name string) (int, bool) {
	if ts == nil {
		return 0, false
	}
	for i := range ts.tiers {
		if ts.tiers[i].Name == name {
			return i + 1, true
		}
	}
	return 0, false
}

// name returns the name of rank r (NoTier for 0).
func (ts *TierSet) name(r int) string {
	if r == 0 {
		return NoTier
	}
	return ts.tiers[r-1].Name
}

// meets reports whether figures (amount in minor units, orders) meet the
// thresholds of rank r under the set's mode (R5.1).
func (ts *TierSet) meets(amount, orders int64, r int) bool {
	if r == 0 {
		return true
	}
	t := &ts.tiers[r-1]
	a := amount >= t.MinAmount.Amount()
	c := orders >= t.MinOrders
	switch ts.mode {
	case ByAmount:
		return a
	case ByCount:
		return c
	case ByEither:
		return a || c
	default:
		return a && c
	}
}

// highestMet returns the highest rank whose thresholds the figures meet; 0 when
// none. Thresholds increase strictly, so meeting a tier means meeting every
// tier below it.
func (ts *TierSet) highestMet(amount, orders int64) int {
	for r := len(ts.tiers); r > 0; r-- {
		if ts.meets(amount, orders, r) {
			return r
		}
	}
	return 0
}

// crossed returns the highest rank whose thresholds after meets and before did not
// meet: the tier a change of figures crosses into (R5.2); 0 when none.
func (ts *TierSet) crossed(before, after Figures) int {
	for r := len(ts.tiers); r > 0; r-- {
		if ts.meets(after.Amount.Amount(), after.Orders, r) && !ts.meets(before.Amount.Amount(), before.Orders, r) {
			return r
		}
	}
	return 0
}

// HighestMet returns the name and rank of the highest tier whose thresholds f
// meets (R5.1); NoTier and 0 when none. f must be in the set's currency.
func (ts *TierSet) HighestMet(f Figures) (string, int, error) {
	if err := ts.check(); err != nil {
		return NoTier, 0, err
	}
	if f.Amount.Currency() != ts.currency {
		return NoTier, 0, errCurrency(f.Amount.Currency(), ts.currency)
	}
	r := ts.highestMet(f.Amount.Amount(), f.Orders)
	return ts.name(r), r, nil
}

func errCurrency(got, want shopkit.Currency) error {
	return shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch,
		"amount in "+got.String()+" does not match the tier set's "+want.String())
}

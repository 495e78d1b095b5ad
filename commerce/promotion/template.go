package promotion

import (
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/strictjson"
	"github.com/shopspring/decimal"
)

// CouponKind is what a coupon takes off (R2.4).
type CouponKind string

// The coupon kinds of R2.4.
const (
	// CouponAmountOff takes Amount off the eligible lines once their amount reaches
	// MinSpend (满 X 减 Y).
	CouponAmountOff CouponKind = "amount_off"
	// CouponPercentOff takes Rate × the eligible amount off, optionally capped.
	CouponPercentOff CouponKind = "percent_off"
	// CouponPriceCut takes Amount off every unit of every eligible line.
	CouponPriceCut CouponKind = "price_cut"
	// CouponFreeShipping takes the shipping fee off (up to Cap when set).
	CouponFreeShipping CouponKind = "free_shipping"
)

// CouponIssuer is who pays for a coupon; stacking counts coupons per issuer (R2.4).
type CouponIssuer string

// The issuers.
const (
	IssuerPlatform CouponIssuer = "platform"
	IssuerShop     CouponIssuer = "shop"
)

var (
	couponKinds   = enum.New(CodeUnknownKind, "kind", CouponAmountOff, CouponPercentOff, CouponPriceCut, CouponFreeShipping)
	couponIssuers = enum.New(CodeUnknownIssuer, "issuer", IssuerPlatform, IssuerShop)
)

// MarshalText implements encoding.TextMarshaler; an unknown kind is an error.
func (k CouponKind) MarshalText() ([]byte, error) { return couponKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown kind is an error.
func (k *CouponKind) UnmarshalText(b []byte) error { return couponKinds.Unmarshal(k, b) }

// MarshalText implements encoding.TextMarshaler; an unknown issuer is an error.
func (i CouponIssuer) MarshalText() ([]byte, error) { return couponIssuers.Marshal(i) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown issuer is an error.
func (i *CouponIssuer) UnmarshalText(b []byte) error { return couponIssuers.Unmarshal(i, b) }

// CouponScope says which lines a coupon applies to (R2.4). With no categories
// and no listings it covers the whole shop; otherwise a line is covered when its
// category or its listing is named.
type CouponScope struct {
	Categories []string    `json:"categories"` // categories covered
	Listings   []uuid.UUID `json:"listings"`   // listings covered
}

// Covers reports whether the scope covers a line of category and listing.
func (s CouponScope) Covers(category string, listing uuid.UUID) bool {
	if len(s.Categories) == 0 && len(s.Listings) == 0 {
		return true
	}
	return slices.Contains(s.Categories, category) || slices.Contains(s.Listings, listing)
}

func (s CouponScope) clone() CouponScope {
	return CouponScope{Categories: slices.Clone(s.Categories), Listings: slices.Clone(s.Listings)}
}

// CouponTemplateSpec is the definition of a coupon (R2.4), checked by Validate.
type CouponTemplateSpec struct {
	Name   string       `json:"name"`   // shown to buyers and in errors
	Kind   CouponKind   `json:"kind"`   // what it takes off
	Issuer CouponIssuer `json:"issuer"` // who pays for it; stacking counts per issuer
	// ShopID is the shop whose orders a shop coupon applies to; it must be set for
	// IssuerShop and may be uuid.Nil for a platform coupon.
	ShopID uuid.UUID `json:"shop_id"`
	// CampaignID groups the template into a campaign (R2.4); uuid.Nil for none.
	CampaignID uuid.UUID `json:"campaign_id"`
	// Amount is the amount off (CouponAmountOff) or the cut per unit
	// (CouponPriceCut); > 0 for those kinds, zero otherwise.
	Amount shopkit.Money `json:"amount"`
	// Rate is the share a CouponPercentOff takes off, 0 < Rate < 1 (0.15 is 15 %
	// off). Compiled once by NewCouponTemplate.
	Rate decimal.Decimal `json:"rate"`
	// Rounding rounds Rate × amount to whole minor units; nil means Down, so the
	// discount never exceeds the exact share (R0.1).
	Rounding *shopkit.RoundingMode `json:"rounding"`
	// Cap is the most one coupon takes off; zero means no cap. Percent-off,
	// price-cut and free-shipping coupons of a campaign must have one, since the
	// campaign reserves each coupon's maximum discount from its budget.
	Cap shopkit.Money `json:"cap"`
	// MinSpend is the threshold: the eligible lines' amount must be at least
	// MinSpend (met exactly counts). Zero for none.
	MinSpend shopkit.Money `json:"min_spend"`
	// ValidFrom and ValidTo bound the validity window; both instants are inside
	// it (used exactly at ValidTo is in time, 1 ns later is expired).
	ValidFrom time.Time `json:"valid_from,omitzero"`
	ValidTo   time.Time `json:"valid_to,omitzero"`
	// IssueLimit is how many coupons of this template one customer may be
	// issued; UseLimit how many of them one customer may use. Zero means 1.
	IssueLimit int `json:"issue_limit"`
	UseLimit   int `json:"use_limit"`
	// Scope is which lines the coupon covers; empty is the whole shop.
	Scope CouponScope `json:"scope"`
}

// currency is the currency of the spec's first non-zero amount (CNY if none).
func (s CouponTemplateSpec) currency() shopkit.Currency {
	for _, m := range []shopkit.Money{s.Amount, s.Cap, s.MinSpend} {
		if !m.IsZero() {
			return m.Currency()
		}
	}
	return shopkit.CurrencyCNY
}

// hasMoney reports whether any amount of the spec is set, so that its currency
// is one the order or the discount must match.
func (s CouponTemplateSpec) hasMoney() bool {
	return !s.Amount.IsZero() || !s.Cap.IsZero() || !s.MinSpend.IsZero()
}

// UnmarshalJSON decodes a spec a host or a merchant's frontend sends in
// strictly: a key that is not a field of the spec (or of its Scope) is a
// *shopkit.ValidationError with code CodeInvalidCoupon naming it, so a
// misspelt "MinSpnd" never defines a coupon without its threshold; an unknown
// Kind or Issuer is CodeUnknownKind or CodeUnknownIssuer. Keys the JSON leaves
// out keep their value. It does not validate: NewCouponTemplate does.
func (s *CouponTemplateSpec) UnmarshalJSON(data []byte) error {
	type plain CouponTemplateSpec
	v := plain(*s)
	if err := strictjson.Decode(data, &v, CodeInvalidCoupon); err != nil {
		return err
	}
	*s = CouponTemplateSpec(v)
	return nil
}

// Validate returns nil for a spec NewCouponTemplate accepts, else a
// *shopkit.ValidationError (CodeInvalidCoupon) naming every field at fault.
func (s CouponTemplateSpec) Validate() error {
	_, err := s.compile()
	return err
}

// compile validates the spec and compiles its rate (zero unless percent off).
func (s CouponTemplateSpec) compile() (shopkit.CompiledRate, error) {
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if s.Name == "" {
		bad("name", "is required")
	}
	if !couponKinds.Valid(s.Kind) {
		bad("kind", "is not a known coupon kind")
	}
	if !couponIssuers.Valid(s.Issuer) {
		bad("issuer", "must be platform or shop")
	}
	if s.Issuer == IssuerShop && s.ShopID == uuid.Nil {
		bad("shop_id", "is required for a shop coupon")
	}
	cur := s.currency()
	for _, m := range []struct {
		field string
		v     shopkit.Money
	}{{"amount", s.Amount}, {"cap", s.Cap}, {"min_spend", s.MinSpend}} {
		if m.v.IsNegative() {
			bad(m.field, "must not be negative")
		}
		if !m.v.IsZero() && m.v.Currency() != cur {
			bad(m.field, "must be in "+string(cur))
		}
	}
	switch s.Kind {
	case CouponAmountOff, CouponPriceCut:
		if !s.Amount.IsPositive() {
			bad("amount", "must be greater than zero")
		}
	default:
		if !s.Amount.IsZero() {
			bad("amount", "must be zero for a "+string(s.Kind)+" coupon")
		}
	}
	var rate shopkit.CompiledRate
	if s.Kind == CouponPercentOff {
		if s.Rate.Sign() <= 0 || s.Rate.Cmp(decimal.NewFromInt(1)) >= 0 {
			bad("rate", "must be between 0 and 1 exclusive")
		} else if r, err := shopkit.CompileRate(s.Rate); err != nil {
			bad("rate", "has too many decimal places")
		} else {
			rate = r
		}
	} else if !s.Rate.IsZero() {
		bad("rate", "must be zero for a "+string(s.Kind)+" coupon")
	}
	if s.Rounding != nil && !s.Rounding.Valid() {
		bad("rounding", "is not a known rounding mode")
	}
	if s.ValidFrom.IsZero() || s.ValidTo.IsZero() {
		bad("valid_to", "the validity window needs both ends")
	} else if s.ValidTo.Before(s.ValidFrom) {
		bad("valid_to", "must not be before valid_from")
	}
	if s.IssueLimit < 0 {
		bad("issue_limit", "must not be negative")
	}
	if s.UseLimit < 0 {
		bad("use_limit", "must not be negative")
	}
	if s.CampaignID != uuid.Nil && s.Kind != CouponAmountOff && !s.Cap.IsPositive() {
		bad("cap", "is required for a campaign's "+string(s.Kind)+" coupon (the budget reserves it)")
	}
	return rate, shopkit.Incomplete(CodeInvalidCoupon, ps)
}

// CouponTemplate is a validated coupon definition. It is immutable: issuing and
// using coupons change the issued Coupon and the customer's CouponQuota, never the
// template.
type CouponTemplate struct {
	id      uuid.UUID
	spec    CouponTemplateSpec
	rate    shopkit.CompiledRate
	created time.Time
}

// CouponTemplateSnapshot is every field of a CouponTemplate, for host stores.
type CouponTemplateSnapshot struct {
	ID        uuid.UUID          `json:"id"`                  // identity
	Spec      CouponTemplateSpec `json:"spec"`                // the validated definition
	CreatedAt time.Time          `json:"created_at,omitzero"` // when it was created
}

// NewCouponTemplate checks that by may define spec's coupon, validates spec
// (CouponTemplateSpec.Validate: every problem at once) and returns a template
// with a fresh ID. A shop coupon is defined by its shop: a merchant whose ID is
// spec.ShopID (actor.ID == ShopID.String()) or the shop's staff, an operator
// for that shop, or the system; a platform coupon only by an operator of the
// whole platform or the system. Anyone else — a buyer, another shop, an actor
// without an ID — is shopkit.CodeNotParty (R0.4).
func NewCouponTemplate(by shopkit.Actor, spec CouponTemplateSpec, now time.Time) (*CouponTemplate, error) {
	if err := spec.parties().Check(by); err != nil {
		return nil, err
	}
	return buildTemplate(uuid.New(), spec, now)
}

// owner is the shop a coupon of s belongs to: ShopID for a shop coupon, none
// (uuid.Nil) for a platform coupon, which the platform pays for even when it
// is limited to one shop's orders.
func (s CouponTemplateSpec) owner() uuid.UUID {
	if s.Issuer == IssuerShop {
		return s.ShopID
	}
	return uuid.Nil
}

// parties are who may define and issue coupons of s (R0.4): its owner shop.
func (s CouponTemplateSpec) parties() shopkit.Parties { return shopkit.Parties{Shop: s.owner()} }

// Parties are who the template belongs to (R0.4): its shop for a shop coupon,
// no shop for a platform coupon (only the platform's operators and the system
// are its parties). Coupons issued from it add their customer (Coupon.Parties).
func (t *CouponTemplate) Parties() shopkit.Parties { return t.spec.parties() }

// RestoreCouponTemplate rebuilds a template from a snapshot. A snapshot without
// ID is CodeInvalidSnapshot; its spec is validated again (CodeInvalidCoupon),
// since the rate must be compiled.
func RestoreCouponTemplate(s CouponTemplateSnapshot) (*CouponTemplate, error) {
	if s.ID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "id", "is required")
	}
	return buildTemplate(s.ID, s.Spec, s.CreatedAt)
}

func buildTemplate(id uuid.UUID, spec CouponTemplateSpec, now time.Time) (*CouponTemplate, error) {
	rate, err := spec.compile()
	if err != nil {
		return nil, err
	}
	if spec.IssueLimit == 0 {
		spec.IssueLimit = 1
	}
	if spec.UseLimit == 0 {
		spec.UseLimit = 1
	}
	rounding := shopkit.Down
	if spec.Rounding != nil {
		rounding = *spec.Rounding
	}
	spec.Rounding = &rounding // the template's own copy: the caller's pointer may change
	if spec.Rate.IsZero() {
		// One form of zero (a decoded "0" has another), so a snapshot restored
		// from a store's JSON equals the one saved (R2.8).
		spec.Rate = decimal.Decimal{}
	}
	spec.Scope = spec.Scope.clone()
	return &CouponTemplate{id: id, spec: spec, rate: rate, created: now}, nil
}

// usable returns shopkit.NilArgument for a nil template and shopkit.NotBuilt
// for a zero one (NewCouponTemplate and RestoreCouponTemplate build every
// template): what every function taking a template checks first.
func (t *CouponTemplate) usable() error {
	if t == nil {
		return shopkit.NilArgument("template")
	}
	if t.id == uuid.Nil {
		return shopkit.NotBuilt("promotion.CouponTemplate")
	}
	return nil
}

// ID is the template's identity.
func (t *CouponTemplate) ID() uuid.UUID { return t.id }

// Spec returns a copy of the validated definition, with the defaults filled in
// (limits of 1, Down rounding). A zero CouponTemplate, which NewCouponTemplate
// did not build, has the zero spec.
func (t *CouponTemplate) Spec() CouponTemplateSpec {
	s := t.spec
	s.Scope = s.Scope.clone()
	if s.Rounding != nil {
		r := *s.Rounding
		s.Rounding = &r
	}
	return s
}

// Kind is the coupon kind.
func (t *CouponTemplate) Kind() CouponKind { return t.spec.Kind }

// Issuer is the coupon's issuer.
func (t *CouponTemplate) Issuer() CouponIssuer { return t.spec.Issuer }

// CampaignID is the campaign the template belongs to, or uuid.Nil.
func (t *CouponTemplate) CampaignID() uuid.UUID { return t.spec.CampaignID }

// CreatedAt is when the template was created.
func (t *CouponTemplate) CreatedAt() time.Time { return t.created }

// Snapshot returns every field, for host stores.
func (t *CouponTemplate) Snapshot() CouponTemplateSnapshot {
	return CouponTemplateSnapshot{ID: t.id, Spec: t.Spec(), CreatedAt: t.created}
}

// Clone returns a deep copy.
func (t *CouponTemplate) Clone() *CouponTemplate {
	c := *t
	c.spec = t.Spec()
	return &c
}

// MaxDiscount is the most one coupon of the template can take off: Amount for
// an amount-off coupon (or Cap, if lower), else Cap. ok is false when the
// discount is unbounded (no cap). A campaign reserves it from its budget at
// issue (R2.4).
func (t *CouponTemplate) MaxDiscount() (m shopkit.Money, ok bool) {
	if t.spec.Kind == CouponAmountOff {
		if t.spec.Cap.IsPositive() && t.spec.Cap.Amount() < t.spec.Amount.Amount() {
			return t.spec.Cap, true
		}
		return t.spec.Amount, true
	}
	return t.spec.Cap, t.spec.Cap.IsPositive()
}

// CheckValid returns nil when now is inside the validity window [ValidFrom,
// ValidTo] (R2.4), else CodeCouponNotValidYet or CodeCouponExpired
// (ErrNotAllowed).
func (t *CouponTemplate) CheckValid(now time.Time) error {
	return checkWindow(t.spec.Name, t.spec.ValidFrom, t.spec.ValidTo, now)
}

// checkWindow is the validity check of R2.4 shared by templates and coupons:
// both ends are in time.
func checkWindow(name string, from, to, now time.Time) error {
	if now.Before(from) {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeCouponNotValidYet,
			"coupon "+strconv.Quote(name)+" is valid from "+from.Format(time.RFC3339))
	}
	if now.After(to) {
		return errCouponExpired(name, to)
	}
	return nil
}

func errCouponExpired(name string, to time.Time) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, CodeCouponExpired,
		"coupon "+strconv.Quote(name)+" expired at "+to.Format(time.RFC3339))
}

// checkDiscount rejects a discount a coupon of t cannot have given: negative
// (CodeInvalidCoupon), in another currency than t's amounts
// (shopkit.CodeCurrencyMismatch), or more than MaxDiscount when that is bounded
// (CodeInvalidCoupon). A campaign's spend relies on it.
func (t *CouponTemplate) checkDiscount(d shopkit.Money) error {
	if d.IsNegative() {
		return shopkit.Invalid(CodeInvalidCoupon, "discount", "must not be negative")
	}
	if t.spec.hasMoney() && !d.IsZero() && d.Currency() != t.spec.currency() {
		return shopkit.CurrencyMismatch("the discount of coupon " + strconv.Quote(t.spec.Name))
	}
	if most, ok := t.MaxDiscount(); ok && d.Amount() > most.Amount() {
		return shopkit.Invalid(CodeInvalidCoupon, "discount",
			"is more than coupon "+strconv.Quote(t.spec.Name)+" takes off ("+most.String()+")")
	}
	return nil
}

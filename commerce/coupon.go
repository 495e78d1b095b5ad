package commerce

import (
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/fsm"
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

// CouponState is the state of an issued coupon.
type CouponState string

// The coupon states: issued → used (once) or expired. A used coupon returns to
// issued when the order that used it is cancelled before payment.
const (
	CouponIssued  CouponState = "issued"
	CouponUsed    CouponState = "used"
	CouponExpired CouponState = "expired"
)

func (k CouponKind) valid() bool {
	return k == CouponAmountOff || k == CouponPercentOff || k == CouponPriceCut || k == CouponFreeShipping
}
func (i CouponIssuer) valid() bool { return i == IssuerPlatform || i == IssuerShop }
func (s CouponState) valid() bool {
	return s == CouponIssued || s == CouponUsed || s == CouponExpired
}

func enumText[T ~string](v T, ok bool, code, what string) ([]byte, error) {
	if !ok {
		return nil, shopkit.Invalid(code, what, "unknown "+what+" "+strconv.Quote(string(v)))
	}
	return []byte(v), nil
}

// MarshalText implements encoding.TextMarshaler; an unknown kind is an error.
func (k CouponKind) MarshalText() ([]byte, error) {
	return enumText(k, k.valid(), "commerce.invalid_coupon_kind", "kind")
}

// UnmarshalText implements encoding.TextUnmarshaler; an unknown kind is an error.
func (k *CouponKind) UnmarshalText(b []byte) error {
	v := CouponKind(b)
	if _, err := v.MarshalText(); err != nil {
		return err
	}
	*k = v
	return nil
}

// MarshalText implements encoding.TextMarshaler; an unknown issuer is an error.
func (i CouponIssuer) MarshalText() ([]byte, error) {
	return enumText(i, i.valid(), "commerce.invalid_coupon_issuer", "issuer")
}

// UnmarshalText implements encoding.TextUnmarshaler; an unknown issuer is an error.
func (i *CouponIssuer) UnmarshalText(b []byte) error {
	v := CouponIssuer(b)
	if _, err := v.MarshalText(); err != nil {
		return err
	}
	*i = v
	return nil
}

// MarshalText implements encoding.TextMarshaler; an unknown state is an error.
func (s CouponState) MarshalText() ([]byte, error) {
	return enumText(s, s.valid(), "commerce.invalid_coupon_state", "state")
}

// UnmarshalText implements encoding.TextUnmarshaler; an unknown state is an error.
func (s *CouponState) UnmarshalText(b []byte) error {
	v := CouponState(b)
	if _, err := v.MarshalText(); err != nil {
		return err
	}
	*s = v
	return nil
}

// CouponScope says which lines a coupon applies to (R2.4). With no categories
// and no listings it covers the whole shop; otherwise a line is covered when its
// category or its listing is named.
type CouponScope struct {
	Categories []string    // categories covered
	Listings   []uuid.UUID // listings covered
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

// CouponTemplateSpec is the definition of a coupon (R2.4), validated by
// NewCouponTemplate.
type CouponTemplateSpec struct {
	Name   string       // shown to buyers and in errors
	Kind   CouponKind   // what it takes off
	Issuer CouponIssuer // who pays for it; stacking counts per issuer
	// ShopID is the shop whose orders a shop coupon applies to; it must be set for
	// IssuerShop and may be uuid.Nil for a platform coupon.
	ShopID uuid.UUID
	// CampaignID groups the template into a campaign (R2.4); uuid.Nil for none.
	CampaignID uuid.UUID
	// Amount is the amount off (CouponAmountOff) or the cut per unit
	// (CouponPriceCut); > 0 for those kinds, zero otherwise.
	Amount Money
	// Rate is the share a CouponPercentOff takes off, 0 < Rate < 1 (0.15 is 15 %
	// off). Compiled once by NewCouponTemplate.
	Rate decimal.Decimal
	// Rounding rounds Rate × amount to whole minor units; nil means Down, so the
	// discount never exceeds the exact share (R0.1).
	Rounding *RoundingMode
	// Cap is the most one coupon takes off; zero means no cap. Percent-off,
	// price-cut and free-shipping coupons of a campaign must have one, since the
	// campaign reserves each coupon's maximum discount from its budget.
	Cap Money
	// MinSpend is the threshold: the eligible lines' amount must be at least
	// MinSpend (met exactly counts). Zero for none.
	MinSpend Money
	// ValidFrom and ValidTo bound the validity window; both instants are inside
	// it (used exactly at ValidTo is in time, 1 ns later is expired).
	ValidFrom, ValidTo time.Time
	// IssueLimit is how many coupons of this template one customer may be
	// issued; UseLimit how many of them one customer may use. Zero means 1.
	IssueLimit, UseLimit int
	// Scope is which lines the coupon covers; empty is the whole shop.
	Scope CouponScope
}

// currency is the currency of the spec's first non-zero amount (CNY if none).
func (s CouponTemplateSpec) currency() Currency {
	for _, m := range []Money{s.Amount, s.Cap, s.MinSpend} {
		if !m.IsZero() {
			return m.Currency()
		}
	}
	return CurrencyCNY
}

// CouponTemplate is a validated coupon definition. It is immutable: issuing and
// using coupons change the issued Coupon and the customer's CouponQuota, never the
// template.
type CouponTemplate struct {
	id      uuid.UUID
	spec    CouponTemplateSpec
	rate    CompiledRate
	created time.Time
}

// CouponTemplateSnapshot is every field of a CouponTemplate, for host stores.
type CouponTemplateSnapshot struct {
	ID        uuid.UUID          // identity
	Spec      CouponTemplateSpec // the validated definition
	CreatedAt time.Time          // when it was created
}

// NewCouponTemplate validates spec (every problem at once, code
// "commerce.invalid_coupon") and returns a template with a fresh ID.
func NewCouponTemplate(spec CouponTemplateSpec, now time.Time) (*CouponTemplate, error) {
	t, err := buildTemplate(uuid.New(), spec, now)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// RestoreCouponTemplate rebuilds a template from a snapshot. The snapshot is
// validated again, since the rate must be compiled.
func RestoreCouponTemplate(s CouponTemplateSnapshot) (*CouponTemplate, error) {
	return buildTemplate(s.ID, s.Spec, s.CreatedAt)
}

func buildTemplate(id uuid.UUID, spec CouponTemplateSpec, now time.Time) (*CouponTemplate, error) {
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if spec.Name == "" {
		bad("name", "is required")
	}
	if !spec.Kind.valid() {
		bad("kind", "is not a known coupon kind")
	}
	if !spec.Issuer.valid() {
		bad("issuer", "must be platform or shop")
	}
	if spec.Issuer == IssuerShop && spec.ShopID == uuid.Nil {
		bad("shop_id", "is required for a shop coupon")
	}
	cur := spec.currency()
	for _, m := range []struct {
		field string
		v     Money
	}{{"amount", spec.Amount}, {"cap", spec.Cap}, {"min_spend", spec.MinSpend}} {
		if m.v.IsNegative() {
			bad(m.field, "must not be negative")
		}
		if !m.v.IsZero() && m.v.Currency() != cur {
			bad(m.field, "must be in "+string(cur))
		}
	}
	switch spec.Kind {
	case CouponAmountOff, CouponPriceCut:
		if !spec.Amount.IsPositive() {
			bad("amount", "must be greater than zero")
		}
	default:
		if !spec.Amount.IsZero() {
			bad("amount", "must be zero for a "+string(spec.Kind)+" coupon")
		}
	}
	var rate CompiledRate
	if spec.Kind == CouponPercentOff {
		if spec.Rate.Sign() <= 0 || spec.Rate.Cmp(decimal.NewFromInt(1)) >= 0 {
			bad("rate", "must be between 0 and 1 exclusive")
		} else if r, err := CompileRate(spec.Rate); err != nil {
			bad("rate", "has too many decimal places")
		} else {
			rate = r
		}
	} else if !spec.Rate.IsZero() {
		bad("rate", "must be zero for a "+string(spec.Kind)+" coupon")
	}
	if spec.Rounding != nil && !spec.Rounding.valid() {
		bad("rounding", "is not a known rounding mode")
	}
	if spec.ValidFrom.IsZero() || spec.ValidTo.IsZero() {
		bad("valid_to", "the validity window needs both ends")
	} else if spec.ValidTo.Before(spec.ValidFrom) {
		bad("valid_to", "must not be before valid_from")
	}
	if spec.IssueLimit < 0 {
		bad("issue_limit", "must not be negative")
	}
	if spec.UseLimit < 0 {
		bad("use_limit", "must not be negative")
	}
	if spec.CampaignID != uuid.Nil && spec.Kind != CouponAmountOff && !spec.Cap.IsPositive() {
		bad("cap", "is required for a campaign's "+string(spec.Kind)+" coupon (the budget reserves it)")
	}
	if len(ps) > 0 {
		return nil, shopkit.Incomplete("commerce.invalid_coupon", ps)
	}
	if spec.IssueLimit == 0 {
		spec.IssueLimit = 1
	}
	if spec.UseLimit == 0 {
		spec.UseLimit = 1
	}
	if spec.Rounding == nil {
		d := Down
		spec.Rounding = &d
	} else {
		r := *spec.Rounding
		spec.Rounding = &r
	}
	spec.Scope = spec.Scope.clone()
	return &CouponTemplate{id: id, spec: spec, rate: rate, created: now}, nil
}

// ID is the template's identity.
func (t *CouponTemplate) ID() uuid.UUID { return t.id }

// Spec returns a copy of the validated definition, with the defaults filled in
// (limits of 1, Down rounding).
func (t *CouponTemplate) Spec() CouponTemplateSpec {
	s := t.spec
	s.Scope = s.Scope.clone()
	r := *s.Rounding
	s.Rounding = &r
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
// an amount-off coupon, else Cap. ok is false when the discount is unbounded (no
// cap). A campaign reserves it from its budget at issue (R2.4).
func (t *CouponTemplate) MaxDiscount() (m Money, ok bool) {
	if t.spec.Kind == CouponAmountOff {
		if t.spec.Cap.IsPositive() && t.spec.Cap.amount < t.spec.Amount.amount {
			return t.spec.Cap, true
		}
		return t.spec.Amount, true
	}
	return t.spec.Cap, t.spec.Cap.IsPositive()
}

// CheckValid returns nil when now is inside the validity window [ValidFrom,
// ValidTo] (R2.4), else commerce.coupon_not_valid_yet or commerce.coupon_expired
// (ErrNotAllowed).
func (t *CouponTemplate) CheckValid(now time.Time) error {
	if now.Before(t.spec.ValidFrom) {
		return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_not_valid_yet",
			"coupon "+strconv.Quote(t.spec.Name)+" is valid from "+t.spec.ValidFrom.Format(time.RFC3339))
	}
	if now.After(t.spec.ValidTo) {
		return errCouponExpired(t.spec.Name, t.spec.ValidTo)
	}
	return nil
}

// checkDiscount rejects a discount a coupon of t cannot have given: negative, in
// another currency than t's amounts, or more than MaxDiscount when that is
// bounded (commerce.invalid_coupon). A campaign's spend relies on it.
func (t *CouponTemplate) checkDiscount(d Money) error {
	if d.IsNegative() {
		return shopkit.Invalid("commerce.invalid_coupon", "discount", "must not be negative")
	}
	hasMoney := !t.spec.Amount.IsZero() || !t.spec.Cap.IsZero() || !t.spec.MinSpend.IsZero()
	if hasMoney && !d.IsZero() && d.Currency() != t.spec.currency() {
		return shopkit.NewError(shopkit.ErrCurrencyMismatch, "commerce.currency_mismatch",
			"the discount is not in the coupon's currency")
	}
	if most, ok := t.MaxDiscount(); ok && d.amount > most.amount {
		return shopkit.Invalid("commerce.invalid_coupon", "discount",
			"is more than coupon "+strconv.Quote(t.spec.Name)+" takes off ("+most.String()+")")
	}
	return nil
}

func errCouponExpired(name string, to time.Time) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_expired",
		"coupon "+strconv.Quote(name)+" expired at "+to.Format(time.RFC3339))
}

// CouponAction is an action on an issued coupon.
type CouponAction string

// The coupon actions.
const (
	CouponActionUse     CouponAction = "use"     // an order uses the coupon (once)
	CouponActionRelease CouponAction = "release" // the order was cancelled: the coupon may be used again
	CouponActionExpire  CouponAction = "expire"  // the validity window ended unused
)

// couponFSM is the issued coupon's workflow (R2.4): used once, expired by the
// sweep when its window ends unused.
var couponFSM = fsm.MustNew("commerce.coupon", []fsm.Transition[CouponState, CouponAction]{
	{From: CouponIssued, Action: CouponActionUse, Roles: []shopkit.Role{shopkit.Buyer, shopkit.System}, To: CouponUsed},
	{From: CouponUsed, Action: CouponActionRelease, Roles: []shopkit.Role{shopkit.Buyer, shopkit.System, shopkit.Platform}, To: CouponIssued},
	{From: CouponIssued, Action: CouponActionExpire, Roles: []shopkit.Role{shopkit.System}, To: CouponExpired},
}, fsm.Timeout[CouponState, CouponAction]{State: CouponIssued, Action: CouponActionExpire, Label: "valid_to"})

// CouponDiagram is the Mermaid diagram of the issued coupon's workflow.
func CouponDiagram() string { return couponFSM.Mermaid() }

// Coupon is a coupon issued to one customer from a CouponTemplate (R2.4): issued,
// then used once by an order, or expired when its validity window ends. Fields are
// unexported; change it only through its actions.
type Coupon struct {
	id         uuid.UUID
	templateID uuid.UUID
	campaignID uuid.UUID
	customerID string
	name       string
	issuer     CouponIssuer
	validFrom  time.Time
	validTo    time.Time
	state      CouponState
	issuedAt   time.Time
	usedAt     time.Time
	orderRef   string
	discount   Money
	journal    Journal
}

// CouponSnapshot is every field of a Coupon, for host stores.
type CouponSnapshot struct {
	ID, TemplateID, CampaignID uuid.UUID    // identity, template, campaign (or uuid.Nil)
	CustomerID, Name           string       // the holder; the template's name
	Issuer                     CouponIssuer // platform or shop
	ValidFrom, ValidTo         time.Time    // the validity window, both inclusive
	State                      CouponState  // issued, used or expired
	IssuedAt, UsedAt           time.Time    // when issued; when used (zero unless used)
	OrderRef                   string       // the order that used it
	Discount                   Money        // what the coupon took off its order, while used
	History                    []Entry      // the audit trail (R0.4), oldest first
}

// IssueCoupon issues a coupon of t to customerID at now, by by (the platform,
// the merchant, the system, or the customer claiming it), recorded as an "issue"
// entry (R0.4). It checks only the coupon itself (a customer, a window not yet
// over); the per-customer limits and the campaign budget are checked by
// CouponQuota and Campaign, which CouponService updates in the same call.
func IssueCoupon(by Actor, t *CouponTemplate, customerID string, now time.Time) (*Coupon, error) {
	if customerID == "" {
		return nil, shopkit.Invalid("commerce.invalid_coupon", "customer_id", "is required")
	}
	if now.After(t.spec.ValidTo) {
		return nil, errCouponExpired(t.spec.Name, t.spec.ValidTo)
	}
	c := &Coupon{id: uuid.New(), templateID: t.id, campaignID: t.spec.CampaignID, customerID: customerID,
		name: t.spec.Name, issuer: t.spec.Issuer, validFrom: t.spec.ValidFrom, validTo: t.spec.ValidTo,
		state: CouponIssued, issuedAt: now}
	c.journal.Change(by, now, "issue", "", string(CouponIssued), "issued to the customer", nil)
	return c, nil
}

// RestoreCoupon rebuilds a coupon from a snapshot without re-running rules.
func RestoreCoupon(s CouponSnapshot) (*Coupon, error) {
	if !s.State.valid() {
		return nil, shopkit.Invalid("commerce.invalid_coupon_state", "state", "unknown coupon state "+strconv.Quote(string(s.State)))
	}
	return &Coupon{id: s.ID, templateID: s.TemplateID, campaignID: s.CampaignID, customerID: s.CustomerID,
		name: s.Name, issuer: s.Issuer, validFrom: s.ValidFrom, validTo: s.ValidTo, state: s.State,
		issuedAt: s.IssuedAt, usedAt: s.UsedAt, orderRef: s.OrderRef, discount: s.Discount, journal: RestoreJournal(s.History)}, nil
}

// Snapshot returns every field, for host stores.
func (c *Coupon) Snapshot() CouponSnapshot {
	return CouponSnapshot{ID: c.id, TemplateID: c.templateID, CampaignID: c.campaignID, CustomerID: c.customerID,
		Name: c.name, Issuer: c.issuer, ValidFrom: c.validFrom, ValidTo: c.validTo, State: c.state,
		IssuedAt: c.issuedAt, UsedAt: c.usedAt, OrderRef: c.orderRef, Discount: c.discount, History: c.journal.History()}
}

// ID is the coupon's identity.
func (c *Coupon) ID() uuid.UUID { return c.id }

// TemplateID is the template the coupon was issued from.
func (c *Coupon) TemplateID() uuid.UUID { return c.templateID }

// CampaignID is the campaign of the coupon's template, or uuid.Nil.
func (c *Coupon) CampaignID() uuid.UUID { return c.campaignID }

// CustomerID is the customer the coupon was issued to.
func (c *Coupon) CustomerID() string { return c.customerID }

// Issuer is the coupon's issuer.
func (c *Coupon) Issuer() CouponIssuer { return c.issuer }

// State is the coupon's state.
func (c *Coupon) State() CouponState { return c.state }

// OrderRef is the order that used the coupon ("" unless used).
func (c *Coupon) OrderRef() string { return c.orderRef }

// Discount is what the coupon took off its order (AppliedCoupon.Discount), while
// used; zero otherwise.
func (c *Coupon) Discount() Money { return c.discount }

// UsedAt is when the coupon was used (zero unless used).
func (c *Coupon) UsedAt() time.Time { return c.usedAt }

// Deadline is when an issued coupon expires: 1 ns after ValidTo, since using it
// exactly at ValidTo is still in time.
func (c *Coupon) Deadline() (time.Time, bool) {
	if c.state != CouponIssued {
		return time.Time{}, false
	}
	return c.validTo.Add(time.Nanosecond), true
}

// AllowedActions lists the actions role may take now.
func (c *Coupon) AllowedActions(role shopkit.Role) []CouponAction {
	return couponFSM.AllowedActions(c.state, role)
}

// History returns every audit entry, oldest first.
func (c *Coupon) History() []Entry { return c.journal.History() }

// Unsaved returns the entries added since the coupon was loaded.
func (c *Coupon) Unsaved() []Entry { return c.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (c *Coupon) MarkSaved() { c.journal.MarkSaved() }

// Clone returns a deep copy.
func (c *Coupon) Clone() *Coupon {
	d := *c
	d.journal = c.journal.Clone()
	return &d
}

// String describes the coupon without personal data: the customer ID is not shown
// (R0.5).
func (c *Coupon) String() string {
	return "coupon " + c.id.String() + " " + strconv.Quote(c.name) + " " + string(c.state)
}

// checkUsable reports why the coupon cannot be used by an order at now: used
// already (commerce.coupon_used, ErrConflict), expired, or not valid yet (R2.4).
func (c *Coupon) checkUsable(now time.Time) error {
	switch {
	case c.state == CouponUsed:
		return shopkit.NewError(shopkit.ErrConflict, "commerce.coupon_used",
			"coupon "+c.id.String()+" is already used by order "+strconv.Quote(c.orderRef))
	case c.state == CouponExpired || now.After(c.validTo):
		return errCouponExpired(c.name, c.validTo)
	case now.Before(c.validFrom):
		return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_not_valid_yet",
			"coupon "+strconv.Quote(c.name)+" is valid from "+c.validFrom.Format(time.RFC3339))
	}
	return nil
}

// checkOwner rejects a buyer using another customer's coupon.
func (c *Coupon) checkOwner(by Actor) error {
	if by.Role == shopkit.Buyer && by.ID != c.customerID {
		return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.coupon_not_owner", "coupon "+c.id.String()+" belongs to another customer")
	}
	return nil
}

// Use marks the coupon used by the order orderRef (R2.4): once, inside its
// validity window, by its own customer. discount is what Price took off the order
// for it. Errors, nothing changed: commerce.coupon_used when already used,
// commerce.coupon_expired / coupon_not_valid_yet outside the window,
// commerce.coupon_not_owner when a buyer uses another customer's coupon.
func (c *Coupon) Use(by Actor, orderRef string, discount Money, now time.Time) error {
	if err := c.checkUsable(now); err != nil {
		return err
	}
	if orderRef == "" {
		return shopkit.Invalid("commerce.invalid_coupon", "order_ref", "is required")
	}
	if discount.IsNegative() {
		return shopkit.Invalid("commerce.invalid_coupon", "discount", "must not be negative")
	}
	if err := c.checkOwner(by); err != nil {
		return err
	}
	to, err := couponFSM.Check(c.state, CouponActionUse, by.Role)
	if err != nil {
		return err
	}
	from := c.state
	c.state, c.usedAt, c.orderRef, c.discount = to, now, orderRef, discount
	c.journal.Change(by, now, string(CouponActionUse), string(from), string(to), "used by order "+orderRef, nil)
	return nil
}

// Release returns a used coupon to issued when its order is cancelled before
// payment. If its window has ended meanwhile, the next sweep expires it.
func (c *Coupon) Release(by Actor, now time.Time, reason string) error {
	to, err := couponFSM.Check(c.state, CouponActionRelease, by.Role)
	if err != nil {
		return err
	}
	from, ref := c.state, c.orderRef
	c.state, c.usedAt, c.orderRef, c.discount = to, time.Time{}, "", Money{}
	c.journal.Change(by, now, string(CouponActionRelease), string(from), string(to), reason+" (order "+ref+")", nil)
	return nil
}

// ApplyDue expires an issued coupon whose window has ended (commerce.Expirable),
// stamped at its deadline (ValidTo + 1 ns).
func (c *Coupon) ApplyDue(now time.Time) error {
	deadline, ok := c.Deadline()
	if !ok || now.Before(deadline) {
		return NotDue("commerce", c.id)
	}
	to, err := couponFSM.Check(c.state, CouponActionExpire, shopkit.System)
	if err != nil {
		return err
	}
	from := c.state
	c.state = to
	c.journal.Change(SystemActor(), deadline, string(CouponActionExpire), string(from), string(to), "validity window ended", nil)
	return nil
}

// CouponQuota counts one customer's coupons of one template, so the per-customer
// issue and use limits (R2.4) hold under concurrent requests: the quota is changed
// only inside a store Update, which serialises writers. Its ID is derived from the
// template and the customer (QuotaID), so every request finds the same entity.
// Every count and take-back is an audit entry with its actor and time, saved with
// the quota (R0.4); an entry's From and To are the counter it changed, e.g.
// "issued 1" → "issued 2".
type CouponQuota struct {
	id         uuid.UUID
	templateID uuid.UUID
	customerID string
	issued     int
	used       int
	journal    Journal
}

// CouponQuotaSnapshot is every field of a CouponQuota.
type CouponQuotaSnapshot struct {
	ID, TemplateID uuid.UUID // QuotaID(template, customer); the template
	CustomerID     string    // the customer
	Issued, Used   int       // coupons issued to and used by the customer
	History        []Entry   // the audit trail (R0.4), oldest first
}

// QuotaID is the ID of the customer's quota for a template: a name-based UUID.
func QuotaID(templateID uuid.UUID, customerID string) uuid.UUID {
	return uuid.NewSHA1(templateID, []byte(customerID))
}

// NewCouponQuota returns an empty quota for the customer and template. It has
// no history: nothing has happened yet.
func NewCouponQuota(templateID uuid.UUID, customerID string) *CouponQuota {
	return &CouponQuota{id: QuotaID(templateID, customerID), templateID: templateID, customerID: customerID}
}

// RestoreCouponQuota rebuilds a quota from a snapshot; its history is marked saved.
func RestoreCouponQuota(s CouponQuotaSnapshot) *CouponQuota {
	return &CouponQuota{id: s.ID, templateID: s.TemplateID, customerID: s.CustomerID, issued: s.Issued, used: s.Used,
		journal: RestoreJournal(s.History)}
}

// Snapshot returns every field.
func (q *CouponQuota) Snapshot() CouponQuotaSnapshot {
	return CouponQuotaSnapshot{ID: q.id, TemplateID: q.templateID, CustomerID: q.customerID, Issued: q.issued, Used: q.used,
		History: q.journal.History()}
}

// ID is the quota's identity, QuotaID(template, customer).
func (q *CouponQuota) ID() uuid.UUID { return q.id }

// Issued is how many coupons of the template the customer holds or held.
func (q *CouponQuota) Issued() int { return q.issued }

// Used is how many of them the customer has used.
func (q *CouponQuota) Used() int { return q.used }

// Clone returns a deep copy.
func (q *CouponQuota) Clone() *CouponQuota {
	d := *q
	d.journal = q.journal.Clone()
	return &d
}

// History returns every audit entry, oldest first (R0.4).
func (q *CouponQuota) History() []Entry { return q.journal.History() }

// Unsaved returns the entries added since the quota was created or loaded: what
// the store's Update persists with it.
func (q *CouponQuota) Unsaved() []Entry { return q.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (q *CouponQuota) MarkSaved() { q.journal.MarkSaved() }

// CheckIssue reports, changing nothing, whether Issue would succeed:
// commerce.coupon_issue_limit (ErrConflict) when the customer already has t's
// IssueLimit (R2.4).
func (q *CouponQuota) CheckIssue(t *CouponTemplate) error {
	if q.issued >= t.spec.IssueLimit {
		return shopkit.NewError(shopkit.ErrConflict, "commerce.coupon_issue_limit",
			"the customer already has "+strconv.Itoa(q.issued)+" coupon(s) of "+strconv.Quote(t.spec.Name))
	}
	return nil
}

// CheckUse reports, changing nothing, whether Use would succeed:
// commerce.coupon_use_limit (ErrConflict) when the customer has used t's
// UseLimit already (R2.4).
func (q *CouponQuota) CheckUse(t *CouponTemplate) error {
	if q.used >= t.spec.UseLimit {
		return shopkit.NewError(shopkit.ErrConflict, "commerce.coupon_use_limit",
			"the customer has used "+strconv.Itoa(q.used)+" coupon(s) of "+strconv.Quote(t.spec.Name))
	}
	return nil
}

// Issue counts the issued coupon ref, recorded as an "issue" entry (R0.4), or
// fails with commerce.coupon_issue_limit and changes nothing (R2.4).
func (q *CouponQuota) Issue(by Actor, t *CouponTemplate, ref string, now time.Time) error {
	if err := q.CheckIssue(t); err != nil {
		return err
	}
	q.issued++
	q.journal.Change(by, now, "issue", "issued "+strconv.Itoa(q.issued-1), "issued "+strconv.Itoa(q.issued), "coupon "+ref, nil)
	return nil
}

// Use counts the coupon ref used by an order, recorded as a "use" entry (R0.4),
// or fails with commerce.coupon_use_limit and changes nothing (R2.4).
func (q *CouponQuota) Use(by Actor, t *CouponTemplate, ref string, now time.Time) error {
	if err := q.CheckUse(t); err != nil {
		return err
	}
	q.used++
	q.journal.Change(by, now, "use", "used "+strconv.Itoa(q.used-1), "used "+strconv.Itoa(q.used), "coupon "+ref, nil)
	return nil
}

// Unissue takes back the count of Issue for the coupon ref, which was not
// created after all, recorded as an "unissue" entry with reason (R0.4). It
// never goes below zero.
func (q *CouponQuota) Unissue(by Actor, ref string, now time.Time, reason string) {
	from := q.issued
	q.issued = max(q.issued-1, 0)
	q.journal.Change(by, now, "unissue", "issued "+strconv.Itoa(from), "issued "+strconv.Itoa(q.issued), "coupon "+ref+": "+reason, nil)
}

// Unuse takes back the count of Use for the coupon ref (its order was
// cancelled, or using the coupon itself failed), recorded as an "unuse" entry
// with reason (R0.4). It never goes below zero.
func (q *CouponQuota) Unuse(by Actor, ref string, now time.Time, reason string) {
	from := q.used
	q.used = max(q.used-1, 0)
	q.journal.Change(by, now, "unuse", "used "+strconv.Itoa(from), "used "+strconv.Itoa(q.used), "coupon "+ref+": "+reason, nil)
}

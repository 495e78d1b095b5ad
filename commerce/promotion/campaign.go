package promotion

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// CampaignPolicy holds the campaign numbers a host may change (R2.4). The zero
// policy is invalid; start from DefaultCampaignPolicy.
type CampaignPolicy struct {
	// MinGap is the least time between the end of one of a shop's campaigns and
	// the start of the next, so promotions do not run back to back. RULES gives no
	// number; the default is 7 natural days. A gap of exactly MinGap is allowed.
	MinGap time.Duration `json:"min_gap"`
}

// DefaultCampaignPolicy returns the defaults: a 7-day gap between a shop's
// campaigns.
func DefaultCampaignPolicy() CampaignPolicy { return CampaignPolicy{MinGap: 7 * 24 * time.Hour} }

// Validate returns nil for a usable policy, else a *shopkit.ValidationError
// (CodeInvalidPolicy) naming the field: MinGap must be positive.
func (p CampaignPolicy) Validate() error {
	if p.MinGap <= 0 {
		return shopkit.Invalid(CodeInvalidPolicy, "min_gap", "must be positive")
	}
	return nil
}

// UnmarshalJSON decodes a policy a host sends in strictly: a key that is not
// a field is a *shopkit.ValidationError with code CodeInvalidPolicy naming it.
// It does not validate: NewCampaignService does.
func (p *CampaignPolicy) UnmarshalJSON(data []byte) error {
	type plain CampaignPolicy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = CampaignPolicy(v)
	return nil
}

// CampaignSpec defines a campaign (R2.4), checked by Validate.
type CampaignSpec struct {
	ShopID uuid.UUID `json:"shop_id"` // the shop running the campaign
	Name   string    `json:"name"`    // shown to buyers and in errors
	// From and To bound the campaign's time window, both inclusive: its coupons
	// are issued only inside it.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Budget is the total discount the campaign may give.
	Budget shopkit.Money `json:"budget"`
}

// UnmarshalJSON decodes a spec a host or a merchant's frontend sends in
// strictly: a key that is not a field of the spec is a *shopkit.ValidationError
// with code CodeInvalidCampaign naming it, so a misspelt "Budjet" never leaves
// a campaign without its budget. Keys the JSON leaves out keep their value. It
// does not validate: NewCampaign does.
func (s *CampaignSpec) UnmarshalJSON(data []byte) error {
	type plain CampaignSpec
	v := plain(*s)
	if err := strictjson.Decode(data, &v, CodeInvalidCampaign); err != nil {
		return err
	}
	*s = CampaignSpec(v)
	return nil
}

// Validate returns nil for a spec NewCampaign accepts, else a
// *shopkit.ValidationError (CodeInvalidCampaign) naming every field at fault.
func (s CampaignSpec) Validate() error {
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if s.ShopID == uuid.Nil {
		bad("shop_id", "is required")
	}
	if s.Name == "" {
		bad("name", "is required")
	}
	if s.From.IsZero() || s.To.IsZero() {
		bad("to", "the window needs both ends")
	} else if !s.To.After(s.From) {
		bad("to", "must be after from")
	}
	if !s.Budget.IsPositive() {
		bad("budget", "must be greater than zero")
	}
	return shopkit.Incomplete(CodeInvalidCampaign, ps)
}

// Campaign groups coupon templates under a total discount budget, a time window
// and a per-shop gap (R2.4).
//
// Budget accounting: issuing a coupon reserves the coupon's maximum discount
// (CouponTemplate.MaxDiscount) from the budget, inside the store's Update, and
// issuing stops before the reservations would exceed the budget. So the
// discount the campaign's coupons can ever give never exceeds the budget, also
// under concurrent issuing, without refusing a coupon the buyer already holds at
// checkout. Spent records the discounts actually given (for the campaign's
// return, R2.7); reservations of coupons that expire unused are not returned.
//
// Steps across stores (R2.8): a reservation is a hold (Holds) until its coupon
// is stored and Resume confirms it; one whose coupon is still not stored after
// CouponPolicy.Grace is given back. RecordSpend takes the key of the coupon's
// step (CouponStep.Key) and remembers it (Spends) until Resume settles it, so a
// step carried out twice counts once. Both count in Reserved and Spent from the
// start: the budget holds whatever a crash interrupts.
//
// Every change (create, add_template, remove_template, reserve, unreserve,
// spend) is an audit entry with its actor and time, appended to the
// campaign's trail when it is saved (R0.4); confirming a hold or settling a
// spend's key moves no counter and records none. An entry's From
// and To are the counter it changed, e.g. "reserved ¥30.00" → "reserved ¥50.00".
type Campaign struct {
	id        uuid.UUID
	spec      CampaignSpec
	reserved  int64 // minor units of the budget's currency
	spent     int64 // minor units of the budget's currency
	issued    int64
	templates []uuid.UUID
	holds     []CampaignHold  // reservations whose coupon may not be stored yet
	tholds    []TemplateHold  // templates listed that may not be stored yet
	spends    []CampaignSpend // recent spends, by key, until Resume settles them
	created   time.Time
	version   string // the name of the CampaignPolicy version it was created under; "" for a plain policy
	journal   shopkit.Journal
}

// CampaignSnapshot is every field of a Campaign, for host stores. It holds the
// campaign's state; its audit trail, which names customers, is the store's
// (CampaignStore.Trail).
type CampaignSnapshot struct {
	ID            uuid.UUID       `json:"id"`                       // identity
	Spec          CampaignSpec    `json:"spec"`                     // the definition
	Reserved      shopkit.Money   `json:"reserved"`                 // Σ maximum discounts of issued coupons
	Spent         shopkit.Money   `json:"spent"`                    // Σ discounts given on orders
	Issued        int64           `json:"issued"`                   // coupons issued
	Templates     []uuid.UUID     `json:"templates"`                // the campaign's coupon templates
	Holds         []CampaignHold  `json:"holds"`                    // reservations not yet confirmed by their coupon (counted in Reserved and Issued)
	TemplateHolds []TemplateHold  `json:"template_holds"`           // templates listed in Templates but not yet confirmed stored
	Spends        []CampaignSpend `json:"spends"`                   // spends remembered by key until Resume settles them (counted in Spent)
	CreatedAt     time.Time       `json:"created_at,omitzero"`      // when it was created
	PolicyVersion string          `json:"policy_version,omitempty"` // Campaign.PolicyVersion; "" for a plain policy and in snapshots from before versions
	Seq           int             `json:"seq"`                      // the length of the campaign's audit trail in the store (R0.4): the next entry is Seq + 1
}

// NewCampaign checks that by is a party of the shop running it — a merchant
// whose ID is spec.ShopID (actor.ID == ShopID.String()) or its staff, an
// operator for the shop, or the system; anyone else and an actor without an ID
// is shopkit.CodeNotParty (R0.4) —, validates spec (CampaignSpec.Validate: every
// problem at once) and returns a campaign with a fresh ID, its creation by by
// recorded (R0.4). The gap to the shop's other campaigns is checked by
// CheckCampaignGap (CampaignService.Create does).
func NewCampaign(by shopkit.Actor, spec CampaignSpec, now time.Time) (*Campaign, error) {
	if err := (shopkit.Parties{Shop: spec.ShopID}).Check(by); err != nil {
		return nil, err
	}
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	id := uuid.New()
	c := &Campaign{id: id, spec: spec, created: now, journal: shopkit.NewJournal(id.String())}
	c.journal.Change(by, now, "create", "", "budget "+spec.Budget.String(), strconv.Quote(spec.Name), nil)
	return c, nil
}

// RestoreCampaign rebuilds a campaign from a snapshot without re-running rules;
// it holds no history, its next entry is Seq + 1, and on error nothing is
// built. An invalid spec is CodeInvalidCampaign; a snapshot without ID, with a
// negative or foreign-currency counter, with more reserved or spent than the
// budget (the budget is never exceeded, R2.4), with a negative issued count or
// Seq, with a nil or repeated template, with holds beyond Reserved or Issued
// (or without coupon, time or a non-negative amount in the budget's currency),
// with template holds of templates it does not list, or with spends without
// key or time, a key twice or another currency, is CodeInvalidSnapshot.
func RestoreCampaign(s CampaignSnapshot) (*Campaign, error) {
	if err := s.Spec.Validate(); err != nil {
		return nil, err
	}
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if s.ID == uuid.Nil {
		bad("id", "is required")
	}
	cur := s.Spec.Budget.Currency()
	for _, m := range []struct {
		field string
		v     shopkit.Money
	}{{"reserved", s.Reserved}, {"spent", s.Spent}} {
		if m.v.IsNegative() {
			bad(m.field, "must not be negative")
		}
		if !m.v.IsZero() && m.v.Currency() != cur {
			bad(m.field, "must be in the budget's currency "+string(cur))
		} else if m.v.Amount() > s.Spec.Budget.Amount() {
			bad(m.field, "must not exceed the budget "+s.Spec.Budget.String())
		}
	}
	if s.Issued < 0 {
		bad("issued", "must not be negative")
	}
	for i, id := range s.Templates {
		if id == uuid.Nil || slices.Contains(s.Templates[:i], id) {
			bad("templates", "must be distinct template IDs")
			break
		}
	}
	if s.Seq < 0 {
		bad("seq", "must not be negative")
	}
	if p := campaignHoldsProblem(s, cur); p != "" {
		bad("holds", p)
	}
	for i, h := range s.TemplateHolds {
		if h.Template == uuid.Nil || h.At.IsZero() || !slices.Contains(s.Templates, h.Template) ||
			slices.ContainsFunc(s.TemplateHolds[:i], func(o TemplateHold) bool { return o.Template == h.Template }) {
			bad("template_holds", "must be distinct templates of the campaign, each with its time")
			break
		}
	}
	if p := campaignSpendsProblem(s.Spends, cur); p != "" {
		bad("spends", p)
	}
	if err := shopkit.Incomplete(CodeInvalidSnapshot, ps); err != nil {
		return nil, err
	}
	return &Campaign{id: s.ID, spec: s.Spec, reserved: s.Reserved.Amount(), spent: s.Spent.Amount(),
		issued: s.Issued, templates: slices.Clone(s.Templates), holds: slices.Clone(s.Holds), tholds: slices.Clone(s.TemplateHolds),
		spends: slices.Clone(s.Spends), created: s.CreatedAt, version: s.PolicyVersion, journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}, nil
}

// campaignHoldsProblem describes what is wrong with a snapshot's holds, or "".
func campaignHoldsProblem(s CampaignSnapshot, cur shopkit.Currency) string {
	var sum int64
	for _, h := range s.Holds {
		switch {
		case h.Coupon == "" || h.At.IsZero():
			return "every hold needs its coupon and time"
		case h.Amount.IsNegative() || (!h.Amount.IsZero() && h.Amount.Currency() != cur):
			return "every hold is a non-negative amount in the budget's currency " + string(cur)
		case h.Amount.Amount() > s.Spec.Budget.Amount()-sum:
			return "must not sum to more than the budget"
		}
		sum += h.Amount.Amount()
	}
	// A negative counter is reported on its own field.
	if (!s.Reserved.IsNegative() && sum > s.Reserved.Amount()) || (s.Issued >= 0 && int64(len(s.Holds)) > s.Issued) {
		return "must be part of reserved and issued"
	}
	return ""
}

// campaignSpendsProblem describes what is wrong with a snapshot's spends, or "".
func campaignSpendsProblem(spends []CampaignSpend, cur shopkit.Currency) string {
	for i, sp := range spends {
		switch {
		case sp.Key == "" || sp.At.IsZero():
			return "every spend needs its key and time"
		case !sp.Amount.IsZero() && sp.Amount.Currency() != cur:
			return "every spend is in the budget's currency " + string(cur)
		case slices.ContainsFunc(spends[:i], func(o CampaignSpend) bool { return o.Key == sp.Key }):
			return "must not repeat a key"
		}
	}
	return ""
}

// Snapshot returns every field, for host stores. Seq counts the unsaved
// entries too.
func (c *Campaign) Snapshot() CampaignSnapshot {
	return CampaignSnapshot{ID: c.id, Spec: c.spec, Reserved: c.Reserved(), Spent: c.Spent(), Issued: c.issued,
		Templates: slices.Clone(c.templates), Holds: slices.Clone(c.holds), TemplateHolds: slices.Clone(c.tholds),
		Spends: slices.Clone(c.spends), CreatedAt: c.created, PolicyVersion: c.version, Seq: c.journal.Seq()}
}

// String describes the campaign and its counters. Its audit trail, which names
// the customers whose coupons moved the budget, is left out, so %v and %#v
// print no customer either (R0.5).
func (c *Campaign) String() string {
	return "campaign " + c.id.String() + " " + strconv.Quote(c.spec.Name) + " shop " + c.spec.ShopID.String() +
		" budget " + c.spec.Budget.String() + " reserved " + c.Reserved().String() + " spent " + c.Spent().String() +
		" issued " + strconv.FormatInt(c.issued, 10)
}

// GoString is String (R0.5).
func (c *Campaign) GoString() string { return c.String() }

// Clone returns a deep copy.
func (c *Campaign) Clone() *Campaign {
	d := *c
	d.templates = slices.Clone(c.templates)
	d.holds = slices.Clone(c.holds)
	d.tholds = slices.Clone(c.tholds)
	d.spends = slices.Clone(c.spends)
	d.journal = c.journal.Clone()
	return &d
}

// History returns the audit entries the campaign holds, oldest first (R0.4):
// all of them for a campaign built in memory, only those added since it was
// loaded for one loaded from a store, whose trail (CampaignStore.Trail) holds
// the rest.
func (c *Campaign) History() []shopkit.Entry { return c.journal.History() }

// Unsaved returns the entries added since the campaign was created or loaded:
// what the store's Update persists with it.
func (c *Campaign) Unsaved() []shopkit.Entry { return c.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (c *Campaign) MarkSaved() { c.journal.MarkSaved() }

// ID is the campaign's identity.
func (c *Campaign) ID() uuid.UUID { return c.id }

// ShopID is the shop running the campaign.
func (c *Campaign) ShopID() uuid.UUID { return c.spec.ShopID }

// Parties are who the campaign belongs to (R0.4): the shop running it. Its
// actions check their actor against them: a merchant whose ID is the shop's
// (or its staff), an operator for the shop, or the system; an actor with an
// empty ID is never a party.
func (c *Campaign) Parties() shopkit.Parties { return shopkit.Parties{Shop: c.spec.ShopID} }

// built returns shopkit.NotBuilt for a campaign that NewCampaign or
// RestoreCampaign did not build (a zero Campaign): every action checks it
// first.
func (c *Campaign) built() error {
	if c.id == uuid.Nil {
		return shopkit.NotBuilt("promotion.Campaign")
	}
	return nil
}

// checkCounter checks the actor of a budget change (Reserve, Unreserve,
// RecordSpend). Those follow a coupon action — issuing, using, releasing —
// that checked its own party; its actor is recorded here. So besides the
// campaign's parties a buyer with an ID is admitted: the customer claiming or
// using the coupon, whom IssueCoupon and Coupon.Use checked. Another shop's
// merchant or operator, and an actor without an ID, is shopkit.CodeNotParty (R0.4).
func (c *Campaign) checkCounter(by shopkit.Actor) error {
	if err := c.built(); err != nil {
		return err
	}
	if by.Role == shopkit.Buyer && by.ID != "" {
		return nil
	}
	return c.Parties().Check(by)
}

// Spec returns the campaign's definition.
func (c *Campaign) Spec() CampaignSpec { return c.spec }

// Budget is the total discount the campaign may give.
func (c *Campaign) Budget() shopkit.Money { return c.spec.Budget }

// Reserved is the sum of the maximum discounts of the coupons issued so far.
func (c *Campaign) Reserved() shopkit.Money { return c.spec.Budget.WithAmount(c.reserved) }

// Spent is the discount the campaign's coupons actually gave on orders.
func (c *Campaign) Spent() shopkit.Money { return c.spec.Budget.WithAmount(c.spent) }

// left is what the budget has not reserved yet.
func (c *Campaign) left() shopkit.Money {
	return c.spec.Budget.WithAmount(c.spec.Budget.Amount() - c.reserved)
}

// Issued is how many coupons the campaign has issued.
func (c *Campaign) Issued() int64 { return c.issued }

// Templates lists the campaign's coupon templates.
func (c *Campaign) Templates() []uuid.UUID { return slices.Clone(c.templates) }

// CreatedAt is when the campaign was created.
func (c *Campaign) CreatedAt() time.Time { return c.created }

// PolicyVersion returns the name of the CampaignPolicy version in force when
// the campaign was created (CampaignServiceConfig.Policies), whose MinGap it
// was checked against; "" for one created under a plain policy (R0.3).
func (c *Campaign) PolicyVersion() string { return c.version }

// PendingSince is when the oldest of the campaign's holds (of coupons and of
// templates) or remembered spends was recorded, and whether it has any: what
// CampaignStore.Pending orders by (a host store indexes it). Resume settles
// them.
func (c *Campaign) PendingSince() (time.Time, bool) {
	var oldest time.Time
	see := func(at time.Time) {
		if oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	for _, h := range c.holds {
		see(h.At)
	}
	for _, h := range c.tholds {
		see(h.At)
	}
	for _, sp := range c.spends {
		see(sp.At)
	}
	return oldest, len(c.holds)+len(c.tholds)+len(c.spends) > 0
}

// AddTemplate puts a coupon template into the campaign, recorded as an
// "add_template" entry (R0.4). by must be a party of the campaign (Parties;
// shopkit.CodeNotParty otherwise). The template must name this campaign and have a
// bounded maximum discount in the budget's currency; adding it again changes
// nothing. The template is a hold (TemplateHold) until Resume finds it stored
// (CouponService.CreateTemplate stores it right after).
func (c *Campaign) AddTemplate(by shopkit.Actor, t *CouponTemplate, now time.Time) error {
	if err := c.built(); err != nil {
		return err
	}
	if err := c.Parties().Check(by); err != nil {
		return err
	}
	if err := t.usable(); err != nil {
		return err
	}
	most, ok := t.MaxDiscount()
	switch {
	case t.spec.CampaignID != c.id:
		return shopkit.Invalid(CodeInvalidCampaign, "template.campaign_id", "names another campaign")
	case !ok:
		return shopkit.Invalid(CodeInvalidCampaign, "template.cap", "is required: the budget reserves each coupon's maximum discount")
	case most.Currency() != c.spec.Budget.Currency():
		return shopkit.CurrencyMismatch("template " + strconv.Quote(t.spec.Name) + " of campaign " + strconv.Quote(c.spec.Name))
	case t.spec.Issuer == IssuerShop && t.spec.ShopID != c.spec.ShopID:
		return shopkit.Invalid(CodeInvalidCampaign, "template.shop_id", "is another shop")
	}
	if slices.Contains(c.templates, t.id) {
		return nil
	}
	c.templates = append(c.templates, t.id)
	c.tholds = append(c.tholds, TemplateHold{Template: t.id, At: now})
	c.journal.Change(by, now, "add_template", "templates "+strconv.Itoa(len(c.templates)-1),
		"templates "+strconv.Itoa(len(c.templates)), "template "+t.id.String()+" "+strconv.Quote(t.spec.Name), nil)
	return nil
}

// dropTemplate takes the held template id out of the campaign, as the system:
// it was not stored. A template not held (confirmed, or taken out already)
// stays.
func (c *Campaign) dropTemplate(id uuid.UUID, now time.Time, reason string) {
	i := slices.IndexFunc(c.tholds, func(h TemplateHold) bool { return h.Template == id })
	if i < 0 || c.built() != nil {
		return
	}
	c.tholds = slices.Delete(c.tholds, i, i+1)
	n := len(c.templates)
	c.templates = slices.DeleteFunc(c.templates, func(t uuid.UUID) bool { return t == id })
	c.journal.Change(shopkit.SystemActor(), now, "remove_template", "templates "+strconv.Itoa(n),
		"templates "+strconv.Itoa(len(c.templates)), "template "+id.String()+": "+reason, nil)
}

// CheckActive returns CodeCampaignNotActive (ErrNotAllowed) when now is outside
// the campaign's window [From, To].
func (c *Campaign) CheckActive(now time.Time) error {
	if now.Before(c.spec.From) || now.After(c.spec.To) {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeCampaignNotActive,
			"campaign "+strconv.Quote(c.spec.Name)+" runs from "+c.spec.From.Format(time.RFC3339)+" to "+c.spec.To.Format(time.RFC3339))
	}
	return nil
}

// CheckReserve reports, changing nothing, whether Reserve(most, now) would
// succeed: CodeCampaignNotActive outside the window, CodeCampaignBudget
// (ErrConflict) when Reserved + most > Budget (R2.4).
func (c *Campaign) CheckReserve(most shopkit.Money, now time.Time) error {
	if err := c.CheckActive(now); err != nil {
		return err
	}
	if most.IsNegative() {
		return shopkit.Invalid(CodeInvalidCampaign, "max", "must not be negative")
	}
	if !most.IsZero() && most.Currency() != c.spec.Budget.Currency() {
		return shopkit.CurrencyMismatch("the reservation of campaign " + strconv.Quote(c.spec.Name))
	}
	if most.Amount() > c.left().Amount() { // R2.4: exactly the budget fits
		return shopkit.NewError(shopkit.ErrConflict, CodeCampaignBudget,
			"campaign "+strconv.Quote(c.spec.Name)+" has "+c.left().String()+" of its budget left, less than "+most.String())
	}
	return nil
}

// Reserve reserves a coupon's maximum discount for the coupon ref (R2.4),
// recorded as a "reserve" entry (R0.4). The reservation is a hold
// (CampaignHold) until Resume finds ref's coupon stored and confirms it; it
// counts in Reserved and Issued at once. by is the issuer: a party of the
// campaign or the claiming customer (else shopkit.CodeNotParty, see Parties). Issuing
// stops before the budget would be exceeded: when Reserved + most > Budget it
// returns CodeCampaignBudget (ErrConflict) and changes nothing. A reservation
// that fits exactly is allowed. Outside the window it returns
// CodeCampaignNotActive.
func (c *Campaign) Reserve(by shopkit.Actor, ref string, most shopkit.Money, now time.Time) error {
	if err := c.checkCounter(by); err != nil {
		return err
	}
	if slices.ContainsFunc(c.holds, func(h CampaignHold) bool { return h.Coupon == ref }) {
		return nil // a retried issue of the same coupon (CouponService.IssueKeyed)
	}
	if err := c.CheckReserve(most, now); err != nil {
		return err
	}
	if c.issued == math.MaxInt64 {
		return shopkit.NewError(shopkit.ErrOverflow, shopkit.CodeOverflow, "the campaign's issued count overflows int64")
	}
	from := c.Reserved()
	c.reserved += most.Amount()
	c.issued++
	c.holds = append(c.holds, CampaignHold{Coupon: ref, Amount: c.spec.Budget.WithAmount(most.Amount()), At: now})
	c.journal.Change(by, now, "reserve", "reserved "+from.String(), "reserved "+c.Reserved().String(), "coupon "+ref, nil)
	return nil
}

// Unreserve gives back the reservation of the coupon ref, which was not issued
// after all, recorded as an "unreserve" entry with reason (R0.4). by is checked
// as for Reserve (shopkit.CodeNotParty, nothing changed). Only a hold is given
// back (Reserve for ref with the amount most, not yet confirmed): without one
// — given back already, or confirmed because its coupon exists — nothing
// changes and it returns nil, so giving back twice gives back once.
func (c *Campaign) Unreserve(by shopkit.Actor, ref string, most shopkit.Money, now time.Time, reason string) error {
	if err := c.checkCounter(by); err != nil {
		return err
	}
	i := slices.IndexFunc(c.holds, func(h CampaignHold) bool { return h.Coupon == ref && h.Amount.Amount() == most.Amount() })
	if i < 0 {
		return nil
	}
	c.unhold(by, i, now, reason)
	return nil
}

// unhold gives back hold i, recorded as an "unreserve" entry.
func (c *Campaign) unhold(by shopkit.Actor, i int, now time.Time, reason string) {
	h := c.holds[i]
	from := c.Reserved()
	c.reserved = max(c.reserved-h.Amount.Amount(), 0)
	c.issued = max(c.issued-1, 0)
	c.holds = slices.Delete(c.holds, i, i+1)
	c.journal.Change(by, now, "unreserve", "reserved "+from.String(), "reserved "+c.Reserved().String(),
		"coupon "+h.Coupon+": "+reason, nil)
}

// settle is Resume's one write of a campaign (R2.8). It confirms the holds of
// the coupons in stored and gives back, as "unreserve" entries, those of the
// coupons in missing reserved more than grace before now; confirms the held
// templates that templates marks stored and takes out, as "remove_template"
// entries, those it marks not stored, added more than grace before now; and
// marks done the spends whose keys done marks finished by their coupon,
// forgetting those marked done more than grace before now. It reports whether
// anything changed. Confirming, marking and forgetting move no counter and
// record no entry.
func (c *Campaign) settle(stored, missing map[string]bool, templates map[uuid.UUID]bool, done map[string]bool, now time.Time, grace time.Duration) bool {
	if c.built() != nil {
		return false
	}
	changed := false
	for _, h := range slices.Clone(c.tholds) {
		isStored, known := templates[h.Template]
		switch {
		case known && isStored:
			c.tholds = slices.DeleteFunc(c.tholds, func(o TemplateHold) bool { return o.Template == h.Template })
			changed = true
		case known && now.After(h.At.Add(grace)):
			c.dropTemplate(h.Template, now, "not stored within "+grace.String())
			changed = true
		}
	}
	if settleHolds(&c.holds, stored, missing, now, grace, func(i int, reason string) {
		c.unhold(shopkit.SystemActor(), i, now, reason)
	}) {
		changed = true
	}
	for i, sp := range c.spends {
		if done[sp.Key] && sp.Done.IsZero() {
			c.spends[i].Done = now
			changed = true
		}
	}
	n := len(c.spends)
	c.spends = slices.DeleteFunc(c.spends, func(sp CampaignSpend) bool { return !sp.Done.IsZero() && now.After(sp.Done.Add(grace)) })
	return changed || len(c.spends) != n
}

// RecordSpend adds (or, negative, takes back) a discount the campaign's coupon
// gave on the order orderRef, for the campaign's return (R2.7), recorded as a
// "spend" entry (R0.4). by is checked as for Reserve (shopkit.CodeNotParty). A
// discount in another currency
// (shopkit.CodeCurrencyMismatch), a total beyond int64 (shopkit.CodeOverflow) or
// a take-back of more than was spent or a spend beyond the budget
// (CodeInvalidCampaign) is an error and
// changes nothing: money never changes silently.
//
// key makes it idempotent (R2.8): the coupon service passes its step's
// CouponStep.Key. The campaign remembers the key (Spends) until Resume
// settles it; meanwhile RecordSpend with the same key and discount changes
// nothing and returns nil, and with another discount is CodeKeyReused
// (ErrConflict). An empty key is CodeInvalidCampaign.
func (c *Campaign) RecordSpend(by shopkit.Actor, key, orderRef string, discount shopkit.Money, now time.Time) error {
	if err := c.checkCounter(by); err != nil {
		return err
	}
	if key == "" {
		return shopkit.Invalid(CodeInvalidCampaign, "key", "is required")
	}
	if i := slices.IndexFunc(c.spends, func(sp CampaignSpend) bool { return sp.Key == key }); i >= 0 {
		if c.spends[i].Amount.Amount() != discount.Amount() || (!discount.IsZero() && discount.Currency() != c.spec.Budget.Currency()) {
			return shopkit.NewError(shopkit.ErrConflict, CodeKeyReused,
				"spend "+strconv.Quote(key)+" was recorded with "+c.spends[i].Amount.String())
		}
		return nil // recorded already: a step carried out again
	}
	if !discount.IsZero() && discount.Currency() != c.spec.Budget.Currency() {
		return shopkit.CurrencyMismatch("the discount of order " + strconv.Quote(orderRef))
	}
	// discount is in the budget's currency, or zero: count it in the budget's.
	spent, err := c.Spent().Add(c.spec.Budget.WithAmount(discount.Amount()))
	if err != nil {
		return err // ErrOverflow
	}
	if spent.IsNegative() {
		return shopkit.Invalid(CodeInvalidCampaign, "discount", "takes back more than the campaign spent")
	}
	if spent.Amount() > c.spec.Budget.Amount() {
		// Each discount is at most the maximum its coupon reserved (R2.4).
		return shopkit.Invalid(CodeInvalidCampaign, "discount", "spends more than the budget "+c.spec.Budget.String())
	}
	from := c.Spent()
	c.spent = spent.Amount()
	c.spends = append(c.spends, CampaignSpend{Key: key, Amount: c.spec.Budget.WithAmount(discount.Amount()), At: now})
	c.journal.Change(by, now, "spend", "spent "+from.String(), "spent "+c.Spent().String(), "order "+orderRef+" ("+key+")", nil)
	return nil
}

// CheckCampaignGap returns CodeCampaignGap (ErrNotAllowed) when c's window
// overlaps one of the shop's other campaigns or starts (or ends) less than minGap
// from it (R2.4): a gap of exactly minGap is allowed. others may include c
// itself and campaigns of other shops; both are ignored.
func CheckCampaignGap(c *Campaign, others []*Campaign, minGap time.Duration) error {
	for _, o := range others {
		if o.id == c.id || o.spec.ShopID != c.spec.ShopID {
			continue
		}
		// Apart enough when one ends at least minGap before the other starts.
		if !o.spec.To.Add(minGap).After(c.spec.From) || !c.spec.To.Add(minGap).After(o.spec.From) {
			continue
		}
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeCampaignGap,
			"campaign "+strconv.Quote(c.spec.Name)+" is less than "+minGap.String()+" from campaign "+strconv.Quote(o.spec.Name))
	}
	return nil
}

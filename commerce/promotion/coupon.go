package promotion

import (
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Coupon is a coupon issued to one customer from a CouponTemplate (R2.4): issued,
// then used once by an order, or expired when its validity window ends. Fields are
// unexported; change it only through its actions, each checked against the
// coupon workflow (CouponWorkflow) and recorded in its audit trail (R0.4).
//
// A use of a campaign coupon, and every release, also records the follow-up it
// asks of the campaign and the customer's quota (Steps, R2.8), in the same
// write; CouponService carries the steps out and marks them done.
type Coupon struct {
	id         uuid.UUID
	templateID uuid.UUID
	campaignID uuid.UUID
	shopID     uuid.UUID // the owner shop of a shop coupon; uuid.Nil for a platform coupon
	customerID string
	name       string
	issuer     CouponIssuer
	validFrom  time.Time
	validTo    time.Time
	state      CouponState
	issuedAt   time.Time
	usedAt     time.Time
	orderRef   string
	together   int    // how many coupons its order redeemed with it, itself included (Redeem's replay check)
	redeemKey  string // while used through Redeem: the digest of that request (Redeem's replay check)
	quotaRef   string // while used through Redeem: the ref its quota counts the use under
	discount   shopkit.Money
	steps      []CouponStep // follow-ups not yet done, oldest first
	version    string       // the name of the CouponPolicy version it was issued under; "" for a plain policy
	journal    shopkit.Journal
}

// CouponSnapshot is every field of a Coupon, for host stores. It keeps the
// customer ID in full, for it is what the store persists; its String and
// GoString mask it (R0.5: hosts often key a customer by phone number).
type CouponSnapshot struct {
	ID            uuid.UUID     `json:"id"`                  // identity
	TemplateID    uuid.UUID     `json:"template_id"`         // the template
	CampaignID    uuid.UUID     `json:"campaign_id"`         // the campaign, or uuid.Nil
	ShopID        uuid.UUID     `json:"shop_id"`             // the shop of a shop coupon; uuid.Nil for a platform coupon
	CustomerID    string        `json:"customer_id"`         // the holder
	Name          string        `json:"name"`                // the template's name
	Issuer        CouponIssuer  `json:"issuer"`              // platform or shop
	ValidFrom     time.Time     `json:"valid_from,omitzero"` // the validity window, both inclusive
	ValidTo       time.Time     `json:"valid_to,omitzero"`
	State         CouponState   `json:"state"`                    // issued, used or expired
	IssuedAt      time.Time     `json:"issued_at,omitzero"`       // when issued
	UsedAt        time.Time     `json:"used_at,omitzero"`         // when used (zero unless used)
	OrderRef      string        `json:"order_ref"`                // the order that used it
	OrderCoupons  int           `json:"order_coupons"`            // while used: how many coupons its order redeemed together, itself included
	RedeemKey     string        `json:"redeem_key"`               // while used through Redeem: the digest of the request (its coupons and discounts)
	QuotaRef      string        `json:"quota_ref"`                // while used through Redeem: the ref the customer's quota counts the use under
	Discount      shopkit.Money `json:"discount"`                 // what the coupon took off its order, while used
	Steps         []CouponStep  `json:"steps"`                    // follow-ups for the campaign and the quota not yet done, oldest first
	PolicyVersion string        `json:"policy_version,omitempty"` // Coupon.PolicyVersion; "" for a plain policy and in snapshots from before versions
	Seq           int           `json:"seq"`                      // the length of the coupon's audit trail in the store (R0.4): the next entry is Seq + 1
}

// IssueCoupon issues a coupon of t to customerID at now, by by, recorded as an
// "issue" entry (R0.4). by must be a party of the coupon it issues
// (Coupon.Parties): the customer claiming it for themselves, the template's
// shop (a merchant whose ID is the shop's, or its staff), an operator for that
// shop (for a platform coupon: of the whole platform), or the system; anyone
// else, and an actor without an ID, is shopkit.CodeNotParty. It checks only the coupon
// itself (a customer, a window not yet over); the per-customer limits and the
// campaign budget are checked by CouponQuota and Campaign, which CouponService
// updates in the same call.
func IssueCoupon(by shopkit.Actor, t *CouponTemplate, customerID string, now time.Time) (*Coupon, error) {
	return issueCoupon(by, t, customerID, uuid.New(), now)
}

// issueCoupon is IssueCoupon for the coupon ID id.
func issueCoupon(by shopkit.Actor, t *CouponTemplate, customerID string, id uuid.UUID, now time.Time) (*Coupon, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	if err := couponParties(t, customerID).Check(by); err != nil {
		return nil, err
	}
	if customerID == "" {
		return nil, shopkit.Invalid(CodeInvalidCoupon, "customer_id", "is required")
	}
	if now.After(t.spec.ValidTo) {
		return nil, errCouponExpired(t.spec.Name, t.spec.ValidTo)
	}
	c := &Coupon{id: id, templateID: t.id, campaignID: t.spec.CampaignID, shopID: t.spec.owner(), customerID: customerID,
		name: t.spec.Name, issuer: t.spec.Issuer, validFrom: t.spec.ValidFrom, validTo: t.spec.ValidTo,
		state: CouponIssued, issuedAt: now, journal: shopkit.NewJournal(id.String())}
	c.journal.Change(by, now, "issue", "", string(CouponIssued), "issued to the customer", nil)
	return c, nil
}

// RestoreCoupon rebuilds a coupon from a snapshot without re-running rules;
// it holds no history, its next entry is Seq + 1, and on error nothing is
// built. A snapshot without ID, template, customer or issue time, a shop
// coupon without its shop or a platform coupon with one, a window ending
// before it starts, a used coupon without its order, use time or order's
// coupon count, a coupon not used with any of them (or a redeem key, quota ref
// or discount), a negative discount, a step that is not one of its entries (a
// kind other than spend or give back, no order or time, a negative discount, a
// Seq outside 1..Seq, a spend without campaign, a step twice), or a negative
// Seq, is CodeInvalidSnapshot; a state that is not one of the coupon
// workflow's is CodeUnknownState, an unknown issuer CodeUnknownIssuer.
func RestoreCoupon(s CouponSnapshot) (*Coupon, error) {
	if err := couponStates.Check(s.State); err != nil {
		return nil, err
	}
	if err := couponIssuers.Check(s.Issuer); err != nil {
		return nil, err
	}
	var ps []shopkit.FieldProblem
	missing := func(field string, bad bool) {
		if bad {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "is required"})
		}
	}
	missing("id", s.ID == uuid.Nil)
	missing("template_id", s.TemplateID == uuid.Nil)
	missing("customer_id", s.CustomerID == "")
	missing("issued_at", s.IssuedAt.IsZero())
	missing("shop_id", s.Issuer == IssuerShop && s.ShopID == uuid.Nil)
	if s.Issuer == IssuerPlatform && s.ShopID != uuid.Nil {
		ps = append(ps, shopkit.FieldProblem{Field: "shop_id", Problem: "must be empty for a platform coupon"})
	}
	used := s.State == CouponUsed
	missing("order_ref", used && s.OrderRef == "")
	missing("used_at", used && s.UsedAt.IsZero())
	if used && s.OrderCoupons < 1 {
		ps = append(ps, shopkit.FieldProblem{Field: "order_coupons", Problem: "must be at least 1 for a used coupon"})
	}
	for _, f := range []struct {
		field string
		set   bool
	}{{"order_ref", s.OrderRef != ""}, {"used_at", !s.UsedAt.IsZero()}, {"order_coupons", s.OrderCoupons != 0},
		{"redeem_key", s.RedeemKey != ""}, {"quota_ref", s.QuotaRef != ""}} {
		if !used && f.set {
			ps = append(ps, shopkit.FieldProblem{Field: f.field, Problem: "must be empty unless the coupon is used"})
		}
	}
	switch {
	case s.Discount.IsNegative():
		ps = append(ps, shopkit.FieldProblem{Field: "discount", Problem: "must not be negative"})
	case s.State != CouponUsed && !s.Discount.IsZero():
		ps = append(ps, shopkit.FieldProblem{Field: "discount", Problem: "must be zero unless the coupon is used"})
	}
	if s.ValidTo.Before(s.ValidFrom) {
		ps = append(ps, shopkit.FieldProblem{Field: "valid_to", Problem: "must not be before valid_from"})
	}
	if s.Seq < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "seq", Problem: "must not be negative"})
	}
	if p := couponStepsProblem(s); p != "" {
		ps = append(ps, shopkit.FieldProblem{Field: "steps", Problem: p})
	}
	if err := shopkit.Incomplete(CodeInvalidSnapshot, ps); err != nil {
		return nil, err
	}
	return &Coupon{id: s.ID, templateID: s.TemplateID, campaignID: s.CampaignID, shopID: s.ShopID, customerID: s.CustomerID,
		name: s.Name, issuer: s.Issuer, validFrom: s.ValidFrom, validTo: s.ValidTo, state: s.State,
		issuedAt: s.IssuedAt, usedAt: s.UsedAt, orderRef: s.OrderRef, together: s.OrderCoupons, redeemKey: s.RedeemKey,
		quotaRef: s.QuotaRef, discount: s.Discount, steps: slices.Clone(s.Steps),
		version: s.PolicyVersion, journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}, nil
}

// couponStepsProblem describes what is wrong with a snapshot's steps, or "".
func couponStepsProblem(s CouponSnapshot) string {
	for i, st := range s.Steps {
		switch {
		case !couponStepKinds.Valid(st.Kind):
			return "every step is spend or give_back"
		case st.OrderRef == "" || st.At.IsZero():
			return "every step needs its order and time"
		case st.Discount.IsNegative():
			return "a step's discount must not be negative"
		case st.Seq < 1 || st.Seq > s.Seq:
			return "a step's seq must be one of the coupon's entries, 1.." + strconv.Itoa(s.Seq)
		case st.Kind == StepSpend && s.CampaignID == uuid.Nil:
			return "a spend step needs the coupon's campaign"
		case slices.ContainsFunc(s.Steps[:i], func(o CouponStep) bool { return o.Key(s.ID) == st.Key(s.ID) }):
			return "must not repeat a step"
		}
	}
	return ""
}

// String describes the snapshot with the customer masked (R0.5).
func (s CouponSnapshot) String() string {
	return "CouponSnapshot{" + s.ID.String() + " " + strconv.Quote(s.Name) + " " + string(s.State) +
		" customer " + shopkit.MaskPhone(s.CustomerID) + "}"
}

// GoString is String, so %#v masks the customer too (R0.5).
func (s CouponSnapshot) GoString() string { return s.String() }

// Snapshot returns every field, for host stores; it keeps the customer ID in
// full (CouponSnapshot). Seq counts the unsaved entries too: it is the trail's
// length once the store has appended them.
func (c *Coupon) Snapshot() CouponSnapshot {
	return CouponSnapshot{ID: c.id, TemplateID: c.templateID, CampaignID: c.campaignID, ShopID: c.shopID, CustomerID: c.customerID,
		Name: c.name, Issuer: c.issuer, ValidFrom: c.validFrom, ValidTo: c.validTo, State: c.state,
		IssuedAt: c.issuedAt, UsedAt: c.usedAt, OrderRef: c.orderRef, OrderCoupons: c.together, RedeemKey: c.redeemKey,
		QuotaRef: c.quotaRef, Discount: c.discount, Steps: slices.Clone(c.steps), PolicyVersion: c.version, Seq: c.journal.Seq()}
}

// ID is the coupon's identity.
func (c *Coupon) ID() uuid.UUID { return c.id }

// TemplateID is the template the coupon was issued from.
func (c *Coupon) TemplateID() uuid.UUID { return c.templateID }

// CampaignID is the campaign of the coupon's template, or uuid.Nil.
func (c *Coupon) CampaignID() uuid.UUID { return c.campaignID }

// CustomerID is the customer the coupon was issued to.
func (c *Coupon) CustomerID() string { return c.customerID }

// ShopID is the shop of a shop coupon, or uuid.Nil for a platform coupon.
func (c *Coupon) ShopID() uuid.UUID { return c.shopID }

// Parties are who the coupon belongs to (R0.4): its customer and, for a shop
// coupon, its shop. A platform coupon belongs to no shop (uuid.Nil): the
// platform pays for it, so of the operators only those of the whole platform
// (no Actor.Shops) are its parties, never an operator scoped to shops. Use and
// Release check their actor against them: a buyer must be the customer, and an
// actor with an empty ID is never a party; the system always is.
func (c *Coupon) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: c.customerID, Shop: c.shopID}
}

// couponParties are the parties of a coupon of t issued to customerID.
func couponParties(t *CouponTemplate, customerID string) shopkit.Parties {
	return shopkit.Parties{Buyer: customerID, Shop: t.spec.owner()}
}

// Issuer is the coupon's issuer.
func (c *Coupon) Issuer() CouponIssuer { return c.issuer }

// State is the coupon's state.
func (c *Coupon) State() CouponState { return c.state }

// IssuedAt is when the coupon was issued.
func (c *Coupon) IssuedAt() time.Time { return c.issuedAt }

// PolicyVersion returns the name of the CouponPolicy version in force when the
// coupon was issued (CouponServiceConfig.Policies), "" for one issued under a
// plain policy or by IssueCoupon (R0.3).
func (c *Coupon) PolicyVersion() string { return c.version }

// OrderRef is the order that used the coupon ("" unless used).
func (c *Coupon) OrderRef() string { return c.orderRef }

// Discount is what the coupon took off its order (AppliedCoupon.Discount), while
// used; zero otherwise.
func (c *Coupon) Discount() shopkit.Money { return c.discount }

// UsedAt is when the coupon was used (zero unless used).
func (c *Coupon) UsedAt() time.Time { return c.usedAt }

// Steps lists the follow-ups of the coupon's actions that are not done yet
// (R2.8), oldest first: empty once CouponService has carried them out.
func (c *Coupon) Steps() []CouponStep { return slices.Clone(c.steps) }

// PendingSince is when the coupon's oldest pending step was recorded, and
// whether it has one: what CouponStore.Pending orders by (a host store
// indexes it).
func (c *Coupon) PendingSince() (time.Time, bool) {
	if len(c.steps) == 0 {
		return time.Time{}, false
	}
	oldest := c.steps[0].At
	for _, s := range c.steps[1:] {
		if s.At.Before(oldest) {
			oldest = s.At
		}
	}
	return oldest, true
}

// step records a follow-up of the entry just added.
func (c *Coupon) step(kind CouponStepKind, orderRef string, discount shopkit.Money, quotaRef string, now time.Time) {
	c.steps = append(c.steps, CouponStep{Kind: kind, OrderRef: orderRef, Discount: discount, QuotaRef: quotaRef,
		Seq: c.journal.Seq(), At: now})
}

// markDone removes the steps whose keys are in done: the service carried them
// out. It records no entry: the campaign's and the quota's trails record what
// the steps did.
func (c *Coupon) markDone(done map[string]bool) {
	c.steps = slices.DeleteFunc(c.steps, func(s CouponStep) bool { return done[s.Key(c.id)] })
}

// Deadline is when an issued coupon expires: 1 ns after ValidTo, since using it
// exactly at ValidTo is still in time.
func (c *Coupon) Deadline() (time.Time, bool) {
	if c.state != CouponIssued {
		return time.Time{}, false
	}
	return c.validTo.Add(time.Nanosecond), true
}

// AllowedActions lists the actions by may take now, in table order: the
// buttons a frontend shows that actor. It is empty when by is not a party of
// the coupon (Parties): another customer sees no Release on your coupon.
func (c *Coupon) AllowedActions(by shopkit.Actor) []CouponAction {
	return couponFSM.AllowedFor(c.state, by, c.Parties())
}

// built returns shopkit.NotBuilt for a coupon that IssueCoupon or
// RestoreCoupon did not build (a zero Coupon): every action checks it first.
func (c *Coupon) built() error {
	if c.id == uuid.Nil {
		return shopkit.NotBuilt("promotion.Coupon")
	}
	return nil
}

// History returns the audit entries the coupon holds, oldest first: all of
// them for a coupon issued in memory, only those added since it was loaded for
// one loaded from a store, whose trail (CouponStore.Trail) holds the rest.
func (c *Coupon) History() []shopkit.Entry { return c.journal.History() }

// Unsaved returns the entries added since the coupon was loaded.
func (c *Coupon) Unsaved() []shopkit.Entry { return c.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (c *Coupon) MarkSaved() { c.journal.MarkSaved() }

// Clone returns a deep copy.
func (c *Coupon) Clone() *Coupon {
	d := *c
	d.steps = slices.Clone(c.steps)
	d.journal = c.journal.Clone()
	return &d
}

// String describes the coupon without personal data: the customer ID is not shown
// (R0.5).
func (c *Coupon) String() string {
	return "coupon " + c.id.String() + " " + strconv.Quote(c.name) + " " + string(c.state)
}

// GoString is String, so %#v does not print the customer either (R0.5).
func (c *Coupon) GoString() string { return c.String() }

// checkUsable reports why the coupon cannot be used by an order at now: used
// already (CodeCouponUsed, ErrConflict), expired, or not valid yet (R2.4).
func (c *Coupon) checkUsable(now time.Time) error {
	switch c.state {
	case CouponUsed:
		return shopkit.NewError(shopkit.ErrConflict, CodeCouponUsed,
			"coupon "+c.id.String()+" is already used by order "+strconv.Quote(c.orderRef))
	case CouponExpired:
		return errCouponExpired(c.name, c.validTo)
	}
	return checkWindow(c.name, c.validFrom, c.validTo, now)
}

// Use marks the coupon used by the order orderRef (R2.4): once, inside its
// validity window, by its own customer (or the system). discount is what Price
// took off the order for it. Errors, nothing changed: shopkit.CodeNotParty when by is
// not a party of the coupon (another customer, an actor without an ID; checked
// first, so a stranger learns nothing of the coupon), CodeCouponUsed when
// already used, CodeCouponExpired / CodeCouponNotValidYet outside the window,
// CodeWrongRole for a party that may not use it (its shop), shopkit.NotBuilt
// for a zero Coupon. The party check runs first, as in Table.Authorize, then
// the coupon's own rules, then the workflow row.
//
// A campaign coupon's use records its spend as a step (StepSpend, R2.8) for
// CouponService to carry out on the campaign.
func (c *Coupon) Use(by shopkit.Actor, orderRef string, discount shopkit.Money, now time.Time) error {
	return c.use(by, orderRef, discount, 1, "", "", now)
}

// use is Use for a Redeem of together coupons at once, whose request digest is
// redeemKey and whose quota counts the use under quotaRef.
func (c *Coupon) use(by shopkit.Actor, orderRef string, discount shopkit.Money, together int, redeemKey, quotaRef string, now time.Time) error {
	if err := c.built(); err != nil {
		return err
	}
	if err := c.Parties().Check(by); err != nil {
		return err
	}
	if err := c.checkUsable(now); err != nil {
		return err
	}
	if orderRef == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "order_ref", "is required")
	}
	if discount.IsNegative() {
		return shopkit.Invalid(CodeInvalidCoupon, "discount", "must not be negative")
	}
	to, err := couponFSM.Check(c.state, CouponActionUse, by.Role)
	if err != nil {
		return err
	}
	from := c.state
	c.state, c.usedAt, c.orderRef, c.together, c.discount = to, now, orderRef, together, discount
	c.redeemKey, c.quotaRef = redeemKey, quotaRef
	c.journal.Change(by, now, string(CouponActionUse), string(from), string(to), "used by order "+orderRef, nil)
	if c.campaignID != uuid.Nil {
		c.step(StepSpend, orderRef, discount, "", now)
	}
	return nil
}

// Release returns a used coupon to issued when its order is cancelled before
// payment. Only a party of the coupon releases it (R0.4): its own customer,
// an operator for its shop (a platform coupon: of the whole platform), or the
// system; another customer, another shop's operator or an actor without an ID
// is shopkit.CodeNotParty, checked before the state, and nothing changes; the
// coupon's own shop is a party but no merchant releases (CodeWrongRole). If its
// window has ended meanwhile, the next sweep expires it.
//
// The release records its give-back as a step (StepGiveBack, R2.8) for
// CouponService to carry out: the discount off the campaign's spend and the use
// off the customer's quota.
func (c *Coupon) Release(by shopkit.Actor, now time.Time, reason string) error {
	if err := c.built(); err != nil {
		return err
	}
	to, err := couponFSM.Authorize(c.state, CouponActionRelease, by, c.Parties())
	if err != nil {
		return err
	}
	from, ref, discount, quotaRef := c.state, c.orderRef, c.discount, c.quotaRef
	c.state, c.usedAt, c.orderRef, c.together, c.discount = to, time.Time{}, "", 0, shopkit.Money{}
	c.redeemKey, c.quotaRef = "", ""
	c.journal.Change(by, now, string(CouponActionRelease), string(from), string(to), reason+" (order "+ref+")", nil)
	if c.campaignID != uuid.Nil || quotaRef != "" {
		c.step(StepGiveBack, ref, discount, quotaRef, now)
	}
	return nil
}

// ApplyDue expires an issued coupon whose window has ended (shopkit.Expirable),
// stamped at its deadline (ValidTo + 1 ns).
func (c *Coupon) ApplyDue(now time.Time) error {
	if err := c.built(); err != nil {
		return err
	}
	deadline, ok := c.Deadline()
	if !ok || now.Before(deadline) {
		return shopkit.NotDue(c.id)
	}
	to, err := couponFSM.Check(c.state, CouponActionExpire, shopkit.System)
	if err != nil {
		return err
	}
	from := c.state
	c.state = to
	c.journal.Change(shopkit.SystemActor(), deadline, string(CouponActionExpire), string(from), string(to), "validity window ended", nil)
	return nil
}

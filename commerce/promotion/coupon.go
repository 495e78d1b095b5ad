package promotion

import (
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Coupon is a coupon issued to one customer from a CouponTemplate (R2.4): issued,
// then used once by an order, or expired when its validity window ends. Fields are
// unexported; change it only through its actions, each checked against the
// coupon workflow (CouponWorkflow) and recorded in its audit trail (R0.4).
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
	discount   shopkit.Money
	journal    shopkit.Journal
}

// CouponSnapshot is every field of a Coupon, for host stores.
type CouponSnapshot struct {
	ID, TemplateID, CampaignID uuid.UUID       // identity, template, campaign (or uuid.Nil)
	CustomerID, Name           string          // the holder; the template's name
	Issuer                     CouponIssuer    // platform or shop
	ValidFrom, ValidTo         time.Time       // the validity window, both inclusive
	State                      CouponState     // issued, used or expired
	IssuedAt, UsedAt           time.Time       // when issued; when used (zero unless used)
	OrderRef                   string          // the order that used it
	Discount                   shopkit.Money   // what the coupon took off its order, while used
	History                    []shopkit.Entry // the audit trail (R0.4), oldest first
}

// IssueCoupon issues a coupon of t to customerID at now, by by (the platform,
// the merchant, the system, or the customer claiming it), recorded as an "issue"
// entry (R0.4). It checks only the coupon itself (a customer, a window not yet
// over); the per-customer limits and the campaign budget are checked by
// CouponQuota and Campaign, which CouponService updates in the same call.
func IssueCoupon(by shopkit.Actor, t *CouponTemplate, customerID string, now time.Time) (*Coupon, error) {
	if customerID == "" {
		return nil, shopkit.Invalid(CodeInvalidCoupon, "customer_id", "is required")
	}
	if now.After(t.spec.ValidTo) {
		return nil, errCouponExpired(t.spec.Name, t.spec.ValidTo)
	}
	id := uuid.New()
	c := &Coupon{id: id, templateID: t.id, campaignID: t.spec.CampaignID, customerID: customerID,
		name: t.spec.Name, issuer: t.spec.Issuer, validFrom: t.spec.ValidFrom, validTo: t.spec.ValidTo,
		state: CouponIssued, issuedAt: now, journal: shopkit.NewJournal(id.String())}
	c.journal.Change(by, now, "issue", "", string(CouponIssued), "issued to the customer", nil)
	return c, nil
}

// RestoreCoupon rebuilds a coupon from a snapshot without re-running rules. A
// snapshot without ID, template or customer, or a used coupon without its
// order, is CodeInvalidSnapshot; an unknown state or issuer is CodeUnknownState
// or CodeUnknownIssuer.
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
	missing("order_ref", s.State == CouponUsed && s.OrderRef == "")
	if err := shopkit.Incomplete(CodeInvalidSnapshot, ps); err != nil {
		return nil, err
	}
	return &Coupon{id: s.ID, templateID: s.TemplateID, campaignID: s.CampaignID, customerID: s.CustomerID,
		name: s.Name, issuer: s.Issuer, validFrom: s.ValidFrom, validTo: s.ValidTo, state: s.State,
		issuedAt: s.IssuedAt, usedAt: s.UsedAt, orderRef: s.OrderRef, discount: s.Discount,
		journal: shopkit.RestoreJournal(s.ID.String(), s.History)}, nil
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

// IssuedAt is when the coupon was issued.
func (c *Coupon) IssuedAt() time.Time { return c.issuedAt }

// OrderRef is the order that used the coupon ("" unless used).
func (c *Coupon) OrderRef() string { return c.orderRef }

// Discount is what the coupon took off its order (AppliedCoupon.Discount), while
// used; zero otherwise.
func (c *Coupon) Discount() shopkit.Money { return c.discount }

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
func (c *Coupon) History() []shopkit.Entry { return c.journal.History() }

// Unsaved returns the entries added since the coupon was loaded.
func (c *Coupon) Unsaved() []shopkit.Entry { return c.journal.Unsaved() }

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

// checkOwner rejects a buyer using another customer's coupon.
func (c *Coupon) checkOwner(by shopkit.Actor) error {
	if by.Role == shopkit.Buyer && by.ID != c.customerID {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeCouponNotOwner, "coupon "+c.id.String()+" belongs to another customer")
	}
	return nil
}

// Use marks the coupon used by the order orderRef (R2.4): once, inside its
// validity window, by its own customer. discount is what Price took off the order
// for it. Errors, nothing changed: CodeCouponUsed when already used,
// CodeCouponExpired / CodeCouponNotValidYet outside the window,
// CodeCouponNotOwner when a buyer uses another customer's coupon.
func (c *Coupon) Use(by shopkit.Actor, orderRef string, discount shopkit.Money, now time.Time) error {
	if err := c.checkUsable(now); err != nil {
		return err
	}
	if orderRef == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "order_ref", "is required")
	}
	if discount.IsNegative() {
		return shopkit.Invalid(CodeInvalidCoupon, "discount", "must not be negative")
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
func (c *Coupon) Release(by shopkit.Actor, now time.Time, reason string) error {
	to, err := couponFSM.Check(c.state, CouponActionRelease, by.Role)
	if err != nil {
		return err
	}
	from, ref := c.state, c.orderRef
	c.state, c.usedAt, c.orderRef, c.discount = to, time.Time{}, "", shopkit.Money{}
	c.journal.Change(by, now, string(CouponActionRelease), string(from), string(to), reason+" (order "+ref+")", nil)
	return nil
}

// ApplyDue expires an issued coupon whose window has ended (shopkit.Expirable),
// stamped at its deadline (ValidTo + 1 ns).
func (c *Coupon) ApplyDue(now time.Time) error {
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

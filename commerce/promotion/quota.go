package promotion

import (
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

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
	journal    shopkit.Journal
}

// CouponQuotaSnapshot is every field of a CouponQuota, for host stores. It
// keeps the customer ID in full, for the store; its String and GoString mask it
// (R0.5).
type CouponQuotaSnapshot struct {
	ID, TemplateID uuid.UUID // QuotaID(template, customer); the template
	CustomerID     string    // the customer
	Issued, Used   int       // coupons issued to and used by the customer
	Seq            int       // the length of the quota's audit trail in the store (R0.4): the next entry is Seq + 1
}

// QuotaID is the ID of the customer's quota for a template: a name-based UUID.
func QuotaID(templateID uuid.UUID, customerID string) uuid.UUID {
	return uuid.NewSHA1(templateID, []byte(customerID))
}

// NewCouponQuota returns an empty quota for the customer and template. It has
// no history: nothing has happened yet.
func NewCouponQuota(templateID uuid.UUID, customerID string) *CouponQuota {
	id := QuotaID(templateID, customerID)
	return &CouponQuota{id: id, templateID: templateID, customerID: customerID, journal: shopkit.NewJournal(id.String())}
}

// RestoreCouponQuota rebuilds a quota from a snapshot; it holds no history, and
// its next entry is Seq + 1. A snapshot whose ID is not QuotaID(TemplateID,
// CustomerID), without a template or customer, with a negative count or Seq,
// or with more coupons used than issued (every use is of an issued coupon), is
// CodeInvalidSnapshot.
func RestoreCouponQuota(s CouponQuotaSnapshot) (*CouponQuota, error) {
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if s.TemplateID == uuid.Nil {
		bad("template_id", "is required")
	}
	if s.CustomerID == "" {
		bad("customer_id", "is required")
	}
	if s.ID != QuotaID(s.TemplateID, s.CustomerID) {
		bad("id", "must be QuotaID(template_id, customer_id)")
	}
	if s.Issued < 0 {
		bad("issued", "must not be negative")
	}
	if s.Used < 0 {
		bad("used", "must not be negative")
	} else if s.Used > s.Issued {
		bad("used", "must not exceed issued")
	}
	if s.Seq < 0 {
		bad("seq", "must not be negative")
	}
	if err := shopkit.Incomplete(CodeInvalidSnapshot, ps); err != nil {
		return nil, err
	}
	return &CouponQuota{id: s.ID, templateID: s.TemplateID, customerID: s.CustomerID, issued: s.Issued, used: s.Used,
		journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}, nil
}

// String describes the snapshot with the customer masked (R0.5).
func (s CouponQuotaSnapshot) String() string {
	return "CouponQuotaSnapshot{" + s.ID.String() + " template " + s.TemplateID.String() + " customer " +
		shopkit.MaskPhone(s.CustomerID) + " issued " + strconv.Itoa(s.Issued) + " used " + strconv.Itoa(s.Used) + "}"
}

// GoString is String, so %#v masks the customer too (R0.5).
func (s CouponQuotaSnapshot) GoString() string { return s.String() }

// String describes the quota with the customer masked (R0.5).
func (q *CouponQuota) String() string {
	return "coupon quota " + q.id.String() + " template " + q.templateID.String() + " customer " +
		shopkit.MaskPhone(q.customerID) + " issued " + strconv.Itoa(q.issued) + " used " + strconv.Itoa(q.used)
}

// GoString is String, so %#v masks the customer too (R0.5).
func (q *CouponQuota) GoString() string { return q.String() }

// Snapshot returns every field; it keeps the customer ID in full
// (CouponQuotaSnapshot). Seq counts the unsaved entries too.
func (q *CouponQuota) Snapshot() CouponQuotaSnapshot {
	return CouponQuotaSnapshot{ID: q.id, TemplateID: q.templateID, CustomerID: q.customerID, Issued: q.issued, Used: q.used,
		Seq: q.journal.Seq()}
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

// History returns the audit entries the quota holds, oldest first (R0.4): all
// of them for a quota built in memory, only those added since it was loaded for
// one loaded from a store, whose trail (CouponQuotaStore.Trail) holds the rest.
func (q *CouponQuota) History() []shopkit.Entry { return q.journal.History() }

// Unsaved returns the entries added since the quota was created or loaded: what
// the store's Update persists with it.
func (q *CouponQuota) Unsaved() []shopkit.Entry { return q.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (q *CouponQuota) MarkSaved() { q.journal.MarkSaved() }

// check checks that t is the quota's template and by a party of the
// customer's coupons of t (R0.4): the customer, the template's shop or an
// operator for it, or the system (else shopkit.CodeNotParty).
func (q *CouponQuota) check(by shopkit.Actor, t *CouponTemplate) error {
	if err := q.checkTemplate(t); err != nil {
		return err
	}
	return couponParties(t, q.customerID).Check(by)
}

// checkTemplate rejects a zero quota (shopkit.NotBuilt: NewCouponQuota and
// RestoreCouponQuota build every quota), a nil or zero template, and another
// template than the quota's.
func (q *CouponQuota) checkTemplate(t *CouponTemplate) error {
	if q.id == uuid.Nil {
		return shopkit.NotBuilt("promotion.CouponQuota")
	}
	if err := t.usable(); err != nil {
		return err
	}
	if t.id != q.templateID {
		return shopkit.Invalid(CodeInvalidCoupon, "template", "is not the quota's template")
	}
	return nil
}

// CheckIssue reports, changing nothing, whether Issue would succeed:
// CodeCouponIssueLimit (ErrConflict) when the customer already has t's
// IssueLimit (R2.4).
func (q *CouponQuota) CheckIssue(t *CouponTemplate) error {
	if err := q.checkTemplate(t); err != nil {
		return err
	}
	if q.issued >= t.spec.IssueLimit {
		return shopkit.NewError(shopkit.ErrConflict, CodeCouponIssueLimit,
			"the customer already has "+strconv.Itoa(q.issued)+" coupon(s) of "+strconv.Quote(t.spec.Name))
	}
	return nil
}

// CheckUse reports, changing nothing, whether Use would succeed:
// CodeCouponUseLimit (ErrConflict) when the customer has used t's UseLimit
// already (R2.4).
func (q *CouponQuota) CheckUse(t *CouponTemplate) error {
	if err := q.checkTemplate(t); err != nil {
		return err
	}
	return q.checkUse(t, 0)
}

// checkUse is CheckUse after pending more uses not yet counted (the earlier
// coupons of the same template in one order).
func (q *CouponQuota) checkUse(t *CouponTemplate, pending int) error {
	if q.used+pending >= t.spec.UseLimit {
		return shopkit.NewError(shopkit.ErrConflict, CodeCouponUseLimit,
			"the customer has used "+strconv.Itoa(q.used+pending)+" coupon(s) of "+strconv.Quote(t.spec.Name))
	}
	return nil
}

// Issue counts the issued coupon ref, recorded as an "issue" entry (R0.4), or
// fails and changes nothing: shopkit.CodeNotParty when by is not a party of the
// customer's coupons of t (the customer, the template's shop or an operator for
// it, the system), CodeCouponIssueLimit at the limit (R2.4).
func (q *CouponQuota) Issue(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	if err := q.CheckIssue(t); err != nil {
		return err
	}
	q.issued++
	q.journal.Change(by, now, "issue", "issued "+strconv.Itoa(q.issued-1), "issued "+strconv.Itoa(q.issued), "coupon "+ref, nil)
	return nil
}

// Use counts the coupon ref used by an order, recorded as a "use" entry (R0.4),
// or fails and changes nothing: shopkit.CodeNotParty as for Issue, CodeCouponUseLimit
// at the limit (R2.4).
func (q *CouponQuota) Use(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	if err := q.CheckUse(t); err != nil {
		return err
	}
	q.used++
	q.journal.Change(by, now, "use", "used "+strconv.Itoa(q.used-1), "used "+strconv.Itoa(q.used), "coupon "+ref, nil)
	return nil
}

// Unissue takes back the count of Issue for the coupon ref of t, which was not
// created after all, recorded as an "unissue" entry with reason (R0.4). by is
// checked as for Issue (shopkit.CodeNotParty, nothing changed). It never goes below
// zero.
func (q *CouponQuota) Unissue(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time, reason string) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	from := q.issued
	q.issued = max(q.issued-1, 0)
	q.journal.Change(by, now, "unissue", "issued "+strconv.Itoa(from), "issued "+strconv.Itoa(q.issued), "coupon "+ref+": "+reason, nil)
	return nil
}

// Unuse takes back the count of Use for the coupon ref of t (its order was
// cancelled, or using the coupon itself failed), recorded as an "unuse" entry
// with reason (R0.4). by is checked as for Issue (shopkit.CodeNotParty, nothing
// changed). It never goes below zero.
func (q *CouponQuota) Unuse(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time, reason string) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	from := q.used
	q.used = max(q.used-1, 0)
	q.journal.Change(by, now, "unuse", "used "+strconv.Itoa(from), "used "+strconv.Itoa(q.used), "coupon "+ref+": "+reason, nil)
	return nil
}

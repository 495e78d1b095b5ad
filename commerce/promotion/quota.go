package promotion

import (
	"slices"
	"strconv"
	"strings"
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
//
// Counting is idempotent by ref, so a step carried out twice counts once
// (R2.8): an issue is a hold (Holds) for the coupon ref until Resume finds the
// coupon stored and confirms it, or gives it back when no coupon was stored
// within CouponPolicy.Grace; a use is counted under its ref (UsedBy) until the
// release of that use takes it back.
type CouponQuota struct {
	id         uuid.UUID
	templateID uuid.UUID
	customerID string
	issued     int
	usedBy     []string    // the refs of the uses counted
	holds      []QuotaHold // issues whose coupon may not be stored yet, counted in issued
	journal    shopkit.Journal
}

// CouponQuotaSnapshot is every field of a CouponQuota, for host stores. It
// keeps the customer ID in full, for the store; its String and GoString mask it
// (R0.5).
type CouponQuotaSnapshot struct {
	ID         uuid.UUID   `json:"id"`          // QuotaID(template, customer)
	TemplateID uuid.UUID   `json:"template_id"` // the template
	CustomerID string      `json:"customer_id"` // the customer
	Issued     int         `json:"issued"`      // coupons issued to the customer
	Used       int         `json:"used"`        // coupons the customer used
	UsedBy     []string    `json:"used_by"`     // the refs the uses are counted under, one per use (len(UsedBy) == Used)
	Holds      []QuotaHold `json:"holds"`       // issues not yet confirmed by their coupon, counted in Issued
	Seq        int         `json:"seq"`         // the length of the quota's audit trail in the store (R0.4): the next entry is Seq + 1
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
// with more coupons used than issued (every use is of an issued coupon), with
// UsedBy not one distinct ref per use, or with holds beyond Issued (or without
// coupon or time, or a coupon twice), is CodeInvalidSnapshot.
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
	} else if len(s.UsedBy) != s.Used || !distinct(s.UsedBy, func(ref string) string { return ref }) {
		bad("used_by", "must be one distinct, non-empty ref per use")
	}
	if p := quotaHoldsProblem(s); p != "" {
		bad("holds", p)
	}
	if s.Seq < 0 {
		bad("seq", "must not be negative")
	}
	if err := shopkit.Incomplete(CodeInvalidSnapshot, ps); err != nil {
		return nil, err
	}
	return &CouponQuota{id: s.ID, templateID: s.TemplateID, customerID: s.CustomerID, issued: s.Issued,
		usedBy: slices.Clone(s.UsedBy), holds: slices.Clone(s.Holds), journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}, nil
}

// quotaHoldsProblem describes what is wrong with a snapshot's holds, or "".
func quotaHoldsProblem(s CouponQuotaSnapshot) string {
	for _, h := range s.Holds {
		if h.Coupon == "" || h.At.IsZero() {
			return "every hold needs its coupon and time"
		}
	}
	if !distinct(s.Holds, func(h QuotaHold) string { return h.Coupon }) {
		return "must not hold a coupon twice"
	}
	if s.Issued >= 0 && len(s.Holds) > s.Issued {
		return "must be part of issued"
	}
	return ""
}

// distinct reports whether the keys of vs are non-empty and distinct.
func distinct[T any](vs []T, key func(T) string) bool {
	seen := make(map[string]bool, len(vs))
	for _, v := range vs {
		k := key(v)
		if k == "" || seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

// String describes the snapshot with the customer masked (R0.5).
func (s CouponQuotaSnapshot) String() string {
	return "CouponQuotaSnapshot{" + s.ID.String() + " template " + s.TemplateID.String() + " customer " +
		shopkit.MaskPhone(s.CustomerID) + " issued " + strconv.Itoa(s.Issued) + " used " + strconv.Itoa(s.Used) +
		" held " + strconv.Itoa(len(s.Holds)) + "}"
}

// GoString is String, so %#v masks the customer too (R0.5).
func (s CouponQuotaSnapshot) GoString() string { return s.String() }

// String describes the quota with the customer masked (R0.5).
func (q *CouponQuota) String() string {
	return "coupon quota " + q.id.String() + " template " + q.templateID.String() + " customer " +
		shopkit.MaskPhone(q.customerID) + " issued " + strconv.Itoa(q.issued) + " used " + strconv.Itoa(q.Used()) +
		" held " + strconv.Itoa(len(q.holds))
}

// GoString is String, so %#v masks the customer too (R0.5).
func (q *CouponQuota) GoString() string { return q.String() }

// Snapshot returns every field; it keeps the customer ID in full
// (CouponQuotaSnapshot). Seq counts the unsaved entries too.
func (q *CouponQuota) Snapshot() CouponQuotaSnapshot {
	return CouponQuotaSnapshot{ID: q.id, TemplateID: q.templateID, CustomerID: q.customerID, Issued: q.issued, Used: q.Used(),
		UsedBy: slices.Clone(q.usedBy), Holds: slices.Clone(q.holds), Seq: q.journal.Seq()}
}

// ID is the quota's identity, QuotaID(template, customer).
func (q *CouponQuota) ID() uuid.UUID { return q.id }

// Issued is how many coupons of the template the customer holds or held.
func (q *CouponQuota) Issued() int { return q.issued }

// Used is how many of them the customer has used.
func (q *CouponQuota) Used() int { return len(q.usedBy) }

// PendingSince is when the quota's oldest hold was counted, and whether it
// has one: what CouponQuotaStore.Pending orders by (a host store indexes it).
// Resume settles them.
func (q *CouponQuota) PendingSince() (time.Time, bool) {
	var oldest time.Time
	for _, h := range q.holds {
		if oldest.IsZero() || h.At.Before(oldest) {
			oldest = h.At
		}
	}
	return oldest, len(q.holds) > 0
}

// Clone returns a deep copy.
func (q *CouponQuota) Clone() *CouponQuota {
	d := *q
	d.usedBy = slices.Clone(q.usedBy)
	d.holds = slices.Clone(q.holds)
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
	return q.checkUse(t, 0, "")
}

// checkUse is CheckUse for the use ref after pending more uses not yet
// counted (the earlier coupons of the same template in one order). A use
// already counted under ref (a step run again) passes.
func (q *CouponQuota) checkUse(t *CouponTemplate, pending int, ref string) error {
	if ref != "" && slices.Contains(q.usedBy, ref) {
		return nil
	}
	if used := q.Used() + pending; used >= t.spec.UseLimit {
		return shopkit.NewError(shopkit.ErrConflict, CodeCouponUseLimit,
			"the customer has used "+strconv.Itoa(used)+" coupon(s) of "+strconv.Quote(t.spec.Name))
	}
	return nil
}

// Issue counts the coupon ref issued, recorded as an "issue" entry (R0.4), or
// fails and changes nothing: shopkit.CodeNotParty when by is not a party of the
// customer's coupons of t (the customer, the template's shop or an operator for
// it, the system), CodeCouponIssueLimit at the limit (R2.4). The count is a
// hold (QuotaHold) until Resume finds ref's coupon stored; issuing ref again
// while it is held changes nothing.
func (q *CouponQuota) Issue(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	if q.held(ref) >= 0 {
		return nil
	}
	if err := q.CheckIssue(t); err != nil {
		return err
	}
	q.issued++
	q.holds = append(q.holds, QuotaHold{Coupon: ref, At: now})
	q.journal.Change(by, now, "issue", "issued "+strconv.Itoa(q.issued-1), "issued "+strconv.Itoa(q.issued), "coupon "+ref, nil)
	return nil
}

// held returns the index of ref's hold, or -1.
func (q *CouponQuota) held(ref string) int {
	return slices.IndexFunc(q.holds, func(h QuotaHold) bool { return h.Coupon == ref })
}

// Use counts the use ref (the service's ref names the coupon, the coupon's
// entry and the order), recorded as a "use" entry (R0.4), or fails and changes
// nothing: shopkit.CodeNotParty as for Issue, CodeCouponUseLimit at the limit
// (R2.4). A use already counted under ref changes nothing.
func (q *CouponQuota) Use(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	if slices.Contains(q.usedBy, ref) {
		return nil
	}
	if ref == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "ref", "is required")
	}
	// One use of one coupon counts once: a concurrent attempt by another order
	// is refused here, so it neither counts a use the coupon will not give it
	// nor, undoing itself, takes back the use of the order that got it.
	coupon, _, _ := strings.Cut(ref, quotaRefOrder)
	for _, u := range q.usedBy {
		if other, _, _ := strings.Cut(u, quotaRefOrder); other == coupon {
			return shopkit.NewError(shopkit.ErrConflict, CodeCouponUsed, "coupon "+coupon+" is being used by another order")
		}
	}
	if err := q.CheckUse(t); err != nil {
		return err
	}
	q.usedBy = append(q.usedBy, ref)
	q.journal.Change(by, now, "use", "used "+strconv.Itoa(q.Used()-1), "used "+strconv.Itoa(q.Used()), "coupon "+ref, nil)
	return nil
}

// Unissue takes back the count of Issue for the coupon ref of t, which was not
// created after all, recorded as an "unissue" entry with reason (R0.4). by is
// checked as for Issue (shopkit.CodeNotParty, nothing changed). Only a hold is
// taken back: without one (taken back already, or confirmed because the
// coupon exists) nothing changes and it returns nil.
func (q *CouponQuota) Unissue(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time, reason string) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	if i := q.held(ref); i >= 0 {
		q.unhold(by, i, now, reason)
	}
	return nil
}

// unhold takes back hold i, recorded as an "unissue" entry.
func (q *CouponQuota) unhold(by shopkit.Actor, i int, now time.Time, reason string) {
	ref, from := q.holds[i].Coupon, q.issued
	q.issued = max(q.issued-1, 0)
	q.holds = slices.Delete(q.holds, i, i+1)
	q.journal.Change(by, now, "unissue", "issued "+strconv.Itoa(from), "issued "+strconv.Itoa(q.issued), "coupon "+ref+": "+reason, nil)
}

// Unuse takes back the use counted under ref (its order was cancelled, or
// using the coupon itself failed), recorded as an "unuse" entry with reason
// (R0.4). by is checked as for Issue (shopkit.CodeNotParty, nothing changed).
// A ref not counted (taken back already) changes nothing.
func (q *CouponQuota) Unuse(by shopkit.Actor, t *CouponTemplate, ref string, now time.Time, reason string) error {
	if err := q.check(by, t); err != nil {
		return err
	}
	i := slices.Index(q.usedBy, ref)
	if i < 0 {
		return nil
	}
	from := q.Used()
	q.usedBy = slices.Delete(q.usedBy, i, i+1)
	q.journal.Change(by, now, "unuse", "used "+strconv.Itoa(from), "used "+strconv.Itoa(q.Used()), "coupon "+ref+": "+reason, nil)
	return nil
}

// settle is Resume's one write of a quota (R2.8): it confirms the holds of the
// coupons in stored and takes back, as "unissue" entries, the holds of the
// coupons in missing counted more than grace before now. It reports whether
// anything changed; confirming moves no counter and records no entry.
func (q *CouponQuota) settle(stored, missing map[string]bool, now time.Time, grace time.Duration) bool {
	return settleHolds(&q.holds, stored, missing, now, grace, func(i int, reason string) {
		q.unhold(shopkit.SystemActor(), i, now, reason)
	})
}

package membership

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// CouponIssuer is the coupon side membership needs (R5.4): it issues one coupon of
// a template to a customer and returns the coupon's ID. promotion's coupons (R2.4)
// implement it through a small adapter over promotion.CouponService.IssueKeyed,
// which is idempotent by the same key; at checkout the coupon follows
// promotion's rules (validity, minimum spend, stacking, use limits).
//
// Issue is idempotent by key: the issuer issues at most one coupon per key, and
// a second call with the same key issues nothing and returns the same coupon
// ID. The key is a pending grant's CouponGrant.Key, derived from the member and
// the grant's ordinal among the template's grants, so that Service.Resume can
// call Issue again after a failure or a crash between the grant's two member
// writes without issuing a second coupon. now is when the grant was recorded
// (the same on every call for a key). The service never calls Issue inside a
// Store.Update closure, so Issue may write to the host's promotion stores.
type CouponIssuer interface {
	Issue(ctx context.Context, key, templateID, customerID string, now time.Time) (couponID string, err error)
}

// CouponGrant records a coupon granted to a member (R5.4). A grant is pending
// (Member.PendingCoupons, no CouponID yet) from the member write that checks
// the per-customer limit until the write that records the coupon the issuer
// returned; it counts toward the limit from the start.
type CouponGrant struct {
	TemplateID string `json:"template_id"` // the coupon template (the per-customer limit counts by it)
	// CouponID is the coupon the issuer returned; empty while the grant is
	// pending.
	CouponID string `json:"coupon_id"`
	// Key is the issuer's idempotency key of the grant (CouponIssuer.Issue),
	// unique per member; empty for a coupon recorded with RecordCoupon.
	Key    string        `json:"key"`
	At     time.Time     `json:"at,omitzero"` // when it was granted (the pending grant recorded)
	By     shopkit.Actor `json:"by"`          // who issued it (merchant, platform or a service agent)
	Reason string        `json:"reason"`      // e.g. the conversation the customer-service agent closed (R6.1)
}

// Granted returns how many coupons of the template the member has received:
// the grants done, without the pending ones (CanGrant counts both).
func (m *Member) Granted(templateID string) int { return countOf(m.coupons, templateID) }

// pendingOf returns how many grants of the template are pending.
func (m *Member) pendingOf(templateID string) int { return countOf(m.pending, templateID) }

// countOf returns how many of gs are grants of the template.
func countOf(gs []CouponGrant, templateID string) int {
	n := 0
	for _, g := range gs {
		if g.TemplateID == templateID {
			n++
		}
	}
	return n
}

// Coupons returns the coupons issued to the member, in issue order (the
// pending grants are PendingCoupons).
func (m *Member) Coupons() []CouponGrant { return append([]CouponGrant(nil), m.coupons...) }

// PendingCoupons returns the grants recorded and not yet issued, oldest first:
// each waits for the issuer's coupon (Service.IssueCoupon, or Service.Resume
// after a failure).
func (m *Member) PendingCoupons() []CouponGrant { return append([]CouponGrant(nil), m.pending...) }

// PendingSince returns when the member's oldest pending grant was recorded,
// and whether it has one: the order of Store.Pending.
func (m *Member) PendingSince() (time.Time, bool) {
	var at time.Time
	for i, g := range m.pending {
		if i == 0 || g.At.Before(at) {
			at = g.At
		}
	}
	return at, len(m.pending) > 0
}

// CanGrant checks, without changing anything, that one more coupon of the
// template may be issued by by: a party of the member (Parties; otherwise the
// kernel's shopkit.CodeNotParty), not in the buyer role (CodeWrongRole: the
// customer does not issue coupons to themself), a template, a positive limit,
// and the per-customer limit (R5.4) not reached by the grants done and pending
// (ErrConflict, CodeCouponLimit). The shop's merchant, its staff (a
// customer-service agent with the shop in Actor.Shops, R6.1), an operator for
// the shop and the system may issue.
func (m *Member) CanGrant(by shopkit.Actor, templateID string, limit int) error {
	if err := m.built(); err != nil {
		return err
	}
	if err := checkGrant(m.Parties(), by, templateID, limit); err != nil {
		return err
	}
	done, pending := m.Granted(templateID), m.pendingOf(templateID)
	if n := done + pending; n >= limit {
		detail := "customer already has " + strconv.Itoa(n) + " of coupon " + templateID + " (limit " + strconv.Itoa(limit) + ")"
		if pending > 0 {
			detail += ", " + strconv.Itoa(pending) + " of them pending"
		}
		return shopkit.NewError(shopkit.ErrConflict, CodeCouponLimit, detail)
	}
	return nil
}

// checkGrant checks the parts of a grant that do not depend on the member's
// coupons: the actor is a party of p, not a buyer, and the template and limit.
func checkGrant(p shopkit.Parties, by shopkit.Actor, templateID string, limit int) error {
	if err := checkIssuer(p, by); err != nil {
		return err
	}
	if strings.TrimSpace(templateID) == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "template_id", "is required")
	}
	if limit <= 0 {
		return shopkit.Invalid(CodeInvalidCoupon, "limit", "must be greater than zero")
	}
	return nil
}

// checkIssuer checks that by may issue coupons to the member of p: a party, not
// the buyer.
func checkIssuer(p shopkit.Parties, by shopkit.Actor) error {
	if err := p.Check(by); err != nil {
		return err
	}
	if by.Role == shopkit.Buyer {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeWrongRole, "a buyer may not issue coupons")
	}
	return nil
}

// RecordCoupon records a coupon the issuer has issued (R5.4), checking the limit
// again, and audits it with the actor and reason. It is the one-step form for a
// host that issued the coupon itself; the service grants in two steps
// (RequestCoupon, then FinishCoupon) around the issuer's call.
func (m *Member) RecordCoupon(by shopkit.Actor, templateID, couponID string, limit int, reason string, now time.Time) error {
	if err := m.CanGrant(by, templateID, limit); err != nil {
		return err
	}
	if strings.TrimSpace(couponID) == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "coupon_id", "is required")
	}
	m.issued(by, CouponGrant{TemplateID: templateID, CouponID: couponID, At: now, By: by, Reason: reason}, now)
	return nil
}

// RequestCoupon records a pending grant of one coupon of the template (R5.4),
// the first step of a grant: CanGrant's checks, then the grant with its
// issuer key and no coupon yet, audited (ActionGrantCoupon) with the actor and
// reason. The pending grant counts toward the per-customer limit at once, so
// two grants written one after the other cannot both pass it. It returns the
// grant; FinishCoupon records the coupon the issuer returns for its Key.
//
// The key is derived from the member and the grant's ordinal among the
// template's grants ("<member id>/<n>/<template>"): a store that re-runs the
// closure derives the same key.
func (m *Member) RequestCoupon(by shopkit.Actor, templateID string, limit int, reason string, now time.Time) (CouponGrant, error) {
	if err := m.CanGrant(by, templateID, limit); err != nil {
		return CouponGrant{}, err
	}
	n := m.Granted(templateID) + m.pendingOf(templateID) + 1
	key := grantKey(m.id, templateID, n)
	for m.hasKey(key) { // only a restored snapshot with keys of its own; bounded by the grants
		n++
		key = grantKey(m.id, templateID, n)
	}
	g := CouponGrant{TemplateID: templateID, Key: key, At: now, By: by, Reason: reason}
	m.pending = append(m.pending, g)
	m.journal.Change(by, now, ActionGrantCoupon, stateName(m.tier), stateName(m.tier),
		"coupon of "+templateID+" pending, key "+key+": "+reason, nil)
	return g, nil
}

// grantKey is the issuer key of a member's n-th grant of a template.
func grantKey(member uuid.UUID, templateID string, n int) string {
	return member.String() + "/" + strconv.Itoa(n) + "/" + templateID
}

// hasKey reports whether a grant, pending or done, has the key.
func (m *Member) hasKey(key string) bool {
	return slices.ContainsFunc(m.pending, func(g CouponGrant) bool { return g.Key == key }) ||
		slices.ContainsFunc(m.coupons, func(g CouponGrant) bool { return g.Key == key })
}

// FinishCoupon records the coupon the issuer returned for the pending grant
// with the key (R5.4), the second step of a grant: the grant is done, with its
// template, time, actor and reason as RequestCoupon recorded them, audited
// (ActionIssueCoupon) by by, and a notify effect for the buyer. by must be a
// party of the member, not the buyer (Service.Resume finishes grants as the
// system).
//
// It reports whether it changed the member: a grant already done with the
// same coupon ID (the issuer is idempotent by key) changes nothing; done with
// another coupon is ErrConflict (CodeGrantMismatch), and a key of no grant is
// ErrNotFound (CodeUnknownGrant).
func (m *Member) FinishCoupon(by shopkit.Actor, key, couponID string, now time.Time) (CouponGrant, bool, error) {
	if err := m.built(); err != nil {
		return CouponGrant{}, false, err
	}
	if err := checkIssuer(m.Parties(), by); err != nil {
		return CouponGrant{}, false, err
	}
	if strings.TrimSpace(couponID) == "" {
		return CouponGrant{}, false, shopkit.Invalid(CodeInvalidCoupon, "coupon_id", "is required")
	}
	if i := slices.IndexFunc(m.pending, func(g CouponGrant) bool { return g.Key == key }); i >= 0 && key != "" {
		g := m.pending[i]
		g.CouponID = couponID
		m.pending = slices.Delete(m.pending, i, i+1)
		m.issued(by, g, now)
		return g, true, nil
	}
	if i := slices.IndexFunc(m.coupons, func(g CouponGrant) bool { return g.Key == key }); i >= 0 && key != "" {
		g := m.coupons[i]
		if g.CouponID != couponID {
			return CouponGrant{}, false, shopkit.NewError(shopkit.ErrConflict, CodeGrantMismatch,
				"grant "+key+" was issued as coupon "+g.CouponID+", not "+couponID)
		}
		return g, false, nil
	}
	return CouponGrant{}, false, shopkit.NewError(shopkit.ErrNotFound, CodeUnknownGrant, "no coupon grant has key "+key)
}

// issued appends the done grant g and audits it with a notify effect.
func (m *Member) issued(by shopkit.Actor, g CouponGrant, now time.Time) {
	m.coupons = append(m.coupons, g)
	m.journal.Change(by, now, ActionIssueCoupon, stateName(m.tier), stateName(m.tier),
		"coupon "+g.CouponID+" of "+g.TemplateID+": "+g.Reason, nil)
	m.journal.Emit(now, ActionIssueCoupon, shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:" + m.customerID,
		Ref: g.CouponID, Note: "coupon issued"})
}

// TierCampaign issues a coupon template to every member of a tier (R5.4).
type TierCampaign struct {
	TemplateID string `json:"template_id"` // the coupon template to issue
	Tier       string `json:"tier"`        // the tier whose members get it
	AndAbove   bool   `json:"and_above"`   // also members of higher tiers
	// PerCustomer is the per-customer limit of the template (> 0).
	PerCustomer int    `json:"per_customer"`
	Reason      string `json:"reason"` // recorded with every grant
}

// CampaignReport lists what a tier campaign did per customer.
type CampaignReport struct {
	Issued  []CouponGrant  `json:"issued"`  // one per customer who got the coupon
	Skipped []CampaignSkip `json:"skipped"` // limit reached, or the issuer (or the store) failed
}

// CampaignSkip is a customer a campaign did not issue to, and why.
type CampaignSkip struct {
	CustomerID string `json:"customer_id"` // the customer skipped
	Err        error  `json:"err"`         // why: the limit (ErrConflict), the issuer's or the store's error
	// Pending is the customer's grant when it was recorded and its issue
	// failed: it stays pending, and Service.Resume finishes it (the zero
	// CouponGrant when nothing was recorded).
	Pending CouponGrant `json:"pending"`
}

// String describes the skip with the customer masked (R0.5).
func (s CampaignSkip) String() string {
	why := "<nil>"
	if s.Err != nil {
		why = s.Err.Error()
	}
	if s.Pending.Key != "" {
		why += " (grant " + s.Pending.Key + " pending)"
	}
	return "CampaignSkip{customer " + shopkit.MaskPhone(s.CustomerID) + ": " + why + "}"
}

// GoString is String, so %#v prints the same masked form.
func (s CampaignSkip) GoString() string { return s.String() }

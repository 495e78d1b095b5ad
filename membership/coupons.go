package membership

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// CouponIssuer is the coupon side membership needs (R5.4): it issues one coupon of
// a template to a customer and returns the coupon's ID. promotion's coupons (R2.4)
// implement it through a small adapter; at checkout the coupon follows promotion's
// rules (validity, minimum spend, stacking, use limits). Issue should be
// idempotent per (templateID, customerID, now) where the host can make it so:
// if saving the member fails after Issue succeeded, a retry calls Issue again.
type CouponIssuer interface {
	Issue(ctx context.Context, templateID string, customerID string, now time.Time) (couponID string, err error)
}

// CouponGrant records a coupon issued to a member (R5.4).
type CouponGrant struct {
	TemplateID string        // the coupon template (the per-customer limit counts by it)
	CouponID   string        // the coupon the issuer returned
	At         time.Time     // when it was issued
	By         shopkit.Actor // who issued it (merchant, platform or a service agent)
	Reason     string        // e.g. the conversation the customer-service agent closed (R6.1)
}

// Granted returns how many coupons of the template the member has received.
func (m *Member) Granted(templateID string) int {
	n := 0
	for _, g := range m.coupons {
		if g.TemplateID == templateID {
			n++
		}
	}
	return n
}

// Coupons returns the coupons issued to the member, in issue order.
func (m *Member) Coupons() []CouponGrant { return append([]CouponGrant(nil), m.coupons...) }

// CanGrant checks, without changing anything, that one more coupon of the
// template may be issued by by: a party of the member (Parties; otherwise the
// kernel's shopkit.CodeNotParty), not in the buyer role (CodeWrongRole: the
// customer does not issue coupons to themself), a template, a positive limit,
// and the per-customer limit (R5.4) not reached (ErrConflict, CodeCouponLimit).
// The shop's merchant, its staff (a customer-service agent with the shop in
// Actor.Shops, R6.1), an operator for the shop and the system may issue.
func (m *Member) CanGrant(by shopkit.Actor, templateID string, limit int) error {
	if err := m.built(); err != nil {
		return err
	}
	if err := checkGrant(m.Parties(), by, templateID, limit); err != nil {
		return err
	}
	if n := m.Granted(templateID); n >= limit {
		return shopkit.NewError(shopkit.ErrConflict, CodeCouponLimit,
			"customer already has "+strconv.Itoa(n)+" of coupon "+templateID+" (limit "+strconv.Itoa(limit)+")")
	}
	return nil
}

// checkGrant checks the parts of a grant that do not depend on the member's
// coupons: the actor is a party of p, not a buyer, and the template and limit.
func checkGrant(p shopkit.Parties, by shopkit.Actor, templateID string, limit int) error {
	if err := p.Check(by); err != nil {
		return err
	}
	if by.Role == shopkit.Buyer {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeWrongRole, "a buyer may not issue coupons")
	}
	if strings.TrimSpace(templateID) == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "template_id", "is required")
	}
	if limit <= 0 {
		return shopkit.Invalid(CodeInvalidCoupon, "limit", "must be greater than zero")
	}
	return nil
}

// RecordCoupon records a coupon the issuer has issued (R5.4), checking the limit
// again, and audits it with the actor and reason.
func (m *Member) RecordCoupon(by shopkit.Actor, templateID, couponID string, limit int, reason string, now time.Time) error {
	if err := m.CanGrant(by, templateID, limit); err != nil {
		return err
	}
	if strings.TrimSpace(couponID) == "" {
		return shopkit.Invalid(CodeInvalidCoupon, "coupon_id", "is required")
	}
	m.coupons = append(m.coupons, CouponGrant{TemplateID: templateID, CouponID: couponID, At: now, By: by, Reason: reason})
	m.journal.Change(by, now, ActionIssueCoupon, stateName(m.tier), stateName(m.tier),
		"coupon "+couponID+" of "+templateID+": "+reason, nil)
	m.journal.Emit(now, ActionIssueCoupon, shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:" + m.customerID,
		Ref: couponID, Note: "coupon issued"})
	return nil
}

// TierCampaign issues a coupon template to every member of a tier (R5.4).
type TierCampaign struct {
	TemplateID string // the coupon template to issue
	Tier       string // the tier whose members get it
	AndAbove   bool   // also members of higher tiers
	// PerCustomer is the per-customer limit of the template (> 0).
	PerCustomer int
	Reason      string // recorded with every grant
}

// CampaignReport lists what a tier campaign did per customer.
type CampaignReport struct {
	Issued  []CouponGrant  // one per customer who got the coupon
	Skipped []CampaignSkip // limit reached or the issuer refused
}

// CampaignSkip is a customer a campaign did not issue to, and why.
type CampaignSkip struct {
	CustomerID string // the customer skipped
	Err        error  // why: the limit (ErrConflict) or the issuer's error
}

// String describes the skip with the customer masked (R0.5).
func (s CampaignSkip) String() string {
	why := "<nil>"
	if s.Err != nil {
		why = s.Err.Error()
	}
	return "CampaignSkip{customer " + shopkit.MaskPhone(s.CustomerID) + ": " + why + "}"
}

// GoString is String, so %#v prints the same masked form.
func (s CampaignSkip) GoString() string { return s.String() }

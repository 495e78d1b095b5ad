package promotion

import (
	"time"

	"github.com/shopkit/shopkit"
)

// ActionsAt lists the actions by may take on the coupon at now, in table order,
// each with its deadline (R0.3, R0.4, R2.4): what a screen shows that actor, so
// that none it lists is then refused for its party, role, state or window.
// Using an issued coupon is listed inside its validity window only, with
// ValidTo as Until: at ValidTo it is still in time, one nanosecond later it is
// CodeCouponExpired, and before ValidFrom CodeCouponNotValidYet. The sweep's
// expire is not listed. It is empty when by is not a party and for the zero
// Coupon.
//
// AllowedActions is the same list by party, role and state alone, without the
// window.
func (c *Coupon) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[CouponAction] {
	if c.built() != nil {
		return nil
	}
	out := couponFSM.ChoicesFor(c.state, by, c.Parties(), now, func(a CouponAction) time.Time {
		if a == CouponActionUse {
			return c.validTo
		}
		return time.Time{}
	}, CouponActionExpire)
	if now.Before(c.validFrom) {
		out = dropChoice(out, CouponActionUse)
	}
	return out
}

// dropChoice returns choices without action a.
func dropChoice[A ~string](choices []shopkit.Choice[A], a A) []shopkit.Choice[A] {
	out := choices[:0]
	for _, ch := range choices {
		if ch.Action != a {
			out = append(out, ch)
		}
	}
	return out
}

// NextDeadline returns the end of an issued coupon's validity as it matters to
// by (R0.3, R2.4): ValidTo, the last instant it may be used; strictly after it
// the sweep expires the coupon (expire, to expired). Awaits is the customer.
// It is false when by is not a party, once the coupon is used or expired, and
// for the zero Coupon.
func (c *Coupon) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[CouponState, CouponAction], bool) {
	if c.built() != nil || c.state != CouponIssued {
		return shopkit.Upcoming[CouponState, CouponAction]{}, false
	}
	up, ok := couponFSM.UpcomingFor(c.state, by, c.Parties(), c.validTo)
	if ok {
		up.Awaits = []shopkit.Role{shopkit.Buyer}
	}
	return up, ok
}

// CampaignAction is what a party does to a campaign's budget (R2.4): the names
// of its audit entries.
type CampaignAction string

// The campaign actions.
const (
	CampaignActionAddTemplate CampaignAction = "add_template" // a party of the shop puts a coupon template in (AddTemplate)
	CampaignActionReserve     CampaignAction = "reserve"      // a coupon issued: its maximum discount reserved (Reserve)
	CampaignActionUnreserve   CampaignAction = "unreserve"    // a reservation given back (Unreserve)
	CampaignActionSpend       CampaignAction = "spend"        // a coupon's discount spent or taken back (RecordSpend)
	CampaignActionEnd         CampaignAction = "end"          // the window closed: no more reservations
)

// CampaignPhase is where a campaign is in its window (R2.4).
type CampaignPhase string

// The phases of a campaign.
const (
	CampaignScheduled CampaignPhase = "scheduled" // before From
	CampaignRunning   CampaignPhase = "running"   // From ≤ now ≤ To
	CampaignEnded     CampaignPhase = "ended"     // after To
)

// PhaseAt returns the campaign's phase at now: running from From to To, both
// included (R0.3). The zero Campaign is ended: it runs nothing.
func (c *Campaign) PhaseAt(now time.Time) CampaignPhase {
	switch {
	case c.built() != nil || now.After(c.spec.To):
		return CampaignEnded
	case now.Before(c.spec.From):
		return CampaignScheduled
	}
	return CampaignRunning
}

// ActionsAt lists what by may do with the campaign at now (R0.3, R0.4, R2.4):
// add_template for a party of the shop (its merchant, an operator for it, the
// system); and for those and for a customer with an ID (whose coupon action
// the coupon checked) reserve while the window runs, with To as Until,
// unreserve while a reservation is held, and spend. A reservation may still
// be refused for the budget (CodeCampaignBudget, a conflict the amount
// decides). It is empty for an actor who may do none and for the zero
// Campaign.
func (c *Campaign) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[CampaignAction] {
	if c.checkCounter(by) != nil {
		return nil
	}
	var out []shopkit.Choice[CampaignAction]
	if c.Parties().Has(by) {
		out = append(out, shopkit.Choice[CampaignAction]{Action: CampaignActionAddTemplate})
	}
	if c.PhaseAt(now) == CampaignRunning {
		out = append(out, shopkit.Choice[CampaignAction]{Action: CampaignActionReserve, Until: c.spec.To})
	}
	if len(c.holds) > 0 {
		out = append(out, shopkit.Choice[CampaignAction]{Action: CampaignActionUnreserve})
	}
	return append(out, shopkit.Choice[CampaignAction]{Action: CampaignActionSpend})
}

// NextDeadline returns the end of the campaign's window as it matters to by
// (R0.3, R2.4): To, the last instant a coupon may reserve its budget; after it
// the campaign has ended. Awaits is the merchant and the customers. It is
// false for an actor ActionsAt lists nothing for and for the zero Campaign.
func (c *Campaign) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[CampaignPhase, CampaignAction], bool) {
	if c.checkCounter(by) != nil {
		return shopkit.Upcoming[CampaignPhase, CampaignAction]{}, false
	}
	return shopkit.Upcoming[CampaignPhase, CampaignAction]{At: c.spec.To, Action: CampaignActionEnd, To: CampaignEnded,
		Awaits: []shopkit.Role{shopkit.Merchant, shopkit.Buyer}}, true
}

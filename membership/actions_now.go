package membership

import (
	"time"

	"github.com/shopkit/shopkit"
)

// ActionsAt lists what by may do with the member record at now (R0.4, R5.2,
// R5.4), named as the record's audit entries: adjust (a manual tier change,
// Adjust) for the shop's merchant or an operator for it; grant_coupon
// (RequestCoupon, RecordCoupon) for any party but the customer; and
// issue_coupon (FinishCoupon) for the same while a grant is pending. None has
// a deadline. Each may still be refused for its arguments: the per-customer
// limit (CodeCouponLimit), the current tier (CodeTierUnchanged). A completed
// order and a refund are facts the host applies (CompleteOrder, ApplyRefund),
// not a person's action, and are not listed. It is empty when by is not a
// party and for the zero Member.
func (m *Member) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[string] {
	if m.built() != nil || checkIssuer(m.Parties(), by) != nil {
		return nil // the customer takes no action on their own record
	}
	var out []shopkit.Choice[string]
	if by.Role == shopkit.Merchant || by.Role == shopkit.Platform {
		out = append(out, shopkit.Choice[string]{Action: ActionAdjust})
	}
	out = append(out, shopkit.Choice[string]{Action: ActionGrantCoupon})
	if len(m.pending) > 0 {
		out = append(out, shopkit.Choice[string]{Action: ActionIssueCoupon})
	}
	return out
}

// NextDeadline reports the member record's next deadline: a tier has no
// expiry and a grant waits on none, so it is always false (Deadline is never
// set either). It is there so that every workflow answers the same question
// the same way.
func (m *Member) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[string, string], bool) {
	return shopkit.Upcoming[string, string]{}, false
}

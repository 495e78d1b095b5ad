package review

import (
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// ActionsAt lists the actions by may take on the review at now (R0.4, R2.6):
// the merchant's one reply, which has no deadline, while it is still to come.
// It is empty when by is not a party, once replied, and for a zero Review.
// AllowedActions lists the same actions without their Choice form.
func (r *Review) ActionsAt(by shopkit.Actor, now time.Time) []shopkit.Choice[Action] {
	if r.built() != nil {
		return nil
	}
	return reviewFSM.ChoicesFor(r.State(), by, r.Parties(), now, nil)
}

// NextDeadline reports the review's next deadline; a review waits on none
// (the reply has no deadline), so it is always false. It is there so that
// every workflow answers the same question the same way.
func (r *Review) NextDeadline(by shopkit.Actor) (shopkit.Upcoming[State, Action], bool) {
	return shopkit.Upcoming[State, Action]{}, false
}

// ActionsOnOrder lists the review actions by may take at now on order o, not
// yet reviewed, under policy (R0.3, R2.6): the buyer's review of a completed
// order within the review window, with the window's end (completion +
// ReviewWindow) as Until — at the end it is in time, one nanosecond later
// CodeWindowClosed. Whether the order already has a review is the store's to
// say (IDFor); a host asks it first. It is empty for a nil order, one not
// completed, an invalid policy, and an actor who is not the order's buyer.
func ActionsOnOrder(o *order.Order, by shopkit.Actor, now time.Time, policy Policy) []shopkit.Choice[Action] {
	if o == nil || policy.Validate() != nil || o.State() != order.OrderCompleted {
		return nil
	}
	end := o.CompletedAt().Add(policy.ReviewWindow)
	return reviewFSM.ChoicesFor(Unreviewed, by, o.Parties(), now, func(Action) time.Time { return end })
}

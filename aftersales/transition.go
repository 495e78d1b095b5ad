package aftersales

import (
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// check returns the state action by by leads to, or an error: the table forbids it
// (a *shopkit.TransitionError), or the state's deadline has passed for a buyer or
// merchant (the sweep applies the consequence instead).
func (c *Case) check(by commerce.Actor, action Action, now time.Time) (State, error) {
	to, err := TableOf(c.kind).Check(c.state, action, by.Role)
	if err != nil {
		return c.state, err
	}
	if (by.Role == shopkit.Buyer || by.Role == shopkit.Merchant) && !c.deadline.IsZero() && now.After(c.deadline) {
		return c.state, shopkit.NewError(shopkit.ErrNotAllowed, "aftersales.deadline_passed",
			"aftersales: the deadline of "+string(c.state)+" passed at "+c.deadline.Format(time.RFC3339))
	}
	if by.Role == shopkit.Buyer && by.ID != "" && by.ID != c.buyerID {
		return c.state, shopkit.NewError(shopkit.ErrNotAllowed, "aftersales.not_party", "aftersales: not the case's buyer")
	}
	if by.Role == shopkit.Merchant && by.ID != "" && by.ID != c.merchantID {
		return c.state, shopkit.NewError(shopkit.ErrNotAllowed, "aftersales.not_party", "aftersales: not the case's merchant")
	}
	return to, nil
}

// move applies a checked transition: the state, its deadline, the audit entry.
func (c *Case) move(by commerce.Actor, now time.Time, action Action, to State, reason string, evidence []string) {
	from := c.state
	c.deadline = c.deadlineFor(to, from, now)
	c.state = to
	if to == Refunding && c.refund.Key == "" {
		c.refund.Key = c.id.String() + ":refund"
	}
	c.change(by, now, action, from, to, reason, evidence)
}

// buyerParty and merchantParty name the parties a change notifies (journal.go).
func (c *Case) buyerParty() notified    { return notifyBuyer }
func (c *Case) merchantParty() notified { return notifyMerchant }

// deadlineFor returns the deadline of state to entered from from at now (R0.3: N
// hours or natural days = start + N×24h; working days = end of the Nth working day),
// or zero when to waits on no deadline.
func (c *Case) deadlineFor(to, from State, now time.Time) time.Time {
	p := c.pol
	switch to {
	case Requested:
		if c.kind == OnSiteRepair {
			return now.Add(p.OnSiteAgree) // R3.5: agree a visit time within 3 natural days
		}
		return now.Add(p.MerchantResponse) // R3.3, R3.6: 48 h
	case Rejected:
		return now.Add(p.BuyerAfterRejection)
	case AwaitingReturn:
		return now.Add(p.BuyerShipBack) // R3.3, R3.6: 10 days
	case RefundDue:
		if from == Returning {
			return c.receivedAt.Add(p.MerchantRefundAfterReceipt) // R3.6: 7 days after signing
		}
		return now.Add(p.MerchantRefundAfterReceipt)
	case Inspecting:
		return c.receivedAt.Add(p.ExchangeInspection) // R3.3: 7 days after signing
	case ReplacementShipped:
		return now.Add(p.BuyerConfirmReplacement) // R3.3: 10 days
	case Repairing:
		if from == Repairing {
			return c.deadline // extend_repair sets it
		}
		period := c.ro().repairPeriod
		if period <= 0 {
			period = p.RepairPeriod // R3.4: 30 days from receipt when none agreed
		}
		return c.receivedAt.Add(period)
	case RepairedShipped:
		return now.Add(p.BuyerConfirmRepaired)
	case VisitScheduled:
		return c.ro().visitAt.Add(p.VisitGrace) // R3.5: visit at the agreed time
	case VisitPending:
		return now.Add(p.OnSiteVisitAfterWindow) // R3.5: 15 days after the 3-day window
	case OnSiteRepairing:
		return c.ro().firstVisitAt.Add(p.OnSiteFinish) // R3.5: 30 natural days from the first visit
	case Refunding:
		days := p.RefundWorkingDays
		if c.kind == Voucher {
			days = p.VoucherRefundWorkingDays // R3.8: 7 working days
		}
		return p.calendar().EndOfWorkingDay(now, days)
	case VoucherValid:
		return c.ro().vouchers.ValidUntil
	case VoucherExpired:
		return c.ro().vouchers.ValidUntil.Add(p.VoucherExpiryStart) // R3.8: started within 24 h of expiry
	}
	return time.Time{}
}

// ApplyDue applies the consequence of the deadline that passed by now (R0.3, R2.9):
// the table's Timeout action for the state, taken by the system and stamped with the
// deadline's time. Nothing due is a conflict (commerce.NotDue).
func (c *Case) ApplyDue(now time.Time) error {
	if c.deadline.IsZero() || !now.After(c.deadline) {
		return commerce.NotDue("aftersales", c.id)
	}
	to, ok := TableOf(c.kind).Timeout(c.state)
	if !ok {
		return commerce.NotDue("aftersales", c.id)
	}
	at := c.deadline
	by := commerce.SystemActor()
	next, err := c.check(by, to.Action, at)
	if err != nil {
		return err
	}
	c.move(by, at, to.Action, next, "deadline passed: "+to.Label, nil)
	switch next {
	case Refunding, AwaitingReturn, Closed, RefundEntitled, Completed:
		c.notify(at, to.Action, c.buyerParty())
	}
	return nil
}

package aftersales

import (
	"time"

	"github.com/shopkit/shopkit"
)

// check returns the state action by by leads to, or an error: the case was not
// built by a constructor (shopkit.NotBuilt); by is not a party of the case or
// the row does not name by's role (the kernel's Table.Authorize, in its order:
// shopkit.CodeNotParty first, whatever the state, so a stranger learns nothing
// of the case, then a *shopkit.TransitionError); or the state's deadline has
// passed for a buyer or merchant (CodeDeadlinePassed: the sweep applies the
// consequence instead).
func (c *Case) check(by shopkit.Actor, action Action, now time.Time) (State, error) {
	t, err := c.table()
	if err != nil {
		return c.state, err
	}
	to, err := t.Authorize(c.state, action, by, c.Parties())
	if err != nil {
		return c.state, err
	}
	if (by.Role == shopkit.Buyer || by.Role == shopkit.Merchant) && !c.deadline.IsZero() && now.After(c.deadline) {
		return c.state, notAllowed(CodeDeadlinePassed,
			"the deadline of "+string(c.state)+" passed at "+c.deadline.Format(time.RFC3339))
	}
	return to, nil
}

// table returns the table of the case's kind, or shopkit.NotBuilt for a Case
// no constructor built (the zero Case has no kind).
func (c *Case) table() (*table, error) {
	if t := tableOf(c.kind); t != nil {
		return t, nil
	}
	return nil, shopkit.NotBuilt("aftersales.Case")
}

// authorize is what an action whose row depends on its arguments (Redeem) or
// that is no row of the table (Rate) checks first: the case was built and by is
// one of its parties (shopkit.Parties.Check, code shopkit.CodeNotParty). The
// row check follows.
func (c *Case) authorize(by shopkit.Actor) error {
	if _, err := c.table(); err != nil {
		return err
	}
	return c.Parties().Check(by)
}

// move applies a checked transition: the state, its deadline, the audit entry.
func (c *Case) move(by shopkit.Actor, now time.Time, action Action, to State, reason string, evidence []string) {
	from := c.state
	c.deadline = c.deadlineFor(to, from, now)
	c.state = to
	if to == Refunding && c.refund.Key == "" {
		c.refund.Key = c.id.String() + ":refund"
	}
	c.syncStep(now)
	c.journal.Change(by, now, string(action), string(from), string(to), reason, evidence)
}

// openedNote prefixes the kind in the merchant's notification of a new case.
const openedNote = "after-sales request "

// platformParty is the platform as a party to notify.
const platformParty = "platform"

func (c *Case) buyerParty() string    { return "buyer:" + c.buyerID }
func (c *Case) merchantParty() string { return "merchant:" + c.merchantID.String() }

// notify asks the host to tell party about the action just taken (R3.2: the
// decision is communicated to the buyer): the case's reference and its new state.
func (c *Case) notify(now time.Time, action Action, party string) {
	c.notifyNote(now, action, party, string(c.state))
}

func (c *Case) notifyNote(now time.Time, action Action, party, note string) {
	c.journal.Emit(now, string(action), shopkit.Effect{Type: shopkit.EffectNotify, Party: party, Ref: c.id.String(), Note: note})
}

// deadlineFor returns the deadline of state to entered from from at now (R0.3: N
// hours or natural days = start + N×24h; working days = end of the Nth working day),
// or zero when to waits on no deadline.
func (c *Case) deadlineFor(to, from State, now time.Time) time.Time {
	p := &c.policy
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
		period := c.repairPeriod
		if period <= 0 {
			period = p.RepairPeriod // R3.4: 30 days from receipt when none agreed
		}
		return c.receivedAt.Add(period)
	case RepairedShipped:
		return now.Add(p.BuyerConfirmRepaired)
	case VisitScheduled:
		return c.visitAt.Add(p.VisitGrace) // R3.5: visit at the agreed time
	case VisitPending:
		return now.Add(p.OnSiteVisitAfterWindow) // R3.5: 15 days after the 3-day window
	case OnSiteRepairing:
		return c.firstVisitAt.Add(p.OnSiteFinish) // R3.5: 30 natural days from the first visit
	case Refunding:
		days := p.RefundWorkingDays
		if c.kind == Voucher {
			days = p.VoucherRefundWorkingDays // R3.8: 7 working days
		}
		return p.calendar().EndOfWorkingDay(now, days)
	case VoucherValid:
		return c.vouchers.ValidUntil
	case VoucherExpired:
		return c.vouchers.ValidUntil.Add(p.VoucherExpiryStart) // R3.8: started within 24 h of expiry
	}
	return time.Time{}
}

// ApplyDue applies the consequence of the deadline that passed by now (R0.3, R2.9):
// the table's Timeout action for the state, taken by the system and stamped with the
// deadline's time. Nothing due is a conflict (shopkit.NotDue); the zero Case is
// shopkit.NotBuilt.
func (c *Case) ApplyDue(now time.Time) error {
	t, err := c.table()
	if err != nil {
		return err
	}
	if c.deadline.IsZero() || !now.After(c.deadline) {
		return shopkit.NotDue(c.id)
	}
	to, ok := t.Timeout(c.state)
	if !ok {
		return shopkit.NotDue(c.id)
	}
	at := c.deadline
	by := shopkit.SystemActor()
	next, err := c.check(by, to.Action, at)
	if err != nil {
		return err
	}
	c.move(by, at, to.Action, next, "deadline passed: "+timeoutLabel(c.kind, c.policy, to), nil)
	switch next {
	case Refunding, AwaitingReturn, Closed, RefundEntitled, Completed:
		c.notify(at, to.Action, c.buyerParty())
	}
	return nil
}

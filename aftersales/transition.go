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
	case ReplacementSigned:
		return c.deliveredAt.Add(p.BuyerConfirmReplacement) // R3.3: 10 days from signing for it (签收换货后)
	case Repairing:
		if from == Repairing {
			return c.deadline // extend_repair sets it
		}
		period := c.repairPeriod
		if period <= 0 {
			period = p.RepairPeriod // R3.4: 30 days from receipt when none agreed
		}
		return c.receivedAt.Add(period)
	case RepairedSigned:
		return c.deliveredAt.Add(p.BuyerConfirmRepaired) // from signing, like R3.3
	case VisitScheduled:
		return c.visitAt.Add(p.VisitGrace) // R3.5: visit at the agreed time
	case VisitPending:
		if from == Requested {
			// R3.5: 15 days after the 3-day window, whose end is the deadline
			// of requested (the sweep's miss_agreement is stamped with it).
			return c.deadline.Add(p.OnSiteVisitAfterWindow)
		}
		return now.Add(p.OnSiteVisitAfterWindow)
	case OnSiteRepairing:
		switch from {
		case VisitPending:
			// R3.5: no time agreed within the 3 days: finish within 30
			// natural days of the first visit.
			return c.firstVisitAt.Add(p.OnSiteFinish)
		case OnSiteRepairing:
			return c.deadline // a later visit keeps the first visit's clock (or none)
		}
		// R3.5: a visit at the agreed time; the rule sets the 30 days only
		// where no time was agreed, so the repair waits on no deadline.
		return time.Time{}
	case Refunding:
		days := p.RefundWorkingDays
		if c.kind == Voucher {
			days = p.VoucherRefundWorkingDays // R3.8: 7 working days
		}
		return p.calendar().EndOfWorkingDay(now, days)
	case VoucherValid:
		return c.vouchers.ValidUntil
	case VoucherExpired:
		// R3.8: the refund starts within 24 h after expiry: it is due at once,
		// so the first sweep after the expiry starts it (a host sweeps at least
		// every VoucherExpiryStart).
		return c.vouchers.ValidUntil
	}
	return time.Time{}
}

// ApplyDue applies the consequence of the deadline that passed by now (R0.3, R2.9):
// the table's Timeout action for the state, taken by the system and stamped with the
// deadline's time — except a voucher expiry refund (R3.8), which is due from the
// expiry on and stamped with now, the time the sweep starts it. Nothing due is a conflict (shopkit.NotDue); the zero Case is
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
	if c.state == VoucherExpired {
		// R3.8: the system starts the refund "within 24 h after expiry": the
		// start is the sweep's own act, stamped when the sweep makes it, and
		// the 7 working days of money back run from it.
		at = now
	}
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

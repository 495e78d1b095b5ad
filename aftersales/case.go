package aftersales

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// Case is an after-sales case (R3): a kind, a state in the kind's table, the order
// lines and units it is about, its current deadline, and its audit trail. Every
// change goes through a method that checks the table (role and state), the
// deadline and the action's own rule, and changes nothing when one fails.
type Case struct {
	pol           *Policy
	id            uuid.UUID
	kind          Kind
	orderID       uuid.UUID
	orderNumber   string
	orderState    OrderState
	buyerID       string
	merchantID    string
	lines         []LineQty
	reason        Reason
	note          string
	evidence      []string
	state         State
	deadline      time.Time
	openedAt      time.Time
	returnWaybill string
	outWaybill    string // replacement or repaired item on its way to the buyer
	receivedAt    time.Time
	refund        CaseRefund
	advanced      commerce.Money
	tier          MemberTier // the buyer's member tier when opened (PriorityReader)
	log           caseLog
	rare          *rareFields // nil until a repair, voucher, dispute or rating flow sets one
}

// rareFields are the fields only some flows use (repair, voucher, dispute,
// rating, a rejection's conversation). Most cases never need them, so they live
// behind a pointer allocated by the first action that sets one (R3).
type rareFields struct {
	convertedFrom Kind
	conversation  string // reference of the merchant's talk with the buyer before a rejection (R3.3)
	repairPeriod  time.Duration
	visitAt       time.Time
	firstVisitAt  time.Time
	vouchers      Vouchers
	selfRepair    SelfRepairTerms
	dispute       Dispute
	advances      []string // keys of the advances recorded
	rating        int
	ratingNote    string
}

// rw returns the case's rare fields for an action of a flow that uses them,
// allocating them on first use.
func (c *Case) rw() *rareFields {
	if c.rare == nil {
		c.rare = new(rareFields)
	}
	return c.rare
}

// ro returns the rare fields for reading, without allocating: zero values when
// none was ever set.
func (c *Case) ro() rareFields {
	if c.rare == nil {
		return rareFields{}
	}
	return *c.rare
}

// Vouchers are the local-life vouchers a voucher case holds (R3.8): Total bought on
// order line Line, Used of them redeemed, valid until ValidUntil.
type Vouchers struct {
	Line       int       // the order line of the vouchers
	Total      int64     // vouchers bought
	Used       int64     // vouchers redeemed
	ValidUntil time.Time // end of validity
}

// CaseRefund is the refund of a case: its idempotency key once the case reached
// refunding, whether the order ledger has issued it, and the amount.
type CaseRefund struct {
	Key       string         // idempotency key of the refund (the EffectRefund Ref)
	Issued    bool           // the order ledger issued it
	Amount    commerce.Money // what the ledger refunds
	Confirmed bool           // the gateway paid it back
}

// SelfRepairTerms records a self-repair agreement (R3.4): the agreed amount, or the
// invoice amount when none was agreed.
type SelfRepairTerms struct {
	Agreed  commerce.Money // agreed amount; zero means the invoice is paid
	Invoice commerce.Money // the buyer's invoice amount
}

// Dispute is the platform's intervention in a case (R3.9).
type Dispute struct {
	RequestedBy shopkit.Role // who asked the platform
	RequestedAt time.Time    // when; zero when no dispute
	Reason      string       // why
	Evidence    []string     // chat logs, transaction records
	Decision    Action       // decide_for_buyer, decide_for_merchant, decide_refund or convert
	DecidedAt   time.Time    // when the platform decided
}

func caseID() uuid.UUID { return uuid.New() }

// NewCase opens a case for the buyer's application against order (R3.2): it
// checks eligibility (CheckEligibility), records the opening with the reason and
// evidence, and starts the first deadline (48 h for the merchant, 3 days for an
// on-site visit agreement). The order ledger's claim on the units is the
// Service's next step.
func NewCase(p *Policy, order Order, app Application, now time.Time) (*Case, error) {
	if p == nil {
		return nil, shopkit.Invalid("aftersales.invalid_policy", "policy", "is required")
	}
	if err := CheckEligibility(p, order, app, now); err != nil {
		return nil, err
	}
	c := &Case{pol: p, id: caseID(), kind: app.Kind, orderID: order.ID, orderNumber: order.Number,
		orderState: order.State, buyerID: order.BuyerID, merchantID: order.MerchantID,
		lines: slices.Clone(app.Lines), reason: app.Reason, note: app.Note, evidence: slices.Clone(app.Evidence),
		openedAt: now, advanced: money(0, order.Lines[0].Paid.Currency())}
	c.refund.Amount = c.advanced
	c.state = Requested
	c.deadline = c.deadlineFor(Requested, "", now)
	c.change(commerce.Actor{Role: shopkit.Buyer, ID: order.BuyerID}, now, ActOpen, "", Requested,
		string(app.Reason)+": "+app.Note, app.Evidence)
	c.notifyOpened(now, app.Kind)
	return c, nil
}

// NewVoucherCase opens the voucher case of a local-life order (R3.8) when it is
// paid: line's quantity is the number of vouchers, valid until validUntil. The
// buyer may ask for the refund of unused vouchers any time before validUntil; after
// it the system refunds them.
func NewVoucherCase(p *Policy, order Order, line int, validUntil time.Time, now time.Time) (*Case, error) {
	if p == nil {
		return nil, shopkit.Invalid("aftersales.invalid_policy", "policy", "is required")
	}
	if err := validateOrder(order); err != nil {
		return nil, err
	}
	if line < 0 || line >= len(order.Lines) {
		return nil, shopkit.Invalid("aftersales.invalid_line", "line", "is not a line of the order")
	}
	if !validUntil.After(now) {
		return nil, shopkit.Invalid("aftersales.invalid_validity", "valid_until", "must be after now")
	}
	if order.State == OrderPendingPayment || order.State == OrderClosed {
		return nil, shopkit.NewError(shopkit.ErrNotAllowed, "aftersales.order_not_eligible",
			"aftersales: vouchers of an order in state "+string(order.State)+" cannot be held")
	}
	n := order.Lines[line].Quantity
	c := &Case{pol: p, id: caseID(), kind: Voucher, orderID: order.ID, orderNumber: order.Number,
		orderState: order.State, buyerID: order.BuyerID, merchantID: order.MerchantID,
		lines: []LineQty{{Line: line, Units: n}}, reason: Other, openedAt: now,
		rare:     &rareFields{vouchers: Vouchers{Line: line, Total: n, ValidUntil: validUntil}},
		advanced: money(0, order.Lines[0].Paid.Currency())}
	c.refund.Amount = c.advanced
	c.state = VoucherValid
	c.deadline = validUntil
	c.change(commerce.SystemActor(), now, ActOpen, "", VoucherValid, "vouchers issued", nil)
	return c, nil
}

// ID returns the case's identity.
func (c *Case) ID() uuid.UUID { return c.id }

// Kind returns the case's kind; a converted repair reports return_refund.
func (c *Case) Kind() Kind { return c.kind }

// ConvertedFrom returns the kind a converted case started as (R3.4, R3.5), or "".
func (c *Case) ConvertedFrom() Kind { return c.ro().convertedFrom }

// State returns the case's state.
func (c *Case) State() State { return c.state }

// OrderID returns the order the case is about.
func (c *Case) OrderID() uuid.UUID { return c.orderID }

// BuyerID returns the order's buyer.
func (c *Case) BuyerID() string { return c.buyerID }

// MerchantID returns the order's merchant.
func (c *Case) MerchantID() string { return c.merchantID }

// Lines returns the lines and units the case is about.
func (c *Case) Lines() []LineQty { return slices.Clone(c.lines) }

// Deadline returns the current deadline and whether the case is waiting on one:
// the countdown a frontend shows. An action at the deadline is in time; after it
// the sweep applies the state's consequence (Table.Timeout).
func (c *Case) Deadline() (time.Time, bool) { return c.deadline, !c.deadline.IsZero() }

// Table returns the transition table of the case's kind.
func (c *Case) Table() *Table { return TableOf(c.kind) }

// AllowedActions lists the actions role may take now: the buttons a frontend shows.
func (c *Case) AllowedActions(role shopkit.Role) []Action {
	return c.Table().AllowedActions(c.state, role)
}

// Terminal reports whether the case has ended.
func (c *Case) Terminal() bool { return c.Table().Terminal(c.state) }

// Open reports whether the case still holds its units (it has not ended).
func (c *Case) Open() bool { return !c.Terminal() }

// Vouchers returns the vouchers of a voucher case.
func (c *Case) Vouchers() Vouchers { return c.ro().vouchers }

// Refund returns the case's refund.
func (c *Case) Refund() CaseRefund { return c.refund }

// Dispute returns the platform intervention, if any (RequestedAt is zero if none).
func (c *Case) Dispute() Dispute {
	d := c.ro().dispute
	d.Evidence = slices.Clone(d.Evidence)
	return d
}

// Advanced returns what the platform advanced to the buyer in this case (R3.9).
func (c *Case) Advanced() commerce.Money { return c.advanced }

// Rating returns the buyer's rating of the handling (0 if none) and its note.
func (c *Case) Rating() (int, string) {
	r := c.ro()
	return r.rating, r.ratingNote
}

// History returns the audit trail (R0.4).
func (c *Case) History() []commerce.Entry { return c.history() }

// Unsaved returns the entries added since the case was created or loaded.
func (c *Case) Unsaved() []commerce.Entry { return c.unsaved() }

// MarkSaved marks every entry saved; stores call it after persisting.
func (c *Case) MarkSaved() { c.log.saved = len(c.log.entries) }

// Effects returns the effect entries (notifications, payments) of the case.
func (c *Case) Effects() []commerce.Entry { return c.effects() }

// Policy returns the policy the case runs under.
func (c *Case) Policy() *Policy { return c.pol }

// Clone returns a deep copy; it shares only the read-only policy and the audit
// entries, which are never modified once added (the copy's log appends to new
// memory).
func (c *Case) Clone() *Case {
	d := *c
	d.lines = slices.Clone(c.lines)
	d.evidence = slices.Clone(c.evidence)
	if c.rare != nil {
		r := *c.rare
		r.advances = slices.Clone(r.advances)
		r.dispute.Evidence = slices.Clone(r.dispute.Evidence)
		d.rare = &r
	}
	d.log = c.log.clone()
	return &d
}

// String describes the case with personal data masked (R0.5).
func (c *Case) String() string {
	return fmt.Sprintf("case %s %s of order %s (buyer %s): %s", c.id, c.kind, c.orderNumber, commerce.MaskPhone(c.buyerID), c.state)
}

package aftersales

import (
	"fmt"
	"slices"
	"strings"
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
	convertedFrom Kind
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
	conversation  string // reference of the merchant's talk with the buyer before a rejection (R3.3)
	returnWaybill string
	outWaybill    string // replacement or repaired item on its way to the buyer
	receivedAt    time.Time
	repairPeriod  time.Duration
	visitAt       time.Time
	firstVisitAt  time.Time
	vouchers      Vouchers
	refund        CaseRefund
	selfRepair    SelfRepairTerms
	dispute       Dispute
	advanced      commerce.Money
	advances      []string // keys of the advances recorded
	rating        int
	ratingNote    string
	tier          MemberTier // the buyer's member tier when opened (PriorityReader)
	log           caseLog

	// Derived once so that actions need not build them: the case's reference in
	// effects and the parties notified.
	ref, buyerTo, merchantTo string
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

// derive builds the case's reference and the parties it notifies with one string
// allocation: the three are substrings of "<id>buyer:<buyer>merchant:<merchant>".
func (c *Case) derive() {
	var id [36]byte // the canonical text of a UUID, as uuid.UUID.String formats it
	const hexDigits = "0123456789abcdef"
	n := 0
	for i, b := range c.id {
		switch i {
		case 4, 6, 8, 10:
			id[n] = '-'
			n++
		}
		id[n], id[n+1] = hexDigits[b>>4], hexDigits[b&0x0f]
		n += 2
	}
	buyer, merchant := len(id)+len("buyer:")+len(c.buyerID), len("merchant:")+len(c.merchantID)
	var sb strings.Builder
	sb.Grow(buyer + merchant)
	sb.Write(id[:])
	sb.WriteString("buyer:")
	sb.WriteString(c.buyerID)
	sb.WriteString("merchant:")
	sb.WriteString(c.merchantID)
	all := sb.String()
	c.ref, c.buyerTo, c.merchantTo = all[:len(id)], all[len(id):buyer], all[buyer:]
}

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
	c.derive()
	c.state = Requested
	c.deadline = c.deadlineFor(Requested, "", now)
	c.log.change(commerce.Actor{Role: shopkit.Buyer, ID: order.BuyerID}, now, ActOpen, "", Requested,
		string(app.Reason)+": "+app.Note, app.Evidence)
	c.log.emit(now, ActOpen, commerce.Effect{Type: commerce.EffectNotify, Party: "merchant:" + order.MerchantID,
		Ref: c.ref, Note: "after-sales request " + string(app.Kind)})
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
		vouchers: Vouchers{Line: line, Total: n, ValidUntil: validUntil}, advanced: money(0, order.Lines[0].Paid.Currency())}
	c.refund.Amount = c.advanced
	c.derive()
	c.state = VoucherValid
	c.deadline = validUntil
	c.log.change(commerce.SystemActor(), now, ActOpen, "", VoucherValid, "vouchers issued", nil)
	return c, nil
}

// ID returns the case's identity.
func (c *Case) ID() uuid.UUID { return c.id }

// Kind returns the case's kind; a converted repair reports return_refund.
func (c *Case) Kind() Kind { return c.kind }

// ConvertedFrom returns the kind a converted case started as (R3.4, R3.5), or "".
func (c *Case) ConvertedFrom() Kind { return c.convertedFrom }

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
func (c *Case) Vouchers() Vouchers { return c.vouchers }

// Refund returns the case's refund.
func (c *Case) Refund() CaseRefund { return c.refund }

// Dispute returns the platform intervention, if any (RequestedAt is zero if none).
func (c *Case) Dispute() Dispute {
	d := c.dispute
	d.Evidence = slices.Clone(d.Evidence)
	return d
}

// Advanced returns what the platform advanced to the buyer in this case (R3.9).
func (c *Case) Advanced() commerce.Money { return c.advanced }

// Rating returns the buyer's rating of the handling (0 if none) and its note.
func (c *Case) Rating() (int, string) { return c.rating, c.ratingNote }

// History returns the audit trail (R0.4).
func (c *Case) History() []commerce.Entry { return c.history() }

// Unsaved returns the entries added since the case was created or loaded.
func (c *Case) Unsaved() []commerce.Entry { return c.unsaved() }

// MarkSaved marks every entry saved; stores call it after persisting.
func (c *Case) MarkSaved() { c.log.saved = len(c.log.added) }

// Effects returns the effect entries (notifications, payments) of the case.
func (c *Case) Effects() []commerce.Entry { return c.effects() }

// Policy returns the policy the case runs under.
func (c *Case) Policy() *Policy { return c.pol }

// Clone returns a deep copy; it shares only the read-only policy and the audit
// entries, which are never modified once added.
func (c *Case) Clone() *Case {
	d := *c
	d.lines = slices.Clone(c.lines)
	d.evidence = slices.Clone(c.evidence)
	d.advances = slices.Clone(c.advances)
	d.dispute.Evidence = slices.Clone(c.dispute.Evidence)
	d.log = c.log.clone()
	return &d
}

// String describes the case with personal data masked (R0.5).
func (c *Case) String() string {
	return fmt.Sprintf("case %s %s of order %s (buyer %s): %s", c.id, c.kind, c.orderNumber, commerce.MaskPhone(c.buyerID), c.state)
}

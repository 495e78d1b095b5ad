package aftersales

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Case is an after-sales case (R3): a kind, a state in the kind's table, the
// order lines and units it is about, and its current deadline. Every change goes
// through a method that checks the table (role and state), the deadline and the
// action's own rule, and changes nothing when one fails. Its audit trail is the
// store's (Store's Trail): a case holds only the entries added since it was
// built or loaded, so every fact a rule needs (the conversations before each
// rejection, the advances recorded) is kept in its state.
type Case struct {
	policy        Policy
	policyVersion string // the name of the policy version the case opened under; "" for a plain Policy
	id            uuid.UUID
	kind          Kind
	convertedFrom Kind // the repair kind a converted case started as (R3.4, R3.5)
	orderID       uuid.UUID
	orderNumber   string
	orderState    OrderState
	buyerID       string
	merchantID    uuid.UUID
	lines         []LineQty
	reason        Reason
	note          string
	evidence      []string
	state         State
	deadline      time.Time
	openedAt      time.Time
	conversations []string // the merchant's talks with the buyer before each rejection (R3.3), oldest first
	returnWaybill string
	outWaybill    string    // replacement or repaired item on its way to the buyer
	outShippedAt  time.Time // when the merchant shipped it (R3.3)
	deliveredAt   time.Time // when the buyer signed for it (R3.3: 签收换货后)
	receivedAt    time.Time
	repairPeriod  time.Duration
	visitAt       time.Time
	firstVisitAt  time.Time
	vouchers      Vouchers
	selfRepair    SelfRepairTerms
	dispute       Dispute
	refund        CaseRefund
	advanced      shopkit.Money
	advances      []string // keys of the advances recorded
	rating        int
	ratingNote    string
	tier          shopkit.MemberTier // the buyer's member tier when opened
	released      bool               // the order ledger freed the units of the ended case
	stepAt        time.Time          // when the unfinished follow-up began (PendingStep); zero when none
	journal       shopkit.Journal
}

// Vouchers are the local-life vouchers a voucher case holds (R3.8): Total bought on
// order line Line, Used of them redeemed, valid until ValidUntil.
type Vouchers struct {
	Line       int       `json:"line"`                 // the order line of the vouchers
	Total      int64     `json:"total"`                // vouchers bought
	Used       int64     `json:"used"`                 // vouchers redeemed
	ValidUntil time.Time `json:"valid_until,omitzero"` // end of validity
}

// CaseRefund is the refund of a case: its idempotency key once the case reached
// refunding, whether the order ledger has issued it, and the amount.
type CaseRefund struct {
	Key       string        `json:"key"`       // idempotency key of the refund (the EffectRefund Ref)
	Issued    bool          `json:"issued"`    // the order ledger issued it
	Amount    shopkit.Money `json:"amount"`    // what the ledger refunds
	Confirmed bool          `json:"confirmed"` // the gateway paid it back
}

// SelfRepairTerms records a self-repair agreement (R3.4): the agreed amount, or the
// invoice amount when none was agreed.
type SelfRepairTerms struct {
	Agreed  shopkit.Money `json:"agreed"`  // agreed amount; zero means the invoice is paid
	Invoice shopkit.Money `json:"invoice"` // the buyer's invoice amount
}

// Dispute is the platform's intervention in a case (R3.9).
type Dispute struct {
	RequestedBy shopkit.Role `json:"requested_by"`          // who asked the platform
	RequestedAt time.Time    `json:"requested_at,omitzero"` // when; zero when no dispute
	Reason      string       `json:"reason"`                // why
	Evidence    []string     `json:"evidence"`              // chat logs, transaction records
	Decision    Action       `json:"decision"`              // decide_for_buyer, decide_for_merchant, decide_refund or convert
	DecidedAt   time.Time    `json:"decided_at,omitzero"`   // when the platform decided
}

// NewCase opens a case for the buyer's application against order (R3.2): it
// checks eligibility (CheckEligibility), records the opening with the reason and
// evidence, and starts the first deadline (48 h for the merchant, 3 days for an
// on-site visit agreement). The order ledger's claim on the units is the
// Service's next step.
func NewCase(p Policy, order Order, app Application, now time.Time) (*Case, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkEligibility(p, order, app, now); err != nil {
		return nil, err
	}
	id := uuid.New()
	c := &Case{policy: p.clone(), id: id, journal: shopkit.NewJournal(id.String()), kind: app.Kind, orderID: order.ID, orderNumber: order.Number,
		orderState: order.State, buyerID: order.BuyerID, merchantID: order.MerchantID,
		lines: slices.Clone(app.Lines), reason: app.Reason, note: app.Note, evidence: slices.Clone(app.Evidence),
		openedAt: now, advanced: shopkit.Zero(order.Lines[0].Paid.Currency()).WithAmount(0)}
	c.refund.Amount = c.advanced
	c.state = Requested
	c.deadline = c.deadlineFor(Requested, "", now)
	c.journal.Change(shopkit.Actor{Role: shopkit.Buyer, ID: order.BuyerID}, now, string(ActOpen), "", string(Requested),
		string(app.Reason)+": "+app.Note, app.Evidence)
	c.notifyNote(now, ActOpen, c.merchantParty(), openedNote+string(app.Kind))
	return c, nil
}

// NewVoucherCase opens the voucher case of a local-life order (R3.8) when it is
// paid: line's quantity is the number of vouchers, valid until validUntil. The
// buyer may ask for the refund of unused vouchers any time before validUntil; after
// it the system refunds them.
func NewVoucherCase(p Policy, order Order, line int, validUntil time.Time, now time.Time) (*Case, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := validateOrder(order); err != nil {
		return nil, err
	}
	if line < 0 || line >= len(order.Lines) {
		return nil, shopkit.Invalid(CodeInvalidLine, "line", "is not a line of the order")
	}
	if !validUntil.After(now) {
		return nil, shopkit.Invalid(CodeInvalidValidity, "valid_until", "must be after now")
	}
	if order.State == OrderPendingPayment || order.State == OrderClosed {
		return nil, notAllowed(CodeOrderNotEligible, "vouchers of an order in state "+string(order.State)+" cannot be held")
	}
	n := order.Lines[line].Quantity
	id := uuid.New()
	c := &Case{policy: p.clone(), id: id, journal: shopkit.NewJournal(id.String()), kind: Voucher, orderID: order.ID, orderNumber: order.Number,
		orderState: order.State, buyerID: order.BuyerID, merchantID: order.MerchantID,
		lines: []LineQty{{Line: line, Units: n}}, reason: Other, openedAt: now,
		vouchers: Vouchers{Line: line, Total: n, ValidUntil: validUntil},
		advanced: shopkit.Zero(order.Lines[0].Paid.Currency()).WithAmount(0)}
	c.refund.Amount = c.advanced
	c.state = VoucherValid
	c.deadline = validUntil
	c.journal.Change(shopkit.SystemActor(), now, string(ActOpen), "", string(VoucherValid), "vouchers issued", nil)
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

// MerchantID returns the order's merchant: the shop.
func (c *Case) MerchantID() uuid.UUID { return c.merchantID }

// Lines returns the lines and units the case is about.
func (c *Case) Lines() []LineQty { return slices.Clone(c.lines) }

// Deadline returns the current deadline and whether the case is waiting on one:
// the countdown a frontend shows. An action at the deadline is in time; after it
// the sweep applies the state's consequence (the table's Timeout).
func (c *Case) Deadline() (time.Time, bool) { return c.deadline, !c.deadline.IsZero() }

// Parties returns who the case belongs to (R0.4): the order's buyer and its
// shop. Every action checks its actor against them before anything else
// (shopkit.Parties.Check, code shopkit.CodeNotParty): the buyer is the order's
// buyer; the merchant is the shop (an Actor whose ID is the shop's UUID text) or
// its staff (an Actor listing the shop in Shops); a platform operator is one of
// the whole platform or of this shop; the system always is.
func (c *Case) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: c.buyerID, Shop: c.merchantID}
}

// AllowedActions lists the actions by may take now, in table order: the
// buttons a frontend shows that actor. It is empty when by is not a party of
// the case (R0.4), and for the zero Case. What a role may do in a state,
// whoever acts, is CaseWorkflow(kind, policy).AllowedActions(state, role).
// It checks party, role and state only; ActionsAt also checks the deadline
// and the case's own conditions, and lists the rating: what a screen shows.
func (c *Case) AllowedActions(by shopkit.Actor) []Action {
	t := tableOf(c.kind)
	if t == nil {
		return nil // the zero Case: no kind, no table
	}
	return t.AllowedFor(c.state, by, c.Parties())
}

// Terminal reports whether the case has ended; the zero Case, which has no
// kind, holds nothing and counts as ended.
func (c *Case) Terminal() bool {
	t := tableOf(c.kind)
	return t == nil || t.Terminal(c.state)
}

// Open reports whether the case still holds its units (it has not ended).
func (c *Case) Open() bool { return !c.Terminal() }

// UnitsReleased reports whether the order ledger has freed the units of the
// ended case (MarkUnitsReleased).
func (c *Case) UnitsReleased() bool { return c.released }

// PendingStep reports whether the case has an unfinished follow-up in the order
// ledger, and since when: a refund the ledger has not issued yet
// (PendingRefund), or the units of an ended case the ledger has not freed yet
// (UnitsReleased). The Service carries it out right after saving the change
// that left it; Store.Pending lists the cases whose follow-up was interrupted,
// oldest step first, for Service.Resume.
func (c *Case) PendingStep() (time.Time, bool) {
	if c.stepPending() {
		return c.stepAt, true
	}
	return time.Time{}, false
}

func (c *Case) stepPending() bool {
	return c.PendingRefund() || (tableOf(c.kind) != nil && c.Terminal() && !c.released)
}

// syncStep stamps the follow-up a change left with now, once: a step keeps the
// time it began until it is done (a step restored without its time is stamped
// by the next change that leaves it pending).
func (c *Case) syncStep(now time.Time) {
	switch {
	case !c.stepPending():
		c.stepAt = time.Time{}
	case c.stepAt.IsZero():
		c.stepAt = now.UTC() // UTC, so that the snapshot's JSON round-trips exactly
	}
}

// Conversations returns the reference of the conversation the merchant had with
// the buyer before each rejection (R3.3), oldest first: a rejection adds one and
// none is ever replaced. Each is also cited in its rejection's entry.
func (c *Case) Conversations() []string { return slices.Clone(c.conversations) }

// Vouchers returns the vouchers of a voucher case.
func (c *Case) Vouchers() Vouchers { return c.vouchers }

// Refund returns the case's refund.
func (c *Case) Refund() CaseRefund { return c.refund }

// Dispute returns the latest platform intervention, if any (RequestedAt is zero
// if none); the trail keeps every escalation with its evidence and every
// decision.
func (c *Case) Dispute() Dispute {
	d := c.dispute
	d.Evidence = slices.Clone(d.Evidence)
	return d
}

// Advanced returns what the platform advanced to the buyer in this case (R3.9).
func (c *Case) Advanced() shopkit.Money { return c.advanced }

// Rating returns the buyer's rating of the handling (0 if none) and its note.
func (c *Case) Rating() (int, string) { return c.rating, c.ratingNote }

// Tier returns the buyer's member tier read when the case was opened (the zero
// tier when the Service has no tier reader).
func (c *Case) Tier() shopkit.MemberTier { return c.tier }

// Priority reports whether the case is a priority customer's (the tier's
// PriorityAfterSales): its handlers serve it first. It changes no deadline: the
// rules' deadlines hold for every buyer.
func (c *Case) Priority() bool { return c.tier.PriorityAfterSales }

// History returns the entries of the audit trail (R0.4) the value holds, oldest
// first: every entry of a case built and acted on in memory, and of one loaded
// from a store only those added since (the whole trail is the store's: Store's
// Trail).
func (c *Case) History() []shopkit.Entry { return c.journal.History() }

// Unsaved returns the entries added since the case was created or loaded.
func (c *Case) Unsaved() []shopkit.Entry { return c.journal.Unsaved() }

// MarkSaved marks every entry saved; stores call it after persisting.
func (c *Case) MarkSaved() { c.journal.MarkSaved() }

// Effects returns the effect entries (notifications, payments) among History:
// those the value holds. Each effect's ID is "<case id>#<seq>", seq its place in
// the whole trail.
func (c *Case) Effects() []shopkit.Entry { return c.journal.Effects() }

// Policy returns the policy the case runs under.
func (c *Case) Policy() Policy { return c.policy.clone() }

// PolicyVersion returns the name of the policy version in force when the case
// opened (ServiceConfig.Policies), "" for a case opened under a plain Policy.
// The case keeps that version's policy: a later version never moves its
// deadlines (R0.3).
func (c *Case) PolicyVersion() string { return c.policyVersion }

// Clone returns a deep copy. It shares only the policy's category map and list,
// which no case modifies.
func (c *Case) Clone() *Case {
	d := *c
	d.lines = slices.Clone(c.lines)
	d.evidence = slices.Clone(c.evidence)
	d.conversations = slices.Clone(c.conversations)
	d.advances = slices.Clone(c.advances)
	d.dispute.Evidence = slices.Clone(c.dispute.Evidence)
	d.journal = c.journal.Clone()
	return &d
}

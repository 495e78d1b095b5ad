package support

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/text"
)

// CompensationKind is what a complaint is closed with (R6.4).
type CompensationKind string

// The compensation kinds of R6.4.
const (
	Gift          CompensationKind = "gift"
	ApologyLetter CompensationKind = "apology_letter"
	Exchange      CompensationKind = "exchange"
	Coupon        CompensationKind = "coupon"
)

// compensationKinds is the strict text codec of CompensationKind
// (CodeInvalidCompensation); "" is a complaint not closed yet.
var compensationKinds = enum.New(CodeInvalidCompensation, "compensation.kind", "", Gift, ApologyLetter, Exchange, Coupon)

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (k CompensationKind) MarshalText() ([]byte, error) { return compensationKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler strictly: a kind or "" (none
// yet) decodes; on error *k is unchanged.
func (k *CompensationKind) UnmarshalText(b []byte) error { return compensationKinds.Unmarshal(k, b) }

// Compensation is what the shop gives a complaining customer. A coupon is issued
// by the host (membership issues shop coupons): the complaint records its
// reference and emits an issue_coupon effect.
type Compensation struct {
	Kind      CompensationKind `json:"kind"`
	Note      string           `json:"note"`
	CouponRef string           `json:"coupon_ref"` // the coupon template to issue; required for Coupon
	Value     shopkit.Money    `json:"value"`      // optional value for reporting
}

// The effects a closed complaint emits.
const (
	EffectIssueCoupon shopkit.EffectType = "issue_coupon" // issue CouponRef to the customer
	EffectCompensate  shopkit.EffectType = "compensate"   // send the gift, letter or exchange
)

func (c Compensation) validate() error {
	switch c.Kind {
	case "":
		return shopkit.Invalid(CodeCompensationRequired, "compensation", "a complaint closes with a compensation")
	case Gift, ApologyLetter, Exchange:
	case Coupon:
		if c.CouponRef == "" {
			return shopkit.Invalid(CodeInvalidCompensation, "compensation.coupon_ref", "is required for a coupon")
		}
	default:
		return shopkit.Invalid(CodeInvalidCompensation, "compensation.kind", "unknown kind "+text.Quote(string(c.Kind)))
	}
	if c.Value.IsNegative() {
		return shopkit.Invalid(CodeInvalidCompensation, "compensation.value", "must not be negative")
	}
	return nil
}

// Handler is who handles complaints, with the highest severity they may take.
type Handler struct {
	ID    string   `json:"id"`    // the agent's ID: a Merchant actor with this ID acts as the handler
	Level Severity `json:"level"` // the highest severity the handler may take
}

// ComplaintInput files a complaint from any channel into the one log (R6.4).
type ComplaintInput struct {
	ID             uuid.UUID `json:"id"`      // optional
	ShopID         uuid.UUID `json:"shop_id"` // the shop (its merchant's ID)
	CustomerID     string    `json:"customer_id"`
	Channel        Channel   `json:"channel"`
	ConversationID uuid.UUID `json:"conversation_id"` // optional
	OrderID        uuid.UUID `json:"order_id"`        // optional
	Signals        Signals   `json:"signals"`
}

// Complaint is one entry of a shop's complaint log (R6.4).
type Complaint struct {
	id             uuid.UUID
	shopID         uuid.UUID
	customerID     string
	channel        Channel
	conversationID uuid.UUID
	orderID        uuid.UUID
	signals        Signals
	severity       Severity
	state          ComplaintState
	handler        Handler
	compensation   Compensation
	filedAt        time.Time
	closedAt       time.Time
	followUpDue    time.Time
	followUpNote   string
	journal        shopkit.Journal
	policy         Policy
	version        string // the name of the policy version it was filed under; "" for a plain Policy
}

// NewComplaint logs a complaint graded by sp (R6.4) under p, which it keeps. Bad
// input or an invalid policy is a *shopkit.ValidationError.
func NewComplaint(in ComplaintInput, sp SeverityPolicy, p Policy, now time.Time) (*Complaint, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	var ps []shopkit.FieldProblem
	if in.ShopID == uuid.Nil {
		ps = append(ps, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	if in.CustomerID == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "customer_id", Problem: "is required"})
	}
	if err := in.Channel.Validate(); err != nil {
		ps = append(ps, shopkit.FieldProblem{Field: "channel", Problem: problem(err)})
	}
	if strings.TrimSpace(in.Signals.Text) == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "signals.text", Problem: "must not be empty"})
	}
	if in.Signals.PriorContacts < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "signals.prior_contacts", Problem: "must not be negative"})
	}
	if err := shopkit.Incomplete(CodeInvalidComplaint, ps); err != nil {
		return nil, err
	}
	id := in.ID
	if id == uuid.Nil {
		id = uuid.New()
	}
	c := &Complaint{id: id, shopID: in.ShopID, customerID: in.CustomerID, channel: in.Channel,
		conversationID: in.ConversationID, orderID: in.OrderID, signals: in.Signals,
		severity: sp.Grade(in.Signals), state: Filed, filedAt: now, policy: p.clone(), journal: shopkit.NewJournal(id.String())}
	c.journal.Change(shopkit.Actor{Role: shopkit.Buyer, ID: in.CustomerID}, now, "file", "", string(Filed), c.severity.String(), nil)
	return c, nil
}

// ID returns the complaint's identity.
func (c *Complaint) ID() uuid.UUID { return c.id }

// ShopID returns the shop (its merchant's ID).
func (c *Complaint) ShopID() uuid.UUID { return c.shopID }

// FiledAt returns when the complaint was logged.
func (c *Complaint) FiledAt() time.Time { return c.filedAt }

// State returns the workflow state.
func (c *Complaint) State() ComplaintState { return c.state }

// Severity returns the graded level.
func (c *Complaint) Severity() Severity { return c.severity }

// Handler returns the assigned handler.
func (c *Complaint) Handler() Handler { return c.handler }

// Compensation returns what the complaint was closed with.
func (c *Complaint) Compensation() Compensation { return c.compensation }

// FollowUpDue returns the follow-up task's deadline, once closed.
func (c *Complaint) FollowUpDue() (time.Time, bool) { return c.followUpDue, !c.followUpDue.IsZero() }

// Deadline returns the follow-up deadline while the task is open.
func (c *Complaint) Deadline() (time.Time, bool) {
	if c.state == FollowUp {
		return c.followUpDue, true
	}
	return time.Time{}, false
}

// Parties returns who the complaint belongs to (R0.4): the complaining
// customer is its buyer and the shop its shop, so the shop itself and its
// agents (Merchant actors listing the shop in Actor.Shops) are its merchant
// parties. The customer takes no action in the complaint workflow; filing is
// NewComplaint.
func (c *Complaint) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: c.customerID, Shop: c.shopID}
}

// AllowedActions lists what by may do now, in table order: the actions of by's
// role when by is a party (Table.AllowedFor), less those support's own rule
// keeps from by (only the shop assigns; only the handler or the shop closes and
// follows up). Empty for anyone else.
func (c *Complaint) AllowedActions(by shopkit.Actor) []ComplaintAction {
	var out []ComplaintAction
	for _, a := range complaintTable.AllowedFor(c.state, by, c.Parties()) {
		if admit(by, complaintMerchants(a), c.shopID, c.handler.ID) == nil {
			out = append(out, a)
		}
	}
	return out
}

// History returns the audit entries the complaint holds, oldest first (R0.4):
// every entry of a complaint built in memory, only those added since it was
// loaded from a store (the rest is the store's trail, read with
// ComplaintStore.Trail).
func (c *Complaint) History() []shopkit.Entry { return c.journal.History() }

// Unsaved returns the audit entries added since load.
func (c *Complaint) Unsaved() []shopkit.Entry { return c.journal.Unsaved() }

// MarkSaved marks every audit entry saved.
func (c *Complaint) MarkSaved() { c.journal.MarkSaved() }

// Clone returns a deep copy.
func (c *Complaint) Clone() *Complaint {
	d := *c
	d.journal = c.journal.Clone()
	return &d
}

// String describes the complaint without personal data (R0.5): the customer
// ID is masked with shopkit.MaskPhone (whatever its length); the customer's
// words, the compensation note and the follow-up note are not shown.
func (c *Complaint) String() string {
	return "Complaint{" + c.id.String() + " shop " + c.shopID.String() + " customer " + shopkit.MaskPhone(c.customerID) +
		" " + string(c.channel) + " " + c.severity.String() + " " + string(c.state) + " handler " + c.handler.ID + "}"
}

// GoString is String, so %#v prints the same masked form (R0.5).
func (c *Complaint) GoString() string { return c.String() }

// Assign gives the complaint to a handler whose level matches its severity
// (R6.4): a handler below the severity is refused with CodeHandlerLevelTooLow.
// The system or the shop assigns; the shop may reassign.
func (c *Complaint) Assign(by shopkit.Actor, now time.Time, h Handler) error {
	to, err := c.authorize(by, ActAssignHandler)
	if err != nil {
		return err
	}
	if h.ID == "" {
		return shopkit.Invalid(CodeInvalidHandler, "handler", "must not be empty")
	}
	if err := h.Level.Validate(); err != nil {
		return err
	}
	if h.Level < c.severity {
		return notAllowed(CodeHandlerLevelTooLow, "handler level "+h.Level.String()+" is below severity "+c.severity.String())
	}
	c.journal.Change(by, now, string(ActAssignHandler), string(c.state), string(to), h.ID, nil)
	c.state, c.handler = to, h
	return nil
}

// Close ends the handling with a compensation and opens the follow-up task due
// Policy.ComplaintFollowUp later (R6.4). No compensation:
// CodeCompensationRequired. The handler or the shop closes.
func (c *Complaint) Close(by shopkit.Actor, now time.Time, comp Compensation, note string) error {
	to, err := c.authorize(by, ActCloseComplaint)
	if err != nil {
		return err
	}
	if err := comp.validate(); err != nil {
		return err
	}
	c.journal.Change(by, now, string(ActCloseComplaint), string(c.state), string(to), note, nil)
	c.state, c.compensation, c.closedAt = to, comp, now
	c.followUpDue = now.Add(c.policy.ComplaintFollowUp)
	c.followUpNote = note
	eff := shopkit.Effect{Type: EffectCompensate, Party: "buyer:" + c.customerID, Amount: comp.Value,
		Ref: c.id.String() + "/compensation", Note: string(comp.Kind)}
	if comp.Kind == Coupon {
		eff.Type, eff.Note = EffectIssueCoupon, comp.CouponRef
	}
	c.journal.Emit(now, "compensate", eff)
	return nil
}

// CompleteFollowUp closes the follow-up task (R6.4), in time or late; the
// handler or the shop completes it.
func (c *Complaint) CompleteFollowUp(by shopkit.Actor, now time.Time, note string) error {
	to, err := c.authorize(by, ActCompleteFollow)
	if err != nil {
		return err
	}
	if err := requireText(CodeNoteRequired, "note", note); err != nil {
		return err
	}
	c.journal.Change(by, now, string(ActCompleteFollow), string(c.state), string(to), note, nil)
	c.state = to
	return nil
}

// ApplyDue marks the follow-up overdue once its deadline passed, stamped with
// the deadline (R0.3, R2.9).
func (c *Complaint) ApplyDue(now time.Time) error {
	due, ok := c.Deadline()
	// At exactly the deadline the follow-up is still in time (R6.4).
	if !ok || !now.After(due) {
		return shopkit.NotDue(c.id)
	}
	to, err := c.authorize(shopkit.SystemActor(), ActFollowUpLate)
	if err != nil {
		return err
	}
	c.journal.Change(shopkit.SystemActor(), due, string(ActFollowUpLate), string(c.state), string(to), "", nil)
	c.journal.Emit(due, string(ActFollowUpLate), shopkit.Effect{Type: shopkit.EffectNotify, Party: "merchant:" + c.shopID.String(), Ref: c.id.String() + "/follow_up"})
	c.state = to
	return nil
}

// authorize checks an action against the table and the actor against the
// complaint's parties (Table.Authorize, shopkit.CodeNotParty), then support's
// rule of which of the shop's people may take it (CodeNotYours; see the package
// doc). It returns the state the action leads to and changes nothing.
func (c *Complaint) authorize(by shopkit.Actor, act ComplaintAction) (ComplaintState, error) {
	to, err := complaintTable.Authorize(c.state, act, by, c.Parties())
	if err != nil {
		return to, err
	}
	return to, admit(by, complaintMerchants(act), c.shopID, c.handler.ID)
}

// Policy returns the policy the complaint was filed under.
func (c *Complaint) Policy() Policy { return c.policy.clone() }

// PolicyVersion returns the name of the policy version in force when the
// complaint was filed (ServiceConfig.Policies), "" for one filed under a plain
// Policy. The complaint keeps that version's policy: a later version never
// moves its follow-up deadline (R0.3).
func (c *Complaint) PolicyVersion() string { return c.version }

// ComplaintSnapshot is every persisted field of a Complaint, the policy it was
// filed under included: the complaint's state, not its history, which is the
// store's audit trail (R0.4). The policy's calendar (Policy.Hours) is code, not
// data, so it is not part of the JSON form: a host store sets it again on a
// decoded snapshot before RestoreComplaint. It keeps the personal data in full
// (the customer, their words) for the host's store; its String and GoString
// mask them (R0.5).
type ComplaintSnapshot struct {
	ID             uuid.UUID      `json:"id"`
	ShopID         uuid.UUID      `json:"shop_id"`
	CustomerID     string         `json:"customer_id"`
	Channel        Channel        `json:"channel"`
	ConversationID uuid.UUID      `json:"conversation_id"`
	OrderID        uuid.UUID      `json:"order_id"`
	Signals        Signals        `json:"signals"`
	Severity       Severity       `json:"severity"`
	State          ComplaintState `json:"state"`
	Handler        Handler        `json:"handler"`
	Compensation   Compensation   `json:"compensation"`
	FiledAt        time.Time      `json:"filed_at,omitzero"`
	ClosedAt       time.Time      `json:"closed_at,omitzero"`
	FollowUpDue    time.Time      `json:"follow_up_due,omitzero"`
	FollowUpNote   string         `json:"follow_up_note"`
	Policy         Policy         `json:"policy"` // the policy the complaint was filed under
	// PolicyVersion is Complaint.PolicyVersion: that policy's version name,
	// "" for a plain Policy and in snapshots from before versions.
	PolicyVersion string `json:"policy_version,omitempty"`
	// Seq is the length of the complaint's audit trail in the store: the next
	// entry is Seq + 1.
	Seq int `json:"seq"`
}

// Snapshot returns every field for persistence.
func (c *Complaint) Snapshot() ComplaintSnapshot {
	return ComplaintSnapshot{ID: c.id, ShopID: c.shopID, CustomerID: c.customerID, Channel: c.channel,
		ConversationID: c.conversationID, OrderID: c.orderID, Signals: c.signals, Severity: c.severity,
		State: c.state, Handler: c.handler, Compensation: c.compensation, FiledAt: c.filedAt,
		ClosedAt: c.closedAt, FollowUpDue: c.followUpDue, FollowUpNote: c.followUpNote,
		Policy: c.policy.clone(), PolicyVersion: c.version, Seq: c.journal.Seq()}
}

// RestoreComplaint rebuilds a complaint from a snapshot without re-running rules;
// its next actions follow the snapshot's policy, and its audit entries number
// on from Seq. A snapshot without an ID or shop, with a negative Seq
// (CodeInvalidComplaint), with an unknown state (CodeInvalidState), severity
// (CodeInvalidSeverity) or an invalid policy (CodeInvalidPolicy) is a
// *shopkit.ValidationError.
func RestoreComplaint(s ComplaintSnapshot) (*Complaint, error) {
	if s.ID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidComplaint, "id", "is required")
	}
	if s.ShopID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidComplaint, "shop_id", "is required")
	}
	if s.Seq < 0 {
		return nil, shopkit.Invalid(CodeInvalidComplaint, "seq", "must not be negative")
	}
	if err := s.State.Validate(); err != nil {
		return nil, err
	}
	if err := s.Severity.Validate(); err != nil {
		return nil, err
	}
	if err := s.Policy.Validate(); err != nil {
		return nil, err
	}
	return &Complaint{id: s.ID, shopID: s.ShopID, customerID: s.CustomerID, channel: s.Channel,
		conversationID: s.ConversationID, orderID: s.OrderID, signals: s.Signals, severity: s.Severity,
		state: s.State, handler: s.Handler, compensation: s.Compensation, filedAt: s.FiledAt,
		closedAt: s.ClosedAt, followUpDue: s.FollowUpDue, followUpNote: s.FollowUpNote,
		journal: shopkit.ResumeJournal(s.ID.String(), s.Seq), policy: s.Policy.clone(), version: s.PolicyVersion}, nil
}

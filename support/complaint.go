package support

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/fsm"
)

// ComplaintState is where a complaint is (R6.4).
type ComplaintState string

// The complaint states.
const (
	Filed           ComplaintState = "filed"             // logged, graded, waiting for a handler
	Handling        ComplaintState = "handling"          // a handler of matching level works on it
	FollowUp        ComplaintState = "follow_up"         // closed with compensation; the follow-up task is open
	FollowUpOverdue ComplaintState = "follow_up_overdue" // the follow-up deadline passed
	Done            ComplaintState = "done"              // followed up
)

// ComplaintAction is a step of the complaint workflow.
type ComplaintAction string

// The complaint actions.
const (
	ActAssignHandler  ComplaintAction = "assign_handler"
	ActCloseComplaint ComplaintAction = "close"
	ActFollowUpLate   ComplaintAction = "mark_follow_up_overdue"
	ActCompleteFollow ComplaintAction = "complete_follow_up"
)

// complaintStates is the strict text codec of ComplaintState
// (support.invalid_state).
var complaintStates = enum.New("support.invalid_state", "state", Filed, Handling, FollowUp, FollowUpOverdue, Done)

// Validate rejects an unknown state.
func (s ComplaintState) Validate() error { return complaintStates.Check(s) }

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (s ComplaintState) MarshalText() ([]byte, error) { return complaintStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (s *ComplaintState) UnmarshalText(b []byte) error { return complaintStates.Unmarshal(s, b) }

var complaintFSM = fsm.MustNew("support.complaint", []fsm.Transition[ComplaintState, ComplaintAction]{
	{From: Filed, Action: ActAssignHandler, Roles: routing, To: Handling},
	{From: Handling, Action: ActAssignHandler, Roles: []shopkit.Role{Supervisor}, To: Handling},
	{From: Handling, Action: ActCloseComplaint, Roles: staff, To: FollowUp},
	{From: FollowUp, Action: ActCompleteFollow, Roles: staff, To: Done},
	{From: FollowUp, Action: ActFollowUpLate, Roles: []shopkit.Role{shopkit.System}, To: FollowUpOverdue},
	{From: FollowUpOverdue, Action: ActCompleteFollow, Roles: staff, To: Done},
}, fsm.Timeout[ComplaintState, ComplaintAction]{State: FollowUp, Action: ActFollowUpLate, Label: "follow-up deadline (72h)"})

// ComplaintDiagram returns the Mermaid diagram of the complaint workflow.
func ComplaintDiagram() string { return complaintFSM.Mermaid() }

// CompensationKind is what a complaint is closed with (R6.4).
type CompensationKind string

// The compensation kinds of R6.4.
const (
	Gift          CompensationKind = "gift"
	ApologyLetter CompensationKind = "apology_letter"
	Exchange      CompensationKind = "exchange"
	Coupon        CompensationKind = "coupon"
)

// Compensation is what the shop gives a complaining customer. A coupon is issued
// by the host through membership/commerce: the complaint records its reference
// and emits an issue_coupon effect.
type Compensation struct {
	Kind      CompensationKind
	Note      string
	CouponRef string         // the coupon template to issue; required for Coupon
	Value     commerce.Money // optional value for reporting
}

// The effects a closed complaint emits.
const (
	EffectIssueCoupon commerce.EffectType = "issue_coupon" // issue CouponRef to the customer
	EffectCompensate  commerce.EffectType = "compensate"   // send the gift, letter or exchange
)

func (c Compensation) validate() error {
	switch c.Kind {
	case "":
		return shopkit.Invalid("support.compensation_required", "compensation", "a complaint closes with a compensation")
	case Gift, ApologyLetter, Exchange:
	case Coupon:
		if c.CouponRef == "" {
			return shopkit.Invalid("support.invalid_compensation", "compensation.coupon_ref", "is required for a coupon")
		}
	default:
		return shopkit.Invalid("support.invalid_compensation", "compensation.kind", "unknown kind "+string(c.Kind))
	}
	if c.Value.IsNegative() {
		return shopkit.Invalid("support.invalid_compensation", "compensation.value", "must not be negative")
	}
	return nil
}

// Handler is who handles complaints, with the highest severity they may take.
type Handler struct {
	ID    string
	Level Severity
}

// ComplaintInput files a complaint from any channel into the one log (R6.4).
type ComplaintInput struct {
	ID             uuid.UUID // optional
	ShopID         string
	CustomerID     string
	Channel        Channel
	ConversationID uuid.UUID // optional
	OrderID        uuid.UUID // optional
	Signals        Signals
}

// Complaint is one entry of a shop's complaint log (R6.4).
type Complaint struct {
	id             uuid.UUID
	shopID         string
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
	journal        commerce.Journal
	policy         Policy
}

// NewComplaint logs a complaint graded by sp (R6.4).
func NewComplaint(in ComplaintInput, sp SeverityPolicy, p Policy, now time.Time) (*Complaint, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var ps []shopkit.FieldProblem
	if in.ShopID == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	if in.CustomerID == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "customer_id", Problem: "is required"})
	}
	if err := in.Channel.Validate(); err != nil {
		ps = append(ps, shopkit.FieldProblem{Field: "channel", Problem: err.(*shopkit.ValidationError).Problem})
	}
	if strings.TrimSpace(in.Signals.Text) == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "signals.text", Problem: "must not be empty"})
	}
	if in.Signals.PriorContacts < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "signals.prior_contacts", Problem: "must not be negative"})
	}
	if err := shopkit.Incomplete("support.invalid_complaint", ps); err != nil {
		return nil, err
	}
	id := in.ID
	if id == uuid.Nil {
		id = uuid.New()
	}
	c := &Complaint{id: id, shopID: in.ShopID, customerID: in.CustomerID, channel: in.Channel,
		conversationID: in.ConversationID, orderID: in.OrderID, signals: in.Signals,
		severity: sp.Grade(in.Signals), state: Filed, filedAt: now, policy: p}
	c.journal.Change(commerce.Actor{Role: Customer, ID: in.CustomerID}, now, "file", "", string(Filed), c.severity.String(), nil)
	return c, nil
}

// ID returns the complaint's identity.
func (c *Complaint) ID() uuid.UUID { return c.id }

// ShopID returns the shop.
func (c *Complaint) ShopID() string { return c.shopID }

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

// AllowedActions lists what role may do now.
func (c *Complaint) AllowedActions(role shopkit.Role) []ComplaintAction {
	return complaintFSM.AllowedActions(c.state, role)
}

// History returns the audit trail (R0.4).
func (c *Complaint) History() []commerce.Entry { return c.journal.History() }

// Unsaved returns the audit entries added since load.
func (c *Complaint) Unsaved() []commerce.Entry { return c.journal.Unsaved() }

// MarkSaved marks every audit entry saved.
func (c *Complaint) MarkSaved() { c.journal.MarkSaved() }

// Clone returns a deep copy.
func (c *Complaint) Clone() *Complaint {
	d := *c
	d.journal = c.journal.Clone()
	return &d
}

// String describes the complaint without personal data (R0.5).
func (c *Complaint) String() string {
	return fmt.Sprintf("complaint %s shop=%s customer=%s severity=%s state=%s", c.id, c.shopID, mask(c.customerID), c.severity, c.state)
}

// Assign gives the complaint to a handler whose level matches its severity
// (R6.4): a handler below the severity is refused with
// support.handler_level_too_low.
func (c *Complaint) Assign(by commerce.Actor, now time.Time, h Handler) error {
	to, err := complaintFSM.Check(c.state, ActAssignHandler, by.Role)
	if err != nil {
		return err
	}
	if h.ID == "" {
		return invalid("handler", "must not be empty")
	}
	if err := h.Level.Validate(); err != nil {
		return err
	}
	if h.Level < c.severity {
		return shopkit.NewError(shopkit.ErrNotAllowed, "support.handler_level_too_low",
			"support: handler level "+h.Level.String()+" is below severity "+c.severity.String())
	}
	c.journal.Change(by, now, string(ActAssignHandler), string(c.state), string(to), h.ID, nil)
	c.state, c.handler = to, h
	return nil
}

// Close ends the handling with a compensation and opens the follow-up task due
// Policy.ComplaintFollowUp later (R6.4). No compensation: support.compensation_required.
func (c *Complaint) Close(by commerce.Actor, now time.Time, comp Compensation, note string) error {
	to, err := complaintFSM.Check(c.state, ActCloseComplaint, by.Role)
	if err != nil {
		return err
	}
	if by.Role == Agent && by.ID != c.handler.ID {
		return shopkit.NewError(shopkit.ErrNotAllowed, "support.not_yours", "support: agent "+by.ID+" is not the handler")
	}
	if err := comp.validate(); err != nil {
		return err
	}
	c.journal.Change(by, now, string(ActCloseComplaint), string(c.state), string(to), note, nil)
	c.state, c.compensation, c.closedAt = to, comp, now
	c.followUpDue = now.Add(c.policy.ComplaintFollowUp)
	c.followUpNote = note
	eff := commerce.Effect{Type: EffectCompensate, Party: "customer:" + c.customerID, Amount: comp.Value,
		Ref: c.id.String() + "/compensation", Note: string(comp.Kind)}
	if comp.Kind == Coupon {
		eff.Type, eff.Note = EffectIssueCoupon, comp.CouponRef
	}
	c.journal.Emit(now, "compensate", eff)
	return nil
}

// CompleteFollowUp closes the follow-up task (R6.4), in time or late.
func (c *Complaint) CompleteFollowUp(by commerce.Actor, now time.Time, note string) error {
	to, err := complaintFSM.Check(c.state, ActCompleteFollow, by.Role)
	if err != nil {
		return err
	}
	if err := requireText("support.note_required", "note", note); err != nil {
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
		return commerce.NotDue("support", c.id)
	}
	to, err := complaintFSM.Check(c.state, ActFollowUpLate, shopkit.System)
	if err != nil {
		return err
	}
	c.journal.Change(commerce.SystemActor(), due, string(ActFollowUpLate), string(c.state), string(to), "", nil)
	c.journal.Emit(due, string(ActFollowUpLate), commerce.Effect{Type: commerce.EffectNotify, Party: "shop:" + c.shopID, Ref: c.id.String() + "/follow_up"})
	c.state = to
	return nil
}

// ComplaintSnapshot is every persisted field of a Complaint.
type ComplaintSnapshot struct {
	ID             uuid.UUID
	ShopID         string
	CustomerID     string
	Channel        Channel
	ConversationID uuid.UUID
	OrderID        uuid.UUID
	Signals        Signals
	Severity       Severity
	State          ComplaintState
	Handler        Handler
	Compensation   Compensation
	FiledAt        time.Time
	ClosedAt       time.Time
	FollowUpDue    time.Time
	FollowUpNote   string
	History        []commerce.Entry
}

// Snapshot returns every field for persistence.
func (c *Complaint) Snapshot() ComplaintSnapshot {
	return ComplaintSnapshot{ID: c.id, ShopID: c.shopID, CustomerID: c.customerID, Channel: c.channel,
		ConversationID: c.conversationID, OrderID: c.orderID, Signals: c.signals, Severity: c.severity,
		State: c.state, Handler: c.handler, Compensation: c.compensation, FiledAt: c.filedAt,
		ClosedAt: c.closedAt, FollowUpDue: c.followUpDue, FollowUpNote: c.followUpNote, History: c.journal.History()}
}

// RestoreComplaint rebuilds a complaint without re-running rules.
func RestoreComplaint(s ComplaintSnapshot, p Policy) (*Complaint, error) {
	if err := s.State.Validate(); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Complaint{id: s.ID, shopID: s.ShopID, customerID: s.CustomerID, channel: s.Channel,
		conversationID: s.ConversationID, orderID: s.OrderID, signals: s.Signals, severity: s.Severity,
		state: s.State, handler: s.Handler, compensation: s.Compensation, filedAt: s.FiledAt,
		closedAt: s.ClosedAt, followUpDue: s.FollowUpDue, followUpNote: s.FollowUpNote,
		journal: commerce.RestoreJournal(s.History), policy: p}, nil
}

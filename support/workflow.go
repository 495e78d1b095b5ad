package support

import (
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// State is where a conversation is in its lifecycle (R6.1).
type State string

// The conversation states (R6.1).
const (
	Open            State = "open"             // waiting in a queue for an agent
	Assigned        State = "assigned"         // an agent has it, no reply yet
	InProgress      State = "in_progress"      // the agent is working on it
	WaitingCustomer State = "waiting_customer" // the agent waits for the customer; SLA clock paused
	Resolved        State = "resolved"         // answered; the customer may reopen within the window
	Closed          State = "closed"           // final
)

// Action is a step of the conversation lifecycle.
type Action string

// The conversation actions (R6.1, R6.2).
const (
	ActMessage       Action = "message"        // the customer writes
	ActAssign        Action = "assign"         // routing gives it to an agent
	ActReply         Action = "reply"          // the agent writes
	ActAwaitCustomer Action = "await_customer" // the agent asks the customer and waits
	ActTransfer      Action = "transfer"       // to another agent
	ActRequeue       Action = "requeue"        // to another group or channel queue
	ActResolve       Action = "resolve"        // answered, with a summary and topic
	ActReopen        Action = "reopen"         // the customer comes back within the window
	ActClose         Action = "close"          // final
	ActAbandon       Action = "abandon"        // the customer leaves the queue
)

// conversationStates is the strict text codec of State (CodeInvalidState).
var conversationStates = enum.New(CodeInvalidState, "state", Open, Assigned, InProgress, WaitingCustomer, Resolved, Closed)

// Validate rejects an unknown state.
func (s State) Validate() error { return conversationStates.Check(s) }

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (s State) MarshalText() ([]byte, error) { return conversationStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (s *State) UnmarshalText(b []byte) error { return conversationStates.Unmarshal(s, b) }

// running reports whether the resolution clock runs in s (R6.3): it pauses while
// the conversation waits on the customer and after resolution.
func running(s State) bool { return s == Open || s == Assigned || s == InProgress }

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
// (CodeInvalidState).
var complaintStates = enum.New(CodeInvalidState, "state", Filed, Handling, FollowUp, FollowUpOverdue, Done)

// Validate rejects an unknown state.
func (s ComplaintState) Validate() error { return complaintStates.Check(s) }

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (s ComplaintState) MarshalText() ([]byte, error) { return complaintStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (s *ComplaintState) UnmarshalText(b []byte) error { return complaintStates.Unmarshal(s, b) }

// Role sets of the table rows; fresh slices so no table shares mutable memory.
func buyer() []shopkit.Role       { return []shopkit.Role{shopkit.Buyer} }
func merchant() []shopkit.Role    { return []shopkit.Role{shopkit.Merchant} }
func system() []shopkit.Role      { return []shopkit.Role{shopkit.System} }
func merchantSys() []shopkit.Role { return []shopkit.Role{shopkit.Merchant, shopkit.System} }
func buyerSys() []shopkit.Role    { return []shopkit.Role{shopkit.Buyer, shopkit.System} }

type row = shopkit.Transition[State, Action]
type complaintRow = shopkit.Transition[ComplaintState, ComplaintAction]

// The tables are immutable after construction (shopkit.Table is read-only), so
// they are built once at package load and every aggregate checks against them.
// Their timeouts carry no label: the labels depend on the policy
// (ConversationWorkflow, ComplaintWorkflow). Which merchant may act (the agent
// holding the conversation, or the shop) is checked by the aggregate.
var (
	conversationTable = shopkit.MustNewTable(WorkflowConversation, []row{
		{From: Open, Action: ActMessage, Roles: buyer(), To: Open},
		{From: Open, Action: ActAssign, Roles: merchantSys(), To: Assigned},
		{From: Open, Action: ActResolve, Roles: system(), To: Resolved}, // FAQ answer (R6.2)
		{From: Open, Action: ActAbandon, Roles: buyerSys(), To: Closed},

		{From: Assigned, Action: ActMessage, Roles: buyer(), To: Assigned},
		{From: Assigned, Action: ActReply, Roles: merchant(), To: InProgress},
		{From: Assigned, Action: ActTransfer, Roles: merchantSys(), To: Assigned},
		{From: Assigned, Action: ActRequeue, Roles: merchantSys(), To: Open},

		{From: InProgress, Action: ActMessage, Roles: buyer(), To: InProgress},
		{From: InProgress, Action: ActReply, Roles: merchant(), To: InProgress},
		{From: InProgress, Action: ActAwaitCustomer, Roles: merchant(), To: WaitingCustomer},
		{From: InProgress, Action: ActTransfer, Roles: merchantSys(), To: Assigned},
		{From: InProgress, Action: ActRequeue, Roles: merchantSys(), To: Open},
		{From: InProgress, Action: ActResolve, Roles: merchant(), To: Resolved},

		{From: WaitingCustomer, Action: ActMessage, Roles: buyer(), To: InProgress},
		{From: WaitingCustomer, Action: ActReply, Roles: merchant(), To: WaitingCustomer},
		{From: WaitingCustomer, Action: ActTransfer, Roles: merchantSys(), To: Assigned},
		{From: WaitingCustomer, Action: ActRequeue, Roles: merchantSys(), To: Open},
		{From: WaitingCustomer, Action: ActResolve, Roles: merchantSys(), To: Resolved},

		{From: Resolved, Action: ActReopen, Roles: buyer(), To: Open},
		{From: Resolved, Action: ActClose, Roles: merchantSys(), To: Closed},
	},
		shopkit.Timeout[State, Action]{State: WaitingCustomer, Action: ActResolve},
		shopkit.Timeout[State, Action]{State: Resolved, Action: ActClose},
	)

	complaintTable = shopkit.MustNewTable(WorkflowComplaint, []complaintRow{
		{From: Filed, Action: ActAssignHandler, Roles: merchantSys(), To: Handling},
		{From: Handling, Action: ActAssignHandler, Roles: merchant(), To: Handling},
		{From: Handling, Action: ActCloseComplaint, Roles: merchant(), To: FollowUp},
		{From: FollowUp, Action: ActCompleteFollow, Roles: merchant(), To: Done},
		{From: FollowUp, Action: ActFollowUpLate, Roles: system(), To: FollowUpOverdue},
		{From: FollowUpOverdue, Action: ActCompleteFollow, Roles: merchant(), To: Done},
	}, shopkit.Timeout[ComplaintState, ComplaintAction]{State: FollowUp, Action: ActFollowUpLate})
)

// ConversationWorkflow returns the conversation lifecycle of R6.1 with its
// timeouts labelled by p ("customer silence (24h)", "reopen window (3 days)"):
// what a frontend or a diagram shows for a shop running under p.
func ConversationWorkflow(p Policy) *shopkit.Table[State, Action] {
	return conversationTable.Relabel(func(to shopkit.Timeout[State, Action]) string {
		switch to.State {
		case WaitingCustomer:
			return "customer silence (" + span(p.CustomerSilence) + ")"
		case Resolved:
			return "reopen window (" + span(p.ReopenWindow) + ")"
		}
		return ""
	})
}

// ConversationDiagram draws ConversationWorkflow(p) as a Mermaid state diagram
// (DIAGRAMS.md).
func ConversationDiagram(p Policy) string { return ConversationWorkflow(p).Mermaid() }

// ComplaintWorkflow returns the complaint workflow of R6.4 with its follow-up
// deadline labelled by p ("follow-up deadline (3 days)").
func ComplaintWorkflow(p Policy) *shopkit.Table[ComplaintState, ComplaintAction] {
	return complaintTable.Relabel(func(shopkit.Timeout[ComplaintState, ComplaintAction]) string {
		return "follow-up deadline (" + span(p.ComplaintFollowUp) + ")"
	})
}

// ComplaintDiagram draws ComplaintWorkflow(p) as a Mermaid state diagram
// (DIAGRAMS.md).
func ComplaintDiagram(p Policy) string { return ComplaintWorkflow(p).Mermaid() }

// span writes a duration as the rules do: whole days from 3 days on ("3 days"),
// whole hours below ("24h"), else Go's form ("90m0s").
func span(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d >= 3*day && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " days"
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

package support

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/fsm"
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

// conversationStates is the strict text codec of State (support.invalid_state).
var conversationStates = enum.New("support.invalid_state", "state", Open, Assigned, InProgress, WaitingCustomer, Resolved, Closed)

// Validate rejects an unknown state.
func (s State) Validate() error { return conversationStates.Check(s) }

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (s State) MarshalText() ([]byte, error) { return conversationStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (s *State) UnmarshalText(b []byte) error { return conversationStates.Unmarshal(s, b) }

// running reports whether the resolution clock runs in s (R6.3): it pauses while
// the conversation waits on the customer and after resolution.
func running(s State) bool { return s == Open || s == Assigned || s == InProgress }

var (
	staff    = []shopkit.Role{Agent, Supervisor}
	routing  = []shopkit.Role{shopkit.System, Supervisor}
	movers   = []shopkit.Role{Agent, Supervisor, shopkit.System}
	customer = []shopkit.Role{Customer}
)

// conversationFSM is the lifecycle of R6.1 as data; immutable after construction.
var conversationFSM = fsm.MustNew("support.conversation", []fsm.Transition[State, Action]{
	{From: Open, Action: ActMessage, Roles: customer, To: Open},
	{From: Open, Action: ActAssign, Roles: routing, To: Assigned},
	{From: Open, Action: ActResolve, Roles: []shopkit.Role{shopkit.System}, To: Resolved}, // FAQ answer (R6.2)
	{From: Open, Action: ActAbandon, Roles: []shopkit.Role{Customer, shopkit.System}, To: Closed},

	{From: Assigned, Action: ActMessage, Roles: customer, To: Assigned},
	{From: Assigned, Action: ActReply, Roles: []shopkit.Role{Agent}, To: InProgress},
	{From: Assigned, Action: ActTransfer, Roles: movers, To: Assigned},
	{From: Assigned, Action: ActRequeue, Roles: movers, To: Open},

	{From: InProgress, Action: ActMessage, Roles: customer, To: InProgress},
	{From: InProgress, Action: ActReply, Roles: []shopkit.Role{Agent}, To: InProgress},
	{From: InProgress, Action: ActAwaitCustomer, Roles: []shopkit.Role{Agent}, To: WaitingCustomer},
	{From: InProgress, Action: ActTransfer, Roles: movers, To: Assigned},
	{From: InProgress, Action: ActRequeue, Roles: movers, To: Open},
	{From: InProgress, Action: ActResolve, Roles: staff, To: Resolved},

	{From: WaitingCustomer, Action: ActMessage, Roles: customer, To: InProgress},
	{From: WaitingCustomer, Action: ActReply, Roles: []shopkit.Role{Agent}, To: WaitingCustomer},
	{From: WaitingCustomer, Action: ActTransfer, Roles: movers, To: Assigned},
	{From: WaitingCustomer, Action: ActRequeue, Roles: movers, To: Open},
	{From: WaitingCustomer, Action: ActResolve, Roles: movers, To: Resolved},

	{From: Resolved, Action: ActReopen, Roles: customer, To: Open},
	{From: Resolved, Action: ActClose, Roles: movers, To: Closed},
},
	fsm.Timeout[State, Action]{State: WaitingCustomer, Action: ActResolve, Label: "customer silence (24h)"},
	fsm.Timeout[State, Action]{State: Resolved, Action: ActClose, Label: "reopen window (72h)"},
)

// ConversationDiagram returns the Mermaid diagram of the conversation lifecycle.
func ConversationDiagram() string { return conversationFSM.Mermaid() }

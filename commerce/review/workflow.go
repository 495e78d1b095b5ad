package review

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// State is a state of the review workflow (R2.6).
type State string

// The review states.
const (
	Unreviewed State = "unreviewed" // the order is completed and has no review yet: no Review is in it
	Reviewed   State = "reviewed"   // the buyer rated the order; the merchant may reply
	Replied    State = "replied"    // the merchant replied (final: once only)
)

// reviewStates is the strict codec of State.
var reviewStates = enum.New(CodeInvalidState, "state", Unreviewed, Reviewed, Replied)

// MarshalText implements encoding.TextMarshaler; an unknown state is an error.
func (s State) MarshalText() ([]byte, error) { return reviewStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; a text that is not a
// state's name is a ValidationError (CodeInvalidState) naming "state".
func (s *State) UnmarshalText(b []byte) error { return reviewStates.Unmarshal(s, b) }

// Action is an action of the review workflow (R2.6).
type Action string

// The review actions.
const (
	ActionReview Action = "review" // the order's buyer rates it (NewReview)
	ActionReply  Action = "reply"  // the reviewed shop's merchant replies (Review.Reply)
)

// reviewActions is the strict codec of Action.
var reviewActions = enum.New(CodeInvalidAction, "action", ActionReview, ActionReply)

// MarshalText implements encoding.TextMarshaler; an unknown action is an error.
func (a Action) MarshalText() ([]byte, error) { return reviewActions.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; a text that is not an
// action's name is a ValidationError (CodeInvalidAction) naming "action".
func (a *Action) UnmarshalText(b []byte) error { return reviewActions.Unmarshal(a, b) }

// reviewFSM is the review workflow of R2.6. It is immutable; NewReview checks
// the review row against the order's parties, Reply the reply row against the
// review's.
var reviewFSM = shopkit.MustNewTable(WorkflowName, []shopkit.Transition[State, Action]{
	{From: Unreviewed, Action: ActionReview, Roles: []shopkit.Role{shopkit.Buyer}, To: Reviewed},
	{From: Reviewed, Action: ActionReply, Roles: []shopkit.Role{shopkit.Merchant}, To: Replied},
})

// ReviewWorkflow returns the review workflow table: the order's buyer reviews a
// completed order once, the reviewed shop's merchant replies once. The workflow
// waits on no deadline of its own — the review window (p.ReviewWindow) runs on
// the order and NewReview checks it — so p draws no label and the table is the
// same for every policy.
func ReviewWorkflow(p Policy) *shopkit.Table[State, Action] { return reviewFSM }

// ReviewDiagram draws ReviewWorkflow(p) as a Mermaid state diagram.
func ReviewDiagram(p Policy) string { return ReviewWorkflow(p).Mermaid() }

package support_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bystander is an agent of shop1 who holds none of the test conversations or
// complaints: support's own rule keeps the holder's actions from them.
var bystander = shopkit.Actor{Role: shopkit.Merchant, ID: "agent-9", Shops: []uuid.UUID{shop1}}

func conversationChoices() authztest.Choices[support.Action, *support.Conversation] {
	return authztest.Choices[support.Action, *support.Conversation]{
		Actions: []support.Action{support.ActMessage, support.ActAssign, support.ActReply, support.ActAwaitCustomer,
			support.ActTransfer, support.ActRequeue, support.ActResolve, support.ActReopen, support.ActClose,
			support.ActAbandon, support.ActRate},
		List:  (*support.Conversation).ActionsAt,
		Clone: (*support.Conversation).Clone,
		Act: func(c *support.Conversation, a support.Action, by shopkit.Actor, now time.Time) error {
			switch a {
			case support.ActMessage:
				return c.Message(by, now, "还有L码吗")
			case support.ActAssign:
				return c.Assign(by, now, "agent-1")
			case support.ActReply:
				return c.Reply(by, now, "有的")
			case support.ActAwaitCustomer:
				return c.AwaitCustomer(by, now)
			case support.ActTransfer:
				return c.TransferTo(by, now, "agent-2", "size expert")
			case support.ActRequeue:
				return c.Requeue(by, now, "returns", "", "wrong queue")
			case support.ActResolve:
				return c.Resolve(by, now, support.Summary{Text: "done", Topic: "size"})
			case support.ActReopen:
				return c.Reopen(by, now, "还是不对")
			case support.ActClose:
				return c.Close(by, now, support.Summary{})
			case support.ActAbandon:
				return c.Abandon(by, now)
			}
			return c.Rate(by, now, 5)
		},
		Own: map[support.Action]string{support.ActRate: "a second answer is CodeAlreadyRated, a conflict"},
	}
}

// R0.3, R0.4, R6.1, R6.4: in every state of the conversation workflow, for
// each party, an agent of the shop who does not hold it and a stranger of each
// role, one nanosecond before, at and after each deadline (the SLA targets,
// the customer's silence, the reopen window): every listed action is
// accepted, every other one fails with ErrNotAllowed (a second rating: a
// conflict).
func TestConversationActionsAtAreAccepted_R0_3(t *testing.T) {
	w := conversationChoices()
	for _, state := range []support.State{support.Open, support.Assigned, support.InProgress, support.WaitingCustomer,
		support.Resolved, support.Closed} {
		t.Run(string(state), func(t *testing.T) {
			var c *support.Conversation
			if state == support.Closed {
				c = conversationIn(t, support.Resolved)
				require.NoError(t, c.Close(owner, at(23, 10, 3, 30), support.Summary{}))
			} else {
				c = conversationIn(t, state)
			}
			actors := append(authztest.Actors(c.Parties()), bystander)
			base := at(23, 10, 4, 0)
			due, _ := c.Deadline()
			instants := append([]time.Time{base}, authztest.Around(append(authztest.Untils(w, c, actors, base), due)...)...)
			assert.Positive(t, authztest.ActionsHold(t, w, c, actors, instants))
		})
	}
	rated := conversationIn(t, support.Resolved)
	require.NoError(t, rated.Rate(buyerA(), at(23, 10, 4, 0), 4))
	assert.NotContains(t, rated.ActionsAt(buyerA(), at(23, 10, 4, 0)), shopkit.Choice[support.Action]{Action: support.ActRate})
	authztest.ActionsHold(t, w, rated, authztest.Actors(rated.Parties()), []time.Time{at(23, 10, 4, 0)})
}

func buyerA() shopkit.Actor { return shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-a"} }

// R6.1, R0.3: a resolved conversation lists reopen for the customer up to and
// at the reopen window's end, not one nanosecond after; its next deadline is
// then the system's close. A waiting one's is the system's resolution.
func TestConversationReopenWindowInActionsAt_R6_1(t *testing.T) {
	c := conversationIn(t, support.Resolved)
	up, ok := c.NextDeadline(buyerA())
	require.True(t, ok)
	assert.Equal(t, support.ActClose, up.Action)
	assert.Equal(t, support.Closed, up.To)
	reopen := shopkit.Choice[support.Action]{Action: support.ActReopen, Until: up.At}
	assert.Contains(t, c.ActionsAt(buyerA(), up.At), reopen)
	assert.NotContains(t, c.ActionsAt(buyerA(), up.At.Add(time.Nanosecond)), reopen)
	assert.Equal(t, support.CodeReopenWindowPassed, shopkit.CodeOf(c.Clone().Reopen(buyerA(), up.At.Add(time.Nanosecond), "again")))
	assert.Contains(t, c.ActionsAt(buyerA(), up.At.Add(time.Nanosecond)), shopkit.Choice[support.Action]{Action: support.ActRate},
		"the survey outlives the reopen window")

	waiting := conversationIn(t, support.WaitingCustomer)
	up, ok = waiting.NextDeadline(owner)
	require.True(t, ok)
	due, _ := waiting.Deadline()
	assert.Equal(t, due, up.At)
	_, ok = waiting.NextDeadline(shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-z"})
	assert.False(t, ok)

	open := conversationIn(t, support.Open)
	up, ok = open.NextDeadline(owner)
	require.True(t, ok, "the first-response target")
	assert.Equal(t, support.ActBreachSLA, up.Action)
	assert.Equal(t, support.Open, up.To)
}

// R0.3, R0.4, R6.4: in every state of the complaint workflow, for each party,
// an agent who is not the handler and a stranger of each role, around the
// follow-up deadline: every listed action is accepted, every other one fails
// with ErrNotAllowed. The sweep's mark_follow_up_overdue has no actor
// (TestComplaintWorkflow_R6_4 drives it).
func TestComplaintActionsAtAreAccepted_R0_3(t *testing.T) {
	w := authztest.Choices[support.ComplaintAction, *support.Complaint]{
		Actions: []support.ComplaintAction{support.ActAssignHandler, support.ActCloseComplaint, support.ActCompleteFollow},
		List:    (*support.Complaint).ActionsAt,
		Clone:   (*support.Complaint).Clone,
		Act: func(k *support.Complaint, a support.ComplaintAction, by shopkit.Actor, now time.Time) error {
			switch a {
			case support.ActAssignHandler:
				return k.Assign(by, now, support.Handler{ID: "agent-2", Level: support.High})
			case support.ActCloseComplaint:
				return k.Close(by, now, support.Compensation{Kind: support.ApologyLetter}, "sorry")
			}
			return k.CompleteFollowUp(by, now, "called back")
		},
	}
	for _, state := range []support.ComplaintState{support.Filed, support.Handling, support.FollowUp, support.FollowUpOverdue} {
		t.Run(string(state), func(t *testing.T) {
			k := complaintIn(t, state)
			due, _ := k.Deadline()
			instants := append([]time.Time{at(24, 10, 0, 0)}, authztest.Around(due)...)
			assert.Positive(t, authztest.ActionsHold(t, w, k, append(authztest.Actors(k.Parties()), bystander), instants))
		})
	}
	k := complaintIn(t, support.FollowUp)
	due, _ := k.Deadline()
	up, ok := k.NextDeadline(owner)
	require.True(t, ok)
	assert.Equal(t, shopkit.Upcoming[support.ComplaintState, support.ComplaintAction]{At: due, Action: support.ActFollowUpLate,
		To: support.FollowUpOverdue, Awaits: []shopkit.Role{shopkit.Merchant}}, up)
	_, ok = complaintIn(t, support.Handling).NextDeadline(owner)
	assert.False(t, ok)
}

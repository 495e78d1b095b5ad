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

// owner is the shop itself acting as its own agent: a one-person shop whose
// owner holds the conversation. authztest's rightful Merchant is the shop
// itself, so the entities of the every-row tests are held by it, and the rows
// that only the holding agent may take (reply, await_customer) are driven too.
var owner = shopkit.Actor{Role: shopkit.Merchant, ID: shop1.String()}

// conversationIn returns a conversation of shop1 and customer buyer-a in state
// from, held by the shop's owner once assigned; every step is at or before
// at(23, 10, 3, 0).
func conversationIn(t *testing.T, from support.State) *support.Conversation {
	t.Helper()
	c := openAt(t, support.DefaultPolicy(), at(23, 10, 0, 0))
	steps := map[support.State][]func() error{
		support.Open:     nil,
		support.Assigned: {func() error { return c.Assign(shopkit.SystemActor(), at(23, 10, 0, 0), owner.ID) }},
	}
	steps[support.InProgress] = append(steps[support.Assigned], func() error { return c.Reply(owner, at(23, 10, 1, 0), "您好") })
	steps[support.WaitingCustomer] = append(steps[support.InProgress], func() error { return c.AwaitCustomer(owner, at(23, 10, 2, 0)) })
	steps[support.Resolved] = append(steps[support.InProgress], func() error {
		return c.Resolve(owner, at(23, 10, 3, 0), support.Summary{Text: "M in stock", Topic: "size"})
	})
	do, ok := steps[from]
	require.True(t, ok, "no way to reach %s", from)
	for _, step := range do {
		require.NoError(t, step())
	}
	require.Equal(t, from, c.State())
	return c
}

// actOnConversation takes action as by with valid arguments, at a time inside
// every window (the reopen window, the customer's silence).
func actOnConversation(c *support.Conversation, a support.Action, by shopkit.Actor) error {
	now := at(23, 10, 4, 0)
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
	return nil
}

// R0.4: every row of the conversation table refuses another buyer, another
// shop, an operator of another shop and an actor without an ID with
// shopkit.CodeNotParty, changing nothing, and lets the rightful party act.
func TestEveryConversationRow_R0_4(t *testing.T) {
	authztest.EveryRow(t, authztest.Workflow[support.State, support.Action, *support.Conversation]{
		Table: support.ConversationWorkflow(support.DefaultPolicy()),
		New: func(t *testing.T, from support.State, _ support.Action) *support.Conversation {
			return conversationIn(t, from)
		},
		Parties:  (*support.Conversation).Parties,
		Act:      actOnConversation,
		Snapshot: func(c *support.Conversation) any { return c.Snapshot() },
	})
}

// complaintIn returns a complaint of shop1 in state from, handled by the shop's
// owner once assigned.
func complaintIn(t *testing.T, from support.ComplaintState) *support.Complaint {
	t.Helper()
	k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "buyer-a", Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, err)
	if from != support.Filed {
		require.NoError(t, k.Assign(owner, at(23, 10, 0, 0), support.Handler{ID: owner.ID, Level: support.High}))
	}
	if from == support.FollowUp || from == support.FollowUpOverdue {
		require.NoError(t, k.Close(owner, at(23, 11, 0, 0), support.Compensation{Kind: support.Gift}, "gift"))
	}
	if from == support.FollowUpOverdue {
		due, _ := k.Deadline()
		require.NoError(t, k.ApplyDue(due.Add(time.Nanosecond)))
	}
	require.Equal(t, from, k.State())
	return k
}

// R0.4: every row of the complaint table refuses intruders with
// shopkit.CodeNotParty and lets the rightful party act.
func TestEveryComplaintRow_R0_4(t *testing.T) {
	now := at(24, 10, 0, 0)
	authztest.EveryRow(t, authztest.Workflow[support.ComplaintState, support.ComplaintAction, *support.Complaint]{
		Table: support.ComplaintWorkflow(support.DefaultPolicy()),
		New: func(t *testing.T, from support.ComplaintState, _ support.ComplaintAction) *support.Complaint {
			return complaintIn(t, from)
		},
		Parties: (*support.Complaint).Parties,
		Act: func(k *support.Complaint, a support.ComplaintAction, by shopkit.Actor) error {
			switch a {
			case support.ActAssignHandler:
				return k.Assign(by, now, support.Handler{ID: "agent-2", Level: support.High})
			case support.ActCloseComplaint:
				return k.Close(by, now, support.Compensation{Kind: support.ApologyLetter}, "sorry")
			case support.ActCompleteFollow:
				return k.CompleteFollowUp(by, now, "called back")
			}
			return nil
		},
		Snapshot: func(k *support.Complaint) any { return k.Snapshot() },
		Skip: map[support.ComplaintAction]string{
			support.ActFollowUpLate: "taken only by the sweep (ApplyDue acts as shopkit.SystemActor and takes no actor); " +
				"TestComplaintWorkflow_R6_4 and TestComplaintModel_R6_4 test it",
		},
	})
}

// R0.4, R6.1, R6.2: who acts, beyond the kernel's party check. A stranger
// (another buyer, another shop, an agent of another shop, an operator of
// another shop) is shopkit.CodeNotParty; a party of the shop whom support's rule
// does not admit (an agent not holding the conversation, the shop replying in
// an agent's place, an agent assigning) is CodeNotYours; a role the row does not
// name is CodeWrongRole. None changes anything.
func TestWhoActsOnAConversation_R0_4(t *testing.T) {
	p := support.DefaultPolicy()
	otherShop := shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}
	otherShopsAgent := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-1", Shops: []uuid.UUID{shop2}}
	otherBuyer := shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-b"}
	operator := shopkit.Actor{Role: shopkit.Platform, ID: "ops"}
	unlisted := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-1"} // holds it, but Actor.Shops does not list the shop

	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	before := c.Snapshot()
	summary := support.Summary{Text: "x", Topic: "y"}
	for name, tc := range map[string]struct {
		act  func() error
		code string
	}{
		"another buyer writes":              {func() error { return c.Message(otherBuyer, at(23, 10, 2, 0), "hi") }, shopkit.CodeNotParty},
		"another shop transfers":            {func() error { return c.TransferTo(otherShop, at(23, 10, 2, 0), "agent-2", "") }, shopkit.CodeNotParty},
		"another shop requeues":             {func() error { return c.Requeue(otherShop, at(23, 10, 2, 0), "returns", "", "") }, shopkit.CodeNotParty},
		"another shop's agent-1 replies":    {func() error { return c.Reply(otherShopsAgent, at(23, 10, 2, 0), "hi") }, shopkit.CodeNotParty},
		"agent-1 without Shops replies":     {func() error { return c.Reply(unlisted, at(23, 10, 2, 0), "hi") }, shopkit.CodeNotParty},
		"an actor without an ID resolves":   {func() error { return c.Resolve(shopkit.Actor{Role: shopkit.Merchant}, at(23, 10, 2, 0), summary) }, shopkit.CodeNotParty},
		"another agent replies":             {func() error { return c.Reply(agent2, at(23, 10, 2, 0), "hi") }, support.CodeNotYours},
		"the shop replies":                  {func() error { return c.Reply(lead, at(23, 10, 2, 0), "hi") }, support.CodeNotYours},
		"another agent resolves":            {func() error { return c.Resolve(agent2, at(23, 10, 2, 0), summary) }, support.CodeNotYours},
		"another agent awaits":              {func() error { return c.AwaitCustomer(agent2, at(23, 10, 2, 0)) }, support.CodeNotYours},
		"another agent transfers":           {func() error { return c.TransferTo(agent2, at(23, 10, 2, 0), "agent-3", "") }, support.CodeNotYours},
		"an agent assigns (queued)":         {func() error { return openAt(t, p, at(23, 10, 0, 0)).Assign(agent1, at(23, 10, 2, 0), "agent-1") }, support.CodeNotYours},
		"the platform (a party) resolves":   {func() error { return c.Resolve(operator, at(23, 10, 2, 0), summary) }, support.CodeWrongRole},
		"the customer transfers":            {func() error { return c.TransferTo(customerA, at(23, 10, 2, 0), "agent-2", "") }, support.CodeWrongRole},
		"a stranger learns nothing (state)": {func() error { return c.Reopen(otherBuyer, at(23, 10, 2, 0), "hi") }, shopkit.CodeNotParty},
	} {
		err := tc.act()
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
		assert.Equal(t, before, c.Snapshot(), "%s: nothing changed", name)
	}

	// The shop assigns a queued conversation, transfers, resolves and closes
	// any of its conversations.
	q := openAt(t, p, at(23, 10, 0, 0))
	require.NoError(t, q.Assign(lead, at(23, 10, 0, 1), "agent-1"))
	require.NoError(t, c.TransferTo(lead, at(23, 10, 2, 0), "agent-2", "rebalance"))
	require.NoError(t, c.Reply(agent2, at(23, 10, 3, 0), "您好"))
	require.NoError(t, c.Resolve(lead, at(23, 10, 4, 0), support.Summary{Text: "done", Topic: "size"}))
	require.NoError(t, c.Close(lead, at(23, 10, 5, 0), support.Summary{}))
	h := c.History()
	assert.Equal(t, shopkit.Actor{Role: h[len(h)-1].Role, ID: h[len(h)-1].Actor}, lead, "the journal records who acted")
	for _, e := range h {
		assert.Contains(t, []shopkit.Role{shopkit.Buyer, shopkit.Merchant, shopkit.System}, e.Role, "kernel roles only")
	}
}

// R0.4, R6.4: only the shop or the system assigns a complaint; the handler or
// the shop closes and follows it up; strangers are shopkit.CodeNotParty.
func TestWhoActsOnAComplaint_R0_4(t *testing.T) {
	k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "buyer-a", Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, err)
	h := support.Handler{ID: "agent-1", Level: support.Medium}
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.Assign(agent1, at(23, 10, 0, 0), h)), "an agent does not assign")
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(k.Assign(shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}, at(23, 10, 0, 0), h)))
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(k.Assign(shopkit.Actor{Role: shopkit.System}, at(23, 10, 0, 0), h)),
		"a system actor without an ID is never a party")
	assert.Equal(t, support.CodeWrongRole, shopkit.CodeOf(k.Assign(customerA, at(23, 10, 0, 0), h)), "the customer is a party but takes no step")
	require.NoError(t, k.Assign(lead, at(23, 10, 0, 0), h))
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.Close(agent2, at(23, 11, 0, 0), support.Compensation{Kind: support.Gift}, "")))
	require.NoError(t, k.Close(agent1, at(23, 11, 0, 0), support.Compensation{Kind: support.Gift}, "gift"))
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.CompleteFollowUp(agent2, at(23, 12, 0, 0), "called")))
	require.NoError(t, k.CompleteFollowUp(lead, at(23, 12, 0, 0), "called back"))
	assert.Equal(t, support.Done, k.State())
}

// R0.4: AllowedActions answers for one actor — the table's actions for a party
// of the actor's role, less those support's rule keeps from them; nothing for a
// stranger.
func TestAllowedActionsForAnActor_R0_4(t *testing.T) {
	c := working(t, support.DefaultPolicy(), at(23, 10, 0, 0), at(23, 10, 1, 0)) // in progress, held by agent-1
	for name, tc := range map[string]struct {
		by   shopkit.Actor
		want []support.Action
	}{
		"the holding agent": {agent1, []support.Action{support.ActReply, support.ActAwaitCustomer, support.ActTransfer, support.ActRequeue, support.ActResolve}},
		"the shop":          {lead, []support.Action{support.ActTransfer, support.ActRequeue, support.ActResolve}},
		"another agent":     {agent2, nil},
		"the customer":      {customerA, []support.Action{support.ActMessage}},
		"another buyer":     {shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-b"}, nil},
		"another shop":      {shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}, nil},
		"no ID":             {shopkit.Actor{Role: shopkit.Merchant}, nil},
		"the system":        {shopkit.SystemActor(), []support.Action{support.ActTransfer, support.ActRequeue}},
	} {
		assert.Equal(t, tc.want, c.AllowedActions(tc.by), name)
	}

	k := complaintIn(t, support.Handling) // handled by the shop's owner
	assert.Equal(t, []support.ComplaintAction{support.ActAssignHandler, support.ActCloseComplaint}, k.AllowedActions(owner))
	assert.Empty(t, k.AllowedActions(agent1), "an agent who does not handle it")
	assert.Empty(t, k.AllowedActions(customerA), "the customer takes no step")
	assert.Empty(t, k.AllowedActions(shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}))
}

// R0.4, R6.4: only the customer answers the survey; a stranger is refused
// before the state is looked at.
func TestOnlyTheCustomerRates_R0_4(t *testing.T) {
	c := openAt(t, support.DefaultPolicy(), at(23, 10, 0, 0)) // never resolved: no survey
	before := c.Snapshot()
	for _, by := range []shopkit.Actor{{Role: shopkit.Buyer, ID: "buyer-b"}, {Role: shopkit.Buyer}, {Role: shopkit.Merchant, ID: shop2.String()}} {
		err := c.Rate(by, at(23, 10, 1, 0), 5)
		require.ErrorIs(t, err, shopkit.ErrNotAllowed)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(c.Rate(customerA, at(23, 10, 1, 0), 5)))
	assert.Equal(t, support.CodeWrongRole, shopkit.CodeOf(c.Rate(agent1, at(23, 10, 1, 0), 5)))
	assert.Equal(t, before, c.Snapshot())
}

// R0.4: a transfer records who made it with their own copy of Actor.Shops: a
// caller reusing its slice does not rewrite the history.
func TestTransferKeepsItsOwnActor_R0_4(t *testing.T) {
	c := working(t, support.DefaultPolicy(), at(23, 10, 0, 0), at(23, 10, 1, 0))
	shops := []uuid.UUID{shop1}
	by := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-1", Shops: shops}
	require.NoError(t, c.TransferTo(by, at(23, 10, 2, 0), "agent-2", "size expert"))
	shops[0] = shop2
	assert.Equal(t, []uuid.UUID{shop1}, c.Transfers()[0].By.Shops)
}

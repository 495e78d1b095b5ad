package support_test

import (
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.4, R6.1, R6.2: who acts. The customer is a Buyer; the agent holding the
// conversation and the shop itself (a Merchant actor with the shop's ID) are
// Merchants; another buyer, another agent, another shop or the platform are
// refused and change nothing.
func TestWhoActsOnAConversation_R0_4(t *testing.T) {
	p := support.DefaultPolicy()
	otherShop := shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}
	otherBuyer := shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-b"}
	operator := shopkit.Actor{Role: shopkit.Platform, ID: "ops"}

	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	before := c.Snapshot()
	for name, tc := range map[string]struct {
		act  func() error
		code string
	}{
		"another buyer writes":      {func() error { return c.Message(otherBuyer, at(23, 10, 2, 0), "hi") }, support.CodeNotYours},
		"another agent replies":     {func() error { return c.Reply(agent2, at(23, 10, 2, 0), "hi") }, support.CodeNotYours},
		"the shop replies":          {func() error { return c.Reply(lead, at(23, 10, 2, 0), "hi") }, support.CodeNotYours},
		"another shop transfers":    {func() error { return c.TransferTo(otherShop, at(23, 10, 2, 0), "agent-2", "") }, support.CodeNotYours},
		"another agent resolves":    {func() error { return c.Resolve(agent2, at(23, 10, 2, 0), support.Summary{Text: "x", Topic: "y"}) }, support.CodeNotYours},
		"the platform resolves":     {func() error { return c.Resolve(operator, at(23, 10, 2, 0), support.Summary{Text: "x", Topic: "y"}) }, support.CodeWrongRole},
		"another agent awaits":      {func() error { return c.AwaitCustomer(agent2, at(23, 10, 2, 0)) }, support.CodeNotYours},
		"another shop requeues":     {func() error { return c.Requeue(otherShop, at(23, 10, 2, 0), "returns", "", "") }, support.CodeNotYours},
		"the customer transfers":    {func() error { return c.TransferTo(customerA, at(23, 10, 2, 0), "agent-2", "") }, support.CodeWrongRole},
		"an agent assigns (queued)": {func() error { return openAt(t, p, at(23, 10, 0, 0)).Assign(agent1, at(23, 10, 2, 0), "agent-1") }, support.CodeNotYours},
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

// R0.4, R6.4: the handler or the shop closes and follows up a complaint; only
// the shop or the system assigns it.
func TestWhoActsOnAComplaint_R0_4(t *testing.T) {
	k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "buyer-a", Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, err)
	h := support.Handler{ID: "agent-1", Level: support.Medium}
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.Assign(agent1, at(23, 10, 0, 0), h)), "an agent does not assign")
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.Assign(shopkit.Actor{Role: shopkit.Merchant, ID: shop2.String()}, at(23, 10, 0, 0), h)))
	require.NoError(t, k.Assign(lead, at(23, 10, 0, 0), h))
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.Close(agent2, at(23, 11, 0, 0), support.Compensation{Kind: support.Gift}, "")))
	require.NoError(t, k.Close(agent1, at(23, 11, 0, 0), support.Compensation{Kind: support.Gift}, "gift"))
	assert.Equal(t, support.CodeNotYours, shopkit.CodeOf(k.CompleteFollowUp(agent2, at(23, 12, 0, 0), "called")))
	require.NoError(t, k.CompleteFollowUp(lead, at(23, 12, 0, 0), "called back"))
	assert.Equal(t, support.Done, k.State())
}

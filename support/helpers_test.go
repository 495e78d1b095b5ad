package support_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/require"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at returns a Shanghai wall-clock instant on 2026-11-<day>.
func at(day, h, m, s int) time.Time {
	return time.Date(2026, 11, day, h, m, s, 0, shanghai)
}

// The shops of the tests, identified by their merchants' IDs (R1).
var (
	shop1 = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000001")
	shop2 = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000002")
	shop9 = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000009")
)

// The actors of the tests (R0.4): the customer is a Buyer, agents are Merchant
// actors with their agent IDs working for shop1 (Actor.Shops), and lead is the
// shop itself (a supervisor).
var (
	customerA = shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-a"}
	agent1    = staff("agent-1")
	agent2    = staff("agent-2")
	lead      = shopkit.Actor{Role: shopkit.Merchant, ID: shop1.String()}
)

// staff returns the Merchant actor of an agent of shop1.
func staff(id string) shopkit.Actor {
	return shopkit.Actor{Role: shopkit.Merchant, ID: id, Shops: []uuid.UUID{shop1}}
}

// The workflows under the default policy, to derive "terminal" and "waiting"
// from the tables instead of repeating them.
var (
	conversationWorkflow = support.ConversationWorkflow(support.DefaultPolicy())
	complaintWorkflow    = support.ComplaintWorkflow(support.DefaultPolicy())
)

// waits reports whether s is a waiting state of t (it has a timeout).
func waits[S, A ~string](t *shopkit.Table[S, A], s S) bool {
	_, ok := t.Timeout(s)
	return ok
}

func inquiry(content string) support.Inquiry {
	return support.Inquiry{ShopID: shop1, CustomerID: "buyer-a", Channel: support.WebChat, Phase: support.PreSale,
		Group: "pre_sale", Content: content}
}

func openAt(t testing.TB, p support.Policy, now time.Time) *support.Conversation {
	c, err := support.NewConversation(inquiry("这件衣服有M码吗"), p, now)
	require.NoError(t, err)
	return c
}

// working returns a conversation assigned to agent-1 and answered once.
func working(t testing.TB, p support.Policy, opened, replied time.Time) *support.Conversation {
	c := openAt(t, p, opened)
	require.NoError(t, c.Assign(shopkit.SystemActor(), opened, "agent-1"))
	require.NoError(t, c.Reply(agent1, replied, "您好，有的"))
	return c
}

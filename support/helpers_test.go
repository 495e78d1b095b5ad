package support_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit/commerce"
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

var (
	customerA = commerce.Actor{Role: support.Customer, ID: "buyer-a"}
	agent1    = commerce.Actor{Role: support.Agent, ID: "agent-1"}
	agent2    = commerce.Actor{Role: support.Agent, ID: "agent-2"}
	lead      = commerce.Actor{Role: support.Supervisor, ID: "lead"}
)

func inquiry(content string) support.Inquiry {
	return support.Inquiry{ShopID: "shop-1", CustomerID: "buyer-a", Channel: support.WebChat, Phase: support.PreSale,
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
	require.NoError(t, c.Assign(commerce.SystemActor(), opened, "agent-1"))
	require.NoError(t, c.Reply(agent1, replied, "您好，有的"))
	return c
}

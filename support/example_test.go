package support_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

// A common question is answered by the FAQ; a personal one is queued and goes
// to the first free agent.
func ExampleService_Open() {
	faq, _ := support.NewFAQ([]support.FAQEntry{
		{ID: "shipping", Keywords: []string{"发货"}, Answer: "付款后48小时内发货。", Topic: "shipping"},
	})
	router, _ := support.NewRouter(support.RoundRobin)
	_ = router.AddAgent(support.AgentConfig{ID: "agent-1", Shops: []string{"shop-1"}, Groups: []support.SkillGroup{"general"}, Capacity: 3})
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	svc := &support.Service{Conversations: supporttest.NewStore(), Router: router, Classifier: faq,
		Policy: support.DefaultPolicy(), Clock: func() time.Time { return now }}
	ctx := context.Background()
	_ = svc.SetAgentStatus(ctx, "agent-1", support.Online)

	for _, q := range []string{"什么时候发货？", "我收到的颜色不对"} {
		c, err := svc.Open(ctx, support.Inquiry{ShopID: "shop-1", CustomerID: "buyer-1", Channel: support.App,
			Phase: support.InSale, Content: q})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.State(), c.AgentID(), c.Topic())
	}
	// Output:
	// resolved  shipping
	// assigned agent-1
}

// The first-response clock of a message sent at 23:59:59 resumes at 09:00 (R6.3).
func ExampleConversation_SLADue() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c, _ := support.NewConversation(support.Inquiry{ShopID: "shop-1", CustomerID: "buyer-1", Channel: support.WebChat,
		Phase: support.PreSale, Content: "在吗"}, support.DefaultPolicy(), time.Date(2026, 11, 23, 23, 59, 59, 0, loc))
	kind, due, _ := c.SLADue()
	fmt.Println(kind, due.Format("2006-01-02 15:04:05"))
	_ = c.Assign(commerce.SystemActor(), due, "agent-1")
	_ = c.Reply(commerce.Actor{Role: support.Agent, ID: "agent-1"}, due.Add(time.Second), "您好")
	fmt.Println(len(c.Breaches()), "breach")
	// Output:
	// first_response 2026-11-24 09:09:59
	// 1 breach
}

package support_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

// The shop of the examples, identified by its merchant's ID.
var exampleShop = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000001")

// A common question is answered by the FAQ; a personal one is queued and goes
// to the first free agent.
func ExampleService_Open() {
	faq, _ := support.NewFAQ([]support.FAQEntry{
		{ID: "shipping", Keywords: []string{"发货"}, Answer: "付款后48小时内发货。", Topic: "shipping"},
	})
	// The desk's routing state lives in a QueueStore (the host's database), so
	// every replica of the app routes on the same queue.
	ctx := context.Background()
	desk := uuid.MustParse("d35c0000-0000-4000-8000-000000000001")
	router, _ := support.NewRouter(desk, support.RoundRobin)
	_ = router.AddAgent(support.AgentConfig{ID: "agent-1", Shops: []uuid.UUID{exampleShop}, Groups: []support.SkillGroup{"general"}, Capacity: 3})
	queues := supporttest.NewQueueStore()
	if err := queues.Create(ctx, router); err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	svc, err := support.NewService(support.ServiceConfig{
		Conversations: supporttest.NewStore(), Complaints: supporttest.NewComplaintStore(), Queues: queues, Desk: desk,
		Classifier: faq, Policy: support.DefaultPolicy(), Severity: support.DefaultSeverityPolicy(),
		Clock: func() time.Time { return now }})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = svc.SetAgentStatus(ctx, "agent-1", support.Online)

	for _, q := range []string{"什么时候发货？", "我收到的颜色不对"} {
		c, err := svc.Open(ctx, support.Inquiry{ShopID: exampleShop, CustomerID: "buyer-1", Channel: support.App,
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
	c, _ := support.NewConversation(support.Inquiry{ShopID: exampleShop, CustomerID: "buyer-1", Channel: support.WebChat,
		Phase: support.PreSale, Content: "在吗"}, support.DefaultPolicy(), time.Date(2026, 11, 23, 23, 59, 59, 0, loc))
	kind, due, _ := c.SLADue()
	fmt.Println(kind, due.Format("2006-01-02 15:04:05"))
	_ = c.Assign(shopkit.SystemActor(), due, "agent-1")
	_ = c.Reply(shopkit.Actor{Role: shopkit.Merchant, ID: "agent-1", Shops: []uuid.UUID{exampleShop}}, due.Add(time.Second), "您好")
	fmt.Println(len(c.Breaches()), "breach")
	// Output:
	// first_response 2026-11-24 09:09:59
	// 1 breach
}

// The conversation lifecycle (R6.1): open → assigned → in progress ↔ waiting on
// the customer → resolved with a summary and topic (会话小结) → rated (R6.4) →
// closed. The customer acts as a shopkit.Buyer, the agent as a shopkit.Merchant
// with their agent ID working for the shop (Actor.Shops); AllowedActions answers
// for one actor: the buttons that person sees.
func ExampleNewConversation() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, loc)
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-1"}
	agent := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-1", Shops: []uuid.UUID{exampleShop}}
	colleague := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-2", Shops: []uuid.UUID{exampleShop}}

	c, err := support.NewConversation(support.Inquiry{ShopID: exampleShop, CustomerID: "buyer-1", Channel: support.App,
		Phase: support.InSale, Content: "能改收货地址吗？"}, support.DefaultPolicy(), t0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.State(), c.AllowedActions(buyer))
	_ = c.Assign(shopkit.SystemActor(), t0.Add(time.Minute), "agent-1")
	fmt.Println(c.AllowedActions(agent), c.AllowedActions(colleague))
	fmt.Println(shopkit.CodeOf(c.Reply(colleague, t0.Add(time.Minute), "在的")))
	_ = c.Reply(agent, t0.Add(2*time.Minute), "您好，请提供新地址。")
	_ = c.AwaitCustomer(agent, t0.Add(3*time.Minute))
	fmt.Println(c.State())
	_ = c.Message(buyer, t0.Add(5*time.Minute), "上海市浦东新区……")
	_ = c.Resolve(agent, t0.Add(6*time.Minute), support.Summary{Text: "address changed before shipment", Topic: "address"})
	fmt.Println(c.State(), c.Summary().Topic)
	_ = c.Rate(buyer, t0.Add(7*time.Minute), 5)
	_ = c.Close(agent, t0.Add(8*time.Minute), support.Summary{})
	r, _ := c.Rating()
	fmt.Println(c.State(), r.Score, r.AgentID, len(c.Messages()), "messages")
	fmt.Println(shopkit.CodeOf(c.Rate(buyer, t0.Add(9*time.Minute), 4)))
	// Output:
	// open [message abandon]
	// [reply transfer requeue] []
	// support.not_yours
	// waiting_customer
	// resolved address
	// closed 5 agent-1 3 messages
	// support.already_rated
}

// FAQ matching by substring: Chinese needs no word segmentation, ASCII letters
// match case-insensitively (R6.2).
func ExampleFAQ_Classify() {
	faq, err := support.NewFAQ([]support.FAQEntry{
		{ID: "shipping", Keywords: []string{"发货", "ship"}, Answer: "付款后48小时内发货。", Topic: "shipping"},
		{ID: "invoice", Keywords: []string{"发票", "invoice"}, Answer: "订单页可申请电子发票。", Topic: "invoice"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range []string{"请问今天能发货吗", "Can I get an INVOICE?", "这件有红色吗"} {
		e, ok := faq.Classify(context.Background(), q)
		fmt.Println(ok, e.ID)
	}
	// Output:
	// true shipping
	// true invoice
	// false
}

// Routing (R6.2): members with the priority-service benefit first, then the
// oldest; the queue position; an agent coming online takes work up to capacity;
// a freed agent takes the next waiting conversation.
func ExampleRouter() {
	r, _ := support.NewRouter(uuid.New(), support.LeastLoaded)
	tea, toys := uuid.MustParse("5b0c1a52-0000-4000-8000-00000000000a"), uuid.MustParse("5b0c1a52-0000-4000-8000-00000000000b")
	shops := map[uuid.UUID]string{tea: "the tea shop", toys: "the toy shop"}
	_ = r.AddAgent(support.AgentConfig{ID: "agent-1", Shops: []uuid.UUID{tea, toys},
		Groups: []support.SkillGroup{"general"}, Capacity: 1})
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ids := map[uuid.UUID]string{}
	enqueue := func(name string, shop uuid.UUID, tier shopkit.MemberTier, since time.Time) uuid.UUID {
		id := uuid.New()
		ids[id] = name
		_, _, _ = r.Enqueue(support.Waiting{ConversationID: id, ShopID: shop, Group: "general",
			Priority: support.Priority(tier), Since: since})
		return id
	}
	enqueue("early guest", tea, shopkit.MemberTier{}, t0)
	enqueue("later guest", toys, shopkit.MemberTier{}, t0.Add(time.Minute))
	gold := enqueue("gold member", tea, shopkit.MemberTier{Name: "gold", Rank: 2, PriorityService: true}, t0.Add(2*time.Minute))
	pos, _ := r.Position(gold)
	fmt.Println("gold member is number", pos)

	as, _ := r.SetStatus("agent-1", support.Online)
	fmt.Println("assigned", ids[as[0].ConversationID])
	for prev := as[0].ConversationID; ; {
		next, ok, _ := r.Release("agent-1", prev)
		if !ok {
			break
		}
		fmt.Println("then", ids[next.ConversationID], "of", shops[next.ShopID])
		prev = next.ConversationID
	}
	// Output:
	// gold member is number 1
	// assigned gold member
	// then early guest of the tea shop
	// then later guest of the toy shop
}

// A complaint (R6.4): graded from the customer's words, handled by a handler of
// matching level, closed with a coupon and a follow-up task due 72 h later. The
// shop itself (a Merchant actor with the shop's ID) assigns and closes.
func ExampleNewComplaint() {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c, err := support.NewComplaint(support.ComplaintInput{ShopID: exampleShop, CustomerID: "13812345678", Channel: support.Phone,
		Signals: support.Signals{Text: "再不处理我就打12315"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), t0)
	if err != nil {
		fmt.Println(err)
		return
	}
	lead := shopkit.Actor{Role: shopkit.Merchant, ID: exampleShop.String()}
	fmt.Println(c.Severity())
	fmt.Println(shopkit.CodeOf(c.Assign(lead, t0, support.Handler{ID: "agent-1", Level: support.Medium})))
	_ = c.Assign(lead, t0, support.Handler{ID: "lead", Level: support.High})
	fmt.Println(shopkit.CodeOf(c.Close(lead, t0.Add(time.Hour), support.Compensation{}, "")))
	_ = c.Close(lead, t0.Add(time.Hour), support.Compensation{Kind: support.Coupon, CouponRef: "sorry-20",
		Value: shopkit.CNY(2000)}, "apologised by phone")
	due, _ := c.FollowUpDue()
	fmt.Println(c.State(), due.Format("01-02 15:04"))
	for _, e := range c.History() {
		if e.Kind == shopkit.EntryEffect {
			fmt.Println(e.Effect.Type, e.Effect.Note, e.Effect.Amount)
		}
	}
	// Output:
	// high
	// support.handler_level_too_low
	// support.compensation_required
	// follow_up 11-26 11:00
	// issue_coupon sorry-20 ¥20.00
}

// Metrics over streamed inputs (R6.6): the inquiry conversion rate counts only
// buyers without an order in the shop in the 21 days before the day; the
// satisfaction average and distribution; the most frequent topics.
func ExampleInquiryConversion() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day := shopkit.Date{Year: 2026, Month: 11, Day: 23}
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
	window := support.DefaultPolicy().NewBuyerWindow // 21 × 24 h
	inquiries := slices.Values([]support.InquiryFact{
		{ShopID: exampleShop, BuyerID: "new-a", At: start.Add(10 * time.Hour)},
		{ShopID: exampleShop, BuyerID: "new-b", At: start.Add(11 * time.Hour)},
		{ShopID: exampleShop, BuyerID: "regular", At: start.Add(12 * time.Hour)},
		{ShopID: exampleShop, BuyerID: "lapsed", At: start.Add(13 * time.Hour)},
	})
	orders := slices.Values([]support.OrderFact{
		{ShopID: exampleShop, BuyerID: "new-a", PlacedAt: start.Add(10 * time.Hour), PaidAt: start.Add(10*time.Hour + time.Minute)},
		{ShopID: exampleShop, BuyerID: "regular", PlacedAt: start.Add(-window)},                  // exactly 21 days: excluded
		{ShopID: exampleShop, BuyerID: "lapsed", PlacedAt: start.Add(-window - time.Nanosecond)}, // 1 ns earlier: counted
	})
	c := support.InquiryConversion(exampleShop, day, loc, window, inquiries, orders)
	fmt.Println(c.Paid, "of", c.Inquirers, "=", c.Rate)

	sat, _ := support.SummariseSatisfaction(slices.Values([]support.Rating{
		{Score: 5, AgentID: "a"}, {Score: 4, AgentID: "a"}, {Score: 4, AgentID: "b"}, {Score: 1, AgentID: "b"},
	}))
	fmt.Println(sat.Average, sat.Distribution)
	// Output:
	// 1 of 3 = 0.3333
	// 3.5 [1 0 0 2 1]
}

// The workflow a frontend shows for a shop's policy (R6.1): the timeout labels
// come from the policy's numbers.
func ExampleConversationWorkflow() {
	p := support.DefaultPolicy()
	p.ReopenWindow = 48 * time.Hour
	w := support.ConversationWorkflow(p)
	to, _ := w.Timeout(support.Resolved)
	fmt.Println(w.Workflow(), to.Action, "after", to.Label)
	fmt.Println(w.AllowedActions(support.Resolved, shopkit.Buyer))
	// Output:
	// support.conversation close after reopen window (48h)
	// [reopen]
}

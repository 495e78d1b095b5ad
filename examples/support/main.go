// Command support walks through a morning of a shop's customer service with the
// support package: FAQ answers, a member served first, a transfer, an SLA breach
// of an inquiry that arrived after hours, a complaint closed with compensation,
// and the day's metrics. The desk's queue lives in a
// QueueStore that two app replicas share: an agent who comes online on one is
// given what the other queued. Times are fixed; stores are in memory.
package main

import (
	"context"
	"fmt"
	"iter"
	"log"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

// tiers is the shop's member tiers as a shopkit.TierReader; a host passes its
// membership.Service.
type tiers map[string]shopkit.MemberTier

func (t tiers) MemberTier(_ context.Context, _ uuid.UUID, customer string) (shopkit.MemberTier, error) {
	return t[customer], nil
}

// The shops, identified by their merchants' IDs.
var (
	teaShop = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000001")
	toyShop = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000002")
)

func main() {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	check(err)
	clock := time.Date(2026, 11, 22, 23, 58, 0, 0, loc) // Sunday night
	set := func(h, m int) {
		clock = time.Date(2026, 11, 23, h, m, 0, 0, loc)
		fmt.Printf("\n[%s]\n", clock.Format("01-02 15:04"))
	}

	faq, err := support.NewFAQ([]support.FAQEntry{
		{ID: "shipping", Keywords: []string{"发货", "什么时候发"}, Answer: "付款后48小时内发货。", Topic: "shipping"},
		{ID: "invoice", Keywords: []string{"发票"}, Answer: "下单后可在订单页申请电子发票。", Topic: "invoice"},
	})
	check(err)
	// The desk: the shops' agents and their queue, created once in the host's
	// database (here the in-memory QueueStore) under a desk ID the host chooses.
	desk := uuid.MustParse("d35c0000-0000-4000-8000-000000000001")
	router, err := support.NewRouter(desk, support.LeastLoaded)
	check(err)
	agents := []support.AgentConfig{
		{ID: "xiaomei", Shops: []uuid.UUID{teaShop}, Groups: []support.SkillGroup{"general"}, Capacity: 1},
		{ID: "dawei", Shops: []uuid.UUID{teaShop, toyShop}, Groups: []support.SkillGroup{"general"}, Capacity: 2},
	}
	for _, a := range agents {
		check(router.AddAgent(a))
	}
	queues := supporttest.NewQueueStore()
	check(queues.Create(ctx, router))
	conversations, complaints := supporttest.NewStore(), supporttest.NewComplaintStore()
	// Two app replicas: each builds its Service on the same stores and desk.
	replica := func() *support.Service {
		svc, err := support.NewService(support.ServiceConfig{
			Conversations: conversations, Complaints: complaints, Queues: queues, Desk: desk,
			Classifier: faq,
			Tiers:      tiers{"vip-li": {Name: "gold", Rank: 2, PriorityService: true}},
			Severity:   support.DefaultSeverityPolicy(), Policy: support.DefaultPolicy(),
			Clock:    func() time.Time { return clock },
			OnAssign: func(a support.Assignment) { fmt.Printf("  assigned %s to %s\n", short(a.ConversationID), a.AgentID) },
		})
		check(err)
		return svc
	}
	svc, other := replica(), replica()
	seq := 0
	open := func(customer, content string) *support.Conversation {
		seq++
		id := uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%012d", seq)) // fixed ids: reproducible output
		c, err := svc.Open(ctx, support.Inquiry{ID: id, ShopID: teaShop, CustomerID: customer, Channel: support.WebChat,
			Phase: support.InSale, Content: content})
		check(err)
		fmt.Printf("  %s asks %q → %s %s\n", customer, content, short(c.ID()), c.State())
		return c
	}

	fmt.Printf("[%s] after hours, no agent online\n", clock.Format("01-02 15:04"))
	night := open("buyer-zhang", "快递三天没更新了")
	_, due, _ := night.SLADue()
	fmt.Printf("  first response due %s (2 min before midnight, 8 min after 09:00)\n", due.Format("01-02 15:04:05"))

	set(9, 0)
	faqShip := open("buyer-wang", "请问什么时候发货？")
	faqInvoice := open("buyer-zhao", "能开发票吗")
	plain := open("buyer-chen", "这件毛衣会起球吗")
	set(9, 2)
	vip := open("vip-li", "我的订单能改地址吗")
	view, err := other.View(ctx, vip.ID(), 0)
	check(err)
	fmt.Printf("  gold member vip-li is number %d in line (as the other replica sees the queue)\n", view.QueuePosition)

	set(9, 10)
	res, err := svc.Sweep(ctx)
	check(err)
	fmt.Printf("  sweep applied %d: ", res.Applied)
	got, _ := conversations.Get(ctx, night.ID())
	for _, b := range got.Breaches() {
		fmt.Printf("%s breach of %s due %s\n", b.Kind, short(night.ID()), b.DueAt.Format("15:04:05"))
	}
	fmt.Println("  xiaomei comes online (capacity 1):")
	check(svc.SetAgentStatus(ctx, "xiaomei", support.Online))
	fmt.Println("  dawei comes online (capacity 2), on the other replica:")
	check(other.SetAgentStatus(ctx, "dawei", support.Online))

	// Agents act as the merchant under their agent IDs, for the shops they
	// serve (Actor.Shops): that makes them parties of those shops'
	// conversations (R0.4).
	staff := func(a support.AgentConfig) shopkit.Actor {
		return shopkit.Actor{Role: shopkit.Merchant, ID: a.ID, Shops: a.Shops}
	}
	xiaomei, dawei := staff(agents[0]), staff(agents[1])
	set(9, 12)
	for _, r := range []struct {
		c     *support.Conversation
		agent shopkit.Actor
		text  string
	}{
		{vip, xiaomei, "您好，发货前可以改地址，已为您修改。"},
		{night, dawei, "您好，抱歉久等，我帮您查一下物流。"},
		{plain, dawei, "您好，这款是精纺羊毛，不易起球。"},
	} {
		check(svc.Reply(ctx, r.c.ID(), r.agent, r.text))
		fmt.Printf("  %s replies on %s: %q\n", r.agent.ID, short(r.c.ID()), r.text)
	}
	// Only the agent holding a conversation replies; someone of another shop is
	// not even a party.
	err = svc.Reply(ctx, vip.ID(), dawei, "我也来回答")
	fmt.Printf("  dawei may not reply on xiaomei's %s: %s\n", short(vip.ID()), shopkit.CodeOf(err))
	toyAgent := shopkit.Actor{Role: shopkit.Merchant, ID: "xiaoming", Shops: []uuid.UUID{toyShop}}
	err = svc.Reply(ctx, vip.ID(), toyAgent, "你好")
	fmt.Printf("  xiaoming of the toy shop is no party of it: %s\n", shopkit.CodeOf(err))
	got, _ = conversations.Get(ctx, vip.ID())
	fmt.Printf("  xiaomei sees %v; a log line shows %v\n", got.AllowedActions(xiaomei), got)
	set(9, 15)
	check(svc.Resolve(ctx, vip.ID(), xiaomei, support.Summary{Text: "address changed before shipment", Topic: "address"}))
	fmt.Println("  xiaomei resolved vip-li's address change")
	check(svc.Resolve(ctx, plain.ID(), dawei, support.Summary{Text: "material question", Topic: "product"}))
	set(9, 16)
	check(svc.Transfer(ctx, night.ID(), dawei, "xiaomei", "logistics specialist"))
	got, _ = conversations.Get(ctx, night.ID())
	fmt.Printf("  dawei transferred %s to %s; history keeps %d messages and %d transfer\n",
		short(night.ID()), got.AgentID(), len(got.Messages()), len(got.Transfers()))

	set(9, 30)
	check(svc.Reply(ctx, night.ID(), xiaomei, "您好，包裹在中转站滞留，已催促快递公司。"))
	cmp, err := svc.FileComplaint(ctx, support.ComplaintInput{ShopID: teaShop, CustomerID: "buyer-zhang",
		Channel: support.WebChat, ConversationID: night.ID(),
		Signals: support.Signals{Text: "三天没动静，我要投诉", PriorContacts: 2}})
	check(err)
	fmt.Printf("  complaint filed, severity %s\n", cmp.Severity())
	lead := shopkit.Actor{Role: shopkit.Merchant, ID: teaShop.String()} // the shop itself (the team lead)
	check(svc.AssignComplaint(ctx, cmp.ID(), lead, support.Handler{ID: "xiaomei", Level: support.Medium}))
	set(9, 45)
	check(svc.CloseComplaint(ctx, cmp.ID(), xiaomei, support.Compensation{Kind: support.Coupon, CouponRef: "sorry-10",
		Value: shopkit.CNY(1000)}, "apologised; 10 yuan coupon"))
	cmp, _ = complaints.Get(ctx, cmp.ID())
	fu, _ := cmp.FollowUpDue()
	fmt.Printf("  complaint closed with a coupon; follow-up task due %s\n", fu.Format("01-02 15:04"))
	check(svc.Resolve(ctx, night.ID(), xiaomei, support.Summary{Text: "parcel stuck at hub; courier chased", Topic: "logistics"}))

	set(10, 0)
	for _, r := range []struct {
		id    uuid.UUID
		who   string
		score int
	}{{vip.ID(), "vip-li", 5}, {plain.ID(), "buyer-chen", 4}, {night.ID(), "buyer-zhang", 3}} {
		check(svc.Rate(ctx, r.id, shopkit.Actor{Role: shopkit.Buyer, ID: r.who}, r.score))
	}
	fmt.Println("  three customers rated the service")

	set(12, 0)
	// every conversation of the morning, FAQ answers included; the service
	// times are those of the conversations agents handled
	var all, human []*support.Conversation
	for _, id := range []uuid.UUID{night.ID(), faqShip.ID(), faqInvoice.ID(), plain.ID(), vip.ID()} {
		c, err := conversations.Get(ctx, id)
		check(err)
		all = append(all, c)
		if _, ok := c.FirstReplyAt(); ok {
			human = append(human, c)
		}
	}
	breached, err := conversations.Breached(ctx, teaShop, clock.Add(-24*time.Hour), clock)
	check(err)
	for _, c := range breached {
		for _, b := range c.Breaches() {
			fmt.Printf("  breach: %s %s due %s (agent %q)\n", short(c.ID()), b.Kind, b.DueAt.Format("15:04:05"), b.AgentID)
		}
	}
	convs := slices.Values(all)
	st := support.MeasureServiceTimes(slices.Values(human), svc.Policy().Hours)
	fmt.Printf("  %d conversations, %d answered by the FAQ\n", len(all), len(all)-len(human))
	fmt.Printf("  agents: first response avg %s (max %s), resolution avg %s in business time, breaches %d\n",
		st.FirstResponseAvg, st.FirstResponseMax, st.ResolutionAvg, st.Breaches)
	sat, per := support.SummariseSatisfaction(support.Ratings(convs))
	fmt.Printf("  satisfaction %s over %d answers, distribution %v; xiaomei %s, dawei %s\n",
		sat.Average, sat.Count, sat.Distribution, per["xiaomei"].Average, per["dawei"].Average)
	orders := []support.OrderFact{
		{ShopID: teaShop, BuyerID: "buyer-chen", PlacedAt: time.Date(2026, 11, 23, 9, 20, 0, 0, loc), PaidAt: time.Date(2026, 11, 23, 10, 5, 0, 0, loc), AssistedBy: "dawei"},
		{ShopID: teaShop, BuyerID: "vip-li", PlacedAt: time.Date(2026, 11, 20, 20, 0, 0, 0, loc), PaidAt: time.Date(2026, 11, 20, 20, 1, 0, 0, loc)},
	}
	inquiries := func(yield func(support.InquiryFact) bool) {
		for _, c := range all {
			if !yield(support.InquiryFact{ShopID: c.ShopID(), BuyerID: c.CustomerID(), At: c.OpenedAt()}) {
				return
			}
		}
	}
	conv := support.InquiryConversion(teaShop, shopkit.Date{Year: 2026, Month: 11, Day: 23}, loc,
		svc.Policy().NewBuyerWindow, iter.Seq[support.InquiryFact](inquiries), slices.Values(orders))
	fmt.Printf("  inquiry conversion %d/%d = %s (vip-li ordered within 21 days: not counted)\n", conv.Paid, conv.Inquirers, conv.Rate)
	for _, w := range support.AgentWorkload(convs, slices.Values(orders), loc) {
		fmt.Printf("  workload %s %s: %d conversations, %d assisted orders\n", w.Day, w.AgentID, w.Conversations, w.AssistedOrders)
	}
	for _, t := range support.TopTopics(convs, clock.Add(-24*time.Hour), clock, 5) {
		fmt.Printf("  topic %s: %d\n", t.Topic, t.Count)
	}
}

func short(id uuid.UUID) string { s := id.String(); return "#" + s[len(s)-2:] }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// Package day is the shop's day that examples/quickstart prints: a merchant
// applies and is admitted, lists and publishes a product, a member buys it with
// a shop coupon and a platform coupon, the order is paid, shipped, delivered and
// completed by a sweep ten days later, one unit comes back for a refund to the
// fen, and the month's commission statement is printed.
//
// The script is one function over a set of stores, so the same day runs on the
// in-memory stores (examples/quickstart) and on any other implementation of
// them (pgstore/examples/quickstart runs it on PostgreSQL) and prints the same
// lines: every identifier and instant it prints comes from the script itself.
package day

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/catalog/catalogtest"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/shopspring/decimal"
)

// Stores are the stores the day's services keep their state in, one field per
// store. Every field is required.
type Stores struct {
	Merchants       merchant.Store
	Listings        catalog.ListingStore
	Stock           inventory.Store
	Members         membership.Store
	CouponTemplates promotion.CouponTemplateStore
	CouponQuotas    promotion.CouponQuotaStore
	Coupons         promotion.CouponStore
	Campaigns       promotion.CampaignStore
	Orders          order.Store
	Cases           aftersales.Store
	Ledgers         aftersales.LedgerStore
	Conversations   support.ConversationStore
	Complaints      support.ComplaintStore
	Queues          support.QueueStore
	Commission      commission.Store
}

// InMemory returns a fresh set of the in-memory stores (the …test packages'),
// which keep the day in the process and need nothing else.
func InMemory() Stores {
	coupons := promotiontest.NewCouponServiceConfig(nil)
	return Stores{
		Merchants:       merchanttest.NewStore(),
		Listings:        catalogtest.NewListingStore(),
		Stock:           inventorytest.NewStore(),
		Members:         membershiptest.NewStore(),
		CouponTemplates: coupons.Templates,
		CouponQuotas:    coupons.Quotas,
		Coupons:         coupons.Coupons,
		Campaigns:       coupons.Campaigns,
		Orders:          ordertest.NewStore(),
		Cases:           aftersalestest.NewStore(),
		Ledgers:         aftersalestest.NewLedgerStore(),
		Conversations:   supporttest.NewStore(),
		Complaints:      supporttest.NewComplaintStore(),
		Queues:          supporttest.NewQueueStore(),
		Commission:      commissiontest.NewStore(),
	}
}

// missing names the fields of s that are nil.
func (s Stores) missing() []string {
	var names []string
	for _, f := range []struct {
		name  string
		isNil bool
	}{
		{"Merchants", s.Merchants == nil}, {"Listings", s.Listings == nil}, {"Stock", s.Stock == nil},
		{"Members", s.Members == nil}, {"CouponTemplates", s.CouponTemplates == nil},
		{"CouponQuotas", s.CouponQuotas == nil}, {"Coupons", s.Coupons == nil}, {"Campaigns", s.Campaigns == nil},
		{"Orders", s.Orders == nil}, {"Cases", s.Cases == nil}, {"Ledgers", s.Ledgers == nil},
		{"Conversations", s.Conversations == nil}, {"Complaints", s.Complaints == nil},
		{"Queues", s.Queues == nil}, {"Commission", s.Commission == nil},
	} {
		if f.isNil {
			names = append(names, f.name)
		}
	}
	return names
}

// Calendar is the working-day and business-hours calendar every service of
// the day uses (deadlines, SLA clocks, payout dates). A store that keeps
// policies' calendars out of its data is configured with it.
func Calendar() *shopkit.Calendar { return shopkit.DefaultCalendar() }

// clock is the day's time: the library never reads the wall clock, so the
// script moves time on itself.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// printer writes the day's lines to w and keeps the first write error, which
// Run returns.
type printer struct {
	w   io.Writer
	clk *clock
	err error
}

// step prints one event of the day, stamped with the day's time.
func (p *printer) step(format string, args ...any) {
	p.printf("%s  %s\n", p.clk.Now().Format("01-02 15:04"), fmt.Sprintf(format, args...))
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) line(args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, args...)
	}
}

// Run plays the day on s, printing it to w, and returns the first error of a
// service or of w. The day starts from empty stores: run it on fresh ones.
func Run(ctx context.Context, w io.Writer, s Stores) error {
	if missing := s.missing(); len(missing) > 0 {
		return fmt.Errorf("day: stores %v are not set", missing)
	}
	cal := Calendar()
	clk := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, cal.Location())} // a Monday
	p := &printer{w: w, clk: clk}
	shopID := uuid.MustParse("7a1c0000-0000-4000-8000-000000000001")
	applicant := shopkit.Actor{Role: shopkit.Merchant, ID: shopID.String()} // the applicant acts as the shop it registers
	reviewer := shopkit.Actor{Role: shopkit.Platform, ID: "ops-7"}
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "b-2001"}

	// 1. The merchant applies and is admitted (R1.1–R1.3).
	merchants, err := merchant.NewService(merchant.ServiceConfig{Store: s.Merchants,
		Policy: merchant.DefaultPolicy(), Calendar: cal, Clock: clk.Now})
	if err != nil {
		return err
	}
	m, err := merchants.Register(ctx, applicant, merchant.Registration{
		ID:   shopID,
		Name: "福州茶语贸易有限公司", Email: "shop@example.com", Phone: "13812345678",
	}, merchant.EmailVerification{Token: "t-9f2c", ExpiresAt: clk.Now().Add(24 * time.Hour)})
	if err != nil {
		return err
	}
	p.step("merchant registered: %s", m.State())
	if err := merchants.VerifyEmail(ctx, m.ID(), applicant, "t-9f2c"); err != nil {
		return err
	}
	if err := merchants.UpdateProfile(ctx, m.ID(), applicant, merchant.Profile{
		Kind: merchant.MerchantCompany, Region: merchant.RegionMainland,
		LegalName: "福州茶语贸易有限公司", CreditCode: "91350100M000100Y43", LegalRepresentative: "林茶",
		BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
		Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
	}); err != nil {
		return err
	}
	if err := merchants.ChooseCategories(ctx, m.ID(), applicant, []string{"tea"}); err != nil {
		return err
	}
	if err := merchants.Submit(ctx, m.ID(), applicant); err != nil {
		return err
	}
	m, err = merchants.Get(ctx, m.ID())
	if err != nil {
		return err
	}
	due, _ := m.Deadline()
	p.step("application submitted; review due by %s (3 working days, R1.1)", due.Format("2006-01-02 15:04"))
	report := merchant.Evaluate(merchant.CompanyOnly(), merchant.FactsFromMerchant(m), clk.Now())
	p.step("admission rules (company only, R1.2): passed=%v", len(report.Failed()) == 0)
	clk.Advance(26 * time.Hour)
	if err := merchants.Approve(ctx, m.ID(), reviewer, merchant.Terms{Deposit: shopkit.CNY(1000_00), CommissionPlanID: "standard-5"}, "documents in order"); err != nil {
		return err
	}
	m, err = merchants.Get(ctx, m.ID())
	if err != nil {
		return err
	}
	p.step("approved: %s, deposit %s", m.State(), m.Terms().Deposit)
	p.line("           ", m) // personal data masked (R0.5)

	// 2. The merchant lists and publishes a product (R2.1) and stocks it (R2.2).
	banned, err := catalog.NewBannedWordsChecker([]string{"最好", "假货", "国家级"})
	if err != nil {
		return err
	}
	listings, err := catalog.NewListingService(catalog.ListingServiceConfig{Store: s.Listings,
		Checkers: []catalog.ComplianceChecker{banned}, Policy: catalog.DefaultListingPolicy(), Clock: clk.Now})
	if err != nil {
		return err
	}
	stock, err := inventory.NewService(inventory.ServiceConfig{Store: s.Stock, ShopID: m.ID(), Policy: inventory.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		return err
	}
	seller := shopkit.Actor{Role: shopkit.Merchant, ID: m.ID().String()}
	tea, err := listings.Create(ctx, m.ID(), catalog.ListingContent{
		Name: "国家级明前龙井 250g", Description: "西湖产区，当季新茶", Category: "tea.green",
		Images: []string{"img/longjing.jpg"}, Price: shopkit.CNY(168_00), Stock: 50, SKUs: []string{"LJ-250"},
	}, seller)
	if err != nil {
		return err
	}
	tea, err = listings.Submit(ctx, tea.ID(), seller)
	if err != nil {
		return err
	}
	p.step("listing %q: %s — %s", tea.Content().Name, tea.State(), tea.Findings()[0].Detail)
	content := tea.Content()
	content.Name = "明前龙井 250g"
	_, err = listings.Edit(ctx, tea.ID(), seller, content)
	if err != nil {
		return err
	}
	tea, err = listings.Submit(ctx, tea.ID(), seller)
	if err != nil {
		return err
	}
	tea, err = listings.Publish(ctx, tea.ID(), seller)
	if err != nil {
		return err
	}
	p.step("listing %q: %s, visible=%v", tea.Content().Name, tea.State(), tea.Visible())
	_, err = stock.AddSKU(ctx, "LJ-250", 50, seller)
	if err != nil {
		return err
	}
	_, err = stock.AddSKU(ctx, "CUP-01", 20, seller)
	if err != nil {
		return err
	}

	// 3. The shop's member tiers (R5.1); the buyer's earlier orders made them Silver.
	tiers, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: []membership.Tier{
		{Name: "Bronze", MinAmount: shopkit.CNY(100_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.98")}},
		{Name: "Silver", MinAmount: shopkit.CNY(500_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95"), PriorityService: true}},
		{Name: "Gold", MinAmount: shopkit.CNY(2000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.90"), PriorityService: true, PriorityAfterSales: true}},
	}})
	if err != nil {
		return err
	}
	members, err := membership.NewService(membership.ServiceConfig{Store: s.Members, Tiers: tiers, ShopID: m.ID(), Clock: clk.Now})
	if err != nil {
		return err
	}
	_, err = members.Complete(ctx, membership.CompletedOrder{OrderID: uuid.MustParse("7a1c0000-0000-4000-8000-0000000000e1"), CustomerID: buyer.ID, Amount: shopkit.CNY(620_00), CompletedAt: clk.Now()})
	if err != nil {
		return err
	}
	ev, err := members.Evaluate(ctx, buyer.ID)
	if err != nil {
		return err
	}
	p.step("buyer %s is a %s member; %s", buyer.ID, ev.Tier, ev.Missing())

	// 4. A shop coupon and a platform coupon (R2.4), issued to the buyer.
	coupons, err := promotion.NewCouponService(promotion.CouponServiceConfig{Templates: s.CouponTemplates,
		Quotas: s.CouponQuotas, Coupons: s.Coupons, Campaigns: s.Campaigns, Clock: clk.Now})
	if err != nil {
		return err
	}
	shopTpl, err := coupons.CreateTemplate(ctx, seller, promotion.CouponTemplateSpec{Name: "满300减30", Kind: promotion.CouponAmountOff,
		Issuer: promotion.IssuerShop, ShopID: m.ID(), Amount: shopkit.CNY(30_00), MinSpend: shopkit.CNY(300_00),
		ValidFrom: clk.Now(), ValidTo: clk.Now().Add(30 * 24 * time.Hour)})
	if err != nil {
		return err
	}
	platformTpl, err := coupons.CreateTemplate(ctx, reviewer, promotion.CouponTemplateSpec{Name: "平台满200减15", Kind: promotion.CouponAmountOff,
		Issuer: promotion.IssuerPlatform, Amount: shopkit.CNY(15_00), MinSpend: shopkit.CNY(200_00),
		ValidFrom: clk.Now(), ValidTo: clk.Now().Add(30 * 24 * time.Hour)})
	if err != nil {
		return err
	}
	shopCoupon, err := coupons.Issue(ctx, seller, shopTpl.ID(), buyer.ID)
	if err != nil {
		return err
	}
	platformCoupon, err := coupons.Issue(ctx, reviewer, platformTpl.ID(), buyer.ID)
	if err != nil {
		return err
	}

	// 5. The buyer orders: member price first (R5.3), then the coupons apportioned
	// to the lines in whole fen (R2.4, R0.1); the merchant confirms and ships (R2.3).
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{Location: cal.Location()})
	if err != nil {
		return err
	}
	orders, err := order.NewService(order.ServiceConfig{Store: s.Orders, Stock: stock,
		Numberer: numbers, Policy: order.DefaultPolicy(), Clock: clk.Now, Hours: cal})
	if err != nil {
		return err
	}
	clk.Advance(2 * time.Hour)
	pricer, err := members.PricerFor(ctx, buyer.ID)
	if err != nil {
		return err
	}
	chosen, err := coupons.Load(ctx, []uuid.UUID{shopCoupon.ID(), platformCoupon.ID()})
	if err != nil {
		return err
	}
	priced, err := promotion.Price(promotion.PriceInput{ShopID: m.ID(), Member: pricer, Coupons: chosen, Now: clk.Now(),
		Shipping: shopkit.CNY(10_00), Lines: []promotion.PriceLine{
			{SKU: "LJ-250", ListingID: tea.ID(), Category: "tea.green", Name: "明前龙井 250g", UnitPrice: shopkit.CNY(168_00), Quantity: 3},
			{SKU: "CUP-01", ListingID: uuid.MustParse("7a1c0000-0000-4000-8000-0000000000c1"), Category: "teaware", Name: "白瓷盖碗", UnitPrice: shopkit.CNY(45_50), Quantity: 1},
		}})
	if err != nil {
		return err
	}
	o, err := orders.Place(ctx, order.PlaceOrder{BuyerID: buyer.ID, MerchantID: m.ID(), Lines: priced.Lines,
		Shipping: priced.Shipping, ShippingDiscount: priced.ShippingDiscount, Source: "app",
		CouponIDs: []uuid.UUID{shopCoupon.ID(), platformCoupon.ID()},
		Address:   order.Address{Recipient: "王小明", Phone: "13900001111", Region: "浙江省杭州市西湖区", Detail: "文三路 100 号"}})
	if err != nil {
		return err
	}
	if err := coupons.Redeem(ctx, buyer, o.ID().String(), priced.Applied); err != nil {
		return err
	}
	for _, a := range priced.Applied {
		p.step("%s coupon applied: -%s", a.Issuer, a.Discount)
	}
	p.step("order %s placed: %s, total %s", o.Number(), o.State(), o.Total())
	clk.Advance(40 * time.Minute)
	res, err := orders.Sweep(ctx)
	if err != nil {
		return err
	}
	p.step("sweep: %d consequence applied (payment reminder after 30 min in business hours, R2.3.5, R6.1)", res.Applied)
	o, err = orders.Pay(ctx, o.ID(), buyer, order.Payment{Method: order.Alipay, Amount: o.Total(), GatewayRef: "alipay-7781"})
	if err != nil {
		return err
	}
	p.step("paid %s by %s", o.Total(), order.Alipay)
	clk.Advance(3 * time.Hour)
	_, err = orders.Confirm(ctx, o.ID(), seller)
	if err != nil {
		return err
	}
	o, err = orders.Ship(ctx, o.ID(), seller, "SF Express", "SF1234567890")
	if err != nil {
		return err
	}
	p.step("confirmed and shipped: %s", o.State())
	clk.Advance(30 * time.Hour)
	o, err = orders.Deliver(ctx, o.ID(), shopkit.SystemActor(), clk.Now())
	if err != nil {
		return err
	}
	p.step("delivered (signed for)")

	// 6. One box of tea comes back (R3.6): the refund is the line's paid amount
	// after member price and coupons, to the fen (R3.7).
	cases, err := aftersales.NewService(aftersales.ServiceConfig{Cases: s.Cases, Ledgers: s.Ledgers,
		Policy: aftersales.DefaultPolicy(), Clock: clk.Now, Tiers: members})
	if err != nil {
		return err
	}
	clk.Advance(20 * time.Hour)
	rc, err := cases.Open(ctx, aftersales.OrderFromCommerce(o), aftersales.Application{Kind: aftersales.ReturnRefund,
		Reason: aftersales.Quality, Note: "one box arrived crushed", Evidence: []string{"photo-1"}, BuyerID: buyer.ID,
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	if err != nil {
		return err
	}
	due, _ = rc.Deadline()
	p.step("buyer opens %s for 1 of 3 boxes: %s, merchant answers by %s (48 h, R3.6)", rc.Kind(), rc.State(), due.Format("01-02 15:04"))
	act := func(fn func(*aftersales.Case, time.Time) error) error {
		var err error
		rc, err = cases.Act(ctx, rc.ID(), fn)
		return err
	}

	// 7. Customer service (R6): the FAQ answers a common question, the rest goes to
	// an agent, who sees the buyer's member tier beside the conversation.
	faq, err := support.NewFAQ([]support.FAQEntry{
		{ID: "refund-time", Keywords: []string{"退款多久", "什么时候退款"}, Answer: "商家签收退货后7天内退款。", Topic: "refund"},
	})
	if err != nil {
		return err
	}
	router, err := support.NewRouter(uuid.MustParse("7a1c0000-0000-4000-8000-0000000000d1"), support.LeastLoaded) // the shop's support desk
	if err != nil {
		return err
	}
	if err := router.AddAgent(support.AgentConfig{ID: "xiaomei", Shops: []uuid.UUID{m.ID()}, Groups: []support.SkillGroup{"general"}, Capacity: 3}); err != nil {
		return err
	}
	if err := s.Queues.Create(ctx, router); err != nil {
		return err
	}
	desk, err := support.NewService(support.ServiceConfig{Conversations: s.Conversations, Complaints: s.Complaints,
		Queues: s.Queues, Desk: router.ID(), Classifier: faq, Tiers: members,
		Severity: support.DefaultSeverityPolicy(), Policy: support.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		return err
	}
	q1, err := desk.Open(ctx, support.Inquiry{ShopID: m.ID(), CustomerID: buyer.ID, Channel: support.WebChat,
		Phase: support.AfterSale, Content: "退款多久到账？", OrderID: o.ID(), CaseID: rc.ID()})
	if err != nil {
		return err
	}
	p.step("buyer asks %q → %s by the FAQ", "退款多久到账？", q1.State())
	q2, err := desk.Open(ctx, support.Inquiry{ShopID: m.ID(), CustomerID: buyer.ID, Channel: support.WebChat,
		Phase: support.AfterSale, Content: "盒子压坏了，能先处理吗", OrderID: o.ID(), CaseID: rc.ID()})
	if err != nil {
		return err
	}
	if err := desk.SetAgentStatus(ctx, "xiaomei", support.Online); err != nil {
		return err
	}
	view, err := desk.View(ctx, q2.ID(), 0)
	if err != nil {
		return err
	}
	p.step("a human question waits for an agent; xiaomei comes online and sees a %s member (priority service: %v): %s",
		view.Tier.Name, view.Tier.PriorityService, view.Conversation.State())
	agent := shopkit.Actor{Role: shopkit.Merchant, ID: "xiaomei", Shops: []uuid.UUID{m.ID()}} // the shop's agent
	clk.Advance(2 * time.Minute)
	if err := desk.Reply(ctx, q2.ID(), agent, "您好，已为您加急处理退货。"); err != nil {
		return err
	}
	if err := desk.Resolve(ctx, q2.ID(), agent, support.Summary{Text: "return sped up", Topic: "refund"}); err != nil {
		return err
	}
	if err := desk.Rate(ctx, q2.ID(), buyer, 5); err != nil {
		return err
	}
	p.step("agent replied within the first-response target and resolved it; the buyer rates 5/5 (R6.3, R6.4)")
	clk.Advance(3 * time.Hour)
	if err := act(func(c *aftersales.Case, now time.Time) error { return c.Approve(seller, now, "sorry about that") }); err != nil {
		return err
	}
	clk.Advance(5 * time.Hour)
	if err := act(func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF9876543210") }); err != nil {
		return err
	}
	clk.Advance(26 * time.Hour)
	if err := act(func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(seller, now, now) }); err != nil {
		return err
	}
	if err := act(func(c *aftersales.Case, now time.Time) error { return c.ApproveRefund(seller, now, "return received") }); err != nil {
		return err
	}
	refund, err := cases.ConfirmRefund(ctx, o.ID(), rc.Refund().Key)
	if err != nil {
		return err
	}
	if err := stock.Receive(ctx, "LJ-250", 1, seller, "returned by "+rc.ID().String()); err != nil {
		return err
	}
	rc, err = cases.Get(ctx, rc.ID())
	if err != nil {
		return err
	}
	p.step("return signed for and refunded: %s of the line's %s (⌊%d × 1 / 3⌋ fen) → %s",
		refund.Amount, o.Lines()[0].Paid, o.Lines()[0].Paid.Amount(), rc.State())
	clk.Advance(8 * 24 * time.Hour)
	res, err = orders.Sweep(ctx)
	if err != nil {
		return err
	}
	o, err = orders.Get(ctx, o.ID())
	if err != nil {
		return err
	}
	p.step("sweep: %d applied; order %s at %s (10 days after delivery, R2.3.4)", res.Applied, o.State(), o.CompletedAt().Format("01-02 15:04"))
	for _, l := range o.Lines() {
		p.printf("            %-14s %d × %s  subtotal %s  member -%s  coupons -%s  paid %s\n",
			l.Name, l.Quantity, l.UnitPrice, l.Subtotal, l.MemberDiscount, l.CouponDiscount, l.Paid)
	}
	p.printf("            shipping %s; Σ line paid + shipping = total %s\n", o.Shipping(), o.Total())
	out, err := members.Complete(ctx, membership.CompletedOrder{OrderID: o.ID(), CustomerID: buyer.ID, Amount: o.Total(), CompletedAt: o.CompletedAt()})
	if err != nil {
		return err
	}
	p.step("membership counts the order: %s over %d orders, %s", out.Figures.Amount, out.Figures.Orders, out.To)
	if err := members.Refund(ctx, refund); err != nil {
		return err
	}
	ev, err = members.Evaluate(ctx, buyer.ID)
	if err != nil {
		return err
	}
	p.step("after the refund: %s over %d orders, still %s (refunds never demote, R5.2)", ev.Figures.Amount, ev.Figures.Orders, ev.Tier)

	item, err := stock.Get(ctx, "LJ-250")
	if err != nil {
		return err
	}
	p.step("stock LJ-250: on hand %d (3 sold, 1 returned), reserved %d", item.OnHand(), item.Reserved())

	// 8. The month's settlement (R4): commission per line on what the buyer paid,
	// reversed in proportion to the refund, paid out T + 7 working days.
	rules := commission.RuleSet{ID: "2026", From: time.Date(2026, 1, 1, 0, 0, 0, 0, cal.Location()),
		Currency: shopkit.CurrencyCNY, DefaultRate: decimal.RequireFromString("0.05"),
		Categories: map[string]decimal.Decimal{"tea.green": decimal.RequireFromString("0.03")},
		Plans:      []commission.Plan{{ID: "standard-5", Kind: commission.Percentage}}}
	ledgerStore := s.Commission
	if err := ledgerStore.SaveRuleSet(ctx, rules); err != nil {
		return err
	}
	schedule, err := commission.LoadSchedule(ctx, ledgerStore)
	if err != nil {
		return err
	}
	settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: schedule, Store: ledgerStore,
		Policy:    commission.Policy{PayoutDays: commission.DefaultPayoutDays, Calendar: cal},
		Merchants: map[uuid.UUID]commission.Merchant{m.ID(): {ID: m.ID(), Plan: m.Terms().CommissionPlanID}}})
	if err != nil {
		return err
	}
	record := commission.RecordFromOrder(o, aftersales.DefaultPolicy().NoReasonWindow)
	record.Refunds = append(record.Refunds, refund)
	month := time.Date(2026, 11, 1, 0, 0, 0, 0, cal.Location())
	period, err := commission.NewPeriod(month, month.AddDate(0, 1, 0))
	if err != nil {
		return err
	}
	clk.t = period.End
	statements, err := settler.Statements(ctx, commission.Run{Period: period, Orders: slices.Values([]commission.OrderRecord{record})})
	if err != nil {
		return err
	}
	for _, st := range statements {
		p.step("November statement: paid %s, refunds %s, commission %s, reversed %s, net %s; payout due by %s (T + 7 working days, R4.5)",
			st.Paid, st.Refunds, st.Commission, st.CommissionReversed, st.Net, st.PayoutDue.Format("2006-01-02 15:04"))
	}
	return p.err
}

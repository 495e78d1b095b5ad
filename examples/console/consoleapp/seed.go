package consoleapp

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

// Day is what the console's seeded day holds, so a test (or a person reading
// the console) knows which case waits on whom and until when. All instants are
// fixed: the day does not depend on when the console starts.
type Day struct {
	// Shop is the shop the day belongs to; the merchant acts as it.
	Shop uuid.UUID
	// Buyer is the buyer of the day's after-sales cases.
	Buyer string
	// Operator is a platform operator.
	Operator string
	// Exchange is the exchange case waiting on the merchant's decision (R3.3).
	Exchange uuid.UUID
	// ExchangeRequested is when the buyer asked for the exchange; the
	// merchant's 48 h run from it.
	ExchangeRequested time.Time
	// ExchangeDeadline is the last instant the merchant may approve or reject
	// the exchange (R0.3: in time exactly at it, late one nanosecond after).
	ExchangeDeadline time.Time
	// Return is a return-and-refund case the merchant approved: it waits on
	// the buyer's parcel.
	Return uuid.UUID
	// RefundOnly is a refund-only case waiting on the merchant.
	RefundOnly uuid.UUID
	// End is the instant the seeded day ends at: the console's clock should
	// read it or later.
	End time.Time
	// Statement is the key of the shop's October statement.
	Statement string
}

// seedClock is the time of the seeding: it moves only when the seed moves it.
type seedClock struct{ t time.Time }

func (c *seedClock) now() time.Time { return c.t }

// seed builds the day on the app's services with the seeding clock.
func (a *App) seed(ctx context.Context, clk *seedClock) error {
	cal := shopkit.DefaultCalendar()
	loc := cal.Location()
	shop := a.day.Shop
	seller := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: a.day.Buyer}
	at := func(month time.Month, day, hour, minute int) {
		clk.t = time.Date(2026, month, day, hour, minute, 0, 0, loc)
	}

	at(time.October, 9, 9, 0)
	for _, sku := range []string{"LJ-250", "CUP-01", "TRAY-02"} {
		if _, err := a.stock.AddSKU(ctx, sku, 100, seller); err != nil {
			return fmt.Errorf("stock %s: %w", sku, err)
		}
	}
	address := order.Address{Recipient: "王小明", Phone: "13900001111", Region: "浙江省杭州市西湖区", Detail: "文三路 100 号"}
	place := func(sku, name, category string, price shopkit.Money, qty int64) (*order.Order, error) {
		return a.orders.Place(ctx, order.PlaceOrder{BuyerID: buyer.ID, MerchantID: shop, Source: "app", Address: address,
			Shipping: shopkit.CNY(10_00), Lines: []order.Line{{SKU: sku, ListingID: uuid.NewSHA1(shop, []byte(sku)),
				Category: category, Name: name, UnitPrice: price, Quantity: qty}}})
	}
	deliver := func(o *order.Order, paid, shipped, signed time.Time) (*order.Order, error) {
		var err error
		clk.t = paid
		if o, err = a.orders.Pay(ctx, o.ID(), buyer, order.Payment{Method: order.Alipay, Amount: o.Total(), GatewayRef: "alipay-" + o.Number()}); err != nil {
			return nil, err
		}
		clk.t = shipped
		if _, err = a.orders.Confirm(ctx, o.ID(), seller); err != nil {
			return nil, err
		}
		if _, err = a.orders.Ship(ctx, o.ID(), seller, "SF Express", "SF"+o.Number()); err != nil {
			return nil, err
		}
		clk.t = signed
		return a.orders.Deliver(ctx, o.ID(), shopkit.SystemActor(), signed)
	}
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}

	// October: one order, delivered and completed by the sweep ten days later
	// (R2.3.4), settled in the month's statement (R4).
	october, err := place("LJ-250", "明前龙井 250g", "tea.green", shopkit.CNY(168_00), 2)
	if err := step("october order", err); err != nil {
		return err
	}
	d := func(day, hour int) time.Time { return time.Date(2026, time.October, day, hour, 0, 0, 0, loc) }
	if october, err = deliver(october, d(9, 9).Add(10*time.Minute), d(9, 15), d(11, 14)); err != nil {
		return step("october delivery", err)
	}
	at(time.October, 22, 15, 0)
	if _, err := a.orders.Sweep(ctx); err != nil {
		return step("october sweep", err)
	}
	if october, err = a.orders.Get(ctx, october.ID()); err != nil {
		return step("october order", err)
	}
	if err := a.settle(ctx, october, cal); err != nil {
		return step("october statement", err)
	}

	// Three orders signed for on 31 October.
	var signed []*order.Order
	for _, l := range []struct {
		sku, name, category string
		price               shopkit.Money
	}{
		{"CUP-01", "白瓷盖碗", "teaware", shopkit.CNY(45_50)},
		{"TRAY-02", "竹制茶盘", "teaware", shopkit.CNY(129_00)},
		{"LJ-250", "明前龙井 250g", "tea.green", shopkit.CNY(168_00)},
	} {
		at(time.October, 29, 20, 0)
		o, err := place(l.sku, l.name, l.category, l.price, 1)
		if err != nil {
			return step("order "+l.sku, err)
		}
		base := time.Date(2026, time.October, 29, 20, 0, 0, 0, loc)
		if o, err = deliver(o, base.Add(5*time.Minute), base.Add(14*time.Hour), base.Add(42*time.Hour)); err != nil {
			return step("delivery "+l.sku, err)
		}
		signed = append(signed, o)
	}

	// 2 November, the day: cases opened, one approved, one order waiting for
	// payment, and two questions waiting for an agent.
	at(time.November, 2, 9, 30)
	ret, err := a.cases.Open(ctx, aftersales.OrderFromCommerce(signed[2]), aftersales.Application{Kind: aftersales.ReturnRefund,
		Reason: aftersales.NoReason, Note: "不想要了", BuyerID: buyer.ID, Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	if err != nil {
		return step("return case", err)
	}
	at(time.November, 2, 10, 0)
	ex, err := a.cases.Open(ctx, aftersales.OrderFromCommerce(signed[0]), aftersales.Application{Kind: aftersales.Exchange,
		Reason: aftersales.Damaged, Note: "盖碗有裂纹，想换一个", Evidence: []string{"photo:cup-crack"}, BuyerID: buyer.ID,
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	if err != nil {
		return step("exchange case", err)
	}
	at(time.November, 2, 11, 0)
	if _, err := a.cases.Act(ctx, ret.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Approve(seller, now, "同意退货")
	}); err != nil {
		return step("return approval", err)
	}
	at(time.November, 2, 11, 30)
	ro, err := a.cases.Open(ctx, aftersales.OrderFromCommerce(signed[1]), aftersales.Application{Kind: aftersales.RefundOnly,
		Reason: aftersales.NotAsDescribed, Note: "颜色与图片不符", Evidence: []string{"photo:tray"}, BuyerID: buyer.ID,
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	if err != nil {
		return step("refund-only case", err)
	}
	at(time.November, 2, 11, 40)
	if _, err := place("LJ-250", "明前龙井 250g", "tea.green", shopkit.CNY(168_00), 1); err != nil {
		return step("pending order", err)
	}
	at(time.November, 2, 11, 50)
	for _, q := range []struct {
		customer, content string
		orderID, caseID   uuid.UUID
	}{
		{buyer.ID, "盖碗换货什么时候能处理？", signed[0].ID(), ex.ID()},
		{"b-3107", "龙井还有现货吗？", uuid.Nil, uuid.Nil},
	} {
		if _, err := a.desk.Open(ctx, support.Inquiry{ShopID: shop, CustomerID: q.customer, Channel: support.WebChat,
			Phase: support.AfterSale, Content: q.content, OrderID: q.orderID, CaseID: q.caseID}); err != nil {
			return step("conversation", err)
		}
	}
	at(time.November, 2, 12, 0)

	due, _ := ex.Deadline()
	a.day.Exchange, a.day.ExchangeRequested, a.day.ExchangeDeadline = ex.ID(), ex.OpenedAt(), due
	a.day.Return, a.day.RefundOnly, a.day.End = ret.ID(), ro.ID(), clk.t
	return nil
}

// settle settles the shop's October: 3 % on green tea, 5 % on the rest.
func (a *App) settle(ctx context.Context, o *order.Order, cal *shopkit.Calendar) error {
	loc := cal.Location()
	rules := commission.RuleSet{ID: "2026", From: time.Date(2026, 1, 1, 0, 0, 0, 0, loc),
		Currency: shopkit.CurrencyCNY, DefaultRate: decimal.RequireFromString("0.05"),
		Categories: map[string]decimal.Decimal{"tea.green": decimal.RequireFromString("0.03")},
		Plans:      []commission.Plan{{ID: "standard-5", Kind: commission.Percentage}}}
	if err := a.ledger.SaveRuleSet(ctx, rules); err != nil {
		return err
	}
	schedule, err := commission.LoadSchedule(ctx, a.ledger)
	if err != nil {
		return err
	}
	settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: schedule, Store: a.ledger,
		Policy:    commission.Policy{PayoutDays: commission.DefaultPayoutDays, Calendar: cal},
		Merchants: map[uuid.UUID]commission.Merchant{a.day.Shop: {ID: a.day.Shop, Plan: "standard-5"}}})
	if err != nil {
		return err
	}
	month := time.Date(2026, time.October, 1, 0, 0, 0, 0, loc)
	period, err := commission.NewPeriod(month, month.AddDate(0, 1, 0))
	if err != nil {
		return err
	}
	record := commission.RecordFromOrder(o, aftersales.DefaultPolicy().NoReasonWindow)
	sts, err := settler.Statements(ctx, commission.Run{Period: period, Orders: slices.Values([]commission.OrderRecord{record})})
	if err != nil {
		return err
	}
	if len(sts) != 1 {
		return fmt.Errorf("expected one statement, got %d", len(sts))
	}
	a.day.Statement = sts[0].Key
	return nil
}

// newServices wires the services on the in-memory stores, every one on clock.
func (a *App) newServices(ctx context.Context, clock shopkit.Clock) error {
	cal := shopkit.DefaultCalendar()
	var err error
	if a.stock, err = inventory.NewService(inventory.ServiceConfig{Store: inventorytest.NewStore(), ShopID: a.day.Shop,
		Policy: inventory.DefaultPolicy(), Clock: clock}); err != nil {
		return err
	}
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{Location: cal.Location()})
	if err != nil {
		return err
	}
	if a.orders, err = order.NewService(order.ServiceConfig{Store: ordertest.NewStore(), Stock: a.stock,
		Numberer: numbers, Policy: order.DefaultPolicy(), Clock: clock, Hours: cal}); err != nil {
		return err
	}
	a.caseStore = aftersalestest.NewStore()
	if a.cases, err = aftersales.NewService(aftersales.ServiceConfig{Cases: a.caseStore,
		Ledgers: aftersalestest.NewLedgerStore(), Policy: aftersales.DefaultPolicy(), Clock: clock}); err != nil {
		return err
	}
	router, err := support.NewRouter(uuid.NewSHA1(a.day.Shop, []byte("desk")), support.LeastLoaded)
	if err != nil {
		return err
	}
	if err := router.AddAgent(support.AgentConfig{ID: "xiaomei", Shops: []uuid.UUID{a.day.Shop},
		Groups: []support.SkillGroup{"general"}, Capacity: 3}); err != nil {
		return err
	}
	queues := supporttest.NewQueueStore()
	if err := queues.Create(ctx, router); err != nil {
		return err
	}
	if a.desk, err = support.NewService(support.ServiceConfig{Conversations: supporttest.NewStore(),
		Complaints: supporttest.NewComplaintStore(), Queues: queues, Desk: router.ID(),
		Severity: support.DefaultSeverityPolicy(), Policy: support.DefaultPolicy(), Clock: clock}); err != nil {
		return err
	}
	a.ledger = commissiontest.NewStore()
	return nil
}

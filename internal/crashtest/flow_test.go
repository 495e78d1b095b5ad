package crashtest_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
	"github.com/shopkit/shopkit/internal/faults"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The flow is examples/quickstart's, from the order on: the shop, its
// products, the member's tier, the coupons and the commission rules are set up
// first, fault-free and not counted.

var (
	cal      = shopkit.DefaultCalendar()
	t0       = time.Date(2026, 11, 2, 9, 0, 0, 0, cal.Location()) // a Monday
	shopID   = uuid.MustParse("7a1c0000-0000-4000-8000-000000000001")
	seller   = shopkit.Actor{Role: shopkit.Merchant, ID: shopID.String()}
	operator = shopkit.Actor{Role: shopkit.Platform, ID: "ops-7"}
	buyer    = shopkit.Actor{Role: shopkit.Buyer, ID: "b-2001"}
	cupID    = uuid.MustParse("7a1c0000-0000-4000-8000-0000000000c1")
	teaID    = uuid.MustParse("7a1c0000-0000-4000-8000-0000000000c2")
	month    = time.Date(2026, 11, 1, 0, 0, 0, 0, cal.Location())
)

// skus are the flow's SKUs and what each starts with on hand.
var skus = []struct {
	SKU    string
	OnHand int64
}{{"CUP-01", 20}, {"LJ-250", 50}}

// clock is the host's time, moved by the flow: the library never reads the
// wall clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// at moves the clock on to t, never back (a retried sweep waited for its
// lease to run out).
func (c *clock) at(t time.Time) {
	if t.After(c.t) {
		c.t = t
	}
}

// world is one run: the in-memory stores (read directly by the assertions),
// the services over their faulty wrappers, and what the host keeps between
// steps.
type world struct {
	t   testing.TB
	ctx context.Context
	clk *clock
	f   *faults.Counter

	items     *inventorytest.Store
	orders    *ordertest.Store
	templates *promotiontest.CouponTemplateStore
	quotas    *promotiontest.CouponQuotaStore
	coupons   *promotiontest.CouponStore
	campaigns *promotiontest.CampaignStore
	cases     *aftersalestest.Store
	ledgers   *aftersalestest.LedgerStore
	members   *membershiptest.Store
	settled   *commissiontest.Store

	stock      *inventory.Service
	orderSvc   *order.Service
	couponSvc  *promotion.CouponService
	caseSvc    *aftersales.Service
	memberSvc  *membership.Service
	settler    *commission.Settler
	tiers      *membership.TierSet
	campaignID uuid.UUID
	shopCoupon uuid.UUID // of the campaign's template
	platCoupon uuid.UUID

	// What the host learnt from the steps.
	orderID    uuid.UUID
	total      shopkit.Money
	applied    []promotion.AppliedCoupon
	caseID     uuid.UUID
	refund     shopkit.Refund
	statements []commission.Statement
}

func newWorld(t testing.TB) *world {
	ctx := context.Background()
	w := &world{t: t, ctx: ctx, clk: &clock{t: t0}, f: &faults.Counter{},
		items: inventorytest.NewStore(), orders: ordertest.NewStore(),
		templates: promotiontest.NewCouponTemplateStore(), quotas: promotiontest.NewCouponQuotaStore(),
		coupons: promotiontest.NewCouponStore(), campaigns: promotiontest.NewCampaignStore(),
		cases: aftersalestest.NewStore(), ledgers: aftersalestest.NewLedgerStore(),
		members: membershiptest.NewStore(), settled: commissiontest.NewStore()}
	now := w.clk.Now
	var err error
	w.stock, err = inventory.NewService(inventory.ServiceConfig{Store: faultyItems{w.items, w.f}, ShopID: shopID,
		Policy: inventory.DefaultPolicy(), Clock: now})
	require.NoError(t, err)
	for _, s := range skus {
		_, err := w.stock.AddSKU(ctx, s.SKU, s.OnHand, seller)
		require.NoError(t, err)
	}

	// The member is Silver from earlier orders (R5.1).
	w.tiers, err = membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: []membership.Tier{
		{Name: "Bronze", MinAmount: shopkit.CNY(100_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.98")}},
		{Name: "Silver", MinAmount: shopkit.CNY(500_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95"), PriorityService: true}},
		{Name: "Gold", MinAmount: shopkit.CNY(2000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.90"), PriorityService: true, PriorityAfterSales: true}},
	}})
	require.NoError(t, err)
	w.memberSvc, err = membership.NewService(membership.ServiceConfig{Store: faultyMembers{w.members, w.f}, Tiers: w.tiers, ShopID: shopID, Clock: now})
	require.NoError(t, err)
	_, err = w.memberSvc.Complete(ctx, membership.CompletedOrder{OrderID: uuid.MustParse("7a1c0000-0000-4000-8000-0000000000e1"),
		CustomerID: buyer.ID, Amount: shopkit.CNY(620_00), CompletedAt: t0})
	require.NoError(t, err)

	// A shop coupon of the shop's campaign, whose uses are spent from its
	// budget (a campaign step, R2.4, R2.8), and a platform coupon.
	couponCfg := promotion.CouponServiceConfig{Templates: faultyTemplates{w.templates, w.f}, Quotas: faultyQuotas{w.quotas, w.f},
		Coupons: faultyCoupons{w.coupons, w.f}, Campaigns: faultyCampaigns{w.campaigns, w.f}, Clock: now}
	w.couponSvc, err = promotion.NewCouponService(couponCfg)
	require.NoError(t, err)
	campaignSvc, err := promotion.NewCampaignService(promotion.CampaignServiceConfig{Store: couponCfg.Campaigns,
		Policy: promotion.DefaultCampaignPolicy(), Clock: now})
	require.NoError(t, err)
	valid := t0.Add(30 * 24 * time.Hour)
	campaign, err := campaignSvc.Create(ctx, seller, promotion.CampaignSpec{ShopID: shopID, Name: "双11", From: t0, To: valid,
		Budget: shopkit.CNY(1000_00)})
	require.NoError(t, err)
	w.campaignID = campaign.ID()
	shopTpl, err := w.couponSvc.CreateTemplate(ctx, seller, promotion.CouponTemplateSpec{Name: "满300减30", Kind: promotion.CouponAmountOff,
		Issuer: promotion.IssuerShop, ShopID: shopID, Amount: shopkit.CNY(30_00), MinSpend: shopkit.CNY(300_00),
		ValidFrom: t0, ValidTo: valid, CampaignID: campaign.ID()})
	require.NoError(t, err)
	platTpl, err := w.couponSvc.CreateTemplate(ctx, operator, promotion.CouponTemplateSpec{Name: "平台满200减15", Kind: promotion.CouponAmountOff,
		Issuer: promotion.IssuerPlatform, Amount: shopkit.CNY(15_00), MinSpend: shopkit.CNY(200_00), ValidFrom: t0, ValidTo: valid})
	require.NoError(t, err)
	c, err := w.couponSvc.Issue(ctx, seller, shopTpl.ID(), buyer.ID)
	require.NoError(t, err)
	w.shopCoupon = c.ID()
	c, err = w.couponSvc.Issue(ctx, operator, platTpl.ID(), buyer.ID)
	require.NoError(t, err)
	w.platCoupon = c.ID()

	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{Location: cal.Location()})
	require.NoError(t, err)
	w.orderSvc, err = order.NewService(order.ServiceConfig{Store: faultyOrders{w.orders, w.f}, Stock: w.stock,
		Numberer: numbers, Policy: order.DefaultPolicy(), Clock: now})
	require.NoError(t, err)
	w.caseSvc, err = aftersales.NewService(aftersales.ServiceConfig{Cases: faultyCases{w.cases, w.f},
		Ledgers: faultyLedgers{w.ledgers, w.f}, Policy: aftersales.DefaultPolicy(), Clock: now, Tiers: w.memberSvc})
	require.NoError(t, err)

	settlements := faultySettlements{w.settled, w.f}
	require.NoError(t, settlements.SaveRuleSet(ctx, commission.RuleSet{ID: "2026", From: time.Date(2026, 1, 1, 0, 0, 0, 0, cal.Location()),
		Currency: shopkit.CurrencyCNY, DefaultRate: decimal.RequireFromString("0.05"),
		Categories: map[string]decimal.Decimal{"tea.green": decimal.RequireFromString("0.03")},
		Plans:      []commission.Plan{{ID: "standard-5", Kind: commission.Percentage}}}))
	schedule, err := commission.LoadSchedule(ctx, settlements)
	require.NoError(t, err)
	w.settler, err = commission.NewSettler(commission.SettlerConfig{Schedule: schedule, Store: settlements,
		Policy:    commission.Policy{PayoutDays: commission.DefaultPayoutDays, Calendar: cal},
		Merchants: map[uuid.UUID]commission.Merchant{shopID: {ID: shopID, Plan: "standard-5"}}})
	require.NoError(t, err)

	// The issues' holds are settled before the flow begins.
	w.settle()
	return w
}

// step is one call of the host into a service. run reports whether the
// action was saved even though it returned an error (a service that returns
// the saved entity with the error of a follow-up: Resume finishes it, and the
// host does not do the action again).
type step struct {
	name  string
	at    time.Duration // when the host takes it, from t0
	sweep bool          // a sweep: a retry waits until the failed sweep's lease has run out
	run   func(w *world) (saved bool, err error)
}

// Times of the flow, from t0 (examples/quickstart's day).
const (
	placedAt    = 2 * time.Hour
	paidAt      = placedAt + 40*time.Minute
	shippedAt   = paidAt + 3*time.Hour
	deliveredAt = shippedAt + 30*time.Hour
	openedAt    = deliveredAt + 20*time.Hour
	approvedAt  = openedAt + 3*time.Hour
	sentBackAt  = approvedAt + 5*time.Hour
	receivedAt  = sentBackAt + 26*time.Hour
	sweptAt     = receivedAt + 8*24*time.Hour // 10 days after delivery and a bit (R2.3.4)
)

func (w *world) act(fn func(c *aftersales.Case, now time.Time) error) (bool, error) {
	c, err := w.caseSvc.Act(w.ctx, w.caseID, fn)
	return c != nil, err
}

func orderSaved(o *order.Order, err error) (bool, error) { return o != nil, err }

// sweepErr is a sweep's outcome as one error.
func sweepErr(res shopkit.SweepResult, err error) error {
	for _, f := range res.Failures {
		err = errors.Join(err, f.Err)
	}
	return err
}

var flow = []step{
	{name: "place", at: placedAt, run: func(w *world) (bool, error) {
		pricer, err := w.memberSvc.PricerFor(w.ctx, buyer.ID)
		if err != nil {
			return false, err
		}
		chosen, err := w.couponSvc.Load(w.ctx, []uuid.UUID{w.shopCoupon, w.platCoupon})
		if err != nil {
			return false, err
		}
		priced, err := promotion.Price(promotion.PriceInput{ShopID: shopID, Member: pricer, Coupons: chosen, Now: w.clk.Now(),
			Shipping: shopkit.CNY(10_00), Lines: []promotion.PriceLine{
				{SKU: "LJ-250", ListingID: teaID, Category: "tea.green", Name: "明前龙井 250g", UnitPrice: shopkit.CNY(168_00), Quantity: 3},
				{SKU: "CUP-01", ListingID: cupID, Category: "teaware", Name: "白瓷盖碗", UnitPrice: shopkit.CNY(45_50), Quantity: 1},
			}})
		if err != nil {
			return false, err
		}
		o, err := w.orderSvc.Place(w.ctx, order.PlaceOrder{BuyerID: buyer.ID, MerchantID: shopID, Lines: priced.Lines,
			Shipping: priced.Shipping, ShippingDiscount: priced.ShippingDiscount, Source: "app",
			CouponIDs: []uuid.UUID{w.shopCoupon, w.platCoupon},
			Address:   order.Address{Recipient: "王小明", Phone: "13900001111", Region: "浙江省杭州市西湖区", Detail: "文三路 100 号"}})
		if err != nil {
			return false, err
		}
		w.orderID, w.total, w.applied = o.ID(), o.Total(), priced.Applied
		return true, nil
	}},
	{name: "redeem", at: placedAt, run: func(w *world) (bool, error) {
		// orderRef is Redeem's idempotency key: a retry finishes what a
		// failed run left, and changes nothing else.
		return false, w.couponSvc.Redeem(w.ctx, buyer, w.orderID.String(), w.applied)
	}},
	{name: "pay", at: paidAt, run: func(w *world) (bool, error) {
		return orderSaved(w.orderSvc.Pay(w.ctx, w.orderID, buyer, order.Payment{Method: order.Alipay, Amount: w.total, GatewayRef: "alipay-7781"}))
	}},
	{name: "confirm", at: shippedAt, run: func(w *world) (bool, error) {
		return orderSaved(w.orderSvc.Confirm(w.ctx, w.orderID, seller))
	}},
	{name: "ship", at: shippedAt, run: func(w *world) (bool, error) {
		return orderSaved(w.orderSvc.Ship(w.ctx, w.orderID, seller, "SF Express", "SF1234567890"))
	}},
	{name: "deliver", at: deliveredAt, run: func(w *world) (bool, error) {
		return orderSaved(w.orderSvc.Deliver(w.ctx, w.orderID, shopkit.SystemActor(), t0.Add(deliveredAt)))
	}},
	{name: "open_return", at: openedAt, run: func(w *world) (bool, error) {
		o, err := w.orderSvc.Get(w.ctx, w.orderID)
		if err != nil {
			return false, err
		}
		c, err := w.caseSvc.Open(w.ctx, aftersales.OrderFromCommerce(o), aftersales.Application{Kind: aftersales.ReturnRefund,
			Reason: aftersales.Quality, Note: "one box arrived crushed", Evidence: []string{"photo-1"}, BuyerID: buyer.ID,
			Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
		if c != nil {
			w.caseID = c.ID() // stored: an error is a follow-up's, for Resume
		}
		return c != nil, err
	}},
	{name: "approve", at: approvedAt, run: func(w *world) (bool, error) {
		return w.act(func(c *aftersales.Case, now time.Time) error { return c.Approve(seller, now, "sorry about that") })
	}},
	{name: "ship_back", at: sentBackAt, run: func(w *world) (bool, error) {
		return w.act(func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF9876543210") })
	}},
	{name: "receive_return", at: receivedAt, run: func(w *world) (bool, error) {
		return w.act(func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(seller, now, now) })
	}},
	{name: "approve_refund", at: receivedAt, run: func(w *world) (bool, error) {
		return w.act(func(c *aftersales.Case, now time.Time) error { return c.ApproveRefund(seller, now, "return received") })
	}},
	{name: "confirm_refund", at: receivedAt, run: func(w *world) (bool, error) {
		// The gateway paid the case's refund back: confirming is idempotent.
		c, err := w.caseSvc.Get(w.ctx, w.caseID)
		if err != nil {
			return false, err
		}
		rec, err := w.caseSvc.ConfirmRefund(w.ctx, w.orderID, c.Refund().Key)
		if err == nil {
			w.refund = rec
		}
		return false, err
	}},
	{name: "restock", at: receivedAt, run: func(w *world) (bool, error) {
		// One store update: a failed one wrote nothing, so the host adds
		// the unit again.
		return false, w.stock.Receive(w.ctx, "LJ-250", 1, seller, "returned by "+w.caseID.String())
	}},
	{name: "sweep_completes", at: sweptAt, sweep: true, run: func(w *world) (bool, error) {
		return false, sweepErr(w.orderSvc.Sweep(w.ctx))
	}},
	{name: "member_complete", at: sweptAt, run: func(w *world) (bool, error) {
		o, err := w.orderSvc.Get(w.ctx, w.orderID)
		if err != nil {
			return false, err
		}
		if o.State() != order.OrderCompleted {
			w.t.Fatalf("the sweep left the order %s", o.State())
		}
		// The same order ID counts once (R5.2).
		_, err = w.memberSvc.Complete(w.ctx, membership.CompletedOrder{OrderID: o.ID(), CustomerID: buyer.ID,
			Amount: o.Total(), CompletedAt: o.CompletedAt()})
		return false, err
	}},
	{name: "member_refund", at: sweptAt, run: func(w *world) (bool, error) {
		return false, w.memberSvc.Refund(w.ctx, w.refund) // the same key counts once
	}},
	{name: "statement", at: month.AddDate(0, 1, 0).Sub(t0), run: func(w *world) (bool, error) {
		o, err := w.orderSvc.Get(w.ctx, w.orderID)
		if err != nil {
			return false, err
		}
		record := commission.RecordFromOrder(o, aftersales.DefaultPolicy().NoReasonWindow)
		record.Refunds = append(record.Refunds, w.refund)
		period, err := commission.NewPeriod(month, month.AddDate(0, 1, 0))
		if err != nil {
			return false, err
		}
		// Running a period again gives the same statement (R4.5).
		sts, err := w.settler.Statements(w.ctx, commission.Run{Period: period, Orders: slices.Values([]commission.OrderRecord{record})})
		if err == nil {
			w.statements = sts
		}
		return false, err
	}},
}

// alreadyDone reports a business refusal that shows that an action the host
// retries already happened: the first try was saved before its error, so the
// entity has moved on (a *shopkit.TransitionError for a state the action has
// left), or the request is a repeat of one that took effect (shopkit.ErrConflict).
// The host accepts it only on a retry, and only without an injected failure in
// it: the first try of every step must succeed in the fault-free run.
func alreadyDone(err error) bool {
	var te *shopkit.TransitionError
	return (errors.As(err, &te) && !te.WrongRole) || errors.Is(err, shopkit.ErrConflict)
}

// host runs the flow as a host does: each step in turn; on a failure it
// restarts (ends the faults, as a process that came back, and runs every
// Resume, as a host does after a restart), then tries the step again, unless
// the step reported the action saved, until it succeeds or refuses in a way
// that shows the action already happened.
func (w *world) host() {
	w.t.Helper()
	for _, s := range flow {
		w.clk.at(t0.Add(s.at))
		for try := 1; ; try++ {
			saved, err := s.run(w)
			if err == nil {
				break
			}
			if errors.Is(err, faults.ErrInjected) {
				w.restart()
				if saved {
					break
				}
				if try == 5 {
					w.t.Fatalf("step %s: still failing after %d tries: %v", s.name, try, err)
				}
				if s.sweep {
					w.clk.Advance(shopkit.SweepLease)
				}
				continue
			}
			if try > 1 && alreadyDone(err) {
				break
			}
			w.t.Fatalf("step %s (try %d): %v", s.name, try, err)
		}
	}
}

// resume runs every service's Resume; after a restart nothing fails, so a
// failure is the test's.
func (w *world) resume() {
	w.t.Helper()
	for _, r := range []struct {
		name string
		fn   func(context.Context) (shopkit.SweepResult, error)
	}{{"order", w.orderSvc.Resume}, {"aftersales", w.caseSvc.Resume}, {"promotion", w.couponSvc.Resume}} {
		res, err := r.fn(w.ctx)
		require.NoError(w.t, sweepErr(res, err), "%s Resume", r.name)
	}
}

// restart ends the faults and runs every Resume.
func (w *world) restart() {
	w.t.Helper()
	w.f.Disarm()
	w.resume()
}

// settle is the host's periodic work after the flow: every service's Resume
// and Sweep, past every grace period (a claim whose case was never stored, a
// campaign's remembered spend), until nothing is pending.
func (w *world) settle() {
	w.t.Helper()
	w.f.Disarm()
	for round := 1; ; round++ {
		w.clk.Advance(20 * time.Minute)
		w.resume()
		for _, r := range []struct {
			name string
			fn   func(context.Context) (shopkit.SweepResult, error)
		}{{"order", w.orderSvc.Sweep}, {"aftersales", w.caseSvc.Sweep}, {"promotion", w.couponSvc.Sweep}} {
			res, err := r.fn(w.ctx)
			require.NoError(w.t, sweepErr(res, err), "%s Sweep", r.name)
		}
		pending := w.pending()
		if pending == nil {
			return
		}
		if round == 6 {
			w.t.Fatalf("still pending after %d rounds of Resume and Sweep: %v", round, pending)
		}
	}
}

// pending names what the stores still list as pending (nil: nothing).
func (w *world) pending() map[string]int {
	out := map[string]int{}
	count := func(name string, n int, err error) {
		require.NoError(w.t, err)
		if n > 0 {
			out[name] = n
		}
	}
	o, err := w.orders.Pending(w.ctx, 100)
	count("orders", len(o), err)
	c, err := w.cases.Pending(w.ctx, 100)
	count("cases", len(c), err)
	l, err := w.ledgers.Pending(w.ctx, 100)
	count("ledgers", len(l), err)
	cp, err := w.coupons.Pending(w.ctx, 100)
	count("coupons", len(cp), err)
	q, err := w.quotas.Pending(w.ctx, 100)
	count("quotas", len(q), err)
	cm, err := w.campaigns.Pending(w.ctx, 100)
	count("campaigns", len(cm), err)
	if len(out) == 0 {
		return nil
	}
	return out
}

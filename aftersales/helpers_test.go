package aftersales_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/require"
)

var (
	// shopID is the merchant of the test orders: a shop is its merchant's ID.
	shopID   = uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
	buyer    = shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-13812345678"}
	merchant = shopkit.Actor{Role: shopkit.Merchant, ID: shopID.String()}
	operator = shopkit.Actor{Role: shopkit.Platform, ID: "ops-1"}
	sys      = shopkit.SystemActor()
)

func shanghai(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

// t0 is a Monday morning in Shanghai.
func t0(t testing.TB) time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, shanghai(t)) }

// aftersalesCalendar is the default calendar with the 2026 National Day holiday
// (10-01..10-07) and its make-up working days (Sunday 09-27, Saturday 10-10).
func aftersalesCalendar(t testing.TB) *shopkit.Calendar {
	var hol []shopkit.Date
	for d := 1; d <= 7; d++ {
		hol = append(hol, shopkit.Date{Year: 2026, Month: time.October, Day: d})
	}
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays:   hol,
		MakeUpDays: []shopkit.Date{{Year: 2026, Month: time.September, Day: 27}, {Year: 2026, Month: time.October, Day: 10}},
	})
	require.NoError(t, err)
	return cal
}

func policy(t testing.TB) aftersales.Policy {
	p := aftersales.DefaultPolicy()
	p.Calendar = aftersalesCalendar(t)
	require.NoError(t, p.Validate())
	return p
}

// order returns a delivered order signed for at signed: line 0 three units that
// paid 1001 fen together (after a coupon), line 1 one unit of 5000 fen; shipping
// 800 fen.
func sampleOrder(signed time.Time) aftersales.Order {
	return aftersales.Order{
		ID: uuid.New(), Number: "2026110200000001", BuyerID: buyer.ID, MerchantID: shopID,
		Lines: []order.Line{
			{SKU: "cup", Category: "home", UnitPrice: shopkit.CNY(400), Quantity: 3, Subtotal: shopkit.CNY(1200),
				CouponDiscount: shopkit.CNY(199), Paid: shopkit.CNY(1001)},
			{SKU: "kettle", Category: "appliance", UnitPrice: shopkit.CNY(5000), Quantity: 1,
				Subtotal: shopkit.CNY(5000), Paid: shopkit.CNY(5000)},
		},
		Shipping: shopkit.CNY(800), State: aftersales.OrderDelivered, ShippedAt: signed.Add(-48 * time.Hour),
		SignedAt: signed,
	}
}

type fixture struct {
	svc     *aftersales.Service
	clock   *aftersalestest.Clock
	cases   *aftersalestest.Store
	ledgers *aftersalestest.LedgerStore
	ctx     context.Context
}

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, nil) }

// newFixtureWith builds the fixture's service from the config that set changes
// (an instant refund rule, a tier reader, another policy).
func newFixtureWith(t testing.TB, set func(*aftersales.ServiceConfig)) *fixture {
	clock := aftersalestest.NewClock(t0(t))
	f := &fixture{clock: clock, cases: aftersalestest.NewStore(), ledgers: aftersalestest.NewLedgerStore(), ctx: context.Background()}
	cfg := aftersales.ServiceConfig{Cases: f.cases, Ledgers: f.ledgers, Policy: policy(t), Clock: clock.Now}
	if set != nil {
		set(&cfg)
	}
	svc, err := aftersales.NewService(cfg)
	require.NoError(t, err)
	f.svc = svc
	return f
}

func (f *fixture) open(t testing.TB, o aftersales.Order, kind aftersales.Kind, lines ...aftersales.LineQty) *aftersales.Case {
	t.Helper()
	if len(lines) == 0 {
		lines = []aftersales.LineQty{{Line: 1, Units: 1}}
	}
	c, err := f.svc.Open(f.ctx, o, aftersales.Application{Kind: kind, Lines: lines, Reason: aftersales.Quality,
		Note: "does not work", Evidence: []string{"photo-1"}, BuyerID: o.BuyerID})
	require.NoError(t, err)
	return c
}

func (f *fixture) act(t testing.TB, id uuid.UUID, fn func(c *aftersales.Case, now time.Time) error) *aftersales.Case {
	t.Helper()
	c, err := f.svc.Act(f.ctx, id, fn)
	require.NoError(t, err)
	return c
}

func (f *fixture) sweepAt(t testing.TB, at time.Time) shopkit.SweepResult {
	t.Helper()
	f.clock.Set(at)
	res, err := f.svc.Sweep(f.ctx)
	require.NoError(t, err)
	require.Empty(t, res.Failures)
	return res
}

func (f *fixture) ledger(t testing.TB, orderID uuid.UUID) *aftersales.Ledger {
	t.Helper()
	l, err := f.ledgers.Get(f.ctx, orderID)
	require.NoError(t, err)
	return l
}

func rejection() aftersales.Rejection {
	return aftersales.Rejection{Conversation: "chat-42", Evidence: []string{"photo-of-damage"}, Reason: "used item"}
}

// trail reads the case's whole audit trail from the store (R0.4): a case
// loaded from it holds none of it.
func (f *fixture) trail(t testing.TB, id uuid.UUID) []shopkit.Entry {
	t.Helper()
	h, err := shopkit.ReadTrail(f.ctx, f.cases, id, 4)
	require.NoError(t, err)
	return h
}

// ledgerTrail reads the order ledger's whole audit trail from the store.
func (f *fixture) ledgerTrail(t testing.TB, orderID uuid.UUID) []shopkit.Entry {
	t.Helper()
	h, err := shopkit.ReadTrail(f.ctx, f.ledgers, orderID, 4)
	require.NoError(t, err)
	return h
}

// effectsOf returns the effect entries of trail h, oldest first.
func effectsOf(h []shopkit.Entry) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range h {
		if e.Kind == shopkit.EntryEffect {
			out = append(out, e)
		}
	}
	return out
}

// lastChange returns the last change entry of trail h.
func lastChange(h []shopkit.Entry) shopkit.Entry {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Kind == shopkit.EntryChange {
			return h[i]
		}
	}
	return shopkit.Entry{}
}

// changeOf returns the last change entry of action a in trail h.
func changeOf(h []shopkit.Entry, a aftersales.Action) shopkit.Entry {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Kind == shopkit.EntryChange && h[i].Action == string(a) {
			return h[i]
		}
	}
	return shopkit.Entry{}
}

// newService is aftersales.NewService for a configuration that must be valid.
func newService(t testing.TB, cfg aftersales.ServiceConfig) *aftersales.Service {
	t.Helper()
	svc, err := aftersales.NewService(cfg)
	require.NoError(t, err)
	return svc
}

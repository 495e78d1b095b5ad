package crashtest_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// level is a SKU's stock.
type level struct{ OnHand, Reserved int64 }

type couponOut struct {
	Issuer   promotion.CouponIssuer
	State    promotion.CouponState
	Discount int64
	ForOrder bool // used by the host's order
}

type quotaOut struct{ Issued, Used int }

type campaignOut struct {
	Reserved, Spent, Issued int64
}

type lineOut struct {
	SKU                                            string
	Quantity                                       int64
	Subtotal, MemberDiscount, CouponDiscount, Paid int64
}

type orderOut struct {
	State                             order.State
	Lines                             []lineOut
	Shipping, ShippingDiscount, Total int64
	StockReserved                     bool
	CompletedAt                       string
}

type caseOut struct {
	Kind          aftersales.Kind
	State         aftersales.State
	Lines         []aftersales.LineQty
	RefundIssued  bool
	RefundAmount  int64
	Confirmed     bool
	UnitsReleased bool
}

type refundOut struct {
	Amount, Shipping, Units int64
	Confirmed               bool
}

type claimOut struct {
	Line        int
	Units       int64
	Unconfirmed bool
}

type memberOut struct {
	Amount int64
	Orders int64
	Tier   string
}

// outcome is what a run ends with, by content: no ID, order number or time
// that differs from run to run (a retried Place makes a new order).
type outcome struct {
	Stock     map[string]level
	Coupons   []couponOut // by issuer
	Quotas    map[promotion.CouponIssuer]quotaOut
	Campaign  campaignOut
	Orders    int // orders stored
	Order     orderOut
	Cases     []caseOut // of the order
	Paid      int64     // the ledger's
	Refunded  int64
	Refunds   []refundOut
	Claims    []claimOut
	Statement []commission.Statement // as the run returned it and as stored
	Member    memberOut
	// Effects counts the effects of every trail by store, action and type.
	Effects map[string]int
}

// outcome reads the end state from the stores and checks what must hold in
// every run: nothing pending, no effect ID twice across all trails, every
// refund key refunded once with one refund effect, and no claim without its
// case (R3.2, R3.7).
func (w *world) outcome(t *testing.T) outcome {
	t.Helper()
	ctx := w.ctx
	require.Nil(t, w.pending(), "nothing is pending")
	out := outcome{Stock: map[string]level{}, Quotas: map[promotion.CouponIssuer]quotaOut{}, Effects: map[string]int{}}

	effectIDs := map[string]string{}
	refundEffects := map[string]int{} // by the refund's key
	record := func(store string, id string, es []shopkit.Entry) {
		for _, e := range es {
			if e.Kind != shopkit.EntryEffect {
				continue
			}
			if prev, ok := effectIDs[e.Effect.ID]; ok {
				t.Errorf("effect %s appears twice: in %s and %s %s (%s %s)", e.Effect.ID, prev, store, id, e.Action, e.Effect.Type)
			}
			effectIDs[e.Effect.ID] = store + " " + id
			out.Effects[store+" "+e.Action+" "+string(e.Effect.Type)]++
			if e.Effect.Type == shopkit.EffectRefund {
				refundEffects[e.Effect.Ref]++
			}
		}
	}
	trail := func(store string, r shopkit.TrailReader, id uuid.UUID) {
		es, err := shopkit.ReadTrail(ctx, r, id, 50)
		require.NoError(t, err)
		record(store, id.String(), es)
	}

	for _, s := range skus {
		item, err := w.items.Get(ctx, s.SKU)
		require.NoError(t, err)
		out.Stock[s.SKU] = level{item.OnHand(), item.Reserved()}
		var es []shopkit.Entry
		for after := 0; ; {
			page, err := w.items.Trail(ctx, s.SKU, after, 50)
			require.NoError(t, err)
			es = append(es, page...)
			if len(page) < 50 {
				break
			}
			after = page[len(page)-1].Seq
		}
		record("stock", s.SKU, es)
	}

	coupons, err := w.coupons.Find(ctx, func(*promotion.Coupon) bool { return true })
	require.NoError(t, err)
	for _, c := range coupons {
		out.Coupons = append(out.Coupons, couponOut{Issuer: c.Issuer(), State: c.State(), Discount: c.Discount().Amount(),
			ForOrder: c.OrderRef() == w.orderID.String()})
		trail("coupon", w.coupons, c.ID())
		q, err := w.quotas.Get(ctx, promotion.QuotaID(c.TemplateID(), c.CustomerID()))
		require.NoError(t, err)
		out.Quotas[c.Issuer()] = quotaOut{Issued: q.Issued(), Used: q.Used()}
	}
	slices.SortFunc(out.Coupons, func(a, b couponOut) int { return cmp.Compare(a.Issuer, b.Issuer) })
	quotas, err := w.quotas.Find(ctx, func(*promotion.CouponQuota) bool { return true })
	require.NoError(t, err)
	for _, q := range quotas {
		trail("quota", w.quotas, q.ID())
	}
	campaigns, err := w.campaigns.Find(ctx, func(*promotion.Campaign) bool { return true })
	require.NoError(t, err)
	require.Len(t, campaigns, 1)
	for _, c := range campaigns {
		out.Campaign = campaignOut{Reserved: c.Reserved().Amount(), Spent: c.Spent().Amount(), Issued: c.Issued()}
		trail("campaign", w.campaigns, c.ID())
	}

	orders, err := w.orders.Find(ctx, func(*order.Order) bool { return true })
	require.NoError(t, err)
	out.Orders = len(orders)
	for _, o := range orders {
		trail("order", w.orders, o.ID())
	}
	o, err := w.orders.Get(ctx, w.orderID)
	require.NoError(t, err)
	out.Order = orderOut{State: o.State(), Shipping: o.Shipping().Amount(), ShippingDiscount: o.ShippingDiscount().Amount(),
		Total: o.Total().Amount(), StockReserved: o.StockReserved(), CompletedAt: o.CompletedAt().String()}
	for _, l := range o.Lines() {
		out.Order.Lines = append(out.Order.Lines, lineOut{SKU: l.SKU, Quantity: l.Quantity, Subtotal: l.Subtotal.Amount(),
			MemberDiscount: l.MemberDiscount.Amount(), CouponDiscount: l.CouponDiscount.Amount(), Paid: l.Paid.Amount()})
	}

	cases, err := w.cases.Find(ctx, func(*aftersales.Case) bool { return true })
	require.NoError(t, err)
	caseIDs := map[uuid.UUID]bool{}
	caseKeys := map[string]bool{}
	for _, c := range cases {
		caseIDs[c.ID()] = true
		caseKeys[c.Refund().Key] = true
		trail("case", w.cases, c.ID())
		if c.OrderID() != w.orderID {
			t.Errorf("case %s of order %s, not the host's", c.ID(), c.OrderID())
			continue
		}
		out.Cases = append(out.Cases, caseOut{Kind: c.Kind(), State: c.State(), Lines: c.Lines(),
			RefundIssued: c.Refund().Issued, RefundAmount: c.Refund().Amount.Amount(), Confirmed: c.Refund().Confirmed,
			UnitsReleased: c.UnitsReleased()})
	}
	ledgers, err := w.ledgers.Find(ctx, func(*aftersales.Ledger) bool { return true })
	require.NoError(t, err)
	require.Len(t, ledgers, 1, "one ledger: the order's")
	l := ledgers[0]
	require.Equal(t, w.orderID, l.ID())
	trail("ledger", w.ledgers, l.ID())
	out.Paid, out.Refunded = l.Paid().Amount(), l.Refunded().Amount()
	keys := map[string]bool{}
	var sum int64
	for _, r := range l.Refunds() {
		assert.False(t, keys[r.Key], "R3.7: refund key %s recorded twice", r.Key)
		keys[r.Key] = true
		assert.True(t, caseKeys[r.Key], "R3.7: refund %s of no case", r.Key)
		assert.Equal(t, 1, refundEffects[r.Key], "R3.7: refund %s executed once", r.Key)
		var units int64
		for _, ln := range r.Lines {
			units += ln.Units
		}
		sum += r.Amount.Amount()
		out.Refunds = append(out.Refunds, refundOut{Amount: r.Amount.Amount(), Shipping: r.Shipping.Amount(), Units: units, Confirmed: r.Confirmed})
	}
	assert.Len(t, refundEffects, len(keys), "a refund effect without its record")
	assert.Equal(t, out.Refunded, sum, "R3.7: the refunds add up to the ledger's refunded total")
	for _, cl := range l.Claims() {
		assert.True(t, caseIDs[cl.CaseID], "R3.2: units claimed for case %s, which does not exist", cl.CaseID)
		out.Claims = append(out.Claims, claimOut{Line: cl.Line, Units: cl.Units, Unconfirmed: cl.Unconfirmed})
	}

	out.Statement = append(out.Statement, w.statements...)
	for _, st := range w.statements {
		stored, err := w.settled.Statement(ctx, st.Key)
		require.NoError(t, err)
		out.Statement = append(out.Statement, stored)
	}

	m, err := w.members.Get(ctx, membership.MemberID(shopID, buyer.ID))
	require.NoError(t, err)
	ev, err := w.tiers.Evaluate(m, w.clk.Now())
	require.NoError(t, err)
	out.Member = memberOut{Amount: ev.Figures.Amount.Amount(), Orders: ev.Figures.Orders, Tier: ev.Tier}
	trail("member", w.members, m.ID())
	return out
}

// run plays the flow on a new world with the k-th store call of the flow
// failed (none when k is 0), and, with crash, every call after it until the
// host restarts; then the host settles. It returns the outcome and, for the
// fault-free run, the flow's store calls.
func run(t *testing.T, k int, crash bool) (outcome, []string) {
	w := newWorld(t)
	w.f.Arm(k, crash)
	w.host()
	ops := w.f.Calls()
	if k > 0 {
		require.Positive(t, w.f.Failed(), "call %d of the flow failed", k)
	}
	w.settle()
	return w.outcome(t), ops
}

// compare checks got against the fault-free run's want: every figure equal,
// and every effect of want's trails with a counterpart in got's, by store,
// action and type (nothing lost).
func compare(t *testing.T, want, got outcome) {
	t.Helper()
	assert.Equal(t, want.Stock, got.Stock, "stock on hand and reserved per SKU (R2.2)")
	assert.Equal(t, want.Coupons, got.Coupons, "coupon states and uses (R2.4)")
	assert.Equal(t, want.Quotas, got.Quotas, "quota issues and uses (R2.4)")
	assert.Equal(t, want.Campaign, got.Campaign, "campaign budget (R2.4)")
	assert.Equal(t, want.Orders, got.Orders, "orders stored")
	assert.Equal(t, want.Order, got.Order, "the order's state and money (R2.3)")
	assert.Equal(t, want.Cases, got.Cases, "the case (R3.6)")
	assert.Equal(t, want.Paid, got.Paid, "the ledger's paid amount")
	assert.Equal(t, want.Refunded, got.Refunded, "the ledger's refunded amount, to the fen (R3.7)")
	assert.Equal(t, want.Refunds, got.Refunds, "the ledger's refunds (R3.7)")
	assert.Equal(t, want.Claims, got.Claims, "the ledger's claims (R3.2)")
	assert.Equal(t, want.Statement, got.Statement, "the commission statement (R4.5)")
	assert.Equal(t, want.Member, got.Member, "the member's figures and tier (R5.2)")
	// By store, action and type, the effects are those of the fault-free run:
	// none lost, none doubled (a retried or resumed step emits nothing twice).
	var lost, doubled []string
	for k, n := range want.Effects {
		if got.Effects[k] < n {
			lost = append(lost, fmt.Sprintf("%s: %d of %d", k, got.Effects[k], n))
		}
	}
	for k, n := range got.Effects {
		if n > want.Effects[k] {
			doubled = append(doubled, fmt.Sprintf("%s: %d, not %d", k, n, want.Effects[k]))
		}
	}
	slices.Sort(lost)
	slices.Sort(doubled)
	assert.Empty(t, lost, "effects lost (R0.4)")
	assert.Empty(t, doubled, "effects doubled (R0.4)")
}

// R0.4, R2.8: the whole flow — an order with a shop coupon (of a campaign) and
// a platform coupon placed, the coupons redeemed, paid, confirmed, shipped,
// delivered, one unit refunded through a return case, the order completed by
// the sweep, the member's order counted and the refund applied, and the
// month's commission statement — survives a failure of any one of its store
// calls, as an error the service handles and as a crash before it: after the
// host's retries, Resume and Sweep, the stock, coupons, order, ledger, case,
// statement and member are those of the fault-free run, no effect ID appears
// twice across the trails, and no effect is lost.
func TestWholeFlowSurvivesACrashAtEveryStoreCall_R0_4(t *testing.T) {
	want, ops := run(t, 0, false)
	t.Logf("%d store calls in the flow: %s", len(ops), strings.Join(ops, " "))
	t.Logf("effects of the fault-free run: %v", want.Effects)
	require.NotEmpty(t, ops)
	for _, crash := range []bool{false, true} {
		for k := 1; k <= len(ops); k++ {
			name := fmt.Sprintf("fail_%d_%s", k, ops[k-1])
			if crash {
				name = fmt.Sprintf("crash_before_%d_%s", k, ops[k-1])
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				got, _ := run(t, k, crash)
				compare(t, want, got)
			})
		}
	}
}

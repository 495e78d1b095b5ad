package aftersales_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/order"
)

// A checked case transition through the aggregate (R3.3): table check, deadline,
// party check, audit entry and buyer notification in the case's shopkit.Journal.
func BenchmarkCaseTransition(b *testing.B) {
	p := policy(b)
	start := t0(b)
	c, err := aftersales.NewCase(p, sampleOrder(start.Add(-day)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 1}), start)
	if err != nil {
		b.Fatal(err)
	}
	const batch = 4096
	cases := make([]*aftersales.Case, batch)
	now := start.Add(time.Hour)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%batch == 0 {
			b.StopTimer()
			for j := range cases {
				cases[j] = c.Clone()
			}
			b.StartTimer()
		}
		if err := cases[i%batch].Approve(merchant, now, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// The refund of one unit of every line of a 100-line order (R3.7).
func BenchmarkRefundQuote100Lines(b *testing.B) {
	o := aftersales.Order{ID: uuid.New(), BuyerID: "b", MerchantID: shopID, State: aftersales.OrderDelivered}
	var req []aftersales.LineQty
	for i := range 100 {
		o.Lines = append(o.Lines, order.Line{SKU: fmt.Sprint(i), Quantity: int64(3 + i%5), Paid: shopkit.CNY(int64(1001 + 97*i))})
		req = append(req, aftersales.LineQty{Line: i, Units: 1})
	}
	l, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, t0(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := l.Quote(req); err != nil {
			b.Fatal(err)
		}
	}
}

// The same 100-line refund committed to the ledger (idempotency, claims, record).
func BenchmarkLedgerRefund100Lines(b *testing.B) {
	o := aftersales.Order{ID: uuid.New(), BuyerID: "b", MerchantID: shopID, State: aftersales.OrderDelivered}
	var req []aftersales.LineQty
	for i := range 100 {
		o.Lines = append(o.Lines, order.Line{SKU: fmt.Sprint(i), Quantity: 1 << 40, Paid: shopkit.CNY(int64(1001 + 97*i))})
		req = append(req, aftersales.LineQty{Line: i, Units: 1})
	}
	now := t0(b)
	l, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, now)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%256 == 0 {
			b.StopTimer()
			l, _ = aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, now)
			b.StartTimer()
		}
		if _, _, err := l.Refund(aftersales.RefundRequest{Key: fmt.Sprint(i), Lines: req}, now); err != nil {
			b.Fatal(err)
		}
	}
}

// Sweep cost grows with the due cases, not with the open ones (R2.9): 1,000 due
// among 1,000,000 open cases against 1,000 due among 1,000. Setting up the million
// takes a while: run it with -bench Sweep -benchtime 20x.
func BenchmarkSweep(b *testing.B) {
	for _, open := range []int{1_000, 1_000_000} {
		b.Run(fmt.Sprintf("open=%d/due=1000", open), func(b *testing.B) {
			p := policy(b)
			start := t0(b)
			tmpl, err := aftersales.NewCase(p, sampleOrder(start.Add(-day)), apply(aftersales.Exchange, aftersales.Quality,
				aftersales.LineQty{Line: 0, Units: 1}), start)
			if err != nil {
				b.Fatal(err)
			}
			snap := tmpl.Snapshot()
			store := aftersalestest.NewStore()
			ctx := context.Background()
			add := func(deadline time.Time) {
				s := snap
				s.ID = uuid.New()
				s.Deadline = deadline
				c, err := aftersales.RestoreCase(s)
				if err != nil {
					b.Fatal(err)
				}
				if err := store.Create(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
			for range open - 1000 {
				add(start.Add(48 * time.Hour)) // open, not due
			}
			clock := aftersalestest.NewClock(start.Add(time.Hour))
			svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: store, Ledgers: aftersalestest.NewLedgerStore(),
				Policy: p, Clock: clock.Now})
			if err != nil {
				b.Fatal(err)
			}
			// The garbage collector's cost grows with the live heap (a million
			// set-up cases), not with the sweep: collect once, then keep it off
			// while measuring so the numbers compare the sweeps themselves.
			runtime.GC()
			defer debug.SetGCPercent(debug.SetGCPercent(-1))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for range 1000 {
					add(start.Add(time.Minute)) // due at the sweep
				}
				b.StartTimer()
				res, err := svc.Sweep(ctx)
				if err != nil || res.Applied != 1000 {
					b.Fatal(res, err)
				}
			}
		})
	}
}

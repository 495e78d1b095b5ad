package bench

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/qmuntal/stateless"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
)

// The exchange workflow of RULES R3.3 — approve, ship back, sign for the return,
// ship the replacement, confirm receipt — driven through github.com/qmuntal/stateless
// (states, triggers and a role guard per transition, configured per machine as the
// library requires) and through an aftersales.Case (the same transitions checked
// against the shared exchange table, plus what stateless does not do: each
// deadline, the audit trail in the kernel's shopkit.Journal and the notification
// effects).

type exchangeCall struct {
	trigger string
	role    shopkit.Role
}

func exchangeCalls() []exchangeCall {
	return []exchangeCall{
		{"approve", shopkit.Merchant}, {"ship_back", shopkit.Buyer}, {"receive_return", shopkit.Merchant},
		{"ship_replacement", shopkit.Merchant}, {"confirm_receipt", shopkit.Buyer},
	}
}

func roleIs(r shopkit.Role) stateless.GuardFunc {
	return func(_ context.Context, args ...any) bool { return len(args) > 0 && args[0] == r }
}

func newStatelessExchange() *stateless.StateMachine {
	sm := stateless.NewStateMachine("requested")
	sm.Configure("requested").
		Permit("approve", "awaiting_return", roleIs(shopkit.Merchant)).
		Permit("reject", "rejected", roleIs(shopkit.Merchant)).
		Permit("cancel", "cancelled", roleIs(shopkit.Buyer))
	sm.Configure("awaiting_return").
		Permit("ship_back", "returning", roleIs(shopkit.Buyer)).
		Permit("cancel", "cancelled", roleIs(shopkit.Buyer))
	sm.Configure("returning").
		Permit("receive_return", "inspecting", roleIs(shopkit.Merchant))
	sm.Configure("inspecting").
		Permit("ship_replacement", "replacement_shipped", roleIs(shopkit.Merchant))
	sm.Configure("replacement_shipped").
		Permit("confirm_receipt", "completed", roleIs(shopkit.Buyer))
	return sm
}

func BenchmarkExchangeWorkflow(b *testing.B) {
	b.Run("stateless", func(b *testing.B) {
		calls := exchangeCalls()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sm := newStatelessExchange()
			for _, c := range calls {
				if err := sm.Fire(c.trigger, c.role); err != nil {
					b.Fatal(err)
				}
			}
			if sm.MustState() != "completed" {
				b.Fatal(sm.MustState())
			}
		}
	})

	b.Run("shopkit", func(b *testing.B) {
		p := aftersales.DefaultPolicy()
		start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		shop := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
		order := aftersales.Order{ID: uuid.New(), Number: "2026110200000001", BuyerID: "b-1", MerchantID: shop,
			State: aftersales.OrderDelivered, SignedAt: start.Add(-24 * time.Hour),
			Lines: []order.Line{{SKU: "cup", Quantity: 1, Paid: shopkit.CNY(1999)}}}
		app := aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.Quality, BuyerID: "b-1",
			Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}
		tmpl, err := aftersales.NewCase(p, order, app, start)
		if err != nil {
			b.Fatal(err)
		}
		snap := tmpl.Snapshot()
		buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}
		merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
		now := start.Add(time.Hour)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, err := aftersales.RestoreCase(snap) // a freshly opened case, as loaded from a store
			if err != nil {
				b.Fatal(err)
			}
			if err := c.Approve(merchant, now, ""); err != nil {
				b.Fatal(err)
			}
			if err := c.ShipBack(buyer, now, "SF1"); err != nil {
				b.Fatal(err)
			}
			if err := c.ReceiveReturn(merchant, now, now); err != nil {
				b.Fatal(err)
			}
			if err := c.ShipReplacement(merchant, now, "SF2"); err != nil {
				b.Fatal(err)
			}
			if err := c.ConfirmReceipt(buyer, now); err != nil {
				b.Fatal(err)
			}
			if c.State() != aftersales.Completed {
				b.Fatal(c.State())
			}
		}
	})
}

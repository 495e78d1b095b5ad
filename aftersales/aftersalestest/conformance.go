package aftersalestest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func base() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }

// The shops of the conformance cases and ledgers.
var (
	shop1 = uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f01")
	shop2 = uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f02")
	shop9 = uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f09")
)

// fullCase returns a case with every field set, in a state where ExtendRepair is a
// legal change at base().
func fullCase(t testing.TB, orderID uuid.UUID, deadline time.Time) *aftersales.Case {
	at := base()
	id := uuid.New()
	s := aftersales.CaseSnapshot{
		ID: id, Kind: aftersales.Repair, ConvertedFrom: aftersales.OnSiteRepair, OrderID: orderID,
		OrderNumber: "2026112200000001", OrderState: aftersales.OrderDelivered, BuyerID: "b-13812345678",
		MerchantID: shop1, Lines: []aftersales.LineQty{{Line: 1, Units: 2}, {Line: 2, Amount: shopkit.CNY(5)}},
		Reason: aftersales.Quality, Note: "broken", Evidence: []string{"img-1", "img-2"},
		State: aftersales.Repairing, Deadline: deadline, OpenedAt: at.Add(-72 * time.Hour),
		Conversations: []string{"chat-6", "chat-7"}, ReturnWaybill: "SF100", OutWaybill: "SF200", ReceivedAt: at.Add(-24 * time.Hour),
		RepairPeriod: 20 * 24 * time.Hour, VisitAt: at.Add(time.Hour), FirstVisitAt: at.Add(2 * time.Hour),
		Vouchers:   aftersales.Vouchers{Line: 1, Total: 4, Used: 1, ValidUntil: at.Add(999 * time.Hour)},
		Refund:     aftersales.CaseRefund{Key: "k", Issued: true, Amount: shopkit.CNY(333), Confirmed: true},
		SelfRepair: aftersales.SelfRepairTerms{Agreed: shopkit.CNY(1000), Invoice: shopkit.CNY(1200)},
		Dispute: aftersales.Dispute{RequestedBy: shopkit.Merchant, RequestedAt: at, Reason: "stalemate",
			Evidence: []string{"chat-log"}, Decision: aftersales.ActDecideForBuyer, DecidedAt: at.Add(time.Minute)},
		Advanced: shopkit.CNY(50), Advances: []string{"adv-1"}, Rating: 4, RatingNote: "fine",
		Tier:   shopkit.MemberTier{Name: "gold", Rank: 3, PriorityService: true, PriorityAfterSales: true},
		Policy: aftersales.DefaultPolicy(),
		History: []shopkit.Entry{
			{Seq: 1, Kind: shopkit.EntryChange, At: at, Role: shopkit.Buyer, Actor: "b-13812345678", Action: "open",
				To: "requested", Reason: "quality", Evidence: []string{"img-1"}},
			{Seq: 2, Kind: shopkit.EntryEffect, At: at, Role: shopkit.System, Action: "open",
				Effect: shopkit.Effect{ID: shopkit.EffectID(id.String(), 2), Type: shopkit.EffectNotify,
					Party: "merchant:" + shop1.String(), Amount: shopkit.CNY(1), Ref: "r", Note: "n"}},
		},
	}
	c, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	return c
}

// TestStore runs the conformance suite against stores made by newStore (R2.8):
// round trip of every field, atomic updates under concurrent writers, nothing
// written when the closure fails, not-found, Due order and limit, ByOrder.
func TestStore(t *testing.T, newStore func() aftersales.Store) {
	far := base().Add(1000 * time.Hour)
	storetest.Run(t, func() storetest.Store[*aftersales.Case] { return newStore() }, storetest.Harness[*aftersales.Case]{
		Full: func(t testing.TB) *aftersales.Case { return fullCase(t, uuid.New(), far) },
		Due:  func(t testing.TB, at time.Time) *aftersales.Case { return fullCase(t, uuid.New(), at) },
		ID:   (*aftersales.Case).ID,
		Touch: func(c *aftersales.Case) error {
			d, _ := c.Deadline()
			return c.ExtendRepair(shopkit.Actor{Role: shopkit.Buyer, ID: c.BuyerID()}, base(), d.Add(time.Hour))
		},
		Touches: func(c *aftersales.Case) int { return len(c.History()) },
		Equal: func(t testing.TB, want, got *aftersales.Case) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})

	t.Run("ByOrder", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		order, other := uuid.New(), uuid.New()
		a, b, c := fullCase(t, order, far), fullCase(t, order, far), fullCase(t, other, far)
		for _, x := range []*aftersales.Case{a, b, c} {
			require.NoError(t, s.Create(ctx, x))
		}
		got, err := s.ByOrder(ctx, order)
		require.NoError(t, err)
		ids := map[uuid.UUID]bool{}
		for _, x := range got {
			ids[x.ID()] = true
		}
		assert.Equal(t, map[uuid.UUID]bool{a.ID(): true, b.ID(): true}, ids)
		none, err := s.ByOrder(ctx, uuid.New())
		require.NoError(t, err)
		assert.Empty(t, none)
	})
}

func fullLedger(t testing.TB, merchant uuid.UUID, due time.Time) *aftersales.Ledger {
	at := base()
	orderID := uuid.New()
	s := aftersales.LedgerSnapshot{
		OrderID: orderID, OrderNumber: "2026112200000002", BuyerID: "b-1", MerchantID: merchant,
		Currency:         shopkit.CurrencyCNY,
		Lines:            []aftersales.LineBalance{{SKU: "sku-1", Paid: 1001, Quantity: 1_000_000, RefundedUnits: 1, Refunded: 1}},
		Shipping:         800,
		ShippingRefunded: true,
		ShippingRule:     aftersales.ShippingWithFirstRefund,
		Claims:           []aftersales.Claim{{CaseID: uuid.New(), Line: 0, Units: 2}},
		Refunds: []shopkit.Refund{{Key: "k1", OrderID: orderID, OrderNumber: "2026112200000002",
			CaseID: uuid.New(), BuyerID: "b-1", MerchantID: merchant,
			Lines:    []shopkit.RefundLine{{Line: 0, SKU: "sku-1", Units: 1, Amount: shopkit.CNY(1)}},
			Shipping: shopkit.CNY(800), Amount: shopkit.CNY(801), Advance: true, Reason: "r", At: at, DueBy: due}},
		Debts: []aftersales.MerchantDebt{{Key: "k1", MerchantID: merchant, OrderID: orderID, CaseID: uuid.New(),
			Amount: shopkit.CNY(801), At: at, Reason: "r"}},
		History: []shopkit.Entry{{Seq: 1, Kind: shopkit.EntryChange, At: at, Role: shopkit.System, Actor: "system",
			Action: "open_ledger", To: "open"}},
	}
	l, err := aftersales.RestoreLedger(s)
	require.NoError(t, err)
	return l
}

// TestLedgerStore runs the conformance suite against ledger stores made by
// newStore (R2.8): the generic checks, Due of overdue refunds, and Debts.
func TestLedgerStore(t *testing.T, newStore func() aftersales.LedgerStore) {
	far := base().Add(1000 * time.Hour)
	storetest.Run(t, func() storetest.Store[*aftersales.Ledger] { return newStore() }, storetest.Harness[*aftersales.Ledger]{
		Full: func(t testing.TB) *aftersales.Ledger { return fullLedger(t, shop1, far) },
		Due:  func(t testing.TB, at time.Time) *aftersales.Ledger { return fullLedger(t, shop1, at) },
		ID:   (*aftersales.Ledger).ID,
		Touch: func(l *aftersales.Ledger) error {
			return l.Claim(uuid.New(), []aftersales.LineQty{{Line: 0, Units: 1}}, base())
		},
		Touches: func(l *aftersales.Ledger) int { return len(l.History()) },
		Equal: func(t testing.TB, want, got *aftersales.Ledger) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})

	t.Run("Debts", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		a, b, c := fullLedger(t, shop1, far), fullLedger(t, shop1, far), fullLedger(t, shop2, far)
		for _, x := range []*aftersales.Ledger{a, b, c} {
			require.NoError(t, s.Create(ctx, x))
		}
		got, err := s.Debts(ctx, shop1)
		require.NoError(t, err)
		require.Len(t, got, 2)
		for _, d := range got {
			assert.Equal(t, shop1, d.MerchantID)
			assert.Equal(t, int64(801), d.Amount.Amount())
		}
		none, err := s.Debts(ctx, shop9)
		require.NoError(t, err)
		assert.Empty(t, none)
	})
}

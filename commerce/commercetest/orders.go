package commercetest

import (
	"context"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// OrderStore is an in-memory commerce.OrderStore, safe for concurrent use, with an
// indexed Due. ByNumber and ListFlagged read every order (a production store
// indexes the number and the flags).
type OrderStore struct {
	*memstore.Store[*commerce.Order]
}

var _ commerce.OrderStore = (*OrderStore)(nil)

// NewOrderStore returns an empty in-memory order store.
func NewOrderStore() *OrderStore {
	return &OrderStore{memstore.NewAggregate[*commerce.Order]("commerce.order")}
}

// ByNumber finds an order by its order number.
func (s *OrderStore) ByNumber(ctx context.Context, number string) (*commerce.Order, error) {
	found, err := s.Find(ctx, func(o *commerce.Order) bool { return o.Number() == number })
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, shopkit.NewError(shopkit.ErrNotFound, "commerce.order_not_found", "commerce: no order numbered "+number)
	}
	return found[0], nil
}

// ListFlagged lists orders that need attention (R2.3.7), oldest placed first.
func (s *OrderStore) ListFlagged(ctx context.Context) ([]*commerce.Order, error) {
	found, err := s.Find(ctx, (*commerce.Order).NeedsAttention)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(a, b *commerce.Order) int {
		if c := a.PlacedAt().Compare(b.PlacedAt()); c != 0 {
			return c
		}
		return strings.Compare(a.Number(), b.Number())
	})
	return found, nil
}

// TestOrderStore runs the conformance suite of R2.8 against stores made by
// newStore (atomic updates, no lost update, fn errors write nothing, Due order and
// limit, a round trip of every field) and checks ByNumber and ListFlagged.
func TestOrderStore(t *testing.T, newStore func() commerce.OrderStore) {
	storetest.Run(t, func() storetest.Store[*commerce.Order] { return newStore() }, storetest.Harness[*commerce.Order]{
		Full: func(t testing.TB) *commerce.Order { return fullOrder(t, commerce.OrderFlags{}) },
		Due:  orderDueAt,
		ID:   (*commerce.Order).ID,
		Touch: func(o *commerce.Order) error {
			return o.RecordTrackingUpdate(commerce.Actor{Role: shopkit.Merchant, ID: "m"}, time.Time{}, o.LastTrackingAt().Add(time.Minute))
		},
		Touches: func(o *commerce.Order) int { return len(o.History()) },
		Equal: func(t testing.TB, want, got *commerce.Order) {
			assert.Equal(t, normalOrder(want.Snapshot()), normalOrder(got.Snapshot()))
		},
	})

	ctx := context.Background()
	t.Run("ByNumber", func(t *testing.T) {
		s := newStore()
		o := fullOrder(t, commerce.OrderFlags{})
		require.NoError(t, s.Create(ctx, o))
		require.NoError(t, s.Create(ctx, fullOrder(t, commerce.OrderFlags{})))
		got, err := s.ByNumber(ctx, o.Number())
		require.NoError(t, err)
		assert.Equal(t, o.ID(), got.ID())
		_, err = s.ByNumber(ctx, "0")
		require.ErrorIs(t, err, shopkit.ErrNotFound)
	})

	t.Run("ListFlagged_R2_3_7", func(t *testing.T) {
		s := newStore()
		plain := fullOrder(t, commerce.OrderFlags{})
		lost := fullOrder(t, commerce.OrderFlags{Lost: true})
		slow := fullOrder(t, commerce.OrderFlags{TrackingSlow: true})
		for _, o := range []*commerce.Order{plain, lost, slow} {
			require.NoError(t, s.Create(ctx, o))
		}
		got, err := s.ListFlagged(ctx)
		require.NoError(t, err)
		ids := make([]uuid.UUID, len(got))
		for i, o := range got {
			ids[i] = o.ID()
		}
		assert.ElementsMatch(t, []uuid.UUID{lost.ID(), slow.ID()}, ids)

		// A tracking update clears the slow flag: the order leaves the list.
		require.NoError(t, s.Update(ctx, slow.ID(), func(o *commerce.Order) error {
			return o.RecordTrackingUpdate(commerce.Actor{Role: shopkit.System}, time.Time{}, o.LastTrackingAt().Add(time.Hour))
		}))
		got, err = s.ListFlagged(ctx)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, lost.ID(), got[0].ID())
	})
}

// fullOrder returns a shipped order with every field set.
func fullOrder(t testing.TB, flags commerce.OrderFlags) *commerce.Order {
	placed := time.Date(2026, 11, 11, 0, 0, 1, 0, time.UTC)
	paid := placed.Add(10 * time.Minute)
	id := uuid.New()
	line := commerce.OrderLine{
		SKU: "SKU-1", ListingID: uuid.New(), Category: "books", Name: "A book",
		UnitPrice: commerce.CNY(5000), Quantity: 2, Subtotal: commerce.CNY(10000),
		MemberDiscount: commerce.CNY(500), CouponDiscount: commerce.CNY(1000), Paid: commerce.CNY(8500), MemberOnly: true,
	}
	pay := commerce.Payment{Method: commerce.Alipay, Amount: commerce.CNY(8900), GatewayRef: "ALI-1", PaidAt: paid,
		Instalments: []commerce.Money{commerce.CNY(4450), commerce.CNY(4450)}}
	flags.Reminded, flags.ConfirmedLate, flags.ShipOverdue = true, true, true
	o, err := commerce.RestoreOrder(commerce.OrderSnapshot{
		ID: id, Number: "20261111080001" + strconv.FormatUint(binary.BigEndian.Uint64(id[:8])%1e6, 10), BuyerID: "buyer-1", MerchantID: uuid.New(),
		Lines: []commerce.OrderLine{line}, Shipping: commerce.CNY(800), ShippingDiscount: commerce.CNY(400), Total: commerce.CNY(8900),
		Address: commerce.Address{Recipient: "张三", Phone: "13812345678", Region: "浙江省杭州市", Detail: "西湖路1号", PostalCode: "310000"},
		Source:  "live:42", CouponIDs: []uuid.UUID{uuid.New(), uuid.New()}, CampaignID: uuid.New(),
		State: commerce.OrderShipped, Policy: commerce.DefaultOrderPolicy(),
		PlacedAt: placed, PaidAt: paid, ConfirmedAt: paid.Add(25 * time.Hour), ShippedAt: paid.Add(49 * time.Hour),
		DeliveredAt: paid.Add(50 * time.Hour), CompletedAt: paid.Add(51 * time.Hour), ClosedAt: paid.Add(52 * time.Hour),
		Payment: pay, Carrier: "SF", TrackingNumber: "SF123", LastTrackingAt: paid.Add(49 * time.Hour), Flags: flags,
		StockReserved: true,
		Refund: &commerce.RefundOnlyRequest{OrderID: id, OrderNumber: "1", BuyerID: "buyer-1", MerchantID: uuid.New(),
			Lines: []commerce.OrderLine{line}, Shipping: commerce.CNY(800), ShippingDiscount: commerce.CNY(400),
			Total: commerce.CNY(8900), Payment: pay, Reason: "changed mind", RequestedAt: paid.Add(time.Hour), AutoApprove: true},
		History: []commerce.Entry{{Kind: commerce.EntryChange, At: placed, Role: shopkit.Buyer, Actor: "buyer-1",
			Action: "place", To: "pending_payment", Reason: "r", Evidence: []string{"img-1"}},
			{Kind: commerce.EntryEffect, At: paid, Role: shopkit.System, Action: "pay",
				Effect: commerce.Effect{Type: commerce.EffectNotify, Party: "merchant:x", Amount: commerce.CNY(1), Ref: "ref", Note: "n"}}},
	})
	require.NoError(t, err)
	return o
}

// orderDueAt returns an unpaid order whose close deadline is at (its reminder
// already sent).
func orderDueAt(t testing.TB, at time.Time) *commerce.Order {
	p := commerce.DefaultOrderPolicy()
	o, err := commerce.RestoreOrder(commerce.OrderSnapshot{
		ID: uuid.New(), Number: "1", BuyerID: "b", MerchantID: uuid.New(), State: commerce.OrderPendingPayment,
		Policy: p, PlacedAt: at.Add(-p.CloseUnpaidAfter), Flags: commerce.OrderFlags{Reminded: true},
		Lines: []commerce.OrderLine{{SKU: "S", UnitPrice: commerce.CNY(1), Quantity: 1, Subtotal: commerce.CNY(1), Paid: commerce.CNY(1)}},
		Total: commerce.CNY(1),
	})
	require.NoError(t, err)
	d, ok := o.Deadline()
	require.True(t, ok)
	require.True(t, d.Equal(at))
	return o
}

// normalOrder makes a snapshot comparable across stores that keep times in
// another location or read empty lists back as nil.
func normalOrder(s commerce.OrderSnapshot) commerce.OrderSnapshot {
	tm := func(p *time.Time) { *p = p.UTC().Round(0) }
	for _, p := range []*time.Time{&s.PlacedAt, &s.PaidAt, &s.ConfirmedAt, &s.ShippedAt, &s.DeliveredAt,
		&s.CompletedAt, &s.ClosedAt, &s.LastTrackingAt, &s.Payment.PaidAt} {
		tm(p)
	}
	if len(s.Lines) == 0 {
		s.Lines = nil
	}
	if len(s.CouponIDs) == 0 {
		s.CouponIDs = nil
	}
	if len(s.Payment.Instalments) == 0 {
		s.Payment.Instalments = nil
	}
	if s.Refund != nil {
		tm(&s.Refund.RequestedAt)
		tm(&s.Refund.Payment.PaidAt)
		if len(s.Refund.Lines) == 0 {
			s.Refund.Lines = nil
		}
		if len(s.Refund.Payment.Instalments) == 0 {
			s.Refund.Payment.Instalments = nil
		}
	}
	for i := range s.History {
		tm(&s.History[i].At)
		if len(s.History[i].Evidence) == 0 {
			s.History[i].Evidence = nil
		}
	}
	if len(s.History) == 0 {
		s.History = nil
	}
	return s
}

package ordertest

import (
	"bytes"
	"context"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Store is an in-memory order.Store, safe for concurrent use, with an indexed
// Due and an indexed Pending. ByNumber and ListFlagged read every order (a
// production store indexes the number and the flags).
type Store struct {
	*memstore.Store[*order.Order]
}

var _ order.Store = (*Store)(nil)

// pendingKey files the orders with a pending stock step in the store's key
// index, so Pending costs what is pending, not what is stored.
const pendingKey = "pending"

// NewStore returns an empty in-memory order store.
func NewStore() *Store {
	return &Store{memstore.New(memstore.Config[*order.Order]{
		Entity: "order", NotFound: order.CodeOrderNotFound, Exists: order.CodeOrderExists,
		ID:       (*order.Order).ID,
		Clone:    (*order.Order).Clone,
		Deadline: (*order.Order).Deadline,
		Keys: func(o *order.Order) []string {
			if _, _, ok := o.PendingStock(); ok {
				return []string{pendingKey}
			}
			return nil
		},
		Unsaved: (*order.Order).Unsaved,
		Saved:   (*order.Order).MarkSaved,
	})}
}

// Pending lists at most limit (≥ 1) orders with a stock step not yet done,
// oldest step first (ties by ID).
func (s *Store) Pending(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	found, err := s.ByKey(ctx, pendingKey)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(a, b *order.Order) int {
		_, at, _ := a.PendingStock()
		_, bt, _ := b.PendingStock()
		if c := at.Compare(bt); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return bytes.Compare(ai[:], bi[:])
	})
	if len(found) > limit {
		found = found[:limit]
	}
	return found, nil
}

// ByNumber finds an order by its order number.
func (s *Store) ByNumber(ctx context.Context, number string) (*order.Order, error) {
	found, err := s.Find(ctx, func(o *order.Order) bool { return o.Number() == number })
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, shopkit.NewError(shopkit.ErrNotFound, order.CodeOrderNotFound, "no order numbered "+number)
	}
	return found[0], nil
}

// ListFlagged lists at most limit (≥ 1) orders that need attention (R2.3.7),
// oldest placed first.
func (s *Store) ListFlagged(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	found, err := s.Find(ctx, (*order.Order).NeedsAttention)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(a, b *order.Order) int {
		if c := a.PlacedAt().Compare(b.PlacedAt()); c != 0 {
			return c
		}
		return strings.Compare(a.Number(), b.Number())
	})
	if len(found) > limit {
		found = found[:limit]
	}
	return found, nil
}

// TestStore runs the conformance suite of R0.4, R2.8 and R2.9 against stores
// made by newStore (atomic updates, no lost update, fn errors write nothing, the
// trail appended once and in order, a loaded order without history, Due order
// and limit, claims that split due orders between sweepers, a limit below 1
// rejected, a round trip of every field, also through JSON) and checks
// ByNumber, ListFlagged, Pending and List. Every order it makes has a number
// of its own.
func TestStore(t *testing.T, newStore func() order.Store) {
	// Actions that can come again and again, one entry each: a carrier's
	// tracking event once shipped (the full order), the buyer confirming the
	// address before (a due, unpaid order).
	touch := func(o *order.Order) error {
		if o.State() == order.OrderShipped {
			return o.RecordTrackingUpdate(shopkit.Actor{Role: shopkit.Merchant, ID: o.MerchantID().String()}, time.Time{}, o.LastTrackingAt().Add(time.Minute))
		}
		return o.ChangeAddress(shopkit.Actor{Role: shopkit.Buyer, ID: o.BuyerID()}, o.Address(), o.PlacedAt().Add(time.Minute))
	}
	storetest.Run(t, func() storetest.Store[*order.Order] { return newStore() }, storetest.Harness[*order.Order]{
		Full: func(t testing.TB) *order.Order {
			o := fullOrder(t, order.Flags{})
			// An entry to append on Create, so the stored Seq is not zero.
			require.NoError(t, touch(o))
			return o
		},
		Due:    orderDueAt,
		ID:     (*order.Order).ID,
		Touch:  touch,
		Expire: (*order.Order).ApplyDue,
		JSON:   jsonRoundTrip,
		Equal: func(t testing.TB, want, got *order.Order) {
			assert.Equal(t, normalOrder(want.Snapshot()), normalOrder(got.Snapshot()))
		},
	})

	ctx := context.Background()
	// The suite's JSON round trip is of a paid order; most stored orders are
	// not paid yet, and their snapshot has no payment.
	t.Run("UnpaidJSONRoundTrip", func(t *testing.T) {
		o := orderDueAt(t, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))
		require.NoError(t, touch(o))
		_, paid := o.Payment()
		require.False(t, paid)
		got := jsonRoundTrip(t, o)
		assert.Equal(t, normalOrder(o.Snapshot()), normalOrder(got.Snapshot()))
	})

	t.Run("ByNumber", func(t *testing.T) {
		s := newStore()
		o := fullOrder(t, order.Flags{})
		require.NoError(t, s.Create(ctx, o))
		require.NoError(t, s.Create(ctx, fullOrder(t, order.Flags{})))
		got, err := s.ByNumber(ctx, o.Number())
		require.NoError(t, err)
		assert.Equal(t, o.ID(), got.ID())
		_, err = s.ByNumber(ctx, "0")
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.Equal(t, order.CodeOrderNotFound, shopkit.CodeOf(err))
	})

	t.Run("LimitBelowOneIsInvalid", func(t *testing.T) {
		s := newStore()
		require.NoError(t, s.Create(ctx, orderDueAt(t, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))))
		for _, limit := range []int{0, -1} {
			_, err := s.Due(ctx, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid, "Due limit %d", limit)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
			_, err = s.ListFlagged(ctx, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid, "ListFlagged limit %d", limit)
			_, err = s.Pending(ctx, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid, "Pending limit %d", limit)
		}
	})

	// R2.2: the orders whose stock step (a commit after shipment, a release
	// after a close) the service has not yet marked done, oldest step first,
	// ties by ID; an order leaves the list when an Update marks its step done,
	// and enters it when an Update records one.
	t.Run("Pending_R2_2", func(t *testing.T) {
		s := newStore()
		base := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
		older := pendingOrder(t, order.StepRelease, base.Add(time.Hour))
		oldest := pendingOrder(t, order.StepCommit, base)
		tieA := pendingOrder(t, order.StepRelease, base.Add(2*time.Hour))
		tieB := pendingOrder(t, order.StepRelease, base.Add(2*time.Hour))
		if a, b := tieA.ID(), tieB.ID(); bytes.Compare(a[:], b[:]) > 0 {
			tieA, tieB = tieB, tieA
		}
		// Nothing pending yet; it holds stock and is due to close later.
		idleSnap := orderDueAt(t, base.Add(48*time.Hour)).Snapshot()
		idleSnap.StockReserved = true
		idle, err := order.RestoreOrder(idleSnap)
		require.NoError(t, err)
		for _, o := range []*order.Order{tieB, older, idle, oldest, tieA} {
			require.NoError(t, s.Create(ctx, o))
		}
		ids := func(os []*order.Order) []uuid.UUID {
			out := make([]uuid.UUID, len(os))
			for i, o := range os {
				out[i] = o.ID()
			}
			return out
		}
		got, err := s.Pending(ctx, 10)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{oldest.ID(), older.ID(), tieA.ID(), tieB.ID()}, ids(got), "oldest step first, ties by ID")
		step, at, ok := got[0].PendingStock()
		require.True(t, ok)
		assert.Equal(t, order.StepCommit, step)
		assert.True(t, at.Equal(base), "the step's time is kept to the nanosecond")
		first, err := s.Pending(ctx, 2)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{oldest.ID(), older.ID()}, ids(first), "the limit keeps the oldest")

		// Marked done: the order leaves the list.
		require.NoError(t, s.Update(ctx, oldest.ID(), func(o *order.Order) error { return o.MarkStockStepDone(order.StepCommit) }))
		got, err = s.Pending(ctx, 10)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{older.ID(), tieA.ID(), tieB.ID()}, ids(got))
		done, err := s.Get(ctx, oldest.ID())
		require.NoError(t, err)
		_, _, ok = done.PendingStock()
		assert.False(t, ok)

		// Recorded by an update (the close of an order holding stock, swept
		// 1 ns after its deadline, R0.3): it enters the list, at the close's
		// time, the deadline.
		closeAt := base.Add(48 * time.Hour)
		require.NoError(t, s.Update(ctx, idle.ID(), func(o *order.Order) error { return o.ApplyDue(closeAt.Add(time.Nanosecond)) }))
		got, err = s.Pending(ctx, 10)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{older.ID(), tieA.ID(), tieB.ID(), idle.ID()}, ids(got))
		step, at, _ = got[3].PendingStock()
		assert.Equal(t, order.StepRelease, step)
		assert.True(t, at.Equal(closeAt))
	})

	t.Run("ListFlagged_R2_3_7", func(t *testing.T) {
		s := newStore()
		plain := fullOrder(t, order.Flags{})
		lost := fullOrder(t, order.Flags{Lost: true})
		slow := fullOrder(t, order.Flags{TrackingSlow: true})
		for _, o := range []*order.Order{plain, lost, slow} {
			require.NoError(t, s.Create(ctx, o))
		}
		got, err := s.ListFlagged(ctx, 10)
		require.NoError(t, err)
		ids := make([]uuid.UUID, len(got))
		for i, o := range got {
			ids[i] = o.ID()
		}
		assert.ElementsMatch(t, []uuid.UUID{lost.ID(), slow.ID()}, ids)
		first, err := s.ListFlagged(ctx, 1)
		require.NoError(t, err)
		require.Len(t, first, 1)
		assert.Equal(t, got[0].ID(), first[0].ID(), "the limit keeps the oldest")

		// A tracking update clears the slow flag: the order leaves the list.
		require.NoError(t, s.Update(ctx, slow.ID(), func(o *order.Order) error {
			return o.RecordTrackingUpdate(shopkit.SystemActor(), time.Time{}, o.LastTrackingAt().Add(time.Hour))
		}))
		got, err = s.ListFlagged(ctx, 10)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, lost.ID(), got[0].ID())
	})

	testList(t, newStore)
}

// jsonRoundTrip encodes the order's snapshot as JSON and restores the order
// from it, as a host store with a JSON state column does.
func jsonRoundTrip(t testing.TB, o *order.Order) *order.Order {
	t.Helper()
	return storetest.ViaJSON(t, o.Snapshot(), order.RestoreOrder, nil)
}

// numberFor is an order number as unique as id: the decimal digits of its
// 128 bits (at most 39), so a store with a unique number passes.
func numberFor(id uuid.UUID) string { return new(big.Int).SetBytes(id[:]).String() }

// fullOrder returns a shipped order with every field set (its stock commit
// pending), a number and references of its own. Its Seq is 0: the order is new to the store, whose
// trail starts at the entries of its Create.
func fullOrder(t testing.TB, flags order.Flags) *order.Order {
	placed := time.Date(2026, 11, 11, 0, 0, 1, 0, time.UTC)
	paid := placed.Add(10 * time.Minute)
	id := uuid.New()
	number := numberFor(id)
	line := order.Line{
		SKU: "SKU-1", ListingID: uuid.New(), Category: "books", Name: "A book",
		UnitPrice: shopkit.CNY(5000), Quantity: 2, Subtotal: shopkit.CNY(10000),
		MemberDiscount: shopkit.CNY(500), CouponDiscount: shopkit.CNY(1000), Paid: shopkit.CNY(8500), MemberOnly: true,
	}
	pay := order.Payment{Method: order.Alipay, Amount: shopkit.CNY(8900), GatewayRef: "ALI-" + number, PaidAt: paid,
		Instalments: []shopkit.Money{shopkit.CNY(4450), shopkit.CNY(4450)}}
	flags.Reminded, flags.ConfirmedLate, flags.ShipOverdue = true, true, true
	o, err := order.RestoreOrder(order.Snapshot{
		ID: id, Number: number, BuyerID: "buyer-1", MerchantID: uuid.New(),
		Lines: []order.Line{line}, Shipping: shopkit.CNY(800), ShippingDiscount: shopkit.CNY(400), Total: shopkit.CNY(8900),
		Address: order.Address{Recipient: "张三", Phone: "13812345678", Region: "浙江省杭州市", Detail: "西湖路1号", PostalCode: "310000"},
		Source:  "live:42", CouponIDs: []uuid.UUID{uuid.New(), uuid.New()}, CampaignID: uuid.New(),
		State: order.OrderShipped, Policy: order.DefaultPolicy(),
		PlacedAt: placed, PaidAt: paid, ConfirmedAt: paid.Add(25 * time.Hour), ShippedAt: paid.Add(49 * time.Hour),
		DeliveredAt: paid.Add(50 * time.Hour), CompletedAt: paid.Add(51 * time.Hour), ClosedAt: paid.Add(52 * time.Hour),
		Payment: pay, Carrier: "SF", TrackingNumber: "SF" + number, LastTrackingAt: paid.Add(49 * time.Hour), Flags: flags,
		StockReserved: true, StockStep: order.StepCommit, StockStepAt: paid.Add(49 * time.Hour),
		Refund: &order.RefundOnlyRequest{OrderID: id, OrderNumber: number, BuyerID: "buyer-1", MerchantID: uuid.New(),
			Lines: []order.Line{line}, Shipping: shopkit.CNY(800), ShippingDiscount: shopkit.CNY(400),
			Total: shopkit.CNY(8900), Payment: pay, Reason: "changed mind", RequestedAt: paid.Add(time.Hour), AutoApprove: true},
	})
	require.NoError(t, err)
	return o
}

// orderDueAt returns an unpaid order whose close deadline is at (its reminder
// already sent), with a number of its own.
func orderDueAt(t testing.TB, at time.Time) *order.Order {
	p := order.DefaultPolicy()
	id := uuid.New()
	o, err := order.RestoreOrder(order.Snapshot{
		ID: id, Number: numberFor(id), BuyerID: "b", MerchantID: uuid.New(), State: order.OrderPendingPayment,
		Policy: p, PlacedAt: at.Add(-p.CloseUnpaidAfter), Flags: order.Flags{Reminded: true},
		Lines:   []order.Line{{SKU: "S", UnitPrice: shopkit.CNY(1), Quantity: 1, Subtotal: shopkit.CNY(1), Paid: shopkit.CNY(1)}},
		Total:   shopkit.CNY(1),
		Address: order.Address{Recipient: "李四", Phone: "13900001111", Region: "上海市", Detail: "南京路2号"},
	})
	require.NoError(t, err)
	d, ok := o.Deadline()
	require.True(t, ok)
	require.True(t, d.Equal(at))
	return o
}

// pendingOrder returns a closed order with a release pending since at, or a
// shipped one with a commit pending since at, with a number of its own.
func pendingOrder(t testing.TB, step order.StockStep, at time.Time) *order.Order {
	snap := orderDueAt(t, at).Snapshot()
	snap.StockStep, snap.StockStepAt = step, at
	if step == order.StepCommit {
		snap = fullOrder(t, order.Flags{}).Snapshot()
		snap.StockStep, snap.StockStepAt, snap.StockReserved = step, at, false
	} else {
		snap.State, snap.ClosedAt = order.OrderClosed, at
	}
	o, err := order.RestoreOrder(snap)
	require.NoError(t, err)
	return o
}

// normalOrder makes a snapshot comparable across stores that keep times in
// another location or read empty lists back as nil.
func normalOrder(s order.Snapshot) order.Snapshot {
	tm := func(p *time.Time) { *p = p.UTC().Round(0) }
	for _, p := range []*time.Time{&s.PlacedAt, &s.PaidAt, &s.ConfirmedAt, &s.ShippedAt, &s.DeliveredAt,
		&s.CompletedAt, &s.ClosedAt, &s.LastTrackingAt, &s.Payment.PaidAt, &s.StockStepAt} {
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
	return s
}

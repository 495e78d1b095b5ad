package aftersalestest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
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

// fixtureOrders numbers the orders of the fixtures, so that every order (and
// every ledger) has its own order number, as in a store with a unique index on
// it.
var fixtureOrders atomic.Int64

// fixtureOrder is the order a fixture case or ledger is about.
type fixtureOrder struct {
	ID     uuid.UUID
	Number string
}

// newOrder returns an order with a fresh ID and order number.
func newOrder() fixtureOrder {
	return fixtureOrder{ID: uuid.New(), Number: fmt.Sprintf("20261122%08d", fixtureOrders.Add(1))}
}

// fullCase returns a case of order with every field set and deadline as its
// deadline, in a state where ExtendRepair is a legal change at base(). Its one
// unsaved entry (the extension that set the deadline) numbers the trail from 1,
// as a case's first entries do.
func fullCase(t testing.TB, order fixtureOrder, deadline time.Time) *aftersales.Case {
	at := base()
	id := uuid.New()
	s := aftersales.CaseSnapshot{
		ID: id, Kind: aftersales.Repair, ConvertedFrom: aftersales.OnSiteRepair, OrderID: order.ID,
		OrderNumber: order.Number, OrderState: aftersales.OrderDelivered, BuyerID: "b-13812345678",
		MerchantID: shop1, Lines: []aftersales.LineQty{{Line: 1, Units: 2}, {Line: 2, Amount: shopkit.CNY(5)}},
		Reason: aftersales.Quality, Note: "broken", Evidence: []string{"img-1", "img-2"},
		State: aftersales.Repairing, Deadline: deadline.Add(-time.Hour), OpenedAt: at.Add(-72 * time.Hour),
		Conversations: []string{"chat-6", "chat-7"}, ReturnWaybill: "SF100", OutWaybill: "SF200", ReceivedAt: at.Add(-24 * time.Hour),
		OutShippedAt: at.Add(-12 * time.Hour), DeliveredAt: at.Add(-6 * time.Hour),
		RepairPeriod: 20 * 24 * time.Hour, VisitAt: at.Add(time.Hour), FirstVisitAt: at.Add(2 * time.Hour),
		Vouchers:   aftersales.Vouchers{Line: 1, Total: 4, Used: 1, ValidUntil: at.Add(999 * time.Hour)},
		Refund:     aftersales.CaseRefund{Key: id.String() + ":refund", Issued: true, Amount: shopkit.CNY(333), Confirmed: true},
		SelfRepair: aftersales.SelfRepairTerms{Agreed: shopkit.CNY(1000), Invoice: shopkit.CNY(1200)},
		Dispute: aftersales.Dispute{RequestedBy: shopkit.Merchant, RequestedAt: at, Reason: "stalemate",
			Evidence: []string{"chat-log"}, Decision: aftersales.ActDecideForBuyer, DecidedAt: at.Add(time.Minute)},
		Advanced: shopkit.CNY(50), Advances: []string{id.String() + ":advance"}, Rating: 4, RatingNote: "fine",
		Tier:   shopkit.MemberTier{Name: "gold", Rank: 3, PriorityService: true, PriorityAfterSales: true},
		Policy: aftersales.DefaultPolicy(),
	}
	c, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	require.NoError(t, c.ExtendRepair(caseBuyer(c), deadline.Add(-2*time.Hour), deadline))
	return c
}

// pendingCase returns a return-and-refund case of a new order in state, whose
// follow-up (the refund of a refunding state, the release of an ended one) has
// been pending since since.
func pendingCase(t testing.TB, state aftersales.State, since time.Time) *aftersales.Case {
	s := fullCase(t, newOrder(), base().Add(1000*time.Hour)).Snapshot()
	s.Kind, s.ConvertedFrom, s.State, s.StepSince = aftersales.ReturnRefund, "", state, since
	s.Refund = aftersales.CaseRefund{Key: s.ID.String() + ":refund", Amount: shopkit.CNY(0)}
	c, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	at, ok := c.PendingStep()
	require.True(t, ok)
	require.True(t, at.Equal(since))
	return c
}

// idLess orders IDs by their bytes, as Pending breaks ties.
func idLess(a, b uuid.UUID) bool { return bytes.Compare(a[:], b[:]) < 0 }

// caseIDs lists the IDs Pending returns for limit.
func caseIDs(t testing.TB, s aftersales.Store, limit int) []uuid.UUID {
	t.Helper()
	cs, err := s.Pending(context.Background(), limit)
	require.NoError(t, err)
	ids := []uuid.UUID{}
	for _, c := range cs {
		ids = append(ids, c.ID())
	}
	return ids
}

// caseBuyer is the buyer of c, who may extend its repair.
func caseBuyer(c *aftersales.Case) shopkit.Actor {
	return shopkit.Actor{Role: shopkit.Buyer, ID: c.BuyerID()}
}

// caseJSON encodes c's snapshot as JSON and restores the case from it, as a
// host store with a JSON state column does. The policy's calendar is code, not
// data (Policy.Calendar): the host sets it again before RestoreCase.
func caseJSON(t testing.TB, c *aftersales.Case) *aftersales.Case {
	t.Helper()
	return storetest.ViaJSON(t, c.Snapshot(), aftersales.RestoreCase, func(from aftersales.CaseSnapshot, to *aftersales.CaseSnapshot) {
		to.Policy.Calendar = from.Policy.Calendar
	})
}

// TestStore runs the conformance suite against stores made by newStore (R2.8):
// round trip of every field, in the store and through the snapshot's JSON; the
// trail appended once and in order, and a loaded case that holds none of it;
// atomic updates under concurrent writers, nothing written when the closure
// fails, not-found; Due order and limit, claims that split due cases between
// sweepers; a consequence's entries in the trail; ByOrder; Pending (order,
// limit, a finished step leaving the list); ListByShop and ListByBuyer
// (order, ties, paging, filters, a case moving between lists). The fixtures
// have unique order numbers and idempotency keys.
func TestStore(t *testing.T, newStore func() aftersales.Store) {
	far := base().Add(1000 * time.Hour)
	storetest.Run(t, func() storetest.Store[*aftersales.Case] { return newStore() }, storetest.Harness[*aftersales.Case]{
		Full: func(t testing.TB) *aftersales.Case { return fullCase(t, newOrder(), far) },
		Due:  func(t testing.TB, at time.Time) *aftersales.Case { return fullCase(t, newOrder(), at) },
		ID:   (*aftersales.Case).ID,
		Touch: func(c *aftersales.Case) error {
			d, _ := c.Deadline()
			return c.ExtendRepair(caseBuyer(c), base(), d.Add(time.Hour))
		},
		Expire: (*aftersales.Case).ApplyDue,
		JSON:   caseJSON,
		Equal: func(t testing.TB, want, got *aftersales.Case) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})

	// R0.4, R2.9: the consequence a sweep applies through Update (the repair
	// overdue, the buyer entitled to a refund) is appended to the trail after
	// the case's earlier entries, its notification with the stable ID
	// "<case id>#<seq>" of its place in the whole trail.
	t.Run("ConsequenceEntersTheTrail_R0_4", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		at := base().Add(time.Hour)
		c := fullCase(t, newOrder(), at)
		want := c.Unsaved()
		require.NoError(t, s.Create(ctx, c))
		require.NoError(t, s.Update(ctx, c.ID(), func(x *aftersales.Case) error {
			if err := x.ApplyDue(at.Add(time.Second)); err != nil {
				return err
			}
			want = append(want, x.Unsaved()...)
			return nil
		}))
		trail, err := shopkit.ReadTrail(ctx, s, c.ID(), 3)
		require.NoError(t, err)
		require.Equal(t, want, trail)
		require.Len(t, trail, 3, "the extension, the entitlement and its notification")
		for i, e := range trail {
			assert.Equal(t, i+1, e.Seq)
		}
		assert.Equal(t, string(aftersales.ActEntitleRefund), trail[1].Action)
		assert.Equal(t, at, trail[1].At, "stamped with the deadline")
		assert.Equal(t, shopkit.EffectID(c.ID().String(), 3), trail[2].Effect.ID)
		got, err := s.Get(ctx, c.ID())
		require.NoError(t, err)
		assert.Equal(t, aftersales.RefundEntitled, got.State())
		assert.Empty(t, got.History(), "the loaded case holds no entry of its trail")
		assert.Equal(t, 3, got.Snapshot().Seq)
	})

	// R2.8, R3.7: Pending lists the cases with an unfinished follow-up (a
	// refund not issued, an ended case's units not freed), oldest step first,
	// ties by ID, at most limit; an Update that finishes the step takes the
	// case off the list; the step survives the snapshot's JSON.
	t.Run("Pending_R2_8", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		_, err := s.Pending(ctx, 0)
		assert.ErrorIs(t, err, shopkit.ErrInvalid, "limit below 1")
		refund := pendingCase(t, aftersales.Refunding, base().Add(2*time.Hour))
		ended := pendingCase(t, aftersales.Closed, base().Add(time.Hour))
		tie := pendingCase(t, aftersales.RefundOverdue, base().Add(time.Hour))
		done := fullCase(t, newOrder(), far)
		for _, x := range []*aftersales.Case{refund, ended, tie, done} {
			require.NoError(t, s.Create(ctx, x))
			assert.Equal(t, x.Snapshot(), caseJSON(t, x).Snapshot(), "the step round-trips through JSON")
		}
		first, second := ended, tie
		if idLess(tie.ID(), ended.ID()) {
			first, second = tie, ended
		}
		assert.Equal(t, []uuid.UUID{first.ID(), second.ID(), refund.ID()}, caseIDs(t, s, 10))
		assert.Equal(t, []uuid.UUID{first.ID()}, caseIDs(t, s, 1))

		require.NoError(t, s.Update(ctx, refund.ID(), func(c *aftersales.Case) error {
			return c.MarkRefundIssued(shopkit.Refund{Key: c.Refund().Key, Amount: shopkit.CNY(100)}, base())
		}))
		require.NoError(t, s.Update(ctx, ended.ID(), func(c *aftersales.Case) error { return c.MarkUnitsReleased(base()) }))
		assert.Equal(t, []uuid.UUID{tie.ID()}, caseIDs(t, s, 10), "a finished step leaves the list")
		got, err := s.Get(ctx, ended.ID())
		require.NoError(t, err)
		assert.True(t, got.UnitsReleased())
		_, pending := got.PendingStep()
		assert.False(t, pending)
	})

	t.Run("ByOrder", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		order, other := newOrder(), newOrder()
		a, b, c := fullCase(t, order, far), fullCase(t, order, far), fullCase(t, other, far)
		for _, x := range []*aftersales.Case{a, b, c} {
			require.NoError(t, s.Create(ctx, x))
		}
		got, err := s.ByOrder(ctx, order.ID)
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

	testLists(t, newStore)
}

// fullLedger returns a ledger of a new order with every field set and an
// unconfirmed refund due back at due. Its unsaved entries (a compensation
// refund and its effect) number the trail from 1, as a ledger's first entries
// do.
func fullLedger(t testing.TB, merchant uuid.UUID, due time.Time) *aftersales.Ledger {
	at := base()
	order := newOrder()
	orderID := order.ID
	caseID := uuid.New()
	key := caseID.String() + ":refund"
	s := aftersales.LedgerSnapshot{
		OrderID: orderID, OrderNumber: order.Number, BuyerID: "b-1", MerchantID: merchant,
		Currency:         shopkit.CurrencyCNY,
		Lines:            []aftersales.LineBalance{{SKU: "sku-1", Paid: 1001, Quantity: 1_000_000, RefundedUnits: 1, Refunded: 1}},
		Shipping:         800,
		ShippingRefunded: true,
		ShippingRule:     aftersales.ShippingWithFirstRefund,
		Claims:           []aftersales.Claim{{CaseID: uuid.New(), Line: 0, Units: 2}},
		Refunds: []shopkit.Refund{{Key: key, OrderID: orderID, OrderNumber: order.Number,
			CaseID: caseID, BuyerID: "b-1", MerchantID: merchant,
			Lines:    []shopkit.RefundLine{{Line: 0, SKU: "sku-1", Units: 1, Amount: shopkit.CNY(1)}},
			Shipping: shopkit.CNY(800), Amount: shopkit.CNY(801), Advance: true, Reason: "r", At: at, DueBy: due}},
		Debts: []aftersales.MerchantDebt{{Key: key, MerchantID: merchant, OrderID: orderID, CaseID: caseID,
			Amount: shopkit.CNY(801), At: at, Reason: "r"}},
	}
	l, err := aftersales.RestoreLedger(s)
	require.NoError(t, err)
	_, _, err = l.Refund(aftersales.RefundRequest{Key: orderID.String() + ":compensation",
		Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(1)}}, Reason: "late delivery"}, at)
	require.NoError(t, err)
	return l
}

// ledgerJSON encodes l's snapshot as JSON and restores the ledger from it, as
// a host store with a JSON state column does.
func ledgerJSON(t testing.TB, l *aftersales.Ledger) *aftersales.Ledger {
	b, err := json.Marshal(l.Snapshot())
	require.NoError(t, err)
	var back aftersales.LedgerSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	got, err := aftersales.RestoreLedger(back)
	require.NoError(t, err)
	return got
}

// TestLedgerStore runs the conformance suite against ledger stores made by
// newStore (R2.8): the generic checks (the trail among them), Due and Claim of
// overdue refunds, Debts, and Pending (unconfirmed claims: order, limit, a
// settled claim leaving the list). The fixtures have unique order numbers and
// refund keys.
func TestLedgerStore(t *testing.T, newStore func() aftersales.LedgerStore) {
	far := base().Add(1000 * time.Hour)
	storetest.Run(t, func() storetest.Store[*aftersales.Ledger] { return newStore() }, storetest.Harness[*aftersales.Ledger]{
		Full: func(t testing.TB) *aftersales.Ledger { return fullLedger(t, shop1, far) },
		Due:  func(t testing.TB, at time.Time) *aftersales.Ledger { return fullLedger(t, shop1, at) },
		ID:   (*aftersales.Ledger).ID,
		Touch: func(l *aftersales.Ledger) error {
			// The claiming case's ID follows from the ledger, so that the same
			// touch of two copies makes the same change.
			caseID := uuid.NewSHA1(l.ID(), []byte(fmt.Sprintf("touch-%d", len(l.Claims()))))
			return l.Claim(caseID, []aftersales.LineQty{{Line: 0, Units: 1}}, base())
		},
		Expire: expireRefunds,
		JSON:   ledgerJSON,
		Equal: func(t testing.TB, want, got *aftersales.Ledger) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})

	// R2.8, R3.2: Pending lists the ledgers with an unconfirmed claim, oldest
	// claim first, ties by order ID, at most limit; confirming or freeing the
	// claim takes the ledger off the list; the claim survives the snapshot's
	// JSON.
	t.Run("Pending_R2_8", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		_, err := s.Pending(ctx, 0)
		assert.ErrorIs(t, err, shopkit.ErrInvalid, "limit below 1")
		claimed := func(at time.Time) (*aftersales.Ledger, uuid.UUID) {
			l := fullLedger(t, shop1, far)
			caseID := uuid.New()
			require.NoError(t, l.Claim(caseID, []aftersales.LineQty{{Line: 0, Units: 3}}, at))
			return l, caseID
		}
		late, lateCase := claimed(base().Add(2 * time.Hour))
		early, earlyCase := claimed(base().Add(time.Hour))
		tie, _ := claimed(base().Add(time.Hour))
		none := fullLedger(t, shop1, far) // its claim is confirmed
		for _, x := range []*aftersales.Ledger{late, early, tie, none} {
			require.NoError(t, s.Create(ctx, x))
			assert.Equal(t, x.Snapshot(), ledgerJSON(t, x).Snapshot(), "the claim round-trips through JSON")
		}
		first, second := early, tie
		if idLess(tie.ID(), early.ID()) {
			first, second = tie, early
		}
		assert.Equal(t, []uuid.UUID{first.ID(), second.ID(), late.ID()}, ledgerIDs(t, s, 10))
		assert.Equal(t, []uuid.UUID{first.ID()}, ledgerIDs(t, s, 1))

		require.NoError(t, s.Update(ctx, early.ID(), func(l *aftersales.Ledger) error {
			l.ConfirmClaim(earlyCase, base())
			return nil
		}))
		require.NoError(t, s.Update(ctx, late.ID(), func(l *aftersales.Ledger) error {
			l.Release(lateCase, base())
			return nil
		}))
		assert.Equal(t, []uuid.UUID{tie.ID()}, ledgerIDs(t, s, 10), "a settled claim leaves the list")
		got, err := s.Get(ctx, early.ID())
		require.NoError(t, err)
		_, pending := got.PendingClaim()
		assert.False(t, pending)
		assert.Len(t, got.Claims(), 2, "the confirmed claim still holds its units")
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

// ledgerIDs lists the IDs Pending returns for limit.
func ledgerIDs(t testing.TB, s aftersales.LedgerStore, limit int) []uuid.UUID {
	t.Helper()
	ls, err := s.Pending(context.Background(), limit)
	require.NoError(t, err)
	ids := []uuid.UUID{}
	for _, l := range ls {
		ids = append(ids, l.ID())
	}
	return ids
}

// expireRefunds is the suite's consequence of a ledger's passed deadline. A
// ledger has no ApplyDue: an overdue refund stays listed (Due, R3.8) until the
// host's gateway pays it back, so the consequence is that confirmation, of
// every unconfirmed refund due by now. Nothing due is shopkit.NotDue, as for
// an aggregate with ApplyDue.
func expireRefunds(l *aftersales.Ledger, now time.Time) error {
	due := false
	for _, r := range l.Refunds() {
		if r.Confirmed || r.DueBy.IsZero() || r.DueBy.After(now) {
			continue
		}
		if _, err := l.ConfirmRefund(r.Key, now); err != nil {
			return err
		}
		due = true
	}
	if !due {
		return shopkit.NotDue(l.ID())
	}
	return nil
}

// Package stormtest runs refund storms against the PostgreSQL stores: many
// clients refunding units of a few orders through aftersales.Service at once,
// while the caller may break connections or restart the server, and checks
// afterwards that the ledgers, their trails and the outbox agree to the fen
// with what the clients were told (R3.7).
package stormtest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Shop is the merchant of every storm order.
var Shop = uuid.MustParse("0b6f5d2e-61a4-4c1f-9d3e-7a0c2b9e4f11")

// Merchant asks for every refund: a party of the orders.
var Merchant = shopkit.Actor{Role: shopkit.Merchant, ID: Shop.String()}

// Now is the storm's clock: a delivered order's after-sales period.
var Now = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

// Storm is a refund storm: Orders orders of Units units each, every unit
// asked for by Keys/Units keys on average (more keys than units, so the
// ledger must refuse some), sent by Clients goroutines.
type Storm struct {
	Orders, Units, Keys, Clients int
	// Pause, when set, is how long a client waits before sending a key again
	// after an error that is neither a refund nor a refusal (a lost
	// connection, shopkit.ErrRetry); Deadline bounds the whole run.
	Pause    time.Duration
	Deadline time.Duration
}

// Result is what the clients were told.
type Result struct {
	// Refunded is the amount each key was refunded with, per order.
	Refunded map[uuid.UUID]map[string]int64
	// Refused counts the keys refused with CodeQuantityExceeds, per order.
	Refused map[uuid.UUID]int
	// Retried counts the sends repeated after a transient error.
	Retried int
}

// Order is the i-th storm order: one line of units units paying 1001 fen
// each less a coupon of 7 fen over the line (so that unit amounts are
// floors with a remainder), shipping 800 fen.
func (s Storm) Order(id uuid.UUID, i int) aftersales.Order {
	units := int64(s.Units)
	return aftersales.Order{
		ID: id, Number: fmt.Sprintf("2026110300%06d", i), BuyerID: "buyer-1390000" + fmt.Sprint(i%10000), MerchantID: Shop,
		Lines: []order.Line{{SKU: "tea", Category: "food", UnitPrice: shopkit.CNY(1001), Quantity: units,
			Subtotal: shopkit.CNY(1001 * units), CouponDiscount: shopkit.CNY(7), Paid: shopkit.CNY(1001*units - 7)}},
		Shipping: shopkit.CNY(800), State: aftersales.OrderDelivered,
		ShippedAt: Now.Add(-72 * time.Hour), SignedAt: Now.Add(-24 * time.Hour),
	}
}

// Service returns an after-sales service over db's case and ledger stores
// at Now.
func Service(t testing.TB, db *pgstore.DB) *aftersales.Service {
	t.Helper()
	svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: db.Cases(), Ledgers: db.Ledgers(),
		Policy: aftersales.DefaultPolicy(), Clock: func() time.Time { return Now }})
	require.NoError(t, err)
	return svc
}

// Prepare creates the storm's orders' ledgers and returns the orders.
func (s Storm) Prepare(t testing.TB, svc *aftersales.Service) []aftersales.Order {
	t.Helper()
	orders := make([]aftersales.Order, s.Orders)
	for i := range orders {
		orders[i] = s.Order(uuid.New(), i)
		_, err := svc.Ledger(context.Background(), orders[i])
		require.NoError(t, err)
	}
	return orders
}

// Run sends every key of every order once, from Clients goroutines, each
// asking one unit. A send that fails with neither a refund nor the ledger's
// refusal is sent again, with the same key, until it gets one of the two:
// the key makes the repeat harmless when the first send was written after
// all.
func (s Storm) Run(t testing.TB, svc *aftersales.Service, orders []aftersales.Order) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), s.Deadline)
	defer cancel()
	type send struct {
		order uuid.UUID
		key   string
	}
	work := make(chan send)
	go func() {
		defer close(work)
		for k := range s.Keys {
			for _, o := range orders {
				select {
				case work <- send{o.ID, fmt.Sprintf("unit-%d", k)}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	res := Result{Refunded: map[uuid.UUID]map[string]int64{}, Refused: map[uuid.UUID]int{}}
	for _, o := range orders {
		res.Refunded[o.ID] = map[string]int64{}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range s.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range work {
				req := aftersales.RefundRequest{Key: w.key, By: Merchant, Reason: "out of stock",
					Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}
				for {
					rec, err := svc.RefundOrder(ctx, w.order, req)
					mu.Lock()
					switch {
					case err == nil:
						res.Refunded[w.order][w.key] = rec.Amount.Amount()
					case shopkit.CodeOf(err) == aftersales.CodeQuantityExceeds:
						assert.ErrorIs(t, err, shopkit.ErrConflict)
						res.Refused[w.order]++
					case ctx.Err() != nil:
						mu.Unlock()
						t.Errorf("storm did not finish within %s: %v", s.Deadline, err)
						return
					default:
						res.Retried++
					}
					mu.Unlock()
					if err == nil || shopkit.CodeOf(err) == aftersales.CodeQuantityExceeds {
						break
					}
					time.Sleep(s.Pause)
				}
			}
		}()
	}
	wg.Wait()
	return res
}

// Resume runs svc.Resume until it succeeds (the server may still be coming
// back) and expects no failures.
func Resume(t testing.TB, svc *aftersales.Service) {
	t.Helper()
	ctx := context.Background()
	var err error
	for range 50 {
		var res shopkit.SweepResult
		if res, err = svc.Resume(ctx); err == nil {
			assert.Empty(t, res.Failures)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	require.NoError(t, err)
}

// Check compares, per order, the clients' results with the ledger, its
// trail and the outbox rows of its refund effects: every unit refunded
// exactly once (Units keys refunded, the rest refused), the order paid back
// in full with shipping (R3.7), each refund one effect, and every sum equal
// to the fen.
func (s Storm) Check(t testing.TB, db *pgstore.DB, pool *pgxpool.Pool, orders []aftersales.Order, res Result) {
	t.Helper()
	ctx := context.Background()
	for _, o := range orders {
		got := res.Refunded[o.ID]
		assert.Len(t, got, s.Units, "order %s: keys refunded", o.Number)
		assert.Equal(t, s.Keys-s.Units, res.Refused[o.ID], "order %s: keys refused", o.Number)
		var told int64
		for _, a := range got {
			told += a
		}
		l, err := db.Ledgers().Get(ctx, o.ID)
		require.NoError(t, err)
		paid := o.Lines[0].Paid.Amount() + o.Shipping.Amount()
		assert.Equal(t, paid, l.Refunded().Amount(), "order %s: paid back in full, shipping included", o.Number)
		assert.Equal(t, told, l.Refunded().Amount(), "order %s: the ledger agrees with the clients", o.Number)
		assert.Equal(t, int64(s.Units), l.Lines()[0].RefundedUnits)
		ledgerKeys := map[string]int64{}
		for _, r := range l.Refunds() {
			_, twice := ledgerKeys[r.Key]
			assert.False(t, twice, "key %s refunded twice", r.Key)
			ledgerKeys[r.Key] = r.Amount.Amount()
		}
		assert.Equal(t, got, ledgerKeys, "order %s: the ledger's refunds are the clients'", o.Number)

		trail, err := shopkit.ReadTrail(ctx, db.Ledgers(), o.ID, 100)
		require.NoError(t, err)
		trailKeys := map[string]int64{}
		for i, e := range trail {
			assert.Equal(t, i+1, e.Seq, "the trail has no gap and no repeat")
			if e.Kind == shopkit.EntryEffect && e.Effect.Type == shopkit.EffectRefund {
				_, twice := trailKeys[e.Effect.Ref]
				assert.False(t, twice, "key %s has two refund effects", e.Effect.Ref)
				trailKeys[e.Effect.Ref] = e.Effect.Amount.Amount()
			}
		}
		assert.Equal(t, got, trailKeys, "order %s: the trail's refund effects are the clients' refunds", o.Number)

		outboxKeys := map[string]int64{}
		rows, err := pool.Query(ctx, "SELECT effect FROM outbox WHERE source = 'aftersales_ledgers' AND entity = $1",
			"ledger:"+o.ID.String())
		require.NoError(t, err)
		docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		require.NoError(t, err)
		for _, doc := range docs {
			var e shopkit.Effect
			require.NoError(t, json.Unmarshal(doc, &e))
			if e.Type == shopkit.EffectRefund {
				_, twice := outboxKeys[e.Ref]
				assert.False(t, twice, "key %s has two outbox rows", e.Ref)
				outboxKeys[e.Ref] = e.Amount.Amount()
			}
		}
		assert.Equal(t, got, outboxKeys, "order %s: the outbox holds one refund per key", o.Number)
	}
}

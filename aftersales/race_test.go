package aftersales_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R3.7: 100 goroutines send refund requests for one order through the service,
// many with repeated idempotency keys: the order never refunds more than was paid,
// and each key refunds at most once.
func TestConcurrentRefundsNeverExceedPaid_R3_7(t *testing.T) {
	f := newFixture(t)
	o := aftersales.Order{ID: uuid.New(), Number: "2026110200000099", BuyerID: buyer.ID, MerchantID: shopID,
		State: aftersales.OrderDelivered, Shipping: shopkit.CNY(800),
		Lines: []order.Line{
			{SKU: "a", Quantity: 20, Paid: shopkit.CNY(1001)},
			{SKU: "b", Quantity: 15, Paid: shopkit.CNY(2999)},
		}}
	_, err := f.svc.Ledger(f.ctx, o)
	require.NoError(t, err)

	// 40 keys for 100 requests, each key sent 2 or 3 times in a shuffled order, so
	// repeats race with first sends while units remain. Each key always names the
	// same request: one unit of line k%2, or 97 fen of money only when k%5 == 0.
	// Line a has room for all its 16 unit keys; line b's 16 ask one unit more than
	// its 15: the ledger must refuse exactly one. Money-only keys are refused once
	// their line has nothing left, which depends on the order.
	request := func(k int) aftersales.RefundRequest {
		q := aftersales.LineQty{Line: k % 2, Units: 1}
		if k%5 == 0 {
			q = aftersales.LineQty{Line: k % 2, Amount: shopkit.CNY(97)}
		}
		return aftersales.RefundRequest{Key: fmt.Sprintf("key-%d", k), Lines: []aftersales.LineQty{q}, By: merchant}
	}
	sends := make([]int, 100)
	for g := range sends {
		sends[g] = g % 40
	}
	rand.New(rand.NewPCG(5, 3)).Shuffle(len(sends), func(i, j int) { sends[i], sends[j] = sends[j], sends[i] })

	var wg sync.WaitGroup
	var mu sync.Mutex
	start := make(chan struct{})
	okKeys := map[string]int64{}
	for _, k := range sends {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			<-start
			req := request(k)
			rec, err := f.svc.RefundOrder(f.ctx, o.ID, req)
			if err != nil {
				assert.NotEmpty(t, shopkit.CodeOf(err), err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if prev, seen := okKeys[rec.Key]; seen {
				assert.Equal(t, prev, rec.Amount.Amount(), "a repeated key returns the first refund")
			}
			okKeys[rec.Key] = rec.Amount.Amount()
		}(k)
	}
	close(start)
	wg.Wait()

	l := f.ledger(t, o.ID)
	cmp, err := l.Refunded().Cmp(l.Paid())
	require.NoError(t, err)
	assert.LessOrEqual(t, cmp, 0, "refunded %s of %s", l.Refunded(), l.Paid())
	seen := map[string]bool{}
	var sum int64
	for _, r := range l.Refunds() {
		assert.False(t, seen[r.Key], "key %s refunded twice", r.Key)
		seen[r.Key] = true
		sum += r.Amount.Amount()
	}
	assert.Len(t, seen, len(okKeys))
	effects := 0
	for _, e := range effectsOf(f.ledgerTrail(t, o.ID)) {
		if e.Effect.Type == shopkit.EffectRefund {
			effects++
		}
	}
	assert.Equal(t, len(seen), effects, "one refund effect per key")
	for i, ln := range l.Lines() {
		assert.LessOrEqual(t, ln.Refunded, ln.Paid, i)
		assert.LessOrEqual(t, ln.RefundedUnits, ln.Quantity, i)
	}
	assert.Equal(t, l.Refunded().Amount(), sum)
	assert.Equal(t, []int64{16, 15}, []int64{l.Lines()[0].RefundedUnits, l.Lines()[1].RefundedUnits},
		"every unit key of line a refunded once; line b full, one key refused")
}

package aftersales_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

// R3.7: a line of 3 units that paid 1001 fen, refunded one unit at a time through
// three cases approved in each of the 6 possible orders, pays 333, 334, 334 in
// the order of the refunds and exactly 1001 in total; shipping stays with the
// unrefunded kettle line.
func TestRefundOrderPermutations_R3_7(t *testing.T) {
	perms := permutations(3)
	require.Len(t, perms, 6)
	for _, perm := range perms {
		f := newFixture(t)
		o := sampleOrder(t0(t).Add(-day))
		var ids [3]*aftersales.Case
		for i := range ids {
			ids[i] = f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 1})
		}
		var got []int64
		for _, i := range perm {
			f.clock.Advance(time.Minute)
			c := f.act(t, ids[i].ID(), approve)
			got = append(got, c.Refund().Amount.Amount())
		}
		assert.Equal(t, []int64{333, 334, 334}, got, "order %v", perm)
		l := f.ledger(t, o.ID)
		assert.Equal(t, int64(1001), l.Lines()[0].Refunded, "order %v", perm)
		assert.Equal(t, shopkit.CNY(1001), l.Refunded(), "no shipping while the kettle is unrefunded")
	}
}

// R3.7: two units then one pay ⌊1001×2/3⌋ = 667 and 334; one then two pay 333 and
// 668: either way exactly 1001.
func TestRefundTwoPlusOne_R3_7(t *testing.T) {
	for _, tc := range []struct {
		steps []int64
		want  []int64
	}{
		{[]int64{2, 1}, []int64{667, 334}},
		{[]int64{1, 2}, []int64{333, 668}},
		{[]int64{3}, []int64{1001}},
	} {
		l, err := aftersales.NewLedger(sampleOrder(t0(t)), aftersales.ShippingOnFullRefund, t0(t))
		require.NoError(t, err)
		var got []int64
		var sum int64
		for i, k := range tc.steps {
			rec, _, err := l.Refund(aftersales.RefundRequest{Key: string(rune('a' + i)),
				Lines: []aftersales.LineQty{{Line: 0, Units: k}}}, t0(t))
			require.NoError(t, err)
			got = append(got, rec.Amount.Amount())
			sum += rec.Amount.Amount()
		}
		assert.Equal(t, tc.want, got, tc.steps)
		assert.Equal(t, int64(1001), sum)
	}
}

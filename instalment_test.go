package shopkit_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.5: an instalment plan splits the total into N parts in whole fen that sum
// exactly to the total; by R0.1 the earlier instalments carry the extra fen.
func TestInstalmentPlan_R2_5(t *testing.T) {
	tests := []struct {
		total int64
		n     int
		want  []int64
	}{
		{10000, 3, []int64{3334, 3333, 3333}},
		{10001, 3, []int64{3334, 3334, 3333}},
		{9999, 3, []int64{3333, 3333, 3333}},
		{11, 12, []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}}, // the last fen: 11 over 12
		{12, 12, []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{-10000, 3, []int64{-3334, -3333, -3333}},
		{500, 1, []int64{500}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.total, "/", tt.n), func(t *testing.T) {
			plan, err := shopkit.InstalmentPlan(shopkit.CNY(tt.total), tt.n)
			require.NoError(t, err)
			assert.Equal(t, tt.want, amounts(plan))
			sum, err := shopkit.Sum(plan...)
			require.NoError(t, err)
			assert.Equal(t, shopkit.CNY(tt.total), sum)
		})
	}
}

func TestInstalmentPlanProperties_R2_5(t *testing.T) {
	for _, total := range []int64{0, 1, 99, 100, 123456789, math.MaxInt64, math.MinInt64} {
		for _, n := range []int{1, 2, 3, 6, 12, 24, 36, shopkit.MaxInstalments} {
			plan, err := shopkit.InstalmentPlan(shopkit.MustMoney(total, "JPY"), n)
			require.NoError(t, err)
			require.Len(t, plan, n)
			sum, err := shopkit.Sum(plan...)
			require.NoError(t, err)
			require.Equal(t, shopkit.MustMoney(total, "JPY"), sum)
			// Equal parts, the earlier ones one unit larger in magnitude: the
			// closed form |total| = q×n + r gives r parts of q+1 then n−r of q.
			q, r := absU64(total)/uint64(n), absU64(total)%uint64(n)
			for i, p := range plan {
				want := q
				if uint64(i) < r {
					want++
				}
				assert.Equal(t, want, absU64(p.Amount()), "instalment %d of %d", i, n)
				assert.Equal(t, shopkit.CurrencyJPY, p.Currency())
			}
		}
	}
}

func absU64(a int64) uint64 {
	if a < 0 {
		return -uint64(a)
	}
	return uint64(a)
}

func TestInstalmentPlanInvalid_R2_5(t *testing.T) {
	for _, n := range []int{0, -1, shopkit.MaxInstalments + 1, math.MaxInt} {
		_, err := shopkit.InstalmentPlan(shopkit.CNY(100), n)
		require.ErrorIs(t, err, shopkit.ErrInvalid, n)
		assert.Equal(t, "shopkit.invalid_instalments", shopkit.CodeOf(err))
	}
}

func ExampleInstalmentPlan() {
	plan, _ := shopkit.InstalmentPlan(shopkit.CNY(100000), 3) // ¥1,000.00 in 3
	fmt.Println(plan)
	// Output: [¥333.34 ¥333.33 ¥333.33]
}

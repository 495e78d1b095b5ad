package shopkit_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceAllocate is R0.1 written the obvious way, with big integers and a full
// sort: floors, then one unit each to the largest remainders, ties to the earlier
// part; a negative total is split as its absolute value and negated.
func referenceAllocate(total int64, weights []int64) []int64 {
	t := new(big.Int).Abs(big.NewInt(total))
	sum := new(big.Int)
	for _, w := range weights {
		sum.Add(sum, big.NewInt(w))
	}
	n := len(weights)
	parts := make([]*big.Int, n)
	rems := make([]*big.Int, n)
	left := new(big.Int).Set(t)
	for i, w := range weights {
		q, r := new(big.Int), new(big.Int)
		q.QuoRem(new(big.Int).Mul(t, big.NewInt(w)), sum, r)
		parts[i], rems[i] = q, r
		left.Sub(left, q)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
	for k := int64(0); k < left.Int64(); k++ {
		parts[order[k]].Add(parts[order[k]], big.NewInt(1))
	}
	out := make([]int64, n)
	for i, p := range parts {
		if total < 0 {
			p.Neg(p)
		}
		out[i] = p.Int64()
	}
	return out
}

func amounts(ms []shopkit.Money) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.Amount()
	}
	return out
}

// R0.1: largest remainder, ties to the earlier part.
func TestAllocate_R0_1(t *testing.T) {
	tests := []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{100, []int64{1, 1, 1}, []int64{34, 33, 33}},           // tie: the first part gets the fen
		{101, []int64{1, 1, 1}, []int64{34, 34, 33}},           // two leftover fen, earliest two
		{99, []int64{1, 1, 1}, []int64{33, 33, 33}},            // exact
		{-100, []int64{1, 1, 1}, []int64{-34, -33, -33}},       // negative: |total| split, negated
		{100, []int64{1, 2, 3}, []int64{17, 33, 50}},           // 16.67, 33.33, 50 → largest remainder first
		{5, []int64{0, 1, 0, 1}, []int64{0, 3, 0, 2}},          // zero weights get zero
		{1, []int64{1, 1, 1, 1}, []int64{1, 0, 0, 0}},          // one fen, four-way tie
		{1, []int64{1, 3, 3}, []int64{0, 1, 0}},                // largest remainder beats the earlier part
		{0, []int64{5, 7}, []int64{0, 0}},                      //
		{1000, []int64{333, 333, 334}, []int64{333, 333, 334}}, // never more than the weight when total = Σw
		{10, []int64{600, 300, 100}, []int64{6, 3, 1}},         //
		{7, []int64{3, 3, 3}, []int64{3, 2, 2}},                // 2.33 each: one fen to the first
		{math.MaxInt64, []int64{1, 1}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}},
		{math.MinInt64, []int64{1, 1, 1}, []int64{-3074457345618258603, -3074457345618258603, -3074457345618258602}},
		{math.MaxInt64, []int64{math.MaxInt64 - 1, 1}, []int64{math.MaxInt64 - 1, 1}}, // no w×total overflow
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.total, tt.weights), func(t *testing.T) {
			parts, err := shopkit.Allocate(shopkit.MustMoney(tt.total, "EUR"), tt.weights)
			require.NoError(t, err)
			assert.Equal(t, tt.want, amounts(parts))
			for _, p := range parts {
				assert.Equal(t, shopkit.CurrencyEUR, p.Currency())
			}
			assert.Equal(t, tt.want, referenceAllocate(tt.total, tt.weights), "the reference agrees")

			ints, err := shopkit.AllocateAmounts(tt.total, tt.weights)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ints)
			dst := make([]int64, len(tt.weights))
			require.NoError(t, shopkit.AllocateInto(dst, tt.total, tt.weights))
			assert.Equal(t, tt.want, dst)
		})
	}
}

// R0.1: all weights zero, a negative weight, or no weights is an error.
func TestAllocateErrors_R0_1(t *testing.T) {
	tests := []struct {
		weights []int64
		code    string
		kind    error
	}{
		{nil, "shopkit.allocate_no_weights", shopkit.ErrInvalid},
		{[]int64{}, "shopkit.allocate_no_weights", shopkit.ErrInvalid},
		{[]int64{0, 0, 0}, "shopkit.allocate_zero_weights", shopkit.ErrInvalid},
		{[]int64{1, -1, 2}, "shopkit.allocate_negative_weight", shopkit.ErrInvalid},
		{[]int64{math.MaxInt64, 1}, "shopkit.overflow", shopkit.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			_, err := shopkit.Allocate(shopkit.CNY(100), tt.weights)
			require.ErrorIs(t, err, tt.kind)
			assert.Equal(t, tt.code, shopkit.CodeOf(err))
			_, err = shopkit.AllocateAmounts(100, tt.weights)
			require.ErrorIs(t, err, tt.kind)
			dst := make([]int64, len(tt.weights))
			for i := range dst {
				dst[i] = 42
			}
			require.ErrorIs(t, shopkit.AllocateInto(dst, 100, tt.weights), tt.kind)
			for _, v := range dst {
				assert.Equal(t, int64(42), v, "bad input changes nothing")
			}
		})
	}
	var ve *shopkit.ValidationError
	_, err := shopkit.AllocateAmounts(1, []int64{1, 2, -3})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "weights[2]", ve.Field)

	// Σw = MaxInt64 exactly is fine; one more overflows.
	parts, err := shopkit.AllocateAmounts(3, []int64{math.MaxInt64 - 1, 1})
	require.NoError(t, err)
	assert.Equal(t, []int64{3, 0}, parts)

	err = shopkit.AllocateInto(make([]int64, 2), 100, []int64{1, 1, 1})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.allocate_dst_length", shopkit.CodeOf(err))
}

// checkAllocation asserts every R0.1 property of one allocation and that it equals
// the reference implementation.
func checkAllocation(t *testing.T, total int64, weights []int64) {
	t.Helper()
	parts, err := shopkit.AllocateAmounts(total, weights)
	var sumW big.Int
	for _, w := range weights {
		sumW.Add(&sumW, big.NewInt(w))
	}
	if err != nil {
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		return
	}
	require.Len(t, parts, len(weights))
	var sum big.Int
	for i, p := range parts {
		sum.Add(&sum, big.NewInt(p))
		// |p − total×w/Σw| < 1, i.e. |p×Σw − total×w| < Σw.
		var diff big.Int
		diff.Mul(big.NewInt(p), &sumW)
		diff.Sub(&diff, new(big.Int).Mul(big.NewInt(total), big.NewInt(weights[i])))
		require.Negative(t, diff.CmpAbs(&sumW), "part %d within one unit of its exact share", i)
		if weights[i] == 0 {
			require.Zero(t, p, "a zero weight gets zero")
		}
		if new(big.Int).Abs(big.NewInt(total)).Cmp(&sumW) <= 0 {
			require.LessOrEqual(t, absI(p), weights[i], "no part exceeds its weight")
		}
	}
	require.Equal(t, 0, sum.Cmp(big.NewInt(total)), "parts sum exactly to the total")
	require.Equal(t, referenceAllocate(total, weights), parts)
	dst := make([]int64, len(weights))
	require.NoError(t, shopkit.AllocateInto(dst, total, weights))
	require.Equal(t, parts, dst)
}

func absI(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// R0.1 on random input: weights of every size with many ties and zeros, totals of
// every magnitude.
func TestAllocateMatchesReference_R0_1(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		n := 1 + r.IntN(40)
		if r.IntN(20) == 0 {
			n = 200 + r.IntN(800)
		}
		weights := make([]int64, n)
		maxW := []int64{1, 3, 10, 1000, math.MaxInt64 / int64(n)}[r.IntN(5)]
		for i := range weights {
			if r.IntN(5) > 0 {
				weights[i] = 1 + r.Int64N(maxW)
			}
		}
		total := randAmount(r)
		checkAllocation(t, total, weights)
	}
}

// Adversarial remainder patterns: sorted, reversed, organ-pipe and all-equal runs,
// where a naive quickselect degrades.
func TestAllocatePatterns(t *testing.T) {
	const n = 2000
	patterns := map[string]func(i int) int64{
		"ascending":  func(i int) int64 { return int64(i + 1) },
		"descending": func(i int) int64 { return int64(n - i) },
		"organ":      func(i int) int64 { return int64(min(i, n-i) + 1) },
		"sawtooth":   func(i int) int64 { return int64(i%17 + 1) },
		"equal":      func(int) int64 { return 7 },
		"two-values": func(i int) int64 { return int64(i%2 + 1) },
	}
	for name, w := range patterns {
		t.Run(name, func(t *testing.T) {
			weights := make([]int64, n)
			for i := range weights {
				weights[i] = w(i)
			}
			for _, total := range []int64{1, n - 1, n + 1, 123457, 1<<62 + 12345, -999_999} {
				checkAllocation(t, total, weights)
			}
		})
	}
}

func FuzzAllocate(f *testing.F) {
	f.Add(int64(100), []byte{1, 1, 1})
	f.Add(int64(-7), []byte{0, 3, 0, 3, 9})
	f.Add(int64(math.MinInt64), []byte{255, 1})
	f.Fuzz(func(t *testing.T, total int64, raw []byte) {
		if len(raw) > 512 {
			raw = raw[:512]
		}
		weights := make([]int64, len(raw))
		for i, b := range raw {
			weights[i] = int64(b) - 8 // a few negatives, many small and zero weights
			if b >= 250 {
				weights[i] = int64(b) << 50
			}
		}
		checkAllocation(t, total, weights)
	})
}

// R0.1: the Into variant allocates nothing (dst is also the scratch space);
// AllocateAmounts allocates only its result, and Allocate its result and the
// amounts it converts.
func TestAllocateAllocs_R0_1(t *testing.T) {
	weights := make([]int64, 1000)
	for i := range weights {
		weights[i] = int64(i%7 + 1)
	}
	dst := make([]int64, len(weights))
	total := shopkit.CNY(1_000_003)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		_ = shopkit.AllocateInto(dst, 1_000_003, weights)
	}))
	assert.Equal(t, 2.0, testing.AllocsPerRun(100, func() {
		_, _ = shopkit.Allocate(total, weights)
	}))
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() {
		_, _ = shopkit.AllocateAmounts(1_000_003, weights)
	}))
}

func ExampleAllocate() {
	// A ¥1.00 order discount over three equal lines: the extra fen goes to the first.
	parts, _ := shopkit.Allocate(shopkit.CNY(100), []int64{1, 1, 1})
	fmt.Println(parts)
	// Line subtotals ¥10, ¥20, ¥30 sharing ¥1.00: 16.67, 33.33, 50 fen.
	parts, _ = shopkit.Allocate(shopkit.CNY(100), []int64{1000, 2000, 3000})
	fmt.Println(parts)
	// Output:
	// [¥0.34 ¥0.33 ¥0.33]
	// [¥0.17 ¥0.33 ¥0.50]
}

func ExampleAllocateInto() {
	dst := make([]int64, 4)
	if err := shopkit.AllocateInto(dst, 10, []int64{1, 0, 2, 1}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(dst)
	// Output: [3 0 5 2]
}

func benchWeights(n int) []int64 {
	r := rand.New(rand.NewPCG(5, 6))
	w := make([]int64, n)
	for i := range w {
		w[i] = 100 + r.Int64N(100_000)
	}
	return w
}

func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{3, 10, 100, 1000} {
		weights := benchWeights(n)
		total := shopkit.CNY(1_234_567)
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := shopkit.Allocate(total, weights); err != nil {
					b.Fatal(err)
				}
			}
		})
		dst := make([]int64, n)
		b.Run("into/N="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := shopkit.AllocateInto(dst, 1_234_567, weights); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

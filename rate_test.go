package shopkit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var modes = []shopkit.RoundingMode{shopkit.HalfUp, shopkit.Down, shopkit.HalfEven, shopkit.Up}

// R0.1: multiplying by a rate takes an explicit rounding mode; each mode at its edges
// (exactly half, just below and above half, negatives).
func TestMulRateRoundingModes_R0_1(t *testing.T) {
	half := decimal.RequireFromString("0.5")
	tests := []struct {
		amount int64
		rate   decimal.Decimal
		want   [4]int64 // HalfUp, Down, HalfEven, Up
	}{
		{5, half, [4]int64{3, 2, 2, 3}},      // 2.5
		{7, half, [4]int64{4, 3, 4, 4}},      // 3.5
		{-5, half, [4]int64{-3, -2, -2, -3}}, // -2.5: half away from zero
		{-7, half, [4]int64{-4, -3, -4, -4}}, // -3.5
		{4, half, [4]int64{2, 2, 2, 2}},      // exact
		{1000, decimal.RequireFromString("0.055"), [4]int64{55, 55, 55, 55}},
		{1009, decimal.RequireFromString("0.055"), [4]int64{55, 55, 55, 56}},        // 55.495
		{1010, decimal.RequireFromString("0.055"), [4]int64{56, 55, 56, 56}},        // 55.55
		{9999, decimal.RequireFromString("0.95"), [4]int64{9499, 9499, 9499, 9500}}, // 9499.05
		{2499999, decimal.RequireFromString("0.000001"), [4]int64{2, 2, 2, 3}},      // 2.499999
		{2500000, decimal.RequireFromString("0.000001"), [4]int64{3, 2, 2, 3}},      // 2.5 exactly
		{2500001, decimal.RequireFromString("0.000001"), [4]int64{3, 2, 3, 3}},      // 2.500001
		{100, decimal.RequireFromString("-0.055"), [4]int64{-6, -5, -6, -6}},        // -5.5
		{123, decimal.New(5, 2), [4]int64{61500, 61500, 61500, 61500}},              // rate 500
		{math.MaxInt64, decimal.NewFromInt(1), [4]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64}},
		{math.MinInt64, half, [4]int64{math.MinInt64 / 2, math.MinInt64 / 2, math.MinInt64 / 2, math.MinInt64 / 2}},
	}
	for _, tt := range tests {
		cr, err := shopkit.CompileRate(tt.rate)
		require.NoError(t, err)
		for i, mode := range modes {
			name := fmt.Sprintf("%d×%s/%s", tt.amount, tt.rate, mode)
			got, err := shopkit.CNY(tt.amount).MulRate(tt.rate, mode)
			require.NoError(t, err, name)
			assert.Equal(t, tt.want[i], got.Amount(), name)
			fast, err := cr.Apply(shopkit.CNY(tt.amount), mode)
			require.NoError(t, err, name)
			assert.Equal(t, got, fast, name)
		}
	}
}

func TestMulRateOverflow_R0_1(t *testing.T) {
	tests := []struct {
		amount int64
		rate   string
	}{
		{math.MaxInt64, "1.0000000001"},
		{math.MaxInt64, "2"},
		{math.MinInt64, "-1"},
		{math.MaxInt64 / 2, "2.5"},
		{-(math.MaxInt64 / 1000), "-1000.001"},
	}
	for _, tt := range tests {
		r := decimal.RequireFromString(tt.rate)
		cr, err := shopkit.CompileRate(r)
		require.NoError(t, err)
		for _, mode := range modes {
			_, err := shopkit.CNY(tt.amount).MulRate(r, mode)
			require.ErrorIs(t, err, shopkit.ErrOverflow, "%d×%s", tt.amount, tt.rate)
			_, err = cr.Apply(shopkit.CNY(tt.amount), mode)
			require.ErrorIs(t, err, shopkit.ErrOverflow, "%d×%s", tt.amount, tt.rate)
			assert.Equal(t, "shopkit.overflow", shopkit.CodeOf(err))
		}
	}
	// The last fen that fits: MinInt64 × 1 and MaxInt64 × -1.
	m, err := shopkit.CNY(math.MaxInt64).MulRate(decimal.NewFromInt(-1), shopkit.HalfUp)
	require.NoError(t, err)
	assert.Equal(t, int64(-math.MaxInt64), m.Amount())
}

func TestCompileRateLimits(t *testing.T) {
	ok := []string{"0", "0.055", "1", "-1", "1000", "0.123456789", "999.999999999",
		"9.223372036854775807", "9223372036854775807", "1.500000000000000000000000", "5e2",
		"0.000000000000000001", "-9223372036854775808"}
	for _, s := range ok {
		r := decimal.RequireFromString(s)
		cr, err := shopkit.CompileRate(r)
		require.NoError(t, err, s)
		assert.True(t, cr.Rate().Equal(r), s)
	}
	bad := []string{"0.0000000000000000001", "9.223372036854775808", "9223372036854775808",
		"1e19", "12345678901.123456789", "0.1234567890123456789"}
	for _, s := range bad {
		_, err := shopkit.CompileRate(decimal.RequireFromString(s))
		require.ErrorIs(t, err, shopkit.ErrInvalid, s)
		assert.Equal(t, "shopkit.rate_out_of_range", shopkit.CodeOf(err), s)
	}
	assert.Panics(t, func() { shopkit.MustCompileRate(decimal.RequireFromString("1e30")) })
	var zero shopkit.CompiledRate
	got, err := zero.Apply(shopkit.CNY(123), shopkit.Up)
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(0), got)
	assert.True(t, zero.Rate().IsZero())
}

func TestRoundingModeText(t *testing.T) {
	for _, m := range modes {
		b, err := json.Marshal(m)
		require.NoError(t, err)
		var back shopkit.RoundingMode
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, m, back)
	}
	assert.Equal(t, "half_up", shopkit.RoundingMode(0).String())
	assert.Equal(t, []string{"half_up", "down", "half_even", "up"},
		[]string{modes[0].String(), modes[1].String(), modes[2].String(), modes[3].String()})
	var m shopkit.RoundingMode = shopkit.Up
	err := json.Unmarshal([]byte(`"ceiling"`), &m)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.unknown_rounding_mode", shopkit.CodeOf(err))
	assert.Equal(t, shopkit.Up, m)
	_, err = json.Marshal(shopkit.RoundingMode(9))
	require.Error(t, err)
	assert.Equal(t, "RoundingMode(9)", shopkit.RoundingMode(9).String())
	_, err = shopkit.CNY(1).MulRate(decimal.NewFromInt(1), shopkit.RoundingMode(-1))
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	_, err = shopkit.MustCompileRate(decimal.NewFromInt(1)).Apply(shopkit.CNY(1), shopkit.RoundingMode(4))
	require.ErrorIs(t, err, shopkit.ErrInvalid)
}

// checkAgree asserts that CompiledRate.Apply gives MulRate's result or the same
// kind of error. It reports whether the rate compiled and whether the product
// overflowed, so callers can check their inputs reach both paths.
func checkAgree(t *testing.T, amount int64, rate decimal.Decimal, mode shopkit.RoundingMode) (compiled, overflow bool) {
	t.Helper()
	cr, err := shopkit.CompileRate(rate)
	if err != nil {
		return false, false // outside the documented limits
	}
	want, werr := shopkit.CNY(amount).MulRate(rate, mode)
	got, gerr := cr.Apply(shopkit.CNY(amount), mode)
	if werr != nil {
		require.Error(t, gerr, "%d × %s %s: want %v", amount, rate, mode, werr)
		require.True(t, errors.Is(gerr, shopkit.ErrOverflow) == errors.Is(werr, shopkit.ErrOverflow))
		return true, true
	}
	require.NoError(t, gerr, "%d × %s %s", amount, rate, mode)
	require.Equal(t, want, got, "%d × %s %s", amount, rate, mode)
	return true, false
}

// randAmount draws amounts of every magnitude, edges included.
func randAmount(r *rand.Rand) int64 {
	switch r.IntN(6) {
	case 0:
		return []int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}[r.IntN(7)]
	case 1:
		return r.Int64N(2001) - 1000
	default:
		a := int64(r.Uint64() >> r.UintN(64))
		if r.IntN(2) == 0 {
			a = -a
		}
		return a
	}
}

func randRate(r *rand.Rand) decimal.Decimal {
	places := int32(r.IntN(20))
	coef := int64(r.Uint64() >> r.UintN(64))
	if r.IntN(4) == 0 {
		coef = r.Int64N(20001) - 10000
	}
	if r.IntN(5) == 0 {
		coef = -coef
	}
	if r.IntN(10) == 0 {
		return decimal.New(coef%1000, int32(r.IntN(3)))
	}
	return decimal.New(coef, -places)
}

// R0.1: the compiled rate is exact: it agrees with the decimal reference on random
// amounts, rates and modes, including overflow.
func TestCompiledRateMatchesDecimal_R0_1(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200_000
	var compiled, overflowed int
	for range n {
		c, o := checkAgree(t, randAmount(r), randRate(r), modes[r.IntN(4)])
		if c {
			compiled++
		}
		if o {
			overflowed++
		}
	}
	assert.Greater(t, compiled, n/2, "most random rates are within the limits")
	assert.Greater(t, overflowed, n/20, "overflow agreement is exercised")
	assert.Less(t, overflowed, compiled/2, "exact results dominate")
}

func FuzzCompiledRateMatchesDecimal(f *testing.F) {
	f.Add(int64(1010), int64(55), uint8(3), uint8(0))
	f.Add(int64(-5), int64(5), uint8(1), uint8(2))
	f.Add(int64(math.MinInt64), int64(-1), uint8(0), uint8(1))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), uint8(18), uint8(3))
	f.Fuzz(func(t *testing.T, amount, coef int64, places, mode uint8) {
		rate := decimal.New(coef, -int32(places%24))
		checkAgree(t, amount, rate, modes[int(mode)%len(modes)])
	})
}

func ExampleCompiledRate() {
	commission := shopkit.MustCompileRate(decimal.RequireFromString("0.055")) // 5.5 %
	fee, _ := commission.Apply(shopkit.CNY(1010), shopkit.HalfUp)             // 55.55 fen
	refund, _ := commission.Apply(shopkit.CNY(1010), shopkit.Down)
	fmt.Println(fee, refund)
	// Output: ¥0.56 ¥0.55
}

func ExampleMoney_MulRate() {
	member := decimal.RequireFromString("0.95") // 95 % member price
	p, _ := shopkit.CNY(9999).MulRate(member, shopkit.HalfUp)
	fmt.Println(p)
	// Output: ¥94.99
}

func BenchmarkMulRate(b *testing.B) {
	rate := decimal.RequireFromString("0.055")
	m := shopkit.CNY(123456)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.MulRate(rate, shopkit.HalfUp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompiledRateApply(b *testing.B) {
	rate := shopkit.MustCompileRate(decimal.RequireFromString("0.055"))
	m := shopkit.CNY(123456)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rate.Apply(m, shopkit.HalfUp); err != nil {
			b.Fatal(err)
		}
	}
}

// R0.1: the compiled hot path is integer-only and allocation-free: every mode,
// rates with up to 18 decimal places, negative rates and amounts, large products.
func TestCompiledRateDoesNotAllocate_R0_1(t *testing.T) {
	rates := []string{"0.055", "0.95", "-1.5", "0.000000000000000001", "500"}
	for _, s := range rates {
		cr := shopkit.MustCompileRate(decimal.RequireFromString(s))
		for _, mode := range modes {
			for _, amount := range []int64{123456, -1009, math.MaxInt64 / 1000} {
				m := shopkit.CNY(amount)
				allocs := testing.AllocsPerRun(100, func() {
					_, _ = cr.Apply(m, mode)
					_, _ = cr.ApplyAmount(amount, mode)
				})
				assert.Zero(t, allocs, "%s × %d %s", s, amount, mode)
			}
		}
	}
}

package shopkit_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listedCurrencies are the currencies issue 2 names, with 0, 2 and 3 minor digits.
var listedCurrencies = []string{"CNY", "USD", "EUR", "GBP", "HKD", "JPY", "KRW", "BHD"}

// R0.1: every listed currency formats with its symbol or code and exactly its
// number of minor digits, negatives with a leading minus, and reads back.
func TestMoneyFormatEveryCurrency_R0_1(t *testing.T) {
	tests := []struct {
		code       string
		amount     int64
		str, coded string
	}{
		{"CNY", 1234, "¥12.34", "CNY 12.34"},
		{"CNY", -1234, "-¥12.34", "CNY -12.34"},
		{"CNY", -1, "-¥0.01", "CNY -0.01"},
		{"USD", 1234, "$12.34", "USD 12.34"},
		{"USD", -1234, "-$12.34", "USD -12.34"},
		{"EUR", 1234, "€12.34", "EUR 12.34"},
		{"EUR", -5, "-€0.05", "EUR -0.05"},
		{"GBP", 1234, "£12.34", "GBP 12.34"},
		{"GBP", -1234, "-£12.34", "GBP -12.34"},
		{"HKD", 1234, "HK$12.34", "HKD 12.34"},
		{"HKD", -1234, "-HK$12.34", "HKD -12.34"},
		{"JPY", 1234, "JP¥1234", "JPY 1234"}, // 0 minor digits: no decimal point
		{"JPY", -1234, "-JP¥1234", "JPY -1234"},
		{"JPY", 0, "JP¥0", "JPY 0"},
		{"KRW", 1234, "₩1234", "KRW 1234"},
		{"KRW", -1234, "-₩1234", "KRW -1234"},
		{"BHD", 1234, "BD 1.234", "BHD 1.234"}, // 3 minor digits
		{"BHD", -1234, "-BD 1.234", "BHD -1.234"},
		{"BHD", -1, "-BD 0.001", "BHD -0.001"},
		{"BHD", 0, "BD 0.000", "BHD 0.000"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.code] = true
		m := shopkit.MustMoney(tt.amount, tt.code)
		assert.Equal(t, tt.str, m.String(), "%s %d", tt.code, tt.amount)
		assert.Equal(t, tt.coded, m.StringCode(), "%s %d", tt.code, tt.amount)
		back, err := shopkit.ParseMoney(m.Decimal(), tt.code)
		require.NoError(t, err)
		assert.True(t, back == m, "%s reads back", m)
	}
	for _, c := range listedCurrencies {
		assert.True(t, seen[c], "%s is covered", c)
	}
}

// canonical is m as a fresh value of its amount and currency: the form a JSON
// round trip and NewMoney produce.
func canonical(t *testing.T, m shopkit.Money) shopkit.Money {
	t.Helper()
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var back shopkit.Money
	require.NoError(t, json.Unmarshal(b, &back))
	fresh, err := shopkit.NewMoney(m.Amount(), m.Currency().String())
	require.NoError(t, err)
	require.True(t, back == fresh, "JSON and NewMoney agree on %s", m)
	return back
}

// R0.1: Money values are canonical: whatever operation produced a value, it is ==
// to the same amount and currency built afresh or decoded from JSON, so == and
// map keys never tell CNY(5) from NewMoney(5, "CNY"). A property test over random
// operands of every listed currency, CNY built each possible way.
func TestMoneyOperationsAreCanonical_R0_1(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	cny := []func(int64) shopkit.Money{
		shopkit.CNY,
		func(a int64) shopkit.Money { return shopkit.MustMoney(a, "CNY") },
		func(a int64) shopkit.Money {
			m, _ := shopkit.Zero(shopkit.CurrencyCNY).Add(shopkit.CNY(a))
			return m
		},
		func(a int64) shopkit.Money { m, _ := shopkit.Zero("").Add(shopkit.MustMoney(a, "CNY")); return m },
	}
	draw := func(code string) shopkit.Money {
		a := randAmount(r) / int64(1+r.IntN(3))
		if code == "CNY" {
			return cny[r.IntN(len(cny))](a)
		}
		return shopkit.MustMoney(a, code)
	}
	rates := []decimal.Decimal{decimal.RequireFromString("0.055"), decimal.RequireFromString("-0.95"),
		decimal.NewFromInt(1), decimal.RequireFromString("1.5")}
	check := func(op string, m shopkit.Money, err error) {
		t.Helper()
		if err != nil {
			return // overflow: no value to check
		}
		require.True(t, m == canonical(t, m), "%s gave a non-canonical %#v", op, m)
	}
	for range 20_000 {
		code := listedCurrencies[r.IntN(len(listedCurrencies))]
		a, b := draw(code), draw(code)
		check("operand", a, nil)
		s, err := a.Add(b)
		check("Add", s, err)
		s, err = a.Sub(b)
		check("Sub", s, err)
		s, err = a.Neg()
		check("Neg", s, err)
		s, err = a.Abs()
		check("Abs", s, err)
		s, err = a.Mul(r.Int64N(2001) - 1000)
		check("Mul", s, err)
		s, err = a.Min(b)
		check("Min", s, err)
		s, err = a.Max(b)
		check("Max", s, err)
		s, err = shopkit.Sum(a, b)
		check("Sum", s, err)
		rate := rates[r.IntN(len(rates))]
		mode := modes[r.IntN(len(modes))]
		s, err = a.MulRate(rate, mode)
		check("MulRate", s, err)
		s, err = shopkit.MustCompileRate(rate).Apply(a, mode)
		check("CompiledRate.Apply", s, err)
		s, err = shopkit.ParseMoney(a.Decimal(), code)
		check("ParseMoney", s, err)
		parts, err := shopkit.Allocate(a, []int64{1, int64(r.IntN(5)), 3})
		require.NoError(t, err)
		for _, p := range parts {
			check("Allocate", p, nil)
		}
		plan, err := shopkit.InstalmentPlan(a, 1+r.IntN(12))
		require.NoError(t, err)
		for _, p := range plan {
			check("InstalmentPlan", p, nil)
		}
	}
	// The CNY constructors all give the one value.
	for _, f := range cny {
		assert.True(t, f(42) == shopkit.CNY(42))
	}
	assert.True(t, shopkit.Money{} == shopkit.Zero(shopkit.CurrencyCNY))
	m, err := shopkit.CNY(math.MaxInt64).Sub(shopkit.CNY(math.MaxInt64))
	require.NoError(t, err)
	assert.True(t, m == shopkit.Money{})
}

package shopkit_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMoneyZeroValueIsZeroCNY(t *testing.T) {
	var m shopkit.Money
	assert.Equal(t, shopkit.CurrencyCNY, m.Currency())
	assert.True(t, m.IsZero())
	assert.True(t, m.Equal(shopkit.CNY(0)))
	assert.Equal(t, "¥0.00", m.String())
	s, err := m.Add(shopkit.CNY(5))
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(5), s)
}

func TestNewMoney(t *testing.T) {
	m, err := shopkit.NewMoney(1999, "EUR")
	require.NoError(t, err)
	assert.Equal(t, int64(1999), m.Amount())
	assert.Equal(t, shopkit.CurrencyEUR, m.Currency())

	_, err = shopkit.NewMoney(1, "ZZZ")
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.unknown_currency", shopkit.CodeOf(err))
	assert.Panics(t, func() { shopkit.MustMoney(1, "ZZZ") })
	assert.Equal(t, shopkit.Zero(shopkit.CurrencyJPY), shopkit.MustMoney(0, "JPY"))
}

func TestMoneySign(t *testing.T) {
	tests := []struct {
		amount              int64
		sign                int
		zero, neg, positive bool
	}{
		{-1, -1, false, true, false},
		{0, 0, true, false, false},
		{1, 1, false, false, true},
		{math.MinInt64, -1, false, true, false},
		{math.MaxInt64, 1, false, false, true},
	}
	for _, tt := range tests {
		m := shopkit.CNY(tt.amount)
		assert.Equal(t, tt.sign, m.Sign(), tt.amount)
		assert.Equal(t, tt.zero, m.IsZero(), tt.amount)
		assert.Equal(t, tt.neg, m.IsNegative(), tt.amount)
		assert.Equal(t, tt.positive, m.IsPositive(), tt.amount)
	}
}

// R0.1: arithmetic never silently overflows; the last representable fen works.
func TestMoneyArithmeticOverflow_R0_1(t *testing.T) {
	type op func(a, b shopkit.Money) (shopkit.Money, error)
	add := func(a, b shopkit.Money) (shopkit.Money, error) { return a.Add(b) }
	sub := func(a, b shopkit.Money) (shopkit.Money, error) { return a.Sub(b) }
	tests := []struct {
		name string
		f    op
		a, b int64
		want int64
		ok   bool
	}{
		{"add max", add, math.MaxInt64 - 1, 1, math.MaxInt64, true},
		{"add max+1", add, math.MaxInt64, 1, 0, false},
		{"add min", add, math.MinInt64 + 1, -1, math.MinInt64, true},
		{"add min-1", add, math.MinInt64, -1, 0, false},
		{"add mixed", add, math.MaxInt64, math.MinInt64, -1, true},
		{"sub min", sub, math.MinInt64 + 1, 1, math.MinInt64, true},
		{"sub min-1", sub, math.MinInt64, 1, 0, false},
		{"sub max", sub, math.MaxInt64 - 1, -1, math.MaxInt64, true},
		{"sub max+1", sub, math.MaxInt64, -1, 0, false},
		{"sub 0-min", sub, 0, math.MinInt64, 0, false},
		{"sub -1-min", sub, -1, math.MinInt64, math.MaxInt64, true},
		{"sub same", sub, 5, 7, -2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f(shopkit.CNY(tt.a), shopkit.CNY(tt.b))
			if !tt.ok {
				require.ErrorIs(t, err, shopkit.ErrOverflow)
				assert.Equal(t, "shopkit.overflow", shopkit.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, shopkit.CNY(tt.want), got)
		})
	}
}

func TestMoneyNegAbsMul(t *testing.T) {
	n, err := shopkit.CNY(math.MaxInt64).Neg()
	require.NoError(t, err)
	assert.Equal(t, int64(-math.MaxInt64), n.Amount())
	_, err = shopkit.CNY(math.MinInt64).Neg()
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	_, err = shopkit.CNY(math.MinInt64).Abs()
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	a, err := shopkit.CNY(-5).Abs()
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(5), a)

	tests := []struct {
		a, q, want int64
		ok         bool
	}{
		{1999, 3, 5997, true},
		{-1999, 3, -5997, true},
		{1999, -3, -5997, true},
		{0, math.MaxInt64, 0, true},
		{math.MaxInt64, 1, math.MaxInt64, true},
		{math.MaxInt64, 2, 0, false},
		{math.MinInt64, 1, math.MinInt64, true},
		{math.MinInt64, -1, 0, false},
		{-1, math.MinInt64, 0, false},
		{1 << 62, -2, math.MinInt64, true},
		{1 << 62, 2, 0, false},
		{3037000500, 3037000500, 0, false},
		{3037000499, 3037000499, 9223372030926249001, true},
	}
	for _, tt := range tests {
		got, err := shopkit.CNY(tt.a).Mul(tt.q)
		if !tt.ok {
			require.ErrorIs(t, err, shopkit.ErrOverflow, "%d×%d", tt.a, tt.q)
			continue
		}
		require.NoError(t, err, "%d×%d", tt.a, tt.q)
		assert.Equal(t, tt.want, got.Amount(), "%d×%d", tt.a, tt.q)
	}
}

// R0.1: adding or comparing two currencies is an error.
func TestMoneyCurrencyMismatch_R0_1(t *testing.T) {
	cny, eur := shopkit.CNY(100), shopkit.MustMoney(100, "EUR")
	calls := map[string]func() error{
		"add":  func() error { _, err := cny.Add(eur); return err },
		"sub":  func() error { _, err := cny.Sub(eur); return err },
		"cmp":  func() error { _, err := cny.Cmp(eur); return err },
		"lt":   func() error { _, err := cny.LessThan(eur); return err },
		"gt":   func() error { _, err := cny.GreaterThan(eur); return err },
		"min":  func() error { _, err := cny.Min(eur); return err },
		"max":  func() error { _, err := cny.Max(eur); return err },
		"sum":  func() error { _, err := shopkit.Sum(cny, eur); return err },
		"zero": func() error { _, err := shopkit.Money{}.Add(eur); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
			assert.Equal(t, "shopkit.currency_mismatch", shopkit.CodeOf(err))
		})
	}
	assert.False(t, cny.Equal(eur))
}

func TestMoneyCompare(t *testing.T) {
	a, b := shopkit.CNY(1), shopkit.CNY(2)
	c, err := a.Cmp(b)
	require.NoError(t, err)
	assert.Equal(t, -1, c)
	c, _ = b.Cmp(a)
	assert.Equal(t, 1, c)
	c, _ = a.Cmp(shopkit.CNY(1))
	assert.Equal(t, 0, c)
	lt, _ := a.LessThan(b)
	gt, _ := a.GreaterThan(b)
	assert.True(t, lt)
	assert.False(t, gt)
	mn, _ := b.Min(a)
	mx, _ := a.Max(b)
	assert.Equal(t, a, mn)
	assert.Equal(t, b, mx)
	assert.True(t, shopkit.Money{}.Equal(shopkit.CNY(0)))
}

func TestSum(t *testing.T) {
	s, err := shopkit.Sum()
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(0), s)
	s, err = shopkit.Sum(shopkit.CNY(1), shopkit.CNY(2), shopkit.CNY(-4))
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(-1), s)
	_, err = shopkit.Sum(shopkit.CNY(math.MaxInt64), shopkit.CNY(1), shopkit.CNY(-1))
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	e, err := shopkit.Sum(shopkit.MustMoney(1, "EUR"))
	require.NoError(t, err)
	assert.Equal(t, shopkit.CurrencyEUR, e.Currency())
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		amount        int64
		code          string
		str, withCode string
		dec           string
	}{
		{1234, "CNY", "¥12.34", "CNY 12.34", "12.34"},
		{-1234, "CNY", "-¥12.34", "CNY -12.34", "-12.34"},
		{5, "CNY", "¥0.05", "CNY 0.05", "0.05"},
		{-5, "CNY", "-¥0.05", "CNY -0.05", "-0.05"},
		{0, "CNY", "¥0.00", "CNY 0.00", "0.00"},
		{100, "USD", "$1.00", "USD 1.00", "1.00"},
		{199, "EUR", "€1.99", "EUR 1.99", "1.99"},
		{1235, "JPY", "JP¥1235", "JPY 1235", "1235"},
		{-7, "KRW", "-₩7", "KRW -7", "-7"},
		{1234, "BHD", "BD 1.234", "BHD 1.234", "1.234"},
		{1, "BHD", "BD 0.001", "BHD 0.001", "0.001"},
		{math.MinInt64, "CNY", "-¥92233720368547758.08", "CNY -92233720368547758.08", "-92233720368547758.08"},
		{math.MaxInt64, "JPY", "JP¥9223372036854775807", "JPY 9223372036854775807", "9223372036854775807"},
	}
	for _, tt := range tests {
		m := shopkit.MustMoney(tt.amount, tt.code)
		assert.Equal(t, tt.str, m.String())
		assert.Equal(t, tt.withCode, m.StringCode())
		assert.Equal(t, tt.dec, m.Decimal())
		assert.Equal(t, tt.str, fmt.Sprint(m))
		back, err := shopkit.ParseMoney(m.Decimal(), tt.code)
		require.NoError(t, err)
		assert.Equal(t, m, back)
	}
	// An unknown currency prints its raw code and no decimals.
	assert.Equal(t, "XYZ 0", shopkit.Zero("XYZ").String())
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		s, code string
		want    int64
		code2   string // expected error code, "" for success
	}{
		{"12.34", "CNY", 1234, ""},
		{"12.3", "CNY", 1230, ""},
		{"12", "CNY", 1200, ""},
		{"-0.01", "CNY", -1, ""},
		{"0.001", "CNY", 0, "shopkit.invalid_amount"},
		{"1.5", "JPY", 0, "shopkit.invalid_amount"},
		{"1500", "JPY", 1500, ""},
		{"1.234", "BHD", 1234, ""},
		{"1.2345", "BHD", 0, "shopkit.invalid_amount"},
		{"", "CNY", 0, "shopkit.invalid_amount"},
		{"-", "CNY", 0, "shopkit.invalid_amount"},
		{".5", "CNY", 0, "shopkit.invalid_amount"},
		{"5.", "CNY", 0, "shopkit.invalid_amount"},
		{"+5", "CNY", 0, "shopkit.invalid_amount"},
		{"1e3", "CNY", 0, "shopkit.invalid_amount"},
		{"1,00", "CNY", 0, "shopkit.invalid_amount"},
		{"1.2.3", "CNY", 0, "shopkit.invalid_amount"},
		{"92233720368547758.07", "CNY", math.MaxInt64, ""},
		{"-92233720368547758.08", "CNY", math.MinInt64, ""},
		{"92233720368547758.08", "CNY", 0, "shopkit.overflow"},
		{"92233720368547758.1", "CNY", 0, "shopkit.overflow"},
		{"99999999999999999999999", "CNY", 0, "shopkit.overflow"},
		{"1", "ABC", 0, "shopkit.unknown_currency"},
	}
	for _, tt := range tests {
		t.Run(tt.s+" "+tt.code, func(t *testing.T) {
			m, err := shopkit.ParseMoney(tt.s, tt.code)
			if tt.code2 != "" {
				require.Error(t, err)
				assert.Equal(t, tt.code2, shopkit.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Amount())
		})
	}
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(shopkit.CNY(1234))
	require.NoError(t, err)
	assert.Equal(t, `{"amount":1234,"currency":"CNY"}`, string(b))
	b, err = json.Marshal(shopkit.Money{})
	require.NoError(t, err)
	assert.Equal(t, `{"amount":0,"currency":"CNY"}`, string(b))
	_, err = json.Marshal(shopkit.Zero("XYZ"))
	require.Error(t, err)

	var m shopkit.Money
	require.NoError(t, json.Unmarshal([]byte(` {"currency":"JPY", "amount":-5} `), &m))
	assert.Equal(t, shopkit.MustMoney(-5, "JPY"), m)

	type wrap struct {
		Price shopkit.Money  `json:"price"`
		Opt   *shopkit.Money `json:"opt"`
	}
	var w wrap
	require.NoError(t, json.Unmarshal([]byte(`{"price":{"amount":1,"currency":"EUR"},"opt":null}`), &w))
	assert.Equal(t, shopkit.MustMoney(1, "EUR"), w.Price)
	assert.Nil(t, w.Opt)
}

func TestMoneyUnmarshalJSONStrict(t *testing.T) {
	bad := []string{
		`{"amount":1234}`,
		`{"currency":"CNY"}`,
		`{}`,
		`{"amount":1.5,"currency":"CNY"}`,
		`{"amount":"12","currency":"CNY"}`,
		`{"amount":1e3,"currency":"CNY"}`,
		`{"amount":1E3,"currency":"CNY"}`,
		`{"amount":1.0,"currency":"CNY"}`,
		`{"amount":9223372036854775808,"currency":"CNY"}`,
		`{"amount":null,"currency":"CNY"}`,
		`{"amount":1,"currency":"XXX"}`,
		`{"amount":1,"currency":"cny"}`,
		`{"amount":1,"currency":5}`,
		`{"amount":1,"currency":"CNY","extra":0}`,
		`{"amount":1,"amount":2,"currency":"CNY"}`,
		`{"amount":1,"currency":"CNY","currency":"CNY"}`,
		`{"amount":1,"currency":"CNY"}{}`,
		`{"amount":1,"currency":"CNY"`,
		`[1,"CNY"]`,
		`null`,
		`1234`,
		``,
	}
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			m := shopkit.CNY(7)
			err := m.UnmarshalJSON([]byte(in))
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, "shopkit.invalid_money_json", shopkit.CodeOf(err))
			assert.Equal(t, shopkit.CNY(7), m, "bad input changes nothing")
		})
	}
	var m shopkit.Money
	require.NoError(t, m.UnmarshalJSON([]byte(`{"amount":-9223372036854775808,"currency":"BHD"}`)))
	assert.Equal(t, shopkit.MustMoney(math.MinInt64, "BHD"), m)
}

func FuzzMoneyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`{"amount":1234,"currency":"CNY"}`, `{"currency":"JPY","amount":-1}`,
		`{"amount":1.5,"currency":"CNY"}`, `{"amount":1,"currency":"CNY","x":1}`,
		`{"amount":-0,"currency":"BHD"}`, `null`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m shopkit.Money
		if err := m.UnmarshalJSON(data); err != nil {
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			require.Equal(t, shopkit.Money{}, m)
			return
		}
		out, err := json.Marshal(m)
		require.NoError(t, err)
		var back shopkit.Money
		require.NoError(t, json.Unmarshal(out, &back))
		require.True(t, m.Equal(back))
		require.Equal(t, m, back)
	})
}

func FuzzMoneyJSONRoundTrip(f *testing.F) {
	f.Add(int64(1234), uint8(0))
	f.Add(int64(math.MinInt64), uint8(7))
	codes := []string{"CNY", "USD", "EUR", "GBP", "HKD", "JPY", "KRW", "BHD"}
	f.Fuzz(func(t *testing.T, amount int64, c uint8) {
		m := shopkit.MustMoney(amount, codes[int(c)%len(codes)])
		b, err := json.Marshal(m)
		require.NoError(t, err)
		var back shopkit.Money
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, m, back)
		p, err := shopkit.ParseMoney(m.Decimal(), m.Currency().String())
		require.NoError(t, err)
		require.Equal(t, m, p)
	})
}

func ExampleMoney_String() {
	fmt.Println(shopkit.CNY(1234))
	fmt.Println(shopkit.CNY(-1234).StringCode())
	fmt.Println(shopkit.MustMoney(1235, "JPY"))
	fmt.Println(shopkit.MustMoney(1234, "BHD"))
	// Output:
	// ¥12.34
	// CNY -12.34
	// JP¥1235
	// BD 1.234
}

func ExampleMoney_Add() {
	price := shopkit.CNY(1999)
	total, err := price.Mul(3)
	fmt.Println(total, err)
	_, err = total.Add(shopkit.MustMoney(100, "EUR"))
	fmt.Println(err)
	// Output:
	// ¥59.97 <nil>
	// shopkit: cannot add CNY and EUR
}

// R0.1: Money values are canonical: the zero Money is CNY(0) under ==, and a
// JSON round trip gives back an identical value.
func TestMoneyIsCanonical(t *testing.T) {
	assert.True(t, shopkit.Money{} == shopkit.CNY(0))
	assert.True(t, shopkit.MustMoney(5, "CNY") == shopkit.CNY(5))
	assert.True(t, shopkit.Zero(shopkit.CurrencyCNY) == shopkit.Money{})
	for _, m := range []shopkit.Money{{}, shopkit.CNY(-7), shopkit.MustMoney(12, "EUR"), shopkit.MustMoney(5, "BHD")} {
		b, err := json.Marshal(m)
		require.NoError(t, err)
		var back shopkit.Money
		require.NoError(t, json.Unmarshal(b, &back))
		assert.True(t, reflect.DeepEqual(m, back), "%s round trip", m)
	}
	sum, err := shopkit.CNY(1).Add(shopkit.Money{})
	require.NoError(t, err)
	assert.True(t, sum == shopkit.CNY(1))
}

package shopkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/bits"
	"strconv"

	"github.com/shopkit/shopkit/internal/text"
)

// Money is an exact amount: an int64 count of the currency's minor unit (fen for
// CNY) and an ISO 4217 currency (R0.1). It is an immutable value; methods return new
// values. Operations that can overflow int64 or mix currencies return an error
// (ErrOverflow, ErrCurrencyMismatch) instead of a wrong amount.
//
// The zero Money is 0 CNY. Money values are canonical, so == and
// reflect.DeepEqual agree with Equal: Money{} == CNY(0), and a value survives a
// JSON round trip unchanged.
type Money struct {
	amount   int64
	currency Currency
}

// CNY returns an amount of fen (1/100 yuan): CNY(1999) is ¥19.99.
func CNY(fen int64) Money { return Money{amount: fen} }

// NewMoney returns amount minor units of the currency with ISO code code, e.g.
// NewMoney(1999, "EUR") is €19.99. An unknown code is a ValidationError with code
// CodeUnknownCurrency.
func NewMoney(amount int64, code string) (Money, error) {
	c, err := ParseCurrency(code)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: amount, currency: c.key()}, nil
}

// MustMoney is NewMoney for constants: it panics on an unknown code.
func MustMoney(amount int64, code string) Money {
	m, err := NewMoney(amount, code)
	if err != nil {
		panic(err) // Must… helpers alone may panic
	}
	return m
}

// Zero returns no money in cur. cur should come from the Currency constants or
// ParseCurrency; a Money in an unknown currency still does arithmetic but fails to
// marshal and prints with its raw code and no decimals.
func Zero(cur Currency) Money { return Money{currency: cur.key()} }

// Amount is the count of minor units (fen for CNY).
func (m Money) Amount() int64 { return m.amount }

// Currency is m's currency; the zero Money's is CNY.
func (m Money) Currency() Currency { return m.currency.normal() }

// IsZero reports whether the amount is 0, in any currency.
func (m Money) IsZero() bool { return m.amount == 0 }

// IsNegative reports whether the amount is below 0.
func (m Money) IsNegative() bool { return m.amount < 0 }

// IsPositive reports whether the amount is above 0.
func (m Money) IsPositive() bool { return m.amount > 0 }

// Sign is -1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int {
	switch {
	case m.amount < 0:
		return -1
	case m.amount > 0:
		return 1
	}
	return 0
}

// errOverflow is the error of every arithmetic overflow (R0.1: never silent).
func errOverflow(op string) error {
	return NewError(ErrOverflow, CodeOverflow, op+" overflows int64 minor units")
}

// sameCurrency returns the shared currency of m and o or a currency-mismatch error.
func (m Money) sameCurrency(o Money, op string) (Currency, error) {
	a, b := m.currency.normal(), o.currency.normal()
	if a != b {
		return "", NewError(ErrCurrencyMismatch, CodeCurrencyMismatch,
			"cannot "+op+" "+string(a)+" and "+string(b))
	}
	return a, nil
}

// Add returns m + o. Different currencies are an ErrCurrencyMismatch error, a sum
// outside int64 an ErrOverflow error (R0.1).
func (m Money) Add(o Money) (Money, error) {
	c, err := m.sameCurrency(o, "add")
	if err != nil {
		return Money{}, err
	}
	s := m.amount + o.amount
	// Overflow iff both operands have the same sign and the sum's sign differs.
	if (m.amount >= 0) == (o.amount >= 0) && (s >= 0) != (m.amount >= 0) {
		return Money{}, errOverflow("add")
	}
	return Money{amount: s, currency: c.key()}, nil
}

// Sub returns m − o, checked like Add.
func (m Money) Sub(o Money) (Money, error) {
	c, err := m.sameCurrency(o, "subtract")
	if err != nil {
		return Money{}, err
	}
	d := m.amount - o.amount
	// Overflow iff the operands have different signs and the result's sign is o's.
	if (m.amount >= 0) != (o.amount >= 0) && (d >= 0) != (m.amount >= 0) {
		return Money{}, errOverflow("subtract")
	}
	return Money{amount: d, currency: c.key()}, nil
}

// Neg returns −m; negating the most negative amount overflows.
func (m Money) Neg() (Money, error) {
	if m.amount == math.MinInt64 {
		return Money{}, errOverflow("negate")
	}
	return Money{amount: -m.amount, currency: m.currency}, nil
}

// Abs returns |m|; the most negative amount overflows.
func (m Money) Abs() (Money, error) {
	if m.amount < 0 {
		return m.Neg()
	}
	return Money{amount: m.amount, currency: m.currency}, nil
}

// Mul returns m × quantity (a unit price times a line quantity), checked for
// overflow with a 128-bit product.
func (m Money) Mul(quantity int64) (Money, error) {
	p, ok := mulInt64(m.amount, quantity)
	if !ok {
		return Money{}, errOverflow("multiply")
	}
	return Money{amount: p, currency: m.currency}, nil
}

// mulInt64 multiplies exactly, reporting whether the product fits in int64.
func mulInt64(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	return signed(hi, lo, neg)
}

// absU is |a| as uint64; it is exact for math.MinInt64 too.
func absU(a int64) uint64 {
	if a < 0 {
		return -uint64(a)
	}
	return uint64(a)
}

// signed turns a 128-bit magnitude and a sign into an int64 if it fits.
func signed(hi, lo uint64, neg bool) (int64, bool) {
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return -int64(lo), true // lo == 1<<63 wraps to MinInt64, which is right
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// Sum adds ms, all of one currency. The sum of nothing is 0 CNY. An intermediate
// overflow is an error even if later terms would bring the total back in range.
func Sum(ms ...Money) (Money, error) {
	if len(ms) == 0 {
		return CNY(0), nil
	}
	s := Money{currency: ms[0].currency.key()}
	for _, m := range ms {
		var err error
		if s, err = s.Add(m); err != nil {
			return Money{}, err
		}
	}
	return s, nil
}

// Cmp compares m with o: -1 if m < o, 0 if equal, +1 if m > o. Comparing
// currencies is an ErrCurrencyMismatch error (R0.1).
func (m Money) Cmp(o Money) (int, error) {
	if _, err := m.sameCurrency(o, "compare"); err != nil {
		return 0, err
	}
	switch {
	case m.amount < o.amount:
		return -1, nil
	case m.amount > o.amount:
		return 1, nil
	}
	return 0, nil
}

// Equal reports whether m and o have the same currency and amount; it never fails,
// so ¥1.00 and $1.00 are simply not equal.
func (m Money) Equal(o Money) bool {
	return m == o
}

// LessThan reports whether m < o; different currencies are an error.
func (m Money) LessThan(o Money) (bool, error) {
	c, err := m.Cmp(o)
	return c < 0, err
}

// GreaterThan reports whether m > o; different currencies are an error.
func (m Money) GreaterThan(o Money) (bool, error) {
	c, err := m.Cmp(o)
	return c > 0, err
}

// Min returns the smaller of m and o; different currencies are an error.
func (m Money) Min(o Money) (Money, error) {
	c, err := m.Cmp(o)
	if err != nil {
		return Money{}, err
	}
	if c <= 0 {
		return m, nil
	}
	return o, nil
}

// Max returns the larger of m and o; different currencies are an error.
func (m Money) Max(o Money) (Money, error) {
	c, err := m.Cmp(o)
	if err != nil {
		return Money{}, err
	}
	if c >= 0 {
		return m, nil
	}
	return o, nil
}

// String prints the amount with the currency's symbol and its exact number of
// decimals and a decimal point: "¥12.34", "-¥12.34", "$0.05", "JP¥1235" (no
// decimals), "BD 1.234" (three). See Currency.Symbol for the symbols.
func (m Money) String() string {
	c := m.currency.normal()
	var b []byte
	if m.amount < 0 {
		b = append(b, '-')
	}
	b = append(b, c.Symbol()...)
	return string(appendDecimal(b, absU(m.amount), max(c.Exponent(), 0)))
}

// StringCode prints the ISO code, a space and the signed decimal amount:
// "CNY 12.34", "CNY -12.34", "JPY 1235", "BHD 1.234". Unlike String it is unambiguous
// across currencies that share a symbol.
func (m Money) StringCode() string {
	c := m.currency.normal()
	b := append([]byte(c), ' ')
	if m.amount < 0 {
		b = append(b, '-')
	}
	return string(appendDecimal(b, absU(m.amount), max(c.Exponent(), 0)))
}

// Decimal prints the signed amount in major units without a currency: "12.34",
// "-0.05", "1235" for JPY. ParseMoney reads it back.
func (m Money) Decimal() string {
	var b []byte
	if m.amount < 0 {
		b = append(b, '-')
	}
	return string(appendDecimal(b, absU(m.amount), max(m.currency.normal().Exponent(), 0)))
}

// appendDecimal writes u minor units with exp decimals, from the integer digits
// alone (no binary fractions are involved anywhere).
func appendDecimal(b []byte, u uint64, exp int) []byte {
	var digits [24]byte
	d := strconv.AppendUint(digits[:0], u, 10)
	if exp == 0 {
		return append(b, d...)
	}
	for len(d) <= exp { // pad so there is at least one digit before the point
		d = append([]byte{'0'}, d...)
	}
	cut := len(d) - exp
	b = append(b, d[:cut]...)
	b = append(b, '.')
	return append(b, d[cut:]...)
}

// ParseMoney reads a decimal amount in major units, such as "12.34" or "-0.5", in
// the currency with ISO code code. It is exact: more decimals than the currency has
// (CNY "0.001", JPY "1.5") are rejected rather than rounded. Accepted form: an
// optional '-', one or more digits, optionally a '.' and one or more digits. Bad
// input is a ValidationError with code CodeInvalidAmount; an amount outside
// int64 minor units is an ErrOverflow error.
func ParseMoney(s, code string) (Money, error) {
	c, err := ParseCurrency(code)
	if err != nil {
		return Money{}, err
	}
	exp := c.Exponent()
	bad := func(problem string) (Money, error) {
		return Money{}, Invalid(CodeInvalidAmount, "amount", problem+": "+text.Quote(s))
	}
	rest := s
	neg := false
	if len(rest) > 0 && rest[0] == '-' {
		neg, rest = true, rest[1:]
	}
	intPart, frac, hasPoint := rest, "", false
	for i := 0; i < len(rest); i++ {
		if rest[i] == '.' {
			intPart, frac, hasPoint = rest[:i], rest[i+1:], true
			break
		}
	}
	if intPart == "" || (hasPoint && frac == "") {
		return bad("is not a decimal number")
	}
	if len(frac) > exp {
		return bad("has more than " + strconv.Itoa(exp) + " decimals for " + string(c))
	}
	var u uint64
	for _, part := range [2]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			ch := part[i]
			if ch < '0' || ch > '9' {
				return bad("is not a decimal number")
			}
			hi, lo := bits.Mul64(u, 10)
			lo, carry := bits.Add64(lo, uint64(ch-'0'), 0)
			if hi != 0 || carry != 0 || lo > 1<<63 {
				return Money{}, errOverflow("parse")
			}
			u = lo
		}
	}
	for i := len(frac); i < exp; i++ {
		hi, lo := bits.Mul64(u, 10)
		if hi != 0 || lo > 1<<63 {
			return Money{}, errOverflow("parse")
		}
		u = lo
	}
	a, ok := signed(0, u, neg)
	if !ok {
		return Money{}, errOverflow("parse")
	}
	return Money{amount: a, currency: c.key()}, nil
}

// moneyJSON is the wire form: {"amount":1234,"currency":"CNY"}.
type moneyJSON struct {
	Amount   int64    `json:"amount"`
	Currency Currency `json:"currency"`
}

// MarshalJSON writes {"amount":1234,"currency":"CNY"}: the amount in minor units as
// a JSON integer. A Money in an unknown currency does not marshal.
func (m Money) MarshalJSON() ([]byte, error) {
	c := m.currency.normal()
	if !c.Valid() {
		return nil, Invalid(CodeInvalidMoneyJson, "currency", "is not a known ISO 4217 code: "+text.Quote(string(c)))
	}
	b := make([]byte, 0, 48)
	b = append(b, `{"amount":`...)
	b = strconv.AppendInt(b, m.amount, 10)
	b = append(b, `,"currency":"`...)
	b = append(b, c...)
	return append(b, `"}`...), nil
}

// UnmarshalJSON reads exactly the form MarshalJSON writes, strictly: both fields
// are required and appear once; any other field, an amount that is not a JSON
// integer (1.5, 1e3, "12"), an amount outside int64, an unknown currency, null, or
// trailing data is a ValidationError (ErrInvalid) with code
// CodeInvalidMoneyJson. On error m is unchanged. (A *Money field set to
// null stays nil without calling this method.)
func (m *Money) UnmarshalJSON(data []byte) error {
	bad := func(field, problem string) error {
		return Invalid(CodeInvalidMoneyJson, field, problem)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return bad("money", `must be an object {"amount":…,"currency":…}`)
	}
	var v moneyJSON
	var haveAmount, haveCurrency bool
	for dec.More() {
		tok, err = dec.Token()
		if err != nil {
			return bad("money", "is not valid JSON")
		}
		key, _ := tok.(string)
		switch key {
		case "amount":
			if haveAmount {
				return bad("amount", "appears twice")
			}
			haveAmount = true
			tok, err = dec.Token()
			num, isNum := tok.(json.Number)
			if err != nil || !isNum || !isJSONInteger(string(num)) {
				return bad("amount", "must be an integer count of minor units")
			}
			if v.Amount, err = strconv.ParseInt(string(num), 10, 64); err != nil {
				return bad("amount", "does not fit in int64")
			}
		case "currency":
			if haveCurrency {
				return bad("currency", "appears twice")
			}
			haveCurrency = true
			tok, err = dec.Token()
			s, isStr := tok.(string)
			if err != nil || !isStr {
				return bad("currency", "must be a string ISO 4217 code")
			}
			if v.Currency, err = ParseCurrency(s); err != nil {
				return bad("currency", "is not a known ISO 4217 code: "+text.Quote(s))
			}
		default:
			return bad("money", "has an unknown field "+text.Quote(key))
		}
	}
	if tok, err = dec.Token(); err != nil || tok != json.Delim('}') {
		return bad("money", "is not valid JSON")
	}
	if _, err = dec.Token(); !errors.Is(err, io.EOF) {
		return bad("money", "has trailing data")
	}
	if !haveAmount {
		return bad("amount", "is required")
	}
	if !haveCurrency {
		return bad("currency", "is required")
	}
	*m = Money{amount: v.Amount, currency: v.Currency.key()}
	return nil
}

// isJSONInteger reports whether a JSON number literal is an integer literal: an
// optional minus and digits, no fraction or exponent.
func isJSONInteger(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// WithAmount returns amount minor units in m's currency. It is how a package that
// computes in minor units turns a result back into Money without a currency check.
func (m Money) WithAmount(amount int64) Money { return Money{amount: amount, currency: m.currency} }

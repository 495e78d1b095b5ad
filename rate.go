package shopkit

import (
	"math/big"
	"math/bits"
	"strconv"

	"github.com/shopkit/shopkit/internal/text"
	"github.com/shopspring/decimal"
)

// RoundingMode says how a product with a fraction of a minor unit becomes whole
// minor units (R0.1: multiplying by a rate always names its rounding). Every mode
// is symmetric around zero: a negative amount rounds like its absolute value and
// keeps its sign.
type RoundingMode int

// The rounding modes of R0.1.
const (
	// HalfUp rounds to the nearest unit, halves away from zero: 2.5 → 3,
	// -2.5 → -3, 2.4 → 2. It is the zero value and the default for fees (R4.4).
	HalfUp RoundingMode = iota
	// Down truncates toward zero: 2.9 → 2, -2.9 → -2 ("fen take the integer part",
	// R3.8).
	Down
	// HalfEven rounds to the nearest unit, halves to the even neighbour:
	// 2.5 → 2, 3.5 → 4, -2.5 → -2.
	HalfEven
	// Up rounds away from zero: 2.1 → 3, -2.1 → -3.
	Up
)

// String is the mode's name: "half_up", "down", "half_even" or "up".
func (r RoundingMode) String() string {
	switch r {
	case HalfUp:
		return "half_up"
	case Down:
		return "down"
	case HalfEven:
		return "half_even"
	case Up:
		return "up"
	}
	return "RoundingMode(" + strconv.Itoa(int(r)) + ")"
}

// valid reports whether r is one of the four modes.
func (r RoundingMode) Valid() bool { return r >= HalfUp && r <= Up }

func errRoundingMode(r RoundingMode) error {
	return Invalid(CodeUnknownRoundingMode, "rounding_mode", "is not a known rounding mode: "+r.String())
}

// MarshalText implements encoding.TextMarshaler (so JSON holds "half_up"). An
// unknown mode is a ValidationError.
func (r RoundingMode) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, errRoundingMode(r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: one of the four names; any
// other text is a ValidationError with code CodeUnknownRoundingMode.
func (r *RoundingMode) UnmarshalText(b []byte) error {
	for m := HalfUp; m <= Up; m++ {
		if string(b) == m.String() {
			*r = m
			return nil
		}
	}
	return Invalid(CodeUnknownRoundingMode, "rounding_mode", "is not a known rounding mode: "+text.Quote(string(b)))
}

// MulRate returns m × rate rounded to whole minor units by mode (R0.1), computed
// exactly in decimal. It is the reference that CompiledRate.Apply agrees with; use a
// CompiledRate on hot paths. A result outside int64 is an ErrOverflow error.
func (m Money) MulRate(rate decimal.Decimal, mode RoundingMode) (Money, error) {
	if !mode.Valid() {
		return Money{}, errRoundingMode(mode)
	}
	p := decimal.New(m.amount, 0).Mul(rate)
	switch mode {
	case HalfUp:
		p = p.Round(0)
	case Down:
		p = p.RoundDown(0)
	case HalfEven:
		p = p.RoundBank(0)
	case Up:
		p = p.RoundUp(0)
	}
	i := p.BigInt()
	if !i.IsInt64() {
		return Money{}, errOverflow("multiply by rate")
	}
	return Money{amount: i.Int64(), currency: m.currency}, nil
}

// MaxRateDecimals is the most decimal places a CompiledRate keeps exactly.
const MaxRateDecimals = 18

// CompiledRate is a decimal rate compiled once into a scaled integer
// (rate = ±num / 10^places) so that applying it is integer-only and allocation-free:
// a 128-bit product and one 128÷64-bit division (math/bits), then rounding on the
// remainder. It gives exactly MulRate's result for every amount and mode.
//
// Limits: after dropping trailing zeros the rate has at most MaxRateDecimals (18)
// decimal places and its unscaled integer fits in int64. So 9 decimal places are
// supported up to |rate| ≈ 9.2×10⁹ and 18 places up to |rate| ≈ 9.2. Negative rates
// are allowed (a reversal): the result has the product's sign.
//
// The zero CompiledRate is the rate 0.
type CompiledRate struct {
	num  uint64 // |unscaled rate|
	neg  bool   // rate < 0
	div  uint64 // 10^places; 0 in the zero value, meaning 1
	rate decimal.Decimal
}

// CompileRate compiles rate for Apply. A rate outside the limits documented on
// CompiledRate is a ValidationError with code CodeRateOutOfRange.
func CompileRate(rate decimal.Decimal) (CompiledRate, error) {
	bad := func(problem string) (CompiledRate, error) {
		return CompiledRate{}, Invalid(CodeRateOutOfRange, "rate", problem+": "+text.Quote(rate.String()))
	}
	coef := rate.Coefficient() // a fresh copy
	exp := rate.Exponent()
	ten := big.NewInt(10)
	if coef.Sign() == 0 {
		return CompiledRate{div: 1, rate: rate}, nil
	}
	var r big.Int
	for exp < 0 { // drop trailing zeros: 1.50 is 15/10
		var q big.Int
		q.QuoRem(coef, ten, &r)
		if r.Sign() != 0 {
			break
		}
		coef, exp = &q, exp+1
	}
	for ; exp > 0; exp-- { // 5e2 is 500/1
		coef.Mul(coef, ten)
		if !coef.IsInt64() {
			return bad("is too large")
		}
	}
	if -exp > MaxRateDecimals {
		return bad("has more than " + strconv.Itoa(MaxRateDecimals) + " decimal places")
	}
	if !coef.IsInt64() {
		return bad("is too large for its number of decimal places")
	}
	n := coef.Int64()
	div := uint64(1)
	for i := int32(0); i < -exp; i++ {
		div *= 10
	}
	return CompiledRate{num: absU(n), neg: n < 0, div: div, rate: rate}, nil
}

// MustCompileRate is CompileRate for constants: it panics on a rate out of range.
func MustCompileRate(rate decimal.Decimal) CompiledRate {
	r, err := CompileRate(rate)
	if err != nil {
		panic(err) // Must… helpers alone may panic
	}
	return r
}

// Rate returns the decimal the rate was compiled from.
func (r CompiledRate) Rate() decimal.Decimal { return r.rate }

// Apply returns m × rate rounded by mode, exactly as m.MulRate(r.Rate(), mode), with
// integer arithmetic only and no allocation (R0.1). A result outside int64 is an
// ErrOverflow error; an unknown mode a ValidationError.
func (r CompiledRate) Apply(m Money, mode RoundingMode) (Money, error) {
	a, err := r.ApplyAmount(m.amount, mode)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: a, currency: m.currency}, nil
}

// ApplyAmount is Apply on a bare count of minor units, for hot loops.
func (r CompiledRate) ApplyAmount(amount int64, mode RoundingMode) (int64, error) {
	if !mode.Valid() {
		return 0, errRoundingMode(mode)
	}
	if r.num == 0 || amount == 0 {
		return 0, nil
	}
	hi, lo := bits.Mul64(absU(amount), r.num)
	neg := (amount < 0) != r.neg
	if r.div <= 1 {
		a, ok := signed(hi, lo, neg)
		if !ok {
			return 0, errOverflow("multiply by rate")
		}
		return a, nil
	}
	if hi >= r.div { // the quotient would not fit in 64 bits
		return 0, errOverflow("multiply by rate")
	}
	q, rem := bits.Div64(hi, lo, r.div)
	if q > 1<<63 { // beyond any int64 even before rounding; also keeps q+1 from wrapping
		return 0, errOverflow("multiply by rate")
	}
	if rem != 0 {
		// Compare rem with half the divisor without computing 2·rem, which could
		// overflow: rem > div−rem ⇔ the fraction is above one half.
		other := r.div - rem
		switch mode {
		case Up:
			q++
		case HalfUp:
			if rem >= other {
				q++
			}
		case HalfEven:
			if rem > other || (rem == other && q&1 == 1) {
				q++
			}
		}
	}
	a, ok := signed(0, q, neg)
	if !ok {
		return 0, errOverflow("multiply by rate")
	}
	return a, nil
}

package shopkit

import "github.com/shopkit/shopkit/internal/text"

// Currency is an ISO 4217 alphabetic code such as "CNY" (R0.1). Obtain one from the
// constants below or from ParseCurrency, which rejects codes the library does not
// know. The empty Currency stands for CNY, so that the zero Money is 0 CNY.
type Currency string

// The currencies the library knows, with their minor-unit exponents (ISO 4217).
// CNY is the default currency of the platform rules.
const (
	CurrencyCNY Currency = "CNY" // Chinese yuan, 2 decimals (fen)
	CurrencyUSD Currency = "USD" // US dollar, 2 decimals
	CurrencyEUR Currency = "EUR" // euro, 2 decimals
	CurrencyGBP Currency = "GBP" // pound sterling, 2 decimals
	CurrencyHKD Currency = "HKD" // Hong Kong dollar, 2 decimals
	CurrencyMOP Currency = "MOP" // Macanese pataca, 2 decimals
	CurrencyTWD Currency = "TWD" // New Taiwan dollar, 2 decimals
	CurrencySGD Currency = "SGD" // Singapore dollar, 2 decimals
	CurrencyAUD Currency = "AUD" // Australian dollar, 2 decimals
	CurrencyCAD Currency = "CAD" // Canadian dollar, 2 decimals
	CurrencyCHF Currency = "CHF" // Swiss franc, 2 decimals
	CurrencyJPY Currency = "JPY" // Japanese yen, 0 decimals
	CurrencyKRW Currency = "KRW" // South Korean won, 0 decimals
	CurrencyVND Currency = "VND" // Vietnamese dong, 0 decimals
	CurrencyBHD Currency = "BHD" // Bahraini dinar, 3 decimals
	CurrencyKWD Currency = "KWD" // Kuwaiti dinar, 3 decimals
)

// currencyInfo is the currency table: minor-unit exponent and the symbol String
// prints. A switch rather than a map keeps the table immutable. ok is false for a
// code the library does not know.
func currencyInfo(c Currency) (exponent int, symbol string, ok bool) {
	switch c {
	case CurrencyCNY, "":
		return 2, "¥", true
	case CurrencyUSD:
		return 2, "$", true
	case CurrencyEUR:
		return 2, "€", true
	case CurrencyGBP:
		return 2, "£", true
	case CurrencyHKD:
		return 2, "HK$", true
	case CurrencyMOP:
		return 2, "MOP$", true
	case CurrencyTWD:
		return 2, "NT$", true
	case CurrencySGD:
		return 2, "S$", true
	case CurrencyAUD:
		return 2, "A$", true
	case CurrencyCAD:
		return 2, "CA$", true
	case CurrencyCHF:
		return 2, "CHF ", true
	case CurrencyJPY:
		return 0, "JP¥", true
	case CurrencyKRW:
		return 0, "₩", true
	case CurrencyVND:
		return 0, "₫", true
	case CurrencyBHD:
		return 3, "BD ", true
	case CurrencyKWD:
		return 3, "KD ", true
	}
	return 0, "", false
}

// ParseCurrency returns the Currency for an upper-case ISO 4217 code the library
// knows. Anything else (lower case, unknown or empty codes) is a ValidationError with
// code CodeUnknownCurrency.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(s)
	if s == "" {
		return "", Invalid(CodeUnknownCurrency, "currency", "is required")
	}
	if _, _, ok := currencyInfo(c); !ok {
		return "", Invalid(CodeUnknownCurrency, "currency", "is not a known ISO 4217 code: "+text.Quote(s))
	}
	return c, nil
}

// Valid reports whether the library knows c. The empty Currency is valid: it is CNY.
func (c Currency) Valid() bool {
	_, _, ok := currencyInfo(c)
	return ok
}

// Exponent is the number of minor-unit digits of c: 2 for CNY (fen), 0 for JPY, 3
// for BHD. It is -1 for a code the library does not know.
func (c Currency) Exponent() int {
	e, _, ok := currencyInfo(c)
	if !ok {
		return -1
	}
	return e
}

// Symbol is the prefix Money.String prints for c, e.g. "¥" for CNY, "JP¥" for JPY,
// "BD " for BHD. For a code the library does not know it is the code and a space.
func (c Currency) Symbol() string {
	_, s, ok := currencyInfo(c)
	if !ok {
		return string(c) + " "
	}
	return s
}

// String returns the ISO code; the empty Currency prints as "CNY".
func (c Currency) String() string { return string(c.normal()) }

// MarshalText implements encoding.TextMarshaler: the ISO code.
func (c Currency) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, Invalid(CodeUnknownCurrency, "currency", "is not a known ISO 4217 code: "+text.Quote(string(c)))
	}
	return []byte(c.normal()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseCurrency.
func (c *Currency) UnmarshalText(b []byte) error {
	p, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// normal maps the empty Currency to CNY.
// key is how Money stores a currency: CNY, the default, as "", so that the zero
// Money, CNY(0) and a decoded {"amount":0,"currency":"CNY"} are identical values
// (== and reflect.DeepEqual hold after a JSON round trip).
func (c Currency) key() Currency {
	if c == CurrencyCNY {
		return ""
	}
	return c
}

func (c Currency) normal() Currency {
	if c == "" {
		return CurrencyCNY
	}
	return c
}

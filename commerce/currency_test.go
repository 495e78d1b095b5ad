package commerce_test

import (
	"encoding/json"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.1: currencies with 0, 2 and 3 minor digits work the same way.
func TestCurrencyExponent_R0_1(t *testing.T) {
	tests := []struct {
		code   string
		exp    int
		symbol string
	}{
		{"CNY", 2, "¥"}, {"USD", 2, "$"}, {"EUR", 2, "€"}, {"GBP", 2, "£"},
		{"HKD", 2, "HK$"}, {"JPY", 0, "JP¥"}, {"KRW", 0, "₩"}, {"BHD", 3, "BD "},
		{"KWD", 3, "KD "}, {"VND", 0, "₫"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := commerce.ParseCurrency(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.code, c.String())
			assert.Equal(t, tt.exp, c.Exponent())
			assert.Equal(t, tt.symbol, c.Symbol())
			assert.True(t, c.Valid())
		})
	}
}

func TestParseCurrencyRejects(t *testing.T) {
	for _, s := range []string{"", "cny", "XXX", "CN", "CNYY", " CNY", "€"} {
		t.Run(s, func(t *testing.T) {
			_, err := commerce.ParseCurrency(s)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, "commerce.unknown_currency", shopkit.CodeOf(err))
			assert.Contains(t, err.Error(), "commerce: ")
		})
	}
}

func TestCurrencyZeroValueIsCNY(t *testing.T) {
	var c commerce.Currency
	assert.Equal(t, "CNY", c.String())
	assert.Equal(t, 2, c.Exponent())
	assert.Equal(t, -1, commerce.Currency("XYZ").Exponent())
	assert.False(t, commerce.Currency("XYZ").Valid())
	assert.Equal(t, "XYZ ", commerce.Currency("XYZ").Symbol())
}

func TestCurrencyText(t *testing.T) {
	b, err := json.Marshal(commerce.CurrencyEUR)
	require.NoError(t, err)
	assert.JSONEq(t, `"EUR"`, string(b))
	var c commerce.Currency
	require.NoError(t, json.Unmarshal([]byte(`"JPY"`), &c))
	assert.Equal(t, commerce.CurrencyJPY, c)
	err = json.Unmarshal([]byte(`"ABC"`), &c)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, commerce.CurrencyJPY, c, "bad input changes nothing")
	_, err = json.Marshal(commerce.Currency("ABC"))
	require.Error(t, err)
}

package shopkit_test

import (
	"encoding/json"
	"testing"

	"github.com/shopkit/shopkit"
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
			c, err := shopkit.ParseCurrency(tt.code)
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
			_, err := shopkit.ParseCurrency(s)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, "shopkit.unknown_currency", shopkit.CodeOf(err))
			assert.Contains(t, err.Error(), "shopkit: ")
		})
	}
}

func TestCurrencyZeroValueIsCNY(t *testing.T) {
	var c shopkit.Currency
	assert.Equal(t, "CNY", c.String())
	assert.Equal(t, 2, c.Exponent())
	assert.Equal(t, -1, shopkit.Currency("XYZ").Exponent())
	assert.False(t, shopkit.Currency("XYZ").Valid())
	assert.Equal(t, "XYZ ", shopkit.Currency("XYZ").Symbol())
}

func TestCurrencyText(t *testing.T) {
	b, err := json.Marshal(shopkit.CurrencyEUR)
	require.NoError(t, err)
	assert.JSONEq(t, `"EUR"`, string(b))
	var c shopkit.Currency
	require.NoError(t, json.Unmarshal([]byte(`"JPY"`), &c))
	assert.Equal(t, shopkit.CurrencyJPY, c)
	err = json.Unmarshal([]byte(`"ABC"`), &c)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, shopkit.CurrencyJPY, c, "bad input changes nothing")
	_, err = json.Marshal(shopkit.Currency("ABC"))
	require.Error(t, err)
}

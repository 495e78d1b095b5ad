package membership_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/require"
)

// R5.2, R3.7: whatever refunds arrive for an order, the member's recorded refunds
// never exceed the order's amount, a refund is refused exactly when it would, and
// the figures never go below zero.
func FuzzRefunds(f *testing.F) {
	f.Add(int64(1001), []byte{1, 0, 0, 0, 0, 0, 0, 0, 232, 3, 0, 0, 0, 0, 0, 0})
	f.Add(int64(0), []byte{})
	f.Fuzz(func(t *testing.T, amount int64, data []byte) {
		if amount < 0 {
			amount = -(amount + 1)
		}
		set := newSet(t, membership.ByAmount)
		m := newMember(t)
		complete(t, set, m, "o1", amount)
		var refunded int64
		for len(data) >= 8 {
			r := int64(binary.LittleEndian.Uint64(data) >> 1)
			data = data[8:]
			full := r%7 == 0
			key := "r" + strconv.Itoa(len(data)) // one key per refund: data shrinks by 8 each time
			err := apply(m, refund(key, "o1", shopkit.CNY(r)), full, start())
			switch {
			case r == 0 && !full:
				require.ErrorIs(t, err, shopkit.ErrInvalid)
			case r > amount-refunded:
				require.Equal(t, membership.CodeRefundExceeds, shopkit.CodeOf(err))
			default:
				require.NoError(t, err)
				refunded += r
			}
			f := m.Figures()
			require.Equal(t, amount-refunded, f.Amount.Amount())
			require.GreaterOrEqual(t, f.Amount.Amount(), int64(0))
			o, _ := m.Applied(oid("o1"))
			require.LessOrEqual(t, o.Refunded.Amount(), o.Amount.Amount())
			if refunded == amount && amount > 0 {
				require.Equal(t, int64(0), f.Orders)
			}
		}
	})
}

// R5.1: whatever JSON a settings page sends, decoding a tier set never panics,
// and every refusal, by the decoder or by NewTierSet, is a typed error with a
// code.
func FuzzTierSetConfigJSON(f *testing.F) {
	f.Add([]byte(settingsPage))
	f.Add([]byte(`{"tiers": [{"name": "Gold", "min_amout": 1}]}`))
	f.Add([]byte(`{"mode": "both", "window": "-PT1S", "tiers": null}`))
	f.Add([]byte(`{"window": 31536000000000000}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var cfg membership.TierSetConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) {
				require.NotEmpty(t, shopkit.CodeOf(err), "%v", err)
			}
			return
		}
		if _, err := membership.NewTierSet(cfg); err != nil {
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			require.NotEmpty(t, shopkit.CodeOf(err))
		}
	})
}

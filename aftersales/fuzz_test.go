package aftersales_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/require"
)

// R3.7: for random paid amounts, quantities and request orders (with money-only
// refunds in between), a line never refunds more than paid and refunds exactly paid
// once every unit is refunded.
func FuzzRefundMath(f *testing.F) {
	f.Add(int64(1001), uint8(3), []byte{1, 1, 1})
	f.Add(int64(1), uint8(7), []byte{3, 0x82, 2, 2})
	f.Add(int64(1<<62), uint8(255), []byte{200, 55})
	f.Add(int64(0), uint8(1), []byte{1})
	f.Fuzz(func(t *testing.T, paid int64, n uint8, steps []byte) {
		if paid < 0 || n == 0 {
			t.Skip()
		}
		now := t0(t)
		o := aftersales.Order{ID: uuid.New(), BuyerID: "b", MerchantID: shopID, State: aftersales.OrderDelivered,
			Lines: []order.Line{{SKU: "x", Quantity: int64(n), Paid: shopkit.CNY(paid)}}}
		l, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, now)
		require.NoError(t, err)
		left := int64(n)
		for i, s := range steps {
			var q aftersales.LineQty
			if s&0x80 != 0 { // a money-only refund of a share of what is left
				room := paid - l.Lines()[0].Refunded
				share, err := aftersales.CumulativeRefund(shopkit.CNY(room), int64(s&0x7f), 127)
				require.NoError(t, err)
				amt := share.Amount()
				if amt == 0 {
					continue
				}
				q = aftersales.LineQty{Line: 0, Amount: shopkit.CNY(amt)}
			} else {
				k := int64(s)%left + 1
				if left == 0 {
					break
				}
				q = aftersales.LineQty{Line: 0, Units: k}
				left -= k
			}
			_, _, err := l.Refund(aftersales.RefundRequest{Key: fmt.Sprint(i), Lines: []aftersales.LineQty{q}}, now)
			require.NoError(t, err)
			require.LessOrEqual(t, l.Lines()[0].Refunded, paid)
			if left == 0 {
				break
			}
		}
		if left > 0 {
			_, _, err := l.Refund(aftersales.RefundRequest{Key: "rest", Lines: []aftersales.LineQty{{Line: 0, Units: left}}}, now)
			require.NoError(t, err)
		}
		require.Equal(t, paid, l.Lines()[0].Refunded, "all units refunded: exactly paid")
		require.Equal(t, l.Paid(), l.Refunded())
		var sum int64
		for _, r := range l.Refunds() {
			require.GreaterOrEqual(t, r.Amount.Amount(), int64(0))
			sum += r.Amount.Amount()
		}
		require.Equal(t, paid, sum)
	})
}

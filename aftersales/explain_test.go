package aftersales_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func render(lang messages.Lang, parts []shopkit.Text) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = messages.Text(lang, p)
	}
	return out
}

// R3.7: a refund's breakdown says what each line pays back and when shipping
// comes back with it, from the ledger's own record: the cumulative floors of
// TestCumulativeFloors_R3_7 and the shipping fee with the last refund.
func TestRefundBreakdownR3_7(t *testing.T) {
	now := t0(t)
	l, err := aftersales.NewLedger(sampleOrder(now), aftersales.ShippingOnFullRefund, now)
	require.NoError(t, err)
	cup, _, err := l.Refund(aftersales.RefundRequest{Key: "a", Lines: []aftersales.LineQty{{Line: 0, Units: 2}},
		DueBy: now.Add(72 * time.Hour)}, now)
	require.NoError(t, err)
	assert.Equal(t, []string{"cup 退2件：¥6.67", "共退款¥6.67", "预计2026年11月5日 10:00前退回原支付账户"},
		render(messages.ZhCN, aftersales.RefundBreakdown(cup)))
	assert.Equal(t, []string{"cup × 2: ¥6.67", "¥6.67 refunded in total", "back to the original payment by 5 Nov 2026 10:00 CST"},
		render(messages.En, aftersales.RefundBreakdown(cup)))

	comp, _, err := l.Refund(aftersales.RefundRequest{Key: "pp", Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(1)}}}, now)
	require.NoError(t, err)
	assert.Equal(t, []string{"cup 仅退款：¥0.01", "共退款¥0.01"}, render(messages.ZhCN, aftersales.RefundBreakdown(comp)))

	rest, _, err := l.Refund(aftersales.RefundRequest{Key: "b", Lines: []aftersales.LineQty{{Line: 0, Units: 1}, {Line: 1, Units: 1}}}, now)
	require.NoError(t, err)
	require.Equal(t, int64(800), rest.Shipping.Amount(), "shipping with the refund that completes the order")
	assert.Equal(t, []string{"cup 退1件：¥3.33", "kettle 退1件：¥50.00", "退运费：¥8.00", "共退款¥61.33"},
		render(messages.ZhCN, aftersales.RefundBreakdown(rest)))
	assert.Equal(t, []string{"cup × 1: ¥3.33", "kettle × 1: ¥50.00", "shipping: ¥8.00", "¥61.33 refunded in total"},
		render(messages.En, aftersales.RefundBreakdown(rest)))

	confirmed, err := l.ConfirmRefund("b", now.Add(time.Hour))
	require.NoError(t, err)
	parts := aftersales.RefundBreakdown(confirmed)
	assert.Equal(t, "已于2026年11月2日 11:00退回原支付账户", messages.Text(messages.ZhCN, parts[len(parts)-1]))

	advance := confirmed
	advance.Advance, advance.Confirmed = true, false
	advance.DueBy = time.Time{}
	parts = aftersales.RefundBreakdown(advance)
	assert.Equal(t, "由平台先行垫付", messages.Text(messages.ZhCN, parts[len(parts)-1]), "R3.9")
	assert.Nil(t, aftersales.RefundBreakdown(shopkit.Refund{}))

	used := map[string]bool{}
	for _, r := range []shopkit.Refund{cup, comp, rest, confirmed, advance} {
		for _, p := range aftersales.RefundBreakdown(r) {
			used[p.Key] = true
		}
	}
	for _, k := range aftersales.TextKeys() {
		assert.True(t, used[k], "no case explains with %s", k)
	}
}

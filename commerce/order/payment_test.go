package order_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.5: the five methods of the rules, and any well-formed host method.
func TestPaymentMethod_R2_5(t *testing.T) {
	for _, m := range []order.PaymentMethod{order.CreditCard, order.DebitCard, order.Alipay, order.WeChatPay, order.BankTransfer} {
		require.NoError(t, m.Validate())
		assert.True(t, m.Known())
		b, err := json.Marshal(m)
		require.NoError(t, err)
		var back order.PaymentMethod
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, m, back)
	}
	union := order.PaymentMethod("union_pay")
	require.NoError(t, union.Validate())
	assert.False(t, union.Known())
	max := strings.Repeat("a", 32)
	require.NoError(t, order.PaymentMethod(max).Validate(), "32 characters is the limit")
	for _, bad := range []string{"", "Alipay", "wechat pay", "a-b", "支付宝", max + "a", "alipay\\n"} {
		m := order.Alipay
		err := json.Unmarshal([]byte(`"`+bad+`"`), &m)
		assert.ErrorIs(t, err, shopkit.ErrInvalid, bad)
		assert.Equal(t, order.CodeInvalidPaymentMethod, shopkit.CodeOf(err), bad)
		assert.Equal(t, order.Alipay, m, "a rejected value leaves the method as it was")
		_, err = json.Marshal(order.PaymentMethod(bad))
		assert.Error(t, err, bad)
	}
	for _, notText := range []string{`1`, `true`, `{}`, `["alipay"]`} {
		var m order.PaymentMethod
		assert.Error(t, json.Unmarshal([]byte(notText), &m), notText)
		assert.Empty(t, m)
	}
	var p order.Payment
	err := json.Unmarshal([]byte(`{"method":"Credit Card","gateway_ref":"x"}`), &p)
	assert.Equal(t, order.CodeInvalidPaymentMethod, shopkit.CodeOf(err), "rejected inside a payment too")
}

// R2.5: a payment with instalments round-trips through JSON.
func TestPaymentJSON_R2_5(t *testing.T) {
	p, err := order.Payment{Method: order.CreditCard, Amount: shopkit.CNY(10000), GatewayRef: "CC-1",
		PaidAt: t0}.WithInstalments(3)
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var back order.Payment
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p.Method, back.Method)
	assert.True(t, p.Amount.Equal(back.Amount))
	assert.True(t, p.PaidAt.Equal(back.PaidAt))
	require.Len(t, back.Instalments, 3)
	require.NoError(t, back.Validate())
}

// R2.5: instalments are whole fen that sum exactly to the amount.
func TestPaymentInstalments_R2_5(t *testing.T) {
	p := order.Payment{Method: order.CreditCard, Amount: shopkit.CNY(10000), GatewayRef: "CC-1"}
	split, err := p.WithInstalments(3)
	require.NoError(t, err)
	assert.Equal(t, []shopkit.Money{shopkit.CNY(3334), shopkit.CNY(3333), shopkit.CNY(3333)}, split.Instalments)
	require.NoError(t, split.Validate())
	assert.Nil(t, p.Instalments, "WithInstalments returns a copy")

	off := split
	off.Instalments = []shopkit.Money{shopkit.CNY(3334), shopkit.CNY(3333), shopkit.CNY(3332)}
	assert.Equal(t, order.CodeInvalidPayment, shopkit.CodeOf(off.Validate()))
	_, err = p.WithInstalments(0)
	assert.Equal(t, order.CodeInvalidInstalments, shopkit.CodeOf(err))

	// The last fen: 12 fen in 12 is one fen each; 11 fen in 12 would leave a
	// zero instalment and is rejected; so is a payment of nothing.
	tiny := order.Payment{Method: order.CreditCard, Amount: shopkit.CNY(12), GatewayRef: "CC-2"}
	twelve, err := tiny.WithInstalments(12)
	require.NoError(t, err)
	require.NoError(t, twelve.Validate())
	assert.Equal(t, shopkit.CNY(1), twelve.Instalments[11])
	tiny.Amount = shopkit.CNY(11)
	_, err = tiny.WithInstalments(12)
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, order.CodeInvalidInstalments, shopkit.CodeOf(err))
	tiny.Amount = shopkit.CNY(0)
	_, err = tiny.WithInstalments(1)
	assert.Equal(t, order.CodeInvalidPayment, shopkit.CodeOf(err))

	// A part in another currency is rejected.
	eur := split
	eur.Instalments = []shopkit.Money{shopkit.CNY(5000), shopkit.MustMoney(5000, "EUR")}
	assert.ErrorIs(t, eur.Validate(), shopkit.ErrCurrencyMismatch)

	noRef := p
	noRef.GatewayRef = ""
	assert.Equal(t, order.CodeInvalidPayment, shopkit.CodeOf(noRef.Validate()))
}

// R2.5: an order records the payment with its instalments.
func TestOrderPayWithInstalments_R2_5(t *testing.T) {
	o := newTestOrder(t)
	p, err := payment(t0.Add(time.Minute)).WithInstalments(12)
	require.NoError(t, err)
	require.NoError(t, o.Pay(buyer, p, t0.Add(time.Minute)))
	got, ok := o.Payment()
	require.True(t, ok)
	var sum int64
	for _, part := range got.Instalments {
		sum += part.Amount()
	}
	assert.Equal(t, o.Total().Amount(), sum)
	assert.Len(t, got.Instalments, 12)
}

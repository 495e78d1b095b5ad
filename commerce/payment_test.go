package commerce_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.5: the five methods of the rules, and any well-formed host method.
func TestPaymentMethod_R2_5(t *testing.T) {
	for _, m := range []commerce.PaymentMethod{commerce.CreditCard, commerce.DebitCard, commerce.Alipay, commerce.WeChatPay, commerce.BankTransfer} {
		require.NoError(t, m.Validate())
		assert.True(t, m.Known())
		b, err := json.Marshal(m)
		require.NoError(t, err)
		var back commerce.PaymentMethod
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, m, back)
	}
	union := commerce.PaymentMethod("union_pay")
	require.NoError(t, union.Validate())
	assert.False(t, union.Known())
	for _, bad := range []string{"", "Alipay", "wechat pay", "a-b"} {
		var m commerce.PaymentMethod
		err := json.Unmarshal([]byte(`"`+bad+`"`), &m)
		assert.Equal(t, "commerce.invalid_payment_method", shopkit.CodeOf(err), bad)
	}
}

// R2.5: instalments are whole fen that sum exactly to the amount.
func TestPaymentInstalments_R2_5(t *testing.T) {
	p := commerce.Payment{Method: commerce.CreditCard, Amount: commerce.CNY(10000), GatewayRef: "CC-1"}
	split, err := p.WithInstalments(3)
	require.NoError(t, err)
	assert.Equal(t, []commerce.Money{commerce.CNY(3334), commerce.CNY(3333), commerce.CNY(3333)}, split.Instalments)
	require.NoError(t, split.Validate())
	assert.Nil(t, p.Instalments, "WithInstalments returns a copy")

	off := split
	off.Instalments = []commerce.Money{commerce.CNY(3334), commerce.CNY(3333), commerce.CNY(3332)}
	assert.Equal(t, "commerce.invalid_payment", shopkit.CodeOf(off.Validate()))
	_, err = p.WithInstalments(0)
	assert.Equal(t, "commerce.invalid_instalments", shopkit.CodeOf(err))

	noRef := p
	noRef.GatewayRef = ""
	assert.Equal(t, "commerce.invalid_payment", shopkit.CodeOf(noRef.Validate()))
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

package shopkit_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/shopkit/shopkit"
)

// R0.5: an entry, an effect and a refund print masked in every form; the
// fields keep the data.
func TestSharedRecordsPrintMasked_R0_5(t *testing.T) {
	const phone, note = "13812345678", "请打13812345678联系我"
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	entry := shopkit.Entry{Seq: 3, Kind: shopkit.EntryEffect, At: at, Role: shopkit.Buyer, Actor: phone,
		Action: "notify", Reason: note, Evidence: []string{"chat:" + phone},
		Effect: shopkit.Effect{ID: "x#3", Type: shopkit.EffectRefund, Party: "buyer:" + phone, Amount: shopkit.CNY(12_34)}}
	refund := shopkit.Refund{Key: "r-1", OrderID: uuid.New(), BuyerID: phone, Reason: note, Amount: shopkit.CNY(12_34),
		Lines: []shopkit.RefundLine{{Line: 0, Amount: shopkit.CNY(12_34)}}}
	for _, v := range []any{entry, &entry, entry.Effect, refund, &refund, []shopkit.Entry{entry}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "12345678", "%s of %T: %s", verb, v, out)
			assert.NotContains(t, out, "联系我", "%s of %T: %s", verb, v, out)
		}
	}
	assert.Contains(t, entry.String(), "138****5678")
	assert.Contains(t, entry.String(), "¥12.34")
	assert.Contains(t, refund.String(), "¥12.34")
	assert.Equal(t, phone, refund.BuyerID, "the record keeps the data for storage")
}

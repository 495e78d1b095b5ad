package review_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/review"
)

// R0.5 (issue 14: printed forms masked): every printed form (%v, %+v, %#v, %s)
// of a review, its snapshot and its reply masks the buyer, whom hosts often key
// by phone number, and shows the texts only by their length, for a buyer or
// merchant may write a phone number or a street into them; the snapshot itself
// keeps them, for the store.
func TestPrintedFormsMaskPersonalData_R0_5(t *testing.T) {
	const (
		phone     = "13812345678"
		text      = "送货员电话13987654321"
		replyText = "已联系张三丰，地址文三路100号"
	)
	orderID := uuid.New()
	r, err := review.RestoreReview(review.Snapshot{ID: review.IDFor(orderID), OrderID: orderID, BuyerID: phone,
		MerchantID: uuid.New(), Stars: 2, Text: text, CreatedAt: t0, Policy: review.DefaultPolicy()})
	require.NoError(t, err)
	require.NoError(t, r.Reply(shopkit.Actor{Role: shopkit.Merchant, ID: r.MerchantID().String()}, replyText, t0))
	reply, _ := r.MerchantReply()
	values := map[string]any{"review": r, "snapshot": r.Snapshot(), "reply": reply, "reviews": []*review.Review{r}}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			for _, clear := range []string{phone, "13987654321", "张三丰", "文三路", "电话", "已联系"} {
				assert.NotContains(t, out, clear, "%s printed with %s: %s", name, verb, out)
			}
			if name != "reply" {
				assert.Contains(t, out, shopkit.MaskPhone(phone), "%s printed with %s: %s", name, verb, out)
			}
		}
	}
	s := r.Snapshot()
	assert.Equal(t, []string{phone, text, replyText}, []string{s.BuyerID, s.Text, s.Reply.Text}, "the snapshot keeps the data for the store")
}

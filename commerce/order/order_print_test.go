package order_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// R0.5: every value of the package that holds personal data prints it masked
// in every form (%v, %+v, %#v, %s): the order, its snapshot, the address, the
// input that placed it and the refund-only request of a cancellation. The
// values themselves keep the data (the snapshot is for storage).
func TestPrintedFormsMaskPersonalData_R0_5(t *testing.T) {
	const (
		phoneBuyer = "13912345678"
		whyCancel  = "bought twice, call 13700001111"
		waybill    = "SF1234567890"
	)
	in := placeInput()
	in.BuyerID = phoneBuyer
	me := shopkit.Actor{Role: shopkit.Buyer, ID: phoneBuyer}
	placed := func() *order.Order {
		o, err := order.NewOrder(in, "20261122180000000001", order.DefaultPolicy(), t0)
		require.NoError(t, err)
		pay := payment(t0.Add(10 * time.Minute))
		require.NoError(t, o.Pay(me, pay, pay.PaidAt))
		return o
	}
	shipped := placed()
	require.NoError(t, shipped.Confirm(merchant, t0.Add(time.Hour)))
	require.NoError(t, shipped.Ship(merchant, "SF Express", waybill, t0.Add(2*time.Hour)))
	cancelled := placed()
	require.NoError(t, cancelled.Cancel(me, whyCancel, t0.Add(time.Hour)))
	req, ok := cancelled.RefundRequest()
	require.True(t, ok)

	snap := shipped.Snapshot()
	addr := shipped.Address()
	// The values keep the data: the test would pass vacuously otherwise.
	require.Equal(t, phoneBuyer, snap.BuyerID)
	require.Equal(t, testAddress(), snap.Address)
	require.Equal(t, waybill, snap.TrackingNumber)
	require.Equal(t, whyCancel, req.Reason)

	cancelledSnap := cancelled.Snapshot()
	values := map[string]any{
		"Order": shipped, "cancelled Order": cancelled, "Snapshot": snap, "*Snapshot": &snap,
		"cancelled Snapshot": cancelledSnap, "address": addr, "*Address": &addr,
		"PlaceOrder": in, "*PlaceOrder": &in, "RefundOnlyRequest": req, "*RefundOnlyRequest": &req,
	}
	a := testAddress()
	secrets := []string{phoneBuyer, a.Recipient, a.Phone, a.Detail, a.PostalCode, "文三路", whyCancel, "13700001111", waybill}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				assert.NotContains(t, out, s, "%s printed with %s", name, verb)
			}
		}
	}
	assert.Contains(t, fmt.Sprint(in), shopkit.MaskPhone(phoneBuyer), "the buyer shows masked")
	assert.Contains(t, fmt.Sprint(req), shopkit.MaskPhone(phoneBuyer), "the buyer shows masked")
	assert.Contains(t, fmt.Sprintf("%#v", addr), shopkit.MaskPhone(a.Phone), "%%#v is the masked String")
	assert.True(t, strings.HasPrefix(fmt.Sprintf("%#v", shipped), "order "), "%%#v is the masked String")
	assert.NotPanics(t, func() {
		for _, v := range []any{new(order.Order), order.Snapshot{}, order.Address{}, order.PlaceOrder{}, order.RefundOnlyRequest{}} {
			_ = fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
		}
	})
}

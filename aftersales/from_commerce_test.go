package aftersales_test

import (
	"context"

	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func commerceOrder(t *testing.T, now time.Time) *order.Order {
	t.Helper()
	o, err := order.NewOrder(order.PlaceOrder{BuyerID: "b-1", MerchantID: uuid.New(),
		Lines: []order.Line{
			{SKU: "tea", Category: "tea", UnitPrice: shopkit.CNY(1001), Quantity: 3, Subtotal: shopkit.CNY(3003),
				CouponDiscount: shopkit.CNY(2002), Paid: shopkit.CNY(1001)},
			{SKU: "cup", Category: "ware", UnitPrice: shopkit.CNY(500), Quantity: 1},
		},
		Shipping: shopkit.CNY(800),
		Address:  order.Address{Recipient: "王小明", Phone: "13900001111", Region: "浙江省杭州市", Detail: "文三路"},
	}, "20261102100000000001", order.DefaultPolicy(), now)
	require.NoError(t, err)
	require.NoError(t, o.Pay(shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"},
		order.Payment{Method: order.Alipay, Amount: o.Total(), GatewayRef: "g-1"}, now))
	return o
}

// R2.3.4 with R3.6: a buyer's cancellation after payment opens a refund-only case
// against the unshipped order, for every unit at the paid amounts (R3.7).
func TestCancelAfterPaymentOpensRefundOnlyCase(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	o := commerceOrder(t, now)
	require.NoError(t, o.Cancel(shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}, "bought twice", now.Add(time.Hour)))
	req, ok := o.RefundRequest()
	require.True(t, ok)

	order := aftersales.OrderFromCommerce(o)
	assert.Equal(t, aftersales.OrderPaid, order.State)
	assert.Equal(t, o.ID(), order.ID)
	assert.Equal(t, o.MerchantID(), order.MerchantID)
	assert.Equal(t, shopkit.CNY(1001), order.Lines[0].Paid)
	assert.Equal(t, shopkit.CNY(500), order.Lines[1].Paid)

	app := aftersales.RefundOnlyApplication(req)
	assert.Equal(t, []aftersales.LineQty{{Line: 0, Units: 3}, {Line: 1, Units: 1}}, app.Lines)
	assert.Equal(t, "bought twice", app.Note)
	c, err := aftersales.NewCase(aftersales.DefaultPolicy(), order, app, now.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, aftersales.RefundOnly, c.Kind())
}

// R3.2: the no-reason window runs from the signed-for time the commerce order
// recorded.
func TestOrderFromCommerceCarriesSignedFor(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	o := commerceOrder(t, now)
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: o.MerchantID().String()}
	require.NoError(t, o.Confirm(merchant, now))
	require.NoError(t, o.Ship(merchant, "SF", "SF1", now.Add(time.Hour)))
	signed := now.Add(30 * time.Hour)
	require.NoError(t, o.Deliver(shopkit.SystemActor(), signed, signed))
	order := aftersales.OrderFromCommerce(o)
	assert.Equal(t, aftersales.OrderDelivered, order.State)
	assert.Equal(t, signed, order.SignedAt)
	assert.Equal(t, now.Add(time.Hour), order.ShippedAt)
	assert.Equal(t, shopkit.CNY(800), order.Shipping)
}

// R2.3.4: a cancellation after the 48 h shipping deadline is approved by the
// system at once; one before it waits for the merchant (R3.6).
func TestOpenCancellationAutoApprovesAfterShippingDeadline(t *testing.T) {
	for _, late := range []bool{false, true} {
		now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		o := commerceOrder(t, now)
		require.NoError(t, o.Confirm(shopkit.Actor{Role: shopkit.Merchant, ID: o.MerchantID().String()}, now))
		at := now.Add(48 * time.Hour)
		if late {
			at = at.Add(time.Nanosecond)
			require.NoError(t, o.ApplyDue(at)) // the sweep flags the order overdue
		}
		require.NoError(t, o.Cancel(shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}, "too slow", at))
		clock := aftersalestest.NewClock(at)
		svc := newService(t, aftersales.ServiceConfig{Cases: aftersalestest.NewStore(), Ledgers: aftersalestest.NewLedgerStore(),
			Policy: aftersales.DefaultPolicy(), Clock: clock.Now})
		c, err := svc.OpenCancellation(context.Background(), o)
		require.NoError(t, err)
		if late {
			assert.Equal(t, aftersales.Refunding, c.State(), "approved by the system")
			assert.Equal(t, shopkit.CNY(1001+500+800), c.Refund().Amount, "all lines and shipping")
		} else {
			assert.Equal(t, aftersales.Requested, c.State(), "the merchant answers")
		}
	}
}

func TestOpenCancellationNeedsACancelledOrder(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	svc := newService(t, aftersales.ServiceConfig{Cases: aftersalestest.NewStore(), Ledgers: aftersalestest.NewLedgerStore(),
		Policy: aftersales.DefaultPolicy(), Clock: aftersalestest.NewClock(now).Now})
	_, err := svc.OpenCancellation(context.Background(), commerceOrder(t, now))
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, aftersales.CodeNoCancellation, shopkit.CodeOf(err))
}

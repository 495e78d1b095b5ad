package commission_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commission"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R4.5: a commerce order's settlement record carries the lines' paid amounts,
// shipping net of its discount, and the return window counted from delivery.
func TestRecordFromOrder(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	merchant, listing := uuid.New(), uuid.New()
	o, err := order.NewOrder(order.PlaceOrder{BuyerID: "b-1", MerchantID: merchant,
		Lines: []order.Line{{SKU: "tea", ListingID: listing, Category: "tea", UnitPrice: shopkit.CNY(1001),
			Quantity: 3, Subtotal: shopkit.CNY(3003), CouponDiscount: shopkit.CNY(2002), Paid: shopkit.CNY(1001)}},
		Shipping: shopkit.CNY(800), ShippingDiscount: shopkit.CNY(300),
		Address: order.Address{Recipient: "王小明", Phone: "13900001111", Region: "浙江省杭州市", Detail: "文三路"},
	}, "20261102100000000001", order.DefaultPolicy(), now)
	require.NoError(t, err)
	buyer, seller := shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}, shopkit.Actor{Role: shopkit.Merchant, ID: merchant.String()}
	require.NoError(t, o.Pay(buyer, order.Payment{Method: order.Alipay, Amount: o.Total(), GatewayRef: "g"}, now))
	require.NoError(t, o.Confirm(seller, now))
	require.NoError(t, o.Ship(seller, "SF", "SF1", now))
	delivered := now.Add(24 * time.Hour)
	require.NoError(t, o.Deliver(shopkit.SystemActor(), delivered, delivered))
	require.NoError(t, o.Complete(buyer, delivered.Add(time.Hour)))

	rec := commission.RecordFromOrder(o, 168*time.Hour)
	assert.Equal(t, o.ID(), rec.OrderID)
	assert.Equal(t, merchant, rec.MerchantID)
	assert.Equal(t, now, rec.PaidAt)
	assert.Equal(t, delivered.Add(time.Hour), rec.CompletedAt)
	assert.Equal(t, delivered.Add(168*time.Hour), rec.ReturnWindowEnds)
	assert.Equal(t, shopkit.CNY(500), rec.Shipping)
	assert.Equal(t, []commission.LineRecord{{ListingID: listing, Category: "tea", Paid: shopkit.CNY(1001), Quantity: 3}}, rec.Lines)
}

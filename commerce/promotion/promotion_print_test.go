package promotion_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// R0.5: every printed form (%v, %+v, %#v, %s) of a coupon, a quota and a
// campaign, and of their snapshots, masks the customer — hosts often key a
// customer by phone number — while the snapshots keep it in full for the store.
func TestPrintedFormsMaskTheCustomer_R0_5(t *testing.T) {
	const phone = "13812345678"
	customer := cpBuyer(phone)
	tpl := cpTemplate(t, nil)
	c, err := promotion.IssueCoupon(customer, tpl, phone, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.Use(customer, "order-1", shopkit.CNY(2000), cpStart.Add(time.Hour)))
	q := promotion.NewCouponQuota(tpl.ID(), phone)
	require.NoError(t, q.Use(customer, tpl, c.ID().String(), cpStart))
	camp, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, camp.RecordSpend(customer, "spend-1", "order-1", shopkit.CNY(2000), cpStart))

	assert.Equal(t, phone, c.Snapshot().CustomerID, "the snapshot keeps the customer for the store")
	assert.Equal(t, phone, q.Snapshot().CustomerID)
	for name, v := range map[string]any{
		"coupon": c, "coupon snapshot": c.Snapshot(), "quota": q, "quota snapshot": q.Snapshot(),
		"campaign": camp, "campaign snapshot": camp.Snapshot(),
		"coupon use": promotion.CouponUse{Coupon: c, Template: tpl},
	} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, phone, "%s printed with %s: %s", name, verb, out)
			assert.NotContains(t, out, "12345678", "%s printed with %s", name, verb)
		}
	}
	assert.Contains(t, fmt.Sprint(c), c.ID().String(), "the printed form still says which coupon")
}

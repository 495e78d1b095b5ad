package promotion_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/stretchr/testify/require"
)

// cpStart is the fixed start of coupon tests.
var cpStart = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

var cpShop = uuid.MustParse("00000000-0000-0000-0000-00000000a001")

// cpClerk is the shop's merchant, who creates campaigns and issues coupons in
// tests: it acts as the shop, so its ID is the shop's (R0.4).
var cpClerk = shopkit.Actor{Role: shopkit.Merchant, ID: cpShop.String()}

// cpSpec is a valid shop coupon spec valid for 30 days from cpStart: 满100减20.
func cpSpec() promotion.CouponTemplateSpec {
	return promotion.CouponTemplateSpec{
		Name: "100 off 20", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: cpShop,
		Amount: shopkit.CNY(2000), MinSpend: shopkit.CNY(10000),
		ValidFrom: cpStart, ValidTo: cpStart.Add(30 * 24 * time.Hour),
	}
}

func cpTemplate(t testing.TB, edit func(*promotion.CouponTemplateSpec)) *promotion.CouponTemplate {
	t.Helper()
	s := cpSpec()
	if edit != nil {
		edit(&s)
	}
	tpl, err := promotion.NewCouponTemplate(shopkit.SystemActor(), s, cpStart)
	require.NoError(t, err)
	return tpl
}

// cpUse issues a coupon of tpl to a customer and returns it ready for Price.
func cpUse(t testing.TB, tpl *promotion.CouponTemplate) promotion.CouponUse {
	t.Helper()
	c, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "cust-1", cpStart)
	require.NoError(t, err)
	return promotion.CouponUse{Coupon: c, Template: tpl}
}

func cpLine(sku, category string, unit, qty int64) promotion.PriceLine {
	return promotion.PriceLine{SKU: sku, ListingID: uuid.NewSHA1(cpShop, []byte(sku)), Category: category,
		UnitPrice: shopkit.CNY(unit), Quantity: qty}
}

package promotion_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
)

// A shop issues a 满100减20 coupon to a customer (one per customer), the customer
// uses it on an order, and a second use is refused (R2.4). Every step is in the
// quota's audit trail (R0.4).
func ExampleCouponService() {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 9, 0, 0, 0, time.UTC)
	cfg := promotiontest.NewCouponServiceConfig(func() time.Time { return now })
	coupons, err := promotion.NewCouponService(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	shop := uuid.MustParse("00000000-0000-0000-0000-00000000a001")
	clerk := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()} // a merchant acts as its shop (R0.4)
	alice := shopkit.Actor{Role: shopkit.Buyer, ID: "alice"}

	_, err = coupons.CreateTemplate(ctx, shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}, promotion.CouponTemplateSpec{
		Name: "fake", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: shop,
		Amount: shopkit.CNY(9900), ValidFrom: now, ValidTo: now.Add(time.Hour),
	})
	fmt.Println("another shop's template:", shopkit.CodeOf(err))
	tpl, _ := coupons.CreateTemplate(ctx, clerk, promotion.CouponTemplateSpec{
		Name: "100 off 20", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop,
		ShopID: shop,
		Amount: shopkit.CNY(2000), MinSpend: shopkit.CNY(10000),
		ValidFrom: now, ValidTo: now.Add(7 * 24 * time.Hour),
	})
	c, _ := coupons.Issue(ctx, clerk, tpl.ID(), "alice")
	_, err = coupons.Issue(ctx, clerk, tpl.ID(), "alice")
	fmt.Println("second issue:", shopkit.CodeOf(err))

	now = now.Add(time.Hour)
	redeem := []promotion.AppliedCoupon{{CouponID: c.ID(), TemplateID: tpl.ID(), Discount: shopkit.CNY(2000)}}
	fmt.Println("redeem:", coupons.Redeem(ctx, alice, "order-1", redeem))
	fmt.Println("again:", shopkit.CodeOf(coupons.Redeem(ctx, alice, "order-2", redeem)))
	mallory := shopkit.Actor{Role: shopkit.Buyer, ID: "mallory"}
	fmt.Println("mallory releases it:", shopkit.CodeOf(coupons.Release(ctx, mallory, c.ID(), "mine now")))

	trail, _ := shopkit.ReadTrail(ctx, cfg.Quotas, promotion.QuotaID(tpl.ID(), "alice"), 10)
	for _, e := range trail {
		fmt.Println(e.Action, e.Role, e.Actor, e.From, "→", e.To)
	}
	// Output:
	// another shop's template: shopkit.not_party
	// second issue: promotion.coupon_issue_limit
	// redeem: <nil>
	// again: promotion.coupon_used
	// mallory releases it: shopkit.not_party
	// issue merchant 00000000-0000-0000-0000-00000000a001 issued 0 → issued 1
	// use buyer alice used 0 → used 1
}

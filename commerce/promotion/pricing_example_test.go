package promotion_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// A 满100减20 shop coupon and a platform coupon (15 yuan off from 100 yuan) are
// apportioned over three lines in proportion to what each line still costs
// (R2.4, R0.1): each line's paid amount is in whole fen and they sum to the total.
func ExamplePrice() {
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	shop := uuid.MustParse("00000000-0000-0000-0000-00000000a001")
	window := func(s promotion.CouponTemplateSpec) promotion.CouponTemplateSpec {
		s.ValidFrom, s.ValidTo = start, start.Add(7*24*time.Hour)
		return s
	}
	shopTpl, _ := promotion.NewCouponTemplate(shopkit.SystemActor(), window(promotion.CouponTemplateSpec{
		Name: "100 off 20", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: shop,
		Amount: shopkit.CNY(2000), MinSpend: shopkit.CNY(10000),
	}), start)
	platTpl, _ := promotion.NewCouponTemplate(shopkit.SystemActor(), window(promotion.CouponTemplateSpec{
		Name: "platform 15 off", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerPlatform,
		Amount: shopkit.CNY(1500), MinSpend: shopkit.CNY(10000),
	}), start)
	shopCoupon, _ := promotion.IssueCoupon(shopkit.SystemActor(), shopTpl, "customer-42", start)
	platCoupon, _ := promotion.IssueCoupon(shopkit.SystemActor(), platTpl, "customer-42", start)

	priced, err := promotion.Price(promotion.PriceInput{
		ShopID: shop,
		Lines: []promotion.PriceLine{
			{SKU: "tea-250g", Category: "tea", UnitPrice: shopkit.CNY(5900), Quantity: 1},
			{SKU: "cup", Category: "ware", UnitPrice: shopkit.CNY(3000), Quantity: 2},
			{SKU: "honey", Category: "food", UnitPrice: shopkit.CNY(2550), Quantity: 1},
		},
		Shipping: shopkit.CNY(800),
		Coupons: []promotion.CouponUse{
			{Coupon: platCoupon, Template: platTpl},
			{Coupon: shopCoupon, Template: shopTpl},
		},
		Now: start.Add(time.Hour),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range priced.Lines {
		fmt.Printf("%-8s subtotal %s coupons -%s paid %s\n", l.SKU, l.Subtotal, l.CouponDiscount, l.Paid)
	}
	for _, a := range priced.Applied {
		fmt.Printf("%s coupon: -%s\n", a.Issuer, a.Discount)
	}
	fmt.Println("shipping", priced.Shipping, "total", priced.Total)
	// Output:
	// tea-250g subtotal ¥59.00 coupons -¥14.29 paid ¥44.71
	// cup      subtotal ¥60.00 coupons -¥14.53 paid ¥45.47
	// honey    subtotal ¥25.50 coupons -¥6.18 paid ¥19.32
	// platform coupon: -¥15.00
	// shop coupon: -¥20.00
	// shipping ¥8.00 total ¥117.50
}

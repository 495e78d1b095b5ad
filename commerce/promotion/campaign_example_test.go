package promotion_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// A campaign with a 50-yuan budget reserves each coupon's 20-yuan maximum
// discount as it is issued: two coupons fit, the third would exceed the budget
// and is refused, changing nothing (R2.4).
func ExampleCampaign_Reserve() {
	start := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	shop := uuid.MustParse("00000000-0000-0000-0000-00000000a001")
	clerk := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()} // a merchant acts as its shop (R0.4)
	c, _ := promotion.NewCampaign(clerk, promotion.CampaignSpec{
		ShopID: shop, Name: "double 11",
		From: start, To: start.Add(24 * time.Hour), Budget: shopkit.CNY(5000),
	}, start)
	for i := 1; i <= 3; i++ {
		err := c.Reserve(clerk, fmt.Sprintf("coupon-%d", i), shopkit.CNY(2000), start.Add(time.Hour))
		result := "ok"
		if err != nil {
			result = shopkit.CodeOf(err)
		}
		fmt.Printf("coupon %d: %s, reserved %s of %s\n", i, result, c.Reserved(), c.Budget())
	}
	// Output:
	// coupon 1: ok, reserved ¥20.00 of ¥50.00
	// coupon 2: ok, reserved ¥40.00 of ¥50.00
	// coupon 3: promotion.campaign_budget, reserved ¥40.00 of ¥50.00
}

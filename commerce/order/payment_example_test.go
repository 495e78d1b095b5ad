package order_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// A buyer pays a ¥1,000.01 order by credit card in 3 instalments (R2.5): whole
// fen that sum exactly to the total, the earlier instalments carrying the extra
// fen (R0.1). The library records what the gateway reported; it never calls it.
func ExamplePayment_WithInstalments() {
	placed := time.Date(2026, 11, 11, 20, 0, 0, 0, time.UTC)
	o, err := order.NewOrder(order.PlaceOrder{
		BuyerID: "buyer-1", MerchantID: uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88"),
		Lines:   []order.Line{{SKU: "KETTLE-1", Name: "Iron kettle", UnitPrice: shopkit.CNY(100001), Quantity: 1}},
		Address: order.Address{Recipient: "张三", Phone: "13812345678", Detail: "文三路100号"},
	}, "20261112040000000001", order.DefaultPolicy(), placed)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := order.Payment{Method: order.CreditCard, Amount: o.Total(), GatewayRef: "CC-8812"}.WithInstalments(3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Instalments)

	paidAt := placed.Add(5 * time.Minute)
	if err := o.Pay(shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-1"}, p, paidAt); err != nil {
		fmt.Println(err)
		return
	}
	got, _ := o.Payment()
	sum, _ := shopkit.Sum(got.Instalments...)
	fmt.Println(o.State(), got.Method, got.GatewayRef, sum, "=", o.Total())

	_, err = order.Payment{Method: order.CreditCard, Amount: shopkit.CNY(11), GatewayRef: "CC-1"}.WithInstalments(12)
	fmt.Println(shopkit.CodeOf(err))
	// Output:
	// [¥333.34 ¥333.34 ¥333.33]
	// paid credit_card CC-8812 ¥1000.01 = ¥1000.01
	// order.invalid_instalments
}

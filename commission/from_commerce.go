package commission

import (
	"time"

	"github.com/shopkit/shopkit/commerce/order"
)

// RecordFromOrder reads the settlement record of a commerce order: each line's
// paid amount after member price and apportioned coupons (the amount commission
// is charged on, R4.1, R4.4), the shipping the buyer paid net of its discount,
// the payment and completion times (R4.3, R4.5), and the end of the return
// window, returnWindow after delivery (R3.2's 168 h by default). Refunds,
// advances and open after-sales cases are added by the caller from its
// after-sales records. A nil order reads as the zero record.
func RecordFromOrder(o *order.Order, returnWindow time.Duration) OrderRecord {
	if o == nil {
		return OrderRecord{}
	}
	rec := OrderRecord{
		OrderID:     o.ID(),
		MerchantID:  o.MerchantID(),
		PaidAt:      o.PaidAt(),
		CompletedAt: o.CompletedAt(),
	}
	if d := o.DeliveredAt(); !d.IsZero() {
		rec.ReturnWindowEnds = d.Add(returnWindow)
	}
	if s, err := o.Shipping().Sub(o.ShippingDiscount()); err == nil {
		rec.Shipping = s
	}
	for _, l := range o.Lines() {
		rec.Lines = append(rec.Lines, LineRecord{ListingID: l.ListingID, Category: l.Category, Paid: l.Paid, Quantity: l.Quantity})
	}
	return rec
}

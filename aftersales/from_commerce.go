package aftersales

import (
	"github.com/shopkit/shopkit/commerce"
)

// OrderFromCommerce returns the order snapshot a case is opened against, read
// from a commerce order: its lines with their paid amounts after apportioned
// discounts (R3.7), shipping, state and the signed-for time (R3.2).
//
// An order whose buyer cancelled after payment (refund_requested) has not
// shipped: it reads as paid, or confirmed when the merchant had confirmed it, so
// a refund-only case can be opened against it (R2.3.4). A refunded order reads
// as closed.
func OrderFromCommerce(o *commerce.Order) Order {
	out := Order{
		ID:               o.ID(),
		Number:           o.Number(),
		BuyerID:          o.BuyerID(),
		MerchantID:       o.MerchantID().String(),
		Lines:            o.Lines(),
		Shipping:         o.Shipping(),
		ShippingDiscount: o.ShippingDiscount(),
		ShippedAt:        o.ShippedAt(),
		SignedAt:         o.DeliveredAt(),
	}
	switch s := o.State(); s {
	case commerce.OrderRefundRequested:
		out.State = OrderPaid
		if !o.ConfirmedAt().IsZero() {
			out.State = OrderConfirmed
		}
	case commerce.OrderRefunded:
		out.State = OrderClosed
	default:
		out.State = OrderState(s)
	}
	return out
}

// RefundOnlyApplication returns the refund-only application for a buyer's
// cancellation after payment (R2.3.4): every unit of every line, with the
// reason the buyer gave kept as the note.
func RefundOnlyApplication(r commerce.RefundOnlyRequest) Application {
	app := Application{Kind: RefundOnly, Reason: Other, Note: r.Reason, BuyerID: r.BuyerID}
	for i, l := range r.Lines {
		app.Lines = append(app.Lines, LineQty{Line: i, Units: l.Quantity})
	}
	return app
}

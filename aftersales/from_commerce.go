package aftersales

import (
	"context"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// OrderFromCommerce returns the order snapshot a case is opened against, read
// from a commerce order: its lines with their paid amounts after apportioned
// discounts (R3.7), shipping, state and the signed-for time (R3.2).
//
// An order whose buyer cancelled after payment (refund_requested) has not
// shipped: it reads as paid, or confirmed when the merchant had confirmed it, so
// a refund-only case can be opened against it (R2.3.4). A refunded order reads
// as closed. A nil order reads as the zero Order, which no case accepts.
func OrderFromCommerce(o *order.Order) Order {
	if o == nil {
		return Order{}
	}
	out := Order{
		ID:               o.ID(),
		Number:           o.Number(),
		BuyerID:          o.BuyerID(),
		MerchantID:       o.MerchantID(),
		Lines:            o.Lines(),
		Shipping:         o.Shipping(),
		ShippingDiscount: o.ShippingDiscount(),
		ShippedAt:        o.ShippedAt(),
		SignedAt:         o.DeliveredAt(),
	}
	switch s := o.State(); s {
	case order.OrderRefundRequested:
		out.State = OrderPaid
		if !o.ConfirmedAt().IsZero() {
			out.State = OrderConfirmed
		}
	case order.OrderRefunded:
		out.State = OrderClosed
	default:
		out.State = OrderState(s)
	}
	return out
}

// RefundOnlyApplication returns the refund-only application for a buyer's
// cancellation after payment (R2.3.4): every unit of every line, with the
// reason the buyer gave kept as the note.
func RefundOnlyApplication(r order.RefundOnlyRequest) Application {
	app := Application{Kind: RefundOnly, Reason: Other, Note: r.Reason, BuyerID: r.BuyerID}
	for i, l := range r.Lines {
		app.Lines = append(app.Lines, LineQty{Line: i, Units: l.Quantity})
	}
	return app
}

// OpenCancellation opens the refund-only case for a buyer's cancellation of a
// paid commerce order (R2.3.4). When the order says the cancellation is
// approved automatically — the merchant missed the 48 h shipping deadline — the
// system approves the case at once, so the refund is issued without waiting for
// the merchant (R2.3.4, R3.6).
func (s *Service) OpenCancellation(ctx context.Context, o *order.Order) (*Case, error) {
	if o == nil {
		return nil, shopkit.Invalid(CodeInvalidOrder, "order", "is required")
	}
	req, ok := o.RefundRequest()
	if !ok {
		return nil, notAllowed(CodeNoCancellation, "order "+o.Number()+" has no cancellation to refund")
	}
	c, err := s.Open(ctx, OrderFromCommerce(o), RefundOnlyApplication(req))
	if err != nil || !req.AutoApprove || c.State() != Requested {
		return c, err
	}
	return s.Act(ctx, c.ID(), func(c *Case, now time.Time) error {
		return c.Approve(shopkit.SystemActor(), now, "shipment overdue: cancellation approved automatically (R2.3.4)")
	})
}

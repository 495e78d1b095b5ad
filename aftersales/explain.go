package aftersales

import "github.com/shopkit/shopkit"

// The message keys of RefundBreakdown's parts. The messages package holds a
// zh-CN and an en template for each.
const (
	// TextRefundUnits: {0} SKU, {1} units refunded, {2} what they pay back (R3.7).
	TextRefundUnits = "aftersales.refund.units"
	// TextRefundMoneyOnly: {0} SKU, {1} a money-only refund of the line (R3.7).
	TextRefundMoneyOnly = "aftersales.refund.money_only"
	// TextRefundShipping: {0} the shipping fee refunded with this refund (R3.7).
	TextRefundShipping = "aftersales.refund.shipping"
	// TextRefundTotal: {0} the refund's whole amount, lines and shipping.
	TextRefundTotal = "aftersales.refund.total"
	// TextRefundAdvance: the platform pays the refund first (R3.9).
	TextRefundAdvance = "aftersales.refund.advance"
	// TextRefundDue: {0} the instant the money is due back by (R3.6, R3.8).
	TextRefundDue = "aftersales.refund.due"
	// TextRefundConfirmed: {0} the instant the gateway paid the money back.
	TextRefundConfirmed = "aftersales.refund.confirmed"
)

// TextKeys lists the message keys of the package's explanations.
func TextKeys() []string {
	return []string{TextRefundUnits, TextRefundMoneyOnly, TextRefundShipping, TextRefundTotal,
		TextRefundAdvance, TextRefundDue, TextRefundConfirmed}
}

// RefundBreakdown explains a refund record's amount to the buyer, one part a
// line, in the record's order: what each line pays back for its units or as a
// money-only refund, the shipping fee when this refund returns it (R3.7), the
// total, whether the platform pays first (R3.9), and when the money is due back
// or came back. Each part is a message key and its arguments, rendered by the
// messages package in zh-CN or en. The zero record has no parts.
func RefundBreakdown(r shopkit.Refund) []shopkit.Text {
	if r.Key == "" && len(r.Lines) == 0 {
		return nil
	}
	out := make([]shopkit.Text, 0, len(r.Lines)+5)
	for _, ln := range r.Lines {
		if ln.Units > 0 {
			out = append(out, shopkit.Text{Key: TextRefundUnits, Args: []any{ln.SKU, ln.Units, ln.Amount}})
		} else {
			out = append(out, shopkit.Text{Key: TextRefundMoneyOnly, Args: []any{ln.SKU, ln.Amount}})
		}
	}
	if r.Shipping.IsPositive() {
		out = append(out, shopkit.Text{Key: TextRefundShipping, Args: []any{r.Shipping}})
	}
	out = append(out, shopkit.Text{Key: TextRefundTotal, Args: []any{r.Amount}})
	if r.Advance {
		out = append(out, shopkit.Text{Key: TextRefundAdvance})
	}
	switch {
	case r.Confirmed && !r.ConfirmedAt.IsZero():
		out = append(out, shopkit.Text{Key: TextRefundConfirmed, Args: []any{r.ConfirmedAt}})
	case !r.Confirmed && !r.DueBy.IsZero():
		out = append(out, shopkit.Text{Key: TextRefundDue, Args: []any{r.DueBy}})
	}
	return out
}

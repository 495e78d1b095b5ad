package commission

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
)

// refundsIn returns what an order's refunds booked in [from, end) refund and the
// commission they reverse (R4.4), comm being the order's commission per line.
// Every refund of the order is checked first, whenever it was booked, so a bad
// record fails the run before the order is marked.
//
// A line's reversal is a difference of cumulative floors: the commission reversed
// by everything refunded on the line before end, less that reversed by
// everything refunded before from (Reversed), so a line's reversals over all
// statements add up to exactly its commission once it is fully refunded.
func refundsIn(o *OrderRecord, cur shopkit.Currency, comm []shopkit.Money, from, end time.Time) (refunds, reversed int64, err error) {
	unique, err := uniqueRefunds(o, cur)
	if err != nil || len(unique) == 0 {
		return 0, 0, err
	}
	before, shipBefore, err := refundedBefore(unique, len(o.Lines), from)
	if err != nil {
		return 0, 0, err
	}
	through, shipThrough, err := refundedBefore(unique, len(o.Lines), end)
	if err != nil {
		return 0, 0, err
	}
	if shipThrough > o.Shipping.Amount() {
		return 0, 0, invalid(CodeRefundExceedsPaid, "refunds.shipping",
			fmt.Sprintf("order %s: shipping refunds exceed shipping", o.OrderID))
	}
	for i, l := range o.Lines {
		c := comm[i].Amount()
		hi, err := reversedAmount(c, through[i], l.Paid.Amount())
		if err != nil {
			return 0, 0, err
		}
		lo, err := reversedAmount(c, before[i], l.Paid.Amount())
		if err != nil {
			return 0, 0, err
		}
		if reversed, err = add(reversed, hi-lo, "the commission reversed"); err != nil {
			return 0, 0, err
		}
		if refunds, err = add(refunds, through[i]-before[i], "the order's refunds"); err != nil {
			return 0, 0, err
		}
	}
	if refunds, err = add(refunds, shipThrough-shipBefore, "the order's refunds"); err != nil {
		return 0, 0, err
	}
	return refunds, reversed, nil
}

// uniqueRefunds checks every refund of the order and returns them with repeats
// of one key left out: the ledger's idempotency key refunds once (R3.7). Two
// refunds of one key that differ in anything but their confirmation (an amount,
// a line, a unit count, the booking time, the case) are a conflict
// (CodeRefundConflict): one of them is not the refund the ledger issued, and
// counting either would be a guess.
func uniqueRefunds(o *OrderRecord, cur shopkit.Currency) ([]*shopkit.Refund, error) {
	var unique []*shopkit.Refund
	for i := range o.Refunds {
		f := &o.Refunds[i]
		if err := checkRefund(o, i, f, cur); err != nil {
			return nil, err
		}
		if first := refundWithKey(unique, f.Key); first != nil {
			if field := refundDiff(first, f); field != "" {
				return nil, shopkit.NewError(shopkit.ErrConflict, CodeRefundConflict, fmt.Sprintf(
					"order %s has two refunds with key %q that differ in %s", o.OrderID, f.Key, field))
			}
			continue
		}
		unique = append(unique, f)
	}
	return unique, nil
}

// refundWithKey returns the refund with the key, or nil; an empty key matches
// nothing, so refunds without a key all count.
func refundWithKey(refunds []*shopkit.Refund, key string) *shopkit.Refund {
	if key == "" {
		return nil
	}
	for _, f := range refunds {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// refundDiff names the first field in which two records of one refund differ,
// or returns "" when they are the same refund. Confirmed and ConfirmedAt are
// left out: a record read before and after the gateway confirmed it is still
// one refund.
func refundDiff(a, b *shopkit.Refund) string {
	switch {
	case a.Amount != b.Amount:
		return fmt.Sprintf("amount (%s, %s)", a.Amount, b.Amount)
	case a.Shipping != b.Shipping:
		return fmt.Sprintf("shipping (%s, %s)", a.Shipping, b.Shipping)
	case !slices.Equal(a.Lines, b.Lines):
		return "lines"
	case !a.At.Equal(b.At):
		return "at"
	case a.CaseID != b.CaseID:
		return "case_id"
	case a.Advance != b.Advance:
		return "advance"
	case a.OrderNumber != b.OrderNumber || a.BuyerID != b.BuyerID || a.MerchantID != b.MerchantID:
		return "order_number, buyer_id or merchant_id"
	case !a.DueBy.Equal(b.DueBy):
		return "due_by"
	case a.Reason != b.Reason:
		return "reason"
	}
	return ""
}

// checkRefund checks that refund i belongs to the order, names its lines and
// is in its currency, that no amount is negative (CodeNegativeAmount), and that
// its amount is its lines plus shipping.
func checkRefund(o *OrderRecord, i int, f *shopkit.Refund, cur shopkit.Currency) error {
	field := func(name string) string { return fmt.Sprintf("refunds[%d].%s", i, name) }
	detail := func(problem string) string { return fmt.Sprintf("order %s: refund %q %s", o.OrderID, f.Key, problem) }
	bad := func(name, problem string) error { return invalid(CodeInvalidRefund, field(name), detail(problem)) }
	switch {
	case f.OrderID != o.OrderID:
		return bad("order_id", "is of order "+f.OrderID.String())
	case f.MerchantID != uuid.Nil && f.MerchantID != o.MerchantID:
		return bad("merchant_id", "is of merchant "+f.MerchantID.String())
	case f.Amount.Currency() != cur || (!f.Shipping.IsZero() && f.Shipping.Currency() != cur):
		return mismatch(fmt.Sprintf("order %s has a refund in %s and lines in %s", o.OrderID, f.Amount.Currency(), cur))
	case f.Amount.IsNegative():
		return negative(field("amount"), detail("is "+f.Amount.String()))
	case f.Shipping.IsNegative():
		return negative(field("shipping"), detail("refunds shipping of "+f.Shipping.String()))
	}
	sum := f.Shipping.Amount()
	for j, l := range f.Lines {
		lf := fmt.Sprintf("lines[%d].", j)
		if l.Line < 0 || l.Line >= len(o.Lines) {
			return bad(lf+"line", fmt.Sprintf("names line %d of %d", l.Line, len(o.Lines)))
		}
		if l.Amount.Currency() != cur {
			return mismatch(fmt.Sprintf("order %s has a refund line in %s and lines in %s", o.OrderID, l.Amount.Currency(), cur))
		}
		if l.Amount.IsNegative() {
			return negative(field(lf+"amount"), detail("refunds "+l.Amount.String()+" on a line"))
		}
		var err error
		if sum, err = add(sum, l.Amount.Amount(), "a refund"); err != nil {
			return err
		}
	}
	if sum != f.Amount.Amount() {
		return bad("amount", fmt.Sprintf("is %s, not its lines and shipping %s", f.Amount, shopkit.Zero(cur).WithAmount(sum)))
	}
	return nil
}

// refundedBefore sums what the refunds booked before t refund, per order line
// and on shipping.
func refundedBefore(refunds []*shopkit.Refund, lines int, t time.Time) ([]int64, int64, error) {
	perLine := make([]int64, lines)
	var shipping int64
	var err error
	for _, f := range refunds {
		if !f.At.Before(t) {
			continue
		}
		for _, l := range f.Lines {
			if perLine[l.Line], err = add(perLine[l.Line], l.Amount.Amount(), "a line's refunds"); err != nil {
				return nil, 0, err
			}
		}
		if shipping, err = add(shipping, f.Shipping.Amount(), "shipping refunds"); err != nil {
			return nil, 0, err
		}
	}
	return perLine, shipping, nil
}

// advancesIn returns the advances booked in [from, end), each key once; every
// advance is checked, whenever it was booked: a negative one would add to the
// merchant's payout (CodeNegativeAmount), and two of one key that differ in
// amount, time or reason are a conflict (CodeRefundConflict).
func advancesIn(o *OrderRecord, cur shopkit.Currency, from, end time.Time) (int64, error) {
	var sum int64
	for i, v := range o.Advances {
		if v.Amount.Currency() != cur {
			return 0, mismatch(fmt.Sprintf("order %s has an advance in %s and lines in %s", o.OrderID, v.Amount.Currency(), cur))
		}
		if v.Amount.IsNegative() {
			return 0, negative(fmt.Sprintf("advances[%d].amount", i),
				fmt.Sprintf("order %s: advance %q is %s", o.OrderID, v.Key, v.Amount))
		}
		if first := advanceWithKey(o.Advances[:i], v.Key); first != nil {
			if first.Amount != v.Amount || !first.At.Equal(v.At) || first.Reason != v.Reason {
				return 0, shopkit.NewError(shopkit.ErrConflict, CodeRefundConflict, fmt.Sprintf(
					"order %s has two advances with key %q that differ (%s at %s, %s at %s)", o.OrderID, v.Key,
					first.Amount, first.At.Format(time.RFC3339), v.Amount, v.At.Format(time.RFC3339)))
			}
			continue
		}
		if v.At.Before(from) || !v.At.Before(end) {
			continue
		}
		var err error
		if sum, err = add(sum, v.Amount.Amount(), "advances"); err != nil {
			return 0, err
		}
	}
	return sum, nil
}

// advanceWithKey returns the first advance with the key, or nil; an empty key
// matches nothing.
func advanceWithKey(advances []AdvanceRecord, key string) *AdvanceRecord {
	if key == "" {
		return nil
	}
	for i := range advances {
		if advances[i].Key == key {
			return &advances[i]
		}
	}
	return nil
}

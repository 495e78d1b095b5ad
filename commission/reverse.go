package commission

import (
	"math/bits"

	"github.com/shopkit/shopkit"
)

// Reversed returns how much of a line's commission is reversed once refunded of its
// paid amount has been refunded in total (R4.4): ⌊commission × refunded / paid⌋,
// computed with a 128-bit intermediate. Like the refunds of R3.7 these are
// cumulative floors: the reversal of one more refund is Reversed(after) −
// Reversed(before), so whatever the order and size of the refunds the reversals
// never exceed the commission, and a full refund (refunded = paid) reverses exactly
// all of it, leaving a net commission of zero.
//
// The line's commission includes its share of the order's fixed fee and of any
// per-order minimum or maximum adjustment (see Rules.Charge), so a partial refund
// reverses that share in the same proportion: refunding half of an order charged
// its minimum reverses half of the minimum; the bound is not applied again to what
// remains.
//
// Refunded above paid, negative amounts or mixed currencies are errors.
func Reversed(commission, refunded, paid shopkit.Money) (shopkit.Money, error) {
	if commission.Currency() != paid.Currency() || refunded.Currency() != paid.Currency() {
		return shopkit.Money{}, mismatch("commission, refunded and paid must share a currency")
	}
	r, err := reversedAmount(commission.Amount(), refunded.Amount(), paid.Amount())
	if err != nil {
		return shopkit.Money{}, err
	}
	return shopkit.Zero(paid.Currency()).WithAmount(r), nil
}

// reversedAmount is Reversed in minor units.
func reversedAmount(c, r, p int64) (int64, error) {
	switch {
	case c < 0 || r < 0 || p < 0:
		return 0, invalid(CodeInvalidRefund, "refunded", "commission, refunded and paid must not be negative")
	case r > p:
		return 0, invalid(CodeRefundExceedsPaid, "refunded", "exceeds the line's paid amount")
	case r == p:
		return c, nil // also covers p = 0
	case r == 0:
		return 0, nil // nothing refunded yet: skip the division
	}
	hi, lo := bits.Mul64(uint64(c), uint64(r))
	// c × r / p < c because r < p, so the quotient fits and hi < p holds.
	q, _ := bits.Div64(hi, lo, uint64(p))
	return int64(q), nil
}

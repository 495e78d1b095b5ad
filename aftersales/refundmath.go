package aftersales

import (
	"math/bits"

	"github.com/shopkit/shopkit"
)

// CumulativeRefund returns ⌊paid × k / n⌋: what a line of n units that paid paid has
// refunded in total once k of its units are refunded (R3.7). The product is taken
// in 128 bits, so no amount overflows; k = n gives exactly paid. paid must not be
// negative and 0 ≤ k ≤ n, n > 0.
func CumulativeRefund(paid shopkit.Money, k, n int64) (shopkit.Money, error) {
	a, err := floorShare(paid.Amount(), k, n)
	if err != nil {
		return shopkit.Money{}, err
	}
	return shopkit.Zero(paid.Currency()).WithAmount(a), nil
}

// UnitRefund returns what refunding k more units of a line pays when refunded of its
// n units are refunded already and the line has paid back already in total, money-
// only refunds included (R3.7): the cumulative floor ⌊paid × (refunded+k) / n⌋ less
// what was already paid back, never below zero. So the refunds of a line add up to
// exactly paid once every unit is refunded, whatever the order of the requests, and
// a money-only refund paid earlier is taken off later unit refunds.
//
// Example: paid 1001 fen, n = 3: three single-unit refunds pay 333, 334, 334.
func UnitRefund(paid shopkit.Money, n, refunded, k int64, already shopkit.Money) (shopkit.Money, error) {
	if k <= 0 {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidQuantity, "units", "must be positive")
	}
	if refunded < 0 || n <= 0 || refunded > n || k > n-refunded {
		return shopkit.Money{}, conflict(CodeQuantityExceeds, "units beyond what was bought or already refunded")
	}
	if already.IsNegative() || already.Amount() > paid.Amount() {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidAmount, "already", "must be between 0 and paid")
	}
	target, err := floorShare(paid.Amount(), refunded+k, n)
	if err != nil {
		return shopkit.Money{}, err
	}
	pay := max(target-already.Amount(), 0)
	return shopkit.Zero(paid.Currency()).WithAmount(pay), nil
}

// VoucherRefund returns the refund of a voucher order of total vouchers of which
// unused are unused (R3.8): all unused → the full amount; partly used → amount ×
// unused / total with the fen truncated (only the integer part).
func VoucherRefund(amount shopkit.Money, total, unused int64) (shopkit.Money, error) {
	a, err := floorShare(amount.Amount(), unused, total)
	if err != nil {
		return shopkit.Money{}, err
	}
	return shopkit.Zero(amount.Currency()).WithAmount(a), nil
}

// floorShare returns ⌊a × k / n⌋ for a ≥ 0, 0 ≤ k ≤ n, n > 0, exactly: the 128-bit
// product divided by n fits in 64 bits because k ≤ n.
func floorShare(a, k, n int64) (int64, error) {
	switch {
	case a < 0:
		return 0, shopkit.Invalid(CodeNegativeAmount, "paid", "must not be negative")
	case n <= 0:
		return 0, shopkit.Invalid(CodeInvalidQuantity, "quantity", "must be positive")
	case k < 0 || k > n:
		return 0, shopkit.Invalid(CodeInvalidQuantity, "units", "must be between 0 and the quantity")
	}
	hi, lo := bits.Mul64(uint64(a), uint64(k))
	q, _ := bits.Div64(hi, lo, uint64(n))
	return int64(q), nil
}

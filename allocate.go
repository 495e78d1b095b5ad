package shopkit

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// Allocate splits total into len(weights) parts in proportion to weights by the
// largest-remainder method of R0.1: each part gets the floor of its exact share
// total×w/Σw, then the leftover minor units go one each to the parts with the
// largest fractional remainders, ties to the earlier part. The parts sum exactly to
// total, a zero weight gets zero, and no part exceeds its weight when total does
// not exceed Σweights.
//
// A negative total is split as its absolute value and every part negated, so
// Allocate(-100, 1,1,1) is -34, -33, -33.
//
// Errors (all ValidationErrors, ErrInvalid): no weights
// (CodeAllocateNoWeights), a negative weight
// (CodeAllocateNegativeWeight), all weights zero
// (CodeAllocateZeroWeights). Σweights above math.MaxInt64 is an
// ErrOverflow error. total×w never overflows: it is a 128-bit product.
//
// It sorts the remainders only when leftover units remain; it allocates the
// result and the amounts it is computed in (AllocateInto allocates nothing).
func Allocate(total Money, weights []int64) ([]Money, error) {
	amounts, err := AllocateAmounts(total.amount, weights)
	if err != nil {
		return nil, err
	}
	parts := make([]Money, len(amounts))
	for i, a := range amounts {
		parts[i] = Money{amount: a, currency: total.currency}
	}
	return parts, nil
}

// AllocateAmounts is Allocate on bare minor units; it allocates only the result.
func AllocateAmounts(total int64, weights []int64) ([]int64, error) {
	sum, err := checkWeights(weights)
	if err != nil {
		return nil, err
	}
	parts := make([]int64, len(weights))
	allocate(parts, total, weights, sum)
	return parts, nil
}

// AllocateInto is AllocateAmounts writing into dst, which must have len(weights)
// elements (else a ValidationError with code CodeAllocateDstLength). It
// allocates nothing: dst doubles as the scratch space for the remainders. On error
// dst is unchanged.
func AllocateInto(dst []int64, total int64, weights []int64) error {
	if len(dst) != len(weights) {
		return Invalid(CodeAllocateDstLength, "dst",
			"has "+strconv.Itoa(len(dst))+" elements for "+strconv.Itoa(len(weights))+" weights")
	}
	sum, err := checkWeights(weights)
	if err != nil {
		return err
	}
	allocate(dst, total, weights, sum)
	return nil
}

// checkWeights validates weights (R0.1: a negative weight or all weights zero is an
// error) and returns their sum.
func checkWeights(weights []int64) (uint64, error) {
	if len(weights) == 0 {
		return 0, Invalid(CodeAllocateNoWeights, "weights", "must not be empty")
	}
	var sum uint64
	for i, w := range weights {
		if w < 0 {
			return 0, Invalid(CodeAllocateNegativeWeight,
				"weights["+strconv.Itoa(i)+"]", "must not be negative")
		}
		sum += uint64(w) // cannot wrap: both are below 2^63
		if sum > math.MaxInt64 {
			return 0, NewError(ErrOverflow, CodeOverflow,
				"the sum of the weights overflows int64")
		}
	}
	if sum == 0 {
		return 0, Invalid(CodeAllocateZeroWeights, "weights", "must not all be zero")
	}
	return sum, nil
}

// share is floor(t×w/sum) and its remainder, with a 128-bit product. The quotient
// fits in 64 bits because w ≤ sum, so hi < sum as bits.Div64 requires.
func share(t, w, sum uint64) (q, r uint64) {
	hi, lo := bits.Mul64(t, w)
	if hi == 0 {
		return lo / sum, lo % sum
	}
	return bits.Div64(hi, lo, sum)
}

// allocate is the largest-remainder method of R0.1 on validated weights, written
// into out.
//
//  1. Store each part's remainder (t×w mod Σw) in out and count the leftover units
//     L = t − Σ floor(t×w/Σw); 0 ≤ L < n.
//  2. If L > 0, sort the remainders (out is scratch here) to find the L-th largest
//     one, v, and how many of the L largest equal it.
//  3. Recompute each part in order: the floor, plus one unit if its remainder is
//     above v, or equal to v while units for ties are left — so ties go to the
//     earlier part.
//
// Because Σ remainders = L×Σw and each remainder is below Σw, more than L
// remainders are positive, so v > 0 and a zero weight never gets a unit.
func allocate(out []int64, total int64, weights []int64, sum uint64) {
	t := absU(total)
	var floors uint64
	for i, w := range weights {
		q, r := share(t, uint64(w), sum)
		floors += q
		out[i] = int64(r) // r < sum ≤ MaxInt64
	}
	left := int(t - floors)
	var v, ties int64
	if left > 0 {
		slices.Sort(out)
		n := len(out)
		v = out[n-left]
		for _, r := range out[n-left:] {
			if r == v {
				ties++
			}
		}
	}
	neg := total < 0
	for i, w := range weights {
		q, r := share(t, uint64(w), sum)
		if left > 0 && (int64(r) > v || (int64(r) == v && ties > 0)) {
			if int64(r) == v {
				ties--
			}
			q++
		}
		if neg {
			q = -q // two's complement: int64(-q) is −q, exact down to MinInt64
		}
		out[i] = int64(q)
	}
}

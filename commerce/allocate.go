package commerce

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/shopkit/shopkit"
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
// ("commerce.allocate_no_weights"), a negative weight
// ("commerce.allocate_negative_weight"), all weights zero
// ("commerce.allocate_zero_weights"). Σweights above math.MaxInt64 is an
// ErrOverflow error. total×w never overflows: it is a 128-bit product.
//
// It runs in O(n) expected time without sorting (only the leftover units need the
// largest remainders) and allocates only the result.
func Allocate(total Money, weights []int64) ([]Money, error) {
	sum, err := checkWeights(weights)
	if err != nil {
		return nil, err
	}
	parts := make([]Money, len(weights))
	allocate(slots{money: parts}, total.amount, weights, sum)
	for i := range parts {
		parts[i].currency = total.currency
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
	allocate(slots{ints: parts}, total, weights, sum)
	return parts, nil
}

// AllocateInto is AllocateAmounts writing into dst, which must have len(weights)
// elements (else a ValidationError with code "commerce.allocate_dst_length"). It
// allocates nothing: dst doubles as the scratch space for the remainders. On error
// dst is unchanged.
func AllocateInto(dst []int64, total int64, weights []int64) error {
	if len(dst) != len(weights) {
		return shopkit.Invalid("commerce.allocate_dst_length", "dst",
			"has "+strconv.Itoa(len(dst))+" elements for "+strconv.Itoa(len(weights))+" weights")
	}
	sum, err := checkWeights(weights)
	if err != nil {
		return err
	}
	allocate(slots{ints: dst}, total, weights, sum)
	return nil
}

// checkWeights validates weights (R0.1: a negative weight or all weights zero is an
// error) and returns their sum.
func checkWeights(weights []int64) (uint64, error) {
	if len(weights) == 0 {
		return 0, shopkit.Invalid("commerce.allocate_no_weights", "weights", "must not be empty")
	}
	var sum uint64
	for i, w := range weights {
		if w < 0 {
			return 0, shopkit.Invalid("commerce.allocate_negative_weight",
				"weights["+strconv.Itoa(i)+"]", "must not be negative")
		}
		sum += uint64(w) // cannot wrap: both are below 2^63
		if sum > math.MaxInt64 {
			return 0, shopkit.NewError(shopkit.ErrOverflow, "commerce.overflow",
				"the sum of the weights overflows int64")
		}
	}
	if sum == 0 {
		return 0, shopkit.Invalid("commerce.allocate_zero_weights", "weights", "must not all be zero")
	}
	return sum, nil
}

// slots is the output of allocate: exactly one of ints or money is set. Reading
// through it lets one implementation fill both []int64 and []Money in place (the
// branch is perfectly predicted), so neither needs a second buffer.
type slots struct {
	ints  []int64
	money []Money
}

func (s slots) get(i int) uint64 {
	if s.money != nil {
		return uint64(s.money[i].amount)
	}
	return uint64(s.ints[i])
}

func (s slots) set(i int, v uint64) {
	if s.money != nil {
		s.money[i].amount = int64(v)
		return
	}
	s.ints[i] = int64(v)
}

func (s slots) swap(i, j int) {
	if s.money != nil {
		s.money[i].amount, s.money[j].amount = s.money[j].amount, s.money[i].amount
		return
	}
	s.ints[i], s.ints[j] = s.ints[j], s.ints[i]
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

// allocate is the largest-remainder method of R0.1 on validated weights.
//
//  1. Store each part's remainder (t×w mod Σw) in out and count the leftover units
//     L = t − Σ floor(t×w/Σw); 0 ≤ L < n.
//  2. If L > 0, find the L-th largest remainder v, and how many remainders are
//     above it, by selection on out (which reorders out; it is scratch here).
//  3. Recompute each part in order: the floor, plus one unit if its remainder is
//     above v, or equal to v while units for ties are left — so ties go to the
//     earlier part.
//
// Because Σ remainders = L×Σw and each remainder is below Σw, more than L
// remainders are positive, so v > 0 and a zero weight never gets a unit.
func allocate(out slots, total int64, weights []int64, sum uint64) {
	t := absU(total)
	var floors uint64
	for i, w := range weights {
		q, r := share(t, uint64(w), sum)
		floors += q
		out.set(i, r)
	}
	left := t - floors
	var v, ties uint64
	if left > 0 {
		var above int
		v, above = nthLargest(out, len(weights), int(left)-1, sum)
		ties = left - uint64(above)
	}
	neg := total < 0
	for i, w := range weights {
		q, r := share(t, uint64(w), sum)
		if left > 0 && (r > v || (r == v && ties > 0)) {
			if r == v {
				ties--
			}
			q++
		}
		if neg {
			q = -q // two's complement: int64(-q) is −q, exact down to MinInt64
		}
		out.set(i, q)
	}
}

// nthLargest returns the value v of rank k (0 = largest) among s[0:n], whose values
// are all below sum, and how many of them are greater than v. It reorders and
// overwrites s.
//
// A first pass counts the values in 256 buckets by their top bits (a radix
// select): it finds the bucket holding rank k and compacts that bucket's values to
// the front, which is cheap and branch-light for the usual spread-out remainders.
// Quickselect then finishes within the bucket.
func nthLargest(s slots, n, k int, sum uint64) (v uint64, above int) {
	if n < 64 { // too few values to repay the histogram
		return quickselect(s, n, k)
	}
	shift := max(bits.Len64(sum-1)-8, 0) // value>>shift < 256
	var hist [256]int
	for i := 0; i < n; i++ {
		hist[s.get(i)>>shift]++
	}
	b := 255
	for ; k >= above+hist[b]; b-- {
		above += hist[b]
	}
	m := 0
	for i := 0; i < n; i++ {
		if x := s.get(i); x>>shift == uint64(b) {
			s.set(m, x) // m ≤ i: only values already read are overwritten
			m++
		}
	}
	v, more := quickselect(s, m, k-above)
	return v, above + more
}

// quickselect returns the value of rank k (0 = largest) among s[0:n] and how many
// values are greater, reordering s. It uses a median-of-three pivot and a
// three-way partition (equal remainders are common: equal weights give equal
// remainders), and falls back to heapsort after too many rounds so the worst case
// stays O(n log n).
func quickselect(s slots, n, k int) (v uint64, above int) {
	lo, hi := 0, n // search s[lo:hi] for rank k within it; above counts values left of lo
	budget := 2 * bits.Len(uint(n))
	for hi-lo > 1 {
		if budget == 0 {
			heapSortDesc(s, lo, hi)
			v = s.get(lo + k)
			for i := lo; i < lo+k && s.get(i) > v; i++ {
				above++
			}
			return v, above
		}
		budget--
		p := medianOf3(s.get(lo), s.get(lo+(hi-lo)/2), s.get(hi-1))
		// Partition descending: [lo,gt) > p, [gt,lt) == p, [lt,hi) < p.
		gt, i, lt := lo, lo, hi
		for i < lt {
			x := s.get(i)
			switch {
			case x > p:
				s.swap(i, gt)
				gt++
				i++
			case x < p:
				lt--
				s.swap(i, lt)
			default:
				i++
			}
		}
		switch {
		case k < gt-lo:
			hi = gt
		case k < lt-lo:
			return p, above + gt - lo
		default:
			k -= lt - lo
			above += lt - lo
			lo = lt
		}
	}
	return s.get(lo), above
}

func medianOf3(a, b, c uint64) uint64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// heapSortDesc sorts s[lo:hi] in descending order in place.
func heapSortDesc(s slots, lo, hi int) {
	n := hi - lo
	// A min-heap: repeatedly moving the minimum to the end sorts descending.
	for i := n/2 - 1; i >= 0; i-- {
		siftDownMin(s, lo, i, n)
	}
	for end := n - 1; end > 0; end-- {
		s.swap(lo, lo+end)
		siftDownMin(s, lo, 0, end)
	}
}

func siftDownMin(s slots, lo, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && s.get(lo+child+1) < s.get(lo+child) {
			child++
		}
		if s.get(lo+root) <= s.get(lo+child) {
			return
		}
		s.swap(lo+root, lo+child)
		root = child
	}
}

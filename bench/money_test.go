package bench

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	gomoney "github.com/Rhymond/go-money"
	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
)

// decimalAllocate is the largest-remainder method (RULES R0.1) written directly
// with decimal arithmetic: exact floors and remainders of total×w/Σw (QuoRem), then
// the leftover units to the largest remainders by a stable sort (ties to the
// earlier part).
func decimalAllocate(total int64, weights []int64) []int64 {
	t := decimal.NewFromInt(total)
	sum := decimal.Zero
	for _, w := range weights {
		sum = sum.Add(decimal.NewFromInt(w))
	}
	parts := make([]int64, len(weights))
	rems := make([]decimal.Decimal, len(weights))
	left := total
	for i, w := range weights {
		q, r := t.Mul(decimal.NewFromInt(w)).QuoRem(sum, 0)
		parts[i] = q.IntPart()
		rems[i] = r
		left -= parts[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].GreaterThan(rems[order[b]]) })
	for k := int64(0); k < left; k++ {
		parts[order[k]]++
	}
	return parts
}

func weights(n int) []int64 {
	r := rand.New(rand.NewPCG(5, 6))
	w := make([]int64, n)
	for i := range w {
		w[i] = 100 + r.Int64N(100_000)
	}
	return w
}

const total = 1_234_567 // ¥12,345.67

func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{3, 10, 100, 1000} {
		ws := weights(n)
		ratios := make([]int, n)
		for i, w := range ws {
			ratios[i] = int(w)
		}
		name := "/N=" + strconv.Itoa(n)
		b.Run("shopkit"+name, func(b *testing.B) {
			m := shopkit.CNY(total)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := shopkit.Allocate(m, ws); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("shopkit_into"+name, func(b *testing.B) {
			dst := make([]int64, n)
			b.ReportAllocs()
			for b.Loop() {
				if err := shopkit.AllocateInto(dst, total, ws); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("gomoney"+name, func(b *testing.B) {
			m := gomoney.New(total, gomoney.CNY)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Allocate(ratios...); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decimal"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				decimalAllocate(total, ws)
			}
		})
	}
}

func BenchmarkRate(b *testing.B) {
	rate := decimal.RequireFromString("0.055") // a 5.5 % commission
	amounts := make([]int64, 1024)
	r := rand.New(rand.NewPCG(7, 8))
	for i := range amounts {
		amounts[i] = r.Int64N(10_000_000)
	}
	b.Run("compiled", func(b *testing.B) {
		cr := shopkit.MustCompileRate(rate)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := cr.Apply(shopkit.CNY(amounts[i&1023]), shopkit.HalfUp); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			p := decimal.NewFromInt(amounts[i&1023]).Mul(rate).Round(0)
			if !p.BigInt().IsInt64() {
				b.Fatal("overflow")
			}
			_ = shopkit.CNY(p.IntPart())
			i++
		}
	})
}

// TestDecimalAllocateAgrees keeps the decimal baseline honest: it must compute what
// shopkit computes, or the comparison means nothing.
func TestDecimalAllocateAgrees(t *testing.T) {
	for _, n := range []int{1, 3, 10, 100, 1000} {
		ws := weights(n)
		got, err := shopkit.AllocateAmounts(total, ws)
		if err != nil {
			t.Fatal(err)
		}
		want := decimalAllocate(total, ws)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("N=%d part %d: shopkit %d, decimal %d", n, i, got[i], want[i])
			}
		}
	}
}

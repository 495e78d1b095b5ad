package commission_test

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// decimalLine is the same line commission as OrderRules.Line, computed the naive
// way from the uncompiled rule set on every call: the same lookups (listing by ID,
// category by name, then the plan's rate, then the default) and a decimal
// multiply and round. It is the baseline the compiled rules are measured against.
func decimalLine(rs *commission.RuleSet, plan *commission.Plan, l *commission.LineRecord) (shopkit.Money, error) {
	rate := rs.DefaultRate
	if r, ok := rs.Listings[l.ListingID]; ok {
		rate = r
	} else if r, ok := rs.Categories[l.Category]; ok {
		rate = r
	} else if plan.Rate != nil {
		rate = *plan.Rate
	}
	return l.Paid.MulRate(rate, rs.Rounding)
}

// BenchmarkLineCommission compares the commission of one line with a compiled
// rule set against the same line computed in decimal per call (target ≥ 20×
// faster, 0 allocations). The rule set has a listing rate (not this line's) and a
// category rate (not this line's category), so both sides look up the listing and
// the category and then take the 5.5 % plan rate. The variants:
//
//   - decimal: the naive baseline, decimalLine: lookups, decimal multiply, round.
//   - compiled/line: OrderRules.Line for an order resolved once (ForOrder outside
//     the loop, as for every line of an order or a statement): the listing filter,
//     the category lookup, the promotion check and the integer multiply-and-round.
//   - compiled/order+line: ForOrder and Line per call, a one-line order (adds the
//     effective-range check, the plan lookup and the promotion's dates).
//   - compiled/apply: LineRule.Apply of a line resolved once: the multiply-and-round.
//   - explained: Rules.LineCommission, which also builds the LineCharge with its
//     explanation.
//
// All variants compute the same amount; the benchmark checks it.
func BenchmarkLineCommission(b *testing.B) {
	rs := baseRules(b)
	rs.Listings = map[uuid.UUID]decimal.Decimal{uuid.New(): dec("0.01")}
	rs.Plans[0].Rate = decp("0.055")
	r := compile(b, rs)
	m := commission.Merchant{ID: merchantID("m1"), Plan: "pct"}
	paidAt := at(b, "2026-03-02 12:00:00")
	l := line(1_999_999, "toys")
	want, err := decimalLine(&rs, &rs.Plans[0], &l)
	if err != nil || want.Amount() != 110_000 {
		b.Fatalf("decimal line: %v, %v", want, err)
	}
	check := func(b *testing.B, got int64) {
		if got != want.Amount() {
			b.Fatalf("got %d, want %d", got, want.Amount())
		}
	}
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		plan := &rs.Plans[0]
		var got shopkit.Money
		for b.Loop() {
			if got, err = decimalLine(&rs, plan, &l); err != nil {
				b.Fatal(err)
			}
		}
		check(b, got.Amount())
	})
	b.Run("compiled/line", func(b *testing.B) {
		b.ReportAllocs()
		o, err := r.ForOrder(m, paidAt, shopkit.CNY(0))
		if err != nil {
			b.Fatal(err)
		}
		var got int64
		for b.Loop() {
			if got, err = o.Line(&l); err != nil {
				b.Fatal(err)
			}
		}
		check(b, got)
	})
	b.Run("compiled/order+line", func(b *testing.B) {
		b.ReportAllocs()
		var got int64
		for b.Loop() {
			o, err := r.ForOrder(m, paidAt, shopkit.CNY(0))
			if err != nil {
				b.Fatal(err)
			}
			if got, err = o.Line(&l); err != nil {
				b.Fatal(err)
			}
		}
		check(b, got)
	})
	b.Run("compiled/apply", func(b *testing.B) {
		b.ReportAllocs()
		o, err := r.ForOrder(m, paidAt, shopkit.CNY(0))
		if err != nil {
			b.Fatal(err)
		}
		lr := o.Resolve(&l)
		var got int64
		for b.Loop() {
			if got, err = lr.Apply(l.Paid.Amount()); err != nil {
				b.Fatal(err)
			}
		}
		check(b, got)
	})
	b.Run("explained", func(b *testing.B) {
		b.ReportAllocs()
		var got commission.LineCharge
		for b.Loop() {
			if got, err = r.LineCommission(m, paidAt, shopkit.CNY(0), l); err != nil {
				b.Fatal(err)
			}
		}
		check(b, got.Commission.Amount())
	})
}

// discardMarkers is a store that keeps statements but no markers, so the
// benchmark measures the run, not an in-memory table of a million markers (a
// host keeps those in its database).
type discardMarkers struct {
	statements map[string]commission.Statement
}

func (d *discardMarkers) SaveRuleSet(context.Context, commission.RuleSet) error { return nil }
func (d *discardMarkers) RuleSets(context.Context) ([]commission.RuleSet, error) {
	return nil, nil
}
func (d *discardMarkers) MarkSettled(context.Context, commission.Marker) error { return nil }
func (d *discardMarkers) Marker(context.Context, uuid.UUID) (commission.Marker, bool, error) {
	return commission.Marker{}, false, nil
}

// discardBatch is discardMarkers taking markers in batches (BatchStore), as a
// host writing them to its database would.
type discardBatch struct{ discardMarkers }

func (d *discardBatch) MarkSettledBatch(context.Context, []commission.Marker) error { return nil }

func (d *discardMarkers) SaveStatement(_ context.Context, s commission.Statement) error {
	d.statements[s.Key] = s
	return nil
}
func (d *discardMarkers) Statement(_ context.Context, key string) (commission.Statement, error) {
	if s, ok := d.statements[key]; ok {
		return s, nil
	}
	return commission.Statement{}, commission.ErrStatementNotFound(key)
}

// records generates n one-line orders spread over merchants (unsorted: merchant
// i%merchants), each with a refund every 10th order; nothing is kept in memory.
func records(n, merchants int, paidAt time.Time, ids []uuid.UUID) iter.Seq[commission.OrderRecord] {
	return func(yield func(commission.OrderRecord) bool) {
		var id uuid.UUID
		completed := paidAt.Add(24 * time.Hour)
		window := completed.Add(7 * 24 * time.Hour)
		for i := range n {
			id[0], id[1], id[2], id[3] = byte(i), byte(i>>8), byte(i>>16), byte(i>>24)
			o := commission.OrderRecord{OrderID: id, MerchantID: ids[i%merchants], PaidAt: paidAt,
				CompletedAt: completed, ReturnWindowEnds: window,
				Lines: []commission.LineRecord{{ListingID: id, Category: categories[i%3], Paid: shopkit.CNY(int64(1000 + i%9000)), Quantity: 1}}}
			if i%10 == 0 {
				o.Refunds = []shopkit.Refund{refund(o, "r", completed, 0, 500)}
			}
			if !yield(o) {
				return
			}
		}
	}
}

// statementSetup returns the configuration of a settler for 10,000 merchants
// (its Store is set per run), a September run over lines records, and the
// records.
func statementSetup(b *testing.B, lines int) (commission.SettlerConfig, commission.Run, iter.Seq[commission.OrderRecord]) {
	const merchants = 10_000
	ids := make([]uuid.UUID, merchants)
	plans := []string{"pct", "fixed", "mix", "tiers"}
	ms := make(map[uuid.UUID]commission.Merchant, merchants)
	for i := range ids {
		ids[i] = uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "merchant-%05d", i))
		ms[ids[i]] = commission.Merchant{ID: ids[i], Plan: plans[i%4]}
	}
	cfg := commission.SettlerConfig{Schedule: must(commission.NewSchedule(baseRules(b))), Policy: commission.DefaultPolicy(),
		Merchants: ms, GMV: func(uuid.UUID) shopkit.Money { return shopkit.CNY(2_000_000) }}
	p := must(commission.NewPeriod(at(b, "2026-03-01 00:00:00"), at(b, "2026-04-01 00:00:00")))
	recs := records(lines, merchants, at(b, "2026-03-02 12:00:00"), ids)
	return cfg, commission.Run{Period: p, Orders: recs}, recs
}

// BenchmarkStatement runs a statement over 100,000 and 1,000,000 one-line orders
// of 10,000 merchants, next to merely iterating the same records (target: within
// 4×). The records are generated on the fly by the same iterator in all variants,
// so "iterate" is the cost of producing them (one allocation per record for its
// line). "statement" runs on a store taking markers in batches (BatchStore),
// "statement-single" on one taking them one MarkSettled call at a time; both
// discard the markers. Every line is emitted to a callback. The metric
// live-heap-MB is the largest live heap sampled after a GC every 100,000 lines
// (outside the timed part): it should not grow with the number of lines.
// "paired" runs iterate and statement one after the other in each iteration and
// reports statement time / iterate time as x-iterate (its ns/op is the sum).
func BenchmarkStatement(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		cfg, run, recs := statementSetup(b, n)
		b.Run(fmt.Sprintf("iterate/lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var sum int64
				for o := range recs {
					sum += o.Lines[0].Paid.Amount()
				}
				if sum == 0 {
					b.Fatal("no records")
				}
			}
		})
		// paired alternates the two in every iteration and reports their ratio,
		// so that both sides see the same load on a shared machine.
		b.Run(fmt.Sprintf("paired/lines=%d", n), func(b *testing.B) {
			var iterate, statement time.Duration
			store := &discardBatch{discardMarkers{statements: make(map[string]commission.Statement)}}
			cfg.Store = store
			s := newSettler(b, cfg)
			for b.Loop() {
				t0 := time.Now()
				var sum int64
				for o := range recs {
					sum += o.Lines[0].Paid.Amount()
				}
				t1 := time.Now()
				clear(store.statements) // a fresh period: nothing saved yet
				seen := 0
				run.Emit = func(commission.StatementLine) error { seen++; return nil }
				if _, err := s.Statements(context.Background(), run); err != nil || seen != n || sum == 0 {
					b.Fatal(err, seen)
				}
				iterate, statement = iterate+t1.Sub(t0), statement+time.Since(t1)
			}
			b.ReportMetric(float64(statement)/float64(iterate), "x-iterate")
		})
		for _, batch := range []bool{true, false} {
			name := "statement"
			if !batch {
				name = "statement-single"
			}
			b.Run(fmt.Sprintf("%s/lines=%d", name, n), func(b *testing.B) {
				b.ReportAllocs()
				plain := &discardMarkers{statements: make(map[string]commission.Statement)}
				cfg.Store = plain
				if batch {
					cfg.Store = &discardBatch{*plain}
				}
				s := newSettler(b, cfg)
				var peak uint64
				for b.Loop() {
					clear(plain.statements) // a fresh period: nothing saved yet
					seen := 0
					run.Emit = func(commission.StatementLine) error {
						if seen++; seen%100_000 == 0 {
							b.StopTimer()
							runtime.GC()
							var ms runtime.MemStats
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapAlloc)
							b.StartTimer()
						}
						return nil
					}
					sts, err := s.Statements(context.Background(), run)
					if err != nil {
						b.Fatal(err)
					}
					if len(sts) != 10_000 || seen != n {
						b.Fatalf("%d statements, %d lines", len(sts), seen)
					}
				}
				b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
			})
		}
	}
}

package pgstore_test

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// The commission store passes the commission kit (R4.3, R4.5, R0.4) in both
// modes.
func TestCommission(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		commissiontest.TestStore(t, func() commission.Store { s.Empty(t); return db.Commission() })
	})
}

// monthRules is a rule set for 2026 on: a tiered default plan (so a run sums
// the GMV in a first pass over its orders) and a percentage plan, with a
// category rate.
func monthRules(id string, from, to time.Time) commission.RuleSet {
	rate := decimal.RequireFromString
	five := rate("0.05")
	return commission.RuleSet{
		ID: id, From: from, To: to, Currency: shopkit.CurrencyCNY, DefaultRate: rate("0.05"),
		Categories: map[string]decimal.Decimal{"books": rate("0.02")},
		Plans: []commission.Plan{
			{ID: "tiers", Kind: commission.Tiered, Tiers: []commission.Tier{
				{From: shopkit.CNY(0), Rate: rate("0.06")}, {From: shopkit.CNY(500_000), Rate: rate("0.04")}}},
			{ID: "pct", Kind: commission.Percentage, Rate: &five},
		},
		DefaultPlan: "tiers",
	}
}

// Two concurrent saves of overlapping rule sets: exactly one wins, the other
// is CodeOverlappingRules, and the stored rule sets do not overlap (R4.3).
func TestCommission_ConcurrentOverlappingRuleSets_R4_3(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
		for round := range 10 {
			s.Empty(t)
			store := db.Commission()
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i, rs := range []commission.RuleSet{monthRules("a", day(1), day(10)), monthRules("b", day(9), day(20))} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = store.SaveRuleSet(ctx, rs)
				}()
			}
			close(start)
			wg.Wait()
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
					continue
				}
				require.ErrorIs(t, err, shopkit.ErrInvalid, "round %d", round)
				assert.Equal(t, commission.CodeOverlappingRules, shopkit.CodeOf(err))
			}
			assert.Equal(t, 1, wins, "round %d: %v", round, errs)
			got, err := store.RuleSets(ctx)
			require.NoError(t, err)
			assert.Len(t, got, 1)
		}
	})
}

// Two overlapping saves that both read the stored rule sets before either
// writes (a table lock held elsewhere stops their inserts until both wait)
// still check one after the other: exactly one wins (R4.3).
func TestCommission_OverlappingRuleSetsReadTogether_R4_3(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
		store := db.Commission()
		blocker, err := s.Pool.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = blocker.Rollback(ctx) }()
		// Readers pass, writers (INSERT) wait.
		_, err = blocker.Exec(ctx, "LOCK TABLE commission_rule_sets IN SHARE ROW EXCLUSIVE MODE")
		require.NoError(t, err)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, rs := range []commission.RuleSet{monthRules("a", day(1), day(10)), monthRules("b", day(9), day(20))} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = store.SaveRuleSet(ctx, rs)
			}()
		}
		// Wait until both saves are waiting on a lock (or two seconds).
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			var waiting int
			require.NoError(t, s.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
 WHERE wait_event_type = 'Lock' AND query LIKE '%commission_rule_sets%' AND query NOT LIKE '%pg_stat_activity%'`).Scan(&waiting))
			if waiting >= 2 {
				break
			}
		}
		require.NoError(t, blocker.Rollback(ctx))
		wg.Wait()
		wins := 0
		for _, err := range errs {
			if err == nil {
				wins++
				continue
			}
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, commission.CodeOverlappingRules, shopkit.CodeOf(err))
		}
		assert.Equal(t, 1, wins, "%v", errs)
		got, err := store.RuleSets(ctx)
		require.NoError(t, err)
		assert.Len(t, got, 1)
	})
}

// A batch of markers conflicting within itself (one order, two statements)
// writes the markers before the repeat and is CodeAlreadySettled (R4.5).
func TestCommission_BatchRepeatsAnOrder_R4_5(t *testing.T) {
	t.Parallel()
	db, _ := open(t, false)
	ctx := context.Background()
	store := db.Commission()
	shop, a, b := uuid.New(), uuid.New(), uuid.New()
	mk := func(id uuid.UUID, st string) commission.Marker {
		return commission.Marker{OrderID: id, MerchantID: shop, Statement: st, CutOff: time.Unix(0, 1),
			Commission: []shopkit.Money{shopkit.CNY(1)}}
	}
	require.NoError(t, store.MarkSettledBatch(ctx, []commission.Marker{mk(a, "s1"), mk(a, "s1")}), "a repeat is a no-op")
	err := store.MarkSettledBatch(ctx, []commission.Marker{mk(b, "s2"), mk(b, "s3")})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, commission.CodeAlreadySettled, shopkit.CodeOf(err))
	got, found, err := store.Marker(ctx, b)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "s2", got.Statement)
	err = store.MarkSettledBatch(ctx, []commission.Marker{mk(uuid.New(), "s2"), mk(uuid.Nil, "s2")})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "markers[1].order_id", fieldOf(err))
}

// genRecords returns n order records of merchants merchants, paid in the
// month from start: most completed with their return window passed by the
// month's end, some with a case open, some with the window still open at
// the end (exactly at the end: R4.5, not yet settleable), some refunded or
// compensated in the month or in the next.
func genRecords(n, merchants int, seed uint64, start time.Time) []commission.OrderRecord {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	end := start.AddDate(0, 1, 0)
	shops := make([]uuid.UUID, merchants)
	for i := range shops {
		shops[i] = uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(seed), byte(i), byte(i >> 8)})
	}
	span := int64(end.Sub(start))
	out := make([]commission.OrderRecord, n)
	for i := range out {
		id := uuid.New()
		shop := shops[rnd.IntN(merchants)]
		paid := start.Add(time.Duration(rnd.Int64N(span / 2)))
		o := commission.OrderRecord{OrderID: id, MerchantID: shop, PaidAt: paid,
			CompletedAt: paid.Add(48 * time.Hour), ReturnWindowEnds: paid.Add(9 * 24 * time.Hour)}
		lines := 1 + rnd.IntN(3)
		var total int64
		for l := range lines {
			amount := 100 + rnd.Int64N(50_000)
			total += amount
			cat := "toys"
			if l == 1 {
				cat = "books"
			}
			o.Lines = append(o.Lines, commission.LineRecord{ListingID: id, Category: cat, Paid: shopkit.CNY(amount), Quantity: 1})
		}
		o.Shipping = shopkit.CNY(rnd.Int64N(1000))
		switch k := rnd.IntN(20); {
		case k == 0:
			o.OpenCase = true
		case k == 1:
			o.ReturnWindowEnds = end // its last instant is the period's end: not settleable yet
		case k == 2:
			o.CompletedAt = time.Time{}
		case k < 6:
			at := o.CompletedAt.Add(time.Hour)
			if k == 5 {
				at = end.Add(time.Hour) // booked in the next period: an adjustment there
			}
			amount := o.Lines[0].Paid.Amount() / 2
			o.Refunds = []shopkit.Refund{{Key: "r-" + id.String(), OrderID: id, MerchantID: shop, At: at,
				Amount: shopkit.CNY(amount), Lines: []shopkit.RefundLine{{Line: 0, SKU: "sku", Units: 1, Amount: shopkit.CNY(amount)}}}}
		case k == 6:
			o.Advances = []commission.AdvanceRecord{{Amount: shopkit.CNY(min(total, 300)), At: o.CompletedAt, Key: "a-" + id.String(),
				Reason: "late delivery"}}
		}
		out[i] = o
	}
	return out
}

// settleBoth runs the period over the records on the in-memory store (every
// record as it is) and on the PostgreSQL store (the records streamed from
// commission_records) and returns both results, lines sorted.
func settleBoth(t *testing.T, mem *commissiontest.Store, pg *pgstore.Commission, sched *commission.Schedule,
	recs []commission.OrderRecord, period commission.Period) (memSt, pgSt []commission.Statement, memLines, pgLines []commission.StatementLine) {
	t.Helper()
	ctx := context.Background()
	run := func(store commission.Store, orders func(context.Context) iter.Seq[commission.OrderRecord], lines *[]commission.StatementLine) []commission.Statement {
		settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: sched, Store: store, Policy: commission.DefaultPolicy()})
		require.NoError(t, err)
		rctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		sts, err := settler.Statements(rctx, commission.Run{Period: period, Orders: orders(rctx),
			Emit: func(l commission.StatementLine) error { *lines = append(*lines, normalLine(l)); return nil }})
		require.NoError(t, err)
		require.NoError(t, context.Cause(rctx))
		sortLines(*lines)
		return sts
	}
	memSt = run(mem, func(context.Context) iter.Seq[commission.OrderRecord] { return slices.Values(recs) }, &memLines)
	pgSt = run(pg, func(rctx context.Context) iter.Seq[commission.OrderRecord] {
		return pg.StatementOrders(rctx, period, func(err error) { t.Errorf("stream: %v", err) })
	}, &pgLines)
	return memSt, pgSt, memLines, pgLines
}

// normalLine is l with its instants in UTC, to compare lines read back.
func normalLine(l commission.StatementLine) commission.StatementLine {
	l.PaidAt, l.At = l.PaidAt.UTC(), l.At.UTC()
	return l
}

// sortLines orders lines by statement, kind and order.
func sortLines(ls []commission.StatementLine) {
	slices.SortFunc(ls, func(a, b commission.StatementLine) int {
		return cmp.Or(cmp.Compare(a.Statement, b.Statement), cmp.Compare(a.Kind, b.Kind), slices.Compare(a.OrderID[:], b.OrderID[:]))
	})
}

// Records streamed from PostgreSQL give the statements (and lines) the
// in-memory path gives for the same records, over two months: September
// settles, October adjusts for refunds booked after September's cut-off,
// and a re-run of October replays it (R4.5, R4.4).
func TestCommission_RecordsStreamIntoStatements_R4_5(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, _ := open(t, serializable)
		ctx := context.Background()
		pg := db.Commission()
		mem := commissiontest.NewStore()
		rs := monthRules("2026", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{})
		require.NoError(t, pg.SaveRuleSet(ctx, rs))
		sched, err := commission.LoadSchedule(ctx, pg)
		require.NoError(t, err)
		sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		recs := genRecords(3000, 7, 1, sep)
		for chunk := range slices.Chunk(recs, 1000) {
			require.NoError(t, pg.AddRecords(ctx, chunk))
		}
		for _, p := range []commission.Period{
			{Start: sep, End: sep.AddDate(0, 1, 0)},
			{Start: sep.AddDate(0, 1, 0), End: sep.AddDate(0, 2, 0)},
			{Start: sep.AddDate(0, 1, 0), End: sep.AddDate(0, 2, 0)}, // a re-run
		} {
			memSt, pgSt, memLines, pgLines := settleBoth(t, mem, pg, sched, recs, p)
			require.Len(t, pgSt, len(memSt))
			require.NotEmpty(t, memSt)
			for i := range memSt {
				assert.True(t, memSt[i].Equal(pgSt[i]), "period %v:\nmem %+v\npg  %+v", p.Start, memSt[i], pgSt[i])
				saved, err := pg.Statement(ctx, memSt[i].Key)
				require.NoError(t, err)
				assert.True(t, memSt[i].Equal(saved))
			}
			assert.Equal(t, memLines, pgLines)
			var orders, adjustments int
			for _, st := range pgSt {
				orders, adjustments = orders+st.Orders, adjustments+st.Adjustments
			}
			assert.Positive(t, orders, "orders settle in %v", p.Start)
			if !p.Start.Equal(sep) {
				assert.Positive(t, adjustments, "refunds after September's cut-off adjust in %v", p.Start)
			}
			if p.Start.Equal(sep) {
				// Cases close and windows pass in October: the records change.
				for i := range recs {
					recs[i].OpenCase = false
				}
				require.NoError(t, pg.AddRecords(ctx, recs))
			}
		}
	})
}

// A read error in the middle of the stream cancels the run's context: the
// run saves no statement and context.Cause says why (R0.4), whether the
// error comes in the first pass (a tiered plan's GMV) or in the second.
func TestCommission_StreamErrorSavesNoStatement_R0_4(t *testing.T) {
	t.Parallel()
	for _, tiered := range []bool{true, false} {
		db, s := open(t, false)
		ctx := context.Background()
		pg := db.Commission()
		rs := monthRules("2026", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{})
		if !tiered {
			rs.Plans, rs.DefaultPlan = rs.Plans[1:], "pct"
		}
		require.NoError(t, pg.SaveRuleSet(ctx, rs))
		sched, err := commission.LoadSchedule(ctx, pg)
		require.NoError(t, err)
		sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		recs := genRecords(200, 3, 2, sep)
		require.NoError(t, pg.AddRecords(ctx, recs))
		// A record another version wrote, with a field this one does not know.
		_, err = s.Pool.Exec(ctx, `UPDATE commission_records SET record = '{"order_id":"`+recs[100].OrderID.String()+
			`","surprise":1}' WHERE order_id = $1`, recs[100].OrderID)
		require.NoError(t, err)
		settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: sched, Store: pg, Policy: commission.DefaultPolicy()})
		require.NoError(t, err)
		period := commission.Period{Start: sep, End: sep.AddDate(0, 1, 0)}
		rctx, cancel := context.WithCancelCause(ctx)
		sts, err := settler.Statements(rctx, commission.Run{Period: period, Orders: pg.StatementOrders(rctx, period, cancel)})
		if !tiered {
			require.Error(t, err, "the second pass fails at the markers' flush")
		}
		assert.Empty(t, sts)
		require.ErrorContains(t, context.Cause(rctx), "decode commission record")
		cancel(nil)
		for _, shop := range []uuid.UUID{recs[0].MerchantID, recs[1].MerchantID, recs[2].MerchantID} {
			p, err := pg.ListStatements(ctx, shop, shopkit.PageRequest{Limit: 10})
			require.NoError(t, err)
			assert.Empty(t, p.Items, "tiered %v", tiered)
		}
	}
}

// Records selects by the period: a record paid, refunded or settleable in
// it, and not one settled by an earlier statement without activity since;
// the instant a return window ends is its last in time (R4.5).
func TestCommission_RecordsOfAPeriod_R4_5(t *testing.T) {
	t.Parallel()
	db, _ := open(t, false)
	ctx := context.Background()
	pg := db.Commission()
	oct := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	nov := oct.AddDate(0, 1, 0)
	shop := uuid.New()
	rec := func(paid, completed, window time.Time) commission.OrderRecord {
		return commission.OrderRecord{OrderID: uuid.New(), MerchantID: shop, PaidAt: paid, CompletedAt: completed,
			ReturnWindowEnds: window, Lines: []commission.LineRecord{{Paid: shopkit.CNY(100), Quantity: 1}}}
	}
	before := oct.Add(-30 * 24 * time.Hour)
	paidIn := rec(oct, time.Time{}, time.Time{})                                 // paid in October
	windowAtEnd := rec(before, before, nov)                                      // settleable only after November's start
	windowBefore := rec(before, before, nov.Add(-time.Nanosecond))               // settleable exactly at the end
	settledEarlier := rec(before, before, before.Add(time.Hour))                 // settled in September
	refundedLater := rec(before, before, before.Add(time.Hour))                  // settled, refunded in October
	notYetPaid := rec(nov, nov.Add(time.Hour), time.Time{})                      // paid at November's start
	refundedLater.Refunds = []shopkit.Refund{{Key: "r", At: oct.Add(time.Hour)}} // only its time matters here
	zeroTimes := rec(time.Time{}, time.Time{}, time.Time{})                      // before any period, never completed
	require.NoError(t, pg.AddRecords(ctx, []commission.OrderRecord{paidIn, windowAtEnd, windowBefore, settledEarlier, refundedLater,
		notYetPaid, zeroTimes}))
	for _, o := range []commission.OrderRecord{settledEarlier, refundedLater} {
		require.NoError(t, pg.MarkSettled(ctx, commission.Marker{OrderID: o.OrderID, MerchantID: shop, Statement: "sep",
			CutOff: oct, Commission: []shopkit.Money{shopkit.CNY(5)}}))
	}
	// Settled by October's statement, then a case opened: a re-run of
	// October lists it again.
	reopened := rec(before, before, before.Add(time.Hour))
	require.NoError(t, pg.MarkSettled(ctx, commission.Marker{OrderID: reopened.OrderID, MerchantID: shop, Statement: "oct",
		CutOff: nov, Commission: []shopkit.Money{shopkit.CNY(5)}}))
	reopened.OpenCase = true
	require.NoError(t, pg.AddRecords(ctx, []commission.OrderRecord{reopened}))
	var got []uuid.UUID
	for o, err := range pg.Records(ctx, commission.Period{Start: oct, End: nov}) {
		require.NoError(t, err)
		got = append(got, o.OrderID)
	}
	assert.ElementsMatch(t, []uuid.UUID{paidIn.OrderID, windowBefore.OrderID, refundedLater.OrderID, reopened.OrderID}, got)

	for _, err := range pg.Records(ctx, commission.Period{Start: nov, End: oct}) {
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, commission.CodeInvalidPeriod, shopkit.CodeOf(err))
	}
	err := pg.AddRecords(ctx, []commission.OrderRecord{paidIn, paidIn})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "records[1].order_id", fieldOf(err))
	err = pg.AddRecords(ctx, []commission.OrderRecord{{OrderID: uuid.New()}})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "records[0].merchant_id", fieldOf(err))
	assert.False(t, errors.Is(pg.AddRecords(ctx, nil), shopkit.ErrInvalid))
}

// fieldOf is the field a ValidationError names ("" for another error).
func fieldOf(err error) string {
	var ve *shopkit.ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}

// A Commission Open did not build, and a canceled context, yield their
// typed error from the record streams instead of records.
func TestCommission_StreamsOfAnUnbuiltStore(t *testing.T) {
	t.Parallel()
	period := commission.Period{Start: time.Unix(0, 0), End: time.Unix(1, 0)}
	n := 0
	for o, err := range new(pgstore.Commission).Records(context.Background(), period) {
		n++
		assert.Equal(t, commission.OrderRecord{}, o)
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	}
	assert.Equal(t, 1, n)
	var failed error
	for range new(pgstore.Commission).StatementOrders(context.Background(), period, func(err error) { failed = err }) {
		t.Fatal("no records")
	}
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(failed))
}

package commission_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

// R4.5: payout is due T + 7 working days: the end of the 7th working day after the
// settlement day, across the 2026 National Day holiday and its make-up days.
func TestPolicy_PayoutDueNationalDay_R4_5(t *testing.T) {
	p := commission.Policy{PayoutDays: commission.DefaultPayoutDays, Calendar: commissionCalendar(t)}
	require.Equal(t, 7, commission.DefaultPolicy().PayoutDays)
	cases := []struct{ settled, due string }{
		// Wed 30 Sep: 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October.
		{"2026-09-30 18:00:00", "2026-10-16 00:00:00"},
		// The period's end, 1 October 00:00, is a holiday: the same days count.
		{"2026-10-01 00:00:00", "2026-10-16 00:00:00"},
		// Fri 25 Sep: 27 (make-up Sunday), 28, 29, 30 Sep, 8, 9, 10 Oct: due by the
		// end of the make-up Saturday.
		{"2026-09-25 12:00:00", "2026-10-11 00:00:00"},
		// Fri 9 Oct: 10 (Sat, make-up), 12 … 16, 19.
		{"2026-10-09 12:00:00", "2026-10-20 00:00:00"},
	}
	for _, c := range cases {
		got := p.PayoutDue(at(t, c.settled))
		assert.True(t, got.Equal(at(t, c.due)), "settled %s: got %s want %s", c.settled, got, c.due)
	}
	// Without the make-up Saturday the payout would be a day later: it counts.
	var holidays []shopkit.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, shopkit.Date{Year: 2026, Month: time.October, Day: d})
	}
	plain, err := shopkit.NewCalendar(shopkit.CalendarConfig{Holidays: holidays})
	require.NoError(t, err)
	p.Calendar = plain
	assert.True(t, p.PayoutDue(at(t, "2026-09-30 18:00:00")).Equal(at(t, "2026-10-17 00:00:00")))
}

// R4.5: settleable when completed, no case open and the return window passed; at
// the window's last instant it is still open.
func TestSettleable_R4_5(t *testing.T) {
	cut := at(t, "2026-10-01 00:00:00")
	base := commission.OrderRecord{CompletedAt: at(t, "2026-09-20 00:00:00"), ReturnWindowEnds: cut.Add(-time.Nanosecond)}
	assert.True(t, commission.Settleable(&base, cut))
	o := base
	o.ReturnWindowEnds = cut
	assert.False(t, commission.Settleable(&o, cut), "window ends exactly at the cut-off")
	o = base
	o.OpenCase = true
	assert.False(t, commission.Settleable(&o, cut))
	o = base
	o.CompletedAt = time.Time{}
	assert.False(t, commission.Settleable(&o, cut))
	o = base
	o.CompletedAt = cut.Add(time.Nanosecond)
	assert.False(t, commission.Settleable(&o, cut))
}

func TestPeriod_StartAfterEnd_R4_5(t *testing.T) {
	a, b := at(t, "2026-10-01 00:00:00"), at(t, "2026-11-01 00:00:00")
	_, err := commission.NewPeriod(b, a)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, commission.CodeInvalidPeriod, shopkit.CodeOf(err))
	_, err = commission.NewPeriod(a, a)
	assert.Equal(t, commission.CodeInvalidPeriod, shopkit.CodeOf(err))
	s := newSettler(t, commission.SettlerConfig{Schedule: must(commission.NewSchedule(baseRules(t))), Store: commissiontest.NewStore(), Policy: commission.DefaultPolicy()})
	_, err = s.Statements(context.Background(), commission.Run{Period: commission.Period{Start: b, End: a}})
	assert.Equal(t, commission.CodeInvalidPeriod, shopkit.CodeOf(err))
}

// settlementFixture is September and October 2026 for merchants A (5 %) and B
// (¥2.00 per order).
type settlementFixture struct {
	settler        *commission.Settler
	store          *commissiontest.Store
	o1, o2, o3, o4 commission.OrderRecord
	deposits       []commission.DepositChange
	sep, oct       commission.Period
}

func newSettlementFixture(t *testing.T) *settlementFixture {
	f := &settlementFixture{store: commissiontest.NewStore()}
	f.settler = newSettler(t, f.config(t, f.store))
	done := func(o *commission.OrderRecord, completed, window string) {
		o.CompletedAt, o.ReturnWindowEnds = at(t, completed), at(t, window)
	}
	f.o1 = sampleOrder(t, "A", "2026-09-02 10:00:00", line(10000, "toys"))
	done(&f.o1, "2026-09-10 10:00:00", "2026-09-17 10:00:00")
	f.o1.Refunds = []shopkit.Refund{
		refund(f.o1, "r1", at(t, "2026-09-12 09:00:00"), 0, 2000),
		refund(f.o1, "r1", at(t, "2026-09-12 09:00:00"), 0, 2000), // repeated record
	}
	f.o2 = sampleOrder(t, "A", "2026-09-20 10:00:00", line(5000, "toys"))
	done(&f.o2, "2026-09-25 10:00:00", "2026-10-02 10:00:00") // window open at the September cut-off
	f.o3 = sampleOrder(t, "B", "2026-09-05 10:00:00", line(3000, "toys"), line(1000, "toys"))
	done(&f.o3, "2026-09-08 10:00:00", "2026-09-15 10:00:00")
	f.o3.Advances = []commission.AdvanceRecord{{Amount: shopkit.CNY(500), At: at(t, "2026-09-20 10:00:00"), Key: "a1"}}
	f.o3.Refunds = []shopkit.Refund{ // after settlement: October adjustment
		refund(f.o3, "r2", at(t, "2026-10-05 10:00:00"), 0, 3000)}
	f.o4 = sampleOrder(t, "A", "2026-09-03 10:00:00", line(7000, "toys"))
	done(&f.o4, "2026-09-06 10:00:00", "2026-09-13 10:00:00")
	f.o4.OpenCase = true
	f.deposits = []commission.DepositChange{{MerchantID: merchantID("A"), Amount: shopkit.CNY(1000), At: at(t, "2026-09-03 00:00:00"), Reason: "top-up"}}
	f.sep = must(commission.NewPeriod(at(t, "2026-09-01 00:00:00"), at(t, "2026-10-01 00:00:00")))
	f.oct = must(commission.NewPeriod(at(t, "2026-10-01 00:00:00"), at(t, "2026-11-01 00:00:00")))
	return f
}

// config is the settlers' configuration of the fixture on a store.
func (f *settlementFixture) config(t *testing.T, store commission.Store) commission.SettlerConfig {
	return commission.SettlerConfig{
		Schedule: must(commission.NewSchedule(baseRules(t))),
		Store:    store,
		Policy:   commission.Policy{PayoutDays: 7, Calendar: commissionCalendar(t)},
		Merchants: map[uuid.UUID]commission.Merchant{
			merchantID("A"): {ID: merchantID("A"), Plan: "pct"},
			merchantID("B"): {ID: merchantID("B"), Plan: "fixed"},
		},
	}
}

func (f *settlementFixture) run(t *testing.T, p commission.Period) ([]commission.Statement, []commission.StatementLine) {
	t.Helper()
	var lines []commission.StatementLine
	orders := []commission.OrderRecord{f.o4, f.o3, f.o2, f.o1} // unsorted
	sts, err := f.settler.Statements(context.Background(), commission.Run{
		Period: p, Orders: slices.Values(orders), Deposits: slices.Values(f.deposits),
		Emit: func(l commission.StatementLine) error { lines = append(lines, l); return nil },
	})
	require.NoError(t, err)
	return sts, lines
}

// R4.5: statements per merchant per period with net = paid − refunds − commission
// + commission reversed − advances; each order settles exactly once; a re-run gives
// the same statement; a refund after settlement is an adjustment in the next one.
func TestStatements_R4_5(t *testing.T) {
	f := newSettlementFixture(t)
	sep, sepLines := f.run(t, f.sep)
	require.Len(t, sep, 2)
	a, b := sep[0], sep[1]
	// A: o1 settles: 10000 paid, 2000 refunded once, 500 commission, ⌊500×2000/10000⌋
	// = 100 reversed; net 7600; deposit top-up 1000 withheld.
	assert.Equal(t, merchantID("A"), a.MerchantID)
	assert.Equal(t, 1, a.Orders)
	assert.Equal(t, []int64{10000, 2000, 500, 100, 0, 7600, 1000, 6600},
		[]int64{a.Paid.Amount(), a.Refunds.Amount(), a.Commission.Amount(), a.CommissionReversed.Amount(),
			a.Advances.Amount(), a.Net.Amount(), a.DepositChanges.Amount(), a.Payout.Amount()})
	assert.True(t, a.PayoutDue.Equal(at(t, "2026-10-16 00:00:00")), "T + 7 working days across National Day")
	// B: o3 settles with the ¥5.00 advance recovered: 4000 − 200 − 500.
	assert.Equal(t, []int64{4000, 0, 200, 0, 500, 3300}, []int64{b.Paid.Amount(), b.Refunds.Amount(),
		b.Commission.Amount(), b.CommissionReversed.Amount(), b.Advances.Amount(), b.Net.Amount()})
	assert.Len(t, sepLines, 3)
	assert.Equal(t, 2, f.store.Markers())

	// Re-running September gives the same statements and lines.
	again, againLines := f.run(t, f.sep)
	assert.Equal(t, sep, again)
	assert.Equal(t, sepLines, againLines)

	oct, octLines := f.run(t, f.oct)
	require.Len(t, oct, 2)
	// A: o2 settles now (its window closed on 2 October); o1 does not settle again.
	assert.Equal(t, 1, oct[0].Orders)
	assert.Equal(t, int64(5000-250), oct[0].Net.Amount())
	// B: the refund of 5 October is an adjustment reversing o3 line 0's 150.
	assert.Equal(t, 0, oct[1].Orders)
	assert.Equal(t, 1, oct[1].Adjustments)
	assert.Equal(t, []int64{0, 3000, 0, 150, -2850}, []int64{oct[1].Paid.Amount(), oct[1].Refunds.Amount(),
		oct[1].Commission.Amount(), oct[1].CommissionReversed.Amount(), oct[1].Net.Amount()})
	kinds := map[commission.LineKind]int{}
	for _, l := range octLines {
		kinds[l.Kind]++
	}
	assert.Equal(t, map[commission.LineKind]int{commission.KindOrder: 1, commission.KindAdjustment: 1}, kinds)
	assert.Equal(t, 3, f.store.Markers())

	// o4's case closes after September was settled: a re-run of September still
	// gives the saved statement; o4 settles in October's re-run instead... but
	// October is saved too, so it waits for November.
	f.o4.OpenCase = false
	sep3, _ := f.run(t, f.sep)
	assert.Equal(t, sep, sep3)
	nov := must(commission.NewPeriod(f.oct.End, at(t, "2026-12-01 00:00:00")))
	novSts, _ := f.run(t, nov)
	require.Len(t, novSts, 1)
	assert.Equal(t, merchantID("A"), novSts[0].MerchantID)
	assert.Equal(t, int64(7000), novSts[0].Paid.Amount())
}

// Statement totals equal the sum of their lines, and lines render as CSV and JSON.
func TestStatements_LinesSumAndRender_R4_5(t *testing.T) {
	f := newSettlementFixture(t)
	sts, lines := f.run(t, f.sep)
	for _, st := range sts {
		var paid, ref, com, rev, adv, dep, net int64
		for _, l := range lines {
			if l.MerchantID != st.MerchantID {
				continue
			}
			paid += l.Paid.Amount()
			ref += l.Refunds.Amount()
			com += l.Commission.Amount()
			rev += l.CommissionReversed.Amount()
			adv += l.Advances.Amount()
			dep += l.DepositChange.Amount()
			net += l.Net.Amount()
			assert.Equal(t, l.Paid.Amount()-l.Refunds.Amount()-l.Commission.Amount()+l.CommissionReversed.Amount()-l.Advances.Amount(), l.Net.Amount())
		}
		assert.Equal(t, []int64{st.Paid.Amount(), st.Refunds.Amount(), st.Commission.Amount(), st.CommissionReversed.Amount(),
			st.Advances.Amount(), st.DepositChanges.Amount(), st.Net.Amount()}, []int64{paid, ref, com, rev, adv, dep, net})
	}

	var buf bytes.Buffer
	w := commission.NewCSVWriter(&buf)
	for _, l := range lines {
		require.NoError(t, w.Write(l))
	}
	require.NoError(t, w.WriteTotals(sts[0]))
	require.NoError(t, w.Flush())
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+len(lines)+1)
	assert.Equal(t, "commission", rows[0][9])
	assert.Equal(t, "total", rows[len(rows)-1][2])
	assert.Equal(t, "76.00", rows[len(rows)-1][13])

	buf.Reset()
	require.NoError(t, commission.WriteJSON(&buf, sts[0], slices.Values(lines)))
	var back struct {
		Statement commission.Statement       `json:"statement"`
		Lines     []commission.StatementLine `json:"lines"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	assert.True(t, sts[0].Equal(back.Statement))
	assert.Len(t, back.Lines, len(lines))
}

// An order settles exactly once even when two different periods run at the same
// time over the same records.
func TestStatements_ConcurrentRunsSettleOnce_R4_5(t *testing.T) {
	f := newSettlementFixture(t)
	other := must(commission.NewPeriod(at(t, "2026-09-15 00:00:00"), f.sep.End))
	done := make(chan []commission.Statement, 2)
	for _, p := range []commission.Period{f.sep, other} {
		go func() {
			sts, err := f.settler.Statements(context.Background(), commission.Run{Period: p,
				Orders: slices.Values([]commission.OrderRecord{f.o1, f.o3})})
			if err != nil {
				assert.ErrorIs(t, err, shopkit.ErrConflict)
			}
			done <- sts
		}()
	}
	settled := 0
	for range 2 {
		for _, st := range <-done {
			settled += st.Orders
		}
	}
	assert.LessOrEqual(t, settled, 2)
	assert.Equal(t, 2, f.store.Markers())
}

// A refund record naming no line, or more refunds than paid, fails the run.
func TestStatements_BadRefunds_R3_7(t *testing.T) {
	f := newSettlementFixture(t)
	f.o1.Refunds = append(f.o1.Refunds, refund(f.o1, "x", f.o1.PaidAt, 1, 1))
	_, err := f.settler.Statements(context.Background(), commission.Run{Period: f.sep, Orders: slices.Values([]commission.OrderRecord{f.o1})})
	assert.Equal(t, commission.CodeInvalidRefund, shopkit.CodeOf(err))

	f = newSettlementFixture(t)
	f.o1.Refunds = append(f.o1.Refunds, refund(f.o1, "y", f.o1.PaidAt, 0, 8001))
	_, err = f.settler.Statements(context.Background(), commission.Run{Period: f.sep, Orders: slices.Values([]commission.OrderRecord{f.o1})})
	assert.Equal(t, commission.CodeRefundExceedsPaid, shopkit.CodeOf(err))
}

// Bad input changes nothing that matters (R4.5): a bad period writes nothing; a
// bad refund record fails the run with no statement saved and its order not
// marked. On a store taking markers one by one, orders before the bad one are
// marked with the failed run's statements: a later period refuses to run over
// them (CodeUnsavedStatement), and re-running the period with the record corrected
// gives exactly what a clean run gives.
func TestStatements_BadInputChangesNothing_R4_5(t *testing.T) {
	ctx := context.Background()
	f := newSettlementFixture(t)
	_, err := f.settler.Statements(ctx, commission.Run{Period: commission.Period{Start: f.sep.End, End: f.sep.Start},
		Orders: slices.Values([]commission.OrderRecord{f.o1, f.o3})})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, commission.CodeInvalidPeriod, shopkit.CodeOf(err))
	assert.Zero(t, f.store.Markers())

	for _, batch := range []bool{true, false} {
		f := newSettlementFixture(t)
		clean := newSettlementFixture(t)
		clean.o1, clean.o2, clean.o3, clean.o4 = f.o1, f.o2, f.o3, f.o4
		want, wantLines := clean.run(t, clean.sep)
		if !batch {
			f.settler = newSettler(t, f.config(t, plainStore{f.store}))
		}
		good := f.o3
		f.o3.Refunds = []shopkit.Refund{refund(f.o3, "bad", f.o3.PaidAt, 2, 1)}
		_, err := f.settler.Statements(ctx, commission.Run{Period: f.sep,
			Orders: slices.Values([]commission.OrderRecord{f.o1, f.o3})})
		assert.Equal(t, commission.CodeInvalidRefund, shopkit.CodeOf(err))
		_, marked, err := f.store.Marker(ctx, f.o3.OrderID)
		require.NoError(t, err)
		assert.False(t, marked, "the order with the bad record is not marked")
		for _, m := range []string{"A", "B"} {
			assert.Empty(t, f.store.Statements(merchantID(m)), "no statement saved")
		}
		if batch {
			assert.Zero(t, f.store.Markers(), "the batch was never written")
		} else {
			assert.Equal(t, 1, f.store.Markers(), "o1, before the bad record, was marked")
			_, err = f.settler.Statements(ctx, commission.Run{Period: f.oct, Orders: slices.Values([]commission.OrderRecord{f.o1})})
			require.ErrorIs(t, err, shopkit.ErrConflict)
			assert.Equal(t, commission.CodeUnsavedStatement, shopkit.CodeOf(err))
		}
		f.o3 = good
		got, gotLines := f.run(t, f.sep)
		assert.Equal(t, want, got, "batch %v", batch)
		assert.Equal(t, wantLines, gotLines, "batch %v", batch)
	}
}

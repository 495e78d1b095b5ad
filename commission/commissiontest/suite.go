package commissiontest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/internal/storetest"
)

// TestStore is the conformance suite for a commission.Store: rule sets round-trip
// and never overlap (R4.3), an order settles exactly once even under concurrent
// runs (R4.5), statements are saved once and never change silently (R0.4),
// unknown keys are not found, and ListStatements pages a merchant's
// statements newest period first. newStore returns an empty store for each subtest.
//
// The generic internal/storetest suite does not apply: markers and statements are
// write-once records, not aggregates with updates and deadlines.
func TestStore(t *testing.T, newStore func() commission.Store) {
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
	rate := decimal.RequireFromString
	m1 := uuid.MustParse("00000000-0000-0000-0000-0000000000a1")
	ruleSet := func(id string, from, to time.Time) commission.RuleSet {
		minFee, maxFee := shopkit.CNY(100), shopkit.CNY(5000)
		r := rate("0.07")
		return commission.RuleSet{
			ID: id, From: from, To: to, Currency: shopkit.CurrencyCNY, Rounding: shopkit.HalfEven,
			DefaultRate: rate("0.05"),
			Categories:  map[string]decimal.Decimal{"books": rate("0.02")},
			Listings:    map[uuid.UUID]decimal.Decimal{uuid.New(): rate("0.01")},
			Plans: []commission.Plan{
				{ID: "pct", Kind: commission.Percentage, Rate: &r, Min: &minFee, Max: &maxFee},
				{ID: "tiers", Kind: commission.Tiered, Tiers: []commission.Tier{
					{From: shopkit.CNY(0), Rate: rate("0.06")}, {From: shopkit.CNY(1_000_000), Rate: rate("0.04")}}},
				{ID: "fixed", Kind: commission.FixedFee, Fixed: shopkit.CNY(300)},
			},
			DefaultPlan: "tiers",
			Promotion:   &commission.Promotion{Months: 3, Rate: rate("0.01"), TimeZone: "Asia/Shanghai"},
		}
	}

	t.Run("RuleSetRoundTrip_R4_3", func(t *testing.T) {
		s := newStore()
		want := ruleSet("v1", day(1), day(10))
		require.NoError(t, s.SaveRuleSet(ctx, want))
		got, err := s.RuleSets(ctx)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assertRuleSet(t, want, got[0])
	})

	t.Run("RuleSetsOrderedAndNotOverlapping_R4_3", func(t *testing.T) {
		s := newStore()
		require.NoError(t, s.SaveRuleSet(ctx, ruleSet("v2", day(10), time.Time{})))
		require.NoError(t, s.SaveRuleSet(ctx, ruleSet("v1", day(1), day(10))))
		// One nanosecond of overlap is rejected and writes nothing.
		err := s.SaveRuleSet(ctx, ruleSet("v0", day(1).Add(-time.Hour), day(1).Add(1)))
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, commission.CodeOverlappingRules, shopkit.CodeOf(err))
		got, err := s.RuleSets(ctx)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, "v1", got[0].ID)
		assert.Equal(t, "v2", got[1].ID)
		// Replacing a rule set to close its range is allowed.
		require.NoError(t, s.SaveRuleSet(ctx, ruleSet("v2", day(10), day(20))))
		got, err = s.RuleSets(ctx)
		require.NoError(t, err)
		assert.True(t, got[1].To.Equal(day(20)))
	})

	t.Run("InvalidRuleSetWritesNothing_R4_1", func(t *testing.T) {
		s := newStore()
		want := ruleSet("v1", day(1), day(10))
		require.NoError(t, s.SaveRuleSet(ctx, want))
		for _, c := range []struct {
			code string
			edit func(rs *commission.RuleSet)
		}{
			{commission.CodeInvalidRate, func(rs *commission.RuleSet) { rs.DefaultRate = rate("-0.01") }},
			{commission.CodeInvalidRate, func(rs *commission.RuleSet) { rs.DefaultRate = rate("1.01") }},
			{commission.CodeMinAboveMax, func(rs *commission.RuleSet) { m := shopkit.CNY(100_000); rs.Plans[0].Min = &m }},
			{commission.CodeUnorderedTiers, func(rs *commission.RuleSet) { rs.Plans[1].Tiers[1].From = shopkit.CNY(0) }},
			{commission.CodeUnknownPlanKind, func(rs *commission.RuleSet) { rs.Plans[2].Kind = "auction" }},
		} {
			bad := ruleSet("v1", day(1), day(10)) // replacing v1 with a bad version
			c.edit(&bad)
			err := s.SaveRuleSet(ctx, bad)
			require.ErrorIs(t, err, shopkit.ErrInvalid, c.code)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
		}
		got, err := s.RuleSets(ctx)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assertRuleSet(t, want, got[0])
	})

	t.Run("MarkerRoundTrip", func(t *testing.T) {
		s := newStore()
		m := commission.Marker{OrderID: uuid.New(), MerchantID: m1, Statement: "m1/a", CutOff: day(2),
			Commission: []shopkit.Money{shopkit.CNY(12), shopkit.CNY(0)}}
		_, found, err := s.Marker(ctx, m.OrderID)
		require.NoError(t, err)
		assert.False(t, found)
		require.NoError(t, s.MarkSettled(ctx, m))
		got, found, err := s.Marker(ctx, m.OrderID)
		require.NoError(t, err)
		require.True(t, found)
		assert.True(t, m.Equal(got), "got %+v", got)
		got.Commission[0] = shopkit.CNY(99) // a copy: the store is unaffected
		again, _, err := s.Marker(ctx, m.OrderID)
		require.NoError(t, err)
		assert.True(t, m.Equal(again))
	})

	t.Run("SettlesExactlyOnce_R4_5", func(t *testing.T) {
		s := newStore()
		m := commission.Marker{OrderID: uuid.New(), MerchantID: m1, Statement: "m1/a", CutOff: day(2),
			Commission: []shopkit.Money{shopkit.CNY(1)}}
		require.NoError(t, s.MarkSettled(ctx, m))
		require.NoError(t, s.MarkSettled(ctx, m), "the same statement again is a no-op")
		other := m
		other.Statement, other.CutOff = "m1/b", day(3)
		err := s.MarkSettled(ctx, other)
		require.ErrorIs(t, err, shopkit.ErrConflict)
		assert.Equal(t, commission.CodeAlreadySettled, shopkit.CodeOf(err))
		got, _, err := s.Marker(ctx, m.OrderID)
		require.NoError(t, err)
		assert.Equal(t, "m1/a", got.Statement)
	})

	t.Run("BatchSettlesExactlyOnce_R4_5", func(t *testing.T) {
		s := newStore()
		b, ok := s.(commission.BatchStore)
		if !ok {
			t.Skip("the store does not implement commission.BatchStore")
		}
		settled := commission.Marker{OrderID: uuid.New(), MerchantID: m1, Statement: "m1/a", CutOff: day(2),
			Commission: []shopkit.Money{shopkit.CNY(1)}}
		require.NoError(t, s.MarkSettled(ctx, settled))
		buf := []shopkit.Money{shopkit.CNY(2), shopkit.CNY(3)}
		fresh := commission.Marker{OrderID: uuid.New(), MerchantID: m1, Statement: "m1/b", CutOff: day(3), Commission: buf}
		again := settled
		again.Statement = "m1/b"
		after := commission.Marker{OrderID: uuid.New(), MerchantID: m1, Statement: "m1/b", CutOff: day(3)}
		require.NoError(t, b.MarkSettledBatch(ctx, []commission.Marker{fresh, settled}), "a repeat is a no-op")
		buf[0] = shopkit.CNY(99) // the run reuses its buffers after the call
		got, found, err := s.Marker(ctx, fresh.OrderID)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, []shopkit.Money{shopkit.CNY(2), shopkit.CNY(3)}, got.Commission, "the store keeps no caller's slice")
		err = b.MarkSettledBatch(ctx, []commission.Marker{again, after})
		require.ErrorIs(t, err, shopkit.ErrConflict, "an order settled by another statement")
		assert.Equal(t, commission.CodeAlreadySettled, shopkit.CodeOf(err))
		_, found, err = s.Marker(ctx, after.OrderID)
		require.NoError(t, err)
		assert.False(t, found, "nothing after the failing marker is written")
		got, _, err = s.Marker(ctx, settled.OrderID)
		require.NoError(t, err)
		assert.Equal(t, "m1/a", got.Statement)
	})

	t.Run("ConcurrentRunsSettleOnce_R4_5", func(t *testing.T) {
		s := newStore()
		id := uuid.New()
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.MarkSettled(ctx, commission.Marker{OrderID: id, MerchantID: m1,
					Statement: "m1/" + string(rune('a'+i)), CutOff: day(2), Commission: []shopkit.Money{shopkit.CNY(1)}})
				if err == nil {
					wins.Add(1)
				} else {
					assert.ErrorIs(t, err, shopkit.ErrConflict)
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, int32(1), wins.Load())
	})

	t.Run("StatementsSavedOnce_R4_5", func(t *testing.T) {
		s := newStore()
		st := commission.Statement{Key: "m1/x", MerchantID: m1, Period: commission.Period{Start: day(1), End: day(2)},
			Currency: shopkit.CurrencyCNY, Orders: 2, Adjustments: 1, Deposits: 1,
			Paid: shopkit.CNY(1000), Refunds: shopkit.CNY(100), Commission: shopkit.CNY(50),
			CommissionReversed: shopkit.CNY(5), Advances: shopkit.CNY(20), DepositChanges: shopkit.CNY(7),
			Net: shopkit.CNY(835), Payout: shopkit.CNY(828), SettledAt: day(2), PayoutDue: day(12)}
		_, err := s.Statement(ctx, st.Key)
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.Equal(t, commission.CodeStatementNotFound, shopkit.CodeOf(err))
		require.NoError(t, s.SaveStatement(ctx, st))
		require.NoError(t, s.SaveStatement(ctx, st), "the same statement again is a no-op")
		got, err := s.Statement(ctx, st.Key)
		require.NoError(t, err)
		assert.True(t, st.Equal(got), "got %+v", got)
		changed := st
		changed.Refunds = shopkit.CNY(101)
		err = s.SaveStatement(ctx, changed)
		require.ErrorIs(t, err, shopkit.ErrConflict)
		assert.Equal(t, commission.CodeStatementChanged, shopkit.CodeOf(err))
		got, err = s.Statement(ctx, st.Key)
		require.NoError(t, err)
		assert.True(t, st.Equal(got))
	})

	// R4.5, R2.8: a merchant's statements, newest period first, ties (one
	// period start, a nanosecond apart or equal) by key descending; paging
	// with any limit lists each once; another merchant's are left out.
	t.Run("ListStatements_R4_5", func(t *testing.T) {
		s := newStore()
		m2 := uuid.MustParse("00000000-0000-0000-0000-0000000000a2")
		saved := func(key string, merchant uuid.UUID, start time.Time) string {
			require.NoError(t, s.SaveStatement(ctx, commission.Statement{Key: key, MerchantID: merchant,
				Period: commission.Period{Start: start, End: start.Add(24 * time.Hour)}, Currency: shopkit.CurrencyCNY,
				Paid: shopkit.CNY(0), Refunds: shopkit.CNY(0), Commission: shopkit.CNY(0), CommissionReversed: shopkit.CNY(0),
				Advances: shopkit.CNY(0), DepositChanges: shopkit.CNY(0), Net: shopkit.CNY(0), Payout: shopkit.CNY(0),
				SettledAt: start.Add(24 * time.Hour), PayoutDue: start.Add(10 * 24 * time.Hour)}))
			return key
		}
		oct1 := saved("m1/2026-10-01", m1, day(1))
		oct2a := saved("m1/2026-10-02/a", m1, day(2))
		oct2b := saved("m1/2026-10-02/b", m1, day(2))
		late := saved("m1/2026-10-02/late", m1, day(2).Add(time.Nanosecond))
		oct3 := saved("m1/2026-10-03", m1, day(3))
		other := saved("m2/2026-10-03", m2, day(3))
		key := func(st commission.Statement) string { return st.Key }
		list := func(merchant uuid.UUID) storetest.ListFunc[commission.Statement] {
			return func(p shopkit.PageRequest) (shopkit.Page[commission.Statement], error) {
				return s.ListStatements(ctx, merchant, p)
			}
		}
		storetest.CheckPaging(t, list(m1), key, []string{oct3, late, oct2b, oct2a, oct1})
		storetest.CheckPaging(t, list(m2), key, []string{other})
		storetest.CheckPaging(t, list(uuid.New()), key, nil)
		p, err := s.ListStatements(ctx, m2, shopkit.PageRequest{Limit: 1})
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		want, err := s.Statement(ctx, other)
		require.NoError(t, err)
		assert.True(t, want.Equal(p.Items[0]), "the listed statement is whole")
	})

	t.Run("CanceledContext", func(t *testing.T) {
		s := newStore()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		err := s.MarkSettled(cctx, commission.Marker{OrderID: uuid.New(), Statement: "x"})
		require.True(t, errors.Is(err, context.Canceled))
	})
}

// assertRuleSet compares two rule sets field by field (decimals by value, times by
// instant).
func assertRuleSet(t testing.TB, want, got commission.RuleSet) {
	t.Helper()
	assert.Equal(t, want.ID, got.ID)
	assert.True(t, want.From.Equal(got.From))
	assert.True(t, want.To.Equal(got.To))
	assert.Equal(t, want.Currency, got.Currency)
	assert.Equal(t, want.Rounding, got.Rounding)
	assert.True(t, want.DefaultRate.Equal(got.DefaultRate))
	require.Len(t, got.Categories, len(want.Categories))
	for k, v := range want.Categories {
		assert.True(t, v.Equal(got.Categories[k]), k)
	}
	require.Len(t, got.Listings, len(want.Listings))
	for k, v := range want.Listings {
		assert.True(t, v.Equal(got.Listings[k]), k.String())
	}
	require.Len(t, got.Plans, len(want.Plans))
	for i, p := range want.Plans {
		g := got.Plans[i]
		assert.Equal(t, p.ID, g.ID)
		assert.Equal(t, p.Kind, g.Kind)
		assert.Equal(t, p.Rate == nil, g.Rate == nil)
		if p.Rate != nil && g.Rate != nil {
			assert.True(t, p.Rate.Equal(*g.Rate))
		}
		require.Len(t, g.Tiers, len(p.Tiers))
		for j := range p.Tiers {
			assert.True(t, p.Tiers[j].From.Equal(g.Tiers[j].From))
			assert.True(t, p.Tiers[j].Rate.Equal(g.Tiers[j].Rate))
		}
		assert.True(t, p.Fixed.Equal(g.Fixed))
		assert.Equal(t, p.Min, g.Min)
		assert.Equal(t, p.Max, g.Max)
	}
	assert.Equal(t, want.DefaultPlan, got.DefaultPlan)
	require.Equal(t, want.Promotion == nil, got.Promotion == nil)
	if want.Promotion != nil {
		assert.Equal(t, want.Promotion.Months, got.Promotion.Months)
		assert.True(t, want.Promotion.Rate.Equal(got.Promotion.Rate))
		assert.Equal(t, want.Promotion.TimeZone, got.Promotion.TimeZone)
	}
}

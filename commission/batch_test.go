package commission_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

// plainStore hides the BatchStore of the store it wraps.
type plainStore struct{ commission.Store }

// R4.5: a run on a store taking markers in batches (several batches, as more
// orders settle than one batch holds) gives the same statements, lines and markers
// as a run writing them one by one, and a re-run of the period changes nothing.
func TestStatements_BatchStoreSameAsSingle_R4_5(t *testing.T) {
	const merchants, orders = 37, 5000
	ids := make([]uuid.UUID, merchants)
	ms := map[uuid.UUID]commission.Merchant{}
	plans := []string{"pct", "fixed", "mix", "tiers"}
	for i := range ids {
		ids[i] = merchantID(fmt.Sprintf("m%02d", i))
		ms[ids[i]] = commission.Merchant{ID: ids[i], Plan: plans[i%4]}
	}
	p := must(commission.NewPeriod(at(t, "2026-03-01 00:00:00"), at(t, "2026-04-01 00:00:00")))
	run := func(store commission.Store) ([]commission.Statement, []commission.StatementLine) {
		s := newSettler(t, commission.SettlerConfig{Schedule: must(commission.NewSchedule(baseRules(t))), Store: store,
			Policy: commission.DefaultPolicy(), Merchants: ms})
		var lines []commission.StatementLine
		sts, err := s.Statements(context.Background(), commission.Run{Period: p,
			Orders: records(orders, merchants, at(t, "2026-03-02 12:00:00"), ids),
			Emit:   func(l commission.StatementLine) error { lines = append(lines, l); return nil }})
		require.NoError(t, err)
		return sts, lines
	}
	batch, single := commissiontest.NewStore(), commissiontest.NewStore()
	var _ commission.BatchStore = batch
	bs, bl := run(batch)
	ss, sl := run(plainStore{single})
	require.Equal(t, sl, bl)
	require.Len(t, bs, merchants)
	require.Equal(t, ss, bs)
	require.Equal(t, orders, batch.Markers())
	require.Equal(t, single.Markers(), batch.Markers())
	var total int64
	for _, l := range bl {
		total += l.Commission.Amount()
	}
	require.Positive(t, total)

	again, lines := run(batch)
	require.Equal(t, bs, again, "a re-run gives the same statements")
	require.Equal(t, bl, lines)
}

// failingBatch refuses every batch of markers.
type failingBatch struct{ *commissiontest.Store }

func (failingBatch) MarkSettledBatch(context.Context, []commission.Marker) error {
	return commission.ErrAlreadySettled(uuid.Nil, "other")
}

// R4.5: a batch of markers that fails fails the run before any statement is saved.
func TestStatements_FailedBatchSavesNothing_R4_5(t *testing.T) {
	ids := []uuid.UUID{merchantID("m1"), merchantID("m2")}
	store := commissiontest.NewStore()
	s := newSettler(t, commission.SettlerConfig{Schedule: must(commission.NewSchedule(baseRules(t))), Store: failingBatch{store},
		Policy: commission.DefaultPolicy()})
	p := must(commission.NewPeriod(at(t, "2026-03-01 00:00:00"), at(t, "2026-04-01 00:00:00")))
	_, err := s.Statements(context.Background(), commission.Run{Period: p,
		Orders: records(10, len(ids), at(t, "2026-03-02 12:00:00"), ids)})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	for _, id := range ids {
		_, err := store.Statement(context.Background(), commission.StatementKey(id, p))
		require.ErrorIs(t, err, shopkit.ErrNotFound, "no statement saved for %s", id)
	}
}

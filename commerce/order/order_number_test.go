package order_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.2: the default numbers are digits only: the instant in Asia/Shanghai to the
// second, then a zero-padded per-second sequence.
func TestSequenceNumberer_Format_R0_2(t *testing.T) {
	n, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	at := time.Date(2026, 11, 22, 16, 30, 5, 0, time.UTC) // 00:30:05 on the 23rd in Shanghai
	first, err := n.Next(t.Context(), at)
	require.NoError(t, err)
	assert.Equal(t, "20261123003005000001", first)
	second, err := n.Next(t.Context(), at.Add(999*time.Millisecond))
	require.NoError(t, err)
	assert.Equal(t, "20261123003005000002", second)
	next, err := n.Next(t.Context(), at.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, "20261123003006000001", next, "the sequence restarts every second")

	withNode, err := order.NewSequenceNumberer(order.SequenceConfig{Node: "07", SequenceDigits: 4, Location: time.UTC})
	require.NoError(t, err)
	s, err := withNode.Next(t.Context(), at)
	require.NoError(t, err)
	assert.Equal(t, "20261122163005"+"07"+"0001", s)
}

// R0.2: 64 goroutines numbering at once get unique, digits-only numbers of one
// length; each goroutine's numbers grow with its (non-decreasing) clock, and no
// number is older than the second it was asked for. Sortable by time also holds
// when the clock goes back.
func TestSequenceNumberer_UniqueAndSorted_R0_2(t *testing.T) {
	n, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	const workers, each = 64, 300
	var wg sync.WaitGroup
	got := make([][]string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				at := t0.Add(time.Duration(i/100) * time.Second)
				s, err := n.Next(t.Context(), at)
				if !assert.NoError(t, err) {
					return
				}
				if !assert.GreaterOrEqual(t, s[:14], at.In(shanghai).Format("20060102150405")) {
					return
				}
				got[w] = append(got[w], s)
			}
		}()
	}
	wg.Wait()
	var all []string
	for w, mine := range got {
		require.Len(t, mine, each)
		assert.True(t, slices.IsSorted(mine), "worker %d: numbers grow with its clock", w)
		all = append(all, mine...)
	}
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	assert.Len(t, slices.Compact(sorted), workers*each, "no duplicates")
	for _, s := range all {
		require.Len(t, s, 20)
		require.Equal(t, -1, strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }), "digits only: %q", s)
	}

	// Sortable by time: later instants give larger numbers; a clock that goes back
	// keeps to the latest second.
	m, _ := order.NewSequenceNumberer(order.SequenceConfig{})
	var seq []string
	for _, at := range []time.Time{t0, t0.Add(time.Second), t0.Add(time.Hour), t0, t0.Add(2 * time.Hour)} {
		s, err := m.Next(t.Context(), at)
		require.NoError(t, err)
		seq = append(seq, s)
	}
	assert.True(t, slices.IsSorted(seq), "%v", seq)
	assert.Len(t, slices.Compact(slices.Clone(seq)), len(seq))
}

// R0.2: a used-up second is an error, never a duplicate; bad configuration is
// rejected.
func TestSequenceNumberer_Limits_R0_2(t *testing.T) {
	n, err := order.NewSequenceNumberer(order.SequenceConfig{SequenceDigits: 1})
	require.NoError(t, err)
	for i := 1; i <= 9; i++ {
		_, err := n.Next(t.Context(), t0)
		require.NoError(t, err, i)
	}
	_, err = n.Next(t.Context(), t0)
	assert.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, order.CodeNumbersExhausted, shopkit.CodeOf(err))
	_, err = n.Next(t.Context(), t0.Add(time.Second))
	assert.NoError(t, err)

	for _, cfg := range []order.SequenceConfig{{Node: "12345"}, {Node: "a1"}, {SequenceDigits: 10}, {SequenceDigits: -1}} {
		_, err := order.NewSequenceNumberer(cfg)
		assert.Equal(t, order.CodeInvalidNumberer, shopkit.CodeOf(err), "%+v", cfg)
	}
}

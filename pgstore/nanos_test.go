package pgstore

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// An instant outside what an int64 of nanoseconds holds keeps its place in
// the order: clamped to the first or last instant it holds, exactly at each
// bound and one nanosecond beyond.
func TestNanosClamps(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(math.MinInt64), nanos(time.Time{}), "the zero time")
	assert.Equal(t, int64(math.MinInt64), nanos(firstNanos))
	assert.Equal(t, int64(math.MinInt64), nanos(firstNanos.Add(-time.Nanosecond)))
	assert.Equal(t, int64(math.MinInt64+1), nanos(firstNanos.Add(time.Nanosecond)))
	assert.Equal(t, int64(math.MaxInt64), nanos(lastNanos))
	assert.Equal(t, int64(math.MaxInt64), nanos(lastNanos.Add(time.Nanosecond)))
	assert.Equal(t, int64(math.MaxInt64-1), nanos(lastNanos.Add(-time.Nanosecond)))
	assert.Equal(t, int64(math.MaxInt64), nanos(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)))
	at := time.Date(2026, 11, 11, 0, 0, 0, 7, time.UTC)
	assert.Equal(t, at.UnixNano(), nanos(at), "an instant in range is exact")
}

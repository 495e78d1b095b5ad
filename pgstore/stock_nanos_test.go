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
func TestBoundedNanos(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(math.MinInt64), boundedNanos(time.Time{}), "the zero time")
	assert.Equal(t, int64(math.MinInt64), boundedNanos(firstNanos))
	assert.Equal(t, int64(math.MinInt64), boundedNanos(firstNanos.Add(-time.Nanosecond)))
	assert.Equal(t, int64(math.MinInt64+1), boundedNanos(firstNanos.Add(time.Nanosecond)))
	assert.Equal(t, int64(math.MaxInt64), boundedNanos(lastNanos))
	assert.Equal(t, int64(math.MaxInt64), boundedNanos(lastNanos.Add(time.Nanosecond)))
	assert.Equal(t, int64(math.MaxInt64-1), boundedNanos(lastNanos.Add(-time.Nanosecond)))
	assert.Equal(t, int64(math.MaxInt64), boundedNanos(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)))
	at := time.Date(2026, 11, 11, 0, 0, 0, 7, time.UTC)
	assert.Equal(t, at.UnixNano(), boundedNanos(at), "an instant in range is exact")
}

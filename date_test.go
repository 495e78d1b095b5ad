package shopkit_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

func TestParseDate_R0_3(t *testing.T) {
	d, err := shopkit.ParseDate("2026-10-01")
	require.NoError(t, err)
	assert.Equal(t, shopkit.Date{Year: 2026, Month: time.October, Day: 1}, d)
	assert.Equal(t, "2026-10-01", d.String())
	assert.Equal(t, time.Thursday, d.Weekday())

	for _, bad := range []string{"", "2026-02-29", "2026-13-01", "2026-1-1", "01.10.2026", "2026-10-01T00:00:00Z"} {
		_, err := shopkit.ParseDate(bad)
		assert.ErrorIs(t, err, shopkit.ErrInvalid, bad)
		assert.Equal(t, "shopkit.invalid_date", shopkit.CodeOf(err), bad)
	}
}

func TestDate_CompareAndValid(t *testing.T) {
	a, b := calDate(t, "2026-09-30"), calDate(t, "2026-10-01")
	assert.True(t, a.Before(b))
	assert.False(t, b.Before(a))
	assert.True(t, b.After(a))
	assert.False(t, a.After(a))
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(a))
	assert.Equal(t, b, a.AddDays(1))
	assert.Equal(t, calDate(t, "2024-02-29"), calDate(t, "2024-03-01").AddDays(-1), "leap day")

	assert.True(t, shopkit.Date{Year: 2024, Month: 2, Day: 29}.IsValid())
	assert.False(t, shopkit.Date{Year: 2026, Month: 2, Day: 29}.IsValid())
	assert.False(t, shopkit.Date{Year: 2100, Month: 2, Day: 29}.IsValid(), "not a leap year")
	assert.True(t, shopkit.Date{Year: 2000, Month: 2, Day: 29}.IsValid(), "a leap year")
	assert.False(t, shopkit.Date{Year: 2026, Month: 0, Day: 1}.IsValid())
	assert.False(t, shopkit.Date{Year: 2026, Month: 1, Day: 0}.IsValid())
	assert.False(t, shopkit.Date{}.IsValid())
}

// Date arithmetic agrees with the time package over a wide range of dates.
func TestDate_AgreesWithTimePackage(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for range 5000 {
		base := time.Date(1600+rng.IntN(900), time.January, 1+rng.IntN(366), 0, 0, 0, 0, time.UTC)
		n := rng.IntN(40000) - 20000
		d := shopkit.DateOf(base, time.UTC)
		want := shopkit.DateOf(base.AddDate(0, 0, n), nil)
		require.Equal(t, want, d.AddDays(n), "%s + %d", d, n)
		require.Equal(t, base.Weekday(), d.Weekday(), d.String())
		require.True(t, d.IsValid())
	}
}

func TestDateOf_Zone_R0_3(t *testing.T) {
	sh := calZone(t, "Asia/Shanghai")
	utc := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC) // 2026-10-01 00:00 in Shanghai
	assert.Equal(t, calDate(t, "2026-10-01"), shopkit.DateOf(utc, sh))
	assert.Equal(t, calDate(t, "2026-09-30"), shopkit.DateOf(utc.Add(-time.Nanosecond), sh))
	assert.Equal(t, calDate(t, "2026-09-30"), shopkit.DateOf(utc, nil), "nil means t's own zone")
	assert.Equal(t, calDate(t, "2026-10-01"), shopkit.DefaultCalendar().DateOf(utc))
}

func TestDate_JSON(t *testing.T) {
	var v struct{ Holidays []shopkit.Date }
	require.NoError(t, json.Unmarshal([]byte(`{"Holidays":["2026-10-01","2026-10-02"]}`), &v))
	assert.Equal(t, calDates(t, "2026-10-01", "2026-10-02"), v.Holidays)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"Holidays":["2026-10-01","2026-10-02"]}`, string(out))
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"Holidays":["2026-10-32"]}`), &v), shopkit.ErrInvalid)
}

func TestParseClockTime_R0_3(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want shopkit.ClockTime
	}{
		{"00:00", 0}, {"09:00", shopkit.ClockAt(9, 0)}, {"13:30", shopkit.ClockAt(13, 30)},
		{"23:59", shopkit.ClockAt(23, 59)}, {"24:00", shopkit.ClockAt(24, 0)},
	} {
		got, err := shopkit.ParseClockTime(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got)
		assert.Equal(t, tt.in, got.String())
	}
	for _, bad := range []string{"", "9:00", "24:01", "25:00", "12:60", "12-00", "ab:cd", "09:00:00"} {
		_, err := shopkit.ParseClockTime(bad)
		assert.Equal(t, "shopkit.invalid_hours", shopkit.CodeOf(err), bad)
	}
	assert.Equal(t, "09:00-24:00", calWindow(9, 0, 24, 0).String())
}

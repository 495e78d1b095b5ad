package shopkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// cnCalendar2026 returns the default calendar of R0.3 (Asia/Shanghai, Saturday and
// Sunday rest days, 09:00–24:00) with the 2026 public holidays and make-up working
// days (调休) of mainland China as published by the State Council General Office
// in November 2025. They are test data only: the library ships no holiday tables,
// hosts supply their own calendar data each year (CalendarConfig.Holidays and
// MakeUpDays, or their own WorkingCalendar). If an official date ever differs, fix
// it here.
//
//	New Year        01-01 … 01-03   make-up 01-04 (Sun)
//	Spring Festival 02-15 … 02-23   make-up 02-14 (Sat), 02-28 (Sat)
//	Qingming        04-04 … 04-06
//	Labour Day      05-01 … 05-05   make-up 05-09 (Sat)
//	Dragon Boat     06-19 … 06-21
//	Mid-Autumn      09-25 … 09-27
//	National Day    10-01 … 10-07   make-up 09-20 (Sun), 10-10 (Sat)
func cnCalendar2026(t testing.TB) *shopkit.Calendar {
	t.Helper()
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays:   cn2026Holidays(t),
		MakeUpDays: calDates(t, "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
	})
	require.NoError(t, err)
	return cal
}

// cn2026Holidays lists every holiday date of cnCalendar2026.
func cn2026Holidays(t testing.TB) []shopkit.Date {
	t.Helper()
	var out []shopkit.Date
	for _, r := range [][2]string{
		{"2026-01-01", "2026-01-03"},
		{"2026-02-15", "2026-02-23"},
		{"2026-04-04", "2026-04-06"},
		{"2026-05-01", "2026-05-05"},
		{"2026-06-19", "2026-06-21"},
		{"2026-09-25", "2026-09-27"},
		{"2026-10-01", "2026-10-07"},
	} {
		from, to := calDate(t, r[0]), calDate(t, r[1])
		for d := from; !d.After(to); d = d.AddDays(1) {
			out = append(out, d)
		}
	}
	return out
}

// calDate parses a "2006-01-02" date or fails the test.
func calDate(t testing.TB, s string) shopkit.Date {
	t.Helper()
	d, err := shopkit.ParseDate(s)
	require.NoError(t, err)
	return d
}

func calDates(t testing.TB, ss ...string) []shopkit.Date {
	t.Helper()
	out := make([]shopkit.Date, len(ss))
	for i, s := range ss {
		out[i] = calDate(t, s)
	}
	return out
}

// calZone loads a time zone or fails the test.
func calZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// calAt parses "2006-01-02 15:04:05" as a wall-clock time in loc.
func calAt(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	ts, err := time.ParseInLocation(time.DateTime, s, loc)
	require.NoError(t, err)
	return ts
}

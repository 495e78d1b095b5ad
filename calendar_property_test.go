package shopkit_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// propertyCalendars are calendars with holidays, lunch breaks, closed weekdays and
// windows that cross DST changes.
func propertyCalendars(t *testing.T) map[string]*shopkit.Calendar {
	t.Helper()
	berlin, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		TimeZone: "Europe/Berlin",
		Holidays: calDates(t, "2026-04-03", "2026-04-06", "2026-12-25", "2026-12-26"),
		Hours:    []shopkit.Window{calWindow(1, 0, 4, 0), calWindow(9, 0, 24, 0)},
	})
	require.NoError(t, err)
	newYork, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		TimeZone:     "America/New_York",
		Hours:        []shopkit.Window{calWindow(1, 30, 2, 30), calWindow(8, 0, 20, 0)},
		WeekdayHours: map[time.Weekday][]shopkit.Window{time.Sunday: {}},
	})
	require.NoError(t, err)
	return map[string]*shopkit.Calendar{
		"cn2026 09-24":         cnCalendar2026(t),
		"cn2026 office":        cnOfficeHours2026(t),
		"berlin 01-04 + 09-24": berlin,
		"new york":             newYork,
	}
}

// R0.3: BusinessTimeBetween(a, AddBusinessTime(a, d)) == d for random a and d,
// inside and outside open hours, across holidays and DST changes.
func TestBusinessTime_RoundTripProperty_R0_3(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 3))
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, cal := range propertyCalendars(t) {
		t.Run(name, func(t *testing.T) {
			for range 2000 {
				a := year.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
				if rng.IntN(2) == 0 {
					a = cal.NextOpen(a)
					require.True(t, cal.IsOpen(a))
				}
				d := time.Duration(rng.Int64N(int64(200 * time.Hour)))
				if rng.IntN(4) == 0 {
					d = time.Duration(rng.Int64N(int64(time.Hour))) // short
				}
				b := cal.AddBusinessTime(a, d)
				require.False(t, b.Before(a), "a=%s d=%s", a, d)
				require.Equal(t, d, cal.BusinessTimeBetween(a, b), "a=%s d=%s b=%s", a, d, b)
				if d > 0 {
					require.True(t, cal.IsOpen(b.Add(-time.Nanosecond)), "a=%s d=%s b=%s", a, d, b)
				}
				// Additivity at a random midpoint.
				m := a.Add(time.Duration(rng.Int64N(int64(b.Sub(a)) + 1)))
				require.Equal(t, d, cal.BusinessTimeBetween(a, m)+cal.BusinessTimeBetween(m, b))
			}
		})
	}
}

// R0.3: BusinessTimeBetween agrees with a minute-by-minute count of IsOpen over
// random spans of up to three days (windows and DST changes fall on whole minutes).
func TestBusinessTime_MinuteCountProperty_R0_3(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Spans starting near each DST change of 2026 in Berlin and New York, and
	// anywhere in the year.
	near := []time.Time{
		time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC),
	}
	for name, cal := range propertyCalendars(t) {
		t.Run(name, func(t *testing.T) {
			for i := range 24 {
				base := year.Add(time.Duration(rng.Int64N(365*24)) * time.Hour)
				if i < 2*len(near) {
					base = near[i%len(near)]
				}
				a := base.Add(time.Duration(rng.Int64N(24*60)) * time.Minute)
				b := a.Add(time.Duration(rng.Int64N(3*24*60)) * time.Minute)
				var want time.Duration
				for m := a; m.Before(b); m = m.Add(time.Minute) {
					if cal.IsOpen(m) {
						want += time.Minute
					}
				}
				require.Equal(t, want, cal.BusinessTimeBetween(a, b), "a=%s b=%s", a, b)
			}
		})
	}
}

// R0.3: EndOfWorkingDay(t, n) is the end of a working day, with exactly n working
// days strictly between the start day and it (counting the deadline's day).
func TestEndOfWorkingDay_CountProperty_R0_3(t *testing.T) {
	cal := cnCalendar2026(t)
	rng := rand.New(rand.NewPCG(1, 2))
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 500 {
		start := year.Add(time.Duration(rng.Int64N(int64(330 * 24 * time.Hour))))
		n := 1 + rng.IntN(30)
		end := cal.EndOfWorkingDay(start, n)
		last := cal.DateOf(end.Add(-time.Nanosecond))
		require.True(t, cal.IsWorkingDate(last))
		count := 0
		for d := cal.DateOf(start).AddDays(1); !d.After(last); d = d.AddDays(1) {
			if cal.IsWorkingDate(d) {
				count++
			}
		}
		require.Equal(t, n, count, "start=%s n=%d end=%s", start, n, end)
		require.Equal(t, last, cal.DateOf(cal.AddWorkingDays(start, n)), "AddWorkingDays lands on the same day")
	}
}

// R0.3: EndOfWorkingDay jumps whole weeks outside the holidays' span; it agrees
// with counting day by day (IsWorkingDate) for random starts and n, forwards and
// backwards, across the holidays and make-up days and far beyond them.
func TestEndOfWorkingDay_MatchesDayByDay_R0_3(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	for name, cal := range propertyCalendars(t) {
		t.Run(name, func(t *testing.T) {
			for range 300 {
				start := time.Date(2025, 6, 1, 12, 0, 0, 0, cal.Location()).AddDate(0, 0, rng.IntN(900))
				n := rng.IntN(1500) - 750
				want := cal.DateOf(start)
				for left := n; left != 0; {
					step := 1
					if left < 0 {
						step = -1
					}
					want = want.AddDays(step)
					if cal.IsWorkingDate(want) {
						left -= step
					}
				}
				require.Equal(t, want, cal.DateOf(cal.EndOfWorkingDay(start, n).Add(-time.Nanosecond)),
					"start %s, n %d", start, n)
			}
		})
	}
}

// R0.3: the cost does not grow with n: 2^28 working days (the finding: over a
// second day by day) are whole weeks on a calendar without holidays, and n is
// capped at a million working days.
func TestEndOfWorkingDay_LargeN_R0_3(t *testing.T) {
	cal := shopkit.DefaultCalendar()
	monday := time.Date(2026, 11, 2, 10, 0, 0, 0, cal.Location())
	got := cal.EndOfWorkingDay(monday, 5*200_000)
	require.Equal(t, cal.DateOf(monday).AddDays(7*200_000), cal.DateOf(got.Add(-time.Nanosecond)))
	require.Equal(t, got, cal.EndOfWorkingDay(monday, 1<<28), "n beyond the cap counts the cap")
	require.Equal(t, cal.AddWorkingDays(monday, -1_000_000), cal.AddWorkingDays(monday, -(1<<28)))
}

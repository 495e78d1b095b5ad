package shopkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

func calWindow(h1, m1, h2, m2 int) shopkit.Window {
	return shopkit.Window{Start: shopkit.ClockAt(h1, m1), End: shopkit.ClockAt(h2, m2)}
}

// cnOfficeHours2026 is an office calendar on the 2026 China holidays: 09:00–12:00
// and 13:00–18:00, closed on weekends but open on make-up days.
func cnOfficeHours2026(t testing.TB) *shopkit.Calendar {
	t.Helper()
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays:   cn2026Holidays(t),
		MakeUpDays: calDates(t, "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
		Hours:      []shopkit.Window{calWindow(13, 0, 18, 0), calWindow(9, 0, 12, 0)},
		WeekdayHours: map[time.Weekday][]shopkit.Window{
			time.Saturday: {},
			time.Sunday:   nil,
		},
	})
	require.NoError(t, err)
	return cal
}

type addCase struct {
	name  string
	start string
	d     time.Duration
	want  string
}

func runAddCases(t *testing.T, cal *shopkit.Calendar, tests []addCase) {
	t.Helper()
	loc := cal.Location()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, want := calAt(t, loc, tt.start), calAt(t, loc, tt.want)
			got := cal.AddBusinessTime(start, tt.d)
			assert.True(t, want.Equal(got), "got %s want %s", got, want)
			assert.Equal(t, loc, got.Location())
			if tt.d > 0 {
				assert.Equal(t, tt.d, cal.BusinessTimeBetween(start, got))
				assert.True(t, cal.IsOpen(got.Add(-time.Nanosecond)), "the last nanosecond counted was open")
			}
		})
	}
}

// R0.3, R6.3: business time with the default 09:00–24:00 every day, 2026 China
// holidays closed.
func TestAddBusinessTime_Default_R0_3(t *testing.T) {
	runAddCases(t, cnCalendar2026(t), []addCase{
		{"window ends at 24:00, clock resumes 09:00", "2026-03-02 23:59:59", 2 * time.Second, "2026-03-03 09:00:01"},
		{"exactly the rest of the window ends at midnight", "2026-03-02 23:59:59", time.Second, "2026-03-03 00:00:00"},
		{"start in closed hours starts at the opening", "2026-03-02 03:00:00", time.Hour, "2026-03-02 10:00:00"},
		{"start at the opening", "2026-03-02 09:00:00", time.Hour, "2026-03-02 10:00:00"},
		{"a full day of business time", "2026-03-02 09:00:00", 15 * time.Hour, "2026-03-03 00:00:00"},
		{"a full day and 1s", "2026-03-02 09:00:00", 15*time.Hour + time.Second, "2026-03-03 09:00:01"},
		{"weekends are open", "2026-03-07 23:30:00", time.Hour, "2026-03-08 09:30:00"},
		{"a week of business time", "2026-03-02 09:00:00", 7 * 15 * time.Hour, "2026-03-09 00:00:00"},
		{"holidays are closed", "2026-09-30 23:00:00", 2 * time.Hour, "2026-10-08 10:00:00"},
		{"start on a holiday", "2026-10-03 12:00:00", 30 * time.Minute, "2026-10-08 09:30:00"},
		{"zero duration returns t even when closed", "2026-03-02 03:00:00", 0, "2026-03-02 03:00:00"},
		{"negative duration returns t", "2026-03-02 10:00:00", -time.Hour, "2026-03-02 10:00:00"},
	})
	d := 2*time.Second + 500*time.Millisecond
	start := calAt(t, shopkit.DefaultCalendar().Location(), "2026-03-02 23:59:59")
	assert.Equal(t, 500*time.Millisecond,
		shopkit.DefaultCalendar().AddBusinessTime(start, d).Sub(calAt(t, start.Location(), "2026-03-03 09:00:01")),
		"sub-second precision survives the closed hours")

	opening := calAt(t, start.Location(), "2026-03-02 09:00:00")
	nextOpening := calAt(t, start.Location(), "2026-03-03 09:00:00")
	assert.True(t, nextOpening.Add(time.Nanosecond).Equal(
		shopkit.DefaultCalendar().AddBusinessTime(opening, 15*time.Hour+time.Nanosecond)),
		"1ns more than the day holds runs into the next opening")
}

// R0.3, R6.3: more than one window a day, weekends closed, make-up days open.
func TestAddBusinessTime_MultipleWindows_R0_3(t *testing.T) {
	runAddCases(t, cnOfficeHours2026(t), []addCase{
		{"across lunch", "2026-03-02 11:30:00", time.Hour, "2026-03-02 13:30:00"},
		{"start at lunch", "2026-03-02 12:30:00", time.Hour, "2026-03-02 14:00:00"},
		{"end exactly at lunch", "2026-03-02 11:00:00", time.Hour, "2026-03-02 12:00:00"},
		{"a working day of 8 hours", "2026-03-02 09:00:00", 8 * time.Hour, "2026-03-02 18:00:00"},
		{"Friday evening to Monday", "2026-03-06 17:00:00", 2 * time.Hour, "2026-03-09 10:00:00"},
		{"make-up Saturday is open", "2026-02-13 17:00:00", 2 * time.Hour, "2026-02-14 10:00:00"},
		{"make-up Saturday to after Spring Festival", "2026-02-14 17:30:00", time.Hour, "2026-02-24 09:30:00"},
		{"across National Day", "2026-09-30 17:00:00", 10 * time.Hour, "2026-10-09 10:00:00"},
	})
}

// R0.3: BusinessTimeBetween counts only open time in [a, b).
func TestBusinessTimeBetween_R0_3(t *testing.T) {
	office := cnOfficeHours2026(t)
	def := cnCalendar2026(t)
	sh := office.Location()
	tests := []struct {
		name string
		cal  *shopkit.Calendar
		a, b string
		want time.Duration
	}{
		{"a day of office hours", office, "2026-03-02 08:00:00", "2026-03-03 08:00:00", 8 * time.Hour},
		{"inside lunch", office, "2026-03-02 12:10:00", "2026-03-02 12:50:00", 0},
		{"around lunch", office, "2026-03-02 11:59:00", "2026-03-02 13:01:00", 2 * time.Minute},
		{"a weekend", office, "2026-03-06 18:00:00", "2026-03-09 09:00:00", 0},
		{"National Day", office, "2026-09-30 00:00:00", "2026-10-09 00:00:00", 16 * time.Hour},
		{"National Day with the make-up Saturday", office, "2026-09-30 00:00:00", "2026-10-11 00:00:00", 32 * time.Hour},
		{"the last second before midnight", def, "2026-03-02 23:59:59", "2026-03-03 09:00:00", time.Second},
		{"a weekend is open by default", def, "2026-03-07 00:00:00", "2026-03-09 00:00:00", 30 * time.Hour},
		{"b before a", def, "2026-03-03 10:00:00", "2026-03-02 10:00:00", 0},
		{"b equals a", def, "2026-03-03 10:00:00", "2026-03-03 10:00:00", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cal.BusinessTimeBetween(calAt(t, sh, tt.a), calAt(t, sh, tt.b)))
		})
	}
}

// R0.3: IsOpen and NextOpen at the edges of the windows.
func TestIsOpenNextOpen_R0_3(t *testing.T) {
	office := cnOfficeHours2026(t)
	sh := office.Location()
	tests := []struct {
		at   string
		open bool
		next string
	}{
		{"2026-03-02 08:59:59", false, "2026-03-02 09:00:00"},
		{"2026-03-02 09:00:00", true, "2026-03-02 09:00:00"},
		{"2026-03-02 11:59:59", true, "2026-03-02 11:59:59"},
		{"2026-03-02 12:00:00", false, "2026-03-02 13:00:00"},
		{"2026-03-02 13:00:00", true, "2026-03-02 13:00:00"},
		{"2026-03-06 18:00:00", false, "2026-03-09 09:00:00"},
		{"2026-03-07 10:00:00", false, "2026-03-09 09:00:00"},
		{"2026-02-14 10:00:00", true, "2026-02-14 10:00:00"},
		{"2026-09-30 18:00:00", false, "2026-10-08 09:00:00"},
		{"2026-10-01 10:00:00", false, "2026-10-08 09:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			at := calAt(t, sh, tt.at)
			assert.Equal(t, tt.open, office.IsOpen(at))
			assert.True(t, calAt(t, sh, tt.next).Equal(office.NextOpen(at)), "next open %s", office.NextOpen(at))
		})
	}
	noon := calAt(t, sh, "2026-03-02 12:00:00")
	assert.True(t, office.IsOpen(noon.Add(-time.Nanosecond)), "1ns before the window closes")
	assert.False(t, office.IsOpen(calAt(t, sh, "2026-03-02 13:00:00").Add(-time.Nanosecond)), "1ns before it opens")
}

// R0.3: holidays have no business hours unless the calendar is open on holidays;
// then they keep their weekday's hours.
func TestOpenOnHolidays_R0_3(t *testing.T) {
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays:       cn2026Holidays(t),
		OpenOnHolidays: true,
		WeekdayHours:   map[time.Weekday][]shopkit.Window{time.Saturday: {calWindow(10, 0, 16, 0)}},
	})
	require.NoError(t, err)
	sh := cal.Location()
	assert.False(t, cal.IsWorkingDate(calDate(t, "2026-10-01")), "still not a working day")
	assert.True(t, cal.IsOpen(calAt(t, sh, "2026-10-01 10:00:00")))
	assert.Equal(t, []shopkit.Window{calWindow(10, 0, 16, 0)}, cal.BusinessHours(calDate(t, "2026-10-03")),
		"a Saturday holiday keeps Saturday's hours")
	assert.Empty(t, cnCalendar2026(t).BusinessHours(calDate(t, "2026-10-03")), "closed by default")
}

// R0.3: business windows are wall-clock windows; on DST days they open at the same
// wall-clock time and hold the real elapsed time.
func TestBusinessTime_DST_R0_3(t *testing.T) {
	dayLength := func(t *testing.T, cal *shopkit.Calendar, date string) time.Duration {
		from := calAt(t, cal.Location(), date+" 00:00:00")
		to := calAt(t, cal.Location(), calDate(t, date).AddDays(1).String()+" 00:00:00")
		return cal.BusinessTimeBetween(from, to)
	}
	newCal := func(t *testing.T, zone string, hours ...shopkit.Window) *shopkit.Calendar {
		cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{TimeZone: zone, RestDays: []time.Weekday{}, Hours: hours})
		require.NoError(t, err)
		return cal
	}
	tests := []struct {
		zone   string
		window shopkit.Window
		spring string
		fall   string
		want   [3]time.Duration // ordinary day, spring-forward day, fall-back day
	}{
		{"Europe/Berlin", calWindow(0, 0, 24, 0), "2026-03-29", "2026-10-25", [3]time.Duration{24 * time.Hour, 23 * time.Hour, 25 * time.Hour}},
		{"Europe/Berlin", calWindow(9, 0, 24, 0), "2026-03-29", "2026-10-25", [3]time.Duration{15 * time.Hour, 15 * time.Hour, 15 * time.Hour}},
		{"Europe/Berlin", calWindow(1, 0, 4, 0), "2026-03-29", "2026-10-25", [3]time.Duration{3 * time.Hour, 2 * time.Hour, 4 * time.Hour}},
		// Opens inside the gap: at its end (03:00 CEST); inside the repeated hour:
		// at the first 02:30 (CEST).
		{"Europe/Berlin", calWindow(2, 30, 5, 0), "2026-03-29", "2026-10-25", [3]time.Duration{150 * time.Minute, 2 * time.Hour, 210 * time.Minute}},
		{"America/New_York", calWindow(0, 0, 24, 0), "2026-03-08", "2026-11-01", [3]time.Duration{24 * time.Hour, 23 * time.Hour, 25 * time.Hour}},
		{"America/New_York", calWindow(1, 30, 5, 0), "2026-03-08", "2026-11-01", [3]time.Duration{210 * time.Minute, 150 * time.Minute, 270 * time.Minute}},
		{"America/New_York", calWindow(2, 30, 5, 0), "2026-03-08", "2026-11-01", [3]time.Duration{150 * time.Minute, 2 * time.Hour, 150 * time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.window.String(), func(t *testing.T) {
			cal := newCal(t, tt.zone, tt.window)
			ordinary := calDate(t, tt.spring).AddDays(-7).String()
			assert.Equal(t, tt.want[0], dayLength(t, cal, ordinary), "ordinary day")
			assert.Equal(t, tt.want[1], dayLength(t, cal, tt.spring), "spring forward")
			assert.Equal(t, tt.want[2], dayLength(t, cal, tt.fall), "fall back")
		})
	}

	t.Run("opening instants", func(t *testing.T) {
		berlin := newCal(t, "Europe/Berlin", calWindow(2, 30, 5, 0))
		assert.True(t, time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC).Equal(
			berlin.NextOpen(time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC))), "03:00 CEST, the end of the gap")
		assert.True(t, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC).Equal(
			berlin.NextOpen(time.Date(2026, 10, 24, 23, 0, 0, 0, time.UTC))), "the first 02:30, CEST")
		ny := newCal(t, "America/New_York", calWindow(2, 30, 5, 0))
		assert.True(t, time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC).Equal(
			ny.NextOpen(time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC))), "03:00 EDT, the end of the gap")
	})

	t.Run("09:00-24:00 across spring forward", func(t *testing.T) {
		cal := newCal(t, "Europe/Berlin", calWindow(9, 0, 24, 0))
		loc := cal.Location()
		got := cal.AddBusinessTime(calAt(t, loc, "2026-03-28 23:00:00"), 2*time.Hour)
		assert.True(t, calAt(t, loc, "2026-03-29 10:00:00").Equal(got), "got %s", got)
		assert.True(t, cal.IsOpen(calAt(t, loc, "2026-03-29 09:00:00")))
		assert.False(t, cal.IsOpen(calAt(t, loc, "2026-03-29 08:59:59")))
	})

	t.Run("around the clock is elapsed time", func(t *testing.T) {
		cal := newCal(t, "America/New_York", calWindow(0, 0, 24, 0))
		start := calAt(t, cal.Location(), "2026-03-07 12:00:00")
		got := cal.AddBusinessTime(start, 24*time.Hour)
		assert.True(t, start.Add(24*time.Hour).Equal(got))
		assert.Equal(t, 13, got.Hour(), "an hour was skipped at 02:00")
	})
}

// R0.3: Asia/Shanghai has no DST: every day of 2026 holds 15 hours of business time
// by default.
func TestBusinessTime_Shanghai_NoDST_R0_3(t *testing.T) {
	cal := shopkit.DefaultCalendar()
	day := calAt(t, cal.Location(), "2026-01-01 00:00:00")
	for day.Year() == 2026 {
		next := day.AddDate(0, 0, 1)
		require.Equal(t, 24*time.Hour, next.Sub(day))
		require.Equal(t, 15*time.Hour, cal.BusinessTimeBetween(day, next), day.String())
		require.True(t, day.Add(9*time.Hour).Equal(cal.NextOpen(day)), day.String())
		day = next
	}
}

package shopkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// R0.3: the default calendar is Asia/Shanghai, Saturday and Sunday rest, no holidays,
// 09:00–24:00 every day.
func TestDefaultCalendar_R0_3(t *testing.T) {
	cal := shopkit.DefaultCalendar()
	assert.Equal(t, "Asia/Shanghai", cal.Location().String())
	assert.NotSame(t, cal, shopkit.DefaultCalendar(), "each call returns a fresh calendar")

	for d := calDate(t, "2026-10-05"); d.Before(calDate(t, "2026-10-12")); d = d.AddDays(1) {
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		assert.Equal(t, !weekend, cal.IsWorkingDate(d), d.String())
		assert.Equal(t, []shopkit.Window{{Start: shopkit.ClockAt(9, 0), End: shopkit.ClockAt(24, 0)}},
			cal.BusinessHours(d), "open 09:00–24:00 on %s, weekends included", d)
	}

	cfgCal, err := shopkit.NewCalendar(shopkit.CalendarConfig{})
	require.NoError(t, err)
	at := calAt(t, cal.Location(), "2026-10-10 08:59:59")
	assert.Equal(t, cal.NextOpen(at), cfgCal.NextOpen(at), "the zero config is the default calendar")
}

// R0.3: invalid configurations are ValidationErrors with stable codes and build no
// calendar.
func TestNewCalendar_InvalidConfig_R0_3(t *testing.T) {
	w := func(h1, m1, h2, m2 int) shopkit.Window {
		return shopkit.Window{Start: shopkit.ClockAt(h1, m1), End: shopkit.ClockAt(h2, m2)}
	}
	berlin := calZone(t, "Europe/Berlin")
	tests := []struct {
		name  string
		cfg   shopkit.CalendarConfig
		code  string
		field string
	}{
		{"unknown zone", shopkit.CalendarConfig{TimeZone: "Mars/Olympus_Mons"}, "shopkit.invalid_location", "time_zone"},
		{"zone and location disagree", shopkit.CalendarConfig{TimeZone: "Asia/Shanghai", Location: berlin}, "shopkit.invalid_location", "time_zone"},
		{"rest day out of range", shopkit.CalendarConfig{RestDays: []time.Weekday{time.Sunday, 7}}, "shopkit.invalid_weekday", "rest_days[1]"},
		{"no working day", shopkit.CalendarConfig{RestDays: []time.Weekday{0, 1, 2, 3, 4, 5, 6}}, "shopkit.no_working_days", "rest_days"},
		{"impossible holiday", shopkit.CalendarConfig{Holidays: []shopkit.Date{{Year: 2026, Month: 2, Day: 29}}}, "shopkit.invalid_date", "holidays[0]"},
		{"zero make-up day", shopkit.CalendarConfig{MakeUpDays: []shopkit.Date{{}}}, "shopkit.invalid_date", "make_up_days[0]"},
		{"make-up day on a weekday", shopkit.CalendarConfig{MakeUpDays: calDates(t, "2026-09-20", "2026-10-09")}, "shopkit.makeup_not_rest_day", "make_up_days[1]"},
		{"make-up Saturday when only Sunday rests", shopkit.CalendarConfig{RestDays: []time.Weekday{time.Sunday}, MakeUpDays: calDates(t, "2026-10-10")}, "shopkit.makeup_not_rest_day", "make_up_days[0]"},
		{"holiday and make-up day", shopkit.CalendarConfig{Holidays: calDates(t, "2026-10-10"), MakeUpDays: calDates(t, "2026-10-10")}, "shopkit.holiday_makeup_conflict", "make_up_days[0]"},
		{"inverted window", shopkit.CalendarConfig{Hours: []shopkit.Window{w(18, 0, 9, 0)}}, "shopkit.inverted_hours", "hours[0]"},
		{"empty window", shopkit.CalendarConfig{Hours: []shopkit.Window{w(9, 0, 9, 0)}}, "shopkit.inverted_hours", "hours[0]"},
		{"window past 24:00", shopkit.CalendarConfig{Hours: []shopkit.Window{w(9, 0, 24, 1)}}, "shopkit.invalid_hours", "hours[0]"},
		{"negative window", shopkit.CalendarConfig{Hours: []shopkit.Window{{Start: -1, End: 60}}}, "shopkit.invalid_hours", "hours[0]"},
		{"overlapping windows", shopkit.CalendarConfig{Hours: []shopkit.Window{w(13, 0, 18, 0), w(9, 0, 13, 1)}}, "shopkit.overlapping_hours", "hours[1]"},
		{"window inside another", shopkit.CalendarConfig{Hours: []shopkit.Window{w(9, 0, 18, 0), w(10, 0, 11, 0)}}, "shopkit.overlapping_hours", "hours[1]"},
		{"overlapping weekday windows", shopkit.CalendarConfig{WeekdayHours: map[time.Weekday][]shopkit.Window{time.Saturday: {w(10, 0, 12, 0), w(11, 0, 14, 0)}}}, "shopkit.overlapping_hours", "weekday_hours[Saturday][1]"},
		{"weekday hours key out of range", shopkit.CalendarConfig{WeekdayHours: map[time.Weekday][]shopkit.Window{9: {w(10, 0, 12, 0)}}}, "shopkit.invalid_weekday", "weekday_hours"},
		{"never open", shopkit.CalendarConfig{Hours: []shopkit.Window{}}, "shopkit.no_business_hours", "hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal, err := shopkit.NewCalendar(tt.cfg)
			require.Error(t, err)
			assert.Nil(t, cal)
			assert.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, tt.code, shopkit.CodeOf(err))
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, err.Error(), "shopkit: ")
		})
	}
}

// R0.3: valid edge configurations: touching windows, a window ending at 24:00,
// windows given out of order, no rest days at all, a zone given as a location.
func TestNewCalendar_ValidEdges_R0_3(t *testing.T) {
	w := func(h1, m1, h2, m2 int) shopkit.Window {
		return shopkit.Window{Start: shopkit.ClockAt(h1, m1), End: shopkit.ClockAt(h2, m2)}
	}
	berlin := calZone(t, "Europe/Berlin")
	in := []shopkit.Window{w(18, 0, 24, 0), w(9, 0, 12, 0), w(12, 0, 13, 0), w(14, 0, 18, 0)}
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Location: berlin, TimeZone: "Europe/Berlin", RestDays: []time.Weekday{}, Hours: in,
	})
	require.NoError(t, err)
	assert.Same(t, berlin, cal.Location())
	d := calDate(t, "2026-10-10")
	assert.Equal(t, []shopkit.Window{w(9, 0, 13, 0), w(14, 0, 24, 0)}, cal.BusinessHours(d),
		"sorted, touching windows joined")
	assert.Equal(t, w(18, 0, 24, 0), in[0], "the config is not modified")
	for i := range 7 {
		assert.True(t, cal.IsWorkingDate(d.AddDays(i)), "an empty RestDays makes every day working")
	}
	hours := cal.BusinessHours(d)
	hours[0].End = 0
	assert.Equal(t, shopkit.ClockAt(13, 0), cal.BusinessHours(d)[0].End, "BusinessHours returns a copy")
}

// R0.3: working days of 2026 in mainland China: holidays are not working days,
// make-up days (调休) are, even on a Saturday or Sunday.
func TestIsWorkingDay_China2026_R0_3(t *testing.T) {
	cal := cnCalendar2026(t)
	sh := cal.Location()
	tests := []struct {
		date    string
		working bool
		why     string
	}{
		{"2025-12-31", true, "Wednesday before New Year"},
		{"2026-01-01", false, "New Year's Day, a Thursday"},
		{"2026-01-02", false, "New Year holiday, a Friday"},
		{"2026-01-04", true, "make-up Sunday"},
		{"2026-01-10", false, "ordinary Saturday"},
		{"2026-02-14", true, "make-up Saturday before Spring Festival"},
		{"2026-02-23", false, "last Spring Festival holiday, a Monday"},
		{"2026-02-24", true, "first working day after Spring Festival"},
		{"2026-02-28", true, "make-up Saturday after Spring Festival"},
		{"2026-04-06", false, "Qingming Monday"},
		{"2026-05-05", false, "Labour Day Tuesday"},
		{"2026-05-09", true, "make-up Saturday after Labour Day"},
		{"2026-06-19", false, "Dragon Boat Friday"},
		{"2026-09-20", true, "make-up Sunday before National Day"},
		{"2026-09-25", false, "Mid-Autumn Friday"},
		{"2026-09-30", true, "Wednesday before National Day"},
		{"2026-10-07", false, "last National Day holiday, a Wednesday"},
		{"2026-10-08", true, "Thursday after National Day"},
		{"2026-10-10", true, "make-up Saturday after National Day"},
		{"2026-10-11", false, "ordinary Sunday"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			d := calDate(t, tt.date)
			assert.Equal(t, tt.working, cal.IsWorkingDate(d), tt.why)
			// The first and the last instant of the day in Shanghai.
			first := calAt(t, sh, tt.date+" 00:00:00")
			last := first.AddDate(0, 0, 1).Add(-time.Nanosecond)
			assert.Equal(t, tt.working, cal.IsWorkingDay(first), tt.why)
			assert.Equal(t, tt.working, cal.IsWorkingDay(last), tt.why)
			// The same instants seen from UTC fall on the same Shanghai day.
			assert.Equal(t, tt.working, cal.IsWorkingDay(first.UTC()), tt.why)
		})
	}
	assert.True(t, cal.IsHoliday(calDate(t, "2026-10-01")))
	assert.False(t, cal.IsHoliday(calDate(t, "2026-10-10")))
	assert.False(t, cal.IsHoliday(calDate(t, "2026-10-11")), "a rest day is not a holiday")

	// 2026 has 365 days, 104 of them Saturdays or Sundays; 19 holidays fall on
	// weekdays and 6 make-up days on weekends: 365 - 104 - 19 + 6 = 248.
	n := 0
	for d := calDate(t, "2026-01-01"); d.Year == 2026; d = d.AddDays(1) {
		if cal.IsWorkingDate(d) {
			n++
		}
	}
	assert.Equal(t, 248, n)
}

// R0.3: a "within N working days" deadline is the end of the Nth working day after
// the start day: the midnight that begins the following day in the calendar's zone.
func TestEndOfWorkingDay_China2026_R0_3(t *testing.T) {
	cal := cnCalendar2026(t)
	sh := cal.Location()
	tests := []struct {
		name  string
		start string
		n     int
		want  string // the midnight that ends the Nth working day
	}{
		{"ordinary Monday, 1 day", "2026-03-02 10:00:00", 1, "2026-03-04 00:00:00"},
		{"Friday, 1 day skips the weekend", "2026-03-06 23:59:59", 1, "2026-03-10 00:00:00"},
		{"start at midnight counts that day as start day", "2026-03-06 00:00:00", 1, "2026-03-10 00:00:00"},
		{"Saturday, 1 day is Monday", "2026-03-07 10:00:00", 1, "2026-03-10 00:00:00"},
		{"across National Day: 10-08, 10-09, make-up 10-10", "2026-09-30 15:00:00", 3, "2026-10-11 00:00:00"},
		{"start on a holiday: counts from the next working day", "2026-10-03 12:00:00", 1, "2026-10-09 00:00:00"},
		{"start on a holiday, 3 days ends on the make-up Saturday", "2026-10-01 00:00:00", 3, "2026-10-11 00:00:00"},
		{"make-up Saturday is a working day", "2026-02-13 18:00:00", 1, "2026-02-15 00:00:00"},
		{"start on a make-up day does not count it", "2026-02-14 09:00:00", 1, "2026-02-25 00:00:00"},
		{"across Spring Festival", "2026-02-12 09:00:00", 3, "2026-02-25 00:00:00"},
		{"across New Year into the make-up Sunday", "2025-12-31 20:00:00", 1, "2026-01-05 00:00:00"},
		{"n = 0 is the end of the start day, even a holiday", "2026-10-01 08:00:00", 0, "2026-10-02 00:00:00"},
		{"n = -1 counts back", "2026-10-08 08:00:00", -1, "2026-10-01 00:00:00"},
		{"n = -2 counts back over a make-up Sunday", "2026-09-22 08:00:00", -2, "2026-09-21 00:00:00"},
		{"10 working days across National Day", "2026-09-28 10:00:00", 10, "2026-10-17 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := calAt(t, sh, tt.start)
			want := calAt(t, sh, tt.want)
			got := cal.EndOfWorkingDay(start, tt.n)
			assert.True(t, want.Equal(got), "got %s want %s", got, want)
			assert.Equal(t, sh, got.Location())
			assert.True(t, cal.IsWorkingDay(got.Add(-time.Nanosecond)) || tt.n == 0,
				"the deadline ends a working day")
			assert.True(t, cal.EndOfWorkingDay(start.UTC(), tt.n).Equal(want), "the start's zone does not matter")
		})
	}
}

// R0.3: the deadline instant itself is in time, one nanosecond later is overdue
// (callers test now.After(deadline)).
func TestEndOfWorkingDay_DeadlineEdge_R0_3(t *testing.T) {
	cal := cnCalendar2026(t)
	start := calAt(t, cal.Location(), "2026-09-30 15:00:00")
	deadline := cal.EndOfWorkingDay(start, 3)

	lastSecond := calAt(t, cal.Location(), "2026-10-10 23:59:59")
	assert.False(t, lastSecond.After(deadline), "the last second of the make-up Saturday is in time")
	assert.False(t, deadline.After(deadline), "exactly at the deadline is in time")
	assert.True(t, deadline.Add(time.Nanosecond).After(deadline), "1ns after the deadline is overdue")
	assert.Equal(t, calDate(t, "2026-10-11"), cal.DateOf(deadline), "the deadline is the first instant of the next day")
}

// R0.3: AddWorkingDays keeps the wall-clock time and counts from the day after t.
func TestAddWorkingDays_China2026_R0_3(t *testing.T) {
	cal := cnCalendar2026(t)
	sh := cal.Location()
	tests := []struct {
		start string
		n     int
		want  string
	}{
		{"2026-09-30 15:04:05", 1, "2026-10-08 15:04:05"},
		{"2026-09-30 15:04:05", 3, "2026-10-10 15:04:05"},
		{"2026-09-30 15:04:05", 4, "2026-10-12 15:04:05"},
		{"2026-10-03 09:00:00", 1, "2026-10-08 09:00:00"},
		{"2026-10-10 09:00:00", 1, "2026-10-12 09:00:00"},
		{"2026-10-11 23:59:59", 1, "2026-10-12 23:59:59"},
		{"2026-10-12 08:00:00", -2, "2026-10-09 08:00:00"},
		{"2026-10-04 08:00:00", 0, "2026-10-04 08:00:00"},
		{"2026-02-13 00:00:00", 1, "2026-02-14 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.start, func(t *testing.T) {
			got := cal.AddWorkingDays(calAt(t, sh, tt.start), tt.n)
			want := calAt(t, sh, tt.want)
			assert.True(t, want.Equal(got), "got %s want %s", got, want)
		})
	}
	ns := calAt(t, sh, "2026-09-30 15:04:05").Add(123 * time.Nanosecond)
	assert.Equal(t, 123, cal.AddWorkingDays(ns, 1).Nanosecond(), "nanoseconds are kept")
}

// R0.3: day arithmetic is on civil dates, so DST neither shifts deadlines nor the
// clock time of AddWorkingDays.
func TestWorkingDays_DST_R0_3(t *testing.T) {
	for _, tz := range []struct {
		zone         string
		friday       string // the Friday before spring-forward
		fallFriday   string // the Friday before fall-back
		springMonday string
		fallMonday   string
	}{
		{"Europe/Berlin", "2026-03-27", "2026-10-23", "2026-03-30", "2026-10-26"},
		{"America/New_York", "2026-03-06", "2026-10-30", "2026-03-09", "2026-11-02"},
	} {
		t.Run(tz.zone, func(t *testing.T) {
			cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{TimeZone: tz.zone})
			require.NoError(t, err)
			loc := cal.Location()

			got := cal.AddWorkingDays(calAt(t, loc, tz.friday+" 10:00:00"), 1)
			assert.True(t, calAt(t, loc, tz.springMonday+" 10:00:00").Equal(got), "spring: got %s", got)
			assert.Equal(t, 71*time.Hour, got.Sub(calAt(t, loc, tz.friday+" 10:00:00")), "the weekend lost an hour")

			got = cal.AddWorkingDays(calAt(t, loc, tz.fallFriday+" 10:00:00"), 1)
			assert.True(t, calAt(t, loc, tz.fallMonday+" 10:00:00").Equal(got), "fall: got %s", got)
			assert.Equal(t, 73*time.Hour, got.Sub(calAt(t, loc, tz.fallFriday+" 10:00:00")), "the weekend gained an hour")

			end := cal.EndOfWorkingDay(calAt(t, loc, tz.friday+" 10:00:00"), 1)
			assert.Equal(t, 0, end.Hour()+end.Minute()+end.Second(), "deadline at local midnight: %s", end)
			assert.Equal(t, calDate(t, tz.springMonday).AddDays(1), cal.DateOf(end))
		})
	}
}

// R0.3: when the clock time does not exist on the target day (a DST gap) the
// result is the end of the gap; a repeated clock time gives its first occurrence.
func TestAddWorkingDays_DSTGap_R0_3(t *testing.T) {
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{TimeZone: "Europe/Berlin", RestDays: []time.Weekday{}})
	require.NoError(t, err)
	loc := cal.Location()

	got := cal.AddWorkingDays(calAt(t, loc, "2026-03-28 02:30:00"), 1)
	assert.True(t, time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC).Equal(got), "02:30 does not exist on 03-29: 03:00 CEST, got %s", got)

	got = cal.AddWorkingDays(calAt(t, loc, "2026-10-24 02:30:00"), 1)
	assert.True(t, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC).Equal(got), "02:30 occurs twice on 10-25: the CEST one, got %s", got)
}

// The zero Calendar is a plain clock: UTC, every day working, always open.
func TestCalendar_ZeroValue_R0_3(t *testing.T) {
	var cal shopkit.Calendar
	sat := time.Date(2026, 10, 10, 3, 0, 0, 0, time.UTC)
	assert.Equal(t, time.UTC, cal.Location())
	assert.True(t, cal.IsWorkingDay(sat))
	assert.True(t, cal.IsOpen(sat))
	assert.True(t, sat.Equal(cal.NextOpen(sat)))
	assert.True(t, sat.Add(5*time.Hour).Equal(cal.AddBusinessTime(sat, 5*time.Hour)))
	assert.Equal(t, 5*time.Hour, cal.BusinessTimeBetween(sat, sat.Add(5*time.Hour)))
	assert.True(t, time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC).Equal(cal.EndOfWorkingDay(sat, 1)))
	assert.True(t, sat.AddDate(0, 0, 2).Equal(cal.AddWorkingDays(sat, 2)))
	assert.Len(t, cal.BusinessHours(calDate(t, "2026-10-10")), 1)
}

// R0.3: a nil *Calendar answers as the zero Calendar (UTC, every day working, open
// around the clock) instead of panicking.
func TestCalendar_NilIsTheZeroCalendar_R0_3(t *testing.T) {
	var nilCal *shopkit.Calendar
	zero := &shopkit.Calendar{}
	at := time.Date(2026, 10, 3, 15, 4, 5, 6, time.UTC) // a Saturday in the National Day holiday
	require.Equal(t, time.UTC, nilCal.Location())
	require.Equal(t, zero.DateOf(at), nilCal.DateOf(at))
	require.Equal(t, zero.IsHoliday(zero.DateOf(at)), nilCal.IsHoliday(nilCal.DateOf(at)))
	require.True(t, nilCal.IsWorkingDay(at))
	require.True(t, nilCal.IsWorkingDate(nilCal.DateOf(at)))
	require.Equal(t, zero.AddWorkingDays(at, 3), nilCal.AddWorkingDays(at, 3))
	require.Equal(t, zero.EndOfWorkingDay(at, 3), nilCal.EndOfWorkingDay(at, 3))
	require.Equal(t, zero.BusinessHours(zero.DateOf(at)), nilCal.BusinessHours(nilCal.DateOf(at)))
	require.True(t, nilCal.IsOpen(at))
	require.Equal(t, at, nilCal.NextOpen(at))
	require.Equal(t, at.Add(time.Hour), nilCal.AddBusinessTime(at, time.Hour))
	require.Equal(t, time.Hour, nilCal.BusinessTimeBetween(at, at.Add(time.Hour)))
}

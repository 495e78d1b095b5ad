package shopkit

import (
	"fmt"
	"time"
)

// Date is a civil date — year, month, day — with no time zone: a holiday, a make-up
// working day, the day an instant falls on in a calendar's zone (R0.3). Dates are
// comparable with == and usable as map keys.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a date in the form "2006-01-02". A malformed or impossible date
// (2026-02-30) is a *shopkit.ValidationError with code CodeInvalidDate.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Invalid(CodeInvalidDate, "date",
			fmt.Sprintf("%q is not a date of the form 2006-01-02", s))
	}
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
}

// DateOf returns the civil date of t in loc; a nil loc means t's own location.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String returns the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsValid reports whether d names a real day (no month 13, no February 30).
func (d Date) IsValid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 &&
		fromDays(d.days()) == d
}

// Compare returns -1 if d is before e, +1 if after, 0 if the same day.
func (d Date) Compare(e Date) int {
	switch a, b := d.days(), e.days(); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// AddDays returns the date n calendar days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + int64(n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// MarshalText implements encoding.TextMarshaler ("2006-01-02").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what ParseDate does.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// days returns the number of days from 1970-01-01 to d (negative before). Day
// arithmetic on this number, not on instants, keeps working-day counting exact
// across DST changes (R0.3). The algorithm is Howard Hinnant's days_from_civil.
func (d Date) days() int64 {
	y, m := int64(d.Year), int64(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDays is the inverse of Date.days (Hinnant's civil_from_days).
func fromDays(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return Date{Year: int(y), Month: time.Month(m), Day: int(day)}
}

// weekdayOf returns the weekday of a day number; 1970-01-01 was a Thursday.
func weekdayOf(days int64) time.Weekday {
	return time.Weekday(floorMod(days+int64(time.Thursday), 7))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// ClockTime is a wall-clock time of day in minutes after midnight, from 00:00 (0)
// to 24:00 (1440). 24:00 is allowed only as the end of a Window: the midnight that
// ends the day.
type ClockTime int

// ClockAt returns the clock time hour:minute, e.g. ClockAt(24, 0) for the end of
// the day. It does not validate; NewCalendar does.
func ClockAt(hour, minute int) ClockTime { return ClockTime(hour*60 + minute) }

// ParseClockTime parses "HH:MM" (00:00 to 24:00). A malformed value is a
// *shopkit.ValidationError with code CodeInvalidHours.
func ParseClockTime(s string) (ClockTime, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, invalidClock(s)
	}
	for i, c := range []byte(s) {
		if i == 2 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, invalidClock(s)
		}
	}
	h = int(s[0]-'0')*10 + int(s[1]-'0')
	m = int(s[3]-'0')*10 + int(s[4]-'0')
	c := ClockAt(h, m)
	if m > 59 || c > endOfDay {
		return 0, invalidClock(s)
	}
	return c, nil
}

func invalidClock(s string) error {
	return Invalid(CodeInvalidHours, "clock_time",
		fmt.Sprintf("%q is not a time of day from 00:00 to 24:00", s))
}

// endOfDay is 24:00.
const endOfDay ClockTime = 24 * 60

// String returns the clock time as "HH:MM".
func (c ClockTime) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// Window is a daily opening window of business hours, [Start, End) in wall-clock
// time (R0.3): Window{ClockAt(9, 0), ClockAt(24, 0)} is open from 09:00 until
// midnight. Start must be before End.
type Window struct {
	Start ClockTime `json:"start"`
	End   ClockTime `json:"end"`
}

// String returns the window as "09:00-24:00".
func (w Window) String() string { return w.Start.String() + "-" + w.End.String() }

// wallSecs returns the wall-clock reading of t in its own location as seconds
// since 1970-01-01 00:00 of the civil calendar.
func wallSecs(t time.Time) int64 {
	_, off := t.Zone()
	return t.Unix() + int64(off)
}

// wallInstant returns the first instant at which the wall clock of loc shows second
// sec (0 to 86400) of civil day `day` or later. exact is false when the wall clock
// skips that reading (a DST gap); the result is then the end of the gap. When the
// reading occurs twice (a DST fall-back) the first occurrence is returned. This
// mapping never decreases, so business windows keep their order on DST days.
func wallInstant(loc *time.Location, day, sec int64) (t time.Time, exact bool) {
	w := day*86400 + sec
	t = time.Date(1970, time.January, 1+int(day), 0, 0, int(sec), 0, loc)
	got := wallSecs(t)
	if got != w {
		start, end := t.ZoneBounds()
		if got > w {
			return start, false
		}
		return end, false
	}
	start, _ := t.ZoneBounds()
	if !start.IsZero() && t.Unix()-start.Unix() < 86400 {
		// Shortly after a transition: if the clock was set back, it showed w once
		// already in the previous period.
		_, off := start.Add(-time.Second).Zone()
		if e := time.Unix(w-int64(off), 0).In(loc); e.Before(start) && wallSecs(e) == w {
			return e, true
		}
	}
	return t, true
}

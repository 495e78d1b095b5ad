package shopkit

import (
	"fmt"
	"slices"
	"time"

	// The default zone must load on hosts without a zoneinfo database (scratch
	// containers, Windows), so the zone data is compiled in (R0.3).
	_ "time/tzdata"
)

// DefaultTimeZone is the zone of a calendar whose config names none (R0.3).
const DefaultTimeZone = "Asia/Shanghai"

// WorkingCalendar answers the working-day questions of R0.3. *Calendar implements
// it; a host with its own calendar service can implement it instead.
type WorkingCalendar interface {
	// IsWorkingDay reports whether t falls on a working day.
	IsWorkingDay(t time.Time) bool
	// AddWorkingDays returns the same wall-clock time n working days after t's day.
	AddWorkingDays(t time.Time, n int) time.Time
	// EndOfWorkingDay returns the end of the nth working day after start's day.
	EndOfWorkingDay(start time.Time, n int) time.Time
}

// BusinessClock measures business time: elapsed time inside opening hours (R0.3,
// R6.3). *Calendar implements it; a host can implement it instead.
type BusinessClock interface {
	// AddBusinessTime returns the instant at which d of business time has passed
	// since t.
	AddBusinessTime(t time.Time, d time.Duration) time.Time
	// BusinessTimeBetween returns the business time in [a, b); 0 if b is not after a.
	BusinessTimeBetween(a, b time.Time) time.Duration
}

var (
	_ WorkingCalendar = (*Calendar)(nil)
	_ BusinessClock   = (*Calendar)(nil)
)

// CalendarConfig describes a calendar for NewCalendar. The zero config is the
// default calendar of R0.3: Asia/Shanghai, Saturday and Sunday rest days, no
// holidays, open 09:00–24:00 every day.
type CalendarConfig struct {
	// TimeZone is an IANA zone name such as "Europe/Berlin"; "" means
	// Asia/Shanghai unless Location is set.
	TimeZone string `json:"time_zone"`
	// Location is the zone as a loaded location; it may be set instead of
	// TimeZone (setting both to different zones is an error).
	Location *time.Location `json:"location"`
	// RestDays are the weekly rest days. nil means Saturday and Sunday; an empty
	// non-nil slice means every day of the week is a working day.
	RestDays []time.Weekday `json:"rest_days"`
	// Holidays are dates that are not working days and, unless OpenOnHolidays,
	// have no business hours.
	Holidays []Date `json:"holidays"`
	// MakeUpDays (调休) are rest-day dates that are working days. Each must fall
	// on a rest day and must not also be a holiday. A make-up day is open for
	// Hours, not for its weekday's WeekdayHours: it is worked like a weekday.
	MakeUpDays []Date `json:"make_up_days"`
	// Hours are the daily opening windows, e.g. 09:00–12:00 and 13:00–18:00. nil
	// means 09:00–24:00; an empty non-nil slice means closed (useful with
	// WeekdayHours). Windows may not overlap; touching windows are joined.
	Hours []Window `json:"hours"`
	// WeekdayHours overrides Hours for the weekdays it has a key for; an empty
	// (or nil) slice closes that weekday.
	WeekdayHours map[time.Weekday][]Window `json:"weekday_hours"`
	// OpenOnHolidays makes holidays open for their weekday's hours. By default a
	// holiday has no business hours: support clocks stop on public holidays.
	OpenOnHolidays bool `json:"open_on_holidays"`
}

// dayKind marks a date that overrides the weekly pattern.
type dayKind uint8

const (
	holiday dayKind = iota + 1
	makeUpDay
)

// Calendar is a working-day and business-hours calendar (R0.3): a time zone,
// weekly rest days, holidays, make-up working days and daily opening windows. All
// questions are answered in the calendar's zone, with day arithmetic on civil dates
// and windows in wall-clock time, so DST changes neither shift deadlines by an hour
// nor move opening times. Results are in the calendar's zone.
//
// A Calendar is immutable and safe for concurrent use. Build one with NewCalendar
// or DefaultCalendar, once: loading a zone is not free. The zero Calendar is a
// plain clock: UTC, every day a working day, open around the clock; a nil
// *Calendar answers as the zero Calendar.
type Calendar struct {
	loc            *time.Location
	built          bool
	rest           [7]bool
	special        map[int64]dayKind // day number → holiday or make-up day
	firstSpecial   int64             // the span of special: outside it every week is alike
	lastSpecial    int64
	weekHours      [7][]Window // sorted, joined
	hours          []Window    // Hours, for make-up days
	openOnHolidays bool
}

// NewCalendar validates cfg and returns the calendar it describes. Bad input is a
// *ValidationError (errors.Is ErrInvalid) with one of the codes
// CodeInvalidLocation, CodeInvalidWeekday, CodeNoWorkingDays, CodeInvalidDate,
// CodeMakeupNotRestDay, CodeHolidayMakeupConflict, CodeInvalidHours,
// CodeInvertedHours, CodeOverlappingHours or CodeNoBusinessHours.
func NewCalendar(cfg CalendarConfig) (*Calendar, error) {
	c := &Calendar{built: true, openOnHolidays: cfg.OpenOnHolidays}
	loc, err := loadLocation(cfg)
	if err != nil {
		return nil, err
	}
	c.loc = loc

	rest := cfg.RestDays
	if rest == nil {
		rest = []time.Weekday{time.Saturday, time.Sunday}
	}
	for i, wd := range rest {
		if wd < time.Sunday || wd > time.Saturday {
			return nil, Invalid(CodeInvalidWeekday, fmt.Sprintf("rest_days[%d]", i),
				fmt.Sprintf("%d is not a weekday (0 Sunday to 6 Saturday)", int(wd)))
		}
		c.rest[wd] = true
	}
	if c.rest == [7]bool{true, true, true, true, true, true, true} {
		return nil, Invalid(CodeNoWorkingDays, "rest_days",
			"must leave at least one working day in the week")
	}

	if err := c.setDays(cfg); err != nil {
		return nil, err
	}
	if err := c.setHours(cfg); err != nil {
		return nil, err
	}
	return c, nil
}

// DefaultCalendar returns a new calendar with the defaults of R0.3: Asia/Shanghai,
// Saturday and Sunday rest days, no holidays, open 09:00–24:00 every day. A host
// adds its holidays with NewCalendar.
func DefaultCalendar() *Calendar {
	c, err := NewCalendar(CalendarConfig{})
	if err != nil {
		// The zone data is compiled in, so this does not happen; China has kept
		// UTC+8 without DST since 1991, so a fixed zone is the same calendar.
		c, _ = NewCalendar(CalendarConfig{Location: time.FixedZone("CST", 8*60*60)})
	}
	return c
}

func loadLocation(cfg CalendarConfig) (*time.Location, error) {
	switch {
	case cfg.Location != nil && cfg.TimeZone != "" && cfg.TimeZone != cfg.Location.String():
		return nil, Invalid(CodeInvalidLocation, "time_zone",
			fmt.Sprintf("%q disagrees with location %q; set one of them", cfg.TimeZone, cfg.Location))
	case cfg.Location != nil:
		return cfg.Location, nil
	}
	name := cfg.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Invalid(CodeInvalidLocation, "time_zone",
			fmt.Sprintf("%q is not a known time zone", name))
	}
	return loc, nil
}

func (c *Calendar) setDays(cfg CalendarConfig) error {
	if len(cfg.Holidays)+len(cfg.MakeUpDays) > 0 {
		c.special = make(map[int64]dayKind, len(cfg.Holidays)+len(cfg.MakeUpDays))
	}
	for i, d := range cfg.Holidays {
		if !d.IsValid() {
			return Invalid(CodeInvalidDate, fmt.Sprintf("holidays[%d]", i),
				fmt.Sprintf("%d-%d-%d is not a date", d.Year, int(d.Month), d.Day))
		}
		c.special[d.days()] = holiday
	}
	for i, d := range cfg.MakeUpDays {
		field := fmt.Sprintf("make_up_days[%d]", i)
		switch {
		case !d.IsValid():
			return Invalid(CodeInvalidDate, field,
				fmt.Sprintf("%d-%d-%d is not a date", d.Year, int(d.Month), d.Day))
		case c.special[d.days()] == holiday:
			return Invalid(CodeHolidayMakeupConflict, field,
				d.String()+" is also a holiday")
		case !c.rest[d.Weekday()]:
			return Invalid(CodeMakeupNotRestDay, field,
				d.String()+" is a "+d.Weekday().String()+", not a rest day")
		}
		c.special[d.days()] = makeUpDay
	}
	first := true
	for day := range c.special {
		if first || day < c.firstSpecial {
			c.firstSpecial = day
		}
		if first || day > c.lastSpecial {
			c.lastSpecial = day
		}
		first = false
	}
	return nil
}

func (c *Calendar) setHours(cfg CalendarConfig) error {
	hours := cfg.Hours
	if hours == nil {
		hours = []Window{{Start: ClockAt(9, 0), End: endOfDay}}
	}
	var err error
	if c.hours, err = normalizeWindows("hours", hours); err != nil {
		return err
	}
	for wd := range cfg.WeekdayHours {
		if wd < time.Sunday || wd > time.Saturday {
			return Invalid(CodeInvalidWeekday, "weekday_hours",
				fmt.Sprintf("%d is not a weekday (0 Sunday to 6 Saturday)", int(wd)))
		}
	}
	open := false
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		c.weekHours[wd] = c.hours
		if ws, ok := cfg.WeekdayHours[wd]; ok {
			if c.weekHours[wd], err = normalizeWindows("weekday_hours["+wd.String()+"]", ws); err != nil {
				return err
			}
		}
		open = open || len(c.weekHours[wd]) > 0
	}
	if !open {
		return Invalid(CodeNoBusinessHours, "hours",
			"must open on at least one day of the week")
	}
	return nil
}

// normalizeWindows validates ws and returns a sorted copy with touching windows
// joined.
func normalizeWindows(field string, ws []Window) ([]Window, error) {
	for i, w := range ws {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case w.Start < 0 || w.End < 0 || w.Start > endOfDay || w.End > endOfDay:
			return nil, Invalid(CodeInvalidHours, f,
				"must lie between 00:00 and 24:00")
		case w.Start >= w.End:
			return nil, Invalid(CodeInvertedHours, f,
				"start "+w.Start.String()+" must be before end "+w.End.String())
		}
		for j, v := range ws[:i] {
			if w.Start < v.End && v.Start < w.End {
				return nil, Invalid(CodeOverlappingHours, f,
					fmt.Sprintf("%s overlaps %s[%d] %s", w, field, j, v))
			}
		}
	}
	out := slices.Clone(ws)
	slices.SortFunc(out, func(a, b Window) int { return int(a.Start - b.Start) })
	joined := out[:0]
	for _, w := range out {
		if n := len(joined); n > 0 && joined[n-1].End == w.Start {
			joined[n-1].End = w.End
			continue
		}
		joined = append(joined, w)
	}
	return slices.Clip(joined), nil
}

// orZero lets a nil *Calendar answer as the zero Calendar, a plain clock: a
// calendar left out of a host's configuration never panics.
func (c *Calendar) orZero() *Calendar {
	if c == nil {
		return &Calendar{}
	}
	return c
}

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location {
	c = c.orZero()
	if c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// DateOf returns the date t falls on in the calendar's zone.
func (c *Calendar) DateOf(t time.Time) Date {
	c = c.orZero()
	return fromDays(c.dayOf(t))
}

// dayOf returns the day number of the date t falls on in the calendar's zone.
func (c *Calendar) dayOf(t time.Time) int64 {
	return floorDiv(wallSecs(t.In(c.Location())), 86400)
}

// IsHoliday reports whether d is one of the calendar's holidays.
func (c *Calendar) IsHoliday(d Date) bool {
	c = c.orZero()
	return c.special[d.days()] == holiday
}

// IsWorkingDate reports whether d is a working day (R0.3): a make-up day, or a day
// that is neither a holiday nor a weekly rest day.
func (c *Calendar) IsWorkingDate(d Date) bool {
	c = c.orZero()
	return c.working(d.days())
}

// IsWorkingDay reports whether t falls on a working day in the calendar's zone.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	c = c.orZero()
	return c.working(c.dayOf(t))
}

func (c *Calendar) working(day int64) bool {
	if k, ok := c.special[day]; ok {
		return k == makeUpDay
	}
	return !c.rest[weekdayOf(day)]
}

// nthWorkingDay returns the nth working day after day (before it, for negative n);
// day itself never counts. Its cost does not grow with n (R0.3): outside the span
// of the holidays and make-up days every week has the same working days, so it
// jumps whole weeks there. |n| is capped at maxWorkingDays.
func (c *Calendar) nthWorkingDay(day int64, n int) int64 {
	step, left := int64(1), int64(max(min(n, maxWorkingDays), -maxWorkingDays))
	if left < 0 {
		step, left = -1, -left
	}
	perWeek := int64(0)
	for _, rest := range c.rest {
		if !rest {
			perWeek++
		}
	}
	for left > 0 {
		if c.weeklyFrom(day, step) {
			weeks := (left - 1) / perWeek
			day += 7 * weeks * step
			left -= weeks * perWeek
		}
		day += step
		if c.working(day) {
			left--
		}
	}
	return day
}

// maxWorkingDays bounds the working days a deadline may count: about 3,800
// years, far beyond any rule, and small enough that no day number overflows.
const maxWorkingDays = 1_000_000

// weeklyFrom reports whether every day after day (before it, for step −1)
// follows the weekly rest days alone.
func (c *Calendar) weeklyFrom(day, step int64) bool {
	switch {
	case len(c.special) == 0:
		return true
	case step > 0:
		return day >= c.lastSpecial
	default:
		return day <= c.firstSpecial
	}
}

// AddWorkingDays returns the same wall-clock time on the nth working day after t's
// day (R0.3); for negative n, the nth working day before it; for 0, t itself.
// t's own day never counts, working or not: from a Friday or from a Saturday, one
// working day later is the Monday. If the clock time does not exist on the target
// day (a DST gap) the result is the end of the gap; if it occurs twice, the first
// occurrence. |n| is capped at a million working days (about 3,800 years); the
// cost does not grow with n.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	c = c.orZero()
	loc := c.Location()
	t = t.In(loc)
	if n == 0 {
		return t
	}
	w := wallSecs(t)
	day := floorDiv(w, 86400)
	r, exact := wallInstant(loc, c.nthWorkingDay(day, n), w-day*86400)
	if exact {
		r = r.Add(time.Duration(t.Nanosecond()))
	}
	return r
}

// EndOfWorkingDay returns the deadline of "within n working days" of start (R0.3):
// the end of the nth working day after start's day, that is the midnight at which
// the following calendar day begins in the calendar's zone. start's own day never
// counts, even when it is a working day; a start on a rest day or holiday counts
// from the next working day on. n = 0 gives the end of start's own day; negative n
// counts back. |n| is capped at a million working days; the cost does not grow
// with n.
//
// The deadline is the last instant that is still in time: an action at or before
// it is in time, and the deadline has passed when now.After(deadline).
func (c *Calendar) EndOfWorkingDay(start time.Time, n int) time.Time {
	c = c.orZero()
	day := c.dayOf(start)
	if n != 0 {
		day = c.nthWorkingDay(day, n)
	}
	t, _ := wallInstant(c.Location(), day+1, 0)
	return t
}

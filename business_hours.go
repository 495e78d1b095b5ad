package shopkit

import (
	"iter"
	"slices"
	"time"
)

// Business time (R0.3, R6.3): elapsed time inside the opening windows of each day.
// Windows are wall-clock times resolved in the calendar's zone day by day, so on a
// DST day a 09:00–24:00 window still opens at 09:00 and the business time it holds
// is the real elapsed time (one hour more or less when the change falls inside it).
// All loops step window by window and day by day, never minute by minute.

// BusinessHours returns the opening windows of date d, sorted; none on a closed
// day (a holiday, unless the calendar is open on holidays).
func (c *Calendar) BusinessHours(d Date) []Window {
	c = c.orZero()
	if !c.built {
		return []Window{{Start: 0, End: endOfDay}}
	}
	return slices.Clone(c.windowsOn(d.days()))
}

// windowsOn returns the calendar's own windows of a day; callers must not modify
// them.
func (c *Calendar) windowsOn(day int64) []Window {
	switch c.special[day] {
	case holiday:
		if !c.openOnHolidays {
			return nil
		}
	case makeUpDay:
		return c.hours
	}
	return c.weekHours[weekdayOf(day)]
}

// civilDay resolves the wall-clock times of one day to instants.
type civilDay struct {
	loc      *time.Location
	day      int64     // day number
	midnight time.Time // the first instant of the day
	// uniform: the day starts at 00:00 and the zone does not change before the
	// next midnight, so a clock time is midnight plus that much elapsed time. Only
	// DST days take the slower path through wallInstant.
	uniform bool
}

func (c *Calendar) civil(day int64) civilDay {
	m, exact := wallInstant(c.loc, day, 0)
	_, end := m.ZoneBounds()
	return civilDay{loc: c.loc, day: day, midnight: m,
		uniform: exact && (end.IsZero() || end.Sub(m) > 24*time.Hour)}
}

// bounds returns the instants at which window w opens and closes on the day.
func (d civilDay) bounds(w Window) (opens, closes time.Time) {
	if d.uniform {
		return d.midnight.Add(time.Duration(w.Start) * time.Minute),
			d.midnight.Add(time.Duration(w.End) * time.Minute)
	}
	opens, _ = wallInstant(d.loc, d.day, int64(w.Start)*60)
	closes, _ = wallInstant(d.loc, d.day, int64(w.End)*60)
	return opens, closes
}

// IsOpen reports whether t is inside business hours.
func (c *Calendar) IsOpen(t time.Time) bool {
	c = c.orZero()
	if !c.built {
		return true
	}
	day := c.dayOf(t)
	ws := c.windowsOn(day)
	if len(ws) == 0 {
		return false
	}
	cd := c.civil(day)
	for _, w := range ws {
		if opens, closes := cd.bounds(w); !t.Before(opens) && t.Before(closes) {
			return true
		}
	}
	return false
}

// NextOpen returns t if business hours are open at t, otherwise the instant they
// next open.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	c = c.orZero()
	t = t.In(c.Location())
	if !c.built {
		return t
	}
	for opens := range c.openSpans(t) {
		return opens
	}
	return t // unreachable: every calendar has open hours in some week
}

// openSpans yields, in order from t on, each business-hours window still open
// after t as (opens, closes), with opens no earlier than t. It never ends by
// itself: every week has open hours and holidays are finitely many, so callers
// stop it.
func (c *Calendar) openSpans(t time.Time) iter.Seq2[time.Time, time.Time] {
	return func(yield func(time.Time, time.Time) bool) {
		for day := c.dayOf(t); ; day++ {
			ws := c.windowsOn(day)
			if len(ws) == 0 {
				continue
			}
			cd := c.civil(day)
			for _, w := range ws {
				opens, closes := cd.bounds(w)
				if !closes.After(t) {
					continue
				}
				if opens.Before(t) {
					opens = t
				}
				if !yield(opens, closes) {
					return
				}
			}
		}
	}
}

// AddBusinessTime returns the instant at which d of business time has passed since
// t (R0.3): closed hours do not count, and when t is in closed hours the clock
// starts at the next opening. With windows ending at 24:00 and reopening at 09:00,
// 2s after 23:59:59 is 09:00:01 the next day; 1s after it is the midnight that
// closes the window. d ≤ 0 returns t.
func (c *Calendar) AddBusinessTime(t time.Time, d time.Duration) time.Time {
	c = c.orZero()
	t = t.In(c.Location())
	if d <= 0 {
		return t
	}
	if !c.built {
		return t.Add(d)
	}
	for opens, closes := range c.openSpans(t) {
		if avail := closes.Sub(opens); d > avail {
			d -= avail
			continue
		}
		return opens.Add(d)
	}
	return t // unreachable: openSpans never ends by itself
}

// BusinessTimeBetween returns the business time in [a, b) (R0.3): the part of the
// span inside opening windows. It is 0 when b is not after a.
// BusinessTimeBetween(a, AddBusinessTime(a, d)) == d.
func (c *Calendar) BusinessTimeBetween(a, b time.Time) time.Duration {
	c = c.orZero()
	if !b.After(a) {
		return 0
	}
	if !c.built {
		return b.Sub(a)
	}
	var total time.Duration
	for opens, closes := range c.openSpans(a) {
		if !opens.Before(b) {
			break
		}
		if closes.After(b) {
			closes = b
		}
		total += closes.Sub(opens)
	}
	return total
}

package commission

import "time"

// AddMonths returns t plus n calendar months in t's location, at the same wall-clock
// time, with the day clamped to the last day of the target month (R4.2): 31 January
// plus one month is 28 February (29 February in a leap year such as 2028), 30
// November plus three months is the end of February, and 29 February 2028 plus
// twelve months is 28 February 2029. Unlike time.AddDate it never spills into the
// following month. n may be negative.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	// Month arithmetic on a zero-based month count, so negative n works too.
	total := y*12 + int(m) - 1 + n
	ty, tm := total/12, time.Month(total%12+1)
	if total%12 < 0 {
		ty, tm = total/12-1, time.Month(total%12+13)
	}
	if last := daysIn(ty, tm); d > last {
		d = last
	}
	return time.Date(ty, tm, d, hh, mm, ss, t.Nanosecond(), t.Location())
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

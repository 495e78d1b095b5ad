package shopkit_test

import (
	"testing"
	"time"
)

func BenchmarkEndOfWorkingDay(b *testing.B) {
	cal := cnCalendar2026(b)
	start := calAt(b, cal.Location(), "2026-09-30 15:00:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = cal.EndOfWorkingDay(start, 7)
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	cal := cnCalendar2026(b)
	start := calAt(b, cal.Location(), "2026-09-30 15:00:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = cal.AddWorkingDays(start, 7)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	cal := cnCalendar2026(b)
	at := calAt(b, cal.Location(), "2026-10-10 15:00:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = cal.IsWorkingDay(at)
	}
}

// An SLA clock of 24 business hours started in closed hours before a holiday.
func BenchmarkAddBusinessTime(b *testing.B) {
	cal := cnOfficeHours2026(b)
	start := calAt(b, cal.Location(), "2026-09-30 17:30:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = cal.AddBusinessTime(start, 24*time.Hour)
	}
}

// A year of business time: the cost grows with the days crossed, not the minutes.
func BenchmarkAddBusinessTime_Year(b *testing.B) {
	cal := cnCalendar2026(b)
	start := calAt(b, cal.Location(), "2026-01-01 00:00:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = cal.AddBusinessTime(start, 365*15*time.Hour)
	}
}

func BenchmarkBusinessTimeBetween(b *testing.B) {
	cal := cnOfficeHours2026(b)
	from := calAt(b, cal.Location(), "2026-09-28 10:00:00")
	to := calAt(b, cal.Location(), "2026-10-12 10:00:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = cal.BusinessTimeBetween(from, to)
	}
}

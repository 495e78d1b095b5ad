package shopkit_test

import (
	"fmt"
	"time"

	"github.com/shopkit/shopkit"
)

// A merchant must ship "within 3 working days" (R0.3). An order paid on the eve of
// China's National Day 2026 is due at the end of the make-up Saturday 10-10.
func ExampleCalendar_EndOfWorkingDay() {
	var holidays []shopkit.Date
	for d := (shopkit.Date{Year: 2026, Month: time.October, Day: 1}); d.Day <= 7; d = d.AddDays(1) {
		holidays = append(holidays, d)
	}
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays:   holidays,
		MakeUpDays: []shopkit.Date{{Year: 2026, Month: time.September, Day: 20}, {Year: 2026, Month: time.October, Day: 10}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	paid := time.Date(2026, time.September, 30, 15, 0, 0, 0, cal.Location())
	deadline := cal.EndOfWorkingDay(paid, 3)
	fmt.Println("ship by:", deadline.Format(time.DateTime))

	shipped := time.Date(2026, time.October, 10, 23, 59, 59, 0, cal.Location())
	fmt.Println("late at 23:59:59:", shipped.After(deadline))
	fmt.Println("late at the deadline + 1ns:", deadline.Add(time.Nanosecond).After(deadline))
	// Output:
	// ship by: 2026-10-11 00:00:00
	// late at 23:59:59: false
	// late at the deadline + 1ns: true
}

// Support answers within business hours (R0.3, R6.3): with the default 09:00–24:00,
// a message at 23:59:59 with 2 s left on its clock is due at 09:00:01 the next day.
func ExampleCalendar_AddBusinessTime() {
	cal := shopkit.DefaultCalendar()
	msg := time.Date(2026, time.March, 2, 23, 59, 59, 0, cal.Location())
	fmt.Println(cal.AddBusinessTime(msg, 2*time.Second).Format(time.DateTime))
	fmt.Println(cal.BusinessTimeBetween(msg, time.Date(2026, time.March, 3, 10, 0, 0, 0, cal.Location())))
	// Output:
	// 2026-03-03 09:00:01
	// 1h0m1s
}

// An office calendar with a lunch break, closed at weekends.
func ExampleNewCalendar() {
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		TimeZone: "Europe/Berlin",
		Hours: []shopkit.Window{
			{Start: shopkit.ClockAt(9, 0), End: shopkit.ClockAt(12, 0)},
			{Start: shopkit.ClockAt(13, 0), End: shopkit.ClockAt(18, 0)},
		},
		WeekdayHours: map[time.Weekday][]shopkit.Window{time.Saturday: {}, time.Sunday: {}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	friday := time.Date(2026, time.March, 27, 17, 0, 0, 0, cal.Location())
	fmt.Println(cal.AddBusinessTime(friday, 3*time.Hour).Format(time.DateTime + " MST"))
	fmt.Println(cal.AddWorkingDays(friday, 1).Format(time.DateTime + " MST"))

	_, err = shopkit.NewCalendar(shopkit.CalendarConfig{
		Hours: []shopkit.Window{{Start: shopkit.ClockAt(18, 0), End: shopkit.ClockAt(9, 0)}},
	})
	fmt.Println(err)
	// Output:
	// 2026-03-30 11:00:00 CEST
	// 2026-03-30 17:00:00 CEST
	// shopkit: hours[0] start 18:00 must be before end 09:00
}

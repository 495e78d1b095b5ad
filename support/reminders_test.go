package support_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.3.5 with R6.1: an unpaid, still payable order is due for one reminder 30 min
// after placing (exactly 30 min is due, 1 ns less is not), only during business
// hours, at most once.
func TestPaymentReminders_R2_3_5(t *testing.T) {
	placed := at(23, 10, 0, 0)
	due := placed.Add(30 * time.Minute)
	order := support.UnpaidOrder{OrderID: uuid.New(), Number: "2026112300001", ShopID: shop1, BuyerID: "b", PlacedAt: placed, Payable: true}
	closed := order
	closed.OrderID, closed.Payable = uuid.New(), false
	p := support.DefaultPolicy()

	assert.Empty(t, support.DueReminders(slices.Values([]support.UnpaidOrder{order}), nil, p, due.Add(-time.Nanosecond)))
	tasks := support.DueReminders(slices.Values([]support.UnpaidOrder{order, closed, order}), nil, p, due)
	require.Len(t, tasks, 1, "the closed order is not payable; the duplicate is one order")
	assert.Equal(t, order.OrderID, tasks[0].OrderID)
	assert.True(t, due.Equal(tasks[0].DueAt))

	// after hours: placed 23:40, due 00:10 — nothing at 00:10 or 08:59:59, due at 09:00
	late := order
	late.OrderID, late.PlacedAt = uuid.New(), at(23, 23, 40, 0)
	seq := slices.Values([]support.UnpaidOrder{late})
	assert.Empty(t, support.DueReminders(seq, nil, p, at(24, 0, 10, 0)))
	assert.Empty(t, support.DueReminders(seq, nil, p, at(24, 8, 59, 59)))
	assert.Len(t, support.DueReminders(seq, nil, p, at(24, 9, 0, 0)), 1)
	assert.Len(t, support.DueReminders(seq, nil, p, at(23, 23, 59, 59)), 0, "not yet 30 min")

	// the closing edge: open until 23:59:59.999999999, closed at 24:00 exactly
	evening := order
	evening.OrderID, evening.PlacedAt = uuid.New(), at(23, 23, 0, 0)
	eve := slices.Values([]support.UnpaidOrder{evening})
	assert.Len(t, support.DueReminders(eve, nil, p, at(24, 0, 0, 0).Add(-time.Nanosecond)), 1, "last instant of business hours")
	assert.Empty(t, support.DueReminders(eve, nil, p, at(24, 0, 0, 0)), "24:00 is closed")

	// a public holiday has no business hours: no reminder all day
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{Holidays: []shopkit.Date{{Year: 2026, Month: 11, Day: 24}}})
	require.NoError(t, err)
	hp := p
	hp.Hours = cal
	assert.Empty(t, support.DueReminders(seq, nil, hp, at(24, 12, 0, 0)))
	assert.Len(t, support.DueReminders(seq, nil, hp, at(25, 9, 0, 0)), 1)

	// at most one ever: the service records each reminder
	svc, clock := newService(t, support.LeastLoaded)
	*clock = due
	ctx := context.Background()
	first, err := svc.RemindPayments(ctx, slices.Values([]support.UnpaidOrder{order}))
	require.NoError(t, err)
	assert.Len(t, first, 1)
	*clock = due.Add(time.Hour)
	again, err := svc.RemindPayments(ctx, slices.Values([]support.UnpaidOrder{order}))
	require.NoError(t, err)
	assert.Empty(t, again)

	// outside business hours the service neither sends nor records, so the
	// reminder goes out once at the next opening
	*clock = at(24, 0, 10, 0)
	night, err := svc.RemindPayments(ctx, seq)
	require.NoError(t, err)
	assert.Empty(t, night)
	*clock = at(24, 9, 0, 0)
	morning, err := svc.RemindPayments(ctx, seq)
	require.NoError(t, err)
	require.Len(t, morning, 1)
	assert.Equal(t, late.OrderID, morning[0].OrderID)
	*clock = at(24, 9, 0, 1)
	again, err = svc.RemindPayments(ctx, seq)
	require.NoError(t, err)
	assert.Empty(t, again)
}

package order_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hoursService returns a service whose payment reminders wait for the default
// business hours (09:00–24:00 Asia/Shanghai) and whose clock reads *now.
func hoursService(t *testing.T, now *time.Time, p order.Policy) *order.Service {
	t.Helper()
	cfg := policiesConfig(t, now)
	cfg.Policy = p
	cfg.Hours = shopkit.DefaultCalendar()
	svc, err := order.NewService(cfg)
	require.NoError(t, err)
	return svc
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

// R2.3.5, R6.1: an order placed 30 min before closing time (23:30) reaches its
// 30 min at midnight, when the shop is closed: the reminder falls due at the
// next opening, 09:00, and is sent strictly after it, stamped 09:00. The
// instant is recorded when the order is placed, so it survives a snapshot's
// JSON round trip and the due index keys on it.
func TestPaymentReminderWaitsForOpening_R2_3_5_R6_1(t *testing.T) {
	ctx := context.Background()
	loc := shanghai(t)
	now := time.Date(2026, 3, 2, 23, 30, 0, 0, loc)
	svc := hoursService(t, &now, order.DefaultPolicy())
	o, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)

	opening := time.Date(2026, 3, 3, 9, 0, 0, 0, loc)
	due, ok := o.ReminderDue()
	require.True(t, ok)
	assert.True(t, opening.Equal(due), "next opening, got %v", due)
	d, ok := o.Deadline()
	require.True(t, ok)
	assert.True(t, opening.Equal(d), "the due index keys on the reminder")

	b, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	var snap order.Snapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	back, err := order.RestoreOrder(snap)
	require.NoError(t, err)
	got, _ := back.ReminderDue()
	assert.True(t, opening.Equal(got), got)

	midnight := time.Date(2026, 3, 3, 0, 0, 0, 1, loc)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(back.ApplyDue(midnight)), "not sent while closed")
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(back.ApplyDue(opening)), "at exactly the opening nothing is due yet")
	require.NoError(t, back.ApplyDue(opening.Add(time.Nanosecond)))
	assert.True(t, back.Flags().Reminded)
	sent := effectsOf(back, shopkit.EffectNotify, "payment_reminder")
	require.Len(t, sent, 1)
	assert.True(t, opening.Equal(sent[0].At), sent[0].At)
	_, ok = back.ReminderDue()
	assert.False(t, ok, "one reminder")
}

// R2.3.5, R6.1: placed 30 min before a within-hours instant, the reminder is
// due at exactly placing + 30 min; at that instant the sweep does nothing, one
// nanosecond later it reminds (R0.3). Placed one nanosecond before 23:30, the
// 30 min end 1 ns before midnight, still open: due then.
func TestPaymentReminderWithinHours_R2_3_5_R6_1(t *testing.T) {
	ctx := context.Background()
	loc := shanghai(t)
	now := time.Date(2026, 3, 2, 14, 0, 0, 0, loc)
	svc := hoursService(t, &now, order.DefaultPolicy())
	o, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)
	at := now.Add(30 * time.Minute)
	due, ok := o.ReminderDue()
	require.True(t, ok)
	assert.True(t, at.Equal(due))
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(o.ApplyDue(at)))
	require.NoError(t, o.ApplyDue(at.Add(time.Nanosecond)))
	assert.True(t, o.Flags().Reminded)

	now = time.Date(2026, 3, 2, 23, 30, 0, 0, loc).Add(-time.Nanosecond)
	late, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)
	due, ok = late.ReminderDue()
	require.True(t, ok)
	assert.True(t, now.Add(30*time.Minute).Equal(due), due)
}

// R2.3.5: no reminder when the next opening is at or after the payment
// deadline: the buyer could no longer act on it. With a 9 h payment limit, an
// order placed at 23:30 closes at 08:30, before the 09:00 opening; with a limit
// ending exactly at 09:00, the opening is at the deadline: no reminder either.
// A limit ending 1 ns after it leaves the reminder in.
func TestNoPaymentReminderAfterCloseDeadline_R2_3_5(t *testing.T) {
	ctx := context.Background()
	loc := shanghai(t)
	placed := time.Date(2026, 3, 2, 23, 30, 0, 0, loc)
	opening := time.Date(2026, 3, 3, 9, 0, 0, 0, loc)
	for _, tc := range []struct {
		name   string
		limit  time.Duration
		remind bool
	}{
		{"closes before the opening", 9 * time.Hour, false},
		{"closes at the opening", opening.Sub(placed), false},
		{"closes 1 ns after the opening", opening.Sub(placed) + time.Nanosecond, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := order.DefaultPolicy()
			p.CloseUnpaidAfter = tc.limit
			now := placed
			svc := hoursService(t, &now, p)
			o, err := svc.Place(ctx, placeInput())
			require.NoError(t, err)
			_, ok := o.ReminderDue()
			assert.Equal(t, tc.remind, ok)
			d, _ := o.Deadline()
			if tc.remind {
				assert.True(t, opening.Equal(d), d)
				return
			}
			assert.True(t, placed.Add(tc.limit).Equal(d), "the close deadline is the only one, got %v", d)
			require.NoError(t, o.ApplyDue(placed.Add(tc.limit).Add(time.Nanosecond)))
			assert.Equal(t, order.OrderClosed, o.State())
			assert.Empty(t, effectsOf(o, shopkit.EffectNotify, "payment_reminder"))
		})
	}
}

// R2.3.5: a snapshot from before the reminder's instant was recorded (no
// RemindAt) reminds at placing + PaymentReminderAfter, as orders then did;
// without ServiceConfig.Hours a reminder is due at any hour.
func TestPaymentReminderOfOlderSnapshot_R2_3_5(t *testing.T) {
	o := newTestOrder(t)
	snap := o.Snapshot()
	assert.True(t, t0.Add(30*time.Minute).Equal(snap.RemindAt))
	snap.RemindAt = time.Time{}
	b, err := json.Marshal(snap)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "RemindAt")
	back, err := order.RestoreOrder(snap)
	require.NoError(t, err)
	due, ok := back.ReminderDue()
	require.True(t, ok)
	assert.True(t, t0.Add(30*time.Minute).Equal(due))
}

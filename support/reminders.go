package support

import (
	"iter"
	"time"

	"github.com/google/uuid"
)

// UnpaidOrder is what a payment reminder needs of an order pending payment
// (R2.3.5). The host streams them from its order store.
type UnpaidOrder struct {
	OrderID  uuid.UUID
	Number   string
	ShopID   uuid.UUID
	BuyerID  string
	PlacedAt time.Time
	Payable  bool // still pending payment and not closed
}

// ReminderTask asks an agent (or a bot) to remind a buyer to pay (催付, R2.3.5,
// R6.1 pre-sale).
type ReminderTask struct {
	OrderID uuid.UUID
	Number  string
	ShopID  uuid.UUID
	BuyerID string
	DueAt   time.Time // PlacedAt + Policy.PaymentReminderAfter
	At      time.Time // when the task was produced
}

// DueReminders returns the reminder tasks due at now (R2.3.5): an order still
// payable, placed at least Policy.PaymentReminderAfter (30 min) before now —
// exactly 30 min is due — and not reminded before (reminded reports that; at most
// one reminder per order). Nothing is due outside business hours (R6.1): the
// reminders wait for the next opening. The caller records the tasks it sends. A
// nil sequence is empty.
func DueReminders(orders iter.Seq[UnpaidOrder], reminded func(orderID uuid.UUID) bool, p Policy, now time.Time) []ReminderTask {
	if p.Hours == nil || !p.Hours.IsOpen(now) {
		return nil
	}
	var out []ReminderTask
	seen := map[uuid.UUID]bool{}
	for o := range orEmpty(orders) {
		due := o.PlacedAt.Add(p.PaymentReminderAfter)
		if !o.Payable || now.Before(due) || seen[o.OrderID] || reminded != nil && reminded(o.OrderID) {
			continue
		}
		seen[o.OrderID] = true
		out = append(out, ReminderTask{OrderID: o.OrderID, Number: o.Number, ShopID: o.ShopID, BuyerID: o.BuyerID, DueAt: due, At: now})
	}
	return out
}

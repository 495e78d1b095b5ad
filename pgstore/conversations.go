package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// Conversations is the PostgreSQL support.ConversationStore: table
// support_conversations (indexed for Due and Claim, SLADue, Breached,
// Waiting and ListWaiting), its trail support_conversations_trail and the
// outbox.
type Conversations struct {
	t *table[*support.Conversation, uuid.UUID]
}

var _ support.ConversationStore = (*Conversations)(nil)

// Conversations returns the support conversation store.
func (db *DB) Conversations() *Conversations {
	hours := db.supportHours()
	return &Conversations{newTable(db, tableDef[*support.Conversation, uuid.UUID]{
		table: "support_conversations", keyColumn: "id",
		entity: "conversation", notFound: support.CodeConversationNotFound, exists: support.CodeConversationExists,
		key:      (*support.Conversation).ID,
		keyText:  uuid.UUID.String,
		shop:     (*support.Conversation).ShopID,
		snapshot: func(c *support.Conversation) any { return c.Snapshot() },
		restore: restoreJSON(func(s support.ConversationSnapshot) (*support.Conversation, error) {
			// The calendar is code, not data: set again on every read.
			s.Policy.Hours = hours
			return support.RestoreConversation(s)
		}),
		unsaved:   (*support.Conversation).Unsaved,
		markSaved: (*support.Conversation).MarkSaved,
		deadline:  (*support.Conversation).Deadline,
		columns: []column[*support.Conversation]{
			{"status", func(c *support.Conversation) any { return string(c.State()) }},
			{"skill_group", func(c *support.Conversation) any { return string(c.Group()) }},
			{"enqueued_ns", func(c *support.Conversation) any { return nanos(c.EnqueuedAt()) }},
			{"sla_due_ns", func(c *support.Conversation) any {
				if _, at, ok := c.SLADue(); ok {
					return nanos(at)
				}
				return nil
			}},
			{"breach_ns", func(c *support.Conversation) any { return breachNanos(c) }},
			{"first_breach_ns", func(c *support.Conversation) any { return extremeNanos(breachNanos(c), false) }},
			{"last_breach_ns", func(c *support.Conversation) any { return extremeNanos(breachNanos(c), true) }},
		},
	})}
}

// supportHours is the calendar restored conversations and complaints get.
func (db *DB) supportHours() support.BusinessHours {
	if db == nil || db.hours == nil {
		return shopkit.DefaultCalendar()
	}
	return db.hours
}

// breachNanos is the due instant of each breach c recorded, in record order
// (nil when none).
func breachNanos(c *support.Conversation) []int64 {
	var out []int64
	for _, b := range c.Breaches() {
		out = append(out, nanos(b.DueAt))
	}
	return out
}

// extremeNanos is the latest (or earliest) of ns, nil when ns is empty.
func extremeNanos(ns []int64, latest bool) any {
	if len(ns) == 0 {
		return nil
	}
	m := ns[0]
	for _, n := range ns[1:] {
		if latest == (n > m) {
			m = n
		}
	}
	return m
}

// Create stores a new conversation with its first trail entries and effects;
// an ID taken is ErrConflict (support.CodeConversationExists).
func (s *Conversations) Create(ctx context.Context, c *support.Conversation) error {
	return s.t.create(ctx, c)
}

// Get returns the conversation, or ErrNotFound
// (support.CodeConversationNotFound).
func (s *Conversations) Get(ctx context.Context, id uuid.UUID) (*support.Conversation, error) {
	return s.t.get(ctx, id)
}

// Update locks the conversation, calls fn and, if fn returns nil, writes the
// conversation, its new entries and effects in one transaction; fn may run
// again after a transient failure (see Config.Attempts).
func (s *Conversations) Update(ctx context.Context, id uuid.UUID, fn func(*support.Conversation) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the conversation's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Conversations) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit conversations whose deadline is at or before t,
// earliest first, ties by ID.
func (s *Conversations) Due(ctx context.Context, t time.Time, limit int) ([]*support.Conversation, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due conversations for lease.Owner until
// lease.Until (R2.9) and returns them, earliest deadline first.
func (s *Conversations) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*support.Conversation, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// SLADue lists at most limit of the shop's conversations whose pending SLA
// target is at or before t (R6.3), earliest first, ties by ID (an index on
// shop_id, sla_due_ns, id).
func (s *Conversations) SLADue(ctx context.Context, shop uuid.UUID, t time.Time, limit int) ([]*support.Conversation, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list conversations with an SLA target due",
		"shop_id = $1 AND sla_due_ns IS NOT NULL AND sla_due_ns <= $2 ORDER BY sla_due_ns, id LIMIT $3", shop, nanos(t), limit)
}

// firstBreachIn is, for a row, the due instant of its first recorded breach
// (in record order) that falls in [$2, $3), or NULL.
const firstBreachIn = "(SELECT b.ns FROM unnest(breach_ns) WITH ORDINALITY AS b(ns, i) WHERE b.ns >= $2 AND b.ns < $3 ORDER BY b.i LIMIT 1)"

// Breached lists the shop's conversations with a recorded breach due in
// [from, to) (R6.3), ordered by the first such breach, ties by ID. The index
// on (shop_id, last_breach_ns, first_breach_ns) finds the conversations with
// a breach between from and to; the breaches themselves decide.
func (s *Conversations) Breached(ctx context.Context, shop uuid.UUID, from, to time.Time) ([]*support.Conversation, error) {
	return s.t.query(ctx, "list breached conversations",
		"shop_id = $1 AND last_breach_ns IS NOT NULL AND last_breach_ns >= $2 AND first_breach_ns < $3 AND "+
			firstBreachIn+" IS NOT NULL ORDER BY "+firstBreachIn+", id", shop, nanos(from), nanos(to))
}

// Waiting lists every conversation waiting in a queue (state open), oldest
// enqueued first, ties by ID, for Service.Repair after a crash.
func (s *Conversations) Waiting(ctx context.Context) ([]*support.Conversation, error) {
	return s.t.query(ctx, "list waiting conversations", "status = 'open' ORDER BY enqueued_ns, id")
}

// ListWaiting lists a page of the conversations waiting in the shop's group
// queue (R6.2), oldest enqueued first, ties by ID (a partial index on
// shop_id, skill_group, enqueued_ns, id where the state is open).
func (s *Conversations) ListWaiting(ctx context.Context, shop uuid.UUID, group support.SkillGroup, page shopkit.PageRequest) (shopkit.Page[*support.Conversation], error) {
	return s.t.page(ctx, "list a queue's waiting conversations", page, "enqueued_ns", false,
		(*support.Conversation).ListCursor, "status = 'open' AND shop_id = $1 AND skill_group = $2", shop, string(group))
}

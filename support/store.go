package support

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ConversationStore keeps conversations (R2.8). Update loads the conversation,
// calls fn and persists the result with the audit entries fn added atomically;
// if fn fails nothing is written. The store may run fn more than once (after a
// transient failure); fn changes only the entity it is given. When the store
// gives up it returns an error matching shopkit.ErrRetry and writes nothing.
//
// State and audit trail are kept apart (R0.4): Create and Update append the
// conversation's Unsaved entries to its trail, an append-only log that Trail
// reads, and a loaded conversation carries no history. Instants are compared
// to the nanosecond: a store keeps them exactly (in the JSON state); a SQL
// timestamp column kept for an index may round them to the microsecond, since
// queries use it only to find candidates.
type ConversationStore interface {
	shopkit.TrailReader
	Create(ctx context.Context, c *Conversation) error
	Get(ctx context.Context, id uuid.UUID) (*Conversation, error)
	Update(ctx context.Context, id uuid.UUID, fn func(*Conversation) error) error
	// Due lists at most limit conversations whose Deadline is at or before t,
	// earliest first. limit must be at least 1 (shopkit.CheckLimit).
	Due(ctx context.Context, t time.Time, limit int) ([]*Conversation, error)
	// Claim lists at most limit conversations whose Deadline is at or before t
	// and that no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (R2.9).
	// limit must be at least 1; a lease without an owner or ending at or
	// before t is shopkit.CodeInvalidLease.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Conversation, error)
	// SLADue lists at most limit of a shop's conversations whose pending SLA
	// target (SLADue) is at or before t, earliest first: with t = now + X, the
	// breaches due within X (R6.3), including passed targets a sweep has not
	// recorded yet. limit must be at least 1 (shopkit.CheckLimit).
	SLADue(ctx context.Context, shop uuid.UUID, t time.Time, limit int) ([]*Conversation, error)
	// Breached lists a shop's conversations with a recorded breach due in
	// [from, to), earliest breach first (R6.3).
	Breached(ctx context.Context, shop uuid.UUID, from, to time.Time) ([]*Conversation, error)
	// Waiting lists the open (queued) conversations, for a host to run
	// Service.Repair on each after a crash.
	Waiting(ctx context.Context) ([]*Conversation, error)
	// ListWaiting lists the conversations waiting (state Open) in a shop's
	// skill-group queue, oldest enqueued first (EnqueuedAt ascending, ties
	// by ID ascending), one page at a time: the cursor is (EnqueuedAt, ID) of
	// the page's last conversation (shopkit.Page). It is the order of arrival,
	// kept across transfers (R6.2), not the Router's order of assignment,
	// which serves members with a higher Priority first: each listed
	// conversation carries its Priority for the screen to show. An invalid
	// page request is shopkit.PageRequest.Check's error, and a cursor whose ID
	// is not a UUID shopkit.CodeInvalidPageCursor. An Update that assigns,
	// requeues into another group or closes a conversation moves it into or
	// out of the list. A database serves it from an index on (shop, group,
	// enqueued, id) where the state is open (docs/storage.md, Lists).
	ListWaiting(ctx context.Context, shop uuid.UUID, group SkillGroup, page shopkit.PageRequest) (shopkit.Page[*Conversation], error)
}

// ComplaintStore keeps the complaint log (R6.4). Update behaves as
// ConversationStore's: atomic, nothing written when fn fails, fn possibly run
// again after a transient failure, ErrRetry when the store gives up. State and
// trail are kept apart as ConversationStore's are (R0.4), and instants compared
// to the nanosecond as there.
type ComplaintStore interface {
	shopkit.TrailReader
	Create(ctx context.Context, c *Complaint) error
	Get(ctx context.Context, id uuid.UUID) (*Complaint, error)
	Update(ctx context.Context, id uuid.UUID, fn func(*Complaint) error) error
	// Due lists at most limit complaints whose follow-up deadline is at or
	// before t, earliest first. limit must be at least 1 (shopkit.CheckLimit).
	Due(ctx context.Context, t time.Time, limit int) ([]*Complaint, error)
	// Claim lists at most limit complaints whose follow-up deadline is at or
	// before t and that no other sweeper holds at t, earliest first, and holds
	// them for lease.Owner until lease.Until; a successful Update ends the hold
	// (R2.9). limit must be at least 1; a lease without an owner or ending at
	// or before t is shopkit.CodeInvalidLease.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Complaint, error)
	// Log lists a shop's complaints, oldest first, whatever the channel.
	Log(ctx context.Context, shop uuid.UUID) ([]*Complaint, error)
	// ListOpen lists a shop's complaints not yet ended (every state but
	// Done, an overdue follow-up included), oldest filed first (FiledAt
	// ascending, ties by ID ascending), one page at a time: the cursor is
	// (FiledAt, ID) of the page's last complaint (shopkit.Page). An invalid
	// page request is shopkit.PageRequest.Check's error, and a cursor whose
	// ID is not a UUID shopkit.CodeInvalidPageCursor. An Update that completes
	// the follow-up takes the complaint off the list. A database serves it
	// from an index on (shop, filed, id) where the state is not done
	// (docs/storage.md, Lists).
	ListOpen(ctx context.Context, shop uuid.UUID, page shopkit.PageRequest) (shopkit.Page[*Complaint], error)
}

// QueueStore keeps the routing state of support desks, one Router per desk ID
// (R2.8, R6.2), in the host's database, so that every app replica routes on
// the same queue and the same agents' loads. Create stores a new desk's Router
// (a desk ID already stored is shopkit.ErrConflict with CodeDeskExists); Get
// restores it (an unknown desk is shopkit.ErrNotFound with CodeDeskNotFound).
//
// Update locks the desk, restores its Router, calls fn and, only if fn returns
// nil, writes the Router back, in one transaction; when fn fails nothing is
// written and fn's error is returned as it is. The store may run fn more than
// once (after a transient failure): fn changes only the Router it is given and
// calls no other store. When the store gives up it returns an error matching
// shopkit.ErrRetry and writes nothing. Concurrent updates of one desk never
// lose a change: the desk's row lock (or version check) serialises them.
//
// The state is RouterSnapshot (RestoreRouter validates it); its instants are
// kept to the nanosecond (in the JSON state, or as nanoseconds since the
// epoch). A database store keeps the waiting conversations as rows of their
// own (WaitingSnapshot, keyed by desk and conversation) beside one row of the
// rest, so that an update writes the rows it changed; the in-memory store
// (supporttest.NewQueueStore) copies the whole desk on every update, a cost
// that grows with the queue (BENCHMARKS.md). supporttest.TestQueueStore is the
// conformance kit.
type QueueStore interface {
	Create(ctx context.Context, r *Router) error
	Get(ctx context.Context, desk uuid.UUID) (*Router, error)
	Update(ctx context.Context, desk uuid.UUID, fn func(*Router) error) error
}

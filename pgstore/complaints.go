package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// Complaints is the PostgreSQL support.ComplaintStore: table
// support_complaints (indexed for Due and Claim, Log and ListOpen), its trail
// support_complaints_trail and the outbox.
type Complaints struct {
	t *table[*support.Complaint, uuid.UUID]
}

var _ support.ComplaintStore = (*Complaints)(nil)

// Complaints returns the support complaint store.
func (db *DB) Complaints() *Complaints {
	hours := db.supportHours()
	return &Complaints{newTable(db, tableDef[*support.Complaint, uuid.UUID]{
		table: "support_complaints", keyColumn: "id",
		entity: "complaint", notFound: support.CodeComplaintNotFound, exists: support.CodeComplaintExists,
		key:      (*support.Complaint).ID,
		keyText:  uuid.UUID.String,
		shop:     (*support.Complaint).ShopID,
		snapshot: func(c *support.Complaint) any { return c.Snapshot() },
		restore: restoreJSON(func(s support.ComplaintSnapshot) (*support.Complaint, error) {
			// The calendar is code, not data: set again on every read.
			s.Policy.Hours = hours
			return support.RestoreComplaint(s)
		}),
		unsaved:   (*support.Complaint).Unsaved,
		markSaved: (*support.Complaint).MarkSaved,
		deadline:  (*support.Complaint).Deadline,
		columns: []column[*support.Complaint]{
			{"status", func(c *support.Complaint) any { return string(c.State()) }},
			{"filed_ns", func(c *support.Complaint) any { return nanos(c.FiledAt()) }},
		},
	})}
}

// Create stores a new complaint with its first trail entries and effects; an
// ID taken is ErrConflict (support.CodeComplaintExists).
func (s *Complaints) Create(ctx context.Context, c *support.Complaint) error {
	return s.t.create(ctx, c)
}

// Get returns the complaint, or ErrNotFound (support.CodeComplaintNotFound).
func (s *Complaints) Get(ctx context.Context, id uuid.UUID) (*support.Complaint, error) {
	return s.t.get(ctx, id)
}

// Update locks the complaint, calls fn and, if fn returns nil, writes the
// complaint, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Complaints) Update(ctx context.Context, id uuid.UUID, fn func(*support.Complaint) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the complaint's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Complaints) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit complaints whose follow-up deadline is at or before
// t, earliest first, ties by ID.
func (s *Complaints) Due(ctx context.Context, t time.Time, limit int) ([]*support.Complaint, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due complaints for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Complaints) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*support.Complaint, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// Log lists every complaint of the shop (R6.4), oldest filed first, ties by
// ID (an index on shop_id, filed_ns, id).
func (s *Complaints) Log(ctx context.Context, shop uuid.UUID) ([]*support.Complaint, error) {
	return s.t.query(ctx, "list a shop's complaints", "shop_id = $1 ORDER BY filed_ns, id", shop)
}

// ListOpen lists a page of the shop's complaints not yet done (R6.4), oldest
// filed first, ties by ID (a partial index on shop_id, filed_ns, id where the
// state is not done).
func (s *Complaints) ListOpen(ctx context.Context, shop uuid.UUID, page shopkit.PageRequest) (shopkit.Page[*support.Complaint], error) {
	return s.t.page(ctx, "list a shop's open complaints", page, "filed_ns", false,
		(*support.Complaint).ListCursor, "status <> 'done' AND shop_id = $1", shop)
}

package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// Campaigns is the PostgreSQL promotion.CampaignStore: table campaigns
// (indexed by shop and window, and by pending hold or spend), its trail
// campaigns_trail and the outbox. A spend's idempotency key lives in the
// campaign's state, which its row lock guards.
type Campaigns struct {
	t *table[*promotion.Campaign, uuid.UUID]
}

var _ promotion.CampaignStore = (*Campaigns)(nil)

func newCampaigns(db *DB) *Campaigns {
	return &Campaigns{newTable(db, tableDef[*promotion.Campaign, uuid.UUID]{
		table: "campaigns", keyColumn: "id",
		entity: "campaign", notFound: promotion.CodeCampaignNotFound, exists: promotion.CodeCampaignExists,
		key:       (*promotion.Campaign).ID,
		keyText:   uuid.UUID.String,
		shop:      (*promotion.Campaign).ShopID,
		snapshot:  func(c *promotion.Campaign) any { return c.Snapshot() },
		restore:   restoreJSON(promotion.RestoreCampaign),
		unsaved:   (*promotion.Campaign).Unsaved,
		markSaved: (*promotion.Campaign).MarkSaved,
		columns: []column[*promotion.Campaign]{
			{"from_ns", func(c *promotion.Campaign) any { return nanos(c.Spec().From) }},
			{"to_ns", func(c *promotion.Campaign) any { return nanos(c.Spec().To) }},
			{"pending_ns", func(c *promotion.Campaign) any { return pendingNanos(c.PendingSince()) }},
		},
	})}
}

// Campaigns returns the campaign store.
func (db *DB) Campaigns() *Campaigns { return newCampaigns(db) }

// Create stores a new campaign with its first trail entries and effects; an
// ID taken is ErrConflict (promotion.CodeCampaignExists).
func (s *Campaigns) Create(ctx context.Context, c *promotion.Campaign) error {
	return s.t.create(ctx, c)
}

// Get returns the campaign, or ErrNotFound (promotion.CodeCampaignNotFound).
func (s *Campaigns) Get(ctx context.Context, id uuid.UUID) (*promotion.Campaign, error) {
	return s.t.get(ctx, id)
}

// Update locks the campaign, calls fn and, if fn returns nil, writes the
// campaign, its new entries and effects in one transaction; budget
// reservations rely on it. fn may run again after a transient failure (see
// Config.Attempts).
func (s *Campaigns) Update(ctx context.Context, id uuid.UUID, fn func(*promotion.Campaign) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the campaign's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Campaigns) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// ListByShop lists at most limit of the shop's campaigns whose window ends
// after endsAfter (all of them for the zero time), earliest start first,
// ties by ID (an index on shop_id, from_ns, id that carries to_ns).
func (s *Campaigns) ListByShop(ctx context.Context, shopID uuid.UUID, endsAfter time.Time, limit int) ([]*promotion.Campaign, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	if endsAfter.IsZero() {
		// The zero time lists them all, whatever instant a window ends at.
		return s.t.query(ctx, "list a shop's campaigns", "shop_id = $1 ORDER BY from_ns, id LIMIT $2", shopID, limit)
	}
	return s.t.query(ctx, "list a shop's campaigns", "shop_id = $1 AND to_ns > $2 ORDER BY from_ns, id LIMIT $3",
		shopID, nanos(endsAfter), limit)
}

// Pending lists at most limit campaigns with a hold or a remembered spend
// (R2.8), oldest first, ties by ID (a partial index on pending_ns, id).
func (s *Campaigns) Pending(ctx context.Context, limit int) ([]*promotion.Campaign, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list campaigns with a pending hold or spend", "pending_ns IS NOT NULL ORDER BY pending_ns, id LIMIT $1", limit)
}

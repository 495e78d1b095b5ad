package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
)

// Listings is the PostgreSQL catalog.ListingStore: table listings (indexed
// by review deadline and by merchant and creation), its trail listings_trail
// and the outbox.
type Listings struct {
	t *table[*catalog.Listing, uuid.UUID]
}

var _ catalog.ListingStore = (*Listings)(nil)

// Listings returns the listing store.
func (db *DB) Listings() *Listings { return newListings(db) }

func newListings(db *DB) *Listings {
	return &Listings{newTable(db, tableDef[*catalog.Listing, uuid.UUID]{
		table: "listings", keyColumn: "id",
		entity: "listing", notFound: catalog.CodeListingNotFound, exists: catalog.CodeListingExists,
		key:       (*catalog.Listing).ID,
		keyText:   uuid.UUID.String,
		shop:      (*catalog.Listing).MerchantID,
		snapshot:  func(l *catalog.Listing) any { return l.Snapshot() },
		restore:   restoreJSON(catalog.RestoreListing),
		unsaved:   (*catalog.Listing).Unsaved,
		markSaved: (*catalog.Listing).MarkSaved,
		deadline:  (*catalog.Listing).Deadline,
		columns: []column[*catalog.Listing]{
			{"created_ns", func(l *catalog.Listing) any { return nanos(l.CreatedAt()) }},
		},
	})}
}

// Create stores a new listing with its first trail entries and effects; an ID
// taken is ErrConflict (catalog.CodeListingExists).
func (s *Listings) Create(ctx context.Context, l *catalog.Listing) error { return s.t.create(ctx, l) }

// Get returns the listing, or ErrNotFound (catalog.CodeListingNotFound).
func (s *Listings) Get(ctx context.Context, id uuid.UUID) (*catalog.Listing, error) {
	return s.t.get(ctx, id)
}

// Update locks the listing, calls fn and, if fn returns nil, writes the
// listing, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Listings) Update(ctx context.Context, id uuid.UUID, fn func(*catalog.Listing) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the listing's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Listings) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// Due lists at most limit submitted listings whose review deadline is at or
// before t, earliest first, ties by ID.
func (s *Listings) Due(ctx context.Context, t time.Time, limit int) ([]*catalog.Listing, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due listings for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Listings) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*catalog.Listing, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// ListByMerchant lists at most limit of the merchant's listings, oldest
// created first, ties by ID (an index on shop_id, created_ns, id).
func (s *Listings) ListByMerchant(ctx context.Context, merchantID uuid.UUID, limit int) ([]*catalog.Listing, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list a merchant's listings",
		"shop_id = $1 ORDER BY created_ns, id LIMIT $2", merchantID, limit)
}

package pgstore

import (
	"context"
	"iter"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/review"
)

// Reviews is the PostgreSQL review.Store: table reviews (one per order, a
// unique order_id; indexed by merchant and creation and, with GIN, by the
// listings rated), its trail reviews_trail and the outbox.
type Reviews struct {
	t *table[*review.Review, uuid.UUID]
}

var _ review.Store = (*Reviews)(nil)

// Reviews returns the review store.
func (db *DB) Reviews() *Reviews { return newReviews(db) }

func newReviews(db *DB) *Reviews {
	return &Reviews{newTable(db, tableDef[*review.Review, uuid.UUID]{
		table: "reviews", keyColumn: "id",
		entity: "review", notFound: review.CodeReviewNotFound, exists: review.CodeReviewExists,
		unique:    map[string]string{"reviews_order_id_key": review.CodeReviewExists},
		key:       (*review.Review).ID,
		keyText:   uuid.UUID.String,
		shop:      (*review.Review).MerchantID,
		snapshot:  func(r *review.Review) any { return r.Snapshot() },
		restore:   restoreJSON(review.RestoreReview),
		unsaved:   (*review.Review).Unsaved,
		markSaved: (*review.Review).MarkSaved,
		columns: []column[*review.Review]{
			{"order_id", func(r *review.Review) any { return r.OrderID() }},
			{"listing_ids", func(r *review.Review) any {
				// NOT NULL: a review of no listing is an empty array.
				return append([]uuid.UUID{}, r.ListingIDs()...)
			}},
			{"created_ns", func(r *review.Review) any { return nanos(r.CreatedAt()) }},
		},
	})}
}

// Create stores a new review with its first trail entries and effects; an
// order that has its review already is ErrConflict (review.CodeReviewExists).
func (s *Reviews) Create(ctx context.Context, r *review.Review) error { return s.t.create(ctx, r) }

// Get returns the review, or ErrNotFound (review.CodeReviewNotFound).
func (s *Reviews) Get(ctx context.Context, id uuid.UUID) (*review.Review, error) {
	return s.t.get(ctx, id)
}

// Update locks the review, calls fn and, if fn returns nil, writes the
// review, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Reviews) Update(ctx context.Context, id uuid.UUID, fn func(*review.Review) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the review's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Reviews) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// ByListing streams the reviews that rate listing, oldest first, ties by ID
// (the GIN index on listing_ids finds them). See stream for how rows are
// read.
func (s *Reviews) ByListing(ctx context.Context, listing uuid.UUID) iter.Seq2[*review.Review, error] {
	return s.stream(ctx, "stream the reviews of a listing",
		"listing_ids @> ARRAY[$1::uuid] ORDER BY created_ns, id", listing)
}

// ByMerchant streams the reviews of the merchant's orders, oldest first, ties
// by ID (an index on shop_id, created_ns, id). See stream for how rows are
// read.
func (s *Reviews) ByMerchant(ctx context.Context, merchant uuid.UUID) iter.Seq2[*review.Review, error] {
	return s.stream(ctx, "stream the reviews of a merchant",
		"shop_id = $1 ORDER BY created_ns, id", merchant)
}

// stream runs "SELECT state FROM reviews WHERE <where>" when the caller
// starts ranging and yields each review as its row arrives, so that a long
// list is never held in memory: one statement, so the reviews are as of one
// moment. The query holds a pooled connection until the loop ends (a body
// that writes gets another). A failure is yielded once, as the last pair
// (nil, err); breaking out of the loop closes the rows.
func (s *Reviews) stream(ctx context.Context, op, where string, args ...any) iter.Seq2[*review.Review, error] {
	return func(yield func(*review.Review, error) bool) {
		if err := s.t.ready(ctx); err != nil {
			yield(nil, err)
			return
		}
		rows, err := s.t.db.pool.Query(ctx, "SELECT state FROM reviews WHERE "+where, args...)
		if err != nil {
			yield(nil, mapError(ctx, op, s.t.codes, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var state []byte
			if err := rows.Scan(&state); err != nil {
				yield(nil, mapError(ctx, op, s.t.codes, err))
				return
			}
			r, err := s.t.decode(state)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, mapError(ctx, op, s.t.codes, err))
		}
	}
}

package commerce

import (
	"context"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
)

// ReviewPolicy holds the numbers of R2.6.
type ReviewPolicy struct {
	// ReviewWindow: a buyer rates a completed order within this long of its
	// completion (default 15 days = 360h). At exactly the end it is in time,
	// 1 ns later commerce.review_window_closed.
	ReviewWindow time.Duration
	// MaxTextLength bounds the review and reply texts in characters (default 2000).
	MaxTextLength int
}

// DefaultReviewPolicy returns the defaults of R2.6.
func DefaultReviewPolicy() ReviewPolicy {
	return ReviewPolicy{ReviewWindow: 15 * 24 * time.Hour, MaxTextLength: 2000}
}

// ReviewReply is the merchant's one reply to a review (R2.6).
type ReviewReply struct {
	Text    string
	By      string // the merchant's actor id
	At      time.Time
	Replied bool
}

// Review is a buyer's rating of a completed order (R2.6): 1–5 stars and a text,
// given within the review window, with at most one merchant reply. It rates each
// listing of the order and the merchant. Its ID is derived from the order ID
// (ReviewIDFor), so a store rejects a second review of the same order as a
// conflict.
type Review struct {
	id         uuid.UUID
	orderID    uuid.UUID
	buyerID    string
	merchantID uuid.UUID
	listingIDs []uuid.UUID
	stars      int
	text       string
	createdAt  time.Time
	reply      ReviewReply
	policy     ReviewPolicy // the policy it was given under: its text limit applies to the reply too
	journal    Journal
}

// ReviewIDFor returns the ID of the review of an order: one order, one review.
func ReviewIDFor(orderID uuid.UUID) uuid.UUID {
	return uuid.NewSHA1(orderID, []byte("commerce.review"))
}

func reviewTextProblem(field, text string, p ReviewPolicy) error {
	max := p.MaxTextLength
	if max <= 0 {
		max = DefaultReviewPolicy().MaxTextLength
	}
	if utf8.RuneCountInString(text) > max {
		return shopkit.Invalid("commerce.invalid_review", field, "must be at most "+strconv.Itoa(max)+" characters")
	}
	return nil
}

// NewReview records the buyer's review of a completed order (R2.6). stars
// outside 1–5 is commerce.invalid_rating; a reviewer who is not the order's buyer
// is commerce.not_order_buyer; an order that is not completed is
// commerce.order_not_completed; after the window commerce.review_window_closed
// (both ErrNotAllowed).
func NewReview(o *Order, by Actor, stars int, text string, policy ReviewPolicy, now time.Time) (*Review, error) {
	if policy.ReviewWindow <= 0 {
		return nil, shopkit.Invalid("commerce.invalid_review_policy", "review_window", "must be greater than zero")
	}
	if by.Role != shopkit.Buyer || by.ID != o.buyerID {
		return nil, notAllowed("not_order_buyer", "only the order's buyer may review order "+o.number)
	}
	if o.state != OrderCompleted {
		return nil, notAllowed("order_not_completed", "order "+o.number+" is "+string(o.state)+", not completed")
	}
	if stars < 1 || stars > 5 {
		return nil, shopkit.Invalid("commerce.invalid_rating", "stars", "must be between 1 and 5")
	}
	if err := reviewTextProblem("text", text, policy); err != nil {
		return nil, err
	}
	if end := o.completedAt.Add(policy.ReviewWindow); now.After(end) { // R2.6: 15 days
		return nil, notAllowed("review_window_closed", "the review window of order "+o.number+" closed at "+end.UTC().Format(time.RFC3339))
	}
	r := &Review{
		id: ReviewIDFor(o.id), orderID: o.id, buyerID: o.buyerID, merchantID: o.merchantID,
		stars: stars, text: text, createdAt: now, policy: policy,
	}
	for _, l := range o.lines {
		if l.ListingID != uuid.Nil && !slices.Contains(r.listingIDs, l.ListingID) {
			r.listingIDs = append(r.listingIDs, l.ListingID)
		}
	}
	r.journal.Change(by, now, "review", "", "reviewed", strconv.Itoa(stars)+" stars", nil)
	r.journal.Emit(now, "review", Effect{Type: EffectNotify, Party: "merchant:" + o.merchantID.String(), Ref: r.id.String(), Note: "order_reviewed"})
	return r, nil
}

// Reply records the merchant's reply (R2.6). Only a merchant may reply
// (commerce.wrong_role), once: a second reply is commerce.already_replied
// (ErrNotAllowed); an empty reply or one longer than the review policy's
// MaxTextLength is commerce.invalid_review. A rejected reply changes nothing.
func (r *Review) Reply(by Actor, text string, now time.Time) error {
	if by.Role != shopkit.Merchant {
		return &shopkit.TransitionError{Workflow: "commerce.review", State: "reviewed", Action: "reply", Role: by.Role, WrongRole: true}
	}
	if r.reply.Replied {
		return notAllowed("already_replied", "the merchant already replied to review "+r.id.String())
	}
	if strings.TrimSpace(text) == "" {
		return shopkit.Invalid("commerce.invalid_review", "reply", "is required")
	}
	if err := reviewTextProblem("reply", text, r.policy); err != nil {
		return err
	}
	r.reply = ReviewReply{Text: text, By: by.ID, At: now, Replied: true}
	r.journal.Change(by, now, "reply", "reviewed", "replied", "", nil)
	r.journal.Emit(now, "reply", Effect{Type: EffectNotify, Party: "buyer:" + r.buyerID, Ref: r.id.String(), Note: "review_replied"})
	return nil
}

// ID is the review's identity, ReviewIDFor(OrderID()).
func (r *Review) ID() uuid.UUID { return r.id }

// OrderID is the reviewed order.
func (r *Review) OrderID() uuid.UUID { return r.orderID }

// BuyerID is the reviewer.
func (r *Review) BuyerID() string { return r.buyerID }

// MerchantID is the reviewed merchant.
func (r *Review) MerchantID() uuid.UUID { return r.merchantID }

// ListingIDs are the listings of the reviewed order.
func (r *Review) ListingIDs() []uuid.UUID { return slices.Clone(r.listingIDs) }

// Stars is the rating, 1–5.
func (r *Review) Stars() int { return r.stars }

// Text is the review text.
func (r *Review) Text() string { return r.text }

// CreatedAt is when the review was given.
func (r *Review) CreatedAt() time.Time { return r.createdAt }

// MerchantReply returns the merchant's reply and whether there is one.
func (r *Review) MerchantReply() (ReviewReply, bool) { return r.reply, r.reply.Replied }

// History returns the audit entries (R0.4).
func (r *Review) History() []Entry { return r.journal.History() }

// Unsaved returns the entries added since the review was created or loaded.
func (r *Review) Unsaved() []Entry { return r.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (r *Review) MarkSaved() { r.journal.MarkSaved() }

// Clone returns a deep copy.
func (r *Review) Clone() *Review {
	c := *r
	c.listingIDs = slices.Clone(r.listingIDs)
	c.journal = r.journal.Clone()
	return &c
}

// String describes the review.
func (r *Review) String() string {
	return "review of order " + r.orderID.String() + ": " + strconv.Itoa(r.stars) + " stars"
}

// ReviewSnapshot holds every field of a review, for host stores.
type ReviewSnapshot struct {
	ID         uuid.UUID
	OrderID    uuid.UUID
	BuyerID    string
	MerchantID uuid.UUID
	ListingIDs []uuid.UUID
	Stars      int
	Text       string
	CreatedAt  time.Time
	Reply      ReviewReply
	Policy     ReviewPolicy // zero means DefaultReviewPolicy
	History    []Entry
}

// Snapshot returns every field of the review.
func (r *Review) Snapshot() ReviewSnapshot {
	return ReviewSnapshot{ID: r.id, OrderID: r.orderID, BuyerID: r.buyerID, MerchantID: r.merchantID,
		ListingIDs: slices.Clone(r.listingIDs), Stars: r.stars, Text: r.text, CreatedAt: r.createdAt,
		Reply: r.reply, Policy: r.policy, History: r.journal.History()}
}

// RestoreReview rebuilds a review from a snapshot; it rejects a missing ID or
// stars outside 1–5. A zero Policy is DefaultReviewPolicy.
func RestoreReview(s ReviewSnapshot) (*Review, error) {
	if s.ID == uuid.Nil {
		return nil, shopkit.Invalid("commerce.invalid_review", "id", "is required")
	}
	if s.Stars < 1 || s.Stars > 5 {
		return nil, shopkit.Invalid("commerce.invalid_rating", "stars", "must be between 1 and 5")
	}
	if s.Policy == (ReviewPolicy{}) {
		s.Policy = DefaultReviewPolicy()
	}
	return &Review{id: s.ID, orderID: s.OrderID, buyerID: s.BuyerID, merchantID: s.MerchantID,
		listingIDs: slices.Clone(s.ListingIDs), stars: s.Stars, text: s.Text, createdAt: s.CreatedAt,
		reply: s.Reply, policy: s.Policy, journal: RestoreJournal(s.History)}, nil
}

// Rating is an exact average of star ratings: Stars / Count. No rounding happens
// until Average is asked for a number of decimal places.
type Rating struct {
	Count int64 // reviews counted
	Stars int64 // their stars summed
}

// Average returns Stars / Count rounded half-up to places decimal places, and
// false when there are no reviews.
func (r Rating) Average(places int32) (decimal.Decimal, bool) {
	if r.Count == 0 {
		return decimal.Zero, false
	}
	return decimal.NewFromInt(r.Stars).DivRound(decimal.NewFromInt(r.Count), places), true
}

func (r Rating) add(stars int) Rating {
	return Rating{Count: r.Count + 1, Stars: r.Stars + int64(stars)}
}

// ListingRating averages the reviews that rate listing (R2.6). It streams: memory
// does not grow with the number of reviews.
func ListingRating(reviews iter.Seq[*Review], listing uuid.UUID) Rating {
	var out Rating
	for r := range reviews {
		if slices.Contains(r.listingIDs, listing) {
			out = out.add(r.stars)
		}
	}
	return out
}

// MerchantRating averages the reviews of merchant's orders (R2.6).
func MerchantRating(reviews iter.Seq[*Review], merchant uuid.UUID) Rating {
	var out Rating
	for r := range reviews {
		if r.merchantID == merchant {
			out = out.add(r.stars)
		}
	}
	return out
}

// RatingsByListing averages every listing's reviews in one pass; memory grows
// with the number of listings, not reviews.
func RatingsByListing(reviews iter.Seq[*Review]) map[uuid.UUID]Rating {
	out := map[uuid.UUID]Rating{}
	for r := range reviews {
		for _, l := range r.listingIDs {
			out[l] = out[l].add(r.stars)
		}
	}
	return out
}

// ReviewStore is the storage reviews need (R2.8).
type ReviewStore interface {
	// Create stores a new review; a review with the same ID (of the same order)
	// is a conflict.
	Create(ctx context.Context, r *Review) error
	// Get returns the review, or ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Review, error)
	// Update loads the review, calls fn and persists the result and its new
	// audit entries atomically; nothing is written if fn fails.
	Update(ctx context.Context, id uuid.UUID, fn func(*Review) error) error
	// ByListing streams the reviews that rate a listing.
	ByListing(ctx context.Context, listing uuid.UUID) iter.Seq2[*Review, error]
	// ByMerchant streams the reviews of a merchant's orders.
	ByMerchant(ctx context.Context, merchant uuid.UUID) iter.Seq2[*Review, error]
}

// ReviewService wires reviews to their store, the order store and a clock.
type ReviewService struct {
	Store  ReviewStore
	Orders OrderStore
	Policy ReviewPolicy
	Clock  func() time.Time
}

// Review records the buyer's review of a completed order; a second review of the
// same order is a conflict (ErrConflict).
func (s *ReviewService) Review(ctx context.Context, orderID uuid.UUID, by Actor, stars int, text string) (*Review, error) {
	o, err := s.Orders.Get(ctx, orderID)
	if err != nil {
		return nil, err
	}
	r, err := NewReview(o, by, stars, text, s.Policy, s.Clock())
	if err != nil {
		return nil, err
	}
	if err := s.Store.Create(ctx, r); err != nil {
		return nil, err
	}
	r.MarkSaved()
	return r, nil
}

// Reply records the merchant's one reply.
func (s *ReviewService) Reply(ctx context.Context, id uuid.UUID, by Actor, text string) (*Review, error) {
	var out *Review
	err := s.Store.Update(ctx, id, func(r *Review) error {
		if err := r.Reply(by, text, s.Clock()); err != nil {
			return err
		}
		out = r.Clone()
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.MarkSaved()
	return out, nil
}

// ListingRating averages a listing's stored reviews (R2.6).
func (s *ReviewService) ListingRating(ctx context.Context, listing uuid.UUID) (Rating, error) {
	return rateSeq(s.Store.ByListing(ctx, listing), func(seq iter.Seq[*Review]) Rating { return ListingRating(seq, listing) })
}

// MerchantRating averages a merchant's stored reviews (R2.6).
func (s *ReviewService) MerchantRating(ctx context.Context, merchant uuid.UUID) (Rating, error) {
	return rateSeq(s.Store.ByMerchant(ctx, merchant), func(seq iter.Seq[*Review]) Rating { return MerchantRating(seq, merchant) })
}

// rateSeq feeds a store's stream to a rating function, stopping at the first
// error.
func rateSeq(src iter.Seq2[*Review, error], rate func(iter.Seq[*Review]) Rating) (Rating, error) {
	var failed error
	out := rate(func(yield func(*Review) bool) {
		for r, err := range src {
			if err != nil {
				failed = err
				return
			}
			if !yield(r) {
				return
			}
		}
	})
	if failed != nil {
		return Rating{}, failed
	}
	return out, nil
}

package review

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopspring/decimal"
)

// Policy holds the numbers of R2.6. The zero Policy is invalid: start from
// DefaultPolicy.
type Policy struct {
	// ReviewWindow: a buyer rates a completed order within this long of its
	// completion (default 15 days = 360h). At exactly the end it is in time,
	// 1 ns later CodeWindowClosed.
	ReviewWindow time.Duration
	// MaxTextLength bounds the review and reply texts in characters (default 2000).
	MaxTextLength int
}

// DefaultPolicy returns the defaults of R2.6.
func DefaultPolicy() Policy {
	return Policy{ReviewWindow: 15 * 24 * time.Hour, MaxTextLength: 2000}
}

// Validate reports a ReviewWindow or MaxTextLength that is not positive as a
// *shopkit.ValidationError (CodeInvalidPolicy) naming each field.
func (p Policy) Validate() error {
	var problems []shopkit.FieldProblem
	if p.ReviewWindow <= 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "review_window", Problem: "must be greater than zero"})
	}
	if p.MaxTextLength <= 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "max_text_length", Problem: "must be greater than zero"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, problems)
}

// Reply is the merchant's one reply to a review (R2.6).
type Reply struct {
	Text    string
	By      string // the merchant's actor id
	At      time.Time
	Replied bool
}

// Review is a buyer's rating of a completed order (R2.6): 1–5 stars and a text,
// given within the review window, with at most one merchant reply. It rates each
// listing of the order and the merchant. Its ID is derived from the order ID
// (IDFor), so a store rejects a second review of the same order as a
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
	reply      Reply
	policy     Policy // the policy it was given under: its text limit applies to the reply too
	journal    shopkit.Journal
}

// idName is what IDFor hashes in the order's namespace. It is the text the first
// release hashed and must never change, or the reviews already stored would no
// longer be found by their order.
const idName = "commerce.review"

// IDFor returns the ID of the review of an order: one order, one review.
func IDFor(orderID uuid.UUID) uuid.UUID {
	return uuid.NewSHA1(orderID, []byte(idName))
}

func textProblem(field, text string, p Policy) error {
	if utf8.RuneCountInString(text) > p.MaxTextLength {
		return shopkit.Invalid(CodeInvalidReview, field, "must be at most "+strconv.Itoa(p.MaxTextLength)+" characters")
	}
	return nil
}

// NewReview records the buyer's review of a completed order (R2.6) under
// policy, which must be valid (CodeInvalidPolicy). stars outside 1–5 is
// CodeInvalidRating; a reviewer who is not the order's buyer is CodeNotBuyer; an
// order that is not completed is CodeOrderNotCompleted; after the window
// CodeWindowClosed (the last three ErrNotAllowed).
func NewReview(o *order.Order, by shopkit.Actor, stars int, text string, policy Policy, now time.Time) (*Review, error) {
	if err := policy.Validate(); err != nil {
		return nil, err
	}
	if by.Role != shopkit.Buyer || by.ID != o.BuyerID() {
		return nil, notAllowed(CodeNotBuyer, "only the order's buyer may review order "+o.Number())
	}
	if o.State() != order.OrderCompleted {
		return nil, notAllowed(CodeOrderNotCompleted, "order "+o.Number()+" is "+string(o.State())+", not completed")
	}
	if stars < 1 || stars > 5 {
		return nil, shopkit.Invalid(CodeInvalidRating, "stars", "must be between 1 and 5")
	}
	if err := textProblem("text", text, policy); err != nil {
		return nil, err
	}
	if end := o.CompletedAt().Add(policy.ReviewWindow); now.After(end) { // R2.6: 15 days
		return nil, notAllowed(CodeWindowClosed, "the review window of order "+o.Number()+" closed at "+end.UTC().Format(time.RFC3339))
	}
	id := IDFor(o.ID())
	r := &Review{
		id: id, orderID: o.ID(), buyerID: o.BuyerID(), merchantID: o.MerchantID(),
		stars: stars, text: text, createdAt: now, policy: policy, journal: shopkit.NewJournal(id.String()),
	}
	for _, l := range o.Lines() {
		if l.ListingID != uuid.Nil && !slices.Contains(r.listingIDs, l.ListingID) {
			r.listingIDs = append(r.listingIDs, l.ListingID)
		}
	}
	r.journal.Change(by, now, "review", "", "reviewed", strconv.Itoa(stars)+" stars", nil)
	r.journal.Emit(now, "review", shopkit.Effect{Type: shopkit.EffectNotify, Party: "merchant:" + o.MerchantID().String(), Ref: r.id.String(), Note: "order_reviewed"})
	return r, nil
}

// Reply records the merchant's reply (R2.6). Only a merchant may reply
// (CodeWrongRole, a *shopkit.TransitionError), once: a second reply is
// CodeAlreadyReplied (ErrNotAllowed); an empty reply or one longer than the
// review policy's MaxTextLength is CodeInvalidReview. A rejected reply changes
// nothing.
func (r *Review) Reply(by shopkit.Actor, text string, now time.Time) error {
	if by.Role != shopkit.Merchant {
		return &shopkit.TransitionError{Workflow: WorkflowName, State: "reviewed", Action: "reply", Role: by.Role, WrongRole: true}
	}
	if r.reply.Replied {
		return notAllowed(CodeAlreadyReplied, "the merchant already replied to review "+r.id.String())
	}
	if strings.TrimSpace(text) == "" {
		return shopkit.Invalid(CodeInvalidReview, "reply", "is required")
	}
	if err := textProblem("reply", text, r.policy); err != nil {
		return err
	}
	r.reply = Reply{Text: text, By: by.ID, At: now, Replied: true}
	r.journal.Change(by, now, "reply", "reviewed", "replied", "", nil)
	r.journal.Emit(now, "reply", shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:" + r.buyerID, Ref: r.id.String(), Note: "review_replied"})
	return nil
}

// ID is the review's identity, IDFor(OrderID()).
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
func (r *Review) MerchantReply() (Reply, bool) { return r.reply, r.reply.Replied }

// History returns the audit entries (R0.4).
func (r *Review) History() []shopkit.Entry { return r.journal.History() }

// Unsaved returns the entries added since the review was created or loaded.
func (r *Review) Unsaved() []shopkit.Entry { return r.journal.Unsaved() }

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

// Snapshot holds every field of a review, for host stores.
type Snapshot struct {
	ID         uuid.UUID
	OrderID    uuid.UUID
	BuyerID    string
	MerchantID uuid.UUID
	ListingIDs []uuid.UUID
	Stars      int
	Text       string
	CreatedAt  time.Time
	Reply      Reply
	Policy     Policy // the policy the review was given under
	History    []shopkit.Entry
}

// Snapshot returns every field of the review.
func (r *Review) Snapshot() Snapshot {
	return Snapshot{ID: r.id, OrderID: r.orderID, BuyerID: r.buyerID, MerchantID: r.merchantID,
		ListingIDs: slices.Clone(r.listingIDs), Stars: r.stars, Text: r.text, CreatedAt: r.createdAt,
		Reply: r.reply, Policy: r.policy, History: r.journal.History()}
}

// RestoreReview rebuilds a review from a snapshot without re-running the rules
// of reviewing; it rejects a missing ID or order ID (CodeInvalidReview), stars
// outside 1–5 (CodeInvalidRating) and an invalid policy (CodeInvalidPolicy).
// Every history entry is marked saved.
func RestoreReview(s Snapshot) (*Review, error) {
	if s.ID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidReview, "id", "is required")
	}
	if s.OrderID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidReview, "order_id", "is required")
	}
	if s.Stars < 1 || s.Stars > 5 {
		return nil, shopkit.Invalid(CodeInvalidRating, "stars", "must be between 1 and 5")
	}
	if err := s.Policy.Validate(); err != nil {
		return nil, err
	}
	return &Review{id: s.ID, orderID: s.OrderID, buyerID: s.BuyerID, merchantID: s.MerchantID,
		listingIDs: slices.Clone(s.ListingIDs), stars: s.Stars, text: s.Text, createdAt: s.CreatedAt,
		reply: s.Reply, policy: s.Policy, journal: shopkit.RestoreJournal(s.ID.String(), s.History)}, nil
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

// Store is the storage reviews need (R2.8).
type Store interface {
	// Create stores a new review; a review with the same ID (of the same order)
	// is a conflict (CodeReviewExists).
	Create(ctx context.Context, r *Review) error
	// Get returns the review, or an error matching shopkit.ErrNotFound
	// (CodeReviewNotFound).
	Get(ctx context.Context, id uuid.UUID) (*Review, error)
	// Update loads the review, calls fn and persists the result and its new
	// audit entries atomically; nothing is written if fn fails.
	Update(ctx context.Context, id uuid.UUID, fn func(*Review) error) error
	// ByListing streams the reviews that rate a listing. A stream needs no
	// limit: the caller stops reading when it has enough.
	ByListing(ctx context.Context, listing uuid.UUID) iter.Seq2[*Review, error]
	// ByMerchant streams the reviews of a merchant's orders.
	ByMerchant(ctx context.Context, merchant uuid.UUID) iter.Seq2[*Review, error]
}

// OrderReader reads the order a review rates; order.Store and order.Service
// implement it.
type OrderReader interface {
	// Get returns the order, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*order.Order, error)
}

// ServiceConfig is what a Service is built from; every field is required.
type ServiceConfig struct {
	Store  Store         // the host's reviews (R2.8)
	Orders OrderReader   // the orders reviews rate
	Policy Policy        // the review window and text limit (R2.6)
	Clock  shopkit.Clock // the time reviews and replies are stamped with (R0.3)
}

// Service wires reviews to their store, the orders, a policy and a clock:
// load → act → save (R2.8). Build one with NewService.
type Service struct {
	store  Store
	orders OrderReader
	policy Policy
	clock  shopkit.Clock
}

// NewService checks cfg and returns its service. A nil store, order reader or
// clock, or an invalid policy, is a *shopkit.ValidationError (CodeInvalidConfig)
// naming every field at fault ("orders", "policy.review_window").
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	for _, f := range []struct {
		name    string
		missing bool
	}{{"store", cfg.Store == nil}, {"orders", cfg.Orders == nil}, {"clock", cfg.Clock == nil}} {
		if f.missing {
			problems = append(problems, shopkit.FieldProblem{Field: f.name, Problem: "is required"})
		}
	}
	var ve *shopkit.ValidationError
	if errors.As(cfg.Policy.Validate(), &ve) {
		for _, p := range ve.Problems {
			problems = append(problems, shopkit.FieldProblem{Field: "policy." + p.Field, Problem: p.Problem})
		}
	}
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{store: cfg.Store, orders: cfg.Orders, policy: cfg.Policy, clock: cfg.Clock}, nil
}

// Review records the buyer's review of a completed order; a second review of the
// same order is a conflict (ErrConflict).
func (s *Service) Review(ctx context.Context, orderID uuid.UUID, by shopkit.Actor, stars int, text string) (*Review, error) {
	o, err := s.orders.Get(ctx, orderID)
	if err != nil {
		return nil, err
	}
	r, err := NewReview(o, by, stars, text, s.policy, s.clock())
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, r); err != nil {
		return nil, err
	}
	r.MarkSaved()
	return r, nil
}

// Reply records the merchant's one reply.
func (s *Service) Reply(ctx context.Context, id uuid.UUID, by shopkit.Actor, text string) (*Review, error) {
	var out *Review
	err := s.store.Update(ctx, id, func(r *Review) error {
		if err := r.Reply(by, text, s.clock()); err != nil {
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
func (s *Service) ListingRating(ctx context.Context, listing uuid.UUID) (Rating, error) {
	return rateSeq(s.store.ByListing(ctx, listing), func(seq iter.Seq[*Review]) Rating { return ListingRating(seq, listing) })
}

// MerchantRating averages a merchant's stored reviews (R2.6).
func (s *Service) MerchantRating(ctx context.Context, merchant uuid.UUID) (Rating, error) {
	return rateSeq(s.store.ByMerchant(ctx, merchant), func(seq iter.Seq[*Review]) Rating { return MerchantRating(seq, merchant) })
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

func notAllowed(code, detail string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, code, detail)
}

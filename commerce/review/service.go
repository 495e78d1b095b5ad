package review

import (
	"context"
	"iter"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// Store is the storage reviews need (R2.8). A store keeps a review's state
// (its Snapshot) apart from its audit trail, an append-only log it reads back
// with Trail (R0.4): a loaded review carries no history. Instants are compared
// to the nanosecond: a store keeps them exactly (in the JSON state, say); a SQL
// timestamp column kept for an index may round them to the microsecond, for
// queries use it only to find candidates.
type Store interface {
	// Trail reads the review's audit trail (see shopkit.TrailReader).
	shopkit.TrailReader
	// Create stores a new review and appends its audit entries to its trail;
	// a review with the same ID (of the same order) is a conflict
	// (CodeReviewExists).
	Create(ctx context.Context, r *Review) error
	// Get returns the review, or an error matching shopkit.ErrNotFound
	// (CodeReviewNotFound).
	Get(ctx context.Context, id uuid.UUID) (*Review, error)
	// Update loads the review, calls fn, and persists the result and appends
	// its new audit entries to the trail atomically; nothing is written if fn
	// fails. The store may run fn more than once (after a
	// transient failure); when it gives up it returns an error matching
	// shopkit.ErrRetry and writes nothing.
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
// load → act → save (R2.8). Build one with NewService: a zero Service returns
// shopkit.NotBuilt from every method.
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
	problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{store: cfg.Store, orders: cfg.Orders, policy: cfg.Policy, clock: cfg.Clock}, nil
}

// ready returns shopkit.NotBuilt for a service NewService did not build: every
// method calls it first.
func (s *Service) ready() error {
	if s == nil || s.store == nil {
		return shopkit.NotBuilt("review.Service")
	}
	return nil
}

// Review records the buyer's review of a completed order, checked by NewReview
// (an actor who is not a party of the order is CodeNotParty); a second review
// of the same order is a conflict (ErrConflict).
func (s *Service) Review(ctx context.Context, orderID uuid.UUID, by shopkit.Actor, stars int, text string) (*Review, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
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

// Reply records the merchant's one reply, checked by Review.Reply (an actor
// who is not a party of the review is CodeNotParty); a refused reply writes
// nothing.
func (s *Service) Reply(ctx context.Context, id uuid.UUID, by shopkit.Actor, text string) (*Review, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
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
	if err := s.ready(); err != nil {
		return Rating{}, err
	}
	return rateSeq(s.store.ByListing(ctx, listing), func(seq iter.Seq[*Review]) Rating { return ListingRating(seq, listing) })
}

// MerchantRating averages a merchant's stored reviews (R2.6).
func (s *Service) MerchantRating(ctx context.Context, merchant uuid.UUID) (Rating, error) {
	if err := s.ready(); err != nil {
		return Rating{}, err
	}
	return rateSeq(s.store.ByMerchant(ctx, merchant), func(seq iter.Seq[*Review]) Rating { return MerchantRating(seq, merchant) })
}

// rateSeq feeds a store's stream to a rating function, stopping at the first
// error. A nil stream has no reviews.
func rateSeq(src iter.Seq2[*Review, error], rate func(iter.Seq[*Review]) Rating) (Rating, error) {
	if src == nil {
		return Rating{}, nil
	}
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

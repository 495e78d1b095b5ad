package review

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Snapshot holds every field of a review, for host stores. It keeps the buyer
// ID and the texts in full, for that is what the store persists; its String and
// GoString mask them (R0.5).
type Snapshot struct {
	ID         uuid.UUID // IDFor(OrderID)
	OrderID    uuid.UUID
	BuyerID    string // the reviewer (personal data, R0.5: hosts often key buyers by phone)
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
// of reviewing (the window, the order's state), but it rejects a snapshot no
// review could have, with a typed error naming the field:
//
//   - an invalid policy: CodeInvalidPolicy;
//   - stars outside 1–5: CodeInvalidRating;
//   - with CodeInvalidReview: a missing ID, order ID, buyer ID, merchant ID
//     (a review always has both parties, R0.4) or creation time; an ID that is
//     not IDFor(OrderID) (one order, one review); a nil or repeated listing
//     ID; a text longer than the policy allows; a reply without its text, its
//     author or its time, or one too long; reply fields set on a review that is
//     not replied.
//
// Every history entry is marked saved.
func RestoreReview(s Snapshot) (*Review, error) {
	if err := s.Policy.Validate(); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name    string
		missing bool
	}{
		{"id", s.ID == uuid.Nil}, {"order_id", s.OrderID == uuid.Nil}, {"buyer_id", s.BuyerID == ""},
		{"merchant_id", s.MerchantID == uuid.Nil}, {"created_at", s.CreatedAt.IsZero()},
	} {
		if f.missing {
			return nil, shopkit.Invalid(CodeInvalidReview, f.name, "is required")
		}
	}
	if s.ID != IDFor(s.OrderID) {
		return nil, shopkit.Invalid(CodeInvalidReview, "id", "must be IDFor(order_id)")
	}
	for i, l := range s.ListingIDs {
		if l == uuid.Nil || slices.Contains(s.ListingIDs[:i], l) {
			return nil, shopkit.Invalid(CodeInvalidReview, "listing_ids["+strconv.Itoa(i)+"]", "must be a listing ID not given before")
		}
	}
	if s.Stars < 1 || s.Stars > 5 {
		return nil, shopkit.Invalid(CodeInvalidRating, "stars", "must be between 1 and 5")
	}
	if err := textProblem("text", s.Text, s.Policy); err != nil {
		return nil, err
	}
	if err := replyProblem(s.Reply, s.Policy); err != nil {
		return nil, err
	}
	return &Review{id: s.ID, orderID: s.OrderID, buyerID: s.BuyerID, merchantID: s.MerchantID,
		listingIDs: slices.Clone(s.ListingIDs), stars: s.Stars, text: s.Text, createdAt: s.CreatedAt,
		reply: s.Reply, policy: s.Policy, journal: shopkit.RestoreJournal(s.ID.String(), s.History)}, nil
}

// replyProblem checks a stored reply: a replied one has what Reply records, an
// unreplied one nothing.
func replyProblem(r Reply, p Policy) error {
	if !r.Replied {
		if r != (Reply{}) {
			return shopkit.Invalid(CodeInvalidReview, "reply", "has fields set but is not replied")
		}
		return nil
	}
	switch {
	case strings.TrimSpace(r.Text) == "":
		return shopkit.Invalid(CodeInvalidReview, "reply.text", "is required")
	case r.By == "":
		return shopkit.Invalid(CodeInvalidReview, "reply.by", "is required")
	case r.At.IsZero():
		return shopkit.Invalid(CodeInvalidReview, "reply.at", "is required")
	}
	return textProblem("reply.text", r.Text, p)
}

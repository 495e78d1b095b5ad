package review

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Snapshot holds a review's state, for host stores: Snapshot and RestoreReview
// round-trip it, also through encoding/json. The audit trail is not part of
// it: the store appends the review's Unsaved entries to its own append-only
// log (R0.4). It keeps the buyer ID and the texts in full, for that is what
// the store persists; its String and GoString mask them (R0.5).
type Snapshot struct {
	ID         uuid.UUID   `json:"id"` // IDFor(OrderID)
	OrderID    uuid.UUID   `json:"order_id"`
	BuyerID    string      `json:"buyer_id"` // the reviewer (personal data, R0.5: hosts often key buyers by phone)
	MerchantID uuid.UUID   `json:"merchant_id"`
	ListingIDs []uuid.UUID `json:"listing_ids"`
	Stars      int         `json:"stars"`
	Text       string      `json:"text"`
	CreatedAt  time.Time   `json:"created_at,omitzero"`
	Reply      Reply       `json:"reply"`
	Policy     Policy      `json:"policy"` // the policy the review was given under
	// Seq is the length of the review's audit trail in the store: the next
	// entry is Seq + 1.
	Seq int `json:"seq"`
}

// Snapshot returns the review's state. Seq counts the unsaved entries too: it
// is what the trail holds once the store has appended them.
func (r *Review) Snapshot() Snapshot {
	return Snapshot{ID: r.id, OrderID: r.orderID, BuyerID: r.buyerID, MerchantID: r.merchantID,
		ListingIDs: slices.Clone(r.listingIDs), Stars: r.stars, Text: r.text, CreatedAt: r.createdAt,
		Reply: r.reply, Policy: r.policy, Seq: r.journal.Seq()}
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
//     not replied; a negative Seq.
//
// The review holds no entry of its trail: its next entry is numbered
// s.Seq + 1.
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
	if s.Seq < 0 {
		return nil, shopkit.Invalid(CodeInvalidReview, "seq", "must not be negative")
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
		reply: s.Reply, policy: s.Policy, journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}, nil
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

package review

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// Reply is the merchant's one reply to a review (R2.6).
type Reply struct {
	Text    string    `json:"text"`
	By      string    `json:"by"` // the merchant's actor id
	At      time.Time `json:"at,omitzero"`
	Replied bool      `json:"replied"`
}

// Review is a buyer's rating of a completed order (R2.6): 1–5 stars and a text,
// given within the review window, with at most one merchant reply. It rates each
// listing of the order and the merchant. Its ID is derived from the order ID
// (IDFor), so a store rejects a second review of the same order as a
// conflict. Its audit trail is the store's append-only log: a review loaded
// from a store carries its state and only the trail's length.
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
// policy, which must be valid (CodeInvalidPolicy); a nil order is
// shopkit.NilArgument("order"). The reviewer is checked first (R0.4): an actor
// who is not a party of the order — another buyer, another shop's merchant, an
// operator of another shop, an actor with an empty ID — is CodeNotParty; a
// party of another role (the order's merchant, the system) is CodeWrongRole (a
// *shopkit.TransitionError). Then an order that is not completed is
// CodeOrderNotCompleted, stars outside 1–5 CodeInvalidRating, a text too long
// CodeInvalidReview, and after the window CodeWindowClosed.
func NewReview(o *order.Order, by shopkit.Actor, stars int, text string, policy Policy, now time.Time) (*Review, error) {
	if err := policy.Validate(); err != nil {
		return nil, err
	}
	if o == nil {
		return nil, shopkit.NilArgument("order")
	}
	to, err := reviewFSM.Authorize(Unreviewed, ActionReview, by, o.Parties())
	if err != nil {
		return nil, err
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
	r.journal.Change(by, now, string(ActionReview), string(Unreviewed), string(to), strconv.Itoa(stars)+" stars", nil)
	r.journal.Emit(now, string(ActionReview), shopkit.Effect{Type: shopkit.EffectNotify, Party: "merchant:" + o.MerchantID().String(), Ref: r.id.String(), Note: "order_reviewed"})
	return r, nil
}

// built returns shopkit.NotBuilt for a review that NewReview or RestoreReview
// did not build (a nil or zero Review): its actions refuse it.
func (r *Review) built() error {
	if r == nil || r.id == uuid.Nil {
		return shopkit.NotBuilt("review.Review")
	}
	return nil
}

// Reply records the merchant's reply (R2.6). The actor is checked first (R0.4):
// one who is not a party of the review (Parties) — another shop's merchant or
// its staff, another buyer, an operator of another shop, an actor with an empty
// ID — is CodeNotParty; a party of another role (the review's buyer) is
// CodeWrongRole. The merchant replies once: a second reply is CodeWrongState
// (both *shopkit.TransitionError). An empty reply or one longer than the review
// policy's MaxTextLength is CodeInvalidReview. A zero Review is
// shopkit.CodeNotBuilt. A rejected reply changes nothing.
func (r *Review) Reply(by shopkit.Actor, text string, now time.Time) error {
	if err := r.built(); err != nil {
		return err
	}
	to, err := reviewFSM.Authorize(r.State(), ActionReply, by, r.Parties())
	if err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return shopkit.Invalid(CodeInvalidReview, "reply", "is required")
	}
	if err := textProblem("reply", text, r.policy); err != nil {
		return err
	}
	from := r.State()
	r.reply = Reply{Text: text, By: by.ID, At: now, Replied: true}
	r.journal.Change(by, now, string(ActionReply), string(from), string(to), "", nil)
	r.journal.Emit(now, string(ActionReply), shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:" + r.buyerID, Ref: r.id.String(), Note: "review_replied"})
	return nil
}

// State is Reviewed, or Replied once the merchant replied.
func (r *Review) State() State { return r.reply.state() }

// state is the state of a review with this reply.
func (r Reply) state() State {
	if r.Replied {
		return Replied
	}
	return Reviewed
}

// AllowedActions lists the actions by may take on the review now, in table
// order: the buttons a frontend shows that actor. It is empty when by is not a
// party (Parties) and for a zero Review.
func (r *Review) AllowedActions(by shopkit.Actor) []Action {
	if r.built() != nil {
		return nil
	}
	return reviewFSM.AllowedFor(r.State(), by, r.Parties())
}

// ID is the review's identity, IDFor(OrderID()).
func (r *Review) ID() uuid.UUID { return r.id }

// OrderID is the reviewed order.
func (r *Review) OrderID() uuid.UUID { return r.orderID }

// BuyerID is the reviewer.
func (r *Review) BuyerID() string { return r.buyerID }

// MerchantID is the reviewed merchant.
func (r *Review) MerchantID() uuid.UUID { return r.merchantID }

// Parties are the review's buyer and shop, those of the reviewed order (R0.4):
// the buyer reviewed it, and the shop's merchant replies — with the shop's ID
// as the actor's ID, or as its staff listing the shop in Actor.Shops. An
// operator of the platform or of this shop is a party too, but no row of the
// workflow is an operator's. Every action checks its actor against them
// (shopkit.CodeNotParty); an actor with an empty ID is never a party. A zero
// Review has no parties but the system.
func (r *Review) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: r.buyerID, Shop: r.merchantID}
}

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

// History returns the audit entries the review holds, oldest first (R0.4):
// every entry of a review given and replied to in memory, and of one loaded
// from a store only those added since it was loaded. The whole trail is the
// store's (Store.Trail, shopkit.ReadTrail).
func (r *Review) History() []shopkit.Entry { return r.journal.History() }

// Unsaved returns the entries added since the review was created or loaded and
// not yet saved: what the store's Create or Update appends to its trail.
func (r *Review) Unsaved() []shopkit.Entry { return r.journal.Unsaved() }

// MarkSaved records that the store persisted every entry.
func (r *Review) MarkSaved() { r.journal.MarkSaved() }

// Clone returns a deep copy. The copy holds only the entries not yet saved
// (see shopkit.Journal.Clone), and numbers on from the same trail.
func (r *Review) Clone() *Review {
	c := *r
	c.listingIDs = slices.Clone(r.listingIDs)
	c.journal = r.journal.Clone()
	return &c
}

func notAllowed(code, detail string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, code, detail)
}

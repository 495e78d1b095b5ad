package catalog

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopspring/decimal"
)

// ListingKind tells goods from services (R2.1): a service listing also has a
// service time.
type ListingKind string

// The kinds of listing.
const (
	ListingKindGoods   ListingKind = "goods"
	ListingKindService ListingKind = "service"
)

// listingKinds is the strict codec of ListingKind.
var listingKinds = enum.New(CodeUnknownKind, "kind", ListingKindGoods, ListingKindService)

// MarshalText implements encoding.TextMarshaler; an unknown kind is an error.
func (k ListingKind) MarshalText() ([]byte, error) { return listingKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown kind is an error.
func (k *ListingKind) UnmarshalText(b []byte) error { return listingKinds.Unmarshal(k, b) }

// ServiceTime is how long a service takes or when it is delivered (R2.1): a
// duration ("90 minutes"), a description ("weekdays 9:00–18:00, on site within 48 h"),
// or both.
type ServiceTime struct {
	Duration    time.Duration `json:"duration"`    // how long the service takes; zero: not stated
	Description string        `json:"description"` // when or how it is delivered, in words
}

// IsZero reports whether neither a duration nor a description is set.
func (s ServiceTime) IsZero() bool { return s.Duration == 0 && strings.TrimSpace(s.Description) == "" }

// ListingContent is what a merchant writes and the review checks (R2.1). Name and
// a price above zero are required from the first draft and stock is never
// negative; the other fields may be filled in before submitting, and the
// completeness check of the review (CheckCompleteness) requires them.
type ListingContent struct {
	Kind        ListingKind   `json:"kind"`         // ListingKindGoods when empty
	Name        string        `json:"name"`         // required from the first draft
	Description string        `json:"description"`  // required to pass review
	Category    string        `json:"category"`     // the host's category key; required to pass review
	Images      []string      `json:"images"`       // image references (URLs or storage keys), at least one
	Price       shopkit.Money `json:"price"`        // list price; a wholesale listing prices lines by Tiers
	Stock       int64         `json:"stock"`        // stock the merchant declares for the listing; reservations live in StockItem (R2.2)
	ServiceTime ServiceTime   `json:"service_time"` // a service listing's service time; none on goods
	SKUs        []string      `json:"skus"`         // the stock-keeping units sold under the listing (R2.2); at least one
	Tiers       PriceTiers    `json:"tiers"`        // wholesale (B2B) price tiers; zero: not wholesale
}

func (c ListingContent) clone() ListingContent {
	c.Images = slices.Clone(c.Images)
	c.SKUs = slices.Clone(c.SKUs)
	return c
}

// IsWholesale reports whether the listing sells by quantity price tiers.
func (c ListingContent) IsWholesale() bool { return !c.Tiers.IsZero() }

type problem struct{ code, field, detail string }

// validateContent rejects malformed values; missing optional fields are left to
// the completeness check of the review.
func validateContent(c *ListingContent) error {
	if c.Kind == "" {
		c.Kind = ListingKindGoods
	}
	var ps []problem
	add := func(code, field, detail string) { ps = append(ps, problem{code, field, detail}) }
	var ve *shopkit.ValidationError
	if errors.As(listingKinds.Check(c.Kind), &ve) {
		add(ve.Code(), ve.Field, ve.Problem)
	}
	if strings.TrimSpace(c.Name) == "" {
		add(CodeInvalidName, "name", "is required")
	}
	if !c.Price.IsPositive() { // R2.1: price in fen > 0
		add(CodeInvalidPrice, "price", "must be greater than zero")
	}
	if c.Stock < 0 { // R2.1: stock ≥ 0
		add(CodeInvalidStock, "stock", "must not be negative")
	}
	for i, img := range c.Images {
		if strings.TrimSpace(img) == "" {
			add(CodeInvalidImage, "images["+strconv.Itoa(i)+"]", "must not be empty")
		}
	}
	for i, sku := range c.SKUs {
		field := "skus[" + strconv.Itoa(i) + "]"
		switch {
		case strings.TrimSpace(sku) == "":
			add(CodeInvalidSKU, field, "must not be empty")
		case slices.Contains(c.SKUs[:i], sku):
			add(CodeInvalidSKU, field, "repeats "+strconv.Quote(sku))
		}
	}
	if c.ServiceTime.Duration < 0 {
		add(CodeInvalidServiceTime, "service_time.duration", "must not be negative")
	}
	if c.Kind == ListingKindGoods && !c.ServiceTime.IsZero() {
		add(CodeInvalidServiceTime, "service_time", "only a service listing has a service time")
	}
	if c.IsWholesale() && c.Tiers.tiers[0].UnitPrice.Currency() != c.Price.Currency() {
		add(CodeCurrencyMismatch, "tiers", "must be in the price's currency "+string(c.Price.Currency()))
	}
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return shopkit.Invalid(ps[0].code, ps[0].field, ps[0].detail)
	}
	fps := make([]shopkit.FieldProblem, len(ps))
	for i, p := range ps {
		fps[i] = shopkit.FieldProblem{Field: p.field, Problem: p.detail}
	}
	return shopkit.Incomplete(CodeInvalidListing, fps)
}

// Listing is a product or service listing (R2.1): its content, its place in the
// review workflow (table WorkflowName), and its view and purchase counters.
// Every state change goes through a checked action that records an audit entry
// (R0.4). Create one with NewListing, rebuild a stored one with RestoreListing.
type Listing struct {
	id         uuid.UUID
	merchantID uuid.UUID
	state      ListingState
	content    ListingContent
	// revision counts content edits; approvedRevision is the revision the last
	// approval covers. A listing is published only when they are equal.
	revision         int64
	approvedRevision int64
	findings         []Finding
	reviewDeadline   time.Time
	views            int64
	purchases        int64
	unitsSold        int64
	createdAt        time.Time
	journal          shopkit.Journal
}

// NewListing creates a draft listing of merchantID (R2.1), validating the content:
// a name, a price above zero, stock of at least zero, well-formed images, SKUs
// and service time. The other fields may still be empty in a draft. by must be
// that merchant (R0.4): role merchant (else a *shopkit.TransitionError with
// CodeWrongRole) and a party of the new listing (by.ID is merchantID's text, or
// by.Shops holds it; else an error with code shopkit.CodeNotParty). The "create"
// entry records by as the author.
func NewListing(merchantID uuid.UUID, c ListingContent, by shopkit.Actor, now time.Time) (*Listing, error) {
	if merchantID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidMerchant, "merchant_id", "is required")
	}
	if by.Role != shopkit.Merchant {
		return nil, &shopkit.TransitionError{Workflow: WorkflowName, State: "", Action: string(ListingCreate),
			Role: by.Role, WrongRole: true}
	}
	if err := (shopkit.Parties{Shop: merchantID}).Check(by); err != nil {
		return nil, err
	}
	c = c.clone()
	if err := validateContent(&c); err != nil {
		return nil, err
	}
	id := uuid.New()
	l := &Listing{id: id, merchantID: merchantID, state: ListingDraft, content: c, revision: 1, createdAt: now,
		journal: shopkit.NewJournal(id.String())}
	l.journal.Change(by, now, string(ListingCreate), "", string(ListingDraft), "", nil)
	return l, nil
}

// ListingSnapshot holds every field of a Listing, for host stores: its state,
// and the length of its audit trail, which the store keeps apart (R0.4). It
// prints (String, GoString) in the listing's short form, so free text such as
// a merchant's content never reaches a log (R0.5).
type ListingSnapshot struct {
	ID               uuid.UUID      `json:"id"`
	MerchantID       uuid.UUID      `json:"merchant_id"`
	State            ListingState   `json:"state"`
	Content          ListingContent `json:"content"`
	Revision         int64          `json:"revision"`
	ApprovedRevision int64          `json:"approved_revision"`
	Findings         []Finding      `json:"findings"`
	ReviewDeadline   time.Time      `json:"review_deadline,omitzero"` // zero: none
	Views            int64          `json:"views"`
	Purchases        int64          `json:"purchases"`
	UnitsSold        int64          `json:"units_sold"`
	CreatedAt        time.Time      `json:"created_at,omitzero"`
	// Seq is the length of the listing's audit trail in the store: the next
	// entry is Seq + 1.
	Seq int `json:"seq"`
}

// RestoreListing rebuilds a listing from a snapshot without re-running the
// workflow's rules; the listing holds no entry of its trail, and its next one is
// numbered s.Seq + 1. It rejects a snapshot that cannot be a listing (no ID or
// merchant ID, an unknown state, negative counters or Seq) with a
// ValidationError: CodeInvalidSnapshot, or CodeUnknownState.
func RestoreListing(s ListingSnapshot) (*Listing, error) {
	switch {
	case s.ID == uuid.Nil:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "id", "is required")
	case s.MerchantID == uuid.Nil:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "merchant_id", "is required")
	case !s.State.valid():
		return nil, listingStates.Check(s.State)
	case s.Views < 0 || s.Purchases < 0 || s.UnitsSold < 0:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "counters", "must not be negative")
	case s.Seq < 0:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "seq", "must not be negative")
	}
	return &Listing{
		id: s.ID, merchantID: s.MerchantID, state: s.State, content: s.Content.clone(),
		revision: s.Revision, approvedRevision: s.ApprovedRevision, findings: slices.Clone(s.Findings),
		reviewDeadline: s.ReviewDeadline, views: s.Views, purchases: s.Purchases, unitsSold: s.UnitsSold,
		createdAt: s.CreatedAt, journal: shopkit.ResumeJournal(s.ID.String(), s.Seq),
	}, nil
}

// Snapshot returns every field, for host stores. Seq counts the unsaved
// entries too: it is what the trail holds once the store has appended them.
func (l *Listing) Snapshot() ListingSnapshot {
	return ListingSnapshot{
		ID: l.id, MerchantID: l.merchantID, State: l.state, Content: l.content.clone(),
		Revision: l.revision, ApprovedRevision: l.approvedRevision, Findings: slices.Clone(l.findings),
		ReviewDeadline: l.reviewDeadline, Views: l.views, Purchases: l.purchases, UnitsSold: l.unitsSold,
		CreatedAt: l.createdAt, Seq: l.journal.Seq(),
	}
}

// Clone returns a deep copy.
func (l *Listing) Clone() *Listing {
	c := *l
	c.content = l.content.clone()
	c.findings = slices.Clone(l.findings)
	c.journal = l.journal.Clone()
	return &c
}

// ID returns the listing's identity.
func (l *Listing) ID() uuid.UUID { return l.id }

// MerchantID returns the merchant who owns the listing.
func (l *Listing) MerchantID() uuid.UUID { return l.merchantID }

// State returns the workflow state.
func (l *Listing) State() ListingState { return l.state }

// Content returns a copy of the content.
func (l *Listing) Content() ListingContent { return l.content.clone() }

// Revision counts content edits, starting at 1. Approve and Reject take the
// revision the reviewer saw, so a review of older content is refused.
func (l *Listing) Revision() int64 { return l.revision }

// ApprovedRevision is the revision the last approval covers (0: never approved).
func (l *Listing) ApprovedRevision() int64 { return l.approvedRevision }

// Findings returns the reasons of the last rejection (nil after an approval).
func (l *Listing) Findings() []Finding { return slices.Clone(l.findings) }

// Visible reports whether buyers see the listing: it is published.
func (l *Listing) Visible() bool { return l.state == ListingPublished }

// CreatedAt returns when the listing was created.
func (l *Listing) CreatedAt() time.Time { return l.createdAt }

// Problems returns what the completeness check would find now: the fields a
// frontend should ask for before the merchant submits.
func (l *Listing) Problems() []Finding { return CheckCompleteness(l.content) }

// UnitPriceFor returns the unit price of a line of qty units (R2.1): the tier qty
// falls in for a wholesale listing (below the MOQ is an error), else the price.
func (l *Listing) UnitPriceFor(qty int64) (shopkit.Money, error) {
	if l.content.IsWholesale() {
		return l.content.Tiers.UnitPriceFor(qty)
	}
	if qty <= 0 {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidQuantity, "quantity", "must be greater than zero")
	}
	return l.content.Price, nil
}

// Views returns how many times buyers viewed the listing.
func (l *Listing) Views() int64 { return l.views }

// Purchases returns how many purchases (order lines) included the listing.
func (l *Listing) Purchases() int64 { return l.purchases }

// UnitsSold returns the units those purchases bought.
func (l *Listing) UnitsSold() int64 { return l.unitsSold }

// RecordView counts one view (R2.1). Counters are not workflow changes and add
// no audit entry.
func (l *Listing) RecordView() { l.views++ }

// RecordPurchase counts one purchase of qty units (R2.1); qty must be above zero.
func (l *Listing) RecordPurchase(qty int64) error {
	if qty <= 0 {
		return shopkit.Invalid(CodeInvalidQuantity, "quantity", "must be greater than zero")
	}
	l.purchases++
	l.unitsSold += qty
	return nil
}

// Conversion returns purchases ÷ views (R2.1, R2.7), rounded half away from zero
// to 6 decimal places (0.0001 %). With no views it is 0. Purchases count
// orders, not units, so a buyer taking 10 units counts once.
func (l *Listing) Conversion() decimal.Decimal {
	if l.views == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(l.purchases).DivRound(decimal.NewFromInt(l.views), 6)
}

// Deadline returns the review deadline of a submitted listing: when it passes
// before the automatic review ran, the sweep escalates the listing to manual
// review. Other states have no deadline.
func (l *Listing) Deadline() (time.Time, bool) {
	if l.state == ListingSubmitted && !l.reviewDeadline.IsZero() {
		return l.reviewDeadline, true
	}
	return time.Time{}, false
}

// Parties are who the listing belongs to (R0.4): its merchant (Shop =
// MerchantID); a listing has no buyer. The merchant acts with its ID as the
// actor's ID, or its staff with the ID in Actor.Shops; a platform operator
// reviews and takes down when it acts for the whole platform or for this shop;
// the system (the automatic review, the sweep) always may. Every action checks
// its actor against them (shopkit.CodeNotParty).
func (l *Listing) Parties() shopkit.Parties { return shopkit.Parties{Shop: l.merchantID} }

// AllowedActions lists the actions by may take now, in table order: the
// buttons a frontend shows that actor. It is empty when by is not a party
// (Parties).
func (l *Listing) AllowedActions(by shopkit.Actor) []ListingAction {
	return listingFSM.AllowedFor(l.state, by, l.Parties())
}

// History returns the audit entries the listing holds, oldest first (R0.4):
// every entry of a listing built and acted on in memory, and of one loaded from
// a store only those added since; the whole trail is the store's
// (ListingStore.Trail).
func (l *Listing) History() []shopkit.Entry { return l.journal.History() }

// Unsaved returns the audit entries added since the listing was created or
// loaded and not yet saved: what a store's Create or Update appends to its
// trail together with its state.
func (l *Listing) Unsaved() []shopkit.Entry { return l.journal.Unsaved() }

// MarkSaved marks every audit entry saved; stores call it after persisting.
func (l *Listing) MarkSaved() { l.journal.MarkSaved() }

// String describes the listing for logs: identity, merchant, state, name and
// revision. A listing holds no personal data (R0.5); its content and audit
// trail are not printed.
func (l *Listing) String() string {
	return "Listing{" + l.id.String() + " merchant " + l.merchantID.String() + " " + string(l.state) +
		" " + strconv.Quote(l.content.Name) + " rev " + strconv.FormatInt(l.revision, 10) + "}"
}

// GoString is String, so %#v prints the same short form (R0.5).
func (l *Listing) GoString() string { return l.String() }

// String describes the snapshot as Listing.String describes the listing.
func (s ListingSnapshot) String() string {
	return "ListingSnapshot{" + s.ID.String() + " merchant " + s.MerchantID.String() + " " + string(s.State) +
		" " + strconv.Quote(s.Content.Name) + " rev " + strconv.FormatInt(s.Revision, 10) + "}"
}

// GoString is String, so %#v prints the same short form (R0.5).
func (s ListingSnapshot) GoString() string { return s.String() }

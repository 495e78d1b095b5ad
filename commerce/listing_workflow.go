package commerce

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/fsm"
)

// ListingState is a state of the listing workflow (R2.1).
type ListingState string

// The listing states.
const (
	ListingDraft        ListingState = "draft"         // the merchant is writing it
	ListingSubmitted    ListingState = "submitted"     // waiting for the automatic review
	ListingManualReview ListingState = "manual_review" // the automatic review did not run in time: a platform reviewer decides
	ListingApproved     ListingState = "approved"      // passed review, not yet visible
	ListingRejected     ListingState = "rejected"      // failed review or taken down, with reasons
	ListingPublished    ListingState = "published"     // visible to buyers
	ListingUnpublished  ListingState = "unpublished"   // hidden by the merchant
	ListingRemoved      ListingState = "removed"       // deleted by the merchant (final)
)

// listingStates is the strict codec of ListingState.
var listingStates = enum.New("commerce.unknown_listing_state", "state",
	ListingDraft, ListingSubmitted, ListingManualReview, ListingApproved, ListingRejected,
	ListingPublished, ListingUnpublished, ListingRemoved)

func (s ListingState) valid() bool { return listingStates.Valid(s) }

// MarshalText implements encoding.TextMarshaler; an unknown state is an error.
func (s ListingState) MarshalText() ([]byte, error) { return listingStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown state is an error.
func (s *ListingState) UnmarshalText(b []byte) error { return listingStates.Unmarshal(s, b) }

// ListingAction is an action of the listing workflow (R2.1).
type ListingAction string

// The listing actions.
const (
	ListingCreate    ListingAction = "create"    // journal only: the listing was created
	ListingSubmit    ListingAction = "submit"    // merchant: draft → submitted
	ListingApprove   ListingAction = "approve"   // system (automatic review) or platform
	ListingReject    ListingAction = "reject"    // system (automatic review) or platform, with reasons
	ListingEscalate  ListingAction = "escalate"  // system: review deadline passed → manual review
	ListingPublish   ListingAction = "publish"   // merchant: approved/unpublished → published
	ListingUnpublish ListingAction = "unpublish" // merchant: published → unpublished
	ListingEdit      ListingAction = "edit"      // merchant: an edit that needs no review
	ListingRevise    ListingAction = "revise"    // merchant: an edit that sends an approved listing back to review
	ListingTakeDown  ListingAction = "take_down" // platform: approved/published/unpublished → rejected
	ListingRemove    ListingAction = "remove"    // merchant: delete the listing
)

// listingActions is the strict codec of ListingAction.
var listingActions = enum.New("commerce.unknown_listing_action", "action",
	ListingCreate, ListingSubmit, ListingApprove, ListingReject, ListingEscalate, ListingPublish,
	ListingUnpublish, ListingEdit, ListingRevise, ListingTakeDown, ListingRemove)

// MarshalText implements encoding.TextMarshaler; an unknown action is an error.
func (a ListingAction) MarshalText() ([]byte, error) { return listingActions.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown action is an error.
func (a *ListingAction) UnmarshalText(b []byte) error { return listingActions.Unmarshal(a, b) }

// listingFSM is the listing workflow of R2.1, immutable after construction.
var listingFSM = fsm.MustNew("commerce.listing", []fsm.Transition[ListingState, ListingAction]{
	{From: ListingDraft, Action: ListingSubmit, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingSubmitted},
	{From: ListingDraft, Action: ListingEdit, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingDraft},
	{From: ListingDraft, Action: ListingRemove, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingRemoved},
	{From: ListingSubmitted, Action: ListingApprove, Roles: []shopkit.Role{shopkit.System, shopkit.Platform}, To: ListingApproved},
	{From: ListingSubmitted, Action: ListingReject, Roles: []shopkit.Role{shopkit.System, shopkit.Platform}, To: ListingRejected},
	{From: ListingSubmitted, Action: ListingEscalate, Roles: []shopkit.Role{shopkit.System}, To: ListingManualReview},
	{From: ListingManualReview, Action: ListingApprove, Roles: []shopkit.Role{shopkit.Platform}, To: ListingApproved},
	{From: ListingManualReview, Action: ListingReject, Roles: []shopkit.Role{shopkit.Platform}, To: ListingRejected},
	{From: ListingApproved, Action: ListingPublish, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingPublished},
	{From: ListingApproved, Action: ListingEdit, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingApproved},
	{From: ListingApproved, Action: ListingRevise, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingSubmitted},
	{From: ListingApproved, Action: ListingTakeDown, Roles: []shopkit.Role{shopkit.Platform}, To: ListingRejected},
	{From: ListingApproved, Action: ListingRemove, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingRemoved},
	{From: ListingPublished, Action: ListingUnpublish, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingUnpublished},
	{From: ListingPublished, Action: ListingEdit, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingPublished},
	{From: ListingPublished, Action: ListingRevise, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingSubmitted},
	{From: ListingPublished, Action: ListingTakeDown, Roles: []shopkit.Role{shopkit.Platform}, To: ListingRejected},
	{From: ListingUnpublished, Action: ListingPublish, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingPublished},
	{From: ListingUnpublished, Action: ListingEdit, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingUnpublished},
	{From: ListingUnpublished, Action: ListingRevise, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingSubmitted},
	{From: ListingUnpublished, Action: ListingTakeDown, Roles: []shopkit.Role{shopkit.Platform}, To: ListingRejected},
	{From: ListingUnpublished, Action: ListingRemove, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingRemoved},
	{From: ListingRejected, Action: ListingEdit, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingDraft},
	{From: ListingRejected, Action: ListingRemove, Roles: []shopkit.Role{shopkit.Merchant}, To: ListingRemoved},
}, fsm.Timeout[ListingState, ListingAction]{State: ListingSubmitted, Action: ListingEscalate, Label: "ReviewWithin"})

// ListingDiagram returns the Mermaid diagram of the listing workflow.
func ListingDiagram() string { return listingFSM.Mermaid() }

// ListingField names a content field, for ListingPolicy.ReviewOnEdit.
type ListingField string

// The content fields.
const (
	FieldKind        ListingField = "kind"
	FieldName        ListingField = "name"
	FieldDescription ListingField = "description"
	FieldCategory    ListingField = "category"
	FieldImages      ListingField = "images"
	FieldPrice       ListingField = "price"
	FieldStock       ListingField = "stock"
	FieldServiceTime ListingField = "service_time"
	FieldSKUs        ListingField = "skus"
	FieldTiers       ListingField = "tiers"
)

// ListingPolicy holds the listing workflow's numbers and choices (R2.1).
type ListingPolicy struct {
	// ReviewOnEdit lists the fields whose edit sends an approved, published or
	// unpublished listing back to review. R2.1: name, description, category and
	// images do, price and stock do not. The default adds kind and service time,
	// which describe what a buyer gets.
	ReviewOnEdit []ListingField
	// ReviewWithin is how long a submitted listing may wait for its automatic
	// review before it escalates to manual review by the platform (a library
	// default: RULES.md sets no number). Zero disables the deadline.
	ReviewWithin time.Duration
}

// DefaultListingPolicy returns the defaults of R2.1.
func DefaultListingPolicy() ListingPolicy {
	return ListingPolicy{
		ReviewOnEdit: []ListingField{FieldName, FieldDescription, FieldCategory, FieldImages, FieldKind, FieldServiceTime},
		ReviewWithin: 24 * time.Hour,
	}
}

// changedFields lists the fields that differ between two contents.
func changedFields(a, b ListingContent) []ListingField {
	var out []ListingField
	if a.Kind != b.Kind {
		out = append(out, FieldKind)
	}
	if a.Name != b.Name {
		out = append(out, FieldName)
	}
	if a.Description != b.Description {
		out = append(out, FieldDescription)
	}
	if a.Category != b.Category {
		out = append(out, FieldCategory)
	}
	if !slices.Equal(a.Images, b.Images) {
		out = append(out, FieldImages)
	}
	if !a.Price.Equal(b.Price) {
		out = append(out, FieldPrice)
	}
	if a.Stock != b.Stock {
		out = append(out, FieldStock)
	}
	if a.ServiceTime != b.ServiceTime {
		out = append(out, FieldServiceTime)
	}
	if !slices.Equal(a.SKUs, b.SKUs) {
		out = append(out, FieldSKUs)
	}
	if !a.Tiers.Equal(b.Tiers) {
		out = append(out, FieldTiers)
	}
	return out
}

func (l *Listing) check(action ListingAction, by Actor) (ListingState, error) {
	return listingFSM.Check(l.state, action, by.Role)
}

func (l *Listing) setReviewDeadline(now time.Time, p ListingPolicy) {
	l.reviewDeadline = time.Time{}
	if p.ReviewWithin > 0 {
		l.reviewDeadline = now.Add(p.ReviewWithin)
	}
}

// Submit sends a draft to review (R2.1). The automatic review follows (the
// service runs it at once); if it has not run by now + p.ReviewWithin, the sweep
// escalates the listing to manual review.
func (l *Listing) Submit(by Actor, now time.Time, p ListingPolicy) error {
	to, err := l.check(ListingSubmit, by)
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.setReviewDeadline(now, p)
	l.journal.Change(by, now, string(ListingSubmit), string(from), string(to), "", nil)
	return nil
}

func (l *Listing) checkRevision(revision int64) error {
	if revision != l.revision {
		return shopkit.NewError(shopkit.ErrConflict, "commerce.listing_changed",
			"listing "+l.id.String()+" is at revision "+strconv.FormatInt(l.revision, 10)+
				", the review saw revision "+strconv.FormatInt(revision, 10))
	}
	return nil
}

// Approve passes the review of revision (R2.1): the automatic review (system) of
// a submitted listing, or a platform reviewer. A review of an older revision is
// a conflict ("commerce.listing_changed") and changes nothing.
func (l *Listing) Approve(by Actor, now time.Time, revision int64, note string) error {
	to, err := l.check(ListingApprove, by)
	if err != nil {
		return err
	}
	if err := l.checkRevision(revision); err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.approvedRevision = l.revision
	l.findings = nil
	l.reviewDeadline = time.Time{}
	l.journal.Change(by, now, string(ListingApprove), string(from), string(to), note, nil)
	l.journal.Emit(now, string(ListingApprove), Effect{Type: EffectNotify, Party: "merchant:" + l.merchantID.String(), Ref: l.id.String(), Note: "listing approved"})
	return nil
}

func joinFindings(fs []Finding) string {
	details := make([]string, len(fs))
	for i, f := range fs {
		details[i] = f.Detail
	}
	return strings.Join(details, "; ")
}

func validateReasons(reasons []Finding) error {
	if len(reasons) == 0 {
		return shopkit.Invalid("commerce.reason_required", "reasons", "at least one reason is required")
	}
	for i, r := range reasons {
		if strings.TrimSpace(r.Detail) == "" {
			return shopkit.Invalid("commerce.reason_required", "reasons["+strconv.Itoa(i)+"].detail", "is required")
		}
	}
	return nil
}

// Reject fails the review of revision with reasons (R2.1): at least one, each
// with a detail. The merchant edits the listing and submits it again.
func (l *Listing) Reject(by Actor, now time.Time, revision int64, reasons []Finding) error {
	to, err := l.check(ListingReject, by)
	if err != nil {
		return err
	}
	if err := l.checkRevision(revision); err != nil {
		return err
	}
	if err := validateReasons(reasons); err != nil {
		return err
	}
	l.reject(by, now, ListingReject, to, reasons)
	return nil
}

func (l *Listing) reject(by Actor, now time.Time, action ListingAction, to ListingState, reasons []Finding) {
	from := l.state
	l.state = to
	l.findings = slices.Clone(reasons)
	l.reviewDeadline = time.Time{}
	reason := joinFindings(reasons)
	l.journal.Change(by, now, string(action), string(from), string(to), reason, nil)
	l.journal.Emit(now, string(action), Effect{Type: EffectNotify, Party: "merchant:" + l.merchantID.String(), Ref: l.id.String(), Note: reason})
}

// TakeDown is the platform removing an approved, published or unpublished
// listing from sale with reasons (a violation found after approval). It becomes
// rejected: the merchant edits it and submits again.
func (l *Listing) TakeDown(by Actor, now time.Time, reasons []Finding) error {
	to, err := l.check(ListingTakeDown, by)
	if err != nil {
		return err
	}
	if err := validateReasons(reasons); err != nil {
		return err
	}
	l.reject(by, now, ListingTakeDown, to, reasons)
	return nil
}

// Publish makes an approved (or unpublished) listing visible to buyers (R2.1).
func (l *Listing) Publish(by Actor, now time.Time) error {
	to, err := l.check(ListingPublish, by)
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.journal.Change(by, now, string(ListingPublish), string(from), string(to), "", nil)
	return nil
}

// Unpublish hides a published listing (R2.1); Publish shows it again without review.
func (l *Listing) Unpublish(by Actor, now time.Time, reason string) error {
	to, err := l.check(ListingUnpublish, by)
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.journal.Change(by, now, string(ListingUnpublish), string(from), string(to), reason, nil)
	return nil
}

// Remove deletes the listing (final). A submitted or published listing must be
// reviewed or unpublished first.
func (l *Listing) Remove(by Actor, now time.Time, reason string) error {
	to, err := l.check(ListingRemove, by)
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.reviewDeadline = time.Time{}
	l.journal.Change(by, now, string(ListingRemove), string(from), string(to), reason, nil)
	return nil
}

// Edit replaces the content with c (R2.1), validated as in NewListing. In a draft
// it stays a draft; a rejected listing becomes a draft again (to be resubmitted).
// An approved, published or unpublished listing goes back to review (submitted,
// with a review deadline) when a field of p.ReviewOnEdit changed — by default
// name, description, category, images, kind or service time — and keeps its
// state and approval otherwise (price and stock). It reports whether the edit
// sent the listing to review. A submitted or manually reviewed listing cannot be
// edited until the review decides.
func (l *Listing) Edit(by Actor, now time.Time, c ListingContent, p ListingPolicy) (toReview bool, err error) {
	c = c.clone()
	if err := validateContent(&c); err != nil {
		return false, err
	}
	changed := changedFields(l.content, c)
	review := false
	for _, f := range changed {
		if slices.Contains(p.ReviewOnEdit, f) {
			review = true
			break
		}
	}
	action := ListingEdit
	if review && listingFSM.Can(l.state, ListingRevise, by.Role) {
		action = ListingRevise
	}
	to, err := l.check(action, by)
	if err != nil {
		return false, err
	}
	from := l.state
	wasApproved := l.approvedRevision == l.revision
	l.state = to
	l.content = c
	if len(changed) > 0 {
		l.revision++
	}
	switch {
	case action == ListingRevise:
		l.setReviewDeadline(now, p)
	case wasApproved && (to == ListingApproved || to == ListingPublished || to == ListingUnpublished):
		// The policy exempts these fields from review: the approval carries over.
		l.approvedRevision = l.revision
	}
	names := make([]string, len(changed))
	for i, f := range changed {
		names[i] = string(f)
	}
	l.journal.Change(by, now, string(action), string(from), string(to), "changed: "+strings.Join(names, ", "), nil)
	return action == ListingRevise, nil
}

// ApplyDue escalates a submitted listing whose review deadline has passed to
// manual review by the platform (commerce.Expirable, R2.9), stamped at the
// deadline, and asks the host to notify the platform's reviewers. At exactly the
// deadline the automatic review is still in time and nothing is due (an error
// matching shopkit.ErrConflict, commerce.not_due); 1 ns later it is.
func (l *Listing) ApplyDue(now time.Time) error {
	deadline, ok := l.Deadline()
	if !ok || !now.After(deadline) {
		return NotDue("commerce", l.id)
	}
	to, err := l.check(ListingEscalate, SystemActor())
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.reviewDeadline = time.Time{}
	l.journal.Change(SystemActor(), deadline, string(ListingEscalate), string(from), string(to), "automatic review not done in time", nil)
	l.journal.Emit(deadline, string(ListingEscalate), Effect{Type: EffectNotify, Party: "platform", Ref: l.id.String(), Note: "listing waits for manual review"})
	return nil
}

// ListingStore is what the listing service needs of the host's storage (R2.8).
type ListingStore interface {
	// Create stores a new listing and its audit entries.
	Create(ctx context.Context, l *Listing) error
	// Get returns the listing, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Listing, error)
	// Update loads the listing, calls fn, and persists the result together with
	// l.Unsaved() atomically; nothing is written when fn fails.
	Update(ctx context.Context, id uuid.UUID, fn func(l *Listing) error) error
	// Due lists listings whose deadline is at or before t, earliest first.
	Due(ctx context.Context, t time.Time, limit int) ([]*Listing, error)
	// ListByMerchant lists a merchant's listings, oldest first.
	ListByMerchant(ctx context.Context, merchantID uuid.UUID) ([]*Listing, error)
}

// ListingService runs the listing workflow over a store (R2.1): load → act →
// save, and the automatic review right after a submission.
type ListingService struct {
	Store    ListingStore        // the host's listings (R2.8)
	Checkers []ComplianceChecker // compliance checks after the completeness check
	Policy   ListingPolicy       // which edits need review, and the review deadline
	Clock    func() time.Time    // the time every action is stamped with (R0.3)
}

func (s *ListingService) update(ctx context.Context, id uuid.UUID, fn func(l *Listing) error) (*Listing, error) {
	var out *Listing
	err := s.Store.Update(ctx, id, func(l *Listing) error {
		if err := fn(l); err != nil {
			return err
		}
		out = l.Clone()
		return nil
	})
	return out, err
}

// Create stores a new draft listing.
func (s *ListingService) Create(ctx context.Context, merchantID uuid.UUID, c ListingContent, by Actor) (*Listing, error) {
	l, err := NewListing(merchantID, c, by, s.Clock())
	if err != nil {
		return nil, err
	}
	if err := s.Store.Create(ctx, l); err != nil {
		return nil, err
	}
	l.MarkSaved()
	return l, nil
}

// Submit submits a draft and runs the automatic review at once (R2.1). It
// returns the listing as the review left it (approved or rejected). If a checker
// fails, the listing stays submitted and the error is returned with it: call
// Review again, or let the sweep escalate it at its review deadline.
func (s *ListingService) Submit(ctx context.Context, id uuid.UUID, by Actor) (*Listing, error) {
	if _, err := s.update(ctx, id, func(l *Listing) error { return l.Submit(by, s.Clock(), s.Policy) }); err != nil {
		return nil, err
	}
	return s.Review(ctx, id)
}

// Review runs the automatic review of a submitted listing (R2.1) as the system:
// completeness, then the compliance checkers, outside the store's Update; then it
// approves or rejects the revision it checked. If the listing changed meanwhile
// the result is a conflict and nothing is written.
func (s *ListingService) Review(ctx context.Context, id uuid.UUID) (*Listing, error) {
	l, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := l.check(ListingApprove, SystemActor()); err != nil {
		return l, err
	}
	rev := l.Revision()
	findings, err := ReviewListing(ctx, l.Content(), s.Checkers)
	if err != nil {
		return l, err
	}
	return s.update(ctx, id, func(l *Listing) error {
		if len(findings) == 0 {
			return l.Approve(SystemActor(), s.Clock(), rev, "automatic review passed")
		}
		return l.Reject(SystemActor(), s.Clock(), rev, findings)
	})
}

// Approve is a platform reviewer approving revision of a listing.
func (s *ListingService) Approve(ctx context.Context, id uuid.UUID, by Actor, revision int64, note string) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Approve(by, s.Clock(), revision, note) })
}

// Reject is a platform reviewer rejecting revision of a listing with reasons.
func (s *ListingService) Reject(ctx context.Context, id uuid.UUID, by Actor, revision int64, reasons []Finding) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Reject(by, s.Clock(), revision, reasons) })
}

// TakeDown is the platform taking a listing off sale with reasons.
func (s *ListingService) TakeDown(ctx context.Context, id uuid.UUID, by Actor, reasons []Finding) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.TakeDown(by, s.Clock(), reasons) })
}

// Publish makes a listing visible.
func (s *ListingService) Publish(ctx context.Context, id uuid.UUID, by Actor) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Publish(by, s.Clock()) })
}

// Unpublish hides a listing.
func (s *ListingService) Unpublish(ctx context.Context, id uuid.UUID, by Actor, reason string) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Unpublish(by, s.Clock(), reason) })
}

// Remove deletes a listing.
func (s *ListingService) Remove(ctx context.Context, id uuid.UUID, by Actor, reason string) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Remove(by, s.Clock(), reason) })
}

// Edit replaces a listing's content; when the edit sends it back to review, the
// automatic review runs at once, as after Submit.
func (s *ListingService) Edit(ctx context.Context, id uuid.UUID, by Actor, c ListingContent) (*Listing, error) {
	review := false
	l, err := s.update(ctx, id, func(l *Listing) error {
		var err error
		review, err = l.Edit(by, s.Clock(), c, s.Policy)
		return err
	})
	if err != nil || !review {
		return l, err
	}
	return s.Review(ctx, id)
}

// RecordView counts a view of a listing.
func (s *ListingService) RecordView(ctx context.Context, id uuid.UUID) error {
	return s.Store.Update(ctx, id, func(l *Listing) error { l.RecordView(); return nil })
}

// RecordPurchase counts a purchase of qty units of a listing.
func (s *ListingService) RecordPurchase(ctx context.Context, id uuid.UUID, qty int64) error {
	return s.Store.Update(ctx, id, func(l *Listing) error { return l.RecordPurchase(qty) })
}

// Sweep escalates submitted listings whose review deadline has passed (R2.9).
func (s *ListingService) Sweep(ctx context.Context) (SweepResult, error) {
	return Sweep[*Listing](ctx, s.Store, s.Clock(), 100)
}

package catalog

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
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
var listingStates = enum.New(CodeUnknownState, "state",
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
var listingActions = enum.New(CodeUnknownAction, "action",
	ListingCreate, ListingSubmit, ListingApprove, ListingReject, ListingEscalate, ListingPublish,
	ListingUnpublish, ListingEdit, ListingRevise, ListingTakeDown, ListingRemove)

// MarshalText implements encoding.TextMarshaler; an unknown action is an error.
func (a ListingAction) MarshalText() ([]byte, error) { return listingActions.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown action is an error.
func (a *ListingAction) UnmarshalText(b []byte) error { return listingActions.Unmarshal(a, b) }

// listingFSM is the listing workflow of R2.1, its timeout labelled with the
// default policy. It is immutable after construction; every listing checks its
// actions against it.
var listingFSM = shopkit.MustNewTable(WorkflowName, []shopkit.Transition[ListingState, ListingAction]{
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
}, shopkit.Timeout[ListingState, ListingAction]{State: ListingSubmitted, Action: ListingEscalate,
	Label: reviewLabel(DefaultListingPolicy())})

// ListingWorkflow returns the listing workflow table with the review deadline
// labelled by p ("24h"), for a frontend or a diagram of the policy in force.
// Listings check against the same transitions whatever p is.
func ListingWorkflow(p ListingPolicy) *shopkit.Table[ListingState, ListingAction] {
	return listingFSM.Relabel(func(shopkit.Timeout[ListingState, ListingAction]) string { return reviewLabel(p) })
}

// ListingDiagram draws ListingWorkflow(p) as a Mermaid state diagram.
func ListingDiagram(p ListingPolicy) string { return ListingWorkflow(p).Mermaid() }

// reviewLabel writes the review deadline as "24h" or "90 min", and as Go writes
// a duration when it is neither whole hours nor whole minutes.
func reviewLabel(p ListingPolicy) string {
	d := p.ReviewWithin
	switch {
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d > 0 && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return d.String()
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

// check authorizes action by by (R0.4): the table's row for the role, then by
// must be a party of the listing (Parties). Every action calls it before it
// changes anything.
func (l *Listing) check(action ListingAction, by shopkit.Actor) (ListingState, error) {
	return listingFSM.Authorize(l.state, action, by, l.Parties())
}

// Submit sends a draft to review (R2.1). The automatic review follows (the
// service runs it at once); if it has not run by now + p.ReviewWithin, the sweep
// escalates the listing to manual review. An invalid p is p.Validate's error. The
// policy is read when it is used, so a changed policy applies to submissions and
// edits from then on (R0.3).
func (l *Listing) Submit(by shopkit.Actor, now time.Time, p ListingPolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	to, err := l.check(ListingSubmit, by)
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.reviewDeadline = now.Add(p.ReviewWithin)
	l.journal.Change(by, now, string(ListingSubmit), string(from), string(to), "", nil)
	return nil
}

func (l *Listing) checkRevision(revision int64) error {
	if revision != l.revision {
		return shopkit.NewError(shopkit.ErrConflict, CodeListingChanged,
			"listing "+l.id.String()+" is at revision "+strconv.FormatInt(l.revision, 10)+
				", the review saw revision "+strconv.FormatInt(revision, 10))
	}
	return nil
}

// Approve passes the review of revision (R2.1): the automatic review (system) of
// a submitted listing, or a platform reviewer. A review of an older revision is
// a conflict (CodeListingChanged) and changes nothing.
func (l *Listing) Approve(by shopkit.Actor, now time.Time, revision int64, note string) error {
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
	l.journal.Emit(now, string(ListingApprove), shopkit.Effect{Type: shopkit.EffectNotify, Party: "merchant:" + l.merchantID.String(), Ref: l.id.String(), Note: "listing approved"})
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
		return shopkit.Invalid(CodeReasonRequired, "reasons", "at least one reason is required")
	}
	for i, r := range reasons {
		if strings.TrimSpace(r.Detail) == "" {
			return shopkit.Invalid(CodeReasonRequired, "reasons["+strconv.Itoa(i)+"].detail", "is required")
		}
	}
	return nil
}

// Reject fails the review of revision with reasons (R2.1): at least one, each
// with a detail. The merchant edits the listing and submits it again.
func (l *Listing) Reject(by shopkit.Actor, now time.Time, revision int64, reasons []Finding) error {
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

func (l *Listing) reject(by shopkit.Actor, now time.Time, action ListingAction, to ListingState, reasons []Finding) {
	from := l.state
	l.state = to
	l.findings = slices.Clone(reasons)
	l.reviewDeadline = time.Time{}
	reason := joinFindings(reasons)
	l.journal.Change(by, now, string(action), string(from), string(to), reason, nil)
	l.journal.Emit(now, string(action), shopkit.Effect{Type: shopkit.EffectNotify, Party: "merchant:" + l.merchantID.String(), Ref: l.id.String(), Note: reason})
}

// TakeDown is the platform removing an approved, published or unpublished
// listing from sale with reasons (a violation found after approval). It becomes
// rejected: the merchant edits it and submits again.
func (l *Listing) TakeDown(by shopkit.Actor, now time.Time, reasons []Finding) error {
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
func (l *Listing) Publish(by shopkit.Actor, now time.Time) error {
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
func (l *Listing) Unpublish(by shopkit.Actor, now time.Time, reason string) error {
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
func (l *Listing) Remove(by shopkit.Actor, now time.Time, reason string) error {
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
// edited until the review decides. An invalid p is p.Validate's error.
func (l *Listing) Edit(by shopkit.Actor, now time.Time, c ListingContent, p ListingPolicy) (toReview bool, err error) {
	if err := p.Validate(); err != nil {
		return false, err
	}
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
		l.reviewDeadline = now.Add(p.ReviewWithin)
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
// manual review by the platform (shopkit.Expirable, R2.9), stamped at the
// deadline, and asks the host to notify the platform's reviewers. At exactly the
// deadline the automatic review is still in time and nothing is due (an error
// matching shopkit.ErrConflict, shopkit.CodeNotDue); 1 ns later it is.
func (l *Listing) ApplyDue(now time.Time) error {
	deadline, ok := l.Deadline()
	if !ok || !now.After(deadline) {
		return shopkit.NotDue(l.id)
	}
	to, err := l.check(ListingEscalate, shopkit.SystemActor())
	if err != nil {
		return err
	}
	from := l.state
	l.state = to
	l.reviewDeadline = time.Time{}
	l.journal.Change(shopkit.SystemActor(), deadline, string(ListingEscalate), string(from), string(to), "automatic review not done in time", nil)
	l.journal.Emit(deadline, string(ListingEscalate), shopkit.Effect{Type: shopkit.EffectNotify, Party: "platform", Ref: l.id.String(), Note: "listing waits for manual review"})
	return nil
}

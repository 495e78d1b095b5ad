// Package catalog holds a merchant's product and service listings and their
// review (R2.1): content, the review workflow with its pluggable compliance
// checks, publication, view and purchase counters, and wholesale tier prices.
//
// # Listings and review (R2.1)
//
// NewListing creates a draft Listing of a merchant from ListingContent: a name,
// a price in fen above zero and a stock of at least zero are required from the
// first draft; the description, category, at least one image and one SKU, and a
// service listing's ServiceTime are required before the review approves it. The
// aggregate has one method per action — Submit, Approve, Reject, TakeDown,
// Publish, Unpublish, Edit, Remove — each checked against the workflow table:
// a wrong state or role is a *shopkit.TransitionError (CodeWrongState,
// CodeWrongRole, workflow WorkflowName) that changes nothing. Each change is an
// audit entry, and notifications are effects with the stable ID
// "<listing id>#<seq>" (R0.4). Approve and Reject take the revision the reviewer
// saw, so a review of older content is a conflict (CodeListingChanged).
//
// Who may act (R0.4): a listing's parties (Listing.Parties) are its merchant,
// Shop being MerchantID; it has no buyer. The merchant creates, submits, edits,
// publishes and removes it — the actor's ID is the merchant's ID, or its staff
// list the ID in Actor.Shops; a platform operator reviews and takes down when it
// acts for the whole platform or for this shop (Actor.Shops); the system runs
// the automatic review and the sweep. Anyone else — another merchant, an
// operator of other shops, an actor without an ID — is refused with
// shopkit.CodeNotParty before anything changes, and AllowedActions(by) lists
// only what by may do. A listing holds no personal data; it and its snapshot
// print in a short form that leaves out content and audit trail (R0.5).
//
// The automatic review (ReviewListing) runs CheckCompleteness first and, only
// for complete content, every ComplianceChecker in order; BannedWordsChecker
// ships with the library and matches Chinese text by substring in one pass.
// Findings name the check (CodeIncompleteListing, CodeBannedWord, or a host's
// own code), the field and a detail. A rejected listing is edited and submitted
// again; an edit of a published listing's name, description, category or
// images (the fields of ListingPolicy.ReviewOnEdit) sends it back to review,
// price and stock edits do not. Views and purchases are counted per listing and
// Conversion is purchases ÷ views.
//
// ListingPolicy is passed by value and validated where it is used (Submit,
// Edit, NewListingService); the zero policy is invalid, start from
// DefaultListingPolicy. It decodes from JSON strictly: a key that is not one
// of its fields is a ValidationError naming it, and ReviewOnEdit holds only
// ListingField names (CodeUnknownField). A submitted listing whose automatic
// review has not run within ReviewWithin (24h by default) escalates to manual
// review by the platform: Deadline is the countdown, ApplyDue applies it at the
// deadline's time (R2.9). ListingWorkflow(p) is the table with p's deadline as its label,
// ListingDiagram(p) draws it; DIAGRAMS.md holds the default diagram.
//
// # Wholesale (R2.1)
//
// PriceTiers is a validated quantity price table (阶梯价): ordered, contiguous
// bands from the minimum order quantity, the last one possibly open. A listing's
// UnitPriceFor gives the unit price of a line of n units. In JSON a table is
// checked as NewPriceTiers checks it, and a tier decodes only its own fields.
//
// # Service and storage (R2.8, R2.9)
//
// ListingService, built with NewListingService from a ListingServiceConfig (a
// ListingStore, the compliance checkers, a ListingPolicy and a Clock, all
// checked once), loads, acts and saves, runs the automatic review right after a
// submission or an edit that needs review, and its Sweep escalates overdue
// reviews. Hosts implement ListingStore over their database; every query takes
// a limit of at least 1. Package catalogtest has an in-memory store and the
// conformance suite. Error codes are the Code… constants, listed by Codes.
package catalog

// Package merchant carries a merchant from its application to active trading
// (R1.1), decides admission to a platform by composable rules (R1.2), and records
// the deposit and commission plan an approved merchant trades under (R1.3).
//
// # Application (R1.1, R1.3)
//
// NewMerchant registers an applicant from a Registration (name, e-mail, phone)
// and an EmailVerification token the host generated and sends; the library keeps
// only the token's digest. The Merchant aggregate then has one method per
// action: VerifyEmail (the token works up to and including its expiry),
// UpdateProfile (a Profile: individual, individual business or company; licence,
// tax registration and ID documents as references), ChooseCategories, Submit,
// Approve (with Terms: a non-negative deposit and a commission plan reference),
// Reject (with reasons), Edit, Withdraw and ResendVerification. Submit lists
// every missing field of an incomplete application in one
// *shopkit.ValidationError, and a mainland licensed applicant's unified social
// credit code is checked per GB 32100-2015 (ValidateCreditCode) so a wrong check
// character is an error naming profile.credit_code.
//
// Each action is checked against the workflow table: a wrong state or role is a
// *shopkit.TransitionError (CodeWrongState, CodeWrongRole, workflow WorkflowName)
// that changes nothing. Each change is an audit entry, and notifications are
// effects with the stable ID "<merchant id>#<seq>" (R0.4). Personal data is
// masked in every printed form of a Merchant, Snapshot, Profile and
// Registration (%v, %+v, %#v, R0.5); a Snapshot keeps it in clear for storage.
//
// Who may act (R0.4): an application has no buyer; its parties
// (Merchant.Parties) are the merchant it creates, Shop being its ID. The
// applicant acts as that merchant — the actor's ID is the merchant's ID, or its
// staff list the ID in Actor.Shops — and NewMerchant accepts only that merchant
// when the registration names the ID. A platform operator reviews when it acts
// for the whole platform or for this merchant (Actor.Shops); the system resends
// verifications and marks reviews overdue. Anyone else — another merchant, an
// operator of other shops, an actor without an ID — is refused with
// shopkit.CodeNotParty before anything changes, and AllowedActions(by) lists
// only what by may do.
//
// The review decision is due by the end of the Policy's ReviewWorkingDays-th
// working day on the host's calendar (3 by default, R0.3), or, when the
// Policy's ReviewWithin is set, that long after submission: the cross-border
// marketplace (OTTO-like, R1.2, "2–4 weeks") gives
// CrossBorderMarketplaceConfig.ReviewPolicy, due ReviewMax (4 weeks) after
// submission; ReviewMin is when an answer may first be expected, not an
// earliest decision (the source sets none). An application keeps the deadline
// of the policy it was submitted under (R0.3). Policy is passed by
// value and validated where it is used; the zero Policy is invalid, start from
// DefaultPolicy. Policy and the presets' configs decode from JSON strictly: a
// key that is not one of their fields is a ValidationError naming it. Deadline is the countdown a frontend shows; ApplyDue marks a
// passed review overdue at the deadline's time (R2.9), and ReviewOverdue and
// Store.OverdueReviews list overdue reviews whether or not a sweep ran.
// MerchantWorkflow(p) is the table with p's deadline as its label,
// MerchantDiagram(p) draws it; DIAGRAMS.md holds the default diagram.
//
// # Admission (R1.2)
//
// An AdmissionRule checks one condition of AdmissionFacts and gives pass or fail
// with a reason code (the CodeAdmission… constants) and a readable reason;
// Evaluate runs every rule and explains every failure, AllOf and AnyOf combine
// rules, and NewAdmissionRule adds a host's own. The presets are
// CrossBorderMarketplace (OTTO-like), CrossBorderImport (Kuaishou-like, with the
// three routes of brand supply proof, SupplyProofs), GlobalPurchaseTag
// (Taobao-like, evaluated daily) and CompanyOnly. Each preset's config has a
// Default… constructor and a Validate method, and the preset validates it.
//
// The global-purchase tag is not applied for: the platform evaluates every
// active merchant periodically (R1.2, EvaluateEvery, daily). Its conditions 5
// (buyer preference, no counterfeit penalty ever: RequireBuyerPreference) and
// 6 (operating requirements: RequireOperatingRequirements) are facts the host
// fills in (BuyerPreferenceMet, CounterfeitPenaltyHistory,
// OperatingRequirementsMet). Merchant.EvaluateGlobalPurchase tags or untags an
// active merchant, recording each change by the system with its reasons, and
// schedules the next evaluation exactly EvaluateEvery later: NextEvaluation,
// indexed through Deadline like the review deadline. A Service with
// ServiceConfig.GlobalPurchase and a Facts source schedules the first
// evaluation at activation, and its Sweep applies every due one, stamped with
// the scheduled instant (once, at the latest missed instant, when late).
// Service.EvaluateGlobalPurchase starts the schedule for a merchant already
// active.
//
// # Service and storage (R2.8, R2.9)
//
// Service, built with NewService from a ServiceConfig (a Store, a Policy, a
// WorkingCalendar and a Clock, and optionally GlobalPurchase with Facts, all
// checked once), loads, acts and saves; Sweep marks every overdue review.
// Rules that change over time are a shopkit.Schedule of Policy versions
// (ServiceConfig.Policies, instead of Policy): an application is submitted
// under the version in force then and records its name
// (Merchant.PolicyVersion, Snapshot.PolicyVersion; "" for a plain Policy), so
// a later version never moves a pending review's deadline (R0.3).
// KuaishouImportRules gives the cross-border import rules as a schedule in
// force from 2023-07-06, to evaluate an application on the rules of its
// submission. Hosts implement Store over their database; every
// query takes a limit of at least 1. Package merchanttest has an in-memory store
// and the conformance suite. Sweep also applies due global-purchase
// evaluations. Error codes are the Code… constants, listed by
// Codes.
package merchant

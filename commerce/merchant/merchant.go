package merchant

import (
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// State is where a merchant is in the application workflow (R1.1).
type State string

// The states of the merchant application workflow.
const (
	// MerchantRegistered: registered, waiting for the e-mail address to be verified.
	MerchantRegistered State = "registered"
	// MerchantDraft: e-mail verified; the applicant completes the profile and
	// chooses service categories, then submits. A rejected application returns here
	// to be edited.
	MerchantDraft State = "draft"
	// MerchantUnderReview: submitted; the platform's decision is due by the end of
	// the 3rd working day (Policy.ReviewWorkingDays), or, under an elapsed-time
	// policy, ReviewWithin after submission (OTTO-like: 4 weeks, R1.2).
	MerchantUnderReview State = "under_review"
	// MerchantReviewOverdue: the review deadline passed without a decision. The
	// platform can still approve or reject; the state makes the application
	// listable as overdue (Store.OverdueReviews) and draws the
	// consequence in the diagram.
	MerchantReviewOverdue State = "review_overdue"
	// MerchantActive: approved; the merchant may trade. It carries its deposit,
	// commission plan and activation time (R1.3), and, where the platform tags
	// for global purchase, the tag and its next evaluation (R1.2).
	MerchantActive State = "active"
	// MerchantRejected: the platform rejected the application with reasons; the
	// applicant may edit it and submit again.
	MerchantRejected State = "rejected"
	// MerchantWithdrawn: the applicant gave up before approval. Final.
	MerchantWithdrawn State = "withdrawn"
)

// Action is an action of the merchant application workflow.
type Action string

// The actions of the merchant application workflow; see the table in
// merchantTable for who may take each and where it leads.
const (
	MerchantRegister           Action = "register"
	MerchantResendVerification Action = "resend_verification"
	MerchantVerifyEmail        Action = "verify_email"
	MerchantUpdateProfile      Action = "update_profile"
	MerchantChooseCategories   Action = "choose_categories"
	MerchantSubmit             Action = "submit"
	MerchantApprove            Action = "approve"
	MerchantReject             Action = "reject"
	MerchantMarkOverdue        Action = "mark_overdue"
	MerchantEdit               Action = "edit"
	MerchantWithdraw           Action = "withdraw"

	// MerchantTagGlobalPurchase and MerchantUntagGlobalPurchase record the
	// system's periodic global-purchase evaluation of an active merchant (R1.2)
	// when it gives or takes away the tag. They are not transitions of the
	// table: the merchant stays active.
	MerchantTagGlobalPurchase   Action = "tag_global_purchase"
	MerchantUntagGlobalPurchase Action = "untag_global_purchase"
)

// merchantFSM is the merchant application workflow of R1.1 as a table, its
// timeout labelled with the default policy. It is immutable after construction;
// every merchant checks its actions against it.
var merchantFSM = shopkit.MustNewTable(WorkflowName, []shopkit.Transition[State, Action]{
	{From: MerchantRegistered, Action: MerchantResendVerification, Roles: merchantRoles(shopkit.Merchant, shopkit.System), To: MerchantRegistered},
	{From: MerchantRegistered, Action: MerchantVerifyEmail, Roles: merchantRoles(shopkit.Merchant), To: MerchantDraft},
	{From: MerchantRegistered, Action: MerchantWithdraw, Roles: merchantRoles(shopkit.Merchant), To: MerchantWithdrawn},
	{From: MerchantDraft, Action: MerchantUpdateProfile, Roles: merchantRoles(shopkit.Merchant), To: MerchantDraft},
	{From: MerchantDraft, Action: MerchantChooseCategories, Roles: merchantRoles(shopkit.Merchant), To: MerchantDraft},
	{From: MerchantDraft, Action: MerchantSubmit, Roles: merchantRoles(shopkit.Merchant), To: MerchantUnderReview},
	{From: MerchantDraft, Action: MerchantWithdraw, Roles: merchantRoles(shopkit.Merchant), To: MerchantWithdrawn},
	{From: MerchantUnderReview, Action: MerchantApprove, Roles: merchantRoles(shopkit.Platform), To: MerchantActive},
	{From: MerchantUnderReview, Action: MerchantReject, Roles: merchantRoles(shopkit.Platform), To: MerchantRejected},
	{From: MerchantUnderReview, Action: MerchantMarkOverdue, Roles: merchantRoles(shopkit.System), To: MerchantReviewOverdue},
	{From: MerchantReviewOverdue, Action: MerchantApprove, Roles: merchantRoles(shopkit.Platform), To: MerchantActive},
	{From: MerchantReviewOverdue, Action: MerchantReject, Roles: merchantRoles(shopkit.Platform), To: MerchantRejected},
	{From: MerchantRejected, Action: MerchantEdit, Roles: merchantRoles(shopkit.Merchant), To: MerchantDraft},
	{From: MerchantRejected, Action: MerchantWithdraw, Roles: merchantRoles(shopkit.Merchant), To: MerchantWithdrawn},
}, shopkit.Timeout[State, Action]{State: MerchantUnderReview, Action: MerchantMarkOverdue,
	Label: reviewLabel(DefaultPolicy())})

func merchantRoles(rs ...shopkit.Role) []shopkit.Role { return rs }

// MerchantWorkflow returns the merchant application workflow table with its
// review deadline labelled by p ("3 working days"), for a frontend or a diagram
// of the policy in force. Merchants check against the same transitions whatever
// p is.
func MerchantWorkflow(p Policy) *shopkit.Table[State, Action] {
	return merchantFSM.Relabel(func(shopkit.Timeout[State, Action]) string { return reviewLabel(p) })
}

// MerchantDiagram draws MerchantWorkflow(p) as a Mermaid state diagram.
func MerchantDiagram(p Policy) string { return MerchantWorkflow(p).Mermaid() }

// reviewLabel describes the review deadline as R1.1 words it: "3 working days",
// or as R1.2 words an elapsed period: "4 weeks", "10 natural days".
func reviewLabel(p Policy) string {
	const day, week = 24 * time.Hour, 7 * 24 * time.Hour
	switch d := p.ReviewWithin; {
	case d <= 0:
	case d == week:
		return "1 week"
	case d%week == 0:
		return strconv.FormatInt(int64(d/week), 10) + " weeks"
	case d == day:
		return "1 natural day"
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " natural days"
	default:
		return d.String()
	}
	if p.ReviewWorkingDays == 1 {
		return "1 working day"
	}
	return strconv.Itoa(p.ReviewWorkingDays) + " working days"
}

// MerchantStates lists every state of the merchant application workflow.
func MerchantStates() []State { return merchantFSM.States() }

// Terminal reports whether no action leaves s.
func (s State) Terminal() bool { return s.Valid() && merchantFSM.Terminal(s) }

// Waiting reports whether s waits on a deadline whose consequence a sweep applies.
func (s State) Waiting() bool {
	_, ok := merchantFSM.Timeout(s)
	return ok
}

// merchantStates is the strict codec of State.
var merchantStates = enum.New(CodeInvalidState, "state",
	MerchantRegistered, MerchantDraft, MerchantUnderReview, MerchantReviewOverdue,
	MerchantActive, MerchantRejected, MerchantWithdrawn)

// Valid reports whether s is a state of the workflow.
func (s State) Valid() bool { return merchantStates.Valid(s) }

// MarshalText implements encoding.TextMarshaler; an unknown state does not marshal.
func (s State) MarshalText() ([]byte, error) { return merchantStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown state is a
// ValidationError with code CodeInvalidState.
func (s *State) UnmarshalText(b []byte) error { return merchantStates.Unmarshal(s, b) }

// merchantActions is the strict codec of Action.
var merchantActions = enum.New(CodeInvalidAction, "action",
	MerchantRegister, MerchantResendVerification, MerchantVerifyEmail, MerchantUpdateProfile,
	MerchantChooseCategories, MerchantSubmit, MerchantApprove, MerchantReject, MerchantMarkOverdue,
	MerchantEdit, MerchantWithdraw, MerchantTagGlobalPurchase, MerchantUntagGlobalPurchase)

// Valid reports whether a is an action of the workflow.
func (a Action) Valid() bool { return merchantActions.Valid(a) }

// MarshalText implements encoding.TextMarshaler; an unknown action does not marshal.
func (a Action) MarshalText() ([]byte, error) { return merchantActions.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown action is a
// ValidationError with code CodeInvalidAction.
func (a *Action) UnmarshalText(b []byte) error { return merchantActions.Unmarshal(a, b) }

// Kind is the legal form of an applicant (R1.1, R1.2).
type Kind string

// The legal forms. The empty kind means "not given yet" in a draft profile.
const (
	// MerchantIndividual is a natural person without a business licence.
	MerchantIndividual Kind = "individual"
	// MerchantIndividualBusiness is an individual business (个体工商户): it has a
	// business licence and a credit code but is not a company (R1.2 company only).
	MerchantIndividualBusiness Kind = "individual_business"
	// MerchantCompany is a registered company.
	MerchantCompany Kind = "company"
)

// merchantKinds is the strict codec of Kind; "" (not given yet) encodes.
var merchantKinds = enum.New(CodeInvalidKind, "kind",
	"", MerchantIndividual, MerchantIndividualBusiness, MerchantCompany)

// Valid reports whether k is a known kind (the empty kind is not).
func (k Kind) Valid() bool { return k != "" && merchantKinds.Valid(k) }

// licensed reports whether the kind trades under a business licence.
func (k Kind) licensed() bool {
	return k == MerchantIndividualBusiness || k == MerchantCompany
}

// MarshalText implements encoding.TextMarshaler. The empty kind marshals as "".
func (k Kind) MarshalText() ([]byte, error) { return merchantKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the empty kind, any other
// unknown value is a ValidationError with code CodeInvalidKind.
func (k *Kind) UnmarshalText(b []byte) error { return merchantKinds.Unmarshal(k, b) }

// Region is where an applicant is registered (R1.2): the cross-border
// presets admit by region.
type Region string

// The regions. The empty region means "not given yet" in a draft profile.
const (
	RegionMainland Region = "mainland"  // mainland China
	RegionHongKong Region = "hong_kong" // Hong Kong SAR
	RegionMacau    Region = "macau"     // Macau SAR
	RegionTaiwan   Region = "taiwan"    // Taiwan
	RegionOverseas Region = "overseas"  // any other country or region
)

// merchantRegions is the strict codec of Region; "" (not given yet)
// encodes.
var merchantRegions = enum.New(CodeInvalidRegion, "region",
	"", RegionMainland, RegionHongKong, RegionMacau, RegionTaiwan, RegionOverseas)

// Valid reports whether r is a known region (the empty region is not).
func (r Region) Valid() bool { return r != "" && merchantRegions.Valid(r) }

// MarshalText implements encoding.TextMarshaler. The empty region marshals as "".
func (r Region) MarshalText() ([]byte, error) { return merchantRegions.Marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the empty region, any
// other unknown value is a ValidationError with code CodeInvalidRegion.
func (r *Region) UnmarshalText(b []byte) error { return merchantRegions.Unmarshal(r, b) }

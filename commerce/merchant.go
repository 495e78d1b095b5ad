package commerce

import (
	"strings"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/fsm"
)

// MerchantWorkflow is the name of the merchant application workflow (R1.1), as it
// appears in TransitionError.Workflow.
const MerchantWorkflow = "commerce.merchant_application"

// MerchantState is where a merchant is in the application workflow (R1.1).
type MerchantState string

// The states of the merchant application workflow.
const (
	// MerchantRegistered: registered, waiting for the e-mail address to be verified.
	MerchantRegistered MerchantState = "registered"
	// MerchantDraft: e-mail verified; the applicant completes the profile and
	// chooses service categories, then submits. A rejected application returns here
	// to be edited.
	MerchantDraft MerchantState = "draft"
	// MerchantUnderReview: submitted; the platform's decision is due by the end of
	// the 3rd working day (MerchantPolicy.ReviewWorkingDays).
	MerchantUnderReview MerchantState = "under_review"
	// MerchantReviewOverdue: the review deadline passed without a decision. The
	// platform can still approve or reject; the state makes the application
	// listable as overdue (MerchantStore.OverdueReviews) and draws the
	// consequence in the diagram.
	MerchantReviewOverdue MerchantState = "review_overdue"
	// MerchantActive: approved; the merchant may trade. It carries its deposit,
	// commission plan and activation time (R1.3).
	MerchantActive MerchantState = "active"
	// MerchantRejected: the platform rejected the application with reasons; the
	// applicant may edit it and submit again.
	MerchantRejected MerchantState = "rejected"
	// MerchantWithdrawn: the applicant gave up before approval. Final.
	MerchantWithdrawn MerchantState = "withdrawn"
)

// MerchantAction is an action of the merchant application workflow.
type MerchantAction string

// The actions of the merchant application workflow; see the table in
// merchantTable for who may take each and where it leads.
const (
	MerchantRegister           MerchantAction = "register"
	MerchantResendVerification MerchantAction = "resend_verification"
	MerchantVerifyEmail        MerchantAction = "verify_email"
	MerchantUpdateProfile      MerchantAction = "update_profile"
	MerchantChooseCategories   MerchantAction = "choose_categories"
	MerchantSubmit             MerchantAction = "submit"
	MerchantApprove            MerchantAction = "approve"
	MerchantReject             MerchantAction = "reject"
	MerchantMarkOverdue        MerchantAction = "mark_overdue"
	MerchantEdit               MerchantAction = "edit"
	MerchantWithdraw           MerchantAction = "withdraw"
)

// merchantFSM is the merchant application workflow of R1.1 as a table. It is
// immutable after construction.
var merchantFSM = fsm.MustNew(MerchantWorkflow, []fsm.Transition[MerchantState, MerchantAction]{
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
}, fsm.Timeout[MerchantState, MerchantAction]{State: MerchantUnderReview, Action: MerchantMarkOverdue, Label: "3 working days"})

func merchantRoles(rs ...shopkit.Role) []shopkit.Role { return rs }

// MerchantWorkflowDiagram returns the merchant application workflow as a Mermaid
// state diagram, generated from the same table that checks every action.
func MerchantWorkflowDiagram() string { return merchantFSM.Mermaid() }

// MerchantStates lists every state of the merchant application workflow.
func MerchantStates() []MerchantState { return merchantFSM.States() }

// Terminal reports whether no action leaves s.
func (s MerchantState) Terminal() bool { return s.Valid() && merchantFSM.Terminal(s) }

// Waiting reports whether s waits on a deadline whose consequence a sweep applies.
func (s MerchantState) Waiting() bool {
	_, ok := merchantFSM.Timeout(s)
	return ok
}

// merchantStates is the strict codec of MerchantState.
var merchantStates = enum.New("commerce.invalid_merchant_state", "state",
	MerchantRegistered, MerchantDraft, MerchantUnderReview, MerchantReviewOverdue,
	MerchantActive, MerchantRejected, MerchantWithdrawn)

// Valid reports whether s is a state of the workflow.
func (s MerchantState) Valid() bool { return merchantStates.Valid(s) }

// MarshalText implements encoding.TextMarshaler; an unknown state does not marshal.
func (s MerchantState) MarshalText() ([]byte, error) { return merchantStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown state is a
// ValidationError with code commerce.invalid_merchant_state.
func (s *MerchantState) UnmarshalText(b []byte) error { return merchantStates.Unmarshal(s, b) }

// merchantActions is the strict codec of MerchantAction.
var merchantActions = enum.New("commerce.invalid_merchant_action", "action",
	MerchantRegister, MerchantResendVerification, MerchantVerifyEmail, MerchantUpdateProfile,
	MerchantChooseCategories, MerchantSubmit, MerchantApprove, MerchantReject, MerchantMarkOverdue,
	MerchantEdit, MerchantWithdraw)

// Valid reports whether a is an action of the workflow.
func (a MerchantAction) Valid() bool { return merchantActions.Valid(a) }

// MarshalText implements encoding.TextMarshaler; an unknown action does not marshal.
func (a MerchantAction) MarshalText() ([]byte, error) { return merchantActions.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown action is a
// ValidationError with code commerce.invalid_merchant_action.
func (a *MerchantAction) UnmarshalText(b []byte) error { return merchantActions.Unmarshal(a, b) }

// MerchantKind is the legal form of an applicant (R1.1, R1.2).
type MerchantKind string

// The legal forms. The empty kind means "not given yet" in a draft profile.
const (
	// MerchantIndividual is a natural person without a business licence.
	MerchantIndividual MerchantKind = "individual"
	// MerchantIndividualBusiness is an individual business (个体工商户): it has a
	// business licence and a credit code but is not a company (R1.2 company only).
	MerchantIndividualBusiness MerchantKind = "individual_business"
	// MerchantCompany is a registered company.
	MerchantCompany MerchantKind = "company"
)

// merchantKinds is the strict codec of MerchantKind; "" (not given yet) encodes.
var merchantKinds = enum.New("commerce.invalid_merchant_kind", "kind",
	"", MerchantIndividual, MerchantIndividualBusiness, MerchantCompany)

// Valid reports whether k is a known kind (the empty kind is not).
func (k MerchantKind) Valid() bool { return k != "" && merchantKinds.Valid(k) }

// licensed reports whether the kind trades under a business licence.
func (k MerchantKind) licensed() bool {
	return k == MerchantIndividualBusiness || k == MerchantCompany
}

// MarshalText implements encoding.TextMarshaler. The empty kind marshals as "".
func (k MerchantKind) MarshalText() ([]byte, error) { return merchantKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the empty kind, any other
// unknown value is a ValidationError with code commerce.invalid_merchant_kind.
func (k *MerchantKind) UnmarshalText(b []byte) error { return merchantKinds.Unmarshal(k, b) }

// MerchantRegion is where an applicant is registered (R1.2): the cross-border
// presets admit by region.
type MerchantRegion string

// The regions. The empty region means "not given yet" in a draft profile.
const (
	RegionMainland MerchantRegion = "mainland"  // mainland China
	RegionHongKong MerchantRegion = "hong_kong" // Hong Kong SAR
	RegionMacau    MerchantRegion = "macau"     // Macau SAR
	RegionTaiwan   MerchantRegion = "taiwan"    // Taiwan
	RegionOverseas MerchantRegion = "overseas"  // any other country or region
)

// merchantRegions is the strict codec of MerchantRegion; "" (not given yet)
// encodes.
var merchantRegions = enum.New("commerce.invalid_region", "region",
	"", RegionMainland, RegionHongKong, RegionMacau, RegionTaiwan, RegionOverseas)

// Valid reports whether r is a known region (the empty region is not).
func (r MerchantRegion) Valid() bool { return r != "" && merchantRegions.Valid(r) }

// MarshalText implements encoding.TextMarshaler. The empty region marshals as "".
func (r MerchantRegion) MarshalText() ([]byte, error) { return merchantRegions.Marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the empty region, any
// other unknown value is a ValidationError with code commerce.invalid_region.
func (r *MerchantRegion) UnmarshalText(b []byte) error { return merchantRegions.Unmarshal(r, b) }

// quoteInput quotes an untrusted value for an error message, cut to 40 runes.
func quoteInput(s string) string {
	rs := []rune(s)
	if len(rs) > 40 {
		s = string(rs[:40]) + "…"
	}
	return `"` + strings.ToValidUTF8(s, "�") + `"`
}

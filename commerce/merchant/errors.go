package merchant

// WorkflowName names the merchant application workflow table (R1.1): the Workflow
// of every *shopkit.TransitionError a merchant action returns.
const WorkflowName = "merchant.application"

// The codes of the package's errors, stable for a frontend's messages. A wrong
// state or role is a *shopkit.TransitionError with CodeWrongState or
// CodeWrongRole; bad input is a *shopkit.ValidationError (errors.Is
// shopkit.ErrInvalid); the others are *shopkit.Error of the kind noted.
const (
	CodeWrongState = "merchant.wrong_state" // the action is not allowed in the application's state (R1.1)
	CodeWrongRole  = "merchant.wrong_role"  // the action is not allowed for the actor's role (R1.1)

	CodeMerchantNotFound = "merchant.merchant_not_found" // ErrNotFound: the store has no merchant with that ID
	CodeMerchantExists   = "merchant.merchant_exists"    // ErrConflict: the store already has a merchant with that ID

	CodeInvalidConfig   = "merchant.invalid_config"   // NewService: a nil store, calendar or clock, or an invalid policy
	CodeInvalidPolicy   = "merchant.invalid_policy"   // a Policy field out of range, or Submit without a calendar
	CodeInvalidSnapshot = "merchant.invalid_snapshot" // RestoreMerchant: no ID or an unknown enumeration
	CodeInvalidState    = "merchant.invalid_state"    // a state text that is not a State
	CodeInvalidAction   = "merchant.invalid_action"   // an action text that is not an Action
	CodeInvalidKind     = "merchant.invalid_kind"     // a kind text that is not a Kind
	CodeInvalidRegion   = "merchant.invalid_region"   // a region text that is not a Region

	CodeInvalidRegistration   = "merchant.invalid_registration"   // a bad name, e-mail, phone or token at registration (R1.1)
	CodeInvalidVerification   = "merchant.invalid_verification"   // a new verification token that is empty or already expired
	CodeTokenMismatch         = "merchant.token_mismatch"         // the token is not the latest one sent
	CodeTokenExpired          = "merchant.token_expired"          // ErrNotAllowed: the right token after its expiry
	CodeInvalidProfile        = "merchant.invalid_profile"        // a malformed profile field
	CodeCreditCodeLength      = "merchant.credit_code_length"     // a credit code that is not 18 characters (GB 32100-2015)
	CodeCreditCodeCharset     = "merchant.credit_code_charset"    // a credit code character outside the standard's alphabet
	CodeCreditCodeCheck       = "merchant.credit_code_check"      // a credit code whose check character is wrong
	CodeInvalidCategories     = "merchant.invalid_categories"     // no category, a blank one, or one named twice
	CodeIncompleteApplication = "merchant.incomplete_application" // Submit: every missing or bad field (R1.1)
	CodeInvalidTerms          = "merchant.invalid_terms"          // a negative deposit or no commission plan (R1.3)
	CodeReasonsRequired       = "merchant.reasons_required"       // a rejection without reasons, or a blank one
	CodeNotActive             = "merchant.not_active"             // ErrNotAllowed: a global-purchase evaluation of a merchant that is not active (R1.2)

	CodeAdmissionFailed        = "merchant.admission_failed"          // ErrNotAllowed: AdmissionReport.Err of a failed evaluation (R1.2)
	CodeInvalidAdmissionConfig = "merchant.invalid_admission_config"  // a preset's config out of range (R1.2)
	CodeInvalidSellerLevel     = "merchant.invalid_seller_level"      // a seller level text or number off the scale
	CodeInvalidSupplyProofKind = "merchant.invalid_supply_proof_kind" // a supply proof kind text that is not a SupplyProofKind
	CodeInvalidReceiptSource   = "merchant.invalid_receipt_source"    // a receipt source text that is not a ReceiptSource
)

// The reason codes of the admission rules the package ships (R1.2), each the
// RuleResult.Code of one condition: named after the condition, not the platform,
// so the same condition has the same code in every preset.
const (
	CodeAdmissionCompany               = "merchant.admission_company"
	CodeAdmissionRegion                = "merchant.admission_region"
	CodeAdmissionOverseasQualification = "merchant.admission_overseas_qualification"
	CodeAdmissionMainlandAgent         = "merchant.admission_mainland_agent"
	CodeAdmissionOverseasBankAccount   = "merchant.admission_overseas_bank_account"
	CodeAdmissionInvitation            = "merchant.admission_invitation"
	CodeAdmissionDeposit               = "merchant.admission_deposit"
	CodeAdmissionDestinationLaw        = "merchant.admission_destination_law"
	CodeAdmissionConsumerProtection    = "merchant.admission_consumer_protection"
	CodeAdmissionSeriousViolation      = "merchant.admission_serious_violation"
	CodeAdmissionRating                = "merchant.admission_rating"
	CodeAdmissionCapital               = "merchant.admission_capital"
	CodeAdmissionShopAge               = "merchant.admission_shop_age"
	CodeAdmissionSellerLevel           = "merchant.admission_seller_level"
	CodeAdmissionViolationPoints       = "merchant.admission_violation_points"
	CodeAdmissionOverseasShare         = "merchant.admission_overseas_share"
	CodeAdmissionSupplyProof           = "merchant.admission_supply_proof"
	CodeAdmissionBuyerPreference       = "merchant.admission_buyer_preference"       // R1.2 global purchase, condition 5
	CodeAdmissionOperatingRequirements = "merchant.admission_operating_requirements" // R1.2 global purchase, condition 6
	CodeAdmissionInvalidRule           = "merchant.admission_invalid_rule"           // a nil rule given to Evaluate
)

// Codes lists every error code and admission reason code of the package, for a
// frontend's message catalogue.
func Codes() []string {
	return []string{
		CodeWrongState, CodeWrongRole, CodeMerchantNotFound, CodeMerchantExists,
		CodeInvalidConfig, CodeInvalidPolicy, CodeInvalidSnapshot,
		CodeInvalidState, CodeInvalidAction, CodeInvalidKind, CodeInvalidRegion,
		CodeInvalidRegistration, CodeInvalidVerification, CodeTokenMismatch, CodeTokenExpired,
		CodeInvalidProfile, CodeCreditCodeLength, CodeCreditCodeCharset, CodeCreditCodeCheck,
		CodeInvalidCategories, CodeIncompleteApplication, CodeInvalidTerms, CodeReasonsRequired,
		CodeAdmissionFailed, CodeInvalidAdmissionConfig, CodeInvalidSellerLevel,
		CodeInvalidSupplyProofKind, CodeInvalidReceiptSource,
		CodeAdmissionCompany, CodeAdmissionRegion, CodeAdmissionOverseasQualification,
		CodeAdmissionMainlandAgent, CodeAdmissionOverseasBankAccount, CodeAdmissionInvitation,
		CodeAdmissionDeposit, CodeAdmissionDestinationLaw, CodeAdmissionConsumerProtection,
		CodeAdmissionSeriousViolation, CodeAdmissionRating, CodeAdmissionCapital, CodeAdmissionShopAge,
		CodeAdmissionSellerLevel, CodeAdmissionViolationPoints, CodeAdmissionOverseasShare,
		CodeAdmissionSupplyProof, CodeAdmissionBuyerPreference, CodeAdmissionOperatingRequirements,
		CodeAdmissionInvalidRule, CodeNotActive,
	}
}

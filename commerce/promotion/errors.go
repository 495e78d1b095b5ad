package promotion

// CouponWorkflowName names the issued coupon's workflow table (R2.4): the
// Workflow of every *shopkit.TransitionError a coupon action returns.
const CouponWorkflowName = "promotion.coupon"

// The codes of the package's errors, stable for a frontend's messages. A wrong
// state or role is a *shopkit.TransitionError with CodeWrongState or
// CodeWrongRole; bad input is a *shopkit.ValidationError; the others are
// *shopkit.Error. An actor who is not a party of the coupon, template or
// campaign is the kernel's shopkit.CodeNotParty (R0.4); a zero service or
// entity the constructors did not build is shopkit.CodeNotBuilt, a nil
// required argument shopkit.CodeNilArgument. Overflow and currency mismatches
// are the kernel's shopkit.CodeOverflow and shopkit.CodeCurrencyMismatch.
const (
	CodeWrongState = "promotion.wrong_state" // the coupon action is not allowed in the coupon's state
	CodeWrongRole  = "promotion.wrong_role"  // the coupon action is not allowed for the actor's role

	CodeInvalidConfig   = "promotion.invalid_config"   // NewCouponService, NewCampaignService: a nil dependency or an invalid policy
	CodeInvalidPolicy   = "promotion.invalid_policy"   // a CampaignPolicy number out of range
	CodeInvalidSnapshot = "promotion.invalid_snapshot" // a snapshot without ID, or with counters that cannot be
	CodeUnknownKind     = "promotion.unknown_kind"     // a CouponKind text that is not a kind
	CodeUnknownIssuer   = "promotion.unknown_issuer"   // a CouponIssuer text that is neither platform nor shop
	CodeUnknownState    = "promotion.unknown_state"    // a CouponState text that is not a state
	CodeUnknownStep     = "promotion.unknown_step"     // a CouponStepKind text that is neither spend nor give_back

	CodeInvalidCoupon        = "promotion.invalid_coupon"         // a template spec, customer, order or discount that is not valid (R2.4)
	CodeCouponNotValidYet    = "promotion.coupon_not_valid_yet"   // used before ValidFrom
	CodeCouponExpired        = "promotion.coupon_expired"         // used or issued after ValidTo
	CodeCouponUsed           = "promotion.coupon_used"            // used already, or listed twice in one order
	CodeCouponIssueLimit     = "promotion.coupon_issue_limit"     // the customer holds the template's IssueLimit
	CodeCouponUseLimit       = "promotion.coupon_use_limit"       // the customer used the template's UseLimit
	CodeCouponOutOfScope     = "promotion.coupon_out_of_scope"    // no line of the order is in the coupon's scope, or another shop's coupon
	CodeCouponBelowThreshold = "promotion.coupon_below_threshold" // the eligible lines cost less than MinSpend
	CodeCouponStacking       = "promotion.coupon_stacking"        // more coupons of an issuer than StackingPolicy allows
	CodeKeyReused            = "promotion.key_reused"             // Redeem: the order ref already redeemed other coupons or discounts; RecordSpend: the key recorded another amount
	CodeStepPending          = "promotion.step_pending"           // the action took effect, but a follow-up in another store failed (wrapped): Resume finishes it

	CodeInvalidPriceInput = "promotion.invalid_price_input" // no lines, a quantity ≤ 0, a negative price, shipping or member discount
	CodeMemberOnly        = "promotion.member_only"         // a member-only line priced for a non-member (R5.3)

	CodeInvalidCampaign   = "promotion.invalid_campaign"    // a campaign spec, template or amount that is not valid (R2.4)
	CodeCampaignNotActive = "promotion.campaign_not_active" // issuing outside the campaign's window
	CodeCampaignBudget    = "promotion.campaign_budget"     // the reservation would exceed the budget
	CodeCampaignGap       = "promotion.campaign_gap"        // less than MinGap from another of the shop's campaigns

	CodeCouponNotFound         = "promotion.coupon_not_found"          // the store has no coupon with that ID
	CodeCouponExists           = "promotion.coupon_exists"             // the store already has a coupon with that ID
	CodeCouponTemplateNotFound = "promotion.coupon_template_not_found" // the store has no template with that ID
	CodeCouponTemplateExists   = "promotion.coupon_template_exists"    // the store already has a template with that ID
	CodeCouponQuotaNotFound    = "promotion.coupon_quota_not_found"    // the store has no quota with that ID
	CodeCouponQuotaExists      = "promotion.coupon_quota_exists"       // the store already has a quota with that ID
	CodeCampaignNotFound       = "promotion.campaign_not_found"        // the store has no campaign with that ID
	CodeCampaignExists         = "promotion.campaign_exists"           // the store already has a campaign with that ID
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeWrongState, CodeWrongRole,
		CodeInvalidConfig, CodeInvalidPolicy, CodeInvalidSnapshot, CodeUnknownKind, CodeUnknownIssuer, CodeUnknownState, CodeUnknownStep,
		CodeInvalidCoupon, CodeCouponNotValidYet, CodeCouponExpired, CodeCouponUsed,
		CodeCouponIssueLimit, CodeCouponUseLimit, CodeCouponOutOfScope, CodeCouponBelowThreshold, CodeCouponStacking, CodeKeyReused, CodeStepPending,
		CodeInvalidPriceInput, CodeMemberOnly,
		CodeInvalidCampaign, CodeCampaignNotActive, CodeCampaignBudget, CodeCampaignGap,
		CodeCouponNotFound, CodeCouponExists, CodeCouponTemplateNotFound, CodeCouponTemplateExists,
		CodeCouponQuotaNotFound, CodeCouponQuotaExists, CodeCampaignNotFound, CodeCampaignExists,
	}
}

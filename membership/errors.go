package membership

// The codes of membership's errors, stable for a frontend's messages. Each error
// also matches one of the shopkit.Err… kinds with errors.Is.
const (
	// CodeInvalidConfig: NewService was given an incomplete ServiceConfig, or a
	// coupon method was called on a service without a CouponIssuer.
	CodeInvalidConfig = "membership.invalid_config"
	// CodeInvalidTierSet: a nil TierSet, or one not built by NewTierSet.
	CodeInvalidTierSet = "membership.invalid_tier_set"
	// CodeInvalidTierSetConfig: tier set JSON with a key that is not a field, or
	// a value of the wrong JSON type (TierSetConfig.UnmarshalJSON).
	CodeInvalidTierSetConfig = "membership.invalid_tier_set_config"
	// CodeStoreOutOfOrder: Store.ByTier returned members that are not in
	// ascending ID order above the ID asked after, so paging could not end.
	CodeStoreOutOfOrder = "membership.store_out_of_order"
	// CodeOtherShop: a TierReader question about a shop the service does not run.
	CodeOtherShop = "membership.other_shop"
	// CodeMemberNotFound and CodeMemberExists are the store's codes for an unknown
	// member ID and a taken one.
	CodeMemberNotFound = "membership.member_not_found"
	CodeMemberExists   = "membership.member_exists"

	// Tier sets (R5.1).
	CodeUnknownCurrency        = "membership.unknown_currency"
	CodeUnknownThresholdMode   = "membership.unknown_threshold_mode"
	CodeUnknownRoundingMode    = "membership.unknown_rounding_mode"
	CodeNegativeWindow         = "membership.negative_window"
	CodeNoTiers                = "membership.no_tiers"
	CodeTooManyTiers           = "membership.too_many_tiers"
	CodeInvalidTierName        = "membership.invalid_tier_name"
	CodeDuplicateTier          = "membership.duplicate_tier"
	CodeCurrencyMismatch       = "membership.currency_mismatch"
	CodeNegativeThreshold      = "membership.negative_threshold"
	CodeUnusedThreshold        = "membership.unused_threshold"
	CodeThresholdNotIncreasing = "membership.threshold_not_increasing"
	CodeInvalidDiscountRate    = "membership.invalid_discount_rate"
	CodeInvalidGift            = "membership.invalid_gift"

	// Members, orders and refunds (R5.2).
	CodeInvalidMember     = "membership.invalid_member"
	CodeInvalidSnapshot   = "membership.invalid_snapshot"
	CodeUnknownTierSource = "membership.unknown_tier_source"
	CodeInvalidOrder      = "membership.invalid_order"
	CodeOrderMismatch     = "membership.order_mismatch"
	CodeInvalidRefund     = "membership.invalid_refund"
	CodeRefundMismatch    = "membership.refund_mismatch"
	CodeUnknownOrder      = "membership.unknown_order"
	CodeRefundExceeds     = "membership.refund_exceeds_spend"

	// Manual adjustments (R5.2) and coupons (R5.4). CodeWrongRole: a party
	// whose role may not act (a buyer adjusting a tier or issuing a coupon, the
	// system adjusting a tier); an actor who is not a party at all is the
	// kernel's shopkit.CodeNotParty.
	CodeWrongRole      = "membership.wrong_role"
	CodeReasonRequired = "membership.reason_required"
	CodeUnknownTier    = "membership.unknown_tier"
	CodeTierUnchanged  = "membership.tier_unchanged"
	CodeInvalidCoupon  = "membership.invalid_coupon"
	CodeCouponLimit    = "membership.coupon_limit"
	// CodeUnknownGrant: no coupon grant of the member has the key
	// (Member.FinishCoupon); CodeGrantMismatch: the key's grant was issued as
	// another coupon than the one given.
	CodeUnknownGrant  = "membership.unknown_grant"
	CodeGrantMismatch = "membership.grant_mismatch"

	// Member prices (R5.3).
	CodeInvalidLine = "membership.invalid_line"
	CodeMemberOnly  = "membership.member_only"
)

// Codes lists every code of membership's errors.
func Codes() []string {
	return []string{
		CodeInvalidConfig, CodeInvalidTierSet, CodeInvalidTierSetConfig, CodeStoreOutOfOrder, CodeOtherShop,
		CodeMemberNotFound, CodeMemberExists,
		CodeUnknownCurrency, CodeUnknownThresholdMode, CodeUnknownRoundingMode, CodeNegativeWindow,
		CodeNoTiers, CodeTooManyTiers, CodeInvalidTierName, CodeDuplicateTier, CodeCurrencyMismatch, CodeNegativeThreshold,
		CodeUnusedThreshold, CodeThresholdNotIncreasing, CodeInvalidDiscountRate, CodeInvalidGift,
		CodeInvalidMember, CodeInvalidSnapshot, CodeUnknownTierSource, CodeInvalidOrder, CodeOrderMismatch,
		CodeInvalidRefund, CodeRefundMismatch, CodeUnknownOrder, CodeRefundExceeds,
		CodeWrongRole, CodeReasonRequired, CodeUnknownTier, CodeTierUnchanged,
		CodeInvalidCoupon, CodeCouponLimit, CodeUnknownGrant, CodeGrantMismatch,
		CodeInvalidLine, CodeMemberOnly,
	}
}

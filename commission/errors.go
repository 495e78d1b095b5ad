package commission

import (
	"github.com/shopkit/shopkit"
)

// The stable error codes of the package. Bad input is a *shopkit.ValidationError
// (errors.Is shopkit.ErrInvalid); every other broken rule is a *shopkit.Error of the
// kind named beside the code.
const (
	CodeInvalidConfig     = "commission.invalid_config"        // NewSettler: a missing schedule or store, or an invalid policy
	CodeInvalidRate       = "commission.invalid_rate"          // a rate below 0 or above 1 (100 %)
	CodeInvalidPlan       = "commission.invalid_plan"          // a plan missing a field its kind needs
	CodeUnknownPlanKind   = "commission.unknown_plan_kind"     // a plan kind this version does not know
	CodeDuplicatePlan     = "commission.duplicate_plan"        // two plans with one ID in a rule set
	CodeMinAboveMax       = "commission.min_above_max"         // a plan's minimum above its maximum
	CodeUnorderedTiers    = "commission.unordered_tiers"       // tier bands not strictly ascending from zero
	CodeInvalidRuleSet    = "commission.invalid_rule_set"      // a rule set with a bad ID, range or currency
	CodeOverlappingRules  = "commission.overlapping_rule_sets" // two rule sets in force at one instant
	CodeInvalidPromotion  = "commission.invalid_promotion"     // a promotion of no months or an unknown zone
	CodeInvalidPeriod     = "commission.invalid_period"        // a statement period that does not start before it ends
	CodeInvalidOrder      = "commission.invalid_order"         // an order record that cannot be charged
	CodeInvalidRefund     = "commission.invalid_refund"        // a refund naming no line of its order, another order, or negative
	CodeRefundExceedsPaid = "commission.refund_exceeds_paid"   // refunds of a line above its paid amount (R3.7)
	CodeRefundConflict    = "commission.refund_conflict"       // ErrConflict: two refunds (or advances) of one key with different amounts
	CodeInvalidDeposit    = "commission.invalid_deposit"       // a deposit change without a merchant
	CodeNoRules           = "commission.no_rules"              // ErrNotFound: no rule set in force when the order was paid
	CodeRulesNotInForce   = "commission.rules_not_in_force"    // rules applied to an order paid outside their range
	CodeUnknownPlan       = "commission.unknown_plan"          // ErrNotFound: the merchant's plan is not offered
	CodeCurrencyMismatch  = "commission.currency_mismatch"     // ErrCurrencyMismatch
	CodeOverflow          = "commission.overflow"              // ErrOverflow
	CodeAlreadySettled    = "commission.already_settled"       // ErrConflict: the order settled in another statement
	CodeStatementChanged  = "commission.statement_changed"     // ErrConflict: a re-run differs from the saved statement
	CodeStatementNotFound = "commission.statement_not_found"   // ErrNotFound
	CodeUnsavedStatement  = "commission.unsaved_statement"     // ErrConflict: an order marked by a failed run; re-run that period first
	CodeInvalidPolicy     = "commission.invalid_policy"        // a settlement policy without a calendar or with N < 0
	CodeNegativeAmount    = "commission.negative_amount"       // a paid amount, shipping, refund or advance below zero
	CodeUnknownField      = "commission.unknown_field"         // rule-set JSON with a field the rule set does not have
	CodeInvalidJSON       = "commission.invalid_json"          // rule-set JSON that is malformed or has a value of the wrong type
	CodeUnknownLineKind   = "commission.unknown_line_kind"     // a statement line kind this version does not know
	CodeUnknownBound      = "commission.unknown_bound"         // a per-order bound this version does not know
	CodeUnknownRateSource = "commission.unknown_rate_source"   // a rate source this version does not know
)

// Codes returns every error code of the package, for a frontend's message
// catalogue.
func Codes() []string {
	return []string{
		CodeInvalidConfig, CodeInvalidRate, CodeInvalidPlan, CodeUnknownPlanKind, CodeDuplicatePlan,
		CodeMinAboveMax, CodeUnorderedTiers, CodeInvalidRuleSet, CodeOverlappingRules, CodeInvalidPromotion,
		CodeInvalidPeriod, CodeInvalidOrder, CodeInvalidRefund, CodeRefundExceedsPaid, CodeRefundConflict,
		CodeInvalidDeposit, CodeNoRules, CodeRulesNotInForce, CodeUnknownPlan, CodeCurrencyMismatch,
		CodeOverflow, CodeAlreadySettled, CodeStatementChanged, CodeStatementNotFound, CodeUnsavedStatement,
		CodeInvalidPolicy, CodeNegativeAmount, CodeUnknownField, CodeInvalidJSON, CodeUnknownLineKind,
		CodeUnknownBound, CodeUnknownRateSource,
	}
}

func invalid(code, field, problem string) error {
	return shopkit.Invalid(code, field, problem)
}

func overflow(what string) error {
	return shopkit.NewError(shopkit.ErrOverflow, CodeOverflow, what+" overflows int64")
}

func mismatch(detail string) error {
	return shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch, detail)
}

// negative is the error of an amount below zero where only money to the
// merchant or back to the buyer can be (R0.1): field names it.
func negative(field, detail string) error {
	return invalid(CodeNegativeAmount, field, "must not be negative: "+detail)
}

// add returns a+b or reports overflow.
func add(a, b int64, what string) (int64, error) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, overflow(what)
	}
	return s, nil
}

// sub returns a−b or reports overflow.
func sub(a, b int64, what string) (int64, error) {
	d := a - b
	if (d < a) != (b > 0) {
		return 0, overflow(what)
	}
	return d, nil
}

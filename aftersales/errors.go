package aftersales

import "github.com/shopkit/shopkit"

// The codes of the package's errors (shopkit.CodeOf), stable for a frontend's
// messages. A *shopkit.TransitionError of a case table has CodeWrongState or
// CodeWrongRole. An actor who is not a party of the case or order is refused by
// the kernel with shopkit.CodeNotParty, and a method of a value no constructor
// built returns shopkit.CodeNotBuilt: those codes are shopkit's, not listed here.
const (
	CodeAlreadyRated        = "aftersales.already_rated"
	CodeCaseExists          = "aftersales.case_exists"
	CodeCaseOpen            = "aftersales.case_open"
	CodeCaseNotFound        = "aftersales.case_not_found"
	CodeCategoryExcluded    = "aftersales.category_excluded"
	CodeCurrencyMismatch    = "aftersales.currency_mismatch"
	CodeDeadlinePassed      = "aftersales.deadline_passed"
	CodeEvidenceRequired    = "aftersales.evidence_required"
	CodeExceedsRefundable   = "aftersales.exceeds_refundable"
	CodeInvalidAdvance      = "aftersales.invalid_advance"
	CodeInvalidAmount       = "aftersales.invalid_amount"
	CodeInvalidApplication  = "aftersales.invalid_application"
	CodeInvalidCase         = "aftersales.invalid_case"
	CodeInvalidConfig       = "aftersales.invalid_config"
	CodeInvalidKey          = "aftersales.invalid_key"
	CodeInvalidLedger       = "aftersales.invalid_ledger"
	CodeInvalidLine         = "aftersales.invalid_line"
	CodeInvalidOrder        = "aftersales.invalid_order"
	CodeInvalidPeriod       = "aftersales.invalid_period"
	CodeInvalidPolicy       = "aftersales.invalid_policy"
	CodeInvalidQuantity     = "aftersales.invalid_quantity"
	CodeInvalidRating       = "aftersales.invalid_rating"
	CodeInvalidTime         = "aftersales.invalid_time"
	CodeInvalidValidity     = "aftersales.invalid_validity"
	CodeKeyReused           = "aftersales.key_reused"
	CodeLedgerExists        = "aftersales.ledger_exists"
	CodeLedgerNotFound      = "aftersales.ledger_not_found"
	CodeNegativeAmount      = "aftersales.negative_amount"
	CodeNoCancellation      = "aftersales.no_cancellation"
	CodeNotBuyer            = "aftersales.not_buyer"
	CodeOrderNotEligible    = "aftersales.order_not_eligible"
	CodeQuantityClaimed     = "aftersales.quantity_claimed"
	CodeQuantityExceeds     = "aftersales.quantity_exceeds"
	CodeReasonRequired      = "aftersales.reason_required"
	CodeRefundNotFound      = "aftersales.refund_not_found"
	CodeRefundNotPending    = "aftersales.refund_not_pending"
	CodeReturnRequired      = "aftersales.return_required"
	CodeUnknownAction       = "aftersales.unknown_action"
	CodeUnknownKind         = "aftersales.unknown_kind"
	CodeUnknownOrderState   = "aftersales.unknown_order_state"
	CodeUnknownReason       = "aftersales.unknown_reason"
	CodeUnknownShippingRule = "aftersales.unknown_shipping_rule"
	CodeUnknownState        = "aftersales.unknown_state"
	CodeWaybillRequired     = "aftersales.waybill_required"
	CodeWindowClosed        = "aftersales.window_closed"
	CodeWrongKind           = "aftersales.wrong_kind"
	CodeWrongRole           = "aftersales.wrong_role"
	CodeWrongState          = "aftersales.wrong_state"
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeAlreadyRated, CodeCaseExists, CodeCaseOpen, CodeCaseNotFound, CodeCategoryExcluded, CodeCurrencyMismatch,
		CodeDeadlinePassed, CodeEvidenceRequired, CodeExceedsRefundable, CodeInvalidAdvance, CodeInvalidAmount,
		CodeInvalidApplication, CodeInvalidCase, CodeInvalidConfig, CodeInvalidKey, CodeInvalidLedger,
		CodeInvalidLine, CodeInvalidOrder, CodeInvalidPeriod, CodeInvalidPolicy, CodeInvalidQuantity,
		CodeInvalidRating, CodeInvalidTime, CodeInvalidValidity, CodeKeyReused, CodeLedgerExists,
		CodeLedgerNotFound, CodeNegativeAmount, CodeNoCancellation, CodeNotBuyer,
		CodeOrderNotEligible, CodeQuantityClaimed, CodeQuantityExceeds, CodeReasonRequired, CodeRefundNotFound,
		CodeRefundNotPending, CodeReturnRequired, CodeUnknownAction, CodeUnknownKind, CodeUnknownOrderState,
		CodeUnknownReason, CodeUnknownShippingRule, CodeUnknownState, CodeWaybillRequired, CodeWindowClosed, CodeWrongKind,
		CodeWrongRole, CodeWrongState,
	}
}

// The workflow names of the case tables, one per kind: the Workflow of a
// *shopkit.TransitionError.
const (
	WorkflowRefundOnly   = "aftersales.refund_only"
	WorkflowReturnRefund = "aftersales.return_refund"
	WorkflowExchange     = "aftersales.exchange"
	WorkflowRepair       = "aftersales.repair"
	WorkflowOnSiteRepair = "aftersales.onsite_repair"
	WorkflowVoucher      = "aftersales.voucher"
)

// notAllowed, conflict and invalid are the package's typed errors; shopkit adds
// the "aftersales: " prefix to detail.
func notAllowed(code, detail string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, code, detail)
}

func conflict(code, detail string) error { return shopkit.NewError(shopkit.ErrConflict, code, detail) }

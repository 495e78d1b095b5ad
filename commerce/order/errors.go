package order

import "github.com/shopkit/shopkit"

// WorkflowName names the order workflow table (R2.3.4): the Workflow of every
// *shopkit.TransitionError an order action returns.
const WorkflowName = "order.order"

// The codes of the package's errors, stable for a frontend's messages. A wrong
// state or role is a *shopkit.TransitionError with CodeWrongState or
// CodeWrongRole; the others are *shopkit.ValidationError or *shopkit.Error.
// Three codes are the kernel's, the same in every package, so shopkit.Codes
// lists them, not Codes: CodeNotParty, shopkit.CodeNotBuilt (a method of an
// Order, a Service or a SequenceNumberer that no constructor built) and
// shopkit.CodeNilArgument.
const (
	CodeWrongState = "order.wrong_state" // the action is not allowed in the order's state (R2.3.8)
	CodeWrongRole  = "order.wrong_role"  // the action is not allowed for the actor's role (R2.3.8)
	// CodeNotParty: the actor is not a party of the order — another buyer,
	// another shop, an operator of another shop, an actor without an ID (R0.4).
	CodeNotParty = shopkit.CodeNotParty

	CodeOrderNotFound = "order.order_not_found" // the store has no order with that ID or number
	CodeOrderExists   = "order.order_exists"    // the store already has an order with that ID

	CodeInvalidConfig    = "order.invalid_config"     // NewService: a nil dependency or an invalid policy
	CodeInvalidPolicy    = "order.invalid_policy"     // a deadline of Policy is not positive
	CodeUnknownState     = "order.unknown_state"      // a state text that is not a State
	CodeUnknownAction    = "order.unknown_action"     // an action text that is not an Action
	CodeUnknownReserveAt = "order.unknown_reserve_at" // a ReserveAt text that is neither creation nor payment
	CodeUnknownStockStep = "order.unknown_stock_step" // a StockStep text that is neither commit nor release (nor "")
	CodeInvalidStockStep = "order.invalid_stock_step" // a restored stock step without its time, or in a state that has none
	CodeNoStockStep      = "order.no_stock_step"      // MarkStockStepDone: that step is not pending (done already)

	CodeInvalidOrder      = "order.invalid_order"       // missing number, buyer, merchant or lines
	CodeTooManyLines      = "order.too_many_lines"      // more than MaxLines lines
	CodeInvalidQuantity   = "order.invalid_quantity"    // a line quantity ≤ 0 (R2.3.2)
	CodeInvalidPrice      = "order.invalid_price"       // a unit price ≤ 0 (R2.3.2)
	CodeInvalidLineAmount = "order.invalid_line_amount" // a line's amounts do not add up (R2.3.3, R2.4)
	CodeInvalidTotal      = "order.invalid_total"       // the total is not Σ paid + shipping − its discount (R2.3.3)
	CodeInvalidShipping   = "order.invalid_shipping"    // a negative shipping fee or a discount above it
	CodeInvalidAddress    = "order.invalid_address"     // a missing recipient, phone or street (R2.3.6)
	CodeCurrencyMismatch  = "order.currency_mismatch"   // an amount in another currency than the order (R0.1)

	CodeInvalidPayment        = "order.invalid_payment"         // a payment's amount, reference, time or instalments (R2.5)
	CodeInvalidPaymentMethod  = "order.invalid_payment_method"  // an empty or malformed method name (R2.5)
	CodeInvalidInstalments    = "order.invalid_instalments"     // instalments that cannot all be ≥ 1 minor unit (R2.5)
	CodePaymentAmountMismatch = "order.payment_amount_mismatch" // a payment that is not the order's total
	CodePaymentWindowClosed   = "order.payment_window_closed"   // paid after CloseUnpaidAfter (R2.3.4)

	CodeInvalidShipment       = "order.invalid_shipment"        // a shipment without carrier or tracking number
	CodeInvalidDelivery       = "order.invalid_delivery"        // a signing time outside shipment..now
	CodeInvalidTrackingUpdate = "order.invalid_tracking_update" // a tracking update after now (R2.3.7)

	CodeInvalidNumberer  = "order.invalid_numberer"  // a SequenceConfig out of range (R0.2)
	CodeNumbersExhausted = "order.numbers_exhausted" // every number of one second is taken (R0.2)

	CodeInvalidListQuery = "order.invalid_list_query" // a ListQuery without a shop, with an unknown state or an empty period
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeWrongState, CodeWrongRole,
		CodeOrderNotFound, CodeOrderExists,
		CodeInvalidConfig, CodeInvalidPolicy, CodeUnknownState, CodeUnknownAction, CodeUnknownReserveAt,
		CodeUnknownStockStep, CodeInvalidStockStep, CodeNoStockStep,
		CodeInvalidOrder, CodeTooManyLines, CodeInvalidQuantity, CodeInvalidPrice, CodeInvalidLineAmount, CodeInvalidTotal,
		CodeInvalidShipping, CodeInvalidAddress, CodeCurrencyMismatch,
		CodeInvalidPayment, CodeInvalidPaymentMethod, CodeInvalidInstalments, CodePaymentAmountMismatch, CodePaymentWindowClosed,
		CodeInvalidShipment, CodeInvalidDelivery, CodeInvalidTrackingUpdate,
		CodeInvalidNumberer, CodeNumbersExhausted, CodeInvalidListQuery,
	}
}

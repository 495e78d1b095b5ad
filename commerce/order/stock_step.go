package order

import (
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// StockStep is a call to the StockKeeper that an order's action leaves to the
// service (R2.2): the order and the stock are two stores, so the action records
// the step in the order's state, in the same update as the action, and the
// service runs it after that update and then marks it done in a second one. The
// step runs by the order's ref (its ID), and Commit and Release are idempotent
// per ref, so running a step again changes nothing: a step left pending by a
// crash or a failure is finished by Service.Resume.
type StockStep string

// The stock steps. The empty StockStep is "none pending".
const (
	StepCommit  StockStep = "commit"  // Ship: commit the reservation (on-hand goes down)
	StepRelease StockStep = "release" // a close, a cancellation before payment, a refund: release it
)

// stockStepSet is the strict text codec of StockStep; "" is none.
var stockStepSet = enum.New(CodeUnknownStockStep, "stock_step", "", StepCommit, StepRelease)

// Valid reports whether s is a stock step or "" (none).
func (s StockStep) Valid() bool { return stockStepSet.Valid(s) }

// MarshalText implements encoding.TextMarshaler; an unknown step is an error.
func (s StockStep) MarshalText() ([]byte, error) { return stockStepSet.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; it rejects unknown steps
// (CodeUnknownStockStep).
func (s *StockStep) UnmarshalText(b []byte) error { return stockStepSet.Unmarshal(s, b) }

// PendingStock returns the stock step the order's last stock-changing action
// recorded and the service has not yet marked done, with the time it was
// recorded; ok is false when none is pending. Store.Pending lists the orders
// with one, oldest step first.
func (o *Order) PendingStock() (step StockStep, since time.Time, ok bool) {
	return o.stockStep, o.stockStepAt, o.stockStep != ""
}

// MarkStockStepDone records that the stock step is done: the StockKeeper has
// committed or released the order's ref. Service calls it, in an update of its
// own, after the step succeeded; a host that carries out a release_stock effect
// itself may mark the release done the same way. When step is not the pending
// one (none is pending, or it was marked done already) it returns
// CodeNoStockStep (ErrConflict) and changes nothing. It adds no audit entry:
// the action that recorded the step has its entry (and, for a release, its
// release_stock effect), and the stock item's trail records the commit or
// release under the order's ref.
func (o *Order) MarkStockStepDone(step StockStep) error {
	if err := o.built(); err != nil {
		return err
	}
	if step == "" || o.stockStep != step {
		return shopkit.NewError(shopkit.ErrConflict, CodeNoStockStep,
			"order "+o.number+" has no pending stock step "+string(step))
	}
	o.stockStep, o.stockStepAt = "", time.Time{}
	return nil
}

// recordStockStep records the step the service runs after this update.
func (o *Order) recordStockStep(step StockStep, at time.Time) {
	o.stockStep, o.stockStepAt = step, at
}

// checkStockStep accepts a restored step: a known one with its time, or none
// without; a commit only once shipped, a release only on an ended order.
func checkStockStep(step StockStep, at time.Time, state State) error {
	if err := stockStepSet.Check(step); err != nil {
		return err
	}
	switch {
	case step == "" && !at.IsZero():
		return shopkit.Invalid(CodeInvalidStockStep, "stock_step_at", "must be zero when no stock step is pending")
	case step != "" && at.IsZero():
		return shopkit.Invalid(CodeInvalidStockStep, "stock_step_at", "is required with a pending stock step")
	case step == StepCommit && state != OrderShipped && state != OrderDelivered && state != OrderCompleted:
		return shopkit.Invalid(CodeInvalidStockStep, "stock_step", "a commit is pending only once the order is shipped, not "+string(state))
	case step == StepRelease && state != OrderClosed && state != OrderRefunded:
		return shopkit.Invalid(CodeInvalidStockStep, "stock_step", "a release is pending only on a closed or refunded order, not "+string(state))
	}
	return nil
}

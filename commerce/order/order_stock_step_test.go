package order_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.2: the actions that end a reservation record the StockKeeper call the
// service runs after the update: a shipment its commit, a close, a
// cancellation before payment and a refund their release (with the
// release_stock effect); MarkStockStepDone clears the step once, and refuses a
// step that is not pending.
func TestStockStepRecorded_R2_2(t *testing.T) {
	o, shipped := shippedOrder(t)
	step, at, ok := o.PendingStock()
	require.True(t, ok)
	assert.Equal(t, order.StepCommit, step)
	assert.Equal(t, shipped, at)
	assert.False(t, o.StockReserved())

	err := o.MarkStockStepDone(order.StepRelease)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, order.CodeNoStockStep, shopkit.CodeOf(err))
	entries := len(o.History())
	require.NoError(t, o.MarkStockStepDone(order.StepCommit))
	_, _, ok = o.PendingStock()
	assert.False(t, ok)
	assert.Len(t, o.History(), entries, "marking adds no audit entry")
	assert.Equal(t, order.CodeNoStockStep, shopkit.CodeOf(o.MarkStockStepDone(order.StepCommit)), "done once")
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(new(order.Order).MarkStockStepDone(order.StepCommit)))

	c := newTestOrder(t)
	require.NoError(t, c.Cancel(buyer, "", t0.Add(time.Minute)))
	step, at, _ = c.PendingStock()
	assert.Equal(t, order.StepRelease, step)
	assert.Equal(t, t0.Add(time.Minute), at)
	assert.Len(t, effectsOf(c, shopkit.EffectReleaseStock, ""), 1, "the effect stays, for hosts")

	// Paid and cancelled: the stock stays held, nothing pending until the refund.
	p, paidAt := paidOrder(t)
	require.NoError(t, p.Cancel(buyer, "", paidAt.Add(time.Hour)))
	_, _, ok = p.PendingStock()
	assert.False(t, ok)
	require.NoError(t, p.MarkRefunded(system, "", paidAt.Add(2*time.Hour)))
	step, _, _ = p.PendingStock()
	assert.Equal(t, order.StepRelease, step)

	// Under ReserveAtPayment an unpaid order holds nothing by its own account,
	// yet its close releases its ref: a Pay that crashed after reserving may
	// have left a hold there.
	pol := order.DefaultPolicy()
	pol.ReserveAt = order.ReserveAtPayment
	u := newTestOrderWith(t, pol)
	require.NoError(t, u.ApplyDue(t0.Add(24*time.Hour+time.Nanosecond)))
	step, at, _ = u.PendingStock()
	assert.Equal(t, order.StepRelease, step)
	assert.Equal(t, t0.Add(24*time.Hour), at)
	assert.Len(t, effectsOf(u, shopkit.EffectReleaseStock, ""), 1)
}

// R2.2, R2.8: the step's text codec is strict, and a snapshot with a pending
// step round trips through JSON.
func TestStockStepJSON_R2_2(t *testing.T) {
	var s order.StockStep
	require.NoError(t, json.Unmarshal([]byte(`"release"`), &s))
	assert.Equal(t, order.StepRelease, s)
	err := json.Unmarshal([]byte(`"refund"`), &s)
	assert.Equal(t, order.CodeUnknownStockStep, shopkit.CodeOf(err))
	assert.Equal(t, order.StepRelease, s, "unchanged")

	o, _ := shippedOrder(t)
	b, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	var back order.Snapshot
	require.NoError(t, json.Unmarshal(b, &back))
	r, err := order.RestoreOrder(back)
	require.NoError(t, err)
	step, at, ok := r.PendingStock()
	require.True(t, ok)
	assert.Equal(t, order.StepCommit, step)
	_, want, _ := o.PendingStock()
	assert.True(t, want.Equal(at))
}

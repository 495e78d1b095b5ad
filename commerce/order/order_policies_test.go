package order_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func policiesConfig(t *testing.T, now *time.Time) order.ServiceConfig {
	numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
	require.NoError(t, err)
	return order.ServiceConfig{Store: ordertest.NewStore(), Stock: newFakeStock(plentyOfStock()), Numberer: numbers,
		Clock: func() time.Time { return *now }}
}

// R0.3, R2.3: rules at the time of the act. An order placed 1 ns before a new
// version's From keeps the old deadlines after the change; one placed exactly
// at From is under the new version, and each records its version's name.
func TestPlaceUnderVersionInForce_R0_3_R2_3(t *testing.T) {
	ctx := context.Background()
	old := order.DefaultPolicy()
	next := order.DefaultPolicy()
	next.CloseUnpaidAfter = 12 * time.Hour
	from := t0.Add(time.Hour)
	policies, err := shopkit.NewSchedule(
		shopkit.Version[order.Policy]{Name: "orders-2026-01", Policy: old},
		shopkit.Version[order.Policy]{Name: "orders-2026-02", From: from, Policy: next})
	require.NoError(t, err)
	now := from.Add(-time.Nanosecond)
	cfg := policiesConfig(t, &now)
	cfg.Policies = policies
	svc, err := order.NewService(cfg)
	require.NoError(t, err)

	before, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)
	now = from
	at, err := svc.Place(ctx, placeInput())
	require.NoError(t, err)

	now = from.Add(time.Hour) // the change has happened
	got, err := svc.Get(ctx, before.ID())
	require.NoError(t, err)
	assert.Equal(t, "orders-2026-01", got.PolicyVersion())
	assert.Equal(t, old, got.Policy())
	d, ok := got.PaymentDeadline()
	require.True(t, ok)
	assert.Equal(t, from.Add(-time.Nanosecond).Add(24*time.Hour), d, "the old deadline, not moved")

	got, err = svc.Get(ctx, at.ID())
	require.NoError(t, err)
	assert.Equal(t, "orders-2026-02", got.PolicyVersion())
	d, ok = got.PaymentDeadline()
	require.True(t, ok)
	assert.Equal(t, from.Add(12*time.Hour), d, "the new deadline")

	// the version's name survives a JSON round trip of the state
	data, err := json.Marshal(got.Snapshot())
	require.NoError(t, err)
	var s order.Snapshot
	require.NoError(t, json.Unmarshal(data, &s))
	back, err := order.RestoreOrder(s)
	require.NoError(t, err)
	assert.Equal(t, "orders-2026-02", back.PolicyVersion())
	assert.Equal(t, got.Snapshot(), back.Snapshot())
}

// An order placed under a plain Policy records no version; before a
// schedule's first version Place numbers and stores nothing.
func TestPlaceVersionNames(t *testing.T) {
	ctx := context.Background()
	r := newServiceRig(t, order.DefaultPolicy(), plentyOfStock())
	o, err := r.svc.Place(ctx, placeInput())
	require.NoError(t, err)
	assert.Empty(t, o.PolicyVersion())
	data, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	assert.NotContains(t, string(data), "PolicyVersion")

	policies, err := shopkit.NewSchedule(shopkit.Version[order.Policy]{Name: "later", From: t0.Add(time.Hour), Policy: order.DefaultPolicy()})
	require.NoError(t, err)
	now := t0
	cfg := policiesConfig(t, &now)
	cfg.Policies = policies
	svc, err := order.NewService(cfg)
	require.NoError(t, err)
	_, err = svc.Place(ctx, placeInput())
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
}

// Exactly one of Policy and Policies is set, and every version's policy is
// valid: the problems are named.
func TestNewServicePolicies(t *testing.T) {
	bad := order.DefaultPolicy()
	bad.ShipWithin = 0
	policies, err := shopkit.NewSchedule(
		shopkit.Version[order.Policy]{Name: "b", From: t0, Policy: bad},
		shopkit.Version[order.Policy]{Name: "a", Policy: order.DefaultPolicy()})
	require.NoError(t, err)
	now := t0
	cfg := policiesConfig(t, &now)
	cfg.Policies = policies
	_, err = order.NewService(cfg)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, order.CodeInvalidConfig, ve.Code())
	assert.Equal(t, "policies.versions[1].ship_within", ve.Field)

	cfg.Policies = shopkit.Always("only", order.DefaultPolicy())
	cfg.Policy = order.DefaultPolicy()
	_, err = order.NewService(cfg)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, order.CodeInvalidConfig, ve.Code())
	assert.Equal(t, "policies", ve.Field)

	cfg.Policy = order.Policy{}
	_, err = order.NewService(cfg)
	require.NoError(t, err)
}

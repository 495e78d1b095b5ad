package order_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
)

// changesOf returns the change entries of action that o holds, oldest first.
func changesOf(o *order.Order, action order.Action) []shopkit.Entry {
	return changesIn(o.History(), action)
}

// changesIn returns the change entries of action among entries, oldest first.
func changesIn(entries []shopkit.Entry, action order.Action) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range entries {
		if e.Kind == shopkit.EntryChange && e.Action == string(action) {
			out = append(out, e)
		}
	}
	return out
}

// R0.4: every evidence reference an action cites is in that action's own
// entry: the payment's gateway reference, the waybill of the shipment and of
// every carrier event about it (two tracking updates, the loss, the slow flag,
// the delivery). The trail is append-only — each action leaves the entries
// before it as they were — and the store's trail keeps every reference, apart
// from the order's state.
func TestActionsCiteTheirEvidence_R0_4(t *testing.T) {
	o, paid := paidOrder(t)
	pay, _ := o.Payment()
	require.Len(t, changesOf(o, order.OrderPay), 1)
	assert.Equal(t, []string{order.EvidencePayment + pay.GatewayRef}, changesOf(o, order.OrderPay)[0].Evidence)

	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
	shippedAt := paid.Add(2 * time.Hour)
	require.NoError(t, o.Ship(merchant, "SF Express", "SF1234567890", shippedAt))
	waybill := []string{order.EvidenceWaybill + "SF1234567890"}
	assert.Equal(t, waybill, changesOf(o, order.OrderShip)[0].Evidence)

	trail := o.History()
	require.NoError(t, o.RecordTrackingUpdate(merchant, shippedAt.Add(time.Hour), shippedAt.Add(time.Hour)))
	require.NoError(t, o.RecordTrackingUpdate(system, shippedAt.Add(2*time.Hour), shippedAt.Add(2*time.Hour)))
	assert.Equal(t, trail, o.History()[:len(trail)], "the trail is append-only")
	tracks := changesOf(o, order.OrderTrack)
	require.Len(t, tracks, 2)
	for _, e := range tracks {
		assert.Equal(t, waybill, e.Evidence, "every tracking update cites its waybill")
	}

	lost := o.Clone()
	require.NoError(t, lost.MarkLost(platform, "carrier lost it", shippedAt.Add(3*time.Hour)))
	assert.Equal(t, waybill, changesOf(lost, order.OrderMarkLost)[0].Evidence)

	slow := o.Clone()
	require.NoError(t, slow.ApplyDue(shippedAt.Add(2*time.Hour+order.DefaultPolicy().TrackingStaleAfter+time.Nanosecond)))
	assert.Equal(t, waybill, changesOf(slow, order.OrderFlagSlow)[0].Evidence)

	trail = o.History()
	require.NoError(t, o.Deliver(system, shippedAt.Add(3*time.Hour), shippedAt.Add(3*time.Hour)))
	assert.Equal(t, waybill, changesOf(o, order.OrderDeliver)[0].Evidence)
	assert.Equal(t, trail, o.History()[:len(trail)], "the trail is append-only")

	ctx := context.Background()
	store := ordertest.NewStore()
	require.NoError(t, store.Create(ctx, o))
	stored, err := shopkit.ReadTrail(ctx, store, o.ID(), 3)
	require.NoError(t, err)
	assert.Equal(t, o.History(), stored)
	assert.Equal(t, []string{order.EvidencePayment + pay.GatewayRef}, changesIn(stored, order.OrderPay)[0].Evidence)
	assert.Equal(t, waybill, changesIn(stored, order.OrderShip)[0].Evidence)
	assert.Len(t, changesIn(stored, order.OrderTrack), 2)

	// The state holds no entry, only the trail's length.
	b, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	assert.NotContains(t, string(b), order.EvidenceWaybill, "the state cites no evidence: the trail does")
	var back order.Snapshot
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, len(stored), back.Seq)
	restored, err := order.RestoreOrder(back)
	require.NoError(t, err)
	assert.Empty(t, restored.History())
}

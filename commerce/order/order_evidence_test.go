package order_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// changesOf returns the change entries of action in o's trail, oldest first.
func changesOf(o *order.Order, action order.Action) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range o.History() {
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
// before it as they were — and a stored snapshot keeps every reference.
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

	b, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	var back order.Snapshot
	require.NoError(t, json.Unmarshal(b, &back))
	restored, err := order.RestoreOrder(back)
	require.NoError(t, err)
	assert.Equal(t, []string{order.EvidencePayment + pay.GatewayRef}, changesOf(restored, order.OrderPay)[0].Evidence)
	assert.Equal(t, waybill, changesOf(restored, order.OrderShip)[0].Evidence)
	assert.Len(t, changesOf(restored, order.OrderTrack), 2)
}

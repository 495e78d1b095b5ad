package pgstore_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gateway is the host's payment gateway: Refund with an idempotency key, so
// that an effect delivered twice (at least once) refunds once.
type gateway interface {
	Refund(ctx context.Context, key string, amount shopkit.Money, party string) error
}

// notifier is the host's messaging: Send with an idempotency key.
type notifier interface {
	Send(ctx context.Context, key, party, note string) error
}

// drain carries out the pending effects once: refunds through the gateway,
// notices through the notifier, each keyed by the effect's ID. A failed one
// goes back with a pause that grows with its attempts; an effect of a type
// the host does not carry out is marked done. A host runs it in a loop on
// every instance: consumers split the work.
func drain(ctx context.Context, db *pgstore.DB, owner string, now time.Time, pay gateway, send notifier) error {
	lease := shopkit.Lease{Owner: owner, Until: now.Add(time.Minute)}
	effects, err := db.Outbox().Claim(ctx, now, 100, lease)
	if err != nil {
		return err
	}
	var done []string
	for _, e := range effects {
		var err error
		switch e.Effect.Type {
		case shopkit.EffectRefund:
			err = pay.Refund(ctx, e.ID, e.Effect.Amount, e.Effect.Party)
		case shopkit.EffectNotify:
			err = send.Send(ctx, e.ID, e.Effect.Party, e.Effect.Note)
		}
		if err != nil {
			pause := time.Duration(1<<min(e.Attempts, 10)) * time.Second
			if rerr := db.Outbox().Retry(ctx, owner, e.ID, now.Add(pause), err.Error()); rerr != nil {
				return rerr
			}
			continue
		}
		done = append(done, e.ID)
	}
	return db.Outbox().Done(ctx, now, owner, done...)
}

// Drain the outbox to a payment gateway and a notifier (see drain). (Not
// run: it needs a server.)
func ExampleOutbox_Claim() {
	var db *pgstore.DB // from pgstore.Open
	var pay gateway
	var send notifier
	_ = drain(context.Background(), db, "instance-1/outbox", time.Now(), pay, send)
}

// fakeNotifier records what it sent by key and fails each key's first
// send when flaky is set.
type fakeNotifier struct {
	flaky bool
	tried map[string]int
	sent  map[string]string
}

func (n *fakeNotifier) Send(_ context.Context, key, party, _ string) error {
	n.tried[key]++
	if n.flaky && n.tried[key] == 1 {
		return errors.New("notifier unavailable")
	}
	n.sent[key] = party
	return nil
}

type noGateway struct{}

func (noGateway) Refund(context.Context, string, shopkit.Money, string) error {
	return errors.New("no refunds expected")
}

// The drain loop carries out every effect once, a failed one after its
// pause and not before, and leaves nothing pending (R2.8, at least once).
func TestDrainCarriesOutEveryEffectOnce_R2_8(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := outboxDB(t)
	ids := closedOrders(t, db, 3)
	n := &fakeNotifier{flaky: true, tried: map[string]int{}, sent: map[string]string{}}
	now := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	require.NoError(t, drain(ctx, db, "c1", now, noGateway{}, n))
	assert.Empty(t, n.sent, "every first send failed")
	require.NoError(t, drain(ctx, db, "c1", now.Add(time.Second-1), noGateway{}, n))
	assert.Empty(t, n.sent, "not before the pause")
	require.NoError(t, drain(ctx, db, "c1", now.Add(time.Second), noGateway{}, n))
	assert.ElementsMatch(t, ids, slices.Collect(maps.Keys(n.sent)))
	for _, id := range ids {
		assert.Equal(t, 2, n.tried[id], id)
	}
	left, err := db.Outbox().Claim(ctx, now.Add(time.Hour), 100, shopkit.Lease{Owner: "c2", Until: now.Add(2 * time.Hour)})
	require.NoError(t, err)
	assert.Empty(t, left)
}

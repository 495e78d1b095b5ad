package aftersales_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.4: a snapshot round trip and a restored case's next actions give exactly the
// entries (sequence numbers and effect IDs included) and fields the original has,
// for random action sequences through every kind. The restored case holds no
// entry of the trail before it: it numbers on from the snapshot's Seq.
func TestRestoreCaseNumbersOnAndKeepsFields_R0_4(t *testing.T) {
	f := newFixture(t)
	p := f.svc.Policy()
	actors := []shopkit.Actor{buyer, merchant, operator, sys}
	var cases []*aftersales.Case
	o := sampleOrder(f.clock.Now().Add(-day))
	for _, k := range []aftersales.Kind{aftersales.RefundOnly, aftersales.ReturnRefund, aftersales.Exchange, aftersales.Repair, aftersales.OnSiteRepair} {
		c, err := aftersales.NewCase(p, o, apply(k, aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}), f.clock.Now())
		require.NoError(t, err)
		cases = append(cases, c)
	}
	vc, err := aftersales.NewVoucherCase(p, voucherOrder(1001, 4), 0, f.clock.Now().Add(5*day), f.clock.Now())
	require.NoError(t, err)
	cases = append(cases, vc)
	acts := modelActions()
	r := rand.New(rand.NewPCG(3, 5))
	now := f.clock.Now()
	ok := 0
	for step := range 3000 {
		if r.IntN(6) == 0 {
			now = now.Add(time.Duration(r.Int64N(int64(4 * day))))
		}
		i := r.IntN(len(cases))
		c := cases[i]
		restored, err := aftersales.RestoreCase(c.Snapshot())
		require.NoError(t, err)
		require.Equal(t, c.Snapshot(), restored.Snapshot(), "step %d", step)
		require.Empty(t, restored.History())
		c.MarkSaved()
		var errC, errR error
		if r.IntN(5) == 0 {
			errC, errR = c.ApplyDue(now), restored.ApplyDue(now)
		} else {
			// Prefer an action that succeeds (probed on a clone): most random ones fail.
			by, act, seed := actors[0], acts[0], r.Uint64()
			for range 60 {
				by, act, seed = actors[r.IntN(len(actors))], acts[r.IntN(len(acts))], r.Uint64()
				if act(c.Clone(), by, now, rand.New(rand.NewPCG(seed, 1))) == nil {
					break
				}
			}
			errC = act(c, by, now, rand.New(rand.NewPCG(seed, 1)))
			errR = act(restored, by, now, rand.New(rand.NewPCG(seed, 1)))
			if errC != nil && c.PendingRefund() { // the Service's step after saving
				rec := shopkit.Refund{Key: c.Refund().Key, CaseID: c.ID(), Amount: shopkit.CNY(1)}
				errC, errR = c.MarkRefundIssued(rec, now), restored.MarkRefundIssued(rec, now)
			}
		}
		require.Equal(t, errC, errR)
		if errC == nil {
			ok++
		}
		require.Equal(t, c.Snapshot(), restored.Snapshot(), "step %d", step)
		require.Equal(t, c.Unsaved(), restored.Unsaved(), "step %d", step)
		require.Equal(t, c.Unsaved(), restored.History(), "step %d: the restored case holds only its new entries", step)
		require.Equal(t, effectsOf(c.Unsaved()), restored.Effects(), "step %d", step)
		require.Equal(t, c.Snapshot(), c.Clone().Snapshot())
		if c.Terminal() || errC != nil {
			cases[i] = reopen(t, p, o, now, r)
		}
	}
	require.Greater(t, ok, 1500, "the sequence must mostly act, not fail")
}

// reopen returns a new case of a random kind, opened at now.
func reopen(t *testing.T, p aftersales.Policy, o aftersales.Order, now time.Time, r *rand.Rand) *aftersales.Case {
	kinds := []aftersales.Kind{aftersales.RefundOnly, aftersales.ReturnRefund, aftersales.Exchange, aftersales.Repair, aftersales.OnSiteRepair, aftersales.Voucher}
	k := kinds[r.IntN(len(kinds))]
	if k == aftersales.Voucher {
		c, err := aftersales.NewVoucherCase(p, voucherOrder(1001, 4), 0, now.Add(5*day), now)
		require.NoError(t, err)
		return c
	}
	o.SignedAt = now.Add(-day)
	c, err := aftersales.NewCase(p, o, apply(k, aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}), now)
	require.NoError(t, err)
	return c
}

// R0.4: a case records its entries in the kernel's journal: the opening and the
// merchant's notification, then each action, numbered from 1; every effect's ID is
// "<case id>#<seq>". A case restored from a snapshot whose trail is longer (say,
// entries a host imported) holds none of them, and its new entries number on
// after them; a negative Seq is refused, naming the field.
func TestCaseJournalEntriesAndEffectIDs_R0_4(t *testing.T) {
	p := policy(t)
	start := t0(t)
	c, err := aftersales.NewCase(p, sampleOrder(start.Add(-day)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 1}), start)
	require.NoError(t, err)
	id := c.ID().String()
	s := c.Snapshot()
	require.Equal(t, []shopkit.Entry{
		{Seq: 1, Kind: shopkit.EntryChange, At: start, Role: shopkit.Buyer, Actor: buyer.ID, Action: "open", To: "requested",
			Reason: "quality: "},
		{Seq: 2, Kind: shopkit.EntryEffect, At: start, Role: shopkit.System, Action: "open", Effect: shopkit.Effect{
			ID: id + "#2", Type: shopkit.EffectNotify, Party: "merchant:" + merchant.ID, Ref: id, Note: "after-sales request exchange"}},
	}, c.History(), "the opening and the merchant's notification")
	require.Equal(t, 2, s.Seq)
	s.Seq = 5 // three more entries in the store's trail
	restored, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	require.Empty(t, restored.History())
	require.Empty(t, restored.Unsaved())
	require.NoError(t, restored.Approve(merchant, start.Add(time.Hour), "ok"))
	require.Equal(t, restored.History(), restored.Unsaved())
	require.Equal(t, 7, restored.Snapshot().Seq)
	require.Equal(t, []shopkit.Entry{
		{Seq: 6, Kind: shopkit.EntryChange, At: start.Add(time.Hour), Role: shopkit.Merchant, Actor: merchant.ID,
			Action: "approve", From: "requested", To: "awaiting_return", Reason: "ok"},
		{Seq: 7, Kind: shopkit.EntryEffect, At: start.Add(time.Hour), Role: shopkit.System, Action: "approve",
			Effect: shopkit.Effect{ID: id + "#7", Type: shopkit.EffectNotify, Party: "buyer:" + buyer.ID, Ref: id,
				Note: "awaiting_return"}},
	}, restored.Unsaved(), "the approval and the buyer's notification")
	effects := append(c.Effects(), restored.Effects()...)
	require.Len(t, effects, 2)
	for _, e := range effects {
		require.Equal(t, shopkit.EffectID(id, e.Seq), e.Effect.ID, "an effect's ID is its case and sequence")
	}

	s.Seq = -1
	_, err = aftersales.RestoreCase(s)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, aftersales.CodeInvalidCase, shopkit.CodeOf(err))
	assert.Equal(t, []string{"seq"}, fieldsOf(t, err))
}

// R0.4: the ledger's refund effects carry stable IDs "<order id>#<seq>" too, and
// a restored ledger, which holds none of the saved entries, numbers its next
// effect on after them; a negative Seq is refused, naming the field.
func TestLedgerEffectIDs_R0_4(t *testing.T) {
	o := sampleOrder(t0(t))
	l, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, t0(t))
	require.NoError(t, err)
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "k1", Lines: []aftersales.LineQty{{Line: 1, Units: 1}}}, t0(t))
	require.NoError(t, err)
	eff := l.Effects()
	require.Len(t, eff, 1)
	// "ledger:" keeps the ledger's effects apart from its order's, which share
	// its ID: one outbox keyed by effect ID holds both.
	require.Equal(t, "ledger:"+o.ID.String()+"#"+strconv.Itoa(eff[0].Seq), eff[0].Effect.ID)
	back, err := aftersales.RestoreLedger(l.Snapshot())
	require.NoError(t, err)
	_, _, err = back.Refund(aftersales.RefundRequest{Key: "k2", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, t0(t))
	require.NoError(t, err)
	require.Equal(t, 3, l.Snapshot().Seq, "the opening, the refund and its effect")
	require.Equal(t, eff, l.Effects(), "a saved effect keeps its ID")
	require.Len(t, back.History(), 2, "the restored ledger holds only its new entries")
	eff = back.Effects()
	require.Len(t, eff, 1)
	require.Equal(t, 5, eff[0].Seq)
	require.Equal(t, shopkit.EffectID("ledger:"+o.ID.String(), 5), eff[0].Effect.ID)
	require.Equal(t, 5, back.Snapshot().Seq)

	s := l.Snapshot()
	s.Seq = -1
	_, err = aftersales.RestoreLedger(s)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, aftersales.CodeInvalidLedger, shopkit.CodeOf(err))
	assert.Equal(t, []string{"seq"}, fieldsOf(t, err))
}

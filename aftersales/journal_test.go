package aftersales_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/require"
)

// R0.4: a snapshot round trip and a restored case's next actions give exactly the
// entries (sequence numbers and effect IDs included) and fields the original has,
// for random action sequences through every kind.
func TestRestoreCaseKeepsHistoryAndFields(t *testing.T) {
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
		require.Empty(t, restored.Unsaved())
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
		require.Equal(t, c.Effects(), restored.Effects(), "step %d", step)
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
// "<case id>#<seq>". Entries of other shapes (another package's action or role,
// empty evidence, times in other locations) come back from a restored case exactly
// as they were saved, and its new entries number on after them.
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
	}, s.History, "the opening and the merchant's notification")
	other := time.FixedZone("X", 3600)
	at := start.In(other)
	s.History = append(s.History,
		shopkit.Entry{Seq: 3, Kind: shopkit.EntryChange, At: at, Role: "auditor", Actor: "a-1", Action: "legacy_import", Reason: "imported"},
		shopkit.Entry{Seq: 4, Kind: shopkit.EntryChange, At: at, Role: shopkit.Merchant, Actor: merchant.ID, Action: "approve",
			From: "requested", To: "requested", Evidence: []string{}},
		shopkit.Entry{Seq: 5, Kind: shopkit.EntryEffect, At: at, Role: shopkit.System, Action: "pay",
			Effect: shopkit.Effect{ID: id + "#5", Type: shopkit.EffectPay, Party: "buyer:" + buyer.ID, Amount: shopkit.CNY(5), Ref: id}},
	)
	restored, err := aftersales.RestoreCase(s)
	require.NoError(t, err)
	require.Equal(t, s.History, restored.History())
	require.Empty(t, restored.Unsaved())
	require.NoError(t, restored.Approve(merchant, start.Add(time.Hour), "ok"))
	h := restored.History()
	require.Equal(t, s.History, h[:len(s.History)])
	require.Equal(t, h[len(s.History):], restored.Unsaved())
	require.Equal(t, []shopkit.Entry{
		{Seq: 6, Kind: shopkit.EntryChange, At: start.Add(time.Hour), Role: shopkit.Merchant, Actor: merchant.ID,
			Action: "approve", From: "requested", To: "awaiting_return", Reason: "ok"},
		{Seq: 7, Kind: shopkit.EntryEffect, At: start.Add(time.Hour), Role: shopkit.System, Action: "approve",
			Effect: shopkit.Effect{ID: id + "#7", Type: shopkit.EffectNotify, Party: "buyer:" + buyer.ID, Ref: id,
				Note: "awaiting_return"}},
	}, restored.Unsaved(), "the approval and the buyer's notification")
	effects := restored.Effects()
	require.Len(t, effects, 3)
	for _, e := range effects {
		require.Equal(t, shopkit.EffectID(id, e.Seq), e.Effect.ID, "an effect's ID is its case and sequence")
	}
}

// R0.4: the ledger's refund effects carry stable IDs "<order id>#<seq>" too, and
// a restored ledger's next effect numbers on after the saved ones.
func TestLedgerEffectIDs_R0_4(t *testing.T) {
	o := sampleOrder(t0(t))
	l, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, t0(t))
	require.NoError(t, err)
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "k1", Lines: []aftersales.LineQty{{Line: 1, Units: 1}}}, t0(t))
	require.NoError(t, err)
	eff := l.Effects()
	require.Len(t, eff, 1)
	require.Equal(t, o.ID.String()+"#"+strconv.Itoa(eff[0].Seq), eff[0].Effect.ID)
	back, err := aftersales.RestoreLedger(l.Snapshot())
	require.NoError(t, err)
	_, _, err = back.Refund(aftersales.RefundRequest{Key: "k2", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, t0(t))
	require.NoError(t, err)
	eff = back.Effects()
	require.Len(t, eff, 2)
	require.Equal(t, eff[0], l.Effects()[0], "a saved effect keeps its ID")
	require.Equal(t, shopkit.EffectID(o.ID.String(), len(back.History())), eff[1].Effect.ID)
}

package aftersales_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/require"
)

// The case keeps its audit trail (R0.4) in a compact form; a snapshot round trip
// and a restored case's next actions must give exactly the entries and fields the
// original has, for random action sequences through every kind.
func TestRestoreCaseKeepsHistoryAndFields(t *testing.T) {
	f := newFixture(t)
	p := f.svc.Policy
	actors := []commerce.Actor{buyer, merchant, operator, sys}
	var cases []*aftersales.Case
	o := order(f.clock.Now().Add(-day))
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
		restored, err := aftersales.RestoreCase(p, c.Snapshot())
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
				rec := aftersales.RefundRecord{Key: c.Refund().Key, CaseID: c.ID(), Amount: commerce.CNY(1)}
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
func reopen(t *testing.T, p *aftersales.Policy, o aftersales.Order, now time.Time, r *rand.Rand) *aftersales.Case {
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

// Entries the compact log cannot hold as codes (another package's action or role,
// empty evidence, notifications of another shape, times in other locations) come
// back from a restored case exactly as they were saved, followed by its new ones.
func TestRestoreCaseKeepsForeignEntries(t *testing.T) {
	p := policy(t)
	start := t0(t)
	c, err := aftersales.NewCase(p, order(start.Add(-day)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 1}), start)
	require.NoError(t, err)
	s := c.Snapshot()
	require.Equal(t, []commerce.Entry{
		{Kind: commerce.EntryChange, At: start, Role: shopkit.Buyer, Actor: buyer.ID, Action: "open", To: "requested",
			Reason: "quality: "},
		{Kind: commerce.EntryEffect, At: start, Role: shopkit.System, Action: "open", Effect: commerce.Effect{
			Type: commerce.EffectNotify, Party: "merchant:" + merchant.ID, Ref: c.ID().String(), Note: "after-sales request exchange"}},
	}, s.History, "the opening and the merchant's notification, as a commerce.Journal records them")
	other := time.FixedZone("X", 3600)
	at := start.In(other)
	ref := c.ID().String()
	notice := func(action, party, r, note string) commerce.Entry {
		return commerce.Entry{Kind: commerce.EntryEffect, At: at, Role: shopkit.System, Action: action,
			Effect: commerce.Effect{Type: commerce.EffectNotify, Party: party, Ref: r, Note: note}}
	}
	s.History = append(s.History,
		commerce.Entry{Kind: commerce.EntryChange, At: at, Role: "auditor", Actor: "a-1", Action: "legacy_import", Reason: "imported"},
		commerce.Entry{Kind: commerce.EntryChange, At: at, Role: shopkit.Merchant, Actor: merchant.ID, Action: "approve",
			From: "requested", To: "requested", Evidence: []string{}},
		notice("approve", "buyer:"+buyer.ID, ref, "requested"),
		notice("approve", "buyer:"+buyer.ID, ref, "requested"), // twice: not foldable
		notice("approve", "merchant:"+merchant.ID, "other-ref", "requested"),
		notice("approve", "platform", ref, "another note"),
		notice("open", "merchant:"+merchant.ID, ref, "after-sales request exchange"),
		commerce.Entry{Kind: commerce.EntryEffect, At: at, Role: shopkit.System, Action: "pay",
			Effect: commerce.Effect{Type: commerce.EffectPay, Party: "buyer:" + buyer.ID, Amount: commerce.CNY(5), Ref: ref}},
	)
	restored, err := aftersales.RestoreCase(p, s)
	require.NoError(t, err)
	require.Equal(t, s.History, restored.History())
	require.Empty(t, restored.Unsaved())
	require.NoError(t, restored.Approve(merchant, start.Add(time.Hour), "ok"))
	h := restored.History()
	require.Equal(t, s.History, h[:len(s.History)])
	require.Equal(t, h[len(s.History):], restored.Unsaved())
	require.Len(t, restored.Unsaved(), 2, "the approval and the buyer's notification")
}

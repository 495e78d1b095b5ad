package aftersales_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R3.2–R3.9, R2.3.8: every bad action on a case is a typed error with a stable
// code and changes nothing: the stored case and the order's ledger are exactly
// as before.
func TestBadActionsChangeNothing(t *testing.T) {
	stranger := shopkit.Actor{Role: shopkit.Merchant, ID: "shop-2"}
	type row struct {
		name  string
		setup []caseAction // on an exchange of the kettle, opened at t0
		at    time.Duration
		act   caseAction
		kind  error
		code  string
	}
	for _, tc := range []row{
		{"wrong role: the buyer approves", nil, 0, func(c *aftersales.Case, now time.Time) error { return c.Approve(buyer, now, "") },
			shopkit.ErrNotAllowed, aftersales.CodeWrongRole},
		{"wrong role: the merchant decides a dispute", []caseAction{
			func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) },
			func(c *aftersales.Case, now time.Time) error { return c.Escalate(buyer, now, "no", nil) }}, 0,
			func(c *aftersales.Case, now time.Time) error { return c.DecideForBuyer(merchant, now, "me") },
			shopkit.ErrNotAllowed, aftersales.CodeWrongRole},
		{"wrong state: ship back before approval", nil, 0, shipBack, shopkit.ErrNotAllowed, aftersales.CodeWrongState},
		{"wrong state: confirm a refund never issued", []caseAction{approve}, 0,
			func(c *aftersales.Case, now time.Time) error {
				return c.ConfirmRefund(sys, now, shopkit.Refund{Key: "x"})
			}, shopkit.ErrNotAllowed, aftersales.CodeWrongState},
		{"another shop's merchant", nil, 0, func(c *aftersales.Case, now time.Time) error { return c.Approve(stranger, now, "") },
			shopkit.ErrNotAllowed, shopkit.CodeNotParty},
		{"deadline passed: 48 h + 1 ns", nil, 48*time.Hour + 1, approve, shopkit.ErrNotAllowed, aftersales.CodeDeadlinePassed},
		{"evidence missing: rejection without evidence", nil, 0,
			func(c *aftersales.Case, now time.Time) error {
				return c.Reject(merchant, now, aftersales.Rejection{Conversation: "chat-1"})
			}, shopkit.ErrInvalid, aftersales.CodeEvidenceRequired},
		{"evidence missing: rejection without a prior conversation", nil, 0,
			func(c *aftersales.Case, now time.Time) error {
				return c.Reject(merchant, now, aftersales.Rejection{Evidence: []string{"photo"}})
			}, shopkit.ErrInvalid, aftersales.CodeEvidenceRequired},
		{"escalation without a reason", []caseAction{func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) }}, 0,
			func(c *aftersales.Case, now time.Time) error { return c.Escalate(buyer, now, "", nil) },
			shopkit.ErrInvalid, aftersales.CodeReasonRequired},
		{"waybill missing", []caseAction{approve}, 0,
			func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "") },
			shopkit.ErrInvalid, aftersales.CodeWaybillRequired},
		{"signed for in the future", []caseAction{approve, shipBack}, 0,
			func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, now.Add(1)) },
			shopkit.ErrInvalid, aftersales.CodeInvalidTime},
		{"rating before completion", nil, 0, func(c *aftersales.Case, now time.Time) error { return c.Rate(buyer, now, 5, "") },
			shopkit.ErrNotAllowed, aftersales.CodeWrongState},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			o := sampleOrder(t0(t).Add(-day))
			c := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
			for _, a := range tc.setup {
				f.act(t, c.ID(), a)
			}
			f.clock.Advance(tc.at)
			before, err := f.svc.Get(f.ctx, c.ID())
			require.NoError(t, err)
			ledger := f.ledger(t, o.ID).Snapshot()
			_, err = f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
				err := tc.act(c, now)
				assert.Equal(t, before.Snapshot(), c.Snapshot(), "the aggregate is unchanged, not only the store")
				return err
			})
			require.ErrorIs(t, err, tc.kind)
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
			after, _ := f.svc.Get(f.ctx, c.ID())
			assert.Equal(t, before.Snapshot(), after.Snapshot(), "the case is unchanged")
			assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot(), "the ledger is unchanged")
		})
	}
}

// R3.4, R3.9: bad amounts and missing evidence of a self-repair and a platform
// advance change nothing.
func TestBadAmountsChangeNothing_R3_4_R3_9(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.Repair, aftersales.LineQty{Line: 1, Units: 1})
	check := func(code string, kind error, fn caseAction) {
		t.Helper()
		before, _ := f.svc.Get(f.ctx, c.ID())
		_, err := f.svc.Act(f.ctx, c.ID(), fn)
		require.ErrorIs(t, err, kind)
		assert.Equal(t, code, shopkit.CodeOf(err))
		after, _ := f.svc.Get(f.ctx, c.ID())
		assert.Equal(t, before.Snapshot(), after.Snapshot())
	}
	check(aftersales.CodeNegativeAmount, shopkit.ErrInvalid, func(c *aftersales.Case, now time.Time) error {
		return c.AgreeSelfRepair(merchant, now, shopkit.CNY(-1))
	})
	check(aftersales.CodeInvalidPeriod, shopkit.ErrInvalid, func(c *aftersales.Case, now time.Time) error {
		return c.ApproveRepair(merchant, now, -time.Nanosecond, "")
	})
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.AgreeSelfRepair(merchant, now, shopkit.CNY(0))
	})
	check(aftersales.CodeNegativeAmount, shopkit.ErrInvalid, func(c *aftersales.Case, now time.Time) error {
		return c.SubmitInvoice(buyer, now, shopkit.CNY(-100), []string{"invoice.pdf"})
	})
	check(aftersales.CodeInvalidAmount, shopkit.ErrInvalid, func(c *aftersales.Case, now time.Time) error {
		return c.SubmitInvoice(buyer, now, shopkit.CNY(0), []string{"invoice.pdf"})
	})
	check(aftersales.CodeEvidenceRequired, shopkit.ErrInvalid, func(c *aftersales.Case, now time.Time) error {
		return c.SubmitInvoice(buyer, now, shopkit.CNY(100), nil)
	})

	d, _ := disputed(t, f, aftersales.ReturnRefund, buyer)
	ledger := f.ledger(t, d.OrderID()).Snapshot()
	for _, amt := range []int64{0, -1, 5001} {
		_, err := f.svc.Advance(f.ctx, d.ID(), operator, "adv", shopkit.CNY(amt), "x")
		require.Error(t, err, amt)
		assert.NotEmpty(t, shopkit.CodeOf(err))
	}
	assert.Equal(t, ledger, f.ledger(t, d.OrderID()).Snapshot(), "no advance recorded")
}

// R3.2, R3.7: bad applications — quantities beyond what was bought or already
// claimed, negative or foreign amounts, an unknown kind — open nothing and claim
// nothing.
func TestBadApplicationsOpenNothing_R3_2(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 2})
	ledger := f.ledger(t, o.ID).Snapshot()
	for _, tc := range []struct {
		name string
		app  aftersales.Application
		kind error
		code string
	}{
		{"more than bought", apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 4}),
			shopkit.ErrInvalid, aftersales.CodeInvalidQuantity},
		{"already in another open case", apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 2}),
			shopkit.ErrConflict, aftersales.CodeQuantityClaimed},
		{"negative units", apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0, Units: -1}),
			shopkit.ErrInvalid, aftersales.CodeInvalidQuantity},
		{"negative amount", apply(aftersales.RefundOnly, aftersales.PriceProtection, aftersales.LineQty{Line: 0, Amount: shopkit.CNY(-1)}),
			shopkit.ErrInvalid, aftersales.CodeNegativeAmount},
		{"amount above the line's paid", apply(aftersales.RefundOnly, aftersales.PriceProtection, aftersales.LineQty{Line: 1, Amount: shopkit.CNY(5001)}),
			shopkit.ErrInvalid, aftersales.CodeInvalidApplication},
		{"unknown kind", apply("swap", aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}),
			shopkit.ErrInvalid, aftersales.CodeUnknownKind},
		{"voucher is not applied for", apply(aftersales.Voucher, aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}),
			shopkit.ErrInvalid, aftersales.CodeUnknownKind},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.Open(f.ctx, o, tc.app)
			require.ErrorIs(t, err, tc.kind)
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
			cases, _ := f.cases.ByOrder(f.ctx, o.ID)
			assert.Len(t, cases, 1)
			assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot())
		})
	}
}

// Unknown kinds and states in stored JSON are rejected with stable codes, both
// when decoding a snapshot and when restoring one whose state its kind's table
// does not name.
func TestUnknownKindsAndStatesInSnapshots(t *testing.T) {
	c, err := aftersales.NewCase(policy(t), sampleOrder(t0(t)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 1}), t0(t))
	require.NoError(t, err)
	b, err := json.Marshal(c.Snapshot())
	require.NoError(t, err)
	var back aftersales.CaseSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	restored, err := aftersales.RestoreCase(back)
	require.NoError(t, err)
	assert.Equal(t, aftersales.Requested, restored.State())

	for _, tc := range []struct{ from, to, code string }{
		{`"kind":"exchange"`, `"kind":"swap"`, aftersales.CodeUnknownKind},
		{`"state":"requested"`, `"state":"limbo"`, aftersales.CodeUnknownState},
		{`"reason":"quality"`, `"reason":"whim"`, aftersales.CodeUnknownReason},
		{`"order_state":"delivered"`, `"order_state":"lost"`, aftersales.CodeUnknownOrderState},
	} {
		bad := []byte(replaceOnce(t, string(b), tc.from, tc.to))
		var s aftersales.CaseSnapshot
		err := json.Unmarshal(bad, &s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, tc.to)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), tc.to)
	}

	s := c.Snapshot()
	s.State = aftersales.VoucherValid // a state, but not one of the exchange table
	_, err = aftersales.RestoreCase(s)
	assert.Equal(t, aftersales.CodeUnknownState, shopkit.CodeOf(err))
	s.Kind, s.ID = "swap", uuid.New()
	_, err = aftersales.RestoreCase(s)
	assert.Equal(t, aftersales.CodeUnknownKind, shopkit.CodeOf(err))
}

func replaceOnce(t *testing.T, s, from, to string) string {
	t.Helper()
	i := indexOf(s, from)
	require.GreaterOrEqual(t, i, 0, "%s in %s", from, s)
	return s[:i] + to + s[i+len(from):]
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// A ledger's snapshot, with refunds, claims and a debt, survives a JSON round
// trip (hosts may store it as a document).
func TestLedgerSnapshotJSONRoundTrip_R3_7(t *testing.T) {
	f := newFixture(t)
	d, o := disputed(t, f, aftersales.ReturnRefund, buyer)
	_, err := f.svc.Advance(f.ctx, d.ID(), operator, "adv-1", shopkit.CNY(1000), "merchant unreachable")
	require.NoError(t, err)
	f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 1})
	snap := f.ledger(t, o.ID).Snapshot()
	b, err := json.Marshal(snap)
	require.NoError(t, err)
	var back aftersales.LedgerSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	want, err := aftersales.RestoreLedger(snap)
	require.NoError(t, err)
	got, err := aftersales.RestoreLedger(back)
	require.NoError(t, err)
	assert.Equal(t, want.String(), got.String())
	assert.Equal(t, len(snap.Refunds), len(back.Refunds))
	assert.Equal(t, snap.Debts[0].Amount, back.Debts[0].Amount)
	assert.Equal(t, snap.Claims, back.Claims)
}

// R3.7, R2.8: the shipping rule decodes only its names, in a policy and in a
// ledger snapshot: "sometimes" is CodeUnknownShippingRule naming the field, and
// the value decoded into is unchanged. Every rule round-trips.
func TestShippingRuleDecodesOnlyItsNames_R3_7(t *testing.T) {
	for _, r := range []aftersales.ShippingRule{aftersales.ShippingOnFullRefund, aftersales.ShippingWithFirstRefund, aftersales.ShippingNever} {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var back aftersales.ShippingRule
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, r, back)
	}
	_, err := json.Marshal(aftersales.ShippingRule("sometimes"))
	assert.Error(t, err)

	p := policy(t)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	got := aftersales.DefaultPolicy()
	err = json.Unmarshal([]byte(replaceOnce(t, string(b), `"shipping":"on_full_refund"`, `"shipping":"sometimes"`)), &got)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, aftersales.CodeUnknownShippingRule, shopkit.CodeOf(err))
	assert.Equal(t, []string{"shipping_rule"}, fieldsOf(t, err))
	assert.Equal(t, aftersales.ShippingOnFullRefund, got.Shipping, "unchanged")

	l, err := aftersales.NewLedger(sampleOrder(t0(t)), aftersales.ShippingNever, t0(t))
	require.NoError(t, err)
	b, err = json.Marshal(l.Snapshot())
	require.NoError(t, err)
	var s aftersales.LedgerSnapshot
	err = json.Unmarshal([]byte(replaceOnce(t, string(b), `"shipping_rule":"never"`, `"shipping_rule":"NEVER"`)), &s)
	assert.Equal(t, aftersales.CodeUnknownShippingRule, shopkit.CodeOf(err))
}

package aftersales_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldsOf returns the fields a ValidationError names.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	var v *shopkit.ValidationError
	require.ErrorAs(t, err, &v)
	var out []string
	for _, p := range v.Problems {
		out = append(out, p.Field)
	}
	return out
}

// R2.8: a service is built once from a validated configuration: a missing store
// or clock, or an invalid policy, is an error naming the field, never a panic
// later.
func TestNewServiceValidatesItsConfig_R2_8(t *testing.T) {
	clock := aftersalestest.NewClock(t0(t))
	good := aftersales.ServiceConfig{Cases: aftersalestest.NewStore(), Ledgers: aftersalestest.NewLedgerStore(),
		Policy: aftersales.DefaultPolicy(), Clock: clock.Now}
	svc, err := aftersales.NewService(good)
	require.NoError(t, err)
	assert.Equal(t, aftersales.DefaultPolicy().MerchantResponse, svc.Policy().MerchantResponse)

	for _, tc := range []struct {
		name  string
		set   func(*aftersales.ServiceConfig)
		field string
	}{
		{"no case store", func(c *aftersales.ServiceConfig) { c.Cases = nil }, "cases"},
		{"no ledger store", func(c *aftersales.ServiceConfig) { c.Ledgers = nil }, "ledgers"},
		{"no clock", func(c *aftersales.ServiceConfig) { c.Clock = nil }, "clock"},
		{"zero policy", func(c *aftersales.ServiceConfig) { c.Policy = aftersales.Policy{} }, "policy.merchant_response"},
		{"negative grace", func(c *aftersales.ServiceConfig) { c.Policy.VisitGrace = -time.Second }, "policy.visit_grace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.set(&cfg)
			var svc *aftersales.Service
			var err error
			require.NotPanics(t, func() { svc, err = aftersales.NewService(cfg) })
			assert.Nil(t, svc)
			assert.Equal(t, aftersales.CodeInvalidConfig, shopkit.CodeOf(err))
			assert.Contains(t, fieldsOf(t, err), tc.field)
		})
	}
	_, err = aftersales.NewService(aftersales.ServiceConfig{})
	assert.Equal(t, []string{"cases", "ledgers", "clock", "policy.merchant_response"}, fieldsOf(t, err)[:4])
}

// R3: the zero Policy is not "the defaults": every constructor that takes a
// policy rejects it with an error naming its fields.
func TestZeroPolicyIsRejected_R3(t *testing.T) {
	start := t0(t)
	o := sampleOrder(start.Add(-day))
	app := apply(aftersales.Exchange, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 1})
	_, err := aftersales.NewCase(aftersales.Policy{}, o, app, start)
	assert.Equal(t, aftersales.CodeInvalidPolicy, shopkit.CodeOf(err))
	assert.Contains(t, fieldsOf(t, err), "merchant_response")
	assert.Contains(t, fieldsOf(t, err), "shipping")
	_, err = aftersales.NewVoucherCase(aftersales.Policy{}, voucherOrder(1001, 4), 0, start.Add(day), start)
	assert.Equal(t, aftersales.CodeInvalidPolicy, shopkit.CodeOf(err))
	err = aftersales.CheckEligibility(aftersales.Policy{}, o, app, start)
	assert.Equal(t, aftersales.CodeInvalidPolicy, shopkit.CodeOf(err))
	require.NoError(t, aftersales.DefaultPolicy().Validate())

	c, err := aftersales.NewCase(policy(t), o, app, start)
	require.NoError(t, err)
	s := c.Snapshot()
	s.Policy = aftersales.Policy{}
	_, err = aftersales.RestoreCase(s)
	assert.Equal(t, aftersales.CodeInvalidPolicy, shopkit.CodeOf(err), "a snapshot carries a valid policy")
}

// R2.8: a case keeps a copy of its policy: changing the caller's policy (its
// category map included) later changes no case.
func TestCaseKeepsItsOwnPolicy_R3_2(t *testing.T) {
	p := policy(t)
	p.NoReasonWindowByCategory = map[string]time.Duration{"home": 24 * time.Hour}
	start := t0(t)
	c, err := aftersales.NewCase(p, sampleOrder(start.Add(-day)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 1}), start)
	require.NoError(t, err)
	p.MerchantResponse = time.Hour
	p.NoReasonWindowByCategory["home"] = time.Hour
	assert.Equal(t, 48*time.Hour, c.Policy().MerchantResponse)
	assert.Equal(t, 24*time.Hour, c.Policy().NoReasonWindowByCategory["home"])
	d, _ := c.Deadline()
	assert.Equal(t, start.Add(48*time.Hour), d)
}

// R2.8: a restore rejects a snapshot no case could have: no ID, an unknown kind or
// state (typed errors with stable codes).
func TestRestoreRejectsInvalidSnapshots_R2_8(t *testing.T) {
	start := t0(t)
	c, err := aftersales.NewCase(policy(t), sampleOrder(start.Add(-day)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 1}), start)
	require.NoError(t, err)
	s := c.Snapshot()
	s.ID = uuid.Nil
	_, err = aftersales.RestoreCase(s)
	assert.Equal(t, aftersales.CodeInvalidCase, shopkit.CodeOf(err))
	assert.Equal(t, []string{"id"}, fieldsOf(t, err))

	l, err := aftersales.NewLedger(sampleOrder(start), aftersales.ShippingOnFullRefund, start)
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		set   func(*aftersales.LedgerSnapshot)
		field string
	}{
		{"no order", func(s *aftersales.LedgerSnapshot) { s.OrderID = uuid.Nil }, "order_id"},
		{"unknown currency", func(s *aftersales.LedgerSnapshot) { s.Currency = "XYZ" }, "currency"},
		{"unknown shipping rule", func(s *aftersales.LedgerSnapshot) { s.ShippingRule = "sometimes" }, "shipping_rule"},
		{"claim of no line", func(s *aftersales.LedgerSnapshot) {
			s.Claims = []aftersales.Claim{{CaseID: uuid.New(), Line: 7, Units: 1}}
		}, "claims[0].line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := l.Snapshot()
			tc.set(&s)
			got, err := aftersales.RestoreLedger(s)
			assert.Nil(t, got)
			assert.Equal(t, aftersales.CodeInvalidLedger, shopkit.CodeOf(err))
			assert.Equal(t, []string{tc.field}, fieldsOf(t, err))
		})
	}
}

// Every code the package declares is "aftersales.<reason>", listed once; no error
// message repeats the package prefix that shopkit adds.
func TestCodesAreDeclaredOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range aftersales.Codes() {
		assert.True(t, strings.HasPrefix(c, "aftersales."), c)
		assert.False(t, seen[c], "listed twice: %s", c)
		seen[c] = true
	}
	assert.True(t, seen[aftersales.CodeWrongState] && seen[aftersales.CodeWrongRole])
	_, err := aftersales.NewCase(policy(t), sampleOrder(t0(t)), apply(aftersales.Exchange, aftersales.Quality,
		aftersales.LineQty{Line: 0, Units: 9}), t0(t))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "aftersales: aftersales:")
	c := newFixture(t).open(t, sampleOrder(t0(t)), aftersales.Exchange)
	err = c.ShipBack(buyer, t0(t), "SF1")
	assert.Equal(t, aftersales.CodeWrongState, shopkit.CodeOf(err))
	err = c.Approve(shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}, t0(t), "")
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "the kernel's refusal")
}

// Values no constructor built refuse every action with shopkit.CodeNotBuilt,
// even the system's, and a nil action is shopkit.CodeNilArgument: never a
// panic.
func TestZeroValuesAreNotBuilt(t *testing.T) {
	err := new(aftersales.Case).Approve(sys, t0(t), "ok")
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(new(aftersales.Case).Rate(sys, t0(t), 5, "")))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(new(aftersales.Case).Redeem(sys, t0(t), 1)))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(new(aftersales.Case).ApplyDue(t0(t))))
	_, _, err = new(aftersales.Ledger).Refund(aftersales.RefundRequest{Key: "k"}, t0(t))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	_, err = new(aftersales.Service).Get(context.Background(), uuid.New())
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	_, err = newFixture(t).svc.Act(context.Background(), uuid.New(), nil)
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
}

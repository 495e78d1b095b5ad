package aftersales_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policies returns a schedule of two versions: "old" (48 h to respond) from the
// start and "new" (24 h) from from.
func policies(t *testing.T, from time.Time) (aftersales.Policy, aftersales.Policy, shopkit.Schedule[aftersales.Policy]) {
	t.Helper()
	old, next := policy(t), policy(t)
	next.MerchantResponse = 24 * time.Hour
	s, err := shopkit.NewSchedule(
		shopkit.Version[aftersales.Policy]{Name: "new", From: from, Policy: next},
		shopkit.Version[aftersales.Policy]{Name: "old", Policy: old})
	require.NoError(t, err)
	return old, next, s
}

// R0.3, R3: rules apply as they stood when the act happened. A case opened one
// nanosecond before a new version's From keeps the old version's deadlines
// for its whole life, through a sweep, a reload and a JSON round trip of its
// snapshot; one opened exactly at From gets the new version's.
func TestPolicyVersionInForceAtOpening_R0_3_R3(t *testing.T) {
	from := t0(t).Add(time.Hour)
	old, next, sched := policies(t, from)
	f := newFixtureWith(t, func(c *aftersales.ServiceConfig) { c.Policy, c.Policies = aftersales.Policy{}, sched })

	f.clock.Set(from.Add(-time.Nanosecond))
	before := f.open(t, sampleOrder(t0(t).Add(-24*time.Hour)), aftersales.RefundOnly)
	f.clock.Set(from)
	at := f.open(t, sampleOrder(t0(t).Add(-24*time.Hour)), aftersales.RefundOnly)

	assert.Equal(t, "old", before.PolicyVersion())
	assert.Equal(t, "new", at.PolicyVersion())
	d, ok := before.Deadline()
	require.True(t, ok)
	assert.Equal(t, from.Add(-time.Nanosecond).Add(old.MerchantResponse), d)
	d, ok = at.Deadline()
	require.True(t, ok)
	assert.Equal(t, from.Add(next.MerchantResponse), d)
	assert.Equal(t, next.MerchantResponse, f.svc.Policy().MerchantResponse)

	// After the new version's 24 h, only the case under it is due.
	f.sweepAt(t, from.Add(next.MerchantResponse).Add(time.Second))
	got, err := f.cases.Get(f.ctx, before.ID())
	require.NoError(t, err)
	assert.Equal(t, before.State(), got.State(), "a later version never moves an open case's deadline")
	assert.Equal(t, "old", got.PolicyVersion())
	assert.Equal(t, old.MerchantResponse, got.Policy().MerchantResponse)
	gotAt, err := f.cases.Get(f.ctx, at.ID())
	require.NoError(t, err)
	assert.NotEqual(t, at.State(), gotAt.State())

	b, err := json.Marshal(got.Snapshot())
	require.NoError(t, err)
	var snap aftersales.CaseSnapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	assert.Equal(t, "old", snap.PolicyVersion)
	back, err := aftersales.RestoreCase(snap)
	require.NoError(t, err)
	assert.Equal(t, "old", back.PolicyVersion())
	d, _ = back.Deadline()
	assert.True(t, from.Add(-time.Nanosecond).Add(old.MerchantResponse).Equal(d), d)
}

// R3.8: a voucher case records the version too; a plain Policy records none.
func TestPolicyVersionOfVoucherAndPlainPolicy_R3_8(t *testing.T) {
	from := t0(t).Add(-time.Hour)
	_, _, sched := policies(t, from)
	f := newFixtureWith(t, func(c *aftersales.ServiceConfig) { c.Policy, c.Policies = aftersales.Policy{}, sched })
	c, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, t0(t).Add(30*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, "new", c.PolicyVersion())
	assert.Equal(t, "new", c.Snapshot().PolicyVersion)

	plain := newFixture(t)
	c = plain.open(t, sampleOrder(t0(t).Add(-24*time.Hour)), aftersales.RefundOnly)
	assert.Empty(t, c.PolicyVersion())
	assert.Empty(t, c.Snapshot().PolicyVersion)
}

// R0.3: before a schedule's first version no policy is in force, and no case
// opens.
func TestNoPolicyVersionInForce_R0_3(t *testing.T) {
	s, err := shopkit.NewSchedule(shopkit.Version[aftersales.Policy]{Name: "late", From: t0(t).Add(time.Hour), Policy: policy(t)})
	require.NoError(t, err)
	f := newFixtureWith(t, func(c *aftersales.ServiceConfig) { c.Policy, c.Policies = aftersales.Policy{}, s })
	_, err = f.svc.Open(f.ctx, sampleOrder(t0(t).Add(-24*time.Hour)), aftersales.Application{Kind: aftersales.RefundOnly,
		Lines: []aftersales.LineQty{{Line: 1, Units: 1}}, Reason: aftersales.Quality, BuyerID: buyer.ID})
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	_, err = f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, t0(t).Add(24*time.Hour))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
}

// R2.8: exactly one of Policy and Policies; every version is validated.
func TestNewServiceValidatesPolicies_R2_8(t *testing.T) {
	_, _, sched := policies(t, t0(t))
	bad := aftersales.DefaultPolicy()
	bad.MerchantResponse = 0
	badSched, err := shopkit.NewSchedule(shopkit.Version[aftersales.Policy]{Name: "a", Policy: policy(t)},
		shopkit.Version[aftersales.Policy]{Name: "b", From: t0(t), Policy: bad})
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		policy aftersales.Policy
		sched  shopkit.Schedule[aftersales.Policy]
		field  string
	}{
		{"both", policy(t), sched, "policies"},
		{"unnamed", aftersales.Policy{}, shopkit.Always("", policy(t)), "policies.versions[0].name"},
		{"invalid version", aftersales.Policy{}, badSched, "policies.versions[1].policy.merchant_response"},
		{"neither", aftersales.Policy{}, shopkit.Schedule[aftersales.Policy]{}, "policy.merchant_response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: aftersalestest.NewStore(),
				Ledgers: aftersalestest.NewLedgerStore(), Policy: tc.policy, Policies: tc.sched,
				Clock: aftersalestest.NewClock(t0(t)).Now})
			assert.Nil(t, svc)
			assert.Equal(t, aftersales.CodeInvalidConfig, shopkit.CodeOf(err))
			assert.Contains(t, fieldsOf(t, err), tc.field)
		})
	}
	_, err = aftersales.NewService(aftersales.ServiceConfig{Cases: aftersalestest.NewStore(),
		Ledgers: aftersalestest.NewLedgerStore(), Policies: shopkit.Always("v1", policy(t)),
		Clock: aftersalestest.NewClock(t0(t)).Now})
	require.NoError(t, err)
}

package aftersales_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R3.3: the Kuaishou after-sales rule revision is in force from
// 2022-09-30 00:00 Asia/Shanghai ("本规则于2022年9月30日生效"): 1 ns before,
// no version is in force and no case opens; at it, a case opens under
// DefaultPolicy and records the version. A host prepends its own earlier
// version for older conduct.
func TestKuaishouPoliciesFrom20220930_R0_3_R3_3(t *testing.T) {
	from := time.Date(2022, 9, 30, 0, 0, 0, 0, shanghai(t))
	s := aftersales.KuaishouPolicies()
	_, err := s.At(from.Add(-time.Nanosecond))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	v, err := s.At(from)
	require.NoError(t, err)
	assert.Equal(t, aftersales.KuaishouAfterSalesVersion, v.Name)
	assert.Equal(t, aftersales.DefaultPolicy().MerchantResponse, v.Policy.MerchantResponse)

	f := newFixtureWith(t, func(c *aftersales.ServiceConfig) { c.Policy, c.Policies = aftersales.Policy{}, s })
	f.clock.Set(from.Add(-time.Nanosecond))
	_, err = f.svc.Open(f.ctx, sampleOrder(from.Add(-24*time.Hour)), aftersales.Application{Kind: aftersales.RefundOnly,
		Lines: []aftersales.LineQty{{Line: 1, Units: 1}}, Reason: aftersales.Quality, BuyerID: buyer.ID})
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	f.clock.Set(from)
	c := f.open(t, sampleOrder(from.Add(-24*time.Hour)), aftersales.RefundOnly)
	assert.Equal(t, aftersales.KuaishouAfterSalesVersion, c.PolicyVersion())

	host, err := shopkit.NewSchedule(append(s.Versions(), shopkit.Version[aftersales.Policy]{Name: "host-before", Policy: policy(t)})...)
	require.NoError(t, err)
	v, err = host.At(from.Add(-time.Nanosecond))
	require.NoError(t, err)
	assert.Equal(t, "host-before", v.Name)
	v, err = host.At(from)
	require.NoError(t, err)
	assert.Equal(t, aftersales.KuaishouAfterSalesVersion, v.Name)
}

// R0.3, R3.8: the Kuaishou local-life after-sales rule is in force from
// 2022-12-22 00:00 Asia/Shanghai ("于2022年12月22日生效"): 1 ns before, no
// voucher case opens; at it, one opens and records the version.
func TestKuaishouLocalLifePoliciesFrom20221222_R0_3_R3_8(t *testing.T) {
	from := time.Date(2022, 12, 22, 0, 0, 0, 0, shanghai(t))
	s := aftersales.KuaishouLocalLifePolicies()
	_, err := s.At(from.Add(-time.Nanosecond))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	v, err := s.At(from)
	require.NoError(t, err)
	assert.Equal(t, aftersales.KuaishouLocalLifeVersion, v.Name)
	assert.Equal(t, 7, v.Policy.VoucherRefundWorkingDays)

	f := newFixtureWith(t, func(c *aftersales.ServiceConfig) { c.Policy, c.Policies = aftersales.Policy{}, s })
	f.clock.Set(from.Add(-time.Nanosecond))
	_, err = f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, from.Add(30*24*time.Hour))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	f.clock.Set(from)
	c, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, from.Add(30*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, aftersales.KuaishouLocalLifeVersion, c.PolicyVersion())
}

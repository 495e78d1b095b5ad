package merchant_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// submitVia registers, completes and submits an application through svc.
func submitVia(t *testing.T, svc *merchant.Service, reg merchant.Registration, now time.Time) *merchant.Merchant {
	t.Helper()
	ctx := context.Background()
	m, err := svc.Register(ctx, shopkit.Actor{Role: shopkit.Merchant, ID: reg.ID.String()}, reg,
		merchant.EmailVerification{Token: mtToken, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	by := shopkit.Actor{Role: shopkit.Merchant, ID: reg.ID.String()}
	require.NoError(t, svc.VerifyEmail(ctx, m.ID(), by, mtToken))
	require.NoError(t, svc.UpdateProfile(ctx, m.ID(), by, mtCompanyProfile()))
	require.NoError(t, svc.ChooseCategories(ctx, m.ID(), by, []string{"维修"}))
	require.NoError(t, svc.Submit(ctx, m.ID(), by))
	got, err := svc.Get(ctx, m.ID())
	require.NoError(t, err)
	return got
}

// R0.3, R1.1, R1.2: an application submitted 1 ns before a new review policy's
// From keeps the old deadline (4 weeks elapsed) after the change, through a
// sweep and a JSON round trip; one submitted exactly at From is reviewed under
// the new version (3 working days).
func TestReviewPolicyVersionAtSubmission_R0_3_R1_2(t *testing.T) {
	loc := mtShanghai(t)
	from := time.Date(2026, 9, 30, 15, 0, 0, 0, loc)
	old := merchant.DefaultCrossBorderMarketplaceConfig().ReviewPolicy()
	sched, err := shopkit.NewSchedule(
		shopkit.Version[merchant.Policy]{Name: "review-old", Policy: old},
		shopkit.Version[merchant.Policy]{Name: "review-new", From: from, Policy: merchant.DefaultPolicy()})
	require.NoError(t, err)
	now := from.Add(-time.Nanosecond)
	store := merchanttest.NewStore()
	svc, err := merchant.NewService(merchant.ServiceConfig{Store: store, Policies: sched,
		Calendar: merchantTestCalendar(t), Clock: func() time.Time { return now }})
	require.NoError(t, err)
	assert.Equal(t, old, svc.Policy())

	reg := mtRegistration()
	before := submitVia(t, svc, reg, now)
	now = from
	reg2 := mtRegistration()
	reg2.ID = uuid.MustParse("6f1d2c3b-0000-4000-8000-0000000000a2")
	reg2.Email = "lisi@example.com"
	atFrom := submitVia(t, svc, reg2, now)
	assert.Equal(t, merchant.DefaultPolicy(), svc.Policy())

	assert.Equal(t, "review-old", before.PolicyVersion())
	assert.Equal(t, "review-new", atFrom.PolicyVersion())
	due, _ := before.Deadline()
	assert.True(t, from.Add(-time.Nanosecond).Add(4*7*24*time.Hour).Equal(due), due)
	due, _ = atFrom.Deadline()
	assert.True(t, time.Date(2026, 10, 11, 0, 0, 0, 0, loc).Equal(due), "3 working days, got %v", due)

	now = time.Date(2026, 10, 12, 0, 0, 0, 0, loc) // after the new deadline only
	_, err = svc.Sweep(context.Background())
	require.NoError(t, err)
	got, err := svc.Get(context.Background(), before.ID())
	require.NoError(t, err)
	assert.Equal(t, merchant.MerchantUnderReview, got.State(), "a later version never moves a pending review's deadline")
	got2, err := svc.Get(context.Background(), atFrom.ID())
	require.NoError(t, err)
	assert.Equal(t, merchant.MerchantReviewOverdue, got2.State())

	b, err := json.Marshal(got.Snapshot())
	require.NoError(t, err)
	var snap merchant.Snapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	back, err := merchant.RestoreMerchant(snap)
	require.NoError(t, err)
	assert.Equal(t, "review-old", back.PolicyVersion())
}

// R0.3: before the first version nothing is submitted; a plain Policy and a
// direct Merchant.Submit record no version; a snapshot without the field
// restores with "".
func TestReviewPolicyVersionEdges_R0_3(t *testing.T) {
	loc := mtShanghai(t)
	now := time.Date(2026, 9, 30, 15, 0, 0, 0, loc)
	late, err := shopkit.NewSchedule(shopkit.Version[merchant.Policy]{Name: "late", From: now.Add(time.Nanosecond), Policy: merchant.DefaultPolicy()})
	require.NoError(t, err)
	svc, err := merchant.NewService(merchant.ServiceConfig{Store: merchanttest.NewStore(), Policies: late,
		Calendar: merchantTestCalendar(t), Clock: func() time.Time { return now }})
	require.NoError(t, err)
	ctx := context.Background()
	m, err := svc.Register(ctx, mtApplicant, mtRegistration(), merchant.EmailVerification{Token: mtToken, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	require.NoError(t, svc.VerifyEmail(ctx, m.ID(), mtApplicant, mtToken))
	require.NoError(t, svc.UpdateProfile(ctx, m.ID(), mtApplicant, mtCompanyProfile()))
	require.NoError(t, svc.ChooseCategories(ctx, m.ID(), mtApplicant, []string{"维修"}))
	err = svc.Submit(ctx, m.ID(), mtApplicant)
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	got, err := svc.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, merchant.MerchantDraft, got.State(), "nothing changed")

	direct := mtSubmitted(t, now)
	assert.Empty(t, direct.PolicyVersion())
	b, err := json.Marshal(direct.Snapshot())
	require.NoError(t, err)
	assert.NotContains(t, string(b), "PolicyVersion")
}

// R1.1: exactly one of Policy and Policies; every version is validated.
func TestNewServiceValidatesPolicies_R1_1(t *testing.T) {
	good := shopkit.Always("v1", merchant.DefaultPolicy())
	badSched, err := shopkit.NewSchedule(shopkit.Version[merchant.Policy]{Name: "a", Policy: merchant.DefaultPolicy()},
		shopkit.Version[merchant.Policy]{Name: "b", From: time.Unix(0, 0), Policy: merchant.Policy{}})
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		policy merchant.Policy
		sched  shopkit.Schedule[merchant.Policy]
		field  string
	}{
		{"both", merchant.DefaultPolicy(), good, "policies"},
		{"unnamed", merchant.Policy{}, shopkit.Always("", merchant.DefaultPolicy()), "policies.versions[0].name"},
		{"invalid version", merchant.Policy{}, badSched, "policies.versions[1].policy.review_working_days"},
		{"neither", merchant.Policy{}, shopkit.Schedule[merchant.Policy]{}, "policy.review_working_days"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := merchant.NewService(merchant.ServiceConfig{Store: merchanttest.NewStore(), Policy: tc.policy,
				Policies: tc.sched, Calendar: merchantTestCalendar(t), Clock: time.Now})
			assert.Nil(t, svc)
			assert.Equal(t, merchant.CodeInvalidConfig, shopkit.CodeOf(err))
			var v *shopkit.ValidationError
			require.ErrorAs(t, err, &v)
			var fields []string
			for _, p := range v.Problems {
				fields = append(fields, p.Field)
			}
			assert.Contains(t, fields, tc.field)
		})
	}
}

// R0.3, R1.2: the Kuaishou import admission rules are in force from
// 2023-07-06 00:00 Asia/Shanghai (快手进口电商招商管理规则 6.4): 1 ns before,
// no version is in force; at it, the import rules, which pass a qualifying
// importer. A host prepends its own earlier version for older conduct.
func TestKuaishouImportRulesFrom20230706_R0_3_R1_2(t *testing.T) {
	rules, err := merchant.KuaishouImportRules(merchant.DefaultCrossBorderImportConfig())
	require.NoError(t, err)
	from := time.Date(2023, 7, 6, 0, 0, 0, 0, mtShanghai(t))
	_, err = rules.At(from.Add(-time.Nanosecond))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	v, err := rules.At(from)
	require.NoError(t, err)
	assert.Equal(t, merchant.KuaishouImportVersion, v.Name)
	assert.True(t, merchant.Evaluate(v.Policy, mtImporter(), mtImportNow).Passed)
	assert.Len(t, v.Policy, len(mtImportRules(t)))

	earlier, err := shopkit.NewSchedule(append(rules.Versions(),
		shopkit.Version[[]merchant.AdmissionRule]{Name: "host-before", Policy: merchant.CompanyOnly()})...)
	require.NoError(t, err)
	v, err = earlier.At(from.Add(-time.Nanosecond))
	require.NoError(t, err)
	assert.Equal(t, "host-before", v.Name)

	_, err = merchant.KuaishouImportRules(merchant.CrossBorderImportConfig{})
	assert.Error(t, err)
}

package merchant_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R1.2 cross-border marketplace (OTTO-like): "等待OTTO在2-4周内审核". The review
// deadline is ReviewMax (4 weeks, elapsed time) after submission: a decision
// exactly at it is in time, one nanosecond later the review is overdue, stamped
// with the deadline (R0.3, R2.9). Not 3 working days (R1.1).
func TestOTTOReviewDeadlineIsReviewMax_R1_2(t *testing.T) {
	cfg := merchant.DefaultCrossBorderMarketplaceConfig()
	policy := cfg.ReviewPolicy()
	require.NoError(t, policy.Validate())
	at := time.Date(2026, 9, 30, 15, 0, 0, 0, mtShanghai(t))
	m := mtDraft(t, at)
	require.NoError(t, m.Submit(mtApplicant, at, policy, merchantTestCalendar(t)))
	due := at.Add(4 * 7 * 24 * time.Hour)
	got, ok := m.Deadline()
	require.True(t, ok)
	assert.True(t, due.Equal(got), "4 weeks after submission, got %v", got)

	assert.False(t, m.ReviewOverdue(due), "exactly at the deadline: in time")
	require.Error(t, m.ApplyDue(due))
	assert.Equal(t, merchant.MerchantUnderReview, m.State())
	assert.True(t, m.ReviewOverdue(due.Add(time.Nanosecond)))
	require.NoError(t, m.ApplyDue(due.Add(time.Nanosecond)))
	assert.Equal(t, merchant.MerchantReviewOverdue, m.State())
	h := m.History()
	var last shopkit.Entry
	for _, e := range h {
		if e.Kind == shopkit.EntryChange {
			last = e
		}
	}
	assert.True(t, due.Equal(last.At), "stamped with the deadline, not the sweep")

	// Without a calendar: the OTTO deadline counts elapsed time.
	m2 := mtDraft(t, at)
	require.NoError(t, m2.Submit(mtApplicant, at, policy, nil))
	assert.Contains(t, merchant.MerchantDiagram(policy), "4 weeks")
}

// R1.2 OTTO: ReviewMin (2 weeks) is when an answer may first be expected, not
// a rule — the source sets no earliest decision — so a decision one day after
// submission, before ReviewMin, is allowed.
func TestOTTODecisionBeforeReviewMinAllowed_R1_2(t *testing.T) {
	cfg := merchant.DefaultCrossBorderMarketplaceConfig()
	at := time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC)
	m := mtDraft(t, at)
	require.NoError(t, m.Submit(mtApplicant, at, cfg.ReviewPolicy(), nil))
	early := at.Add(24 * time.Hour)
	require.Less(t, early.Sub(at), cfg.ReviewMin)
	require.NoError(t, m.Approve(mtReviewer, early, merchant.Terms{Deposit: shopkit.CNY(0), CommissionPlanID: "p1"}, ""))
	assert.True(t, m.Active())
}

// R0.3: an application keeps the deadline of the policy in force when it was
// submitted; the default policy still gives 3 working days (R1.1), and a
// negative ReviewWithin is invalid.
func TestReviewPolicyAtSubmission_R0_3_R1_2(t *testing.T) {
	loc := mtShanghai(t)
	at := time.Date(2026, 9, 30, 15, 0, 0, 0, loc)
	m := mtDraft(t, at)
	require.NoError(t, m.Submit(mtApplicant, at, merchant.DefaultPolicy(), merchantTestCalendar(t)))
	due, _ := m.Deadline()
	assert.True(t, time.Date(2026, 10, 11, 0, 0, 0, 0, loc).Equal(due), "3 working days, got %v", due)

	err := merchant.Policy{ReviewWithin: -time.Nanosecond}.Validate()
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "review_within", ve.Field)
	assert.Error(t, mtDraft(t, at).Submit(mtApplicant, at, merchant.DefaultPolicy(), nil), "working days need a calendar")
}

// gpFacts is a shop meeting every condition of R1.2 global purchase at
// mtAdmissionNow, conditions 5 and 6 included.
func gpFacts() merchant.AdmissionFacts { return mtGlobalPurchaseShop() }

// R1.2 global purchase, conditions 5 and 6: host-supplied facts, each a rule
// with its code. A past counterfeit penalty fails condition 5 however old
// ("杜绝假货(含历史处罚)").
func TestGlobalPurchaseConditions5And6_R1_2(t *testing.T) {
	rules := mtGlobalPurchaseRules(t)
	for _, c := range []struct {
		name   string
		change func(f *merchant.AdmissionFacts)
		code   string
		reason string
	}{
		{"buyer preference unmet", func(f *merchant.AdmissionFacts) { f.BuyerPreferenceMet = false },
			merchant.CodeAdmissionBuyerPreference, "buyer-preference"},
		{"past counterfeit penalty", func(f *merchant.AdmissionFacts) { f.CounterfeitPenaltyHistory = true },
			merchant.CodeAdmissionBuyerPreference, "counterfeits"},
		{"operating requirements unmet", func(f *merchant.AdmissionFacts) { f.OperatingRequirementsMet = false },
			merchant.CodeAdmissionOperatingRequirements, "operating requirements"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := gpFacts()
			c.change(&f)
			rep := merchant.Evaluate(rules, f, mtAdmissionNow)
			assert.Equal(t, []string{c.code}, rep.FailedCodes())
			assert.Contains(t, rep.Failed()[0].Reason, c.reason)
		})
	}
	assert.True(t, merchant.Evaluate(rules, gpFacts(), mtAdmissionNow).Passed)
}

// gpActive returns an active merchant, approved at at.
func gpActive(t *testing.T, at time.Time) *merchant.Merchant {
	t.Helper()
	m := mtDraft(t, at)
	require.NoError(t, m.Submit(mtApplicant, at, merchant.DefaultPolicy(), merchantTestCalendar(t)))
	require.NoError(t, m.Approve(mtReviewer, at, merchant.Terms{Deposit: shopkit.CNY(0), CommissionPlanID: "p1"}, ""))
	return m
}

func gpChanges(m *merchant.Merchant) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range m.History() {
		if e.Kind == shopkit.EntryChange && (e.Action == string(merchant.MerchantTagGlobalPurchase) ||
			e.Action == string(merchant.MerchantUntagGlobalPurchase)) {
			out = append(out, e)
		}
	}
	return out
}

// R1.2 global purchase ("系统每天…打标"): the evaluation tags and untags an active
// merchant, each recorded by the system with its reasons (R0.4); an
// evaluation that changes nothing records nothing; the next falls due exactly
// EvaluateEvery after the last, indexed through Deadline; a merchant that is
// not active is not evaluated.
func TestGlobalPurchaseEvaluationTagsAndUntags_R1_2(t *testing.T) {
	cfg := merchant.DefaultGlobalPurchaseTagConfig()
	at := mtAdmissionNow
	m := gpActive(t, at)
	_, ok := m.Deadline()
	assert.False(t, ok, "nothing scheduled before the first evaluation")

	rep, err := m.EvaluateGlobalPurchase(at, cfg, gpFacts())
	require.NoError(t, err)
	require.True(t, rep.Passed)
	assert.True(t, m.GlobalPurchaseTagged())
	next, ok := m.Deadline()
	require.True(t, ok)
	assert.True(t, at.Add(24*time.Hour).Equal(next))
	n2, _ := m.NextEvaluation()
	assert.True(t, next.Equal(n2))
	ch := gpChanges(m)
	require.Len(t, ch, 1)
	assert.Equal(t, shopkit.System, ch[0].Role)
	assert.Contains(t, ch[0].Reason, merchant.CodeAdmissionOperatingRequirements)

	_, err = m.EvaluateGlobalPurchase(next, cfg, gpFacts())
	require.NoError(t, err)
	assert.Len(t, gpChanges(m), 1, "still tagged: nothing recorded")

	f := gpFacts()
	f.CounterfeitPenaltyHistory = true
	later := next.Add(24 * time.Hour)
	_, err = m.EvaluateGlobalPurchase(later, cfg, f)
	require.NoError(t, err)
	assert.False(t, m.GlobalPurchaseTagged())
	ch = gpChanges(m)
	require.Len(t, ch, 2)
	assert.Equal(t, string(merchant.MerchantUntagGlobalPurchase), ch[1].Action)
	assert.True(t, later.Equal(ch[1].At))
	assert.True(t, strings.HasPrefix(ch[1].Reason, merchant.CodeAdmissionBuyerPreference+": "), ch[1].Reason)
	assert.Equal(t, string(merchant.MerchantActive), ch[1].From)
	assert.Equal(t, string(merchant.MerchantActive), ch[1].To)

	draft := mtDraft(t, at)
	_, err = draft.EvaluateGlobalPurchase(at, cfg, gpFacts())
	assert.Equal(t, merchant.CodeNotActive, shopkit.CodeOf(err))
	assert.True(t, errors.Is(err, shopkit.ErrNotAllowed))
	_, err = m.EvaluateGlobalPurchase(at, merchant.GlobalPurchaseTagConfig{}, gpFacts())
	assert.Equal(t, merchant.CodeInvalidAdmissionConfig, shopkit.CodeOf(err))
}

// R1.2 global purchase, periodic: a Service with GlobalPurchase schedules the
// first evaluation at activation and its sweep applies it; the next is not
// due one nanosecond before EvaluateEvery after the last evaluation and is due
// exactly then (R2.9: stamped with the scheduled instant). A late sweep
// evaluates once, at the latest scheduled instant. Facts failing leaves the
// merchant due.
func TestGlobalPurchaseSweep_R1_2(t *testing.T) {
	ctx := context.Background()
	cfg := merchant.DefaultGlobalPurchaseTagConfig()
	now := mtAdmissionNow
	facts := gpFacts()
	var factsErr error
	var asked []time.Time
	store := merchanttest.NewStore()
	svc, err := merchant.NewService(merchant.ServiceConfig{Store: store, Policy: merchant.DefaultPolicy(),
		Calendar: merchantTestCalendar(t), Clock: func() time.Time { return now },
		GlobalPurchase: &cfg,
		Facts: func(_ context.Context, _ *merchant.Merchant, at time.Time) (merchant.AdmissionFacts, error) {
			asked = append(asked, at)
			return facts, factsErr
		}})
	require.NoError(t, err)
	m, err := svc.Register(ctx, mtApplicant, mtRegistration(), merchant.EmailVerification{Token: mtToken, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	id := m.ID()
	require.NoError(t, svc.VerifyEmail(ctx, id, mtApplicant, mtToken))
	require.NoError(t, svc.UpdateProfile(ctx, id, mtApplicant, mtCompanyProfile()))
	require.NoError(t, svc.ChooseCategories(ctx, id, mtApplicant, []string{"维修"}))
	require.NoError(t, svc.Submit(ctx, id, mtApplicant))
	require.NoError(t, svc.Approve(ctx, id, mtReviewer, merchant.Terms{Deposit: shopkit.CNY(0), CommissionPlanID: "p1"}, ""))
	activated := now

	res, err := svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied, "first evaluation due at activation")
	got, err := svc.Get(ctx, id)
	require.NoError(t, err)
	assert.True(t, got.GlobalPurchaseTagged())

	facts.OperatingRequirementsMet = false
	now = activated.Add(cfg.EvaluateEvery - time.Nanosecond)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Applied, "one nanosecond before EvaluateEvery: not due")
	got, _ = svc.Get(ctx, id)
	assert.True(t, got.GlobalPurchaseTagged())

	now = activated.Add(cfg.EvaluateEvery)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied, "exactly EvaluateEvery after the last evaluation: due")
	got, _ = svc.Get(ctx, id)
	assert.False(t, got.GlobalPurchaseTagged())
	trail, err := store.Trail(ctx, id, 0, 100)
	require.NoError(t, err)
	var tags []shopkit.Entry
	for _, e := range trail {
		if e.Kind == shopkit.EntryChange && strings.HasSuffix(e.Action, "tag_global_purchase") {
			tags = append(tags, e)
		}
	}
	require.Len(t, tags, 2, "tag and untag, each in the trail")
	assert.Equal(t, string(merchant.MerchantTagGlobalPurchase), tags[0].Action)
	assert.True(t, activated.Equal(tags[0].At))
	assert.Equal(t, string(merchant.MerchantUntagGlobalPurchase), tags[1].Action)
	assert.True(t, activated.Add(cfg.EvaluateEvery).Equal(tags[1].At), "stamped with the scheduled instant")
	assert.Contains(t, tags[1].Reason, merchant.CodeAdmissionOperatingRequirements)
	next, _ := got.NextEvaluation()
	assert.True(t, activated.Add(2*cfg.EvaluateEvery).Equal(next))

	// Three and a half days late: one evaluation, at the latest missed instant.
	facts.OperatingRequirementsMet = true
	asked = nil
	now = next.Add(3*cfg.EvaluateEvery + 12*time.Hour)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	require.Len(t, asked, 1)
	assert.True(t, next.Add(3*cfg.EvaluateEvery).Equal(asked[0]))
	got, _ = svc.Get(ctx, id)
	assert.True(t, got.GlobalPurchaseTagged())
	n2, _ := got.NextEvaluation()
	assert.True(t, next.Add(4*cfg.EvaluateEvery).Equal(n2))

	factsErr = errors.New("facts service down")
	now = n2
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	require.Len(t, res.Failures, 1)
	got, _ = svc.Get(ctx, id)
	n3, _ := got.NextEvaluation()
	assert.True(t, n2.Equal(n3), "still due")

	factsErr = nil
	rep, err := svc.EvaluateGlobalPurchase(ctx, id)
	require.NoError(t, err)
	assert.True(t, rep.Passed)
}

// NewService checks the global-purchase settings: a valid config and a facts
// source (R1.2).
func TestServiceGlobalPurchaseConfig_R1_2(t *testing.T) {
	bad := merchant.GlobalPurchaseTagConfig{}
	_, err := merchant.NewService(merchant.ServiceConfig{Store: merchanttest.NewStore(), Policy: merchant.DefaultPolicy(),
		Calendar: merchantTestCalendar(t), Clock: time.Now, GlobalPurchase: &bad})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	fields := mtFields(ve)
	assert.Contains(t, fields, "facts")
	assert.Contains(t, fields, "global_purchase.evaluate_every")

	svc, err := merchant.NewService(merchant.ServiceConfig{Store: merchanttest.NewStore(), Policy: merchant.DefaultPolicy(),
		Calendar: merchantTestCalendar(t), Clock: time.Now})
	require.NoError(t, err)
	_, err = svc.EvaluateGlobalPurchase(context.Background(), mtID)
	assert.Equal(t, merchant.CodeInvalidConfig, shopkit.CodeOf(err))
}

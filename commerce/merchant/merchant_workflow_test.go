package merchant_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// merchantTestCalendar is the default calendar (Asia/Shanghai, Saturday and Sunday
// off) with the 2026 National Day holidays 2026-10-01 … 10-07 and the make-up
// working days 2026-09-27 (Sunday) and 2026-10-10 (Saturday): test data of the kind
// a host supplies.
func merchantTestCalendar(t testing.TB) *shopkit.Calendar {
	t.Helper()
	var holidays []shopkit.Date
	for d := mtDate(t, "2026-10-01"); !d.After(mtDate(t, "2026-10-07")); d = d.AddDays(1) {
		holidays = append(holidays, d)
	}
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays:   holidays,
		MakeUpDays: []shopkit.Date{mtDate(t, "2026-09-27"), mtDate(t, "2026-10-10")},
	})
	require.NoError(t, err)
	return cal
}

func mtDate(t testing.TB, s string) shopkit.Date {
	t.Helper()
	d, err := shopkit.ParseDate(s)
	require.NoError(t, err)
	return d
}

// mtShanghai is the calendar's zone.
func mtShanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

var (
	// mtID is the applicant's merchant ID: the applicant acts as that merchant
	// (Merchant.Parties).
	mtID        = uuid.MustParse("6f1d2c3b-0000-4000-8000-0000000000a1")
	mtApplicant = shopkit.Actor{Role: shopkit.Merchant, ID: mtID.String()}
	mtReviewer  = shopkit.Actor{Role: shopkit.Platform, ID: "reviewer-7"}
)

const mtToken = "tok-4f1c9a"

func mtRegistration() merchant.Registration {
	return merchant.Registration{ID: mtID, Name: "张三丰", Email: "zhangsan@example.com", Phone: "13812345678"}
}

func mtCompanyProfile() merchant.Profile {
	return merchant.Profile{
		Kind: merchant.MerchantCompany, Region: merchant.RegionMainland,
		LegalName: "福州示例科技有限公司", CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰",
		BusinessLicence: "doc:licence-1", TaxRegistration: "doc:tax-1",
		Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222 0212 3456 7890",
	}
}

// mtRegistered returns a newly registered merchant whose token expires 24 h after at.
func mtRegistered(t testing.TB, at time.Time) *merchant.Merchant {
	t.Helper()
	m, err := merchant.NewMerchant(mtApplicant, mtRegistration(),
		merchant.EmailVerification{Token: mtToken, ExpiresAt: at.Add(24 * time.Hour)}, at)
	require.NoError(t, err)
	return m
}

// mtDraft returns a verified draft with a complete company profile and categories.
func mtDraft(t testing.TB, at time.Time) *merchant.Merchant {
	t.Helper()
	m := mtRegistered(t, at)
	require.NoError(t, m.VerifyEmail(mtApplicant, at, mtToken))
	require.NoError(t, m.UpdateProfile(mtApplicant, at, mtCompanyProfile()))
	require.NoError(t, m.ChooseCategories(mtApplicant, at, []string{"家政服务", "维修"}))
	return m
}

// mtSubmitted returns an application submitted at at on merchantTestCalendar.
func mtSubmitted(t testing.TB, at time.Time) *merchant.Merchant {
	t.Helper()
	m := mtDraft(t, at)
	require.NoError(t, m.Submit(mtApplicant, at, merchant.DefaultPolicy(), merchantTestCalendar(t)))
	return m
}

// R1.1: the whole application flow — register, verify e-mail, complete profile,
// choose categories, submit, review, approve — with an audit entry for each step
// (R0.4), notify effects, and the deposit and commission plan of R1.3.
func TestMerchantApplicationFlow_R1_1(t *testing.T) {
	loc := mtShanghai(t)
	at := time.Date(2026, 9, 28, 10, 0, 0, 0, loc)
	m := mtSubmitted(t, at)
	assert.Equal(t, merchant.MerchantUnderReview, m.State())
	due, ok := m.Deadline()
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 10, 9, 0, 0, 0, 0, loc), due.In(loc),
		"Mon 09-28 + 3 working days: 09-29, 09-30, then the holiday week, then 10-08 ends at 10-09 00:00")
	assert.Equal(t, []merchant.Action{merchant.MerchantApprove, merchant.MerchantReject},
		m.AllowedActions(mtReviewer))
	assert.Empty(t, m.AllowedActions(mtApplicant))

	approvedAt := at.Add(26 * time.Hour)
	terms := merchant.Terms{Deposit: shopkit.CNY(1_000_000), CommissionPlanID: "plan-services-5.5"}
	require.NoError(t, m.Approve(mtReviewer, approvedAt, terms, "documents in order"))
	assert.True(t, m.Active())
	assert.Equal(t, terms, m.Terms(), "R1.3: deposit and commission plan")
	act, ok := m.ActivatedAt()
	require.True(t, ok)
	assert.Equal(t, approvedAt, act)
	_, ok = m.Deadline()
	assert.False(t, ok, "an active merchant waits on nothing")
	assert.True(t, m.State().Terminal())

	var actions []string
	var notes, effectIDs []string
	for i, e := range m.History() {
		require.Equal(t, i+1, e.Seq, "R0.4: entries are numbered from 1")
		switch e.Kind {
		case shopkit.EntryChange:
			actions = append(actions, e.Action)
		case shopkit.EntryEffect:
			notes = append(notes, e.Effect.Party+" "+e.Effect.Note)
			effectIDs = append(effectIDs, e.Effect.ID)
		}
	}
	assert.Equal(t, []string{"register", "verify_email", "update_profile", "choose_categories", "submit", "approve"}, actions)
	id := m.ID().String()
	assert.Equal(t, []string{"merchant:" + id + " verify_email", "platform review_requested", "merchant:" + id + " approved"}, notes)
	// Effects carry the stable ID "<merchant id>#<seq>", so an outbox delivers each
	// at least once and a host can drop repeats (R0.4).
	assert.Equal(t, []string{id + "#2", id + "#7", id + "#9"}, effectIDs)
	last := m.History()[len(m.History())-2]
	assert.Equal(t, shopkit.Entry{Seq: 8, Kind: shopkit.EntryChange, At: approvedAt, Role: shopkit.Platform, Actor: "reviewer-7",
		Action: "approve", From: "under_review", To: "active", Reason: "documents in order"}, last, "R0.4: who, when, from, to, why")
}

// R1.1, R0.3: the review is due at the end of the 3rd working day, counted across
// the National Day holidays and onto the make-up Saturday.
func TestMerchantReviewDeadline_R1_1(t *testing.T) {
	require.Equal(t, 3, merchant.DefaultPolicy().ReviewWorkingDays, "R1.1: 3 working days")
	loc := mtShanghai(t)
	cases := []struct {
		name      string
		submitted time.Time
		due       time.Time
	}{
		{"holiday week and make-up Saturday", time.Date(2026, 9, 30, 15, 0, 0, 0, loc), time.Date(2026, 10, 11, 0, 0, 0, 0, loc)},
		{"submitted on the make-up Sunday", time.Date(2026, 9, 27, 23, 59, 0, 0, loc), time.Date(2026, 10, 1, 0, 0, 0, 0, loc)},
		{"submitted on a Saturday", time.Date(2026, 9, 26, 9, 0, 0, 0, loc), time.Date(2026, 9, 30, 0, 0, 0, 0, loc)},
		{"submitted during the holiday", time.Date(2026, 10, 3, 12, 0, 0, 0, loc), time.Date(2026, 10, 11, 0, 0, 0, 0, loc)},
		{"plain week", time.Date(2026, 11, 2, 8, 0, 0, 0, loc), time.Date(2026, 11, 6, 0, 0, 0, 0, loc)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mtSubmitted(t, c.submitted)
			due, ok := m.Deadline()
			require.True(t, ok)
			assert.True(t, c.due.Equal(due), "want %s, got %s", c.due, due.In(loc))
			rd, ok := m.ReviewDue()
			require.True(t, ok)
			assert.True(t, due.Equal(rd))
		})
	}
}

// R1.1, R2.9: at exactly the review deadline nothing is due and the review is not
// overdue; 1 ns later the sweep marks it overdue, stamped with the deadline, and it
// is listable as overdue. The platform can still decide afterwards.
func TestMerchantReviewOverdue_R1_1(t *testing.T) {
	loc := mtShanghai(t)
	m := mtSubmitted(t, time.Date(2026, 9, 30, 15, 0, 0, 0, loc))
	due, _ := m.Deadline()

	assert.False(t, m.ReviewOverdue(due), "exactly at the deadline is in time")
	err := m.ApplyDue(due)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
	assert.Equal(t, merchant.MerchantUnderReview, m.State())

	assert.True(t, m.ReviewOverdue(due.Add(time.Nanosecond)), "1 ns after the deadline is late")
	n := len(m.History())
	require.NoError(t, m.ApplyDue(due.Add(5*time.Hour)))
	assert.Equal(t, merchant.MerchantReviewOverdue, m.State())
	h := m.History()[n:]
	require.Len(t, h, 2)
	assert.Equal(t, shopkit.System, h[0].Role)
	assert.Equal(t, "mark_overdue", h[0].Action)
	assert.True(t, due.Equal(h[0].At), "stamped with the deadline, not the sweep time")
	assert.Equal(t, "review_overdue", h[1].Effect.Note)
	_, waiting := m.Deadline()
	assert.False(t, waiting, "marked overdue: nothing more is due")
	require.ErrorIs(t, m.ApplyDue(due.Add(10*time.Hour)), shopkit.ErrConflict, "applying twice is harmless")
	assert.True(t, m.ReviewOverdue(due.Add(10*time.Hour)))

	require.NoError(t, m.Reject(mtReviewer, due.Add(6*time.Hour), []string{"licence expired"}))
	assert.Equal(t, []string{"licence expired"}, m.RejectionReasons())
}

// R1.1: the service sweeps overdue reviews on the in-memory store and lists them.
func TestMerchantServiceOverdueReviews_R1_1(t *testing.T) {
	ctx := context.Background()
	loc := mtShanghai(t)
	now := time.Date(2026, 9, 30, 15, 0, 0, 0, loc)
	svc, err := merchant.NewService(merchant.ServiceConfig{Store: merchanttest.NewStore(), Policy: merchant.DefaultPolicy(),
		Calendar: merchantTestCalendar(t), Clock: func() time.Time { return now }})
	require.NoError(t, err)

	m, err := svc.Register(ctx, mtApplicant, mtRegistration(), merchant.EmailVerification{Token: mtToken, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	id := m.ID()
	require.NoError(t, svc.VerifyEmail(ctx, id, mtApplicant, mtToken))
	require.NoError(t, svc.UpdateProfile(ctx, id, mtApplicant, mtCompanyProfile()))
	require.NoError(t, svc.ChooseCategories(ctx, id, mtApplicant, []string{"维修"}))
	require.NoError(t, svc.Submit(ctx, id, mtApplicant))

	now = time.Date(2026, 10, 11, 0, 0, 0, 0, loc) // exactly the deadline
	list, err := svc.OverdueReviews(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, list)
	res, err := svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Applied)

	now = now.Add(time.Nanosecond)
	list, err = svc.OverdueReviews(ctx, 10)
	require.NoError(t, err)
	require.Len(t, list, 1, "listable before any sweep")
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	got, err := svc.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, merchant.MerchantReviewOverdue, got.State())
	list, err = svc.OverdueReviews(ctx, 10)
	require.NoError(t, err)
	require.Len(t, list, 1, "still listable after the sweep")

	require.NoError(t, svc.Approve(ctx, id, mtReviewer, merchant.Terms{Deposit: shopkit.CNY(0), CommissionPlanID: "p1"}, ""))
	list, err = svc.OverdueReviews(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, list)
}

// R1.1: the verification token works up to and including its expiry; a wrong token
// and an expired one are distinct typed errors that change nothing.
func TestMerchantVerifyEmail_R1_1(t *testing.T) {
	at := time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC)
	expiry := at.Add(24 * time.Hour)

	m := mtRegistered(t, at)
	before := m.Snapshot()
	err := m.VerifyEmail(mtApplicant, at, "tok-guess")
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, merchant.CodeTokenMismatch, shopkit.CodeOf(err))
	err = m.VerifyEmail(mtApplicant, at, "")
	assert.Equal(t, merchant.CodeTokenMismatch, shopkit.CodeOf(err))

	err = m.VerifyEmail(mtApplicant, expiry.Add(time.Nanosecond), mtToken)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, merchant.CodeTokenExpired, shopkit.CodeOf(err))
	assert.Equal(t, before, m.Snapshot(), "a failed verification changes nothing")

	require.NoError(t, m.VerifyEmail(mtApplicant, expiry, mtToken), "exactly at the expiry the token works")
	assert.Equal(t, merchant.MerchantDraft, m.State())
	v, ok := m.EmailVerifiedAt()
	assert.True(t, ok)
	assert.Equal(t, expiry, v)
	assert.Empty(t, m.Snapshot().TokenHash, "the used token is forgotten")

	// A new token replaces the old one.
	m = mtRegistered(t, at)
	require.NoError(t, m.ResendVerification(mtApplicant, at.Add(25*time.Hour),
		merchant.EmailVerification{Token: "tok-new", ExpiresAt: at.Add(48 * time.Hour)}))
	assert.Equal(t, merchant.CodeTokenMismatch, shopkit.CodeOf(m.VerifyEmail(mtApplicant, at.Add(26*time.Hour), mtToken)))
	require.NoError(t, m.VerifyEmail(mtApplicant, at.Add(26*time.Hour), "tok-new"))
	assert.NotContains(t, m.Snapshot().TokenHash, mtToken, "only a digest of the token is kept")
}

// R1.1: registration checks name, e-mail, phone and the token and lists every bad
// field at once.
func TestNewMerchantValidation_R1_1(t *testing.T) {
	at := time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC)
	_, err := merchant.NewMerchant(mtApplicant, merchant.Registration{Name: " ", Email: "no-at.example.com", Phone: "12a"},
		merchant.EmailVerification{Token: "", ExpiresAt: at}, at)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidRegistration, ve.Code())
	assert.Equal(t, []string{"name", "email", "phone", "verification.token", "verification.expires_at"}, mtFields(ve))

	_, err = merchant.NewMerchant(mtReviewer, mtRegistration(), merchant.EmailVerification{Token: "t", ExpiresAt: at.Add(time.Hour)}, at)
	var te *shopkit.TransitionError
	require.ErrorAs(t, err, &te, "only the applicant registers")
	assert.True(t, te.WrongRole)

	for _, email := range []string{"a@b", "@b.cn", "a@b.cn.", "a b@c.cn", "a@@b.cn"} {
		_, err := merchant.NewMerchant(mtApplicant, merchant.Registration{Name: "n", Email: email, Phone: "13812345678"},
			merchant.EmailVerification{Token: "t", ExpiresAt: at.Add(time.Hour)}, at)
		assert.ErrorIs(t, err, shopkit.ErrInvalid, email)
	}
	for _, phone := range []string{"1234", "+86 138-1234-5678", "010-12345678"} {
		_, err := merchant.NewMerchant(mtApplicant, merchant.Registration{Name: "n", Email: "a@b.cn", Phone: phone},
			merchant.EmailVerification{Token: "t", ExpiresAt: at.Add(time.Hour)}, at)
		if phone == "1234" {
			assert.ErrorIs(t, err, shopkit.ErrInvalid)
		} else {
			assert.NoError(t, err, phone)
		}
	}
}

func mtFields(ve *shopkit.ValidationError) []string {
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

// R1.1: submitting an incomplete application returns one ValidationError listing
// every missing field, and changes nothing.
func TestMerchantSubmitIncomplete_R1_1(t *testing.T) {
	at := time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC)
	cal := merchantTestCalendar(t)
	cases := []struct {
		name    string
		profile merchant.Profile
		cats    []string
		want    []string
	}{
		{"nothing given", merchant.Profile{}, nil, []string{"profile.kind", "profile.region", "profile.legal_name",
			"profile.address", "profile.bank_account", "categories"}},
		{"company without documents", merchant.Profile{Kind: merchant.MerchantCompany, Region: merchant.RegionMainland,
			LegalName: "某公司"}, []string{"维修"}, []string{"profile.credit_code", "profile.legal_representative",
			"profile.business_licence", "profile.tax_registration", "profile.address", "profile.bank_account"}},
		{"individual without ID", merchant.Profile{Kind: merchant.MerchantIndividual, Region: merchant.RegionMainland,
			LegalName: "李四", Address: "北京市朝阳区建国路88号", BankAccount: "6222021234567890"}, []string{"维修"},
			[]string{"profile.id_number", "profile.id_document"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mtRegistered(t, at)
			require.NoError(t, m.VerifyEmail(mtApplicant, at, mtToken))
			require.NoError(t, m.UpdateProfile(mtApplicant, at, c.profile))
			if c.cats != nil {
				require.NoError(t, m.ChooseCategories(mtApplicant, at, c.cats))
			}
			before := m.Snapshot()
			err := m.Submit(mtApplicant, at, merchant.DefaultPolicy(), cal)
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, merchant.CodeIncompleteApplication, ve.Code())
			assert.Equal(t, c.want, mtFields(ve))
			for _, f := range c.want {
				assert.Contains(t, err.Error(), f, "the message names each field")
			}
			assert.Equal(t, before, m.Snapshot(), "bad input changes nothing")
		})
	}
}

// R1.1: a mainland company's credit code is checked when the profile is saved; a
// wrong check character is an error naming profile.credit_code and saves nothing.
// Overseas registration numbers are not unified social credit codes.
func TestMerchantProfileCreditCode_R1_1(t *testing.T) {
	at := time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC)
	m := mtRegistered(t, at)
	require.NoError(t, m.VerifyEmail(mtApplicant, at, mtToken))
	p := mtCompanyProfile()
	p.CreditCode = "91350100M000100Y44"
	err := m.UpdateProfile(mtApplicant, at, p)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeCreditCodeCheck, ve.Code())
	assert.Equal(t, "profile.credit_code", ve.Field)
	assert.Equal(t, merchant.Profile{}, m.Profile())

	p.Region = merchant.RegionHongKong
	p.CreditCode = "CR-1234567"
	require.NoError(t, m.UpdateProfile(mtApplicant, at, p), "a Hong Kong registration number is not checked as a USCC")

	p = mtCompanyProfile()
	p.Kind = "partnership"
	err = m.UpdateProfile(mtApplicant, at, p)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidProfile, ve.Code())
	assert.Equal(t, "profile.kind", ve.Field)
}

// R1.1: every transition is checked: a wrong state or a wrong role is a
// TransitionError naming state and action, and changes nothing.
func TestMerchantTransitionsChecked_R1_1(t *testing.T) {
	at := time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC)
	cal := merchantTestCalendar(t)
	pol := merchant.DefaultPolicy()
	terms := merchant.Terms{Deposit: shopkit.CNY(100), CommissionPlanID: "p"}
	cases := []struct {
		name      string
		m         func(t testing.TB) *merchant.Merchant
		act       func(m *merchant.Merchant) error
		state     string
		action    string
		wrongRole bool
	}{
		{"submit before verifying", func(t testing.TB) *merchant.Merchant { return mtRegistered(t, at) },
			func(m *merchant.Merchant) error { return m.Submit(mtApplicant, at, pol, cal) }, "registered", "submit", false},
		{"applicant approves itself", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error { return m.Approve(mtApplicant, at, terms, "") }, "under_review", "approve", true},
		{"applicant rejects itself", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error { return m.Reject(mtApplicant, at, []string{"x"}) }, "under_review", "reject", true},
		{"approve a draft", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.Approve(mtReviewer, at, terms, "") }, "draft", "approve", false},
		{"edit under review", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error {
				return m.UpdateProfile(mtApplicant, at, merchant.Profile{})
			}, "under_review", "update_profile", false},
		{"withdraw under review", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error { return m.Withdraw(mtApplicant, at, "") }, "under_review", "withdraw", false},
		{"verify twice", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.VerifyEmail(mtApplicant, at, mtToken) }, "draft", "verify_email", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.m(t)
			before := m.Snapshot()
			err := c.act(m)
			var te *shopkit.TransitionError
			require.ErrorAs(t, err, &te)
			require.ErrorIs(t, err, shopkit.ErrNotAllowed)
			assert.Equal(t, merchant.WorkflowName, te.Workflow)
			assert.Equal(t, c.state, te.State)
			assert.Equal(t, c.action, te.Action)
			assert.Equal(t, c.wrongRole, te.WrongRole)
			assert.Equal(t, before, m.Snapshot())
		})
	}
}

// R1.1: a rejection needs reasons; the applicant edits and resubmits, and the new
// submission gets a new review deadline and clears the old reasons.
func TestMerchantRejectEditResubmit_R1_1(t *testing.T) {
	loc := mtShanghai(t)
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, loc)
	cal := merchantTestCalendar(t)
	m := mtSubmitted(t, at)

	for _, reasons := range [][]string{nil, {}, {"ok", "  "}} {
		err := m.Reject(mtReviewer, at, reasons)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, merchant.CodeReasonsRequired, shopkit.CodeOf(err))
	}
	assert.Equal(t, merchant.MerchantUnderReview, m.State())

	require.NoError(t, m.Reject(mtReviewer, at.Add(time.Hour), []string{"营业执照不清晰", "税务登记缺失"}))
	assert.Equal(t, merchant.MerchantRejected, m.State())
	assert.Equal(t, []merchant.Action{merchant.MerchantEdit, merchant.MerchantWithdraw}, m.AllowedActions(mtApplicant))
	assert.Equal(t, "营业执照不清晰; 税务登记缺失", m.History()[len(m.History())-2].Reason)

	require.NoError(t, m.Edit(mtApplicant, at.Add(2*time.Hour)))
	p := m.Profile()
	p.BusinessLicence = "doc:licence-2"
	require.NoError(t, m.UpdateProfile(mtApplicant, at.Add(2*time.Hour), p))
	resubmitted := time.Date(2026, 11, 5, 9, 0, 0, 0, loc) // Thursday
	require.NoError(t, m.Submit(mtApplicant, resubmitted, merchant.DefaultPolicy(), cal))
	due, _ := m.Deadline()
	assert.Equal(t, time.Date(2026, 11, 11, 0, 0, 0, 0, loc), due.In(loc), "Thu + 3 working days: Fri, Mon, Tue ends at Wed 00:00")
	assert.Empty(t, m.RejectionReasons())
}

// R1.3: approval needs a commission plan and a deposit that is not negative.
func TestMerchantApproveTerms_R1_3(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtSubmitted(t, at)
	err := m.Approve(mtReviewer, at, merchant.Terms{Deposit: shopkit.CNY(-1)}, "")
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidTerms, ve.Code())
	assert.Equal(t, []string{"terms.deposit", "terms.commission_plan_id"}, mtFields(ve))
	assert.Equal(t, merchant.MerchantUnderReview, m.State())

	eur, err := shopkit.NewMoney(0, "EUR")
	require.NoError(t, err)
	require.NoError(t, m.Approve(mtReviewer, at, merchant.Terms{Deposit: eur, CommissionPlanID: "otto-std"}, ""),
		"a zero deposit in another currency is allowed")
}

// R1.1: categories must be given, non-blank and distinct.
func TestMerchantChooseCategories_R1_1(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtDraft(t, at)
	for _, cats := range [][]string{nil, {""}, {"维修", " 维修 "}} {
		err := m.ChooseCategories(mtApplicant, at, cats)
		assert.Equal(t, merchant.CodeInvalidCategories, shopkit.CodeOf(err), "%q", cats)
	}
	assert.Equal(t, []string{"家政服务", "维修"}, m.Categories())
	cats := m.Categories()
	cats[0] = "changed"
	assert.Equal(t, "家政服务", m.Categories()[0], "Categories returns a copy")
}

// R0.5: a merchant's String shows its personal data in the kernel's masked
// forms (every printed form is checked in TestMerchantPrintedFormsMask_R0_5).
func TestMerchantStringMasks_R0_5(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtDraft(t, at)
	p := mtCompanyProfile()
	p.IDNumber = "110101199003074518"
	require.NoError(t, m.UpdateProfile(mtApplicant, at, p))
	for _, masked := range []string{"138****5678", "z***@example.com", "张**", "110***********4518",
		"福建省福州市****", "****7890"} {
		assert.Contains(t, m.String(), masked)
	}
}

// Unknown enumeration strings in JSON are rejected with typed errors.
func TestMerchantEnumsJSON(t *testing.T) {
	var s struct {
		State  merchant.State
		Action merchant.Action
		Kind   merchant.Kind
		Region merchant.Region
		Level  merchant.SellerLevel
		Proof  merchant.SupplyProofKind
		Source merchant.ReceiptSource
	}
	good := `{"State":"review_overdue","Action":"mark_overdue","Kind":"individual_business","Region":"hong_kong",` +
		`"Level":"diamond_1","Proof":"certificate_of_origin","Source":"duty_free"}`
	require.NoError(t, json.Unmarshal([]byte(good), &s))
	assert.Equal(t, merchant.MerchantReviewOverdue, s.State)
	assert.Equal(t, merchant.SellerDiamond1, s.Level)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, good, string(out))

	// The codes are stable: a frontend maps them to messages.
	for _, c := range []struct{ key, bad, code, field string }{
		{"State", `"approved"`, merchant.CodeInvalidState, "state"},
		{"State", `""`, merchant.CodeInvalidState, "state"},
		{"Action", `"delete"`, merchant.CodeInvalidAction, "action"},
		{"Kind", `"partnership"`, merchant.CodeInvalidKind, "kind"},
		{"Region", `"europe"`, merchant.CodeInvalidRegion, "region"},
		{"Level", `"diamond_6"`, merchant.CodeInvalidSellerLevel, "seller_level"},
		{"Proof", `"invoice"`, merchant.CodeInvalidSupplyProofKind, "kind"},
		{"Proof", `""`, merchant.CodeInvalidSupplyProofKind, "kind"},
		{"Source", `"market"`, merchant.CodeInvalidReceiptSource, "receipt_source"},
	} {
		before := s
		err := json.Unmarshal([]byte(`{"`+c.key+`":`+c.bad+`}`), &s)
		var ve *shopkit.ValidationError
		require.True(t, errors.As(err, &ve), "%s %s: %v", c.key, c.bad, err)
		assert.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, c.code, ve.Code(), "%s %s", c.key, c.bad)
		assert.Equal(t, c.field, ve.Field, "%s %s", c.key, c.bad)
		assert.Equal(t, before, s, "%s %s: an unknown value changes nothing", c.key, c.bad)
	}
	// "" means "not given yet" for the profile's kind and region and a proof's
	// receipt source.
	require.NoError(t, json.Unmarshal([]byte(`{"Kind":"","Region":"","Source":""}`), &s))
	assert.Equal(t, merchant.Kind(""), s.Kind)
	assert.Equal(t, merchant.Region(""), s.Region)
	assert.Equal(t, merchant.ReceiptSource(""), s.Source)
	for _, bad := range []string{`{"Level":"none_1"}`, `{"Level":"heart_0"}`, `{"Level":"gold_crown_12"}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &s), bad)
	}
	_, err = json.Marshal(struct{ S merchant.State }{"bogus"})
	assert.Equal(t, merchant.CodeInvalidState, shopkit.CodeOf(err))
	_, err = json.Marshal(struct{ A merchant.Action }{""})
	assert.Equal(t, merchant.CodeInvalidAction, shopkit.CodeOf(err))
	_, err = json.Marshal(struct{ K merchant.Kind }{"partnership"})
	assert.Equal(t, merchant.CodeInvalidKind, shopkit.CodeOf(err))
	_, err = json.Marshal(struct{ L merchant.SellerLevel }{99})
	assert.Error(t, err)
}

// A snapshot round-trips through RestoreMerchant and JSON; an unknown state is
// refused.
func TestMerchantSnapshotRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtSubmitted(t, at)
	snap := m.Snapshot()
	r, err := merchant.RestoreMerchant(snap)
	require.NoError(t, err)
	assert.Equal(t, snap, r.Snapshot())
	assert.Empty(t, r.Unsaved(), "a restored merchant holds no entry of its trail")
	assert.Empty(t, r.History())
	assert.Equal(t, len(m.History()), snap.Seq)
	require.NoError(t, r.Reject(mtReviewer, at, []string{"x"}))
	require.NotEmpty(t, r.Unsaved())
	assert.Equal(t, snap.Seq+1, r.Unsaved()[0].Seq, "R0.4: the restored journal numbers on from the trail")
	assert.NotEmpty(t, m.Unsaved())
	m.MarkSaved()
	assert.Empty(t, m.Unsaved())

	b, err := json.Marshal(snap)
	require.NoError(t, err)
	var back merchant.Snapshot
	require.NoError(t, json.Unmarshal(b, &back))
	r, err = merchant.RestoreMerchant(back)
	require.NoError(t, err)
	assert.Equal(t, m.State(), r.State())
	assert.Equal(t, m.Categories(), r.Categories())

	neg := snap
	neg.Seq = -1
	_, err = merchant.RestoreMerchant(neg)
	assert.Equal(t, merchant.CodeInvalidSnapshot, shopkit.CodeOf(err))
	var verr *shopkit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "seq", verr.Field)

	snap.State = "approved"
	_, err = merchant.RestoreMerchant(snap)
	assert.Equal(t, merchant.CodeInvalidSnapshot, shopkit.CodeOf(err))

	c := m.Clone()
	require.NoError(t, c.Reject(mtReviewer, at, []string{"x"}))
	assert.Equal(t, merchant.MerchantUnderReview, m.State(), "a clone is independent")
}

// R1.1, R1.3: every bad input to a merchant's actions is a typed error with a
// stable code, matching the shared kind, and changes nothing: not the state, not a
// field, not the audit trail.
func TestMerchantBadInputChangesNothing_R1_1(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	cal := merchantTestCalendar(t)
	pol := merchant.DefaultPolicy()
	wrongCheck := mtCompanyProfile()
	wrongCheck.CreditCode = "91350100M000100Y44" // the right check character is 3
	shortCode := mtCompanyProfile()
	shortCode.CreditCode = "91350100M000100Y4"
	badKind := mtCompanyProfile()
	badKind.Kind = "partnership"
	incomplete := mtCompanyProfile()
	incomplete.TaxRegistration = ""
	cases := []struct {
		name string
		m    func(t testing.TB) *merchant.Merchant
		act  func(m *merchant.Merchant) error
		kind error
		code string
	}{
		{"wrong token", func(t testing.TB) *merchant.Merchant { return mtRegistered(t, at) },
			func(m *merchant.Merchant) error { return m.VerifyEmail(mtApplicant, at, "tok-guess") },
			shopkit.ErrInvalid, merchant.CodeTokenMismatch},
		{"expired token", func(t testing.TB) *merchant.Merchant { return mtRegistered(t, at) },
			func(m *merchant.Merchant) error { return m.VerifyEmail(mtApplicant, at.Add(24*time.Hour+1), mtToken) },
			shopkit.ErrNotAllowed, merchant.CodeTokenExpired},
		{"resend an already expired token", func(t testing.TB) *merchant.Merchant { return mtRegistered(t, at) },
			func(m *merchant.Merchant) error {
				return m.ResendVerification(mtApplicant, at, merchant.EmailVerification{Token: "t2", ExpiresAt: at})
			}, shopkit.ErrInvalid, merchant.CodeInvalidVerification},
		{"wrong check character", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.UpdateProfile(mtApplicant, at, wrongCheck) },
			shopkit.ErrInvalid, merchant.CodeCreditCodeCheck},
		{"credit code of 17 characters", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.UpdateProfile(mtApplicant, at, shortCode) },
			shopkit.ErrInvalid, merchant.CodeCreditCodeLength},
		{"unknown kind", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.UpdateProfile(mtApplicant, at, badKind) },
			shopkit.ErrInvalid, merchant.CodeInvalidProfile},
		{"no categories", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.ChooseCategories(mtApplicant, at, nil) },
			shopkit.ErrInvalid, merchant.CodeInvalidCategories},
		{"incomplete application", func(t testing.TB) *merchant.Merchant {
			m := mtDraft(t, at)
			require.NoError(t, m.UpdateProfile(mtApplicant, at, incomplete))
			return m
		}, func(m *merchant.Merchant) error { return m.Submit(mtApplicant, at, pol, cal) },
			shopkit.ErrInvalid, merchant.CodeIncompleteApplication},
		{"zero review days", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.Submit(mtApplicant, at, merchant.Policy{}, cal) },
			shopkit.ErrInvalid, merchant.CodeInvalidPolicy},
		{"no calendar", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.Submit(mtApplicant, at, pol, nil) },
			shopkit.ErrInvalid, merchant.CodeInvalidPolicy},
		{"negative deposit", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error {
				return m.Approve(mtReviewer, at, merchant.Terms{Deposit: shopkit.CNY(-1), CommissionPlanID: "p"}, "")
			}, shopkit.ErrInvalid, merchant.CodeInvalidTerms},
		{"reject without reasons", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error { return m.Reject(mtReviewer, at, nil) },
			shopkit.ErrInvalid, merchant.CodeReasonsRequired},
		{"review not due at the deadline", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error { due, _ := m.Deadline(); return m.ApplyDue(due) },
			shopkit.ErrConflict, shopkit.CodeNotDue},
		{"wrong state", func(t testing.TB) *merchant.Merchant { return mtDraft(t, at) },
			func(m *merchant.Merchant) error { return m.Edit(mtApplicant, at) },
			shopkit.ErrNotAllowed, merchant.CodeWrongState},
		{"wrong role", func(t testing.TB) *merchant.Merchant { return mtSubmitted(t, at) },
			func(m *merchant.Merchant) error { return m.Reject(mtApplicant, at, []string{"x"}) },
			shopkit.ErrNotAllowed, merchant.CodeWrongRole},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.m(t)
			before := m.Snapshot()
			unsaved := len(m.Unsaved())
			err := c.act(m)
			require.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Equal(t, before, m.Snapshot(), "bad input changes nothing")
			assert.Len(t, m.Unsaved(), unsaved, "and journals nothing")
		})
	}
}

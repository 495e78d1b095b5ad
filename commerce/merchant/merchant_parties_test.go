package merchant_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mtInState returns an application in state, ready for any action of the table
// there by its rightful party.
func mtInState(t *testing.T, state merchant.State, at time.Time) *merchant.Merchant {
	t.Helper()
	switch state {
	case merchant.MerchantRegistered:
		return mtRegistered(t, at)
	case merchant.MerchantDraft:
		return mtDraft(t, at)
	case merchant.MerchantUnderReview:
		return mtSubmitted(t, at)
	case merchant.MerchantReviewOverdue:
		m := mtSubmitted(t, at)
		due, _ := m.Deadline()
		require.NoError(t, m.ApplyDue(due.Add(time.Nanosecond)))
		return m
	case merchant.MerchantRejected:
		m := mtSubmitted(t, at)
		require.NoError(t, m.Reject(mtReviewer, at, []string{"licence unreadable"}))
		return m
	}
	t.Fatalf("no fixture for state %s", state)
	return nil
}

// mtAct takes action on m as by with valid arguments.
func mtAct(m *merchant.Merchant, action merchant.Action, by shopkit.Actor, at time.Time, cal shopkit.WorkingCalendar) error {
	switch action {
	case merchant.MerchantResendVerification:
		return m.ResendVerification(by, at, merchant.EmailVerification{Token: "tok-2", ExpiresAt: at.Add(48 * time.Hour)})
	case merchant.MerchantVerifyEmail:
		return m.VerifyEmail(by, at, mtToken)
	case merchant.MerchantUpdateProfile:
		return m.UpdateProfile(by, at, mtCompanyProfile())
	case merchant.MerchantChooseCategories:
		return m.ChooseCategories(by, at, []string{"维修"})
	case merchant.MerchantSubmit:
		return m.Submit(by, at, merchant.DefaultPolicy(), cal)
	case merchant.MerchantApprove:
		return m.Approve(by, at, merchant.Terms{Deposit: shopkit.CNY(100), CommissionPlanID: "p"}, "")
	case merchant.MerchantReject:
		return m.Reject(by, at, []string{"licence unreadable"})
	case merchant.MerchantEdit:
		return m.Edit(by, at)
	case merchant.MerchantWithdraw:
		return m.Withdraw(by, at, "")
	}
	return fmt.Errorf("no method takes %s", action)
}

// R0.4, R1.1: every row of the application workflow refuses another merchant,
// an operator of another shop and an actor without an ID (CodeNotParty),
// changing nothing, and lets the rightful party act: the applicant (the merchant
// itself), the platform, the system.
func TestMerchantEveryRowChecksParties_R0_4(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	cal := merchantTestCalendar(t)
	authztest.EveryRow(t, authztest.Workflow[merchant.State, merchant.Action, *merchant.Merchant]{
		Table: merchant.MerchantWorkflow(merchant.DefaultPolicy()),
		New: func(t *testing.T, from merchant.State, _ merchant.Action) *merchant.Merchant {
			return mtInState(t, from, at)
		},
		Parties:  (*merchant.Merchant).Parties,
		Act:      func(m *merchant.Merchant, a merchant.Action, by shopkit.Actor) error { return mtAct(m, a, by, at, cal) },
		Snapshot: func(m *merchant.Merchant) any { return m.Snapshot() },
		Skip: map[merchant.Action]string{
			merchant.MerchantMarkOverdue: "taken only by the sweep (ApplyDue, as the system): TestMerchantReviewOverdue_R1_1",
		},
	})
}

// R0.4: the application's parties are the merchant it creates (no buyer); a
// member of the merchant's staff acts through Actor.Shops, an operator scoped to
// other shops does not, and AllowedActions answers for the actor.
func TestMerchantParties_R0_4(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtSubmitted(t, at)
	assert.Equal(t, shopkit.Parties{Shop: mtID}, m.Parties())

	scoped := shopkit.Actor{Role: shopkit.Platform, ID: "ops-9", Shops: []uuid.UUID{mtID}}
	elsewhere := shopkit.Actor{Role: shopkit.Platform, ID: "ops-9", Shops: []uuid.UUID{authztest.OtherShop()}}
	assert.Equal(t, []merchant.Action{merchant.MerchantApprove, merchant.MerchantReject}, m.AllowedActions(scoped))
	assert.Empty(t, m.AllowedActions(elsewhere), "an operator of another shop sees no buttons")
	assert.Empty(t, m.AllowedActions(shopkit.Actor{Role: shopkit.Platform}), "nor one without an ID")

	err := m.Reject(elsewhere, at, []string{"x"})
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
	require.NoError(t, m.Reject(scoped, at, []string{"x"}))

	staff := shopkit.Actor{Role: shopkit.Merchant, ID: "staff-3", Shops: []uuid.UUID{mtID}}
	assert.Equal(t, []merchant.Action{merchant.MerchantEdit, merchant.MerchantWithdraw}, m.AllowedActions(staff))
	require.NoError(t, m.Edit(staff, at), "the merchant's staff act for it under their own IDs")
	assert.Equal(t, "staff-3", m.History()[len(m.History())-1].Actor, "R0.4: the audit names who acted")
}

// R0.4, R1.1: only the merchant registers its own application: another
// merchant's or an anonymous registration under a given ID is refused with
// CodeNotParty; without an ID any merchant actor with an ID registers (the
// application is new and nobody else's).
func TestNewMerchantChecksRegistrant_R0_4(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	v := merchant.EmailVerification{Token: mtToken, ExpiresAt: at.Add(time.Hour)}
	for _, by := range []shopkit.Actor{
		{Role: shopkit.Merchant, ID: authztest.OtherShop().String()},
		{Role: shopkit.Merchant},
	} {
		_, err := merchant.NewMerchant(by, mtRegistration(), v, at)
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	anonymous := mtRegistration()
	anonymous.ID = uuid.Nil
	_, err := merchant.NewMerchant(shopkit.Actor{Role: shopkit.Merchant}, anonymous, v, at)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "an actor without an ID is never a party")

	m, err := merchant.NewMerchant(shopkit.Actor{Role: shopkit.Merchant, ID: "u-1001"}, anonymous, v, at)
	require.NoError(t, err)
	assert.NotEqual(t, uuid.Nil, m.ID())
	assert.Empty(t, m.AllowedActions(shopkit.Actor{Role: shopkit.Merchant, ID: "u-1001"}),
		"from then on the applicant acts as the merchant of the new ID")
	assert.NotEmpty(t, m.AllowedActions(shopkit.Actor{Role: shopkit.Merchant, ID: m.ID().String()}))
}

// R0.5: every printed form (%v, %+v, %#v, %s) of a merchant, its snapshot, its
// profile and its registration masks names, phone, e-mail, ID numbers,
// addresses and bank accounts; the verification token is never printed.
func TestMerchantPrintedFormsMask_R0_5(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	m := mtDraft(t, at)
	p := mtCompanyProfile()
	p.IDNumber = "110101199003074518"
	require.NoError(t, m.UpdateProfile(mtApplicant, at, p))
	snap := m.Snapshot()
	v := merchant.EmailVerification{Token: mtToken, ExpiresAt: at}
	secrets := []string{"13812345678", "zhangsan@", "张三丰", "110101199003074518", "91350100M000100Y43",
		"五四路", "6222", "3456 7890", mtToken}
	for _, e := range []any{m, snap, &snap, m.Profile(), mtRegistration(), v, []*merchant.Merchant{m}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, e)
			for _, secret := range secrets {
				assert.NotContains(t, out, secret, "%T printed with %s", e, verb)
			}
		}
	}
	// The snapshot is for storage: it keeps the data in clear.
	assert.Equal(t, "13812345678", snap.Phone)
	assert.Equal(t, "110101199003074518", snap.Profile.IDNumber)
}

// Strict decoding: a policy or a preset's config a host supplies in JSON
// decodes only its own fields (an unknown key is a ValidationError naming it)
// and enumerations only their names; a failed decode changes nothing, and the
// fields the JSON names overlay the rest.
func TestConfigJSONIsStrict(t *testing.T) {
	p := merchant.DefaultPolicy()
	err := json.Unmarshal([]byte(`{"review_working_days":5,"review_working_day":2}`), &p)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidPolicy, ve.Code())
	assert.Equal(t, "review_working_day", ve.Field)
	assert.Equal(t, merchant.DefaultPolicy(), p, "a failed decode changes nothing")
	err = json.Unmarshal([]byte(`{"review_working_days":"5"}`), &p)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "review_working_days", ve.Field, "a value of the wrong type names its field")
	require.NoError(t, json.Unmarshal([]byte(`{"review_working_days":5}`), &p))
	assert.Equal(t, merchant.Policy{ReviewWorkingDays: 5}, p)

	imp := merchant.DefaultCrossBorderImportConfig()
	want := merchant.DefaultCrossBorderImportConfig()
	for _, c := range []struct{ json, code, field string }{
		{`{"regions":["overseas"],"region":"macau"}`, merchant.CodeInvalidAdmissionConfig, "region"},
		{`{"regions":["overseas","europe"]}`, merchant.CodeInvalidRegion, "region"},
		{`{"receipt_sources":["market"]}`, merchant.CodeInvalidReceiptSource, "receipt_source"},
	} {
		err := json.Unmarshal([]byte(c.json), &imp)
		require.ErrorAs(t, err, &ve, c.json)
		assert.Equal(t, c.code, ve.Code(), c.json)
		assert.Equal(t, c.field, ve.Field, c.json)
		assert.Equal(t, want, imp, "%s: a failed decode changes nothing", c.json)
	}
	require.NoError(t, json.Unmarshal([]byte(`{"regions":["hong_kong"]}`), &imp))
	assert.Equal(t, []merchant.Region{merchant.RegionHongKong}, imp.Regions)
	assert.Equal(t, want.ReceiptSources, imp.ReceiptSources, "fields the JSON does not name keep their value")

	tag := merchant.DefaultGlobalPurchaseTagConfig()
	for _, c := range []struct{ json, code, field string }{
		{`{"MinShopAgeMonth":3}`, merchant.CodeInvalidAdmissionConfig, "MinShopAgeMonth"},
		{`{"min_seller_level":"diamond_9"}`, merchant.CodeInvalidSellerLevel, "seller_level"},
	} {
		err := json.Unmarshal([]byte(c.json), &tag)
		require.ErrorAs(t, err, &ve, c.json)
		assert.Equal(t, c.code, ve.Code(), c.json)
		assert.Equal(t, c.field, ve.Field, c.json)
	}
	require.NoError(t, json.Unmarshal([]byte(`{"min_seller_level":"crown_1","violation_points_below":6}`), &tag))
	assert.Equal(t, merchant.SellerCrown1, tag.MinSellerLevel)
	assert.Equal(t, 6, tag.ViolationPointsBelow)
	assert.Equal(t, 6, tag.MinShopAgeMonths)

	mkt := merchant.DefaultCrossBorderMarketplaceConfig()
	err = json.Unmarshal([]byte(`{"MinCapitel":{"amount":1,"currency":"CNY"}}`), &mkt)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidAdmissionConfig, ve.Code())
	assert.Equal(t, "MinCapitel", ve.Field)
	require.NoError(t, json.Unmarshal([]byte(`{"min_capital":{"amount":500000000,"currency":"EUR"}}`), &mkt))
	eur, err := shopkit.NewMoney(500000000, "EUR")
	require.NoError(t, err)
	assert.Equal(t, eur, mkt.MinCapital)
	_, err = merchant.CrossBorderMarketplace(mkt)
	require.NoError(t, err, "a decoded config is a config like any other")
}

// No panic outside Must…: a zero Service answers shopkit.CodeNotBuilt, and a nil
// merchant gives no admission facts.
func TestZeroServiceIsAnError(t *testing.T) {
	var svc merchant.Service
	_, err := svc.Register(t.Context(), mtApplicant, mtRegistration(), merchant.EmailVerification{})
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(svc.Submit(t.Context(), mtID, mtApplicant)))
	_, err = svc.Sweep(t.Context())
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	assert.Equal(t, merchant.Policy{}, svc.Policy())
	assert.False(t, merchant.Evaluate(merchant.CompanyOnly(), merchant.FactsFromMerchant(nil), time.Time{}).Passed)
}

package merchant_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
)

// Example_merchantApplication walks a service merchant through the application
// flow of R1.1: register, verify the e-mail address, complete the profile, choose
// categories, submit — the review is due at the end of the 3rd working day — and
// approval with a deposit and a commission plan (R1.3).
func Example_merchantApplication() {
	cal := shopkit.DefaultCalendar()
	loc := cal.Location()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, loc) // a Monday
	// The applicant acts as the merchant it applies to become: its actor ID is
	// the merchant's ID (Merchant.Parties).
	id := uuid.MustParse("6f1d2c3b-0000-4000-8000-000000000001")
	applicant := shopkit.Actor{Role: shopkit.Merchant, ID: id.String()}
	reviewer := shopkit.Actor{Role: shopkit.Platform, ID: "ops-7"}

	m, err := merchant.NewMerchant(applicant,
		merchant.Registration{ID: id, Name: "张三丰", Email: "zhangsan@example.com", Phone: "13812345678"},
		merchant.EmailVerification{Token: "t-9f2c", ExpiresAt: now.Add(24 * time.Hour)}, now)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.State(), m.AllowedActions(applicant))
	fmt.Println(shopkit.CodeOf(m.VerifyEmail(applicant, now, "t-0000")))
	_ = m.VerifyEmail(applicant, now, "t-9f2c")

	// Submitting too early lists every missing field at once.
	err = m.Submit(applicant, now, merchant.DefaultPolicy(), cal)
	fmt.Println(err)

	_ = m.UpdateProfile(applicant, now, merchant.Profile{
		Kind: merchant.MerchantCompany, Region: merchant.RegionMainland,
		LegalName: "福州示例科技有限公司", CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰",
		BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
		Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
	})
	_ = m.ChooseCategories(applicant, now, []string{"家政服务"})
	if err := m.Submit(applicant, now, merchant.DefaultPolicy(), cal); err != nil {
		panic(err)
	}
	due, _ := m.Deadline()
	fmt.Println(m.State(), "due", due.Format(time.DateTime))

	err = m.Approve(reviewer, now.Add(30*time.Hour), merchant.Terms{
		Deposit: shopkit.CNY(5_000_00), CommissionPlanID: "services-standard"}, "")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.State(), m.Terms().Deposit, m.Terms().CommissionPlanID)
	fmt.Println(m)
	// Output:
	// registered [resend_verification verify_email withdraw]
	// merchant.token_mismatch
	// merchant: profile.kind is required (individual, individual_business or company); profile.region is required; profile.legal_name is required; profile.address is required; profile.bank_account is required; categories must name at least one category
	// under_review due 2026-11-06 00:00:00
	// active ¥5000.00 services-standard
	// merchant 6f1d2c3b-0000-4000-8000-000000000001 (active) name=张** email=z***@example.com phone=138****5678 profile{kind=company region=mainland legal_name=福州示例科技有限公司 credit_code=913***********0Y43 legal_representative=张** id_number= address=福建省福州市**** bank_account=****7890}
}

// ExampleNewService builds the service once from its config, then runs the
// application through the store: the review deadline comes from the policy and
// the calendar (R1.1), and a sweep after it marks the review overdue (R2.9).
func ExampleNewService() {
	cal := shopkit.DefaultCalendar()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, cal.Location()) // a Monday
	svc, err := merchant.NewService(merchant.ServiceConfig{
		Store: merchanttest.NewStore(), Policy: merchant.DefaultPolicy(), Calendar: cal,
		Clock: func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	id := uuid.MustParse("6f1d2c3b-0000-4000-8000-000000000002")
	applicant := shopkit.Actor{Role: shopkit.Merchant, ID: id.String()}
	m, err := svc.Register(ctx, applicant, merchant.Registration{ID: id, Name: "福州茶语贸易有限公司", Email: "shop@example.com", Phone: "13812345678"},
		merchant.EmailVerification{Token: "t-9f2c", ExpiresAt: now.Add(24 * time.Hour)})
	if err != nil {
		panic(err)
	}
	for _, err := range []error{
		svc.VerifyEmail(ctx, id, applicant, "t-9f2c"),
		svc.UpdateProfile(ctx, id, applicant, merchant.Profile{
			Kind: merchant.MerchantCompany, Region: merchant.RegionMainland,
			LegalName: "福州茶语贸易有限公司", CreditCode: "91350100M000100Y43", LegalRepresentative: "林茶",
			BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
			Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
		}),
		svc.ChooseCategories(ctx, id, applicant, []string{"tea"}),
		svc.Submit(ctx, id, applicant),
	} {
		if err != nil {
			panic(err)
		}
	}
	m, _ = svc.Get(ctx, id)
	due, _ := m.Deadline()
	fmt.Println(m.State(), "due", due.Format(time.DateTime))

	now = due.Add(time.Nanosecond)
	res, _ := svc.Sweep(ctx)
	overdue, _ := svc.OverdueReviews(ctx, 10)
	fmt.Println("marked", res.Applied, "overdue", len(overdue))
	// Output:
	// under_review due 2026-11-06 00:00:00
	// marked 1 overdue 1
}

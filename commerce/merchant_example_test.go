package commerce_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// Example_merchantApplication walks a service merchant through the application
// flow of R1.1: register, verify the e-mail address, complete the profile, choose
// categories, submit — the review is due at the end of the 3rd working day — and
// approval with a deposit and a commission plan (R1.3).
func Example_merchantApplication() {
	cal := commerce.DefaultCalendar()
	loc := cal.Location()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, loc) // a Monday
	applicant := commerce.Actor{Role: shopkit.Merchant, ID: "u-1001"}
	reviewer := commerce.Actor{Role: shopkit.Platform, ID: "ops-7"}

	m, err := commerce.NewMerchant(applicant,
		commerce.MerchantRegistration{ID: uuid.MustParse("6f1d2c3b-0000-4000-8000-000000000001"), Name: "张三丰", Email: "zhangsan@example.com", Phone: "13812345678"},
		commerce.EmailVerification{Token: "t-9f2c", ExpiresAt: now.Add(24 * time.Hour)}, now)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.State(), m.AllowedActions(shopkit.Merchant))
	fmt.Println(shopkit.CodeOf(m.VerifyEmail(applicant, now, "t-0000")))
	_ = m.VerifyEmail(applicant, now, "t-9f2c")

	// Submitting too early lists every missing field at once.
	err = m.Submit(applicant, now, commerce.DefaultMerchantPolicy(), cal)
	fmt.Println(err)

	_ = m.UpdateProfile(applicant, now, commerce.MerchantProfile{
		Kind: commerce.MerchantCompany, Region: commerce.RegionMainland,
		LegalName: "福州示例科技有限公司", CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰",
		BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
		Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
	})
	_ = m.ChooseCategories(applicant, now, []string{"家政服务"})
	if err := m.Submit(applicant, now, commerce.DefaultMerchantPolicy(), cal); err != nil {
		panic(err)
	}
	due, _ := m.Deadline()
	fmt.Println(m.State(), "due", due.Format(time.DateTime))

	err = m.Approve(reviewer, now.Add(30*time.Hour), commerce.MerchantTerms{
		Deposit: commerce.CNY(5_000_00), CommissionPlanID: "services-standard"}, "")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.State(), m.Terms().Deposit, m.Terms().CommissionPlanID)
	fmt.Println(m)
	// Output:
	// registered [resend_verification verify_email withdraw]
	// commerce.token_mismatch
	// commerce: profile.kind is required (individual, individual_business or company); profile.region is required; profile.legal_name is required; profile.address is required; profile.bank_account is required; categories must name at least one category
	// under_review due 2026-11-06 00:00:00
	// active ¥5000.00 services-standard
	// merchant 6f1d2c3b-0000-4000-8000-000000000001 (active) name=张** email=z***@example.com phone=138****5678 profile{kind=company region=mainland legal_name=福州示例科技有限公司 credit_code=913***********0Y43 legal_representative=张** id_number= address=福建省福州市**** bank_account=****7890}
}

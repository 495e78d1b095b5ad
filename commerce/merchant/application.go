package merchant

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Registration is what an applicant gives to register (R1.1).
type Registration struct {
	// ID is the merchant's identity. uuid.Nil asks NewMerchant for a new random one;
	// a host that needs idempotent registration passes its own.
	ID uuid.UUID `json:"id"`
	// Name is the applicant's name: a person's or a company's (personal data for a
	// person, masked in String).
	Name string `json:"name"`
	// Email is where the verification link goes.
	Email string `json:"email"`
	// Phone is the contact phone (personal data).
	Phone string `json:"phone"`
}

// String masks the personal data (R0.5).
func (r Registration) String() string {
	return "registration{name=" + shopkit.MaskName(r.Name) + " email=" + shopkit.MaskEmail(r.Email) + " phone=" + shopkit.MaskPhone(r.Phone) + "}"
}

// GoString masks the personal data in %#v too (R0.5).
func (r Registration) GoString() string { return r.String() }

// EmailVerification is an e-mail verification token and its expiry. The host
// generates the token with its own secure generator and sends the link; the
// library keeps only the token's SHA-256 digest and never generates secrets.
type EmailVerification struct {
	Token     string    `json:"token"`               // the secret from the link; never printed
	ExpiresAt time.Time `json:"expires_at,omitzero"` // the token is good up to and including this instant
}

// String hides the token: it is a secret until used.
func (v EmailVerification) String() string {
	return "verification{token=*** expires_at=" + v.ExpiresAt.Format(time.RFC3339) + "}"
}

// GoString hides the token in %#v too.
func (v EmailVerification) GoString() string { return v.String() }

// Profile is the applicant's legal and settlement data (R1.1). A draft may
// hold an incomplete profile; Submit lists every missing field. Documents are
// references (URLs, storage keys) the host resolves.
type Profile struct {
	Kind   Kind   `json:"kind"`   // individual, individual business or company
	Region Region `json:"region"` // where the applicant is registered
	// LegalName is the registered name of a business, or a person's legal name.
	LegalName string `json:"legal_name"`
	// CreditCode is, for a licensed applicant (individual business or company), the
	// 18-character unified social credit code when the region is mainland (checked
	// per GB 32100-2015), or the registration number elsewhere.
	CreditCode string `json:"credit_code"`
	// LegalRepresentative of a licensed applicant (personal data).
	LegalRepresentative string `json:"legal_representative"`
	// IDNumber is an individual's resident ID or passport number (personal data).
	IDNumber string `json:"id_number"`
	// IDDocument is the reference of an individual's ID scan.
	IDDocument string `json:"id_document"`
	// BusinessLicence is the reference of a licensed applicant's business licence.
	BusinessLicence string `json:"business_licence"`
	// TaxRegistration is the reference of a licensed applicant's tax registration.
	TaxRegistration string `json:"tax_registration"`
	// Address is the registered or contact address (personal data).
	Address string `json:"address"`
	// BankAccount is the settlement account (personal data).
	BankAccount string `json:"bank_account"`
}

// String masks the personal data (R0.5).
func (p Profile) String() string {
	var b strings.Builder
	b.WriteString("profile{kind=" + string(p.Kind) + " region=" + string(p.Region))
	if p.Kind == MerchantIndividual {
		b.WriteString(" legal_name=" + shopkit.MaskName(p.LegalName))
	} else {
		b.WriteString(" legal_name=" + p.LegalName)
	}
	b.WriteString(" credit_code=" + shopkit.MaskIDNumber(p.CreditCode))
	b.WriteString(" legal_representative=" + shopkit.MaskName(p.LegalRepresentative))
	b.WriteString(" id_number=" + shopkit.MaskIDNumber(p.IDNumber))
	b.WriteString(" address=" + shopkit.MaskAddress(p.Address))
	b.WriteString(" bank_account=" + shopkit.MaskBankAccount(p.BankAccount))
	b.WriteString("}")
	return b.String()
}

// GoString masks the personal data in %#v too (R0.5).
func (p Profile) GoString() string { return p.String() }

// documents returns the non-empty document references of the profile.
func (p Profile) documents() []string {
	var out []string
	for _, d := range []string{p.IDDocument, p.BusinessLicence, p.TaxRegistration} {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// Terms are what an approved merchant trades under (R1.3).
type Terms struct {
	// Deposit is the category deposit (保证金) the merchant keeps with the platform.
	// It may be zero, never negative.
	Deposit shopkit.Money `json:"deposit"`
	// CommissionPlanID references the merchant's commission plan (R4).
	CommissionPlanID string `json:"commission_plan_id"`
}

package merchant

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// maxMerchantText is the longest text field, in runes, an application accepts.
const maxMerchantText = 500

// tokenDigest is the hex SHA-256 digest of a verification token.
func tokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func verificationProblems(v EmailVerification, now time.Time) []shopkit.FieldProblem {
	var ps []shopkit.FieldProblem
	if strings.TrimSpace(v.Token) == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "verification.token", Problem: "is required"})
	}
	if !v.ExpiresAt.After(now) {
		ps = append(ps, shopkit.FieldProblem{Field: "verification.expires_at", Problem: "must be after now"})
	}
	return ps
}

// textProblem describes what is wrong with a text field, or returns "".
func textProblem(s string, required bool) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case required && strings.TrimSpace(s) == "":
		return "is required"
	case utf8.RuneCountInString(s) > maxMerchantText:
		return "is longer than " + strconv.Itoa(maxMerchantText) + " characters"
	}
	return ""
}

// emailProblem checks the shape of an e-mail address: one '@', a non-empty local
// part, a domain with a dot, no spaces. Whether it exists is what verification
// is for.
func emailProblem(email string) string {
	email = strings.TrimSpace(email)
	if p := textProblem(email, true); p != "" {
		return p
	}
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(email, " \t\r\n<>") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "is not an e-mail address"
	}
	return ""
}

// phoneProblem checks the shape of a contact phone: 5 to 20 digits, optionally
// with a leading '+' and spaces or hyphens (mobile or landline, any country).
func phoneProblem(phone string) string {
	phone = strings.TrimSpace(phone)
	if phone == "" {
		return "is required"
	}
	digits := 0
	for i, c := range phone {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0, c == ' ', c == '-':
		default:
			return "may hold only digits, a leading '+', spaces and hyphens"
		}
	}
	if digits < 5 || digits > 20 {
		return "must have 5 to 20 digits"
	}
	return ""
}

func trimProfile(p Profile) Profile {
	for _, f := range []*string{&p.LegalName, &p.CreditCode, &p.LegalRepresentative, &p.IDNumber, &p.IDDocument,
		&p.BusinessLicence, &p.TaxRegistration, &p.Address, &p.BankAccount} {
		*f = strings.TrimSpace(*f)
	}
	return p
}

// profileFormatProblems lists the malformed fields of a (possibly incomplete)
// profile: unknown enumerations and over-long or invalid text.
func profileFormatProblems(p Profile) []shopkit.FieldProblem {
	var ps []shopkit.FieldProblem
	if p.Kind != "" && !p.Kind.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "profile.kind", Problem: "unknown value " + text.Quote(string(p.Kind))})
	}
	if p.Region != "" && !p.Region.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "profile.region", Problem: "unknown value " + text.Quote(string(p.Region))})
	}
	for _, f := range []struct{ field, value string }{
		{"profile.legal_name", p.LegalName}, {"profile.credit_code", p.CreditCode},
		{"profile.legal_representative", p.LegalRepresentative}, {"profile.id_number", p.IDNumber},
		{"profile.id_document", p.IDDocument}, {"profile.business_licence", p.BusinessLicence},
		{"profile.tax_registration", p.TaxRegistration}, {"profile.address", p.Address},
		{"profile.bank_account", p.BankAccount},
	} {
		if pr := textProblem(f.value, false); pr != "" {
			ps = append(ps, shopkit.FieldProblem{Field: f.field, Problem: pr})
		}
	}
	return ps
}

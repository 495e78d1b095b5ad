package commerce

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// maxMerchantText is the longest text field, in runes, an application accepts.
const maxMerchantText = 500

// MerchantRegistration is what an applicant gives to register (R1.1).
type MerchantRegistration struct {
	// ID is the merchant's identity. uuid.Nil asks NewMerchant for a new random one;
	// a host that needs idempotent registration passes its own.
	ID uuid.UUID
	// Name is the applicant's name: a person's or a company's (personal data for a
	// person, masked in String).
	Name string
	// Email is where the verification link goes.
	Email string
	// Phone is the contact phone (personal data).
	Phone string
}

// String masks the personal data (R0.5).
func (r MerchantRegistration) String() string {
	return "registration{name=" + MaskName(r.Name) + " email=" + MaskEmail(r.Email) + " phone=" + MaskPhone(r.Phone) + "}"
}

// GoString masks the personal data in %#v too (R0.5).
func (r MerchantRegistration) GoString() string { return r.String() }

// EmailVerification is an e-mail verification token and its expiry. The host
// generates the token with its own secure generator and sends the link; the
// library keeps only the token's SHA-256 digest and never generates secrets.
type EmailVerification struct {
	Token     string    // the secret from the link; never printed
	ExpiresAt time.Time // the token is good up to and including this instant
}

// String hides the token: it is a secret until used.
func (v EmailVerification) String() string {
	return "verification{token=*** expires_at=" + v.ExpiresAt.Format(time.RFC3339) + "}"
}

// GoString hides the token in %#v too.
func (v EmailVerification) GoString() string { return v.String() }

// MerchantProfile is the applicant's legal and settlement data (R1.1). A draft may
// hold an incomplete profile; Submit lists every missing field. Documents are
// references (URLs, storage keys) the host resolves.
type MerchantProfile struct {
	Kind   MerchantKind   // individual, individual business or company
	Region MerchantRegion // where the applicant is registered
	// LegalName is the registered name of a business, or a person's legal name.
	LegalName string
	// CreditCode is, for a licensed applicant (individual business or company), the
	// 18-character unified social credit code when the region is mainland (checked
	// per GB 32100-2015), or the registration number elsewhere.
	CreditCode string
	// LegalRepresentative of a licensed applicant (personal data).
	LegalRepresentative string
	// IDNumber is an individual's resident ID or passport number (personal data).
	IDNumber string
	// IDDocument is the reference of an individual's ID scan.
	IDDocument string
	// BusinessLicence is the reference of a licensed applicant's business licence.
	BusinessLicence string
	// TaxRegistration is the reference of a licensed applicant's tax registration.
	TaxRegistration string
	// Address is the registered or contact address (personal data).
	Address string
	// BankAccount is the settlement account (personal data).
	BankAccount string
}

// String masks the personal data (R0.5).
func (p MerchantProfile) String() string {
	var b strings.Builder
	b.WriteString("profile{kind=" + string(p.Kind) + " region=" + string(p.Region))
	if p.Kind == MerchantIndividual {
		b.WriteString(" legal_name=" + MaskName(p.LegalName))
	} else {
		b.WriteString(" legal_name=" + p.LegalName)
	}
	b.WriteString(" credit_code=" + MaskIDNumber(p.CreditCode))
	b.WriteString(" legal_representative=" + MaskName(p.LegalRepresentative))
	b.WriteString(" id_number=" + MaskIDNumber(p.IDNumber))
	b.WriteString(" address=" + MaskAddress(p.Address))
	b.WriteString(" bank_account=" + MaskBankAccount(p.BankAccount))
	b.WriteString("}")
	return b.String()
}

// GoString masks the personal data in %#v too (R0.5).
func (p MerchantProfile) GoString() string { return p.String() }

// documents returns the non-empty document references of the profile.
func (p MerchantProfile) documents() []string {
	var out []string
	for _, d := range []string{p.IDDocument, p.BusinessLicence, p.TaxRegistration} {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// MerchantTerms are what an approved merchant trades under (R1.3).
type MerchantTerms struct {
	// Deposit is the category deposit (保证金) the merchant keeps with the platform.
	// It may be zero, never negative.
	Deposit Money
	// CommissionPlanID references the merchant's commission plan (R4).
	CommissionPlanID string
}

// MerchantPolicy holds the numbers of the application workflow (R1.1).
type MerchantPolicy struct {
	// ReviewWorkingDays: the platform decides within this many working days of
	// submission; the deadline is the end of that working day on the calendar.
	ReviewWorkingDays int
}

// DefaultMerchantPolicy returns the defaults of R1.1: a review decision within 3
// working days.
func DefaultMerchantPolicy() MerchantPolicy { return MerchantPolicy{ReviewWorkingDays: 3} }

// Merchant is a merchant and its application (R1.1, R1.3): register, verify the
// e-mail address, complete the profile, choose service categories, submit, and
// the platform's review with its deadline; once approved the merchant is active
// with a deposit, a commission plan and an activation time. Every action is checked
// against the workflow table and recorded in the audit journal (R0.4); bad input
// or a wrong state or role changes nothing.
//
// A Merchant is not safe for concurrent use: stores hand out copies and serialise
// updates.
type Merchant struct {
	id               uuid.UUID
	state            MerchantState
	name             string
	email            string
	phone            string
	tokenHash        string
	tokenExpiresAt   time.Time
	emailVerifiedAt  time.Time
	profile          MerchantProfile
	categories       []string
	submittedAt      time.Time
	reviewDue        time.Time
	rejectionReasons []string
	terms            MerchantTerms
	activatedAt      time.Time
	journal          Journal
}

// NewMerchant registers an applicant (R1.1). by must be the applicant (role
// merchant). Name, e-mail address and phone are required and checked; every bad
// field is listed in one ValidationError (code commerce.invalid_registration). The
// verification token must be non-empty and expire after now. The journal records
// the registration and a notify effect asking the host to send the verification
// e-mail.
func NewMerchant(by Actor, reg MerchantRegistration, v EmailVerification, now time.Time) (*Merchant, error) {
	if by.Role != shopkit.Merchant {
		return nil, &shopkit.TransitionError{Workflow: MerchantWorkflow, State: "", Action: string(MerchantRegister),
			Role: by.Role, WrongRole: true}
	}
	var problems []shopkit.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, shopkit.FieldProblem{Field: field, Problem: problem})
	}
	if p := textProblem(reg.Name, true); p != "" {
		add("name", p)
	}
	if p := emailProblem(reg.Email); p != "" {
		add("email", p)
	}
	if p := phoneProblem(reg.Phone); p != "" {
		add("phone", p)
	}
	problems = append(problems, verificationProblems(v, now)...)
	if err := shopkit.Incomplete("commerce.invalid_registration", problems); err != nil {
		return nil, err
	}
	id := reg.ID
	if id == uuid.Nil {
		id = uuid.New()
	}
	m := &Merchant{
		id:             id,
		state:          MerchantRegistered,
		name:           strings.TrimSpace(reg.Name),
		email:          strings.TrimSpace(reg.Email),
		phone:          strings.TrimSpace(reg.Phone),
		tokenHash:      tokenDigest(v.Token),
		tokenExpiresAt: v.ExpiresAt,
	}
	m.journal.Change(by, now, string(MerchantRegister), "", string(MerchantRegistered), "", nil)
	m.notifyMerchant(now, MerchantRegister, "verify_email")
	return m, nil
}

// ResendVerification replaces the verification token with a new one (the old one
// stops working) and asks the host to send the e-mail again.
func (m *Merchant) ResendVerification(by Actor, now time.Time, v EmailVerification) error {
	to, err := merchantFSM.Check(m.state, MerchantResendVerification, by.Role)
	if err != nil {
		return err
	}
	if err := shopkit.Incomplete("commerce.invalid_verification", verificationProblems(v, now)); err != nil {
		return err
	}
	m.tokenHash, m.tokenExpiresAt = tokenDigest(v.Token), v.ExpiresAt
	m.change(by, now, MerchantResendVerification, to, "", nil)
	m.notifyMerchant(now, MerchantResendVerification, "verify_email")
	return nil
}

// VerifyEmail verifies the e-mail address with the token from the link (R1.1). A
// token other than the current one is an error with code commerce.token_mismatch
// (errors.Is shopkit.ErrInvalid); the right token after its expiry is an error with
// code commerce.token_expired (errors.Is shopkit.ErrNotAllowed): the applicant asks
// for a new one. At exactly the expiry the token still works.
func (m *Merchant) VerifyEmail(by Actor, now time.Time, token string) error {
	to, err := merchantFSM.Check(m.state, MerchantVerifyEmail, by.Role)
	if err != nil {
		return err
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(tokenDigest(token)), []byte(m.tokenHash)) != 1 {
		return shopkit.NewError(shopkit.ErrInvalid, "commerce.token_mismatch",
			"commerce: the verification token does not match; use the latest link")
	}
	if now.After(m.tokenExpiresAt) {
		return shopkit.NewError(shopkit.ErrNotAllowed, "commerce.token_expired",
			"commerce: the verification token expired at "+m.tokenExpiresAt.Format(time.RFC3339)+"; request a new one")
	}
	m.tokenHash, m.tokenExpiresAt = "", time.Time{}
	m.emailVerifiedAt = now
	m.change(by, now, MerchantVerifyEmail, to, "", nil)
	return nil
}

// UpdateProfile replaces the profile of a draft (R1.1). A draft may be incomplete
// (Submit lists what is missing), but what is given must be well-formed: a known
// kind and region, text of at most 500 characters, and for a licensed applicant in
// the mainland a credit code whose check character is right (a ValidationError for
// "profile.credit_code" with code commerce.credit_code_length, _charset or
// _check). Other bad fields are listed in one ValidationError with code
// commerce.invalid_profile.
func (m *Merchant) UpdateProfile(by Actor, now time.Time, p MerchantProfile) error {
	to, err := merchantFSM.Check(m.state, MerchantUpdateProfile, by.Role)
	if err != nil {
		return err
	}
	p = trimProfile(p)
	if p.Region == RegionMainland && p.Kind.licensed() && p.CreditCode != "" {
		if err := ValidateCreditCode(p.CreditCode); err != nil {
			return err
		}
	}
	if err := shopkit.Incomplete("commerce.invalid_profile", profileFormatProblems(p)); err != nil {
		return err
	}
	m.profile = p
	m.change(by, now, MerchantUpdateProfile, to, "", p.documents())
	return nil
}

// ChooseCategories sets the service categories the applicant wants to trade in
// (R1.1): at least one, each non-blank and named once. Which categories exist is
// the host's catalogue.
func (m *Merchant) ChooseCategories(by Actor, now time.Time, categories []string) error {
	to, err := merchantFSM.Check(m.state, MerchantChooseCategories, by.Role)
	if err != nil {
		return err
	}
	if len(categories) == 0 {
		return shopkit.Invalid("commerce.invalid_categories", "categories", "must name at least one category")
	}
	cats := make([]string, len(categories))
	for i, c := range categories {
		c = strings.TrimSpace(c)
		field := "categories[" + strconv.Itoa(i) + "]"
		if p := textProblem(c, true); p != "" {
			return shopkit.Invalid("commerce.invalid_categories", field, p)
		}
		if slices.Contains(cats[:i], c) {
			return shopkit.Invalid("commerce.invalid_categories", field, "names "+quoteInput(c)+" twice")
		}
		cats[i] = c
	}
	m.categories = cats
	m.change(by, now, MerchantChooseCategories, to, "categories: "+strings.Join(cats, ", "), nil)
	return nil
}

// Submit sends the application to the platform for review (R1.1). The application
// must be complete: otherwise one ValidationError with code
// commerce.incomplete_application lists every missing or bad field. The review is
// due at the end of the policy's ReviewWorkingDays-th working day after now on
// cal (R0.3): Deadline returns it, and a sweep marks the application overdue once
// it has passed.
func (m *Merchant) Submit(by Actor, now time.Time, policy MerchantPolicy, cal WorkingCalendar) error {
	to, err := merchantFSM.Check(m.state, MerchantSubmit, by.Role)
	if err != nil {
		return err
	}
	if policy.ReviewWorkingDays < 1 {
		return shopkit.Invalid("commerce.invalid_policy", "policy.review_working_days", "must be at least 1")
	}
	if cal == nil {
		return shopkit.Invalid("commerce.invalid_policy", "calendar", "is required")
	}
	if err := shopkit.Incomplete("commerce.incomplete_application", m.missing()); err != nil {
		return err
	}
	m.submittedAt = now
	m.reviewDue = cal.EndOfWorkingDay(now, policy.ReviewWorkingDays) // R1.1: 3 working days
	m.rejectionReasons = nil
	m.change(by, now, MerchantSubmit, to, "", nil)
	m.journal.Emit(now, string(MerchantSubmit), Effect{Type: EffectNotify, Party: "platform", Ref: m.id.String(),
		Note: "review_requested"})
	return nil
}

// Approve admits the merchant (R1.1): it becomes active at now with terms (R1.3)
// — a deposit that is not negative and in a known currency, and a commission plan
// reference — and is notified. A late decision (after the review deadline) is
// still allowed.
func (m *Merchant) Approve(by Actor, now time.Time, terms MerchantTerms, note string) error {
	to, err := merchantFSM.Check(m.state, MerchantApprove, by.Role)
	if err != nil {
		return err
	}
	terms.CommissionPlanID = strings.TrimSpace(terms.CommissionPlanID)
	var problems []shopkit.FieldProblem
	if terms.Deposit.IsNegative() {
		problems = append(problems, shopkit.FieldProblem{Field: "terms.deposit", Problem: "must not be negative"})
	}
	if !terms.Deposit.Currency().Valid() {
		problems = append(problems, shopkit.FieldProblem{Field: "terms.deposit", Problem: "has an unknown currency"})
	}
	if p := textProblem(terms.CommissionPlanID, true); p != "" {
		problems = append(problems, shopkit.FieldProblem{Field: "terms.commission_plan_id", Problem: p})
	}
	if err := shopkit.Incomplete("commerce.invalid_terms", problems); err != nil {
		return err
	}
	m.terms = terms
	m.activatedAt = now
	m.change(by, now, MerchantApprove, to, note, nil)
	m.notifyMerchant(now, MerchantApprove, "approved")
	return nil
}

// Reject turns the application down with reasons (R1.1): at least one, none blank
// (code commerce.reasons_required). The applicant is notified and may edit and
// resubmit.
func (m *Merchant) Reject(by Actor, now time.Time, reasons []string) error {
	to, err := merchantFSM.Check(m.state, MerchantReject, by.Role)
	if err != nil {
		return err
	}
	if len(reasons) == 0 {
		return shopkit.Invalid("commerce.reasons_required", "reasons", "must give at least one reason")
	}
	rs := make([]string, len(reasons))
	for i, r := range reasons {
		rs[i] = strings.TrimSpace(r)
		if p := textProblem(rs[i], true); p != "" {
			return shopkit.Invalid("commerce.reasons_required", "reasons["+strconv.Itoa(i)+"]", p)
		}
	}
	m.rejectionReasons = rs
	m.change(by, now, MerchantReject, to, strings.Join(rs, "; "), nil)
	m.notifyMerchant(now, MerchantReject, "rejected")
	return nil
}

// Edit reopens a rejected application as a draft, keeping its data and the
// rejection reasons until it is submitted again.
func (m *Merchant) Edit(by Actor, now time.Time) error {
	to, err := merchantFSM.Check(m.state, MerchantEdit, by.Role)
	if err != nil {
		return err
	}
	m.change(by, now, MerchantEdit, to, "", nil)
	return nil
}

// Withdraw ends an application that is not under review. Final.
func (m *Merchant) Withdraw(by Actor, now time.Time, reason string) error {
	to, err := merchantFSM.Check(m.state, MerchantWithdraw, by.Role)
	if err != nil {
		return err
	}
	m.change(by, now, MerchantWithdraw, to, reason, nil)
	return nil
}

// ApplyDue applies the consequence of a passed review deadline (R1.1, R2.9): the
// application becomes review_overdue, stamped with the deadline's time, and the
// platform is notified. At exactly the deadline nothing is due yet; when nothing is
// due the error matches shopkit.ErrConflict (commerce.not_due).
func (m *Merchant) ApplyDue(now time.Time) error {
	timeout, ok := merchantFSM.Timeout(m.state)
	if !ok || !now.After(m.reviewDue) {
		return NotDue("commerce", m.id)
	}
	by := SystemActor()
	to, err := merchantFSM.Check(m.state, timeout.Action, by.Role)
	if err != nil {
		return err
	}
	at := m.reviewDue
	m.change(by, at, timeout.Action, to, "review not decided within the deadline", nil)
	m.journal.Emit(at, string(timeout.Action), Effect{Type: EffectNotify, Party: "platform", Ref: m.id.String(),
		Note: "review_overdue"})
	return nil
}

func (m *Merchant) change(by Actor, at time.Time, action MerchantAction, to MerchantState, reason string, evidence []string) {
	from := m.state
	m.state = to
	m.journal.Change(by, at, string(action), string(from), string(to), reason, evidence)
}

func (m *Merchant) notifyMerchant(at time.Time, action MerchantAction, note string) {
	ref := m.id.String()
	m.journal.Emit(at, string(action), Effect{Type: EffectNotify, Party: "merchant:" + ref, Ref: ref, Note: note})
}

// missing lists every field an application lacks before it can be submitted, in
// a stable order (R1.1).
func (m *Merchant) missing() []shopkit.FieldProblem {
	var ps []shopkit.FieldProblem
	need := func(field, value string) {
		if value == "" {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "is required"})
		}
	}
	need("name", m.name)
	need("email", m.email)
	need("phone", m.phone)
	p := m.profile
	if !p.Kind.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "profile.kind", Problem: "is required (individual, individual_business or company)"})
	}
	if !p.Region.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "profile.region", Problem: "is required"})
	}
	need("profile.legal_name", p.LegalName)
	switch {
	case p.Kind == MerchantIndividual:
		need("profile.id_number", p.IDNumber)
		need("profile.id_document", p.IDDocument)
	case p.Kind.licensed():
		need("profile.credit_code", p.CreditCode)
		if p.CreditCode != "" && p.Region == RegionMainland {
			var bad *shopkit.ValidationError
			if errors.As(ValidateCreditCode(p.CreditCode), &bad) {
				ps = append(ps, bad.Problems...)
			}
		}
		need("profile.legal_representative", p.LegalRepresentative)
		need("profile.business_licence", p.BusinessLicence)
		need("profile.tax_registration", p.TaxRegistration)
	}
	need("profile.address", p.Address)
	need("profile.bank_account", p.BankAccount)
	if len(m.categories) == 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "categories", Problem: "must name at least one category"})
	}
	return ps
}

// ID returns the merchant's identity.
func (m *Merchant) ID() uuid.UUID { return m.id }

// State returns the workflow state.
func (m *Merchant) State() MerchantState { return m.state }

// Active reports whether the merchant was approved and may trade.
func (m *Merchant) Active() bool { return m.state == MerchantActive }

// Name returns the applicant's name (personal data for a person).
func (m *Merchant) Name() string { return m.name }

// Email returns the e-mail address (personal data).
func (m *Merchant) Email() string { return m.email }

// Phone returns the contact phone (personal data).
func (m *Merchant) Phone() string { return m.phone }

// EmailVerifiedAt returns when the e-mail address was verified, if it was.
func (m *Merchant) EmailVerifiedAt() (time.Time, bool) {
	return m.emailVerifiedAt, !m.emailVerifiedAt.IsZero()
}

// Profile returns the profile (personal data: redact before logging).
func (m *Merchant) Profile() MerchantProfile { return m.profile }

// Categories returns a copy of the chosen service categories.
func (m *Merchant) Categories() []string { return slices.Clone(m.categories) }

// SubmittedAt returns when the application was last submitted, if it was.
func (m *Merchant) SubmittedAt() (time.Time, bool) { return m.submittedAt, !m.submittedAt.IsZero() }

// ReviewDue returns the review deadline of the last submission, if there was one.
// Unlike Deadline it stays set after the deadline passed or the review ended, for
// service-level reports.
func (m *Merchant) ReviewDue() (time.Time, bool) { return m.reviewDue, !m.reviewDue.IsZero() }

// RejectionReasons returns a copy of the reasons of the last rejection; a new
// submission clears them.
func (m *Merchant) RejectionReasons() []string { return slices.Clone(m.rejectionReasons) }

// Terms returns the deposit and commission plan of an active merchant (R1.3).
func (m *Merchant) Terms() MerchantTerms { return m.terms }

// ActivatedAt returns when the merchant became active, if it did: commission
// offers for new merchants count from it (R4.2).
func (m *Merchant) ActivatedAt() (time.Time, bool) { return m.activatedAt, !m.activatedAt.IsZero() }

// Deadline returns the review deadline while the application is under review
// (R1.1): the countdown a frontend shows and what the store's Due indexes.
func (m *Merchant) Deadline() (time.Time, bool) {
	if m.state.Waiting() {
		return m.reviewDue, true
	}
	return time.Time{}, false
}

// AllowedActions lists the actions role may take now, in table order.
func (m *Merchant) AllowedActions(role shopkit.Role) []MerchantAction {
	return merchantFSM.AllowedActions(m.state, role)
}

// History returns every audit entry, oldest first (R0.4).
func (m *Merchant) History() []Entry { return m.journal.History() }

// Unsaved returns the audit entries added since the merchant was created or
// restored: what a store's Update persists together with it.
func (m *Merchant) Unsaved() []Entry { return m.journal.Unsaved() }

// MarkSaved records that a store persisted every entry.
func (m *Merchant) MarkSaved() { m.journal.MarkSaved() }

// Clone returns a deep copy.
func (m *Merchant) Clone() *Merchant {
	c := *m
	c.categories = slices.Clone(m.categories)
	c.rejectionReasons = slices.Clone(m.rejectionReasons)
	c.journal = m.journal.Clone()
	return &c
}

// String describes the merchant with its personal data masked (R0.5).
func (m *Merchant) String() string {
	return "merchant " + m.id.String() + " (" + string(m.state) + ") name=" + MaskName(m.name) +
		" email=" + MaskEmail(m.email) + " phone=" + MaskPhone(m.phone) + " " + m.profile.String()
}

// GoString masks personal data in %#v too (R0.5).
func (m *Merchant) GoString() string { return m.String() }

// MerchantSnapshot is every persisted field of a Merchant, for host stores. It
// holds personal data in clear: its String masks it.
type MerchantSnapshot struct {
	ID    uuid.UUID
	State MerchantState
	Name  string
	Email string
	Phone string
	// TokenHash is the hex SHA-256 digest of the pending verification token; ""
	// once the address is verified.
	TokenHash        string
	TokenExpiresAt   time.Time
	EmailVerifiedAt  time.Time
	Profile          MerchantProfile
	Categories       []string
	SubmittedAt      time.Time
	ReviewDue        time.Time
	RejectionReasons []string
	Terms            MerchantTerms
	ActivatedAt      time.Time
	History          []Entry
}

// String masks the personal data (R0.5).
func (s MerchantSnapshot) String() string {
	return "snapshot of merchant " + s.ID.String() + " (" + string(s.State) + ") name=" + MaskName(s.Name) +
		" email=" + MaskEmail(s.Email) + " phone=" + MaskPhone(s.Phone) + " " + s.Profile.String()
}

// GoString masks the personal data in %#v too (R0.5).
func (s MerchantSnapshot) GoString() string { return s.String() }

// Snapshot returns every field, for a host store.
func (m *Merchant) Snapshot() MerchantSnapshot {
	return MerchantSnapshot{
		ID: m.id, State: m.state, Name: m.name, Email: m.email, Phone: m.phone,
		TokenHash: m.tokenHash, TokenExpiresAt: m.tokenExpiresAt, EmailVerifiedAt: m.emailVerifiedAt,
		Profile: m.profile, Categories: slices.Clone(m.categories), SubmittedAt: m.submittedAt,
		ReviewDue: m.reviewDue, RejectionReasons: slices.Clone(m.rejectionReasons), Terms: m.terms,
		ActivatedAt: m.activatedAt, History: m.journal.History(),
	}
}

// RestoreMerchant rebuilds a merchant from a snapshot without re-running the
// workflow's rules; every history entry counts as saved. Only the identity and the
// enumerations are checked (code commerce.invalid_snapshot).
func RestoreMerchant(s MerchantSnapshot) (*Merchant, error) {
	switch {
	case s.ID == uuid.Nil:
		return nil, shopkit.Invalid("commerce.invalid_snapshot", "id", "is required")
	case !s.State.Valid():
		return nil, shopkit.Invalid("commerce.invalid_snapshot", "state", "unknown value "+quoteInput(string(s.State)))
	case s.Profile.Kind != "" && !s.Profile.Kind.Valid():
		return nil, shopkit.Invalid("commerce.invalid_snapshot", "profile.kind", "unknown value "+quoteInput(string(s.Profile.Kind)))
	case s.Profile.Region != "" && !s.Profile.Region.Valid():
		return nil, shopkit.Invalid("commerce.invalid_snapshot", "profile.region", "unknown value "+quoteInput(string(s.Profile.Region)))
	}
	return &Merchant{
		id: s.ID, state: s.State, name: s.Name, email: s.Email, phone: s.Phone,
		tokenHash: s.TokenHash, tokenExpiresAt: s.TokenExpiresAt, emailVerifiedAt: s.EmailVerifiedAt,
		profile: s.Profile, categories: slices.Clone(s.Categories), submittedAt: s.SubmittedAt,
		reviewDue: s.ReviewDue, rejectionReasons: slices.Clone(s.RejectionReasons), terms: s.Terms,
		activatedAt: s.ActivatedAt, journal: RestoreJournal(s.History),
	}, nil
}

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

func trimProfile(p MerchantProfile) MerchantProfile {
	for _, f := range []*string{&p.LegalName, &p.CreditCode, &p.LegalRepresentative, &p.IDNumber, &p.IDDocument,
		&p.BusinessLicence, &p.TaxRegistration, &p.Address, &p.BankAccount} {
		*f = strings.TrimSpace(*f)
	}
	return p
}

// profileFormatProblems lists the malformed fields of a (possibly incomplete)
// profile: unknown enumerations and over-long or invalid text.
func profileFormatProblems(p MerchantProfile) []shopkit.FieldProblem {
	var ps []shopkit.FieldProblem
	if p.Kind != "" && !p.Kind.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "profile.kind", Problem: "unknown value " + quoteInput(string(p.Kind))})
	}
	if p.Region != "" && !p.Region.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "profile.region", Problem: "unknown value " + quoteInput(string(p.Region))})
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

package merchant

import (
	"crypto/subtle"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

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
	state            State
	name             string
	email            string
	phone            string
	tokenHash        string
	tokenExpiresAt   time.Time
	emailVerifiedAt  time.Time
	profile          Profile
	categories       []string
	submittedAt      time.Time
	policyVersion    string // the review policy version of the last submission; "" for a plain Policy
	reviewDue        time.Time
	rejectionReasons []string
	terms            Terms
	activatedAt      time.Time
	// globalPurchase: the last global-purchase evaluation tagged the merchant
	// (R1.2); nextEvaluation: when the next one falls due (zero: none
	// scheduled), indexed through Deadline.
	globalPurchase bool
	nextEvaluation time.Time
	journal        shopkit.Journal
}

// NewMerchant registers an applicant (R1.1). by must be the applicant: role
// merchant (else a *shopkit.TransitionError with CodeWrongRole) with an ID, and
// when reg.ID is given, the merchant of that ID (by.ID is reg.ID's text, or
// by.Shops holds it), else an error with code shopkit.CodeNotParty: nobody
// registers an application in another's name. Name, e-mail address and phone
// are required and checked; every bad field is listed in one ValidationError
// (code CodeInvalidRegistration). The verification token must be non-empty and
// expire after now. The journal records the registration and a notify effect
// asking the host to send the verification e-mail.
func NewMerchant(by shopkit.Actor, reg Registration, v EmailVerification, now time.Time) (*Merchant, error) {
	if by.Role != shopkit.Merchant {
		return nil, &shopkit.TransitionError{Workflow: WorkflowName, State: "", Action: string(MerchantRegister),
			Role: by.Role, WrongRole: true}
	}
	if err := checkRegistrant(reg.ID, by); err != nil {
		return nil, err
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
	if err := shopkit.Incomplete(CodeInvalidRegistration, problems); err != nil {
		return nil, err
	}
	id := reg.ID
	if id == uuid.Nil {
		id = uuid.New()
	}
	m := &Merchant{
		id:             id,
		journal:        shopkit.NewJournal(id.String()),
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
func (m *Merchant) ResendVerification(by shopkit.Actor, now time.Time, v EmailVerification) error {
	to, err := merchantFSM.Authorize(m.state, MerchantResendVerification, by, m.Parties())
	if err != nil {
		return err
	}
	if err := shopkit.Incomplete(CodeInvalidVerification, verificationProblems(v, now)); err != nil {
		return err
	}
	m.tokenHash, m.tokenExpiresAt = tokenDigest(v.Token), v.ExpiresAt
	m.change(by, now, MerchantResendVerification, to, "", nil)
	m.notifyMerchant(now, MerchantResendVerification, "verify_email")
	return nil
}

// VerifyEmail verifies the e-mail address with the token from the link (R1.1). A
// token other than the current one is an error with code CodeTokenMismatch
// (errors.Is shopkit.ErrInvalid); the right token after its expiry is an error with
// code CodeTokenExpired (errors.Is shopkit.ErrNotAllowed): the applicant asks
// for a new one. At exactly the expiry the token still works.
func (m *Merchant) VerifyEmail(by shopkit.Actor, now time.Time, token string) error {
	to, err := merchantFSM.Authorize(m.state, MerchantVerifyEmail, by, m.Parties())
	if err != nil {
		return err
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(tokenDigest(token)), []byte(m.tokenHash)) != 1 {
		return shopkit.NewError(shopkit.ErrInvalid, CodeTokenMismatch,
			"the verification token does not match; use the latest link")
	}
	if now.After(m.tokenExpiresAt) {
		return shopkit.NewError(shopkit.ErrNotAllowed, CodeTokenExpired,
			"the verification token expired at "+m.tokenExpiresAt.Format(time.RFC3339)+"; request a new one")
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
// "profile.credit_code" with code CodeCreditCodeLength, _charset or
// _check). Other bad fields are listed in one ValidationError with code
// CodeInvalidProfile.
func (m *Merchant) UpdateProfile(by shopkit.Actor, now time.Time, p Profile) error {
	to, err := merchantFSM.Authorize(m.state, MerchantUpdateProfile, by, m.Parties())
	if err != nil {
		return err
	}
	p = trimProfile(p)
	if p.Region == RegionMainland && p.Kind.licensed() && p.CreditCode != "" {
		if err := ValidateCreditCode(p.CreditCode); err != nil {
			return err
		}
	}
	if err := shopkit.Incomplete(CodeInvalidProfile, profileFormatProblems(p)); err != nil {
		return err
	}
	m.profile = p
	m.change(by, now, MerchantUpdateProfile, to, "", p.documents())
	return nil
}

// ChooseCategories sets the service categories the applicant wants to trade in
// (R1.1): at least one, each non-blank and named once. Which categories exist is
// the host's catalogue.
func (m *Merchant) ChooseCategories(by shopkit.Actor, now time.Time, categories []string) error {
	to, err := merchantFSM.Authorize(m.state, MerchantChooseCategories, by, m.Parties())
	if err != nil {
		return err
	}
	if len(categories) == 0 {
		return shopkit.Invalid(CodeInvalidCategories, "categories", "must name at least one category")
	}
	cats := make([]string, len(categories))
	for i, c := range categories {
		c = strings.TrimSpace(c)
		field := "categories[" + strconv.Itoa(i) + "]"
		if p := textProblem(c, true); p != "" {
			return shopkit.Invalid(CodeInvalidCategories, field, p)
		}
		if slices.Contains(cats[:i], c) {
			return shopkit.Invalid(CodeInvalidCategories, field, "names "+text.Quote(c)+" twice")
		}
		cats[i] = c
	}
	m.categories = cats
	m.change(by, now, MerchantChooseCategories, to, "categories: "+strings.Join(cats, ", "), nil)
	return nil
}

// Submit sends the application to the platform for review (R1.1). The application
// must be complete: otherwise one ValidationError with code
// CodeIncompleteApplication lists every missing or bad field. The review is
// due at the end of the policy's ReviewWorkingDays-th working day after now on
// cal (R0.3), or, when the policy's ReviewWithin is set (the OTTO-like 2–4
// weeks of R1.2, CrossBorderMarketplaceConfig.ReviewPolicy), at now +
// ReviewWithin: Deadline returns it, and a sweep marks the application overdue
// once it has passed. An invalid policy (Policy.Validate) or a nil calendar
// where working days are counted is a ValidationError with code
// CodeInvalidPolicy; the policy is read only here, so a changed policy applies
// to submissions from then on (R0.3).
func (m *Merchant) Submit(by shopkit.Actor, now time.Time, policy Policy, cal shopkit.WorkingCalendar) error {
	to, err := merchantFSM.Authorize(m.state, MerchantSubmit, by, m.Parties())
	if err != nil {
		return err
	}
	if err := policy.Validate(); err != nil {
		return err
	}
	if cal == nil && policy.ReviewWithin == 0 {
		return shopkit.Invalid(CodeInvalidPolicy, "calendar", "is required")
	}
	if err := shopkit.Incomplete(CodeIncompleteApplication, m.missing()); err != nil {
		return err
	}
	m.submittedAt = now
	m.reviewDue = policy.reviewDue(now, cal) // R1.1: 3 working days; R1.2 OTTO: 4 weeks
	m.policyVersion = ""                     // Service.Submit records the version it chose
	m.rejectionReasons = nil
	m.change(by, now, MerchantSubmit, to, "", nil)
	m.journal.Emit(now, string(MerchantSubmit), shopkit.Effect{Type: shopkit.EffectNotify, Party: "platform", Ref: m.id.String(),
		Note: "review_requested"})
	return nil
}

// Approve admits the merchant (R1.1): it becomes active at now with terms (R1.3)
// — a deposit that is not negative and in a known currency, and a commission plan
// reference — and is notified. A late decision (after the review deadline) is
// still allowed.
func (m *Merchant) Approve(by shopkit.Actor, now time.Time, terms Terms, note string) error {
	to, err := merchantFSM.Authorize(m.state, MerchantApprove, by, m.Parties())
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
	if err := shopkit.Incomplete(CodeInvalidTerms, problems); err != nil {
		return err
	}
	m.terms = terms
	m.activatedAt = now
	m.change(by, now, MerchantApprove, to, note, nil)
	m.notifyMerchant(now, MerchantApprove, "approved")
	return nil
}

// Reject turns the application down with reasons (R1.1): at least one, none blank
// (code CodeReasonsRequired). The applicant is notified and may edit and
// resubmit.
func (m *Merchant) Reject(by shopkit.Actor, now time.Time, reasons []string) error {
	to, err := merchantFSM.Authorize(m.state, MerchantReject, by, m.Parties())
	if err != nil {
		return err
	}
	if len(reasons) == 0 {
		return shopkit.Invalid(CodeReasonsRequired, "reasons", "must give at least one reason")
	}
	rs := make([]string, len(reasons))
	for i, r := range reasons {
		rs[i] = strings.TrimSpace(r)
		if p := textProblem(rs[i], true); p != "" {
			return shopkit.Invalid(CodeReasonsRequired, "reasons["+strconv.Itoa(i)+"]", p)
		}
	}
	m.rejectionReasons = rs
	m.change(by, now, MerchantReject, to, strings.Join(rs, "; "), nil)
	m.notifyMerchant(now, MerchantReject, "rejected")
	return nil
}

// Edit reopens a rejected application as a draft, keeping its data and the
// rejection reasons until it is submitted again.
func (m *Merchant) Edit(by shopkit.Actor, now time.Time) error {
	to, err := merchantFSM.Authorize(m.state, MerchantEdit, by, m.Parties())
	if err != nil {
		return err
	}
	m.change(by, now, MerchantEdit, to, "", nil)
	return nil
}

// Withdraw ends an application that is not under review. Final.
func (m *Merchant) Withdraw(by shopkit.Actor, now time.Time, reason string) error {
	to, err := merchantFSM.Authorize(m.state, MerchantWithdraw, by, m.Parties())
	if err != nil {
		return err
	}
	m.change(by, now, MerchantWithdraw, to, reason, nil)
	return nil
}

// ApplyDue applies the consequence of a passed review deadline (R1.1, R2.9): the
// application becomes review_overdue, stamped with the deadline's time, and the
// platform is notified. At exactly the deadline nothing is due yet; when nothing is
// due the error matches shopkit.ErrConflict (shopkit.CodeNotDue). A due
// global-purchase evaluation (R1.2) needs the host's facts: ApplyDue reports it
// as not due and leaves it to Service.Sweep or EvaluateGlobalPurchase.
func (m *Merchant) ApplyDue(now time.Time) error {
	timeout, ok := merchantFSM.Timeout(m.state)
	if !ok || !now.After(m.reviewDue) {
		return shopkit.NotDue(m.id)
	}
	by := shopkit.SystemActor()
	to, err := merchantFSM.Authorize(m.state, timeout.Action, by, m.Parties())
	if err != nil {
		return err
	}
	at := m.reviewDue
	m.change(by, at, timeout.Action, to, "review not decided within the deadline", nil)
	m.journal.Emit(at, string(timeout.Action), shopkit.Effect{Type: shopkit.EffectNotify, Party: "platform", Ref: m.id.String(),
		Note: "review_overdue"})
	return nil
}

// EvaluateGlobalPurchase is the periodic global-purchase evaluation of an
// active merchant (R1.2: "商家无须报名,系统每天对符合入驻规则商家进行实时打标",
// no application, the system tags daily). It runs GlobalPurchaseTag(cfg) on
// the facts the host supplies (conditions 5 and 6 included) at at; when the
// result differs from the current tag it tags or untags the merchant, recorded
// by the system as tag_global_purchase or untag_global_purchase with the
// reasons (every rule's when tagging, the failed rules' when untagging, each
// "code: reason") and a notification to the merchant. An evaluation that
// changes nothing records nothing. Either way the next evaluation falls due
// exactly cfg.EvaluateEvery after at (Deadline, NextEvaluation). A merchant
// that is not active is an error with code CodeNotActive (errors.Is
// shopkit.ErrNotAllowed); an invalid cfg is cfg.Validate's error. Neither
// changes anything.
func (m *Merchant) EvaluateGlobalPurchase(at time.Time, cfg GlobalPurchaseTagConfig, f AdmissionFacts) (AdmissionReport, error) {
	rules, err := GlobalPurchaseTag(cfg)
	if err != nil {
		return AdmissionReport{}, err
	}
	if m.state != MerchantActive {
		return AdmissionReport{}, shopkit.NewError(shopkit.ErrNotAllowed, CodeNotActive,
			"only an active merchant is evaluated for the global-purchase tag; this one is "+string(m.state))
	}
	rep := Evaluate(rules, f, at)
	if rep.Passed != m.globalPurchase {
		action, results, note := MerchantTagGlobalPurchase, rep.Results, "global_purchase_tagged"
		if !rep.Passed {
			action, results, note = MerchantUntagGlobalPurchase, rep.Failed(), "global_purchase_untagged"
		}
		reasons := make([]string, len(results))
		for i, r := range results {
			reasons[i] = r.Code + ": " + r.Reason
		}
		m.globalPurchase = rep.Passed
		m.change(shopkit.SystemActor(), at, action, m.state, strings.Join(reasons, "; "), nil)
		m.notifyMerchant(at, action, note)
	}
	m.nextEvaluation = at.Add(cfg.EvaluateEvery)
	return rep, nil
}

// evaluationDue returns the instant a due global-purchase evaluation is
// stamped with at now (R1.2, R2.9): the latest scheduled instant (next
// evaluation + k × every) at or before now, so a late sweep evaluates once, at
// the last instant it missed, rather than replaying days whose facts are gone.
// An evaluation is due exactly at its instant: it is the platform's schedule,
// not a party's deadline.
func (m *Merchant) evaluationDue(now time.Time, every time.Duration) (time.Time, bool) {
	if m.state != MerchantActive || m.nextEvaluation.IsZero() || now.Before(m.nextEvaluation) {
		return time.Time{}, false
	}
	at := m.nextEvaluation
	if every > 0 {
		at = at.Add(now.Sub(at) / every * every)
	}
	return at, true
}

func (m *Merchant) change(by shopkit.Actor, at time.Time, action Action, to State, reason string, evidence []string) {
	from := m.state
	m.state = to
	m.journal.Change(by, at, string(action), string(from), string(to), reason, evidence)
}

func (m *Merchant) notifyMerchant(at time.Time, action Action, note string) {
	ref := m.id.String()
	m.journal.Emit(at, string(action), shopkit.Effect{Type: shopkit.EffectNotify, Party: "merchant:" + ref, Ref: ref, Note: note})
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
func (m *Merchant) State() State { return m.state }

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
func (m *Merchant) Profile() Profile { return m.profile }

// Categories returns a copy of the chosen service categories.
func (m *Merchant) Categories() []string { return slices.Clone(m.categories) }

// PolicyVersion returns the name of the review policy version in force when
// the application was last submitted (ServiceConfig.Policies), "" for one
// submitted under a plain Policy. Its review deadline was fixed then: a later
// version never moves it (R0.3).
func (m *Merchant) PolicyVersion() string { return m.policyVersion }

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
func (m *Merchant) Terms() Terms { return m.terms }

// ActivatedAt returns when the merchant became active, if it did: commission
// offers for new merchants count from it (R4.2).
func (m *Merchant) ActivatedAt() (time.Time, bool) { return m.activatedAt, !m.activatedAt.IsZero() }

// Deadline returns the review deadline while the application is under review
// (R1.1), or, for an active merchant with a global-purchase evaluation
// scheduled, when it falls due (R1.2): the countdown a frontend shows and what
// the store's Due indexes.
func (m *Merchant) Deadline() (time.Time, bool) {
	switch {
	case m.state.Waiting():
		return m.reviewDue, true
	case m.state == MerchantActive && !m.nextEvaluation.IsZero():
		return m.nextEvaluation, true
	}
	return time.Time{}, false
}

// GlobalPurchaseTagged reports whether the last global-purchase evaluation
// tagged the merchant (R1.2).
func (m *Merchant) GlobalPurchaseTagged() bool { return m.globalPurchase }

// NextEvaluation returns when the next global-purchase evaluation falls due
// (R1.2), if one is scheduled.
func (m *Merchant) NextEvaluation() (time.Time, bool) {
	return m.nextEvaluation, !m.nextEvaluation.IsZero()
}

// Parties are who the application belongs to (R0.4). It has no buyer: the
// applicant is the merchant it creates, so Shop is the merchant's own ID. The
// applicant acts as that merchant (actor ID = ID().String(), or a staff member
// with the ID in Actor.Shops); a platform operator decides when it acts for the
// whole platform (no Shops) or for this merchant; the system always may act.
// Every action checks its actor against them (shopkit.CodeNotParty).
func (m *Merchant) Parties() shopkit.Parties { return shopkit.Parties{Shop: m.id} }

// checkRegistrant checks that by may register the application of id: by is
// its merchant (Parties.Check). When no ID is given (NewMerchant draws one), any
// merchant actor with an ID may: the new application is nobody else's.
func checkRegistrant(id uuid.UUID, by shopkit.Actor) error {
	if id == uuid.Nil && by.ID != "" {
		return nil
	}
	return shopkit.Parties{Shop: id}.Check(by)
}

// AllowedActions lists the actions by may take now, in table order: the
// buttons a frontend shows that actor. It is empty when by is not a party
// (Parties).
func (m *Merchant) AllowedActions(by shopkit.Actor) []Action {
	return merchantFSM.AllowedFor(m.state, by, m.Parties())
}

// History returns the audit entries the merchant holds, oldest first (R0.4):
// every entry of a merchant built and acted on in memory, and of one loaded
// from a store only those added since; the whole trail is the store's
// (Store.Trail).
func (m *Merchant) History() []shopkit.Entry { return m.journal.History() }

// Unsaved returns the audit entries added since the merchant was created or
// loaded and not yet saved: what a store's Create or Update appends to its
// trail together with its state.
func (m *Merchant) Unsaved() []shopkit.Entry { return m.journal.Unsaved() }

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
	return "merchant " + m.id.String() + " (" + string(m.state) + ") name=" + shopkit.MaskName(m.name) +
		" email=" + shopkit.MaskEmail(m.email) + " phone=" + shopkit.MaskPhone(m.phone) + " " + m.profile.String()
}

// GoString masks personal data in %#v too (R0.5).
func (m *Merchant) GoString() string { return m.String() }

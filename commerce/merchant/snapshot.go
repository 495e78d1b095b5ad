package merchant

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// Snapshot is every persisted field of a Merchant, for host stores. It
// holds personal data in clear: its String masks it.
type Snapshot struct {
	ID    uuid.UUID `json:"id"`
	State State     `json:"state"`
	Name  string    `json:"name"`
	Email string    `json:"email"`
	Phone string    `json:"phone"`
	// TokenHash is the hex SHA-256 digest of the pending verification token; ""
	// once the address is verified.
	TokenHash       string    `json:"token_hash"`
	TokenExpiresAt  time.Time `json:"token_expires_at,omitzero"`
	EmailVerifiedAt time.Time `json:"email_verified_at,omitzero"`
	Profile         Profile   `json:"profile"`
	Categories      []string  `json:"categories"`
	SubmittedAt     time.Time `json:"submitted_at,omitzero"`
	// PolicyVersion is Merchant.PolicyVersion: "" for a plain Policy and in
	// snapshots from before versions.
	PolicyVersion    string    `json:"policy_version,omitempty"`
	ReviewDue        time.Time `json:"review_due,omitzero"`
	RejectionReasons []string  `json:"rejection_reasons"`
	Terms            Terms     `json:"terms"`
	ActivatedAt      time.Time `json:"activated_at,omitzero"`
	// GlobalPurchaseTagged and NextEvaluation are the global-purchase tag and
	// when it is next evaluated (R1.2); zero when none is scheduled.
	GlobalPurchaseTagged bool      `json:"global_purchase_tagged"`
	NextEvaluation       time.Time `json:"next_evaluation,omitzero"`
	// Seq is the length of the merchant's audit trail in the store: the next
	// entry is Seq + 1.
	Seq int `json:"seq"`
}

// String masks the personal data (R0.5).
func (s Snapshot) String() string {
	return "snapshot of merchant " + s.ID.String() + " (" + string(s.State) + ") name=" + shopkit.MaskName(s.Name) +
		" email=" + shopkit.MaskEmail(s.Email) + " phone=" + shopkit.MaskPhone(s.Phone) + " " + s.Profile.String()
}

// GoString masks the personal data in %#v too (R0.5).
func (s Snapshot) GoString() string { return s.String() }

// Snapshot returns every field, for a host store. Seq counts the unsaved
// entries too: it is what the trail holds once the store has appended them.
func (m *Merchant) Snapshot() Snapshot {
	return Snapshot{
		ID: m.id, State: m.state, Name: m.name, Email: m.email, Phone: m.phone,
		TokenHash: m.tokenHash, TokenExpiresAt: m.tokenExpiresAt, EmailVerifiedAt: m.emailVerifiedAt,
		Profile: m.profile, Categories: slices.Clone(m.categories), SubmittedAt: m.submittedAt,
		PolicyVersion: m.policyVersion, ReviewDue: m.reviewDue, RejectionReasons: slices.Clone(m.rejectionReasons), Terms: m.terms,
		ActivatedAt: m.activatedAt, GlobalPurchaseTagged: m.globalPurchase, NextEvaluation: m.nextEvaluation,
		Seq: m.journal.Seq(),
	}
}

// RestoreMerchant rebuilds a merchant from a snapshot without re-running the
// workflow's rules; the merchant holds no entry of its trail, and its next one
// is numbered s.Seq + 1. Only the identity, the enumerations and Seq are checked
// (code CodeInvalidSnapshot).
func RestoreMerchant(s Snapshot) (*Merchant, error) {
	switch {
	case s.ID == uuid.Nil:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "id", "is required")
	case !s.State.Valid():
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "state", "unknown value "+text.Quote(string(s.State)))
	case s.Profile.Kind != "" && !s.Profile.Kind.Valid():
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "profile.kind", "unknown value "+text.Quote(string(s.Profile.Kind)))
	case s.Profile.Region != "" && !s.Profile.Region.Valid():
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "profile.region", "unknown value "+text.Quote(string(s.Profile.Region)))
	case s.Seq < 0:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "seq", "must not be negative")
	}
	return &Merchant{
		id: s.ID, state: s.State, name: s.Name, email: s.Email, phone: s.Phone,
		tokenHash: s.TokenHash, tokenExpiresAt: s.TokenExpiresAt, emailVerifiedAt: s.EmailVerifiedAt,
		profile: s.Profile, categories: slices.Clone(s.Categories), submittedAt: s.SubmittedAt,
		policyVersion: s.PolicyVersion, reviewDue: s.ReviewDue, rejectionReasons: slices.Clone(s.RejectionReasons), terms: s.Terms,
		activatedAt: s.ActivatedAt, globalPurchase: s.GlobalPurchaseTagged, nextEvaluation: s.NextEvaluation,
		journal: shopkit.ResumeJournal(s.ID.String(), s.Seq),
	}, nil
}

package merchant

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Store is what the merchant workflow needs of a host's storage (R2.8).
// merchanttest.NewStore is an in-memory implementation and merchanttest.TestStore
// the conformance suite for a host's own.
//
// Instants are compared to the nanosecond: a store keeps them exactly (in the
// JSON state); a SQL timestamp column kept for an index may round them to the
// microsecond, since queries use it only to find candidates.
type Store interface {
	// Trail reads a merchant's audit trail, which Create and Update append to
	// (R0.4).
	shopkit.TrailReader
	// Create stores a new merchant and its audit entries; an existing ID is a
	// conflict (shopkit.ErrConflict).
	Create(ctx context.Context, m *Merchant) error
	// Get returns a copy of the merchant, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Merchant, error)
	// Update loads the merchant, calls fn, and persists the result together with
	// the audit entries fn added (m.Unsaved()) atomically. If fn fails, nothing is
	// written and fn's error is returned. Concurrent updates of one merchant never
	// lose a change: the store serialises them. The store may run fn more than once (after a
	// transient failure); fn changes only the entity it is given. When the store
	// gives up it returns an error matching shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(m *Merchant) error) error
	// Due lists at most limit merchants whose Deadline is at or before t, earliest
	// first: applications under review whose review deadline may have passed.
	// limit must be at least 1; below 1 it is shopkit.CheckLimit's ErrInvalid
	// error.
	Due(ctx context.Context, t time.Time, limit int) ([]*Merchant, error)
	// Claim lists at most limit merchants whose Deadline is at or before t and
	// that no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (R2.9).
	// Sweep calls it, so sweeps on several instances split the due work.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Merchant, error)
	// OverdueReviews lists at most limit applications whose review is overdue at
	// now (R1.1): in state review_overdue, or under review with a review deadline
	// before now that no sweep has marked yet; earliest review deadline first.
	// limit must be at least 1; below 1 it is shopkit.CheckLimit's ErrInvalid
	// error.
	OverdueReviews(ctx context.Context, now time.Time, limit int) ([]*Merchant, error)
}

// ReviewOverdue reports whether m's review decision is overdue at now (R1.1): it
// was marked overdue, or it is under review and now is after the deadline. A host
// store's OverdueReviews returns exactly the merchants for which this is true.
func (m *Merchant) ReviewOverdue(now time.Time) bool {
	switch m.state {
	case MerchantReviewOverdue:
		return true
	case MerchantUnderReview:
		return now.After(m.reviewDue)
	}
	return false
}

// ServiceConfig is what NewService wires together.
type ServiceConfig struct {
	Store  Store  // the host's merchants (R2.8)
	Policy Policy // the review deadline: working days (R1.1) or elapsed time (R1.2 OTTO); or set Policies
	// Policies are the review policy's versions over time, for rules that
	// change: an application is submitted under the version in force at the
	// service's now and records its name (Merchant.PolicyVersion). Set it
	// instead of Policy, not with it.
	Policies shopkit.Schedule[Policy]
	Calendar shopkit.WorkingCalendar // working days for the review deadline (R0.3)
	Clock    shopkit.Clock           // the time every action is stamped with (R0.3)
	// GlobalPurchase, when set, makes the platform tag its active merchants for
	// global purchase (R1.2): Approve schedules a merchant's first evaluation
	// at its activation, and Sweep applies every due one. Nil: no tagging.
	GlobalPurchase *GlobalPurchaseTagConfig
	// Facts gathers a merchant's admission facts for an evaluation at at,
	// conditions 5 and 6 included (BuyerPreferenceMet,
	// CounterfeitPenaltyHistory, OperatingRequirementsMet). Required with
	// GlobalPurchase. It is called inside the store's Update, possibly more
	// than once, with a copy of the merchant.
	Facts func(ctx context.Context, m *Merchant, at time.Time) (AdmissionFacts, error)
}

// Service runs the application workflow against a store: each method loads the
// merchant, applies one checked action at the clock's time, and saves it with its
// audit entries. It holds no rules of its own. Build one with NewService: the
// methods of a zero Service return an error with code shopkit.CodeNotBuilt.
type Service struct {
	store    Store
	policies shopkit.Schedule[Policy] // a plain Policy is one version named ""
	calendar shopkit.WorkingCalendar
	clock    shopkit.Clock
	tag      *GlobalPurchaseTagConfig
	facts    func(ctx context.Context, m *Merchant, at time.Time) (AdmissionFacts, error)
}

// NewService checks cfg and returns its service. A nil store, calendar or clock,
// an invalid policy, Policy and Policies both set, or a version of Policies
// without a name or with an invalid policy, is a *shopkit.ValidationError
// (CodeInvalidConfig) naming every field at fault ("store",
// "policy.review_working_days" for a policy field,
// "policies.versions[1].policy.review_working_days" for a version's).
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	for _, f := range []struct {
		name    string
		missing bool
	}{
		{"store", cfg.Store == nil}, {"calendar", cfg.Calendar == nil}, {"clock", cfg.Clock == nil},
	} {
		if f.missing {
			problems = append(problems, shopkit.FieldProblem{Field: f.name, Problem: "is required"})
		}
	}
	versions := cfg.Policies.Versions()
	switch {
	case len(versions) > 0 && cfg.Policy != (Policy{}):
		problems = append(problems, shopkit.FieldProblem{Field: "policies", Problem: "is set together with policy; set exactly one"})
	case len(versions) > 0:
		for i, v := range versions {
			at := "policies.versions[" + strconv.Itoa(i) + "]"
			if v.Name == "" {
				problems = append(problems, shopkit.FieldProblem{Field: at + ".name", Problem: "is required"})
			}
			problems = append(problems, shopkit.ProblemsUnder(at+".policy", v.Policy.Validate())...)
		}
	default:
		problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	}
	var tag *GlobalPurchaseTagConfig
	if cfg.GlobalPurchase != nil {
		c := *cfg.GlobalPurchase // the service keeps its own copy
		tag = &c
		problems = append(problems, shopkit.ProblemsUnder("global_purchase", c.Validate())...)
		if cfg.Facts == nil {
			problems = append(problems, shopkit.FieldProblem{Field: "facts", Problem: "is required with global_purchase"})
		}
	}
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	policies := shopkit.Always("", cfg.Policy)
	if len(versions) > 0 {
		var err error
		if policies, err = shopkit.NewSchedule(versions...); err != nil {
			return nil, shopkit.Incomplete(CodeInvalidConfig, shopkit.ProblemsUnder("policies", err))
		}
	}
	return &Service{store: cfg.Store, policies: policies, calendar: cfg.Calendar, clock: cfg.Clock,
		tag: tag, facts: cfg.Facts}, nil
}

// Policy returns the policy new submissions are reviewed under now: with
// Policies, the version in force at the service's now (the first version's
// before it); the zero Policy for a Service NewService did not build.
func (s *Service) Policy() Policy {
	if s == nil || s.clock == nil {
		return Policy{}
	}
	if v, err := s.policies.At(s.clock()); err == nil {
		return v.Policy
	}
	if vs := s.policies.Versions(); len(vs) > 0 {
		return vs[0].Policy
	}
	return Policy{}
}

// ready reports a Service that NewService did not build (a zero Service): every
// method that uses the store or the clock returns shopkit.NotBuilt, never panics.
func (s *Service) ready() error {
	if s == nil || s.store == nil || s.clock == nil || s.calendar == nil {
		return shopkit.NotBuilt("merchant.Service")
	}
	return nil
}

func (s *Service) update(ctx context.Context, id uuid.UUID, fn func(m *Merchant, now time.Time) error) error {
	if err := s.ready(); err != nil {
		return err
	}
	now := s.clock()
	return s.store.Update(ctx, id, func(m *Merchant) error { return fn(m, now) })
}

// Register creates and stores a new applicant (see NewMerchant).
func (s *Service) Register(ctx context.Context, by shopkit.Actor, reg Registration, v EmailVerification) (*Merchant, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	m, err := NewMerchant(by, reg, v, s.clock())
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, m); err != nil {
		return nil, err
	}
	m.MarkSaved()
	return m, nil
}

// Get returns the merchant.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Merchant, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, id)
}

// ResendVerification replaces the verification token (see Merchant.ResendVerification).
func (s *Service) ResendVerification(ctx context.Context, id uuid.UUID, by shopkit.Actor, v EmailVerification) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.ResendVerification(by, now, v) })
}

// VerifyEmail verifies the e-mail address (see Merchant.VerifyEmail).
func (s *Service) VerifyEmail(ctx context.Context, id uuid.UUID, by shopkit.Actor, token string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.VerifyEmail(by, now, token) })
}

// UpdateProfile replaces the profile (see Merchant.UpdateProfile).
func (s *Service) UpdateProfile(ctx context.Context, id uuid.UUID, by shopkit.Actor, p Profile) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.UpdateProfile(by, now, p) })
}

// ChooseCategories sets the service categories (see Merchant.ChooseCategories).
func (s *Service) ChooseCategories(ctx context.Context, id uuid.UUID, by shopkit.Actor, categories []string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.ChooseCategories(by, now, categories) })
}

// Submit submits the application with the service's calendar and the policy
// version in force at the service's now (see Merchant.Submit), and records the
// version's name on the merchant (Merchant.PolicyVersion): a later version
// applies to submissions from its From on and never moves a pending review's
// deadline (R0.3). Before the first version it is shopkit.CodeNoVersionInForce
// and nothing changes.
func (s *Service) Submit(ctx context.Context, id uuid.UUID, by shopkit.Actor) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error {
		v, err := s.policies.At(now)
		if err != nil {
			return err
		}
		if err := m.Submit(by, now, v.Policy, s.calendar); err != nil {
			return err
		}
		m.policyVersion = v.Name
		return nil
	})
}

// Approve admits the merchant (see Merchant.Approve). With GlobalPurchase set,
// its first global-purchase evaluation falls due at its activation (R1.2), for
// the next sweep.
func (s *Service) Approve(ctx context.Context, id uuid.UUID, by shopkit.Actor, terms Terms, note string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error {
		if err := m.Approve(by, now, terms, note); err != nil {
			return err
		}
		if s.tag != nil {
			m.nextEvaluation = now
		}
		return nil
	})
}

// EvaluateGlobalPurchase evaluates an active merchant for the global-purchase
// tag now, with the facts of ServiceConfig.Facts (see
// Merchant.EvaluateGlobalPurchase), and so schedules the next evaluation: how
// a host brings merchants active before it set GlobalPurchase into the daily
// evaluation. Without GlobalPurchase it is an error with code
// CodeInvalidConfig.
func (s *Service) EvaluateGlobalPurchase(ctx context.Context, id uuid.UUID) (AdmissionReport, error) {
	if err := s.ready(); err != nil {
		return AdmissionReport{}, err
	}
	if s.tag == nil {
		return AdmissionReport{}, shopkit.Invalid(CodeInvalidConfig, "global_purchase", "is not set")
	}
	var rep AdmissionReport
	err := s.update(ctx, id, func(m *Merchant, now time.Time) error {
		var err error
		rep, err = s.evaluate(ctx, m, now)
		return err
	})
	return rep, err
}

// evaluate gathers m's facts at at (on a copy of m) and runs its
// global-purchase evaluation at at: the step both EvaluateGlobalPurchase and
// Sweep take.
func (s *Service) evaluate(ctx context.Context, m *Merchant, at time.Time) (AdmissionReport, error) {
	f, err := s.facts(ctx, m.Clone(), at)
	if err != nil {
		return AdmissionReport{}, err
	}
	return m.EvaluateGlobalPurchase(at, *s.tag, f)
}

// Reject turns the application down (see Merchant.Reject).
func (s *Service) Reject(ctx context.Context, id uuid.UUID, by shopkit.Actor, reasons []string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Reject(by, now, reasons) })
}

// Edit reopens a rejected application (see Merchant.Edit).
func (s *Service) Edit(ctx context.Context, id uuid.UUID, by shopkit.Actor) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Edit(by, now) })
}

// Withdraw ends an application (see Merchant.Withdraw).
func (s *Service) Withdraw(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Withdraw(by, now, reason) })
}

// OverdueReviews lists at most limit (≥ 1) applications whose review is overdue
// now (R1.1), earliest review deadline first.
func (s *Service) OverdueReviews(ctx context.Context, limit int) ([]*Merchant, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.OverdueReviews(ctx, s.clock(), limit)
}

// Sweep marks every application whose review deadline has passed as overdue
// (R1.1, R2.9), each stamped with its deadline, and, with GlobalPurchase set,
// applies every due global-purchase evaluation (R1.2): one per merchant,
// stamped with the latest scheduled instant at or before now, on the facts of
// ServiceConfig.Facts. A merchant whose facts fail is a SweepFailure and stays
// due.
func (s *Service) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*sweepItem](ctx, sweepStore{s}, s.clock(), 100)
}

// sweepStore lets shopkit.Sweep apply both kinds of due work of a merchant:
// a passed review deadline (ApplyDue) and a due global-purchase evaluation,
// which needs the context and the host's facts.
type sweepStore struct{ s *Service }

type sweepItem struct {
	ctx context.Context
	s   *Service
	m   *Merchant
}

func (x *sweepItem) ID() uuid.UUID { return x.m.ID() }

func (x *sweepItem) ApplyDue(now time.Time) error {
	if x.s.tag != nil {
		if at, ok := x.m.evaluationDue(now, x.s.tag.EvaluateEvery); ok {
			_, err := x.s.evaluate(x.ctx, x.m, at)
			return err
		}
	}
	return x.m.ApplyDue(now)
}

func (a sweepStore) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*sweepItem, error) {
	ms, err := a.s.store.Claim(ctx, t, limit, lease)
	out := make([]*sweepItem, len(ms))
	for i, m := range ms {
		out[i] = &sweepItem{ctx: ctx, s: a.s, m: m}
	}
	return out, err
}

func (a sweepStore) Update(ctx context.Context, id uuid.UUID, fn func(*sweepItem) error) error {
	return a.s.store.Update(ctx, id, func(m *Merchant) error { return fn(&sweepItem{ctx: ctx, s: a.s, m: m}) })
}

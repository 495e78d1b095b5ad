package aftersales

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ServiceConfig is what a Service needs. Cases, Ledgers, Clock and exactly one
// of Policy and Policies are required; NewService checks them.
type ServiceConfig struct {
	Cases   Store       // stores the cases
	Ledgers LedgerStore // stores the order ledgers
	Policy  Policy      // the deadlines and rules (DefaultPolicy); or set Policies
	// Policies are the policy's versions over time, for rules that change: a
	// case opens under the version in force at the service's now and records
	// its name (Case.PolicyVersion). Set it instead of Policy, not with it.
	Policies shopkit.Schedule[Policy]
	Clock    shopkit.Clock // the time of every action (R0.3)
	// InstantRefund returns a shop's instant auto-refund rule (R3.6); nil means no
	// shop has one.
	InstantRefund func(merchantID uuid.UUID) InstantRefundRule
	// Tiers reads the buyer's member tier in the shop when a case opens, so cases
	// of priority customers are marked (Case.Priority); membership.Service
	// implements it. Nil reads no tier. A reader error fails the opening and
	// changes nothing.
	Tiers shopkit.TierReader
}

// Service wires the case and ledger stores, the policy and a clock: load → act →
// save. It keeps no rule of its own; after a case reaches refunding it asks the
// order's ledger for the refund (an idempotent step keyed by the case), and when a
// case ends it frees the units the case held. Each of these steps, and the claim
// of a case's opening, spans the two stores: the step is recorded in the
// entity's state first, so that Resume, which a host runs periodically (with
// its sweeps) and after a restart, finishes any a crash or a store error
// interrupted.
//
// With ServiceConfig.Policies, Open and OpenVoucher take the version in force
// at the service's now (shopkit.Schedule.At) and the case keeps it, with its
// name (Case.PolicyVersion): a later version applies to cases opened from its
// From on and never moves an open case's deadlines (R0.3, R3).
type Service struct {
	cases         Store
	ledgers       LedgerStore
	policies      shopkit.Schedule[Policy] // a plain Policy is one version named ""
	clock         shopkit.Clock
	instantRefund func(merchantID uuid.UUID) InstantRefundRule
	tiers         shopkit.TierReader
}

// NewService returns the service of cfg. A missing store or clock, an invalid
// policy, Policy and Policies both set, or a version of Policies without a name
// or with an invalid policy, is a *shopkit.ValidationError with code
// CodeInvalidConfig naming the field ("policy.merchant_response" for a policy
// field, "policies.versions[1].policy.merchant_response" for a version's).
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, shopkit.FieldProblem{Field: field, Problem: problem})
	}
	if cfg.Cases == nil {
		add("cases", "is required")
	}
	if cfg.Ledgers == nil {
		add("ledgers", "is required")
	}
	if cfg.Clock == nil {
		add("clock", "is required")
	}
	versions := cfg.Policies.Versions()
	switch {
	case len(versions) > 0 && !reflect.ValueOf(cfg.Policy).IsZero():
		add("policies", "is set together with policy; set exactly one")
	case len(versions) > 0:
		for i, v := range versions {
			at := "policies.versions[" + strconv.Itoa(i) + "]"
			if v.Name == "" {
				add(at+".name", "is required")
			}
			problems = append(problems, shopkit.ProblemsUnder(at+".policy", v.Policy.Validate())...)
			versions[i].Policy = v.Policy.clone()
		}
	default:
		problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	}
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	policies := shopkit.Always("", cfg.Policy.clone())
	if len(versions) > 0 {
		var err error
		if policies, err = shopkit.NewSchedule(versions...); err != nil {
			return nil, shopkit.Incomplete(CodeInvalidConfig, shopkit.ProblemsUnder("policies", err))
		}
	}
	return &Service{cases: cfg.Cases, ledgers: cfg.Ledgers, policies: policies, clock: cfg.Clock,
		instantRefund: cfg.InstantRefund, tiers: cfg.Tiers}, nil
}

// version returns the policy version in force at t; before the first
// version it is shopkit.CodeNoVersionInForce.
func (s *Service) version(t time.Time) (shopkit.Version[Policy], error) {
	return s.policies.At(t)
}

// policyAt returns the policy in force at t, or the first version's before
// it: for what no case carries (a claim's grace, an order's first ledger).
func (s *Service) policyAt(t time.Time) Policy {
	if v, err := s.policies.At(t); err == nil {
		return v.Policy
	}
	if vs := s.policies.Versions(); len(vs) > 0 {
		return vs[0].Policy
	}
	return Policy{}
}

// ready refuses the zero Service, whose stores and clock are nil: a Service is
// built by NewService (shopkit.NotBuilt).
func (s *Service) ready() error {
	if s.cases == nil || s.ledgers == nil || s.clock == nil {
		return shopkit.NotBuilt("aftersales.Service")
	}
	return nil
}

// Policy returns the policy the service opens cases with now: with Policies,
// the version in force at the service's now (the first version's before it).
func (s *Service) Policy() Policy {
	if s.clock == nil {
		return Policy{}
	}
	return s.policyAt(s.now()).clone()
}

func (s *Service) now() time.Time { return s.clock() }

// readTier asks the tier reader for the buyer's tier in the shop; no reader is no
// tier.
func (s *Service) readTier(ctx context.Context, shop uuid.UUID, buyerID string) (shopkit.MemberTier, error) {
	if s.tiers == nil {
		return shopkit.MemberTier{}, nil
	}
	return s.tiers.MemberTier(ctx, shop, buyerID)
}

// Ledger returns the order's ledger, creating it from the order snapshot the first
// time.
func (s *Service) Ledger(ctx context.Context, order Order) (*Ledger, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	l, err := s.ledgers.Get(ctx, order.ID)
	if err == nil || !errors.Is(err, shopkit.ErrNotFound) {
		return l, err
	}
	now := s.now()
	nl, err := NewLedger(order, s.policyAt(now).Shipping, now)
	if err != nil {
		return nil, err
	}
	if err := s.ledgers.Create(ctx, nl); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return nil, err
	}
	return s.ledgers.Get(ctx, order.ID)
}

// Open opens a case for the buyer's application (R3.2): eligibility, then the
// order ledger's claim on the units (not already in another open case),
// unconfirmed, then the shop's instant auto-refund rule (R3.6), then the case
// is stored and the claim confirmed (with the refund of an instant case). An
// error with no case means no case was stored (its units are freed, at once or
// by Resume after the policy's ClaimGrace): the host may retry. An error with
// the case means the case is stored and a later step failed: Resume finishes
// it.
func (s *Service) Open(ctx context.Context, order Order, app Application) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	v, err := s.version(now)
	if err != nil {
		return nil, err
	}
	c, err := NewCase(v.Policy, order, app, now)
	if err != nil {
		return nil, err
	}
	c.policyVersion = v.Name
	return s.create(ctx, order, c, app.Lines, now)
}

// OpenVoucher opens the voucher case of a paid local-life order (R3.8).
func (s *Service) OpenVoucher(ctx context.Context, order Order, line int, validUntil time.Time) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	v, err := s.version(now)
	if err != nil {
		return nil, err
	}
	c, err := NewVoucherCase(v.Policy, order, line, validUntil, now)
	if err != nil {
		return nil, err
	}
	c.policyVersion = v.Name
	return s.create(ctx, order, c, c.Lines(), now)
}

// create claims the units in the order's ledger, unconfirmed, and works out
// the instant refund rule in the same Update; then it stores the case and
// confirms the claim: in the refund's own ledger Update when the case refunds at
// once, else in one of its own. A crash between the claim and the confirmation
// leaves an unconfirmed claim that Resume settles: confirmed if the case exists,
// freed once ClaimGrace has passed if it does not.
func (s *Service) create(ctx context.Context, order Order, c *Case, lines []LineQty, now time.Time) (*Case, error) {
	tier, err := s.readTier(ctx, order.MerchantID, order.BuyerID)
	if err != nil {
		return nil, err
	}
	c.tier = tier
	var quote shopkit.Money
	err = s.claim(ctx, order, c.policy.Shipping, now, func(l *Ledger) error {
		if err := l.Claim(c.ID(), lines, now); err != nil {
			return err
		}
		q, err := l.Quote(lines)
		if err != nil || s.instantRefund == nil || c.Kind() != RefundOnly {
			quote = q
			return err
		}
		// R3.6: the instant rule compares the whole refund, shipping included
		// when this refund would complete the order (R3.7): a dry run on a copy.
		req := c.RefundRequest()
		req.Key = c.ID().String() + ":quote"
		rec, _, err := l.Clone().Refund(req, now)
		quote = rec.Amount
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.instantRefund != nil {
		if _, err := c.ApplyInstantRefund(s.instantRefund(c.MerchantID()), quote, now); err != nil {
			s.release(ctx, c, now)
			return nil, err
		}
	}
	if err := s.cases.Create(ctx, c); err != nil {
		// A create that failed may have been written all the same (an error
		// after the commit): the units are freed at once only when the case is
		// known not to exist, and the opening goes on when it does; otherwise
		// the claim waits for Resume.
		_, gerr := s.cases.Get(ctx, c.ID())
		if gerr != nil {
			if errors.Is(gerr, shopkit.ErrNotFound) {
				s.release(ctx, c, now)
			}
			return nil, err
		}
	}
	c.MarkSaved()
	if !c.PendingRefund() {
		err := s.ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error { l.ConfirmClaim(c.ID(), now); return nil })
		if err != nil {
			return c, err
		}
	}
	return s.after(ctx, c, now)
}

// claim applies fn (a claim) to the order's ledger. An order with no ledger yet
// gets one built from the order snapshot with fn applied, and stored: one store
// call for the claim either way, and one more for an order's first case.
func (s *Service) claim(ctx context.Context, order Order, shipping ShippingRule, now time.Time, fn func(*Ledger) error) error {
	ran := false
	err := s.ledgers.Update(ctx, order.ID, func(l *Ledger) error { ran = true; return fn(l) })
	if ran || !errors.Is(err, shopkit.ErrNotFound) {
		return err
	}
	nl, err := NewLedger(order, shipping, now)
	if err != nil {
		return err
	}
	if err := fn(nl); err != nil {
		return err
	}
	err = s.ledgers.Create(ctx, nl)
	if errors.Is(err, shopkit.ErrConflict) {
		return s.ledgers.Update(ctx, order.ID, fn) // another case of the order created it first
	}
	return err
}

// release frees the units of a case that was not stored, best effort: a claim
// left behind is unconfirmed, and Resume frees it.
func (s *Service) release(ctx context.Context, c *Case, now time.Time) {
	_ = s.ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error { l.Release(c.ID(), now); return nil })
}

// Get returns a case.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.cases.Get(ctx, id)
}

// Act loads the case, applies fn at the clock's now (one of the case's action
// methods), saves it, and carries out the follow-up: the refund of a case that
// reached refunding, the release of an ended case's units. It returns the saved
// case. If fn fails nothing changes; if the follow-up fails it returns the saved
// case with the error, and the step stays pending for Resume.
//
//	c, err := svc.Act(ctx, id, func(c *aftersales.Case, now time.Time) error {
//		return c.Approve(merchant, now, "ok")
//	})
func (s *Service) Act(ctx context.Context, id uuid.UUID, fn func(c *Case, now time.Time) error) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, shopkit.NilArgument("fn")
	}
	now := s.now()
	var saved *Case
	err := s.cases.Update(ctx, id, func(c *Case) error {
		if err := fn(c, now); err != nil {
			return err
		}
		saved = c.Clone()
		return nil
	})
	if err != nil {
		return nil, err
	}
	saved.MarkSaved()
	return s.after(ctx, saved, now)
}

// after carries out the case's follow-up in the order ledger (Case.PendingStep):
// it issues a pending refund (confirming in the same Update a claim the case's
// opening left unconfirmed), then marks it issued in the case; it frees the
// units of an ended case, then marks them freed. Each ledger step is idempotent
// (the refund by its key, the release by the case), and each case Update checks
// that the step is still pending, so running it again after a failure between
// them (IssuePending, Resume) changes nothing twice. On a failure it returns the
// case as saved so far with the error: the step stays pending.
func (s *Service) after(ctx context.Context, c *Case, now time.Time) (*Case, error) {
	if c.PendingRefund() {
		req := c.RefundRequest()
		var rec shopkit.Refund
		err := s.ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error {
			l.ConfirmClaim(c.ID(), now)
			r, _, err := l.Refund(req, now)
			rec = r
			return err
		})
		if err != nil {
			return c, err
		}
		saved, err := s.markCase(ctx, c.ID(), func(x *Case) error {
			if !x.PendingRefund() {
				return nil
			}
			return x.MarkRefundIssued(rec, now)
		})
		if err != nil {
			return c, err
		}
		c = saved
	}
	if c.Terminal() && !c.UnitsReleased() {
		err := s.ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error { l.Release(c.ID(), now); return nil })
		if err != nil && !errors.Is(err, shopkit.ErrNotFound) { // no ledger: nothing is held
			return c, err
		}
		saved, err := s.markCase(ctx, c.ID(), func(x *Case) error {
			if !x.Terminal() || x.UnitsReleased() {
				return nil
			}
			return x.MarkUnitsReleased(now)
		})
		if err != nil {
			return c, err
		}
		c = saved
	}
	return c, nil
}

// markCase applies fn to the stored case and returns the case as saved.
func (s *Service) markCase(ctx context.Context, id uuid.UUID, fn func(*Case) error) (*Case, error) {
	var saved *Case
	err := s.cases.Update(ctx, id, func(x *Case) error {
		if err := fn(x); err != nil {
			return err
		}
		saved = x.Clone()
		return nil
	})
	if err != nil {
		return nil, err
	}
	saved.MarkSaved()
	return saved, nil
}

// IssuePending carries out the follow-up of a case again (its refund, the release
// of its units): what Resume does for every case Store.Pending lists, for one
// case whose ID the host has.
func (s *Service) IssuePending(ctx context.Context, id uuid.UUID) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	c, err := s.cases.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.after(ctx, c, s.now())
}

// ConfirmRefund records that the host's gateway paid the refund with key back: the
// ledger marks it confirmed and its case becomes refunded. Confirming twice is
// harmless.
func (s *Service) ConfirmRefund(ctx context.Context, orderID uuid.UUID, key string) (shopkit.Refund, error) {
	if err := s.ready(); err != nil {
		return shopkit.Refund{}, err
	}
	now := s.now()
	var rec shopkit.Refund
	err := s.ledgers.Update(ctx, orderID, func(l *Ledger) error {
		r, err := l.ConfirmRefund(key, now)
		rec = r
		return err
	})
	if err != nil || rec.CaseID == uuid.Nil || rec.Advance {
		return rec, err
	}
	_, err = s.Act(ctx, rec.CaseID, func(c *Case, now time.Time) error {
		if c.State() == Refunded {
			return nil
		}
		return c.ConfirmRefund(shopkit.SystemActor(), now, rec)
	})
	return rec, err
}

// RefundOrder refunds an order outside any case (R3.7): units no open case holds,
// or money only (price protection, compensation). The same key refunds once.
func (s *Service) RefundOrder(ctx context.Context, orderID uuid.UUID, req RefundRequest) (shopkit.Refund, error) {
	if err := s.ready(); err != nil {
		return shopkit.Refund{}, err
	}
	now := s.now()
	req.CaseID = uuid.Nil
	var rec shopkit.Refund
	err := s.ledgers.Update(ctx, orderID, func(l *Ledger) error {
		r, _, err := l.Refund(req, now)
		rec = r
		return err
	})
	return rec, err
}

// Advance pays amount to the buyer of a disputed case first on the platform's
// account (先行赔付, R3.9): a money-only refund through the order ledger, owed by
// the merchant as a MerchantDebt (LedgerStore.Debts). key makes it idempotent.
func (s *Service) Advance(ctx context.Context, caseID uuid.UUID, by shopkit.Actor, key string, amount shopkit.Money, reason string) (shopkit.Refund, error) {
	if err := s.ready(); err != nil {
		return shopkit.Refund{}, err
	}
	now := s.now()
	c, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return shopkit.Refund{}, err
	}
	if err := c.CheckAdvance(by, now); err != nil {
		return shopkit.Refund{}, err
	}
	idx := make([]int, 0, len(c.Lines()))
	for _, q := range c.Lines() {
		idx = append(idx, q.Line)
	}
	var rec shopkit.Refund
	err = s.ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error {
		if r, ok := l.RefundByKey(key); ok {
			rec = r
			return nil
		}
		lines, err := l.SpreadMoney(idx, amount)
		if err != nil {
			return err
		}
		r, _, err := l.Refund(RefundRequest{Key: key, CaseID: caseID, Lines: lines, Advance: true, By: by, Reason: reason}, now)
		rec = r
		return err
	})
	if err != nil {
		return rec, err
	}
	_, err = s.Act(ctx, caseID, func(c *Case, now time.Time) error { return c.RecordAdvance(by, now, rec) })
	return rec, err
}

// Sweep applies every consequence due now (R2.9) through the same checked
// transitions, each stamped with its deadline, and carries out the follow-up
// (refunds of auto-approved cases, voucher expiry refunds). It claims the cases
// it applies (Store.Claim), so sweeps on several instances split them. A conflict
// is skipped; sweeping twice is harmless; the cost grows with the due cases only.
func (s *Service) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Case](ctx, sweepStore{s}, s.now(), 100)
}

// sweepStore is the case store as shopkit.Sweep sees it: its Update also carries
// out the follow-up (the refund of an auto-approved case, the release of an ended
// case's units).
type sweepStore struct{ s *Service }

// Claim claims the due cases for the sweep's lease, so sweeps on several
// instances split them (R2.9).
func (w sweepStore) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Case, error) {
	return w.s.cases.Claim(ctx, t, limit, lease)
}

// Update applies fn to the case, saves it, then runs the follow-up (after) when
// the case has one.
func (w sweepStore) Update(ctx context.Context, id uuid.UUID, fn func(*Case) error) error {
	var saved *Case // set only when the case has a follow-up: most consequences have none
	err := w.s.cases.Update(ctx, id, func(c *Case) error {
		saved = nil // the store may run the closure again
		if err := fn(c); err != nil {
			return err
		}
		if _, ok := c.PendingStep(); ok {
			saved = c.Clone()
		}
		return nil
	})
	if err != nil || saved == nil {
		return err
	}
	saved.MarkSaved()
	_, err = w.s.after(ctx, saved, w.s.now())
	return err
}

// resumeBatch is how many pending entities Resume reads at a time.
const resumeBatch = 100

// Resume finishes the steps that actions across the two stores left unfinished
// (R2.8: a crash, or a store error, between two store calls): a host runs it
// periodically, with its sweeps, and after a restart. Running it twice, or on
// several instances at once, is harmless.
//
// First the cases with a pending follow-up (Store.Pending, oldest first): a
// refund the ledger has not issued, or issued but not marked in the case, and
// the units of an ended case not freed; each is carried out as after an action
// (IssuePending), and the ledger's refund is idempotent by the case's key, so
// nothing is refunded twice. Then the unconfirmed claims (LedgerStore.Pending,
// oldest first): a claim whose case exists (Store.Get) is confirmed; one whose
// case is not found is freed once it is older than the policy's ClaimGrace, and
// kept before, since an opening may still be storing its case.
//
// Applied counts the steps finished and the claims confirmed or freed, Skipped
// the unconfirmed claims still within their grace period; Failures name the
// case (a follow-up) or the order (a claim) with the cause, and the step stays
// pending for the next run. A failing store query ends the run with its error.
func (s *Service) Resume(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	now := s.now()
	var res shopkit.SweepResult
	err := eachPending(ctx, s.cases.Pending, (*Case).ID, func(c *Case) error {
		_, err := s.after(ctx, c, now)
		if err == nil {
			res.Applied++
		}
		return err
	}, &res)
	if err != nil {
		return res, err
	}
	err = eachPending(ctx, s.ledgers.Pending, (*Ledger).ID, func(l *Ledger) error {
		var first error
		for _, cl := range l.unconfirmed() {
			if err := s.settleClaim(ctx, l.ID(), cl, now, &res); err != nil && first == nil {
				first = err
			}
		}
		return first
	}, &res)
	return res, err
}

// eachPending lists pending entities in batches and calls fn once for each,
// recording its failures and going on; it stops when a batch brings nothing
// new.
func eachPending[T any](ctx context.Context, list func(context.Context, int) ([]T, error), id func(T) uuid.UUID,
	fn func(T) error, res *shopkit.SweepResult) error {
	seen := map[uuid.UUID]bool{}
	for {
		limit := resumeBatch + len(seen)
		batch, err := list(ctx, limit)
		if err != nil {
			return err
		}
		fresh := false
		for _, x := range batch {
			if seen[id(x)] {
				continue
			}
			seen[id(x)], fresh = true, true
			if err := fn(x); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				res.Failures = append(res.Failures, shopkit.SweepFailure{ID: id(x), Err: err})
			}
		}
		if !fresh || len(batch) < limit {
			return nil
		}
	}
}

// settleClaim confirms an unconfirmed claim whose case exists, and frees one
// whose case is not found once ClaimGrace has passed since it was made. The
// ledger Update checks the claim again: a claim confirmed or made again
// meanwhile is kept.
func (s *Service) settleClaim(ctx context.Context, orderID uuid.UUID, cl Claim, now time.Time, res *shopkit.SweepResult) error {
	_, err := s.cases.Get(ctx, cl.CaseID)
	var fn func(*Ledger) error
	switch {
	case err == nil:
		fn = func(l *Ledger) error { l.ConfirmClaim(cl.CaseID, now); return nil }
	case !errors.Is(err, shopkit.ErrNotFound):
		return err
	case !now.After(cl.At.Add(s.policyAt(cl.At).ClaimGrace)):
		res.Skipped++ // an opening may still be storing the case
		return nil
	default:
		fn = func(l *Ledger) error { l.releaseUnconfirmed(cl.CaseID, cl.At, now); return nil }
	}
	if err := s.ledgers.Update(ctx, orderID, fn); err != nil {
		return err
	}
	res.Applied++
	return nil
}

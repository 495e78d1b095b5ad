package aftersales

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ServiceConfig is what a Service needs. Cases, Ledgers, Policy and Clock are
// required; NewService checks them.
type ServiceConfig struct {
	Cases   Store         // stores the cases
	Ledgers LedgerStore   // stores the order ledgers
	Policy  Policy        // the deadlines and rules (DefaultPolicy)
	Clock   shopkit.Clock // the time of every action (R0.3)
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
// case ends it frees the units the case held.
type Service struct {
	cases         Store
	ledgers       LedgerStore
	policy        Policy
	clock         shopkit.Clock
	instantRefund func(merchantID uuid.UUID) InstantRefundRule
	tiers         shopkit.TierReader
}

// NewService returns the service of cfg. A missing store or clock, or an invalid
// policy, is a *shopkit.ValidationError with code CodeInvalidConfig naming the
// field ("policy.merchant_response" for a policy field).
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
	problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{cases: cfg.Cases, ledgers: cfg.Ledgers, policy: cfg.Policy.clone(), clock: cfg.Clock,
		instantRefund: cfg.InstantRefund, tiers: cfg.Tiers}, nil
}

// ready refuses the zero Service, whose stores and clock are nil: a Service is
// built by NewService (shopkit.NotBuilt).
func (s *Service) ready() error {
	if s.cases == nil || s.ledgers == nil || s.clock == nil {
		return shopkit.NotBuilt("aftersales.Service")
	}
	return nil
}

// Policy returns the policy the service opens cases with.
func (s *Service) Policy() Policy { return s.policy.clone() }

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
	nl, err := NewLedger(order, s.policy.Shipping, s.now())
	if err != nil {
		return nil, err
	}
	if err := s.ledgers.Create(ctx, nl); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return nil, err
	}
	return s.ledgers.Get(ctx, order.ID)
}

// Open opens a case for the buyer's application (R3.2): eligibility, then the
// order ledger's claim on the units (not already in another open case), then the
// shop's instant auto-refund rule (R3.6), then the case is stored.
func (s *Service) Open(ctx context.Context, order Order, app Application) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	c, err := NewCase(s.policy, order, app, now)
	if err != nil {
		return nil, err
	}
	return s.create(ctx, order, c, app.Lines, now)
}

// OpenVoucher opens the voucher case of a paid local-life order (R3.8).
func (s *Service) OpenVoucher(ctx context.Context, order Order, line int, validUntil time.Time) (*Case, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	c, err := NewVoucherCase(s.policy, order, line, validUntil, now)
	if err != nil {
		return nil, err
	}
	return s.create(ctx, order, c, c.Lines(), now)
}

func (s *Service) create(ctx context.Context, order Order, c *Case, lines []LineQty, now time.Time) (*Case, error) {
	tier, err := s.readTier(ctx, order.MerchantID, order.BuyerID)
	if err != nil {
		return nil, err
	}
	c.tier = tier
	if _, err := s.Ledger(ctx, order); err != nil {
		return nil, err
	}
	var quote shopkit.Money
	err = s.ledgers.Update(ctx, order.ID, func(l *Ledger) error {
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
		s.release(ctx, c, now)
		return nil, err
	}
	c.MarkSaved()
	return s.after(ctx, c, now)
}

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
// case. If fn fails nothing changes.
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

// after issues a pending refund through the order ledger and frees the units of an
// ended case. Both steps are idempotent, so a retry (IssuePending) after a crash
// between them does no harm.
func (s *Service) after(ctx context.Context, c *Case, now time.Time) (*Case, error) {
	if c.PendingRefund() {
		req := c.RefundRequest()
		var rec shopkit.Refund
		err := s.ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error {
			r, _, err := l.Refund(req, now)
			rec = r
			return err
		})
		if err != nil {
			return c, err
		}
		var saved *Case
		err = s.cases.Update(ctx, c.ID(), func(x *Case) error {
			if x.PendingRefund() {
				if err := x.MarkRefundIssued(rec, now); err != nil {
					return err
				}
			}
			saved = x.Clone()
			return nil
		})
		if err != nil {
			return c, err
		}
		saved.MarkSaved()
		c = saved
	}
	if c.Terminal() {
		s.release(ctx, c, now)
	}
	return c, nil
}

// IssuePending carries out the follow-up of a case again (its refund, the release
// of its units): what a host runs for a case whose follow-up was interrupted.
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
		if c.PendingRefund() || c.Terminal() {
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

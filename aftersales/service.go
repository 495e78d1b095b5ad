package aftersales

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// Service wires the case and ledger stores, the policy and a clock: load → act →
// save. It keeps no rule of its own; after a case reaches refunding it asks the
// order's ledger for the refund (an idempotent step keyed by the case), and when a
// case ends it frees the units the case held.
type Service struct {
	Cases   Store            // stores the cases
	Ledgers LedgerStore      // stores the order ledgers
	Policy  *Policy          // the deadlines and rules (DefaultPolicy)
	Clock   func() time.Time // the time of every action (R0.3)
	// InstantRefund returns a shop's instant auto-refund rule (R3.6); nil means no
	// shop has one.
	InstantRefund func(merchantID string) InstantRefundRule
	// Tiers reads the buyer's member tier when a case opens, so cases of
	// priority customers are marked (Case.Priority); nil reads no tier. A reader
	// error fails the opening and changes nothing.
	Tiers PriorityReader
}

func (s *Service) now() time.Time { return s.Clock() }

// Ledger returns the order's ledger, creating it from the order snapshot the first
// time.
func (s *Service) Ledger(ctx context.Context, order Order) (*Ledger, error) {
	l, err := s.Ledgers.Get(ctx, order.ID)
	if err == nil || !errors.Is(err, shopkit.ErrNotFound) {
		return l, err
	}
	nl, err := NewLedger(order, s.Policy.Shipping, s.now())
	if err != nil {
		return nil, err
	}
	if err := s.Ledgers.Create(ctx, nl); err != nil && !errors.Is(err, shopkit.ErrConflict) {
		return nil, err
	}
	return s.Ledgers.Get(ctx, order.ID)
}

// Open opens a case for the buyer's application (R3.2): eligibility, then the
// order ledger's claim on the units (not already in another open case), then the
// shop's instant auto-refund rule (R3.6), then the case is stored.
func (s *Service) Open(ctx context.Context, order Order, app Application) (*Case, error) {
	now := s.now()
	c, err := NewCase(s.Policy, order, app, now)
	if err != nil {
		return nil, err
	}
	return s.create(ctx, order, c, app.Lines, now)
}

// OpenVoucher opens the voucher case of a paid local-life order (R3.8).
func (s *Service) OpenVoucher(ctx context.Context, order Order, line int, validUntil time.Time) (*Case, error) {
	now := s.now()
	c, err := NewVoucherCase(s.Policy, order, line, validUntil, now)
	if err != nil {
		return nil, err
	}
	return s.create(ctx, order, c, c.Lines(), now)
}

func (s *Service) create(ctx context.Context, order Order, c *Case, lines []LineQty, now time.Time) (*Case, error) {
	tier, err := s.readTier(ctx, order.BuyerID)
	if err != nil {
		return nil, err
	}
	c.tier = tier
	if _, err := s.Ledger(ctx, order); err != nil {
		return nil, err
	}
	var quote commerce.Money
	err = s.Ledgers.Update(ctx, order.ID, func(l *Ledger) error {
		if err := l.Claim(c.ID(), lines, now); err != nil {
			return err
		}
		q, err := l.Quote(lines)
		if err != nil || s.InstantRefund == nil || c.Kind() != RefundOnly {
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
	if s.InstantRefund != nil {
		if _, err := c.ApplyInstantRefund(s.InstantRefund(c.MerchantID()), quote, now); err != nil {
			s.release(ctx, c, now)
			return nil, err
		}
	}
	if err := s.Cases.Create(ctx, c); err != nil {
		s.release(ctx, c, now)
		return nil, err
	}
	c.MarkSaved()
	return s.after(ctx, c, now)
}

func (s *Service) release(ctx context.Context, c *Case, now time.Time) {
	_ = s.Ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error { l.Release(c.ID(), now); return nil })
}

// Get returns a case.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Case, error) { return s.Cases.Get(ctx, id) }

// Act loads the case, applies fn at the clock's now (one of the case's action
// methods), saves it, and carries out the follow-up: the refund of a case that
// reached refunding, the release of an ended case's units. It returns the saved
// case. If fn fails nothing changes.
//
//	c, err := svc.Act(ctx, id, func(c *aftersales.Case, now time.Time) error {
//		return c.Approve(merchant, now, "ok")
//	})
func (s *Service) Act(ctx context.Context, id uuid.UUID, fn func(c *Case, now time.Time) error) (*Case, error) {
	now := s.now()
	var saved *Case
	err := s.Cases.Update(ctx, id, func(c *Case) error {
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
		var rec RefundRecord
		err := s.Ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error {
			r, _, err := l.Refund(req, now)
			rec = r
			return err
		})
		if err != nil {
			return c, err
		}
		var saved *Case
		err = s.Cases.Update(ctx, c.ID(), func(x *Case) error {
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
	c, err := s.Cases.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.after(ctx, c, s.now())
}

// ConfirmRefund records that the host's gateway paid the refund with key back: the
// ledger marks it confirmed and its case becomes refunded. Confirming twice is
// harmless.
func (s *Service) ConfirmRefund(ctx context.Context, orderID uuid.UUID, key string) (RefundRecord, error) {
	now := s.now()
	var rec RefundRecord
	err := s.Ledgers.Update(ctx, orderID, func(l *Ledger) error {
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
		return c.ConfirmRefund(commerce.SystemActor(), now, rec)
	})
	return rec, err
}

// RefundOrder refunds an order outside any case (R3.7): units no open case holds,
// or money only (price protection, compensation). The same key refunds once.
func (s *Service) RefundOrder(ctx context.Context, orderID uuid.UUID, req RefundRequest) (RefundRecord, error) {
	now := s.now()
	req.CaseID = uuid.Nil
	var rec RefundRecord
	err := s.Ledgers.Update(ctx, orderID, func(l *Ledger) error {
		r, _, err := l.Refund(req, now)
		rec = r
		return err
	})
	return rec, err
}

// Advance pays amount to the buyer of a disputed case first on the platform's
// account (先行赔付, R3.9): a money-only refund through the order ledger, owed by
// the merchant as a MerchantDebt (LedgerStore.Debts). key makes it idempotent.
func (s *Service) Advance(ctx context.Context, caseID uuid.UUID, by commerce.Actor, key string, amount commerce.Money, reason string) (RefundRecord, error) {
	now := s.now()
	c, err := s.Cases.Get(ctx, caseID)
	if err != nil {
		return RefundRecord{}, err
	}
	if err := c.CheckAdvance(by, now); err != nil {
		return RefundRecord{}, err
	}
	idx := make([]int, 0, len(c.Lines()))
	for _, q := range c.Lines() {
		idx = append(idx, q.Line)
	}
	var rec RefundRecord
	err = s.Ledgers.Update(ctx, c.OrderID(), func(l *Ledger) error {
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
// (refunds of auto-approved cases, voucher expiry refunds). A conflict is skipped;
// sweeping twice is harmless; the cost grows with the due cases only.
func (s *Service) Sweep(ctx context.Context) (commerce.SweepResult, error) {
	return commerce.Sweep[*Case](ctx, sweepStore{s}, s.now(), 100)
}

// sweepStore is the case store as commerce.Sweep sees it: its Update also carries
// out the follow-up (the refund of an auto-approved case, the release of an ended
// case's units).
type sweepStore struct{ s *Service }

// Due lists the due cases.
func (w sweepStore) Due(ctx context.Context, t time.Time, limit int) ([]*Case, error) {
	return w.s.Cases.Due(ctx, t, limit)
}

// Update applies fn to the case, saves it, then runs the follow-up.
func (w sweepStore) Update(ctx context.Context, id uuid.UUID, fn func(*Case) error) error {
	var saved *Case
	err := w.s.Cases.Update(ctx, id, func(c *Case) error {
		if err := fn(c); err != nil {
			return err
		}
		saved = c.Clone()
		return nil
	})
	if err != nil {
		return err
	}
	saved.MarkSaved()
	_, err = w.s.after(ctx, saved, w.s.now())
	return err
}

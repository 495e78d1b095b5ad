// Package aftersalestest provides in-memory implementations of the aftersales
// stores and the conformance suites (TestStore, TestLedgerStore) a host runs
// against its own stores, in the manner of testing/fstest.
package aftersalestest

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/memstore"
)

// Store is an in-memory aftersales.Store, safe for concurrent use, with an indexed
// Due and Claim (cost grows with what is due) and Pending (cost grows with
// what is pending). It keeps each case's trail apart from its state, as a
// host's store does: a case it returns holds no entry.
type Store struct {
	*memstore.Store[*aftersales.Case]
}

var _ aftersales.Store = (*Store)(nil)

// pendingKey files the entities with a pending step in the key index.
const pendingKey = "pending"

// NewStore returns an empty in-memory case store.
func NewStore() *Store {
	return &Store{memstore.New(memstore.Config[*aftersales.Case]{
		Entity: "case", NotFound: aftersales.CodeCaseNotFound, Exists: aftersales.CodeCaseExists,
		ID:       (*aftersales.Case).ID,
		Clone:    (*aftersales.Case).Clone,
		Deadline: (*aftersales.Case).Deadline,
		Keys: func(c *aftersales.Case) []string {
			if _, ok := c.PendingStep(); ok {
				return []string{pendingKey}
			}
			return nil
		},
		Unsaved: (*aftersales.Case).Unsaved,
		Saved:   (*aftersales.Case).MarkSaved,
	})}
}

// Pending lists at most limit (≥ 1) cases with an unfinished follow-up
// (Case.PendingStep), oldest step first, ties by ID. It reads the cases filed
// under the pending key: its cost grows with what is pending.
func (s *Store) Pending(ctx context.Context, limit int) ([]*aftersales.Case, error) {
	return oldest(ctx, s.Store, limit, func(c *aftersales.Case) time.Time { at, _ := c.PendingStep(); return at })
}

// oldest returns at most limit of the entities filed under the pending key,
// oldest step first, ties by ID.
func oldest[T interface{ ID() uuid.UUID }](ctx context.Context, s *memstore.Store[T], limit int, at func(T) time.Time) ([]T, error) {
	all, err := s.ByKey(ctx, pendingKey)
	if err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b T) int {
		if c := at(a).Compare(at(b)); c != 0 {
			return c
		}
		ia, ib := a.ID(), b.ID()
		return bytes.Compare(ia[:], ib[:])
	})
	return all[:min(limit, len(all))], nil
}

// ByOrder lists the cases of an order. It scans every case: a production store
// indexes the order ID.
func (s *Store) ByOrder(ctx context.Context, orderID uuid.UUID) ([]*aftersales.Case, error) {
	return s.Find(ctx, func(c *aftersales.Case) bool { return c.OrderID() == orderID })
}

// LedgerStore is an in-memory aftersales.LedgerStore, safe for concurrent use,
// keeping each ledger's trail apart from its state, with an indexed Due and
// Claim (overdue refunds) and Pending (unconfirmed claims).
type LedgerStore struct {
	*memstore.Store[*aftersales.Ledger]
}

var _ aftersales.LedgerStore = (*LedgerStore)(nil)

// NewLedgerStore returns an empty in-memory ledger store.
func NewLedgerStore() *LedgerStore {
	return &LedgerStore{memstore.New(memstore.Config[*aftersales.Ledger]{
		Entity: "ledger", NotFound: aftersales.CodeLedgerNotFound, Exists: aftersales.CodeLedgerExists,
		ID:       (*aftersales.Ledger).ID,
		Clone:    (*aftersales.Ledger).Clone,
		Deadline: (*aftersales.Ledger).Deadline,
		Keys: func(l *aftersales.Ledger) []string {
			if _, ok := l.PendingClaim(); ok {
				return []string{pendingKey}
			}
			return nil
		},
		Unsaved: (*aftersales.Ledger).Unsaved,
		Saved:   (*aftersales.Ledger).MarkSaved,
	})}
}

// Pending lists at most limit (≥ 1) ledgers with an unconfirmed claim
// (Ledger.PendingClaim), oldest claim first, ties by order ID. It reads the
// ledgers filed under the pending key: its cost grows with what is pending.
func (s *LedgerStore) Pending(ctx context.Context, limit int) ([]*aftersales.Ledger, error) {
	return oldest(ctx, s.Store, limit, func(l *aftersales.Ledger) time.Time { at, _ := l.PendingClaim(); return at })
}

// Debts lists the platform advances merchantID owes (R3.9). It scans every
// ledger: a production store indexes them.
func (s *LedgerStore) Debts(ctx context.Context, merchantID uuid.UUID) ([]aftersales.MerchantDebt, error) {
	ls, err := s.Find(ctx, func(l *aftersales.Ledger) bool { return l.MerchantID() == merchantID })
	if err != nil {
		return nil, err
	}
	var out []aftersales.MerchantDebt
	for _, l := range ls {
		out = append(out, l.Debts()...)
	}
	return out, nil
}

// Clock is a settable clock for services under test.
type Clock struct{ t time.Time }

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.t }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.t = t }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

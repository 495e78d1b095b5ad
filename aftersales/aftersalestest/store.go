// Package aftersalestest provides in-memory implementations of the aftersales
// stores and the conformance suites (TestStore, TestLedgerStore) a host runs
// against its own stores, in the manner of testing/fstest.
package aftersalestest

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/memstore"
)

// Store is an in-memory aftersales.Store, safe for concurrent use, with an indexed
// Due and Claim (cost grows with what is due). It keeps each case's trail apart
// from its state, as a host's store does: a case it returns holds no entry.
type Store struct {
	*memstore.Store[*aftersales.Case]
}

var _ aftersales.Store = (*Store)(nil)

// NewStore returns an empty in-memory case store.
func NewStore() *Store {
	return &Store{memstore.NewAggregate[*aftersales.Case]("case", aftersales.CodeCaseNotFound, aftersales.CodeCaseExists)}
}

// ByOrder lists the cases of an order. It scans every case: a production store
// indexes the order ID.
func (s *Store) ByOrder(ctx context.Context, orderID uuid.UUID) ([]*aftersales.Case, error) {
	return s.Find(ctx, func(c *aftersales.Case) bool { return c.OrderID() == orderID })
}

// LedgerStore is an in-memory aftersales.LedgerStore, safe for concurrent use,
// keeping each ledger's trail apart from its state.
type LedgerStore struct {
	*memstore.Store[*aftersales.Ledger]
}

var _ aftersales.LedgerStore = (*LedgerStore)(nil)

// NewLedgerStore returns an empty in-memory ledger store.
func NewLedgerStore() *LedgerStore {
	return &LedgerStore{memstore.NewAggregate[*aftersales.Ledger]("ledger", aftersales.CodeLedgerNotFound, aftersales.CodeLedgerExists)}
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

// Package commissiontest provides an in-memory commission.Store and TestStore, the
// conformance suite a host runs against its own store (R2.8, R4.3, R4.5).
package commissiontest

import (
	"context"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit/commission"
)

// Store is an in-memory commission.Store, safe for concurrent use; the zero
// Store is empty and ready to use, like NewStore's. Markers are kept per order
// in a map (a host keeps them in its order table or a settlement table).
type Store struct {
	mu         sync.Mutex
	ruleSets   map[string]commission.RuleSet
	markers    map[uuid.UUID]commission.Marker
	statements map[string]commission.Statement
}

var _ commission.Store = (*Store)(nil)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{
		ruleSets:   make(map[string]commission.RuleSet),
		markers:    make(map[uuid.UUID]commission.Marker),
		statements: make(map[string]commission.Statement),
	}
}

// SaveRuleSet implements commission.Store: it validates the rule set together with
// the stored ones (no overlaps, R4.3) before writing.
func (s *Store) SaveRuleSet(ctx context.Context, rs commission.RuleSet) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := []commission.RuleSet{rs}
	for id, o := range s.ruleSets {
		if id != rs.ID {
			all = append(all, o)
		}
	}
	sched, err := commission.NewSchedule(all...)
	if err != nil {
		return err
	}
	for _, c := range sched.RuleSets() { // normalised deep copies
		if c.ID == rs.ID {
			if s.ruleSets == nil { // the zero Store
				s.ruleSets = make(map[string]commission.RuleSet)
			}
			s.ruleSets[rs.ID] = c
		}
	}
	return nil
}

// RuleSets implements commission.Store.
func (s *Store) RuleSets(ctx context.Context) ([]commission.RuleSet, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]commission.RuleSet, 0, len(s.ruleSets))
	for _, rs := range s.ruleSets {
		all = append(all, rs)
	}
	if len(all) == 0 {
		return nil, nil
	}
	sched, err := commission.NewSchedule(all...)
	if err != nil {
		return nil, err
	}
	return sched.RuleSets(), nil
}

// MarkSettled implements commission.Store.
func (s *Store) MarkSettled(ctx context.Context, m commission.Marker) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.markers[m.OrderID]; ok {
		if old.Statement == m.Statement {
			return nil
		}
		return commission.ErrAlreadySettled(m.OrderID, old.Statement)
	}
	if s.markers == nil { // the zero Store
		s.markers = make(map[uuid.UUID]commission.Marker)
	}
	s.markers[m.OrderID] = m.Clone()
	return nil
}

// MarkSettledBatch implements commission.BatchStore: MarkSettled for each marker
// in order, stopping at the first error. It keeps clones, never ms.
func (s *Store) MarkSettledBatch(ctx context.Context, ms []commission.Marker) error {
	for _, m := range ms {
		if err := s.MarkSettled(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// Marker implements commission.Store.
func (s *Store) Marker(ctx context.Context, orderID uuid.UUID) (commission.Marker, bool, error) {
	if err := ctx.Err(); err != nil {
		return commission.Marker{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.markers[orderID]
	return m.Clone(), ok, nil
}

// SaveStatement implements commission.Store.
func (s *Store) SaveStatement(ctx context.Context, st commission.Statement) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.statements[st.Key]; ok {
		if old.Equal(st) {
			return nil
		}
		return commission.ErrStatementChanged(st.Key)
	}
	if s.statements == nil { // the zero Store
		s.statements = make(map[string]commission.Statement)
	}
	s.statements[st.Key] = st
	return nil
}

// Statement implements commission.Store.
func (s *Store) Statement(ctx context.Context, key string) (commission.Statement, error) {
	if err := ctx.Err(); err != nil {
		return commission.Statement{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statements[key]
	if !ok {
		return commission.Statement{}, commission.ErrStatementNotFound(key)
	}
	return st, nil
}

// Statements returns every saved statement of a merchant, by period start.
func (s *Store) Statements(merchantID uuid.UUID) []commission.Statement {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []commission.Statement
	for _, st := range s.statements {
		if st.MerchantID == merchantID {
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(a, b commission.Statement) int { return a.Period.Start.Compare(b.Period.Start) })
	return out
}

// Markers returns the number of settled orders.
func (s *Store) Markers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.markers)
}

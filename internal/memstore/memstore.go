// Package memstore is the generic in-memory store behind every xxxtest.NewStore:
// safe for concurrent use, with per-entity locks so Update closures on different
// entities run in parallel, and a deadline index so Due costs what is due.
package memstore

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Config tells the store how to handle its entity type. T is normally a pointer to
// an aggregate.
type Config[T any] struct {
	// Entity names the entity in messages: "order".
	Entity string
	// NotFound and Exists are the package's declared codes for an unknown ID and
	// for creating an ID that is taken.
	NotFound, Exists string
	// ID returns the entity's identity.
	ID func(T) uuid.UUID
	// Clone returns a deep copy, so callers never share memory with the store.
	Clone func(T) T
	// Deadline returns the entity's current deadline, if it is waiting on one.
	// Nil means the entity has none.
	Deadline func(T) (time.Time, bool)
	// Keys returns the entity's lookup keys (the refs a stock item holds), which
	// ByKey reads. Nil means the store keeps no key index.
	Keys func(T) []string
	// Saved is called on the stored copy after a create or update is persisted
	// (an aggregate marks its new audit entries saved).
	Saved func(T)
}

// Store is a generic in-memory store.
type Store[T any] struct {
	cfg   Config[T]
	mu    sync.RWMutex // guards items, each slot's v, at, pos and keys, due and byKey
	items map[uuid.UUID]*slot[T]
	due   dueQueue[T]
	byKey map[string]map[uuid.UUID]*slot[T]
}

// slot holds one entity: its update lock, its current value and its place in the
// deadline index.
type slot[T any] struct {
	update sync.Mutex // held through an Update closure
	id     uuid.UUID
	v      T
	at     time.Time
	pos    int      // index in due.items, -1 when the entity has no deadline
	keys   []string // the keys byKey files the slot under
}

// New returns an empty store.
func New[T any](cfg Config[T]) *Store[T] {
	return &Store[T]{cfg: cfg, items: make(map[uuid.UUID]*slot[T]), byKey: make(map[string]map[uuid.UUID]*slot[T])}
}

func (s *Store[T]) notFound(id uuid.UUID) error {
	return shopkit.NewError(shopkit.ErrNotFound, s.cfg.NotFound, fmt.Sprintf("%s %s not found", s.cfg.Entity, id))
}

// index files sl's current value in the deadline and key indexes; called with
// mu held, so a reader sees every index as of one committed write.
func (s *Store[T]) index(sl *slot[T]) {
	if s.cfg.Deadline != nil {
		at, has := s.cfg.Deadline(sl.v)
		s.due.set(sl, at, has)
	}
	if s.cfg.Keys == nil {
		return
	}
	for _, k := range sl.keys {
		delete(s.byKey[k], sl.id)
		if len(s.byKey[k]) == 0 {
			delete(s.byKey, k)
		}
	}
	sl.keys = s.cfg.Keys(sl.v)
	for _, k := range sl.keys {
		if s.byKey[k] == nil {
			s.byKey[k] = make(map[uuid.UUID]*slot[T])
		}
		s.byKey[k][sl.id] = sl
	}
}

// Create stores a copy of v. An entity with the same ID already stored is a
// conflict.
func (s *Store[T]) Create(ctx context.Context, v T) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if isNil(v) {
		return shopkit.NilArgument(s.cfg.Entity)
	}
	c := s.cfg.Clone(v)
	id := s.cfg.ID(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[id]; ok {
		return shopkit.NewError(shopkit.ErrConflict, s.cfg.Exists, fmt.Sprintf("%s %s already exists", s.cfg.Entity, id))
	}
	if s.cfg.Saved != nil {
		s.cfg.Saved(c)
	}
	sl := &slot[T]{id: id, v: c, pos: -1}
	s.items[id] = sl
	s.index(sl)
	return nil
}

// Get returns a copy of the entity.
func (s *Store[T]) Get(ctx context.Context, id uuid.UUID) (T, error) {
	var zero T
	if err := s.ready(ctx); err != nil {
		return zero, err
	}
	s.mu.RLock()
	sl, ok := s.items[id]
	var v T
	if ok {
		v = sl.v
	}
	s.mu.RUnlock()
	if !ok {
		return zero, s.notFound(id)
	}
	return s.cfg.Clone(v), nil
}

// Update locks the entity, calls fn on a copy, and stores the copy if fn returns
// nil. If fn fails, nothing is written and fn's error is returned. Concurrent
// updates of one entity run one after the other, so none is lost, and fn runs
// once; a database store may run fn again after a transient failure and returns
// an error matching shopkit.ErrRetry when it gives up.
func (s *Store[T]) Update(ctx context.Context, id uuid.UUID, fn func(T) error) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if fn == nil {
		return shopkit.NilArgument("fn")
	}
	s.mu.RLock()
	sl, ok := s.items[id]
	s.mu.RUnlock()
	if !ok {
		return s.notFound(id)
	}
	sl.update.Lock()
	defer sl.update.Unlock()
	s.mu.RLock()
	cur := sl.v
	s.mu.RUnlock()
	c := s.cfg.Clone(cur)
	if err := fn(c); err != nil {
		return err
	}
	if s.cfg.Saved != nil {
		s.cfg.Saved(c)
	}
	s.mu.Lock()
	sl.v = c
	s.index(sl)
	s.mu.Unlock()
	return nil
}

// Due returns copies of at most limit (≥ 1) entities whose deadline is at or before t,
// earliest deadline first (ties by ID).
func (s *Store[T]) Due(ctx context.Context, t time.Time, limit int) ([]T, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	s.mu.RLock()
	slots := s.due.upTo(t, limit)
	out := make([]T, 0, len(slots))
	for _, sl := range slots {
		out = append(out, sl.v)
	}
	s.mu.RUnlock()
	for i := range out {
		out[i] = s.cfg.Clone(out[i])
	}
	return out, nil
}

// ByKey returns copies of the entities filed under key (see Config.Keys), in
// no particular order, as of one moment: no write is seen in part. It costs
// what it returns.
func (s *Store[T]) ByKey(ctx context.Context, key string) ([]T, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]T, 0, len(s.byKey[key]))
	for _, sl := range s.byKey[key] {
		out = append(out, sl.v)
	}
	s.mu.RUnlock()
	for i := range out {
		out[i] = s.cfg.Clone(out[i])
	}
	return out, nil
}

// Find returns copies of the entities for which keep returns true, in no
// particular order. It reads every entity: queries of a production store use
// its own indexes.
func (s *Store[T]) Find(ctx context.Context, keep func(T) bool) ([]T, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if keep == nil {
		return nil, shopkit.NilArgument("keep")
	}
	s.mu.RLock()
	var out []T
	for _, sl := range s.items {
		if keep(sl.v) {
			out = append(out, sl.v)
		}
	}
	s.mu.RUnlock()
	for i := range out {
		out[i] = s.cfg.Clone(out[i])
	}
	return out, nil
}

// Len returns the number of stored entities; 0 for a store not built by New.
func (s *Store[T]) Len() int {
	if s == nil || s.items == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.items)
}

// ready reports a store its constructor did not build (a zero in-memory store of
// a …test package) and a context that is done.
func (s *Store[T]) ready(ctx context.Context) error {
	if s == nil || s.items == nil {
		return shopkit.NotBuilt("in-memory store")
	}
	return ctx.Err()
}

// isNil reports a nil entity pointer, which the store cannot copy.
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil())
}

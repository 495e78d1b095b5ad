// Package memstore is the generic in-memory store behind every xxxtest.NewStore:
// safe for concurrent use, with per-entity locks so Update closures on different
// entities run in parallel, and a deadline index so Due costs what is due.
package memstore

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
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
	// Unsaved returns the audit entries a create or update appends to the
	// entity's trail (its journal's Unsaved), read before Saved. Nil means the
	// entity keeps no trail.
	Unsaved func(T) []shopkit.Entry
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
	trail  []shopkit.Entry
	lease  shopkit.Lease // the sweeper that claimed the entity, until when
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
	sl := &slot[T]{id: id, v: c, pos: -1, trail: s.unsaved(nil, c)}
	if s.cfg.Saved != nil {
		s.cfg.Saved(c)
	}
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
	s.mu.Lock()
	defer s.mu.Unlock()
	sl.trail = s.unsaved(sl.trail, c)
	if s.cfg.Saved != nil {
		s.cfg.Saved(c)
	}
	sl.v = c
	sl.lease = shopkit.Lease{}
	s.index(sl)
	return nil
}

// unsaved appends v's unsaved entries to trail.
func (s *Store[T]) unsaved(trail []shopkit.Entry, v T) []shopkit.Entry {
	if s.cfg.Unsaved == nil {
		return trail
	}
	return append(trail, s.cfg.Unsaved(v)...)
}

// Trail returns at most limit (≥ 1) entries of the entity's trail with Seq
// greater than after (≥ 0), oldest first (see shopkit.TrailReader).
func (s *Store[T]) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckCursor(after, limit); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	sl, ok := s.items[id]
	if !ok {
		return nil, s.notFound(id)
	}
	from, _ := slices.BinarySearchFunc(sl.trail, after+1, func(e shopkit.Entry, seq int) int { return cmp.Compare(e.Seq, seq) })
	page := sl.trail[from:min(len(sl.trail), from+limit)]
	out := make([]shopkit.Entry, len(page))
	for i, e := range page {
		e.Evidence = slices.Clone(e.Evidence)
		out[i] = e
	}
	return out, nil
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
	slots := s.due.upTo(t, limit, nil)
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

// Claim returns copies of at most limit (≥ 1) entities whose deadline is at or
// before t and that no other sweeper holds at t, earliest deadline first, and
// holds them for lease.Owner until lease.Until (lease.Check(t) must pass). A
// successful Update ends an entity's lease; one that runs out frees it. It
// costs what it claims and the held entities it passes over.
func (s *Store[T]) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]T, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	if err := lease.Check(t); err != nil {
		return nil, err
	}
	s.mu.Lock()
	slots := s.due.upTo(t, limit, func(sl *slot[T]) bool { return sl.lease.FreeFor(lease.Owner, t) })
	out := make([]T, 0, len(slots))
	for _, sl := range slots {
		sl.lease = lease
		out = append(out, sl.v)
	}
	s.mu.Unlock()
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

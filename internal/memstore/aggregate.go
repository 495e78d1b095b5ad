package memstore

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Aggregate is what every shopkit aggregate offers its store: an identity, a deep
// copy, its new audit entries, and a way to mark them saved.
type Aggregate[T any] interface {
	ID() uuid.UUID
	Clone() T
	Unsaved() []shopkit.Entry
	MarkSaved()
}

// deadliner is an aggregate that waits on deadlines.
type deadliner interface {
	Deadline() (time.Time, bool)
}

// NewAggregate returns an empty store for an aggregate type, configured from its
// methods: the deadline index is kept when the type has Deadline. entity names
// it in messages; notFound and exists are the package's codes for an unknown ID
// and a taken one.
func NewAggregate[T Aggregate[T]](entity, notFound, exists string) *Store[T] {
	cfg := Config[T]{
		Entity: entity, NotFound: notFound, Exists: exists,
		ID:      func(v T) uuid.UUID { return v.ID() },
		Clone:   func(v T) T { return v.Clone() },
		Unsaved: func(v T) []shopkit.Entry { return v.Unsaved() },
		Saved:   func(v T) { v.MarkSaved() },
	}
	var zero T
	if _, ok := any(zero).(deadliner); ok {
		cfg.Deadline = func(v T) (time.Time, bool) { return any(v).(deadliner).Deadline() }
	}
	return New(cfg)
}

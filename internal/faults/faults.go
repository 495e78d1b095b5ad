// Package faults injects store failures for crash tests (docs/storage.md,
// "Steps across two stores"): the store wrappers of a test send every call
// through one Counter, which fails the armed call — only that one (a store
// error the caller handles), or that one and every later call until Disarm (a
// crash: the process does nothing more until it restarts).
package faults

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ErrInjected is the failure a wrapper returns in place of a store call; the
// call does not reach the store.
var ErrInjected = errors.New("injected store failure")

// Counter numbers store calls and fails the armed one. The zero Counter fails
// nothing. It is safe for concurrent use.
type Counter struct {
	// Transient makes each failure a shopkit.Retry error around the injected
	// one, as a database store's transient failure is (set before use).
	Transient bool

	mu     sync.Mutex
	ops    []string
	failAt int // 0: none
	crash  bool
	failed int // calls failed since Arm
}

// Arm starts counting afresh and fails call k (none when k is 0); with crash,
// every call after it fails too, until Disarm.
func (c *Counter) Arm(k int, crash bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ops, c.failAt, c.crash, c.failed = nil, k, crash, 0
}

// Disarm stops failing (the host came back) and returns the calls made since
// Arm; counting goes on.
func (c *Counter) Disarm() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failAt = 0
	return slices.Clone(c.ops)
}

// Hit records a call named op and returns ErrInjected, wrapped with op, when it
// is to fail.
func (c *Counter) Hit(op string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ops = append(c.ops, op)
	if n := len(c.ops); c.failAt > 0 && (n == c.failAt || (c.crash && n > c.failAt)) {
		c.failed++
		err := fmt.Errorf("%s: %w", op, ErrInjected)
		if c.Transient {
			return shopkit.Retry(op, err)
		}
		return err
	}
	return nil
}

// Count returns the number of calls since Arm.
func (c *Counter) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ops)
}

// Failed returns the number of calls failed since Arm.
func (c *Counter) Failed() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failed
}

// Calls returns the names of the calls since Arm, in order.
func (c *Counter) Calls() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.ops)
}

// EntityStore is the part every aggregate's store shares.
type EntityStore[T any] interface {
	Create(ctx context.Context, v T) error
	Get(ctx context.Context, id uuid.UUID) (T, error)
	Update(ctx context.Context, id uuid.UUID, fn func(T) error) error
	Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error)
}

// Entity sends the calls of an aggregate's store through C, each named
// Name+"."+method, and passes those that do not fail to Store. A test's store
// wrapper embeds it and adds the store's own queries.
type Entity[T any] struct {
	Store EntityStore[T]
	C     *Counter
	Name  string
}

// Create is Store.Create after C.Hit.
func (e Entity[T]) Create(ctx context.Context, v T) error {
	if err := e.C.Hit(e.Name + ".Create"); err != nil {
		return err
	}
	return e.Store.Create(ctx, v)
}

// Get is Store.Get after C.Hit.
func (e Entity[T]) Get(ctx context.Context, id uuid.UUID) (T, error) {
	if err := e.C.Hit(e.Name + ".Get"); err != nil {
		var zero T
		return zero, err
	}
	return e.Store.Get(ctx, id)
}

// Update is Store.Update after C.Hit.
func (e Entity[T]) Update(ctx context.Context, id uuid.UUID, fn func(T) error) error {
	if err := e.C.Hit(e.Name + ".Update"); err != nil {
		return err
	}
	return e.Store.Update(ctx, id, fn)
}

// Trail is Store.Trail after C.Hit.
func (e Entity[T]) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	if err := e.C.Hit(e.Name + ".Trail"); err != nil {
		return nil, err
	}
	return e.Store.Trail(ctx, id, after, limit)
}

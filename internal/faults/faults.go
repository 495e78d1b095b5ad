// Package faults injects store failures for crash tests (docs/storage.md,
// "Steps across two stores"): the store wrappers of a test send every call
// through one Counter, which fails the armed call — only that one (a store
// error the caller handles), or that one and every later call until Disarm (a
// crash: the process does nothing more until it restarts).
package faults

import (
	"errors"
	"fmt"
	"slices"
	"sync"
)

// ErrInjected is the failure a wrapper returns in place of a store call; the
// call does not reach the store.
var ErrInjected = errors.New("injected store failure")

// Counter numbers store calls and fails the armed one. The zero Counter fails
// nothing. It is safe for concurrent use.
type Counter struct {
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
		return fmt.Errorf("%s: %w", op, ErrInjected)
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

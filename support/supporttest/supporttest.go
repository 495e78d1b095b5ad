// Package supporttest provides in-memory implementations of the support stores
// and conformance suites a host runs against its own stores, in the manner of
// testing/fstest.
package supporttest

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/support"
)

// Store is an in-memory support.ConversationStore, safe for concurrent use,
// each conversation's trail kept apart from its state. Due and Claim are
// indexed; the other queries read every conversation. A limit below 1 is
// shopkit.CheckLimit's error.
type Store struct {
	*memstore.Store[*support.Conversation]
}

var _ support.ConversationStore = (*Store)(nil)

// NewStore returns an empty conversation store.
func NewStore() *Store {
	return &Store{memstore.NewAggregate[*support.Conversation]("conversation", support.CodeConversationNotFound, support.CodeConversationExists)}
}

// SLADue implements support.ConversationStore.
func (s *Store) SLADue(ctx context.Context, shop uuid.UUID, t time.Time, limit int) ([]*support.Conversation, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.Find(ctx, func(c *support.Conversation) bool {
		_, at, ok := c.SLADue()
		return ok && c.ShopID() == shop && !at.After(t)
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *support.Conversation) int {
		_, x, _ := a.SLADue()
		_, y, _ := b.SLADue()
		if c := x.Compare(y); c != 0 {
			return c
		}
		return cmp.Compare(a.ID().String(), b.ID().String())
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Breached implements support.ConversationStore.
func (s *Store) Breached(ctx context.Context, shop uuid.UUID, from, to time.Time) ([]*support.Conversation, error) {
	first := func(c *support.Conversation) (time.Time, bool) {
		for _, b := range c.Breaches() {
			if !b.DueAt.Before(from) && b.DueAt.Before(to) {
				return b.DueAt, true
			}
		}
		return time.Time{}, false
	}
	out, err := s.Find(ctx, func(c *support.Conversation) bool {
		_, ok := first(c)
		return ok && c.ShopID() == shop
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *support.Conversation) int {
		x, _ := first(a)
		y, _ := first(b)
		if c := x.Compare(y); c != 0 {
			return c
		}
		return cmp.Compare(a.ID().String(), b.ID().String())
	})
	return out, nil
}

// Waiting implements support.ConversationStore.
func (s *Store) Waiting(ctx context.Context) ([]*support.Conversation, error) {
	out, err := s.Find(ctx, func(c *support.Conversation) bool { return c.State() == support.Open })
	slices.SortFunc(out, func(a, b *support.Conversation) int { return a.EnqueuedAt().Compare(b.EnqueuedAt()) })
	return out, err
}

// ComplaintStore is an in-memory support.ComplaintStore, safe for concurrent
// use, each complaint's trail kept apart from its state. A limit below 1 is
// shopkit.CheckLimit's error.
type ComplaintStore struct {
	*memstore.Store[*support.Complaint]
}

var _ support.ComplaintStore = (*ComplaintStore)(nil)

// NewComplaintStore returns an empty complaint log.
func NewComplaintStore() *ComplaintStore {
	return &ComplaintStore{memstore.NewAggregate[*support.Complaint]("complaint", support.CodeComplaintNotFound, support.CodeComplaintExists)}
}

// Log implements support.ComplaintStore.
func (s *ComplaintStore) Log(ctx context.Context, shop uuid.UUID) ([]*support.Complaint, error) {
	out, err := s.Find(ctx, func(c *support.Complaint) bool { return c.ShopID() == shop })
	slices.SortFunc(out, func(a, b *support.Complaint) int {
		if c := a.FiledAt().Compare(b.FiledAt()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID().String(), b.ID().String())
	})
	return out, err
}

// QueueStore is an in-memory support.QueueStore, safe for concurrent use: one
// lock per desk held through an Update closure, so updates of a desk run one
// after the other and fn runs once. It keeps a deep copy of each desk's Router
// (Router.Clone) and copies it again on every Get and Update, so an update
// costs what the desk holds, its waiting conversations included; a database
// store keeps the waiting conversations as rows and writes what changed. The
// zero QueueStore is an empty store, ready to use.
type QueueStore struct {
	once  sync.Once
	desks *memstore.Store[*support.Router]
}

var _ support.QueueStore = (*QueueStore)(nil)

// NewQueueStore returns an empty queue store.
func NewQueueStore() *QueueStore {
	s := &QueueStore{}
	s.store()
	return s
}

func (s *QueueStore) store() *memstore.Store[*support.Router] {
	s.once.Do(func() {
		s.desks = memstore.New(memstore.Config[*support.Router]{
			Entity: "desk", NotFound: support.CodeDeskNotFound, Exists: support.CodeDeskExists,
			ID:    (*support.Router).ID,
			Clone: (*support.Router).Clone,
		})
	})
	return s.desks
}

// Create implements support.QueueStore. A Router without a desk ID (the zero
// Router) is support.CodeInvalidRouter: no store could restore it.
func (s *QueueStore) Create(ctx context.Context, r *support.Router) error {
	if r != nil && r.ID() == uuid.Nil {
		return shopkit.Invalid(support.CodeInvalidRouter, "id", "is required")
	}
	return s.store().Create(ctx, r)
}

// Get implements support.QueueStore.
func (s *QueueStore) Get(ctx context.Context, desk uuid.UUID) (*support.Router, error) {
	return s.store().Get(ctx, desk)
}

// Update implements support.QueueStore.
func (s *QueueStore) Update(ctx context.Context, desk uuid.UUID, fn func(*support.Router) error) error {
	return s.store().Update(ctx, desk, fn)
}

// CannedStore is an in-memory support.CannedStore. The zero CannedStore is an
// empty store, ready to use.
type CannedStore struct {
	mu      sync.RWMutex
	replies map[cannedKey]support.CannedReply
}

type cannedKey struct {
	shop uuid.UUID
	code string
}

var _ support.CannedStore = (*CannedStore)(nil)

// NewCannedStore returns an empty store.
func NewCannedStore() *CannedStore {
	return &CannedStore{replies: map[cannedKey]support.CannedReply{}}
}

// Add implements support.CannedStore.
func (s *CannedStore) Add(ctx context.Context, r support.CannedReply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := cannedKey{r.ShopID, r.Code}
	if _, ok := s.replies[k]; ok {
		return support.ErrCodeTaken(r.ShopID, r.Code)
	}
	if s.replies == nil {
		s.replies = map[cannedKey]support.CannedReply{}
	}
	s.replies[k] = r
	return nil
}

// Lookup implements support.CannedStore.
func (s *CannedStore) Lookup(ctx context.Context, shop uuid.UUID, code string) (support.CannedReply, error) {
	if err := ctx.Err(); err != nil {
		return support.CannedReply{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.replies[cannedKey{shop, code}]
	if !ok {
		return support.CannedReply{}, support.ErrCannedNotFound(shop, code)
	}
	return r, nil
}

// List implements support.CannedStore, sorted by code.
func (s *CannedStore) List(ctx context.Context, shop uuid.UUID) ([]support.CannedReply, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []support.CannedReply
	for k, r := range s.replies {
		if k.shop == shop {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b support.CannedReply) int { return cmp.Compare(a.Code, b.Code) })
	return out, nil
}

// Delete implements support.CannedStore.
func (s *CannedStore) Delete(ctx context.Context, shop uuid.UUID, code string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := cannedKey{shop, code}
	if _, ok := s.replies[k]; !ok {
		return support.ErrCannedNotFound(shop, code)
	}
	delete(s.replies, k)
	return nil
}

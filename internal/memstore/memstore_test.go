package memstore_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// thing is a small aggregate with a deadline and a journal.
type thing struct {
	id      uuid.UUID
	name    string
	touches int
	due     time.Time
	saved   bool
	journal shopkit.Journal
}

func newThing(name string, due time.Time) *thing {
	x := &thing{id: uuid.New(), name: name, due: due}
	x.journal = shopkit.NewJournal(x.id.String())
	x.journal.Change(shopkit.SystemActor(), due, "create", "", "open", "", nil)
	return x
}

func (x *thing) clone() *thing { c := *x; c.journal = x.journal.Clone(); return &c }

func (x *thing) Unsaved() []shopkit.Entry { return x.journal.Unsaved() }

func (x *thing) touch() error {
	x.touches++
	x.journal.Change(shopkit.SystemActor(), x.due, "touch", "open", "open", "", []string{"ev-" + strconv.Itoa(x.touches)})
	return nil
}

func (x *thing) expire(now time.Time) error {
	if x.due.IsZero() || x.due.After(now) {
		return shopkit.NotDue(x.id)
	}
	x.journal.Change(shopkit.SystemActor(), x.due, "expire", "open", "closed", "", nil)
	x.due = time.Time{}
	return nil
}

// thingJSON is the snapshot a host would store.
type thingJSON struct {
	ID      uuid.UUID
	Name    string
	Touches int
	Due     time.Time
	Seq     int
}

func newThingStore() *memstore.Store[*thing] {
	return memstore.New(memstore.Config[*thing]{
		Entity: "thing", NotFound: "demo.thing_not_found", Exists: "demo.thing_exists",
		ID:    func(x *thing) uuid.UUID { return x.id },
		Clone: (*thing).clone,
		Deadline: func(x *thing) (time.Time, bool) {
			return x.due, !x.due.IsZero()
		},
		Unsaved: (*thing).Unsaved,
		Saved:   func(x *thing) { x.saved = true; x.journal.MarkSaved() },
	})
}

func TestConformance(t *testing.T) {
	far := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	storetest.Run(t, func() storetest.Store[*thing] { return newThingStore() }, storetest.Harness[*thing]{
		Full:   func(testing.TB) *thing { return newThing("full", far) },
		Due:    func(_ testing.TB, at time.Time) *thing { return newThing("due", at) },
		ID:     func(x *thing) uuid.UUID { return x.id },
		Touch:  (*thing).touch,
		Expire: (*thing).expire,
		JSON: func(t testing.TB, x *thing) *thing {
			data, err := json.Marshal(thingJSON{x.id, x.name, x.touches, x.due, x.journal.Seq()})
			require.NoError(t, err)
			var back thingJSON
			require.NoError(t, json.Unmarshal(data, &back))
			return &thing{id: back.ID, name: back.Name, touches: back.Touches, due: back.Due,
				journal: shopkit.ResumeJournal(back.ID.String(), back.Seq)}
		},
		Equal: func(t testing.TB, want, got *thing) {
			assert.Equal(t, thingJSON{want.id, want.name, want.touches, want.due, want.journal.Seq()},
				thingJSON{got.id, got.name, got.touches, got.due, got.journal.Seq()})
		},
	})
}

func TestSavedHookAndFind(t *testing.T) {
	s := newThingStore()
	ctx := context.Background()
	x := newThing("a", time.Time{})
	require.NoError(t, s.Create(ctx, x))
	got, err := s.Get(ctx, x.id)
	require.NoError(t, err)
	assert.True(t, got.saved)
	found, err := s.Find(ctx, func(v *thing) bool { return v.name == "a" })
	require.NoError(t, err)
	assert.Len(t, found, 1)
	assert.Equal(t, 1, s.Len())
	_, err = s.Due(ctx, time.Now(), -1)
	assert.Error(t, err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, s.Create(cctx, x), context.Canceled)
}

// The deadline index answers exactly what a full scan would, through random
// inserts, moves and removals.
func TestDueIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := newThingStore()
	ctx := context.Background()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	model := map[uuid.UUID]time.Time{}
	var ids []uuid.UUID
	for step := 0; step < 3000; step++ {
		switch op := rng.IntN(3); {
		case op == 0 || len(ids) == 0:
			id := uuid.New()
			at := base.Add(time.Duration(rng.IntN(500)) * time.Minute)
			require.NoError(t, s.Create(ctx, &thing{id: id, due: at}))
			model[id] = at
			ids = append(ids, id)
		default:
			id := ids[rng.IntN(len(ids))]
			var at time.Time
			if op == 1 {
				at = base.Add(time.Duration(rng.IntN(500)) * time.Minute)
			}
			require.NoError(t, s.Update(ctx, id, func(x *thing) error { x.due = at; return nil }))
			if at.IsZero() {
				delete(model, id)
			} else {
				model[id] = at
			}
		}
		if step%100 == 0 {
			cut := base.Add(time.Duration(rng.IntN(500)) * time.Minute)
			limit := 1 + rng.IntN(50)
			type pair struct {
				at time.Time
				id uuid.UUID
			}
			var want []pair
			for id, at := range model {
				if !at.After(cut) {
					want = append(want, pair{at, id})
				}
			}
			slices.SortFunc(want, func(a, b pair) int {
				if c := a.at.Compare(b.at); c != 0 {
					return c
				}
				return slices.Compare(a.id[:], b.id[:])
			})
			if len(want) > limit {
				want = want[:limit]
			}
			got, err := s.Due(ctx, cut, limit)
			require.NoError(t, err)
			require.Len(t, got, len(want))
			for i := range want {
				assert.Equal(t, want[i].id, got[i].id)
			}
		}
	}
}

type agg struct {
	id    uuid.UUID
	due   time.Time
	saved int
}

func (a *agg) ID() uuid.UUID               { return a.id }
func (a *agg) Clone() *agg                 { c := *a; return &c }
func (a *agg) Unsaved() []shopkit.Entry    { return nil }
func (a *agg) MarkSaved()                  { a.saved++ }
func (a *agg) Deadline() (time.Time, bool) { return a.due, !a.due.IsZero() }

type plain struct{ id uuid.UUID }

func (p *plain) ID() uuid.UUID            { return p.id }
func (p *plain) Clone() *plain            { c := *p; return &c }
func (p *plain) Unsaved() []shopkit.Entry { return nil }
func (p *plain) MarkSaved()               {}

func TestNewAggregateUsesTheTypesMethods(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	s := memstore.NewAggregate[*agg]("agg", "demo.agg_not_found", "demo.agg_exists")
	a := &agg{id: uuid.New(), due: at}
	require.NoError(t, s.Create(ctx, a))
	got, err := s.Get(ctx, a.id)
	require.NoError(t, err)
	assert.Equal(t, 1, got.saved, "MarkSaved called on the stored copy")
	assert.Zero(t, a.saved, "the caller's value is untouched")
	due, err := s.Due(ctx, at, 10)
	require.NoError(t, err)
	assert.Len(t, due, 1, "Deadline feeds the index")
	_, err = s.Get(ctx, uuid.New())
	assert.Equal(t, "demo.agg_not_found", shopkit.CodeOf(err))

	p := memstore.NewAggregate[*plain]("plain", "demo.plain_not_found", "demo.plain_exists")
	require.NoError(t, p.Create(ctx, &plain{id: uuid.New()}))
	none, err := p.Due(ctx, at.AddDate(10, 0, 0), 10)
	require.NoError(t, err)
	assert.Empty(t, none, "a type without Deadline is never due")
}

// A zero or nil store, a nil entity and a nil callback are typed errors, never
// panics: the …test packages embed *Store, so their zero values reach here.
func TestZeroStoreAndNilArguments(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]*memstore.Store[*thing]{"nil": nil, "zero": new(memstore.Store[*thing])} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(s.Create(ctx, &thing{id: uuid.New()})))
			_, err := s.Get(ctx, uuid.New())
			assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
			assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(s.Update(ctx, uuid.New(), func(*thing) error { return nil })))
			_, err = s.Due(ctx, time.Now(), 1)
			assert.ErrorIs(t, err, shopkit.ErrInvalid)
			_, err = s.Find(ctx, func(*thing) bool { return true })
			assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
			assert.Zero(t, s.Len())
		})
	}
	s := newThingStore()
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(s.Create(ctx, nil)))
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(s.Update(ctx, uuid.New(), nil)))
	_, err := s.Find(ctx, nil)
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	assert.Zero(t, s.Len(), "nothing was stored")
}

// ByKey returns what is filed under a key as of the last write: a value moves
// between keys with its update, and one with no keys is found under none.
func TestByKeyFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(memstore.Config[*thing]{
		Entity: "thing", NotFound: "demo.thing_not_found", Exists: "demo.thing_exists",
		ID:    func(x *thing) uuid.UUID { return x.id },
		Clone: func(x *thing) *thing { c := *x; return &c },
		Keys: func(x *thing) []string {
			if x.name == "" {
				return nil
			}
			return []string{x.name, "all"}
		},
	})
	names := func(key string) []string {
		got, err := s.ByKey(ctx, key)
		require.NoError(t, err)
		var out []string
		for _, x := range got {
			out = append(out, x.name)
		}
		slices.Sort(out)
		return out
	}
	a, b := &thing{id: uuid.New(), name: "a"}, &thing{id: uuid.New(), name: "b"}
	require.NoError(t, s.Create(ctx, a))
	require.NoError(t, s.Create(ctx, b))
	assert.Equal(t, []string{"a", "b"}, names("all"))
	require.NoError(t, s.Update(ctx, a.id, func(x *thing) error { x.name = "b"; return nil }))
	assert.Empty(t, names("a"))
	assert.Equal(t, []string{"b", "b"}, names("b"))
	require.NoError(t, s.Update(ctx, b.id, func(x *thing) error { x.name = ""; return nil }))
	assert.Equal(t, []string{"b"}, names("all"))
	assert.Empty(t, names(""))
	_, err := (&memstore.Store[*thing]{}).ByKey(ctx, "a")
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
}

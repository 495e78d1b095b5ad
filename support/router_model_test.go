package support_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refRouter is the reference of R6.2: one slice of waiting conversations kept
// sorted by (priority desc, since asc, arrival asc), and agents with a status,
// a capacity and the conversations they hold.
type refRouter struct {
	waiting []refWaiting
	agents  map[string]*refAgent
	heldBy  map[uuid.UUID]string
	held    map[uuid.UUID]support.Waiting
	arrival int
}

type refWaiting struct {
	w   support.Waiting
	seq int
}

type refAgent struct {
	cfg    support.AgentConfig
	status support.AgentStatus
	load   int
}

func (a *refAgent) serves(w support.Waiting) bool {
	return slices.Contains(a.cfg.Shops, w.ShopID) && slices.Contains(a.cfg.Groups, w.Group)
}

func (a *refAgent) free() bool { return a.status == support.Online && a.load < a.cfg.Capacity }

func refBefore(a, b refWaiting) bool {
	if a.w.Priority != b.w.Priority {
		return a.w.Priority > b.w.Priority
	}
	if !a.w.Since.Equal(b.w.Since) {
		return a.w.Since.Before(b.w.Since)
	}
	return a.seq < b.seq
}

func (r *refRouter) push(w support.Waiting) {
	r.arrival++
	e := refWaiting{w, r.arrival}
	i := 0
	for i < len(r.waiting) && refBefore(r.waiting[i], e) {
		i++
	}
	r.waiting = slices.Insert(r.waiting, i, e)
}

// best is the first waiting conversation a serves: what it must be given.
func (r *refRouter) best(a *refAgent) (int, bool) {
	for i, e := range r.waiting {
		if a.serves(e.w) {
			return i, true
		}
	}
	return 0, false
}

// R6.2: random enqueues, releases, removals, status changes, transfers and
// requeues; the Router assigns exactly what the reference would — the best
// waiting conversation by priority then age — only to online agents within
// capacity, and leaves no free agent beside a conversation it could take.
func TestRouterModel_R6_2(t *testing.T) {
	for _, strategy := range []support.Strategy{support.RoundRobin, support.LeastLoaded} {
		for _, seed := range modelSeeds {
			t.Run(fmt.Sprintf("%s/seed=%d", strategy, seed), func(t *testing.T) {
				runRouterModel(t, strategy, seed)
			})
		}
	}
}

func runRouterModel(t *testing.T, strategy support.Strategy, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	router, err := support.NewRouter(uuid.New(), strategy)
	require.NoError(t, err)
	ref := &refRouter{agents: map[string]*refAgent{}, heldBy: map[uuid.UUID]string{}, held: map[uuid.UUID]support.Waiting{}}
	shops, groups := []uuid.UUID{shop1, shop2}, []support.SkillGroup{"pre_sale", "returns"}
	var ids []string
	for i := range 5 {
		cfg := support.AgentConfig{ID: fmt.Sprintf("agent-%d", i), Capacity: 1 + rng.IntN(3),
			Shops: pick(rng, shops, shops[:1], shops[1:]), Groups: pick(rng, groups, groups[:1], groups[1:])}
		require.NoError(t, router.AddAgent(cfg))
		ref.agents[cfg.ID] = &refAgent{cfg: cfg, status: support.Offline}
		ids = append(ids, cfg.ID)
	}
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, shanghai)
	var trail []string
	fail := func(format string, args ...any) {
		t.Helper()
		if len(trail) > 20 {
			trail = trail[len(trail)-20:]
		}
		t.Fatalf("%s seed %d: %s\nlast steps: %v", strategy, seed, fmt.Sprintf(format, args...), trail)
	}
	// take applies the router's assignments to the reference, checking each.
	take := func(as ...support.Assignment) {
		t.Helper()
		for _, as := range as {
			a := ref.agents[as.AgentID]
			if a == nil || !a.free() {
				fail("assigned %s to %s, which is not online with free capacity", as.ConversationID, as.AgentID)
			}
			i, ok := ref.best(a)
			if !ok || ref.waiting[i].w.ConversationID != as.ConversationID {
				fail("gave %s %s; the reference gives %v", as.AgentID, as.ConversationID, ref.waiting[i].w)
			}
			w := ref.waiting[i].w
			ref.waiting = slices.Delete(ref.waiting, i, i+1)
			a.load++
			ref.heldBy[w.ConversationID], ref.held[w.ConversationID] = a.cfg.ID, w
			trail = append(trail, "→ "+as.AgentID+" "+w.ConversationID.String()[:8])
		}
	}
	heldIDs := func() []uuid.UUID {
		out := make([]uuid.UUID, 0, len(ref.heldBy))
		for id := range ref.heldBy {
			out = append(out, id)
		}
		slices.SortFunc(out, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
		return out
	}
	unhold := func(id uuid.UUID) *refAgent {
		a := ref.agents[ref.heldBy[id]]
		a.load--
		delete(ref.heldBy, id)
		delete(ref.held, id)
		return a
	}
	for step := range 600 {
		switch op := rng.IntN(10); {
		case op < 3: // a new conversation
			w := support.Waiting{ConversationID: uuid.New(), ShopID: pick(rng, shops...), Group: pick(rng, groups...),
				Priority: pick(rng, 0, 0, 1, 3), Since: base.Add(time.Duration(step/4) * time.Minute)}
			trail = append(trail, fmt.Sprintf("enqueue %s %s/%s p%d", w.ConversationID.String()[:8], w.ShopID, w.Group, w.Priority))
			as, ok, err := router.Enqueue(w)
			require.NoError(t, err)
			ref.push(w)
			if ok {
				take(as)
			}
		case op < 5 && len(ref.heldBy) > 0: // resolved: the slot frees
			id := pick(rng, heldIDs()...)
			agent := ref.heldBy[id]
			trail = append(trail, "release "+agent+" "+id.String()[:8])
			as, ok, err := router.Release(agent, id)
			require.NoError(t, err)
			unhold(id)
			if ok {
				take(as)
			}
		case op < 6 && len(ref.waiting) > 0: // the customer left
			i := rng.IntN(len(ref.waiting))
			trail = append(trail, "remove "+ref.waiting[i].w.ConversationID.String()[:8])
			require.True(t, router.Remove(ref.waiting[i].w.ConversationID))
			ref.waiting = slices.Delete(ref.waiting, i, i+1)
		case op < 8: // an agent's status changes
			id, st := pick(rng, ids...), pick(rng, support.Online, support.Online, support.Busy, support.Away, support.Offline)
			trail = append(trail, "status "+id+" "+string(st))
			as, err := router.SetStatus(id, st)
			require.NoError(t, err)
			ref.agents[id].status = st
			take(as...)
		case op < 9 && len(ref.heldBy) > 0: // a transfer to another agent
			id, to := pick(rng, heldIDs()...), pick(rng, append(ids, "nobody")...)
			trail = append(trail, "transfer "+id.String()[:8]+" to "+to)
			as, ok, err := router.Transfer(id, to)
			from, target := ref.agents[ref.heldBy[id]], ref.agents[to]
			var want string
			switch {
			case target == nil:
				want = support.CodeAgentNotFound
			case target == from:
				want = support.CodeInvalidAgent
			case target.status != support.Online:
				want = support.CodeAgentUnavailable
			case target.load >= target.cfg.Capacity:
				want = support.CodeAgentOverCapacity
			case !target.serves(ref.held[id]):
				want = support.CodeAgentUnavailable
			}
			if want != "" {
				if shopkit.CodeOf(err) != want {
					fail("transfer to %s: got %v, want %s", to, err, want)
				}
				break
			}
			require.NoError(t, err)
			w := ref.held[id]
			unhold(id)
			target.load++
			ref.heldBy[id], ref.held[id] = to, w
			if ok {
				take(as)
			}
		case len(ref.heldBy) > 0: // a requeue to another queue, keeping its place
			id := pick(rng, heldIDs()...)
			w := ref.held[id]
			w.ShopID, w.Group = pick(rng, shops...), pick(rng, groups...)
			agent := ref.heldBy[id]
			trail = append(trail, fmt.Sprintf("requeue %s to %s/%s", id.String()[:8], w.ShopID, w.Group))
			as, err := router.Requeue(agent, w)
			require.NoError(t, err)
			unhold(id)
			ref.push(w)
			take(as...)
		}

		// No free agent beside a conversation it serves; loads, queue lengths
		// and positions agree with the reference.
		for _, id := range ids {
			a := ref.agents[id]
			if _, ok := ref.best(a); ok && a.free() {
				fail("agent %s is free while a conversation it serves waits", id)
			}
			got, err := router.Agent(id)
			require.NoError(t, err)
			if got.Load != a.load || got.Load > got.Capacity {
				fail("agent %s load %d, reference %d, capacity %d", id, got.Load, a.load, got.Capacity)
			}
		}
		for _, shop := range shops {
			for _, g := range groups {
				n, pos := 0, map[uuid.UUID]int{}
				for _, e := range ref.waiting {
					if e.w.ShopID == shop && e.w.Group == g {
						n++
						pos[e.w.ConversationID] = n
					}
				}
				assert.Equal(t, n, router.Waiting(shop, g))
				for id, want := range pos {
					got, err := router.Position(id)
					require.NoError(t, err)
					if got != want {
						fail("position of %s: %d, reference %d", id, got, want)
					}
				}
			}
		}
	}
}

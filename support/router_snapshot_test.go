package support_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// viaJSON encodes a router's snapshot as JSON and restores it, as a database
// store does.
func viaJSON(t testing.TB, r *support.Router) *support.Router {
	t.Helper()
	data, err := json.Marshal(r.Snapshot())
	require.NoError(t, err)
	var s support.RouterSnapshot
	require.NoError(t, json.Unmarshal(data, &s))
	back, err := support.RestoreRouter(s)
	require.NoError(t, err)
	return back
}

// R6.2, R2.8: a router restored from its snapshot — directly, through JSON, or
// cloned — routes exactly as the original: random enqueues, releases,
// removals, status changes, transfers and requeues give the same assignments,
// errors and snapshots (the strategy's cursors, least-loaded ties and arrival
// order included) on the original and on a copy rebuilt from its snapshot
// before every step. Instants keep their nanoseconds.
func TestRouterSnapshotRoutesAsTheOriginal_R6_2(t *testing.T) {
	for _, strategy := range []support.Strategy{support.RoundRobin, support.LeastLoaded} {
		for _, seed := range modelSeeds[:6] {
			t.Run(fmt.Sprintf("%s/seed=%d", strategy, seed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b9))
				desk := uuid.New()
				orig, err := support.NewRouter(desk, strategy)
				require.NoError(t, err)
				shops, groups := []uuid.UUID{shop1, shop2}, []support.SkillGroup{"pre_sale", "returns"}
				var agents []string
				for i := range 4 {
					cfg := support.AgentConfig{ID: fmt.Sprintf("agent-%d", i), Capacity: 1 + rng.IntN(3),
						Shops: pick(rng, shops, shops[:1], shops[1:]), Groups: pick(rng, groups, groups[:1], groups[1:])}
					require.NoError(t, orig.AddAgent(cfg))
					agents = append(agents, cfg.ID)
				}
				copies := []func(*support.Router) *support.Router{
					func(r *support.Router) *support.Router { return viaJSON(t, r) },
					func(r *support.Router) *support.Router {
						back, err := support.RestoreRouter(r.Snapshot())
						require.NoError(t, err)
						return back
					},
					(*support.Router).Clone,
				}
				base := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
				var ids []uuid.UUID
				held := func(r *support.Router) []support.Holding {
					var hs []support.Holding
					for _, a := range r.Snapshot().Agents {
						hs = append(hs, a.Holdings...)
					}
					return hs
				}
				for step := range 150 {
					cp := copies[step%len(copies)](orig)
					require.Equal(t, orig.Snapshot(), cp.Snapshot(), "step %d: the copy holds every field", step)
					assert.Equal(t, desk, cp.ID())
					var op func(r *support.Router) string
					switch k := rng.IntN(10); {
					case k < 4:
						w := support.Waiting{ConversationID: uuid.New(), ShopID: pick(rng, shops...), Group: pick(rng, groups...),
							Priority: rng.IntN(3), Since: base.Add(time.Duration(rng.IntN(4))*time.Minute + time.Duration(rng.IntN(3)))}
						ids = append(ids, w.ConversationID)
						op = func(r *support.Router) string {
							as, ok, err := r.Enqueue(w)
							return fmt.Sprint(as, ok, shopkit.CodeOf(err))
						}
					case k < 6:
						id, st := pick(rng, agents...), pick(rng, support.Online, support.Online, support.Busy, support.Away, support.Offline)
						op = func(r *support.Router) string {
							as, err := r.SetStatus(id, st)
							return fmt.Sprint(as, shopkit.CodeOf(err))
						}
					case k < 8:
						hs := held(orig)
						if len(hs) == 0 {
							continue
						}
						h := hs[rng.IntN(len(hs))]
						var agent string
						for _, a := range orig.Snapshot().Agents {
							for _, x := range a.Holdings {
								if x.ConversationID == h.ConversationID {
									agent = a.Config.ID
								}
							}
						}
						switch rng.IntN(3) {
						case 0:
							op = func(r *support.Router) string {
								as, ok, err := r.Release(agent, h.ConversationID)
								return fmt.Sprint(as, ok, shopkit.CodeOf(err))
							}
						case 1:
							to := pick(rng, agents...)
							op = func(r *support.Router) string {
								as, ok, err := r.Transfer(h.ConversationID, to)
								return fmt.Sprint(as, ok, shopkit.CodeOf(err))
							}
						default:
							w := support.Waiting{ConversationID: h.ConversationID, ShopID: h.ShopID, Group: pick(rng, groups...), Since: h.Since}
							op = func(r *support.Router) string {
								as, err := r.Requeue(agent, w)
								return fmt.Sprint(as, shopkit.CodeOf(err))
							}
						}
					default:
						if len(ids) == 0 {
							continue
						}
						id := ids[rng.IntN(len(ids))]
						op = func(r *support.Router) string {
							pos, err := r.Position(id)
							return fmt.Sprint(pos, shopkit.CodeOf(err), r.Remove(id))
						}
					}
					require.Equal(t, op(orig), op(cp), "step %d: the copy routes as the original", step)
					require.Equal(t, orig.Snapshot(), cp.Snapshot(), "step %d", step)
				}
				s, back := orig.Snapshot(), viaJSON(t, orig).Snapshot()
				require.NotEmpty(t, s.Waiting, "the run left conversations waiting")
				for i, w := range s.Waiting {
					assert.Equal(t, w.Since.UnixNano(), back.Waiting[i].Since.UnixNano(), "to the nanosecond")
				}
			})
		}
	}
}

// R2.8: a clone shares nothing with its router: changing one leaves the other
// as it was.
func TestRouterCloneIsDeep_R6_2(t *testing.T) {
	cfg := agentCfg("agent-1", 2)
	r := newRouter(t, support.LeastLoaded, cfg)
	cfg.Shops[0] = shop9 // the router keeps its own copy of the configuration
	_, err := r.SetStatus("agent-1", support.Online)
	require.NoError(t, err)
	for i := range 4 {
		_, _, err := r.Enqueue(waiting(i%2, at(23, 10, i, 0)))
		require.NoError(t, err)
	}
	before := r.Snapshot()
	assert.Equal(t, []uuid.UUID{shop1}, before.Agents[0].Config.Shops)
	c := r.Clone()
	_, _, err = c.Enqueue(waiting(2, at(23, 11, 0, 0)))
	require.NoError(t, err)
	_, err = c.SetStatus("agent-1", support.Away)
	require.NoError(t, err)
	h := before.Agents[0].Holdings[0]
	_, _, err = c.Release("agent-1", h.ConversationID)
	require.NoError(t, err)
	c.Snapshot().Agents[0].Config.Groups[0] = "returns"
	assert.Equal(t, before, r.Snapshot(), "the original is untouched")
	assert.Equal(t, r.ID(), c.ID())
}

// The zero Router snapshots as the empty round-robin router it routes as; its
// nil desk ID is refused by RestoreRouter, as by NewRouter.
func TestZeroRouterSnapshot(t *testing.T) {
	s := new(support.Router).Snapshot()
	assert.Equal(t, support.RouterSnapshot{Strategy: support.RoundRobin}, s)
	_, err := support.RestoreRouter(s)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, support.CodeInvalidRouter, shopkit.CodeOf(err))
	assert.Equal(t, "id", fieldOf(t, err))
	_, err = support.NewRouter(uuid.Nil, support.RoundRobin)
	assert.Equal(t, support.CodeInvalidRouter, shopkit.CodeOf(err))
	_, err = support.NewRouter(uuid.New(), "fastest")
	assert.Equal(t, support.CodeInvalidStrategy, shopkit.CodeOf(err))
}

// validSnapshot is a desk with an agent holding one conversation and one
// waiting.
func validSnapshot(t testing.TB) support.RouterSnapshot {
	r := newRouter(t, support.RoundRobin, agentCfg("agent-1", 1), agentCfg("agent-2", 1))
	_, err := r.SetStatus("agent-1", support.Online)
	require.NoError(t, err)
	for i := range 2 {
		_, _, err := r.Enqueue(waiting(0, at(23, 10, i, 0)))
		require.NoError(t, err)
	}
	s := r.Snapshot()
	require.Len(t, s.Agents[0].Holdings, 1)
	require.Len(t, s.Waiting, 1)
	return s
}

// R2.8: a snapshot that breaks the router's invariants is refused with a typed
// error naming the field: loads within capacity and equal to the holdings, no
// conversation both waiting and held (or held twice), arrival numbers unique
// and within Seq, valid agents and queues, and known enumerations (with their
// own codes).
func TestRestoreRouterRejectsInvalidSnapshots(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate      func(*support.RouterSnapshot)
		code, field string
	}{
		"nil desk":         {func(s *support.RouterSnapshot) { s.ID = uuid.Nil }, support.CodeInvalidRouter, "id"},
		"unknown strategy": {func(s *support.RouterSnapshot) { s.Strategy = "fastest" }, support.CodeInvalidStrategy, "strategy"},
		"empty strategy":   {func(s *support.RouterSnapshot) { s.Strategy = "" }, support.CodeInvalidStrategy, "strategy"},
		"unknown status":   {func(s *support.RouterSnapshot) { s.Agents[1].Status = "asleep" }, support.CodeInvalidStatus, "agents[1].status"},
		"load above holdings": {func(s *support.RouterSnapshot) { s.Agents[1].Load = 1 }, support.CodeInvalidRouter,
			"agents[1].load"},
		"load above capacity": {func(s *support.RouterSnapshot) {
			s.Agents[0].Holdings = append(s.Agents[0].Holdings, support.Holding{ConversationID: uuid.New(), ShopID: shop1, Group: "pre_sale"})
			s.Agents[0].Load = 2
		}, support.CodeInvalidRouter, "agents[0].load"},
		"negative load": {func(s *support.RouterSnapshot) { s.Agents[1].Load = -1 }, support.CodeInvalidRouter, "agents[1].load"},
		"held and waiting": {func(s *support.RouterSnapshot) {
			s.Waiting[0].ConversationID = s.Agents[0].Holdings[0].ConversationID
		}, support.CodeInvalidRouter, "waiting[0].conversation_id"},
		"held twice": {func(s *support.RouterSnapshot) {
			s.Agents[1].Holdings = append(s.Agents[1].Holdings, s.Agents[0].Holdings[0])
			s.Agents[1].Load = 1
		}, support.CodeInvalidRouter, "agents[1].holdings[0].conversation_id"},
		"held outside the agent's queues": {func(s *support.RouterSnapshot) { s.Agents[0].Holdings[0].Group = "returns" },
			support.CodeInvalidRouter, "agents[0].holdings[0].group"},
		"holding without a shop": {func(s *support.RouterSnapshot) { s.Agents[0].Holdings[0].ShopID = uuid.Nil },
			support.CodeInvalidRouter, "agents[0].holdings[0].shop_id"},
		"agent without capacity": {func(s *support.RouterSnapshot) { s.Agents[1].Config.Capacity = 0 }, support.CodeInvalidRouter,
			"agents[1].config.capacity"},
		"agent twice": {func(s *support.RouterSnapshot) { s.Agents[1].Config.ID = "agent-1" }, support.CodeInvalidRouter,
			"agents[1].config.id"},
		"last assignment after seq": {func(s *support.RouterSnapshot) { s.Agents[0].LastAssigned = s.Seq + 1 },
			support.CodeInvalidRouter, "agents[0].last_assigned"},
		"arrival after seq":  {func(s *support.RouterSnapshot) { s.Waiting[0].Seq = s.Seq + 1 }, support.CodeInvalidRouter, "waiting[0].seq"},
		"arrival zero":       {func(s *support.RouterSnapshot) { s.Waiting[0].Seq = 0 }, support.CodeInvalidRouter, "waiting[0].seq"},
		"waiting without id": {func(s *support.RouterSnapshot) { s.Waiting[0].ConversationID = uuid.Nil }, support.CodeInvalidRouter, "waiting[0].conversation_id"},
		"malformed group":    {func(s *support.RouterSnapshot) { s.Waiting[0].Group = "Pre Sale" }, support.CodeInvalidRouter, "waiting[0].group"},
		"negative cursor":    {func(s *support.RouterSnapshot) { s.Queues[0].Next = -1 }, support.CodeInvalidRouter, "queues[0].next"},
		"queue without shop": {func(s *support.RouterSnapshot) { s.Queues[0].ShopID = uuid.Nil }, support.CodeInvalidRouter, "queues[0].shop_id"},
		"queue listed twice": {func(s *support.RouterSnapshot) { s.Queues = append(s.Queues, s.Queues[0]) }, support.CodeInvalidRouter, "queues[1]"},
		"repeated arrival": {func(s *support.RouterSnapshot) {
			s.Waiting = append(s.Waiting, s.Waiting[0])
			s.Waiting[1].ConversationID = uuid.New()
		}, support.CodeInvalidRouter, "waiting[1].seq"},
	} {
		s := validSnapshot(t)
		tc.mutate(&s)
		_, err := support.RestoreRouter(s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
		var v *shopkit.ValidationError
		require.ErrorAs(t, err, &v, name)
		var fields []string
		for _, p := range v.Problems {
			fields = append(fields, p.Field)
		}
		assert.Contains(t, fields, tc.field, name)
	}
	_, err := support.RestoreRouter(validSnapshot(t))
	require.NoError(t, err)
}

// R0.5 (strict decoding): a stored desk decodes only known names — the
// strategy, agent statuses and skill groups — and an agent's configuration
// rejects an unknown key; the JSON form round-trips exactly.
func TestRouterSnapshotDecodesStrictly(t *testing.T) {
	s := validSnapshot(t)
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back support.RouterSnapshot
	require.NoError(t, json.Unmarshal(data, &back))
	r, err := support.RestoreRouter(back)
	require.NoError(t, err)
	again, err := json.Marshal(r.Snapshot())
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))

	for _, tc := range []struct{ from, to, code string }{
		{`"strategy":"round_robin"`, `"strategy":"fastest"`, support.CodeInvalidStrategy},
		{`"status":"online"`, `"status":"asleep"`, support.CodeInvalidStatus},
		{`"group":"pre_sale"`, `"group":"Pre Sale"`, support.CodeInvalidGroup},
		{`"capacity":1`, `"capacity":1,"Capacty":2`, support.CodeInvalidAgent},
	} {
		bad := strings.Replace(string(data), tc.from, tc.to, 1)
		require.NotEqual(t, string(data), bad, tc.from)
		var got support.RouterSnapshot
		err := json.Unmarshal([]byte(bad), &got)
		require.Error(t, err, tc.to)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), tc.to)
	}
}

// R6.2: an enqueued conversation names a well-formed skill group, so that
// every router can be stored.
func TestEnqueueChecksTheGroup_R6_2(t *testing.T) {
	r := newRouter(t, support.RoundRobin, agentCfg("agent-1", 1))
	w := waiting(0, at(23, 10, 0, 0))
	w.Group = "Pre Sale"
	_, _, err := r.Enqueue(w)
	assert.Equal(t, support.CodeInvalidWaiting, shopkit.CodeOf(err))
	assert.Equal(t, "group", fieldOf(t, err))
	assert.Zero(t, r.Waiting(shop1, "Pre Sale"))
}

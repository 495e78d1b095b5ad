package support_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newRouter(t testing.TB, s support.Strategy, agents ...support.AgentConfig) *support.Router {
	r, err := support.NewRouter(uuid.New(), s)
	require.NoError(t, err)
	for _, a := range agents {
		require.NoError(t, r.AddAgent(a))
	}
	return r
}

func agentCfg(id string, capacity int) support.AgentConfig {
	return support.AgentConfig{ID: id, Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"pre_sale"}, Capacity: capacity}
}

func waiting(priority int, since time.Time) support.Waiting {
	return support.Waiting{ConversationID: uuid.New(), ShopID: shop1, Group: "pre_sale", Priority: priority, Since: since}
}

// R6.2: members with the priority-service benefit first (higher tiers first),
// then oldest first; only online agents; when an agent frees up the best waiting
// conversation is assigned; the queue position counts those ahead.
func TestRoutingPriorityThenOldest_R6_2(t *testing.T) {
	r := newRouter(t, support.LeastLoaded, agentCfg("agent-1", 1))
	old := waiting(0, at(23, 9, 0, 0))
	newer := waiting(0, at(23, 9, 0, 0).Add(time.Nanosecond))
	gold := waiting(support.Priority(shopkit.MemberTier{Name: "gold", Rank: 2, PriorityService: true}), at(23, 9, 30, 0))
	silver := waiting(support.Priority(shopkit.MemberTier{Name: "silver", Rank: 1, PriorityService: true}), at(23, 9, 10, 0))
	plain := waiting(support.Priority(shopkit.MemberTier{Name: "silver-no-benefit", Rank: 1}), at(23, 8, 0, 0))
	for _, w := range []support.Waiting{newer, old, silver, gold, plain} {
		_, ok, err := r.Enqueue(w)
		require.NoError(t, err)
		assert.False(t, ok, "the agent is offline: nobody is assigned")
	}
	pos, err := r.Position(gold.ConversationID)
	require.NoError(t, err)
	assert.Equal(t, 1, pos)
	pos, err = r.Position(newer.ConversationID)
	require.NoError(t, err)
	assert.Equal(t, 5, pos, "1 ns younger is behind")
	pos, err = r.Position(plain.ConversationID)
	require.NoError(t, err)
	assert.Equal(t, 3, pos, "a tier without the benefit waits with everyone, oldest first")

	as, err := r.SetStatus("agent-1", support.Online)
	require.NoError(t, err)
	require.Len(t, as, 1, "capacity 1")
	assert.Equal(t, gold.ConversationID, as[0].ConversationID)
	var order []uuid.UUID
	prev := gold.ConversationID
	for {
		next, ok, err := r.Release("agent-1", prev)
		require.NoError(t, err)
		if !ok {
			break
		}
		order = append(order, next.ConversationID)
		prev = next.ConversationID
	}
	assert.Equal(t, []uuid.UUID{silver.ConversationID, plain.ConversationID, old.ConversationID, newer.ConversationID}, order)
	a, err := r.Agent("agent-1")
	require.NoError(t, err)
	assert.Equal(t, 0, a.Load)
}

// R6.2: round-robin takes agents in turn; least-loaded the one with fewest
// conversations; nobody beyond capacity; busy and away agents get nothing new.
func TestAssignmentStrategies_R6_2(t *testing.T) {
	rr := newRouter(t, support.RoundRobin, agentCfg("a", 2), agentCfg("b", 2), agentCfg("c", 2))
	for _, id := range []string{"a", "b", "c"} {
		_, err := rr.SetStatus(id, support.Online)
		require.NoError(t, err)
	}
	var got []string
	for i := 0; i < 7; i++ {
		as, ok, err := rr.Enqueue(waiting(0, at(23, 9, i, 0)))
		require.NoError(t, err)
		if ok {
			got = append(got, as.AgentID)
		}
	}
	assert.Equal(t, []string{"a", "b", "c", "a", "b", "c"}, got, "the 7th waits: every agent is at capacity 2")
	assert.Equal(t, 1, rr.Waiting(shop1, "pre_sale"))

	ll := newRouter(t, support.LeastLoaded, agentCfg("a", 3), agentCfg("b", 3))
	_, _ = ll.SetStatus("a", support.Online)
	first, _, _ := ll.Enqueue(waiting(0, at(23, 9, 0, 0)))
	assert.Equal(t, "a", first.AgentID)
	_, _ = ll.SetStatus("b", support.Online)
	second, _, _ := ll.Enqueue(waiting(0, at(23, 9, 1, 0)))
	assert.Equal(t, "b", second.AgentID, "b holds fewer")
	third, _, _ := ll.Enqueue(waiting(0, at(23, 9, 2, 0)))
	assert.Equal(t, "a", third.AgentID, "equal load: the one idle longest")
	_, _ = ll.SetStatus("a", support.Away)
	_, _ = ll.SetStatus("b", support.Busy)
	_, ok, _ := ll.Enqueue(waiting(0, at(23, 9, 3, 0)))
	assert.False(t, ok, "away and busy agents get nothing new")
}

// R6.2: agents serving several shops pick the best head across their queues.
func TestAgentServesSeveralShops_R6_2(t *testing.T) {
	r := newRouter(t, support.LeastLoaded, support.AgentConfig{ID: "multi", Shops: []uuid.UUID{shop1, shop2},
		Groups: []support.SkillGroup{"pre_sale"}, Capacity: 1})
	w1 := waiting(0, at(23, 9, 5, 0))
	w2 := support.Waiting{ConversationID: uuid.New(), ShopID: shop2, Group: "pre_sale", Since: at(23, 9, 0, 0)}
	_, _, _ = r.Enqueue(w1)
	_, _, _ = r.Enqueue(w2)
	as, err := r.SetStatus("multi", support.Online)
	require.NoError(t, err)
	require.Len(t, as, 1)
	assert.Equal(t, w2.ConversationID, as[0].ConversationID, "shop-2's customer waited longer")
	assert.Equal(t, shop2, as[0].ShopID)
}

// R6.2: when an agent frees up, the oldest waiting conversation of all the
// queues they serve (several shops) is assigned: 1 ns older wins across shops.
// Through the Service, resolving a conversation assigns the next one in the store.
func TestFreedAgentTakesOldest_R6_2(t *testing.T) {
	multi := support.AgentConfig{ID: "agent-1", Shops: []uuid.UUID{shop1, shop2}, Groups: []support.SkillGroup{"pre_sale"}, Capacity: 1}
	r := newRouter(t, support.RoundRobin, multi)
	_, err := r.SetStatus("agent-1", support.Online)
	require.NoError(t, err)
	held := waiting(0, at(23, 8, 0, 0))
	first, ok, err := r.Enqueue(held)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, held.ConversationID, first.ConversationID)

	shop2 := func(since time.Time) support.Waiting {
		return support.Waiting{ConversationID: uuid.New(), ShopID: shop2, Group: "pre_sale", Since: since}
	}
	late1 := waiting(0, at(23, 9, 5, 0))
	old2 := shop2(at(23, 9, 0, 0))
	next1 := waiting(0, at(23, 9, 0, 0).Add(time.Nanosecond))
	for _, w := range []support.Waiting{late1, next1, old2} {
		_, ok, err := r.Enqueue(w)
		require.NoError(t, err)
		require.False(t, ok, "the agent is at capacity")
	}
	var order []uuid.UUID
	prev := held.ConversationID
	for {
		as, ok, err := r.Release("agent-1", prev)
		require.NoError(t, err)
		if !ok {
			break
		}
		order = append(order, as.ConversationID)
		prev = as.ConversationID
	}
	assert.Equal(t, []uuid.UUID{old2.ConversationID, next1.ConversationID, late1.ConversationID}, order)

	svc, clock := newService(t, support.LeastLoaded, agentCfg("agent-1", 1))
	ctx := context.Background()
	require.NoError(t, svc.SetAgentStatus(ctx, "agent-1", support.Online))
	*clock = at(23, 10, 0, 0)
	c1, err := svc.Open(ctx, inquiry("第一个问题"))
	require.NoError(t, err)
	*clock = at(23, 10, 1, 0)
	older, err := svc.Open(ctx, inquiry("早来的问题"))
	require.NoError(t, err)
	*clock = at(23, 10, 2, 0)
	newer, err := svc.Open(ctx, inquiry("晚来的问题"))
	require.NoError(t, err)
	require.Equal(t, support.Open, older.State())
	require.NoError(t, svc.Reply(ctx, c1.ID(), agent1, "您好"))
	require.NoError(t, svc.Resolve(ctx, c1.ID(), agent1, support.Summary{Text: "ok", Topic: "size"}))
	got, _ := svc.Conversations.Get(ctx, older.ID())
	assert.Equal(t, support.Assigned, got.State(), "the oldest waiting conversation is assigned")
	assert.Equal(t, "agent-1", got.AgentID())
	got, _ = svc.Conversations.Get(ctx, newer.ID())
	assert.Equal(t, support.Open, got.State())
}

// R6.2: a transfer to an agent at capacity is refused and changes nothing.
func TestTransferOverCapacity_R6_2(t *testing.T) {
	r := newRouter(t, support.RoundRobin, agentCfg("a", 1), agentCfg("b", 1))
	_, _ = r.SetStatus("a", support.Online)
	wa := waiting(0, at(23, 9, 0, 0))
	asA, _, _ := r.Enqueue(wa)
	require.Equal(t, "a", asA.AgentID)
	_, _ = r.SetStatus("b", support.Online)
	asB, _, _ := r.Enqueue(waiting(0, at(23, 9, 1, 0)))
	require.Equal(t, "b", asB.AgentID)

	_, _, err := r.Transfer(wa.ConversationID, "b")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, support.CodeAgentOverCapacity, shopkit.CodeOf(err))
	a, _ := r.Agent("a")
	b, _ := r.Agent("b")
	assert.Equal(t, 1, a.Load)
	assert.Equal(t, 1, b.Load)

	_, _ = r.SetStatus("b", support.Offline)
	_, _, err = r.Transfer(wa.ConversationID, "b")
	assert.Equal(t, support.CodeAgentUnavailable, shopkit.CodeOf(err))
	assert.Equal(t, support.CodeInvalidAgent, shopkit.CodeOf(r.AddAgent(support.AgentConfig{ID: "z"})))
	assert.Equal(t, support.CodeAgentExists, shopkit.CodeOf(r.AddAgent(agentCfg("a", 1))))
}

// R6.2 through the Service: a transfer keeps the history; requeueing to another
// group keeps the original place in line.
func TestServiceTransferAndRequeue_R6_2(t *testing.T) {
	svc, clock := newService(t, support.LeastLoaded, agentCfg("agent-1", 2), agentCfg("agent-2", 1),
		support.AgentConfig{ID: "agent-3", Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"after_sale"}, Capacity: 1})
	ctx := context.Background()
	_ = svc.SetAgentStatus(ctx, "agent-1", support.Online)
	*clock = at(23, 10, 0, 0)
	c, err := svc.Open(ctx, inquiry("我想改地址"))
	require.NoError(t, err)
	require.Equal(t, "agent-1", c.AgentID())
	require.NoError(t, svc.Reply(ctx, c.ID(), agent1, "您好"))

	err = svc.Transfer(ctx, c.ID(), agent1, "agent-2", "address desk")
	assert.Equal(t, support.CodeAgentUnavailable, shopkit.CodeOf(err))
	got, _ := svc.Conversations.Get(ctx, c.ID())
	assert.Equal(t, "agent-1", got.AgentID(), "nothing changed")
	assert.Empty(t, got.Transfers())

	_ = svc.SetAgentStatus(ctx, "agent-2", support.Online)
	require.NoError(t, svc.Transfer(ctx, c.ID(), agent1, "agent-2", "address desk"))
	got, _ = svc.Conversations.Get(ctx, c.ID())
	assert.Equal(t, "agent-2", got.AgentID())
	assert.Len(t, got.Messages(), 2)

	require.NoError(t, svc.Requeue(ctx, c.ID(), agent2, "after_sale", "", "refund question"))
	got, _ = svc.Conversations.Get(ctx, c.ID())
	assert.Equal(t, support.Open, got.State())
	assert.True(t, at(23, 10, 0, 0).Equal(got.EnqueuedAt()), "keeps its place by the original time")
	require.NoError(t, svc.SetAgentStatus(ctx, "agent-3", support.Online))
	got, _ = svc.Conversations.Get(ctx, c.ID())
	assert.Equal(t, "agent-3", got.AgentID())
	assert.Len(t, got.Transfers(), 2)
}

// R6.2 through the Service: a transfer to an agent at capacity, and a transfer
// of a closed conversation, are typed errors with stable codes and change
// nothing — neither the stored conversation nor any agent's load.
func TestServiceTransferRefusals_R6_2(t *testing.T) {
	svc, clock := newService(t, support.LeastLoaded, agentCfg("agent-1", 1), agentCfg("agent-2", 1))
	ctx := context.Background()
	require.NoError(t, svc.SetAgentStatus(ctx, "agent-1", support.Online))
	require.NoError(t, svc.SetAgentStatus(ctx, "agent-2", support.Online))
	*clock = at(23, 10, 0, 0)
	c1, err := svc.Open(ctx, inquiry("我想改地址"))
	require.NoError(t, err)
	c2, err := svc.Open(ctx, inquiry("什么时候到"))
	require.NoError(t, err)
	require.Equal(t, []string{"agent-1", "agent-2"}, []string{c1.AgentID(), c2.AgentID()})

	loads := func() []int {
		r := svc.Router(t)
		a, _ := r.Agent("agent-1")
		b, _ := r.Agent("agent-2")
		return []int{a.Load, b.Load}
	}
	snapshot := func(id uuid.UUID) support.ConversationSnapshot {
		c, err := svc.Conversations.Get(ctx, id)
		require.NoError(t, err)
		return c.Snapshot()
	}

	before := snapshot(c1.ID())
	err = svc.Transfer(ctx, c1.ID(), agent1, "agent-2", "address desk")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, support.CodeAgentOverCapacity, shopkit.CodeOf(err))
	assert.Equal(t, before, snapshot(c1.ID()), "over capacity: nothing changed")
	assert.Equal(t, []int{1, 1}, loads())

	require.NoError(t, svc.Reply(ctx, c2.ID(), agent2, "您好"))
	require.NoError(t, svc.Resolve(ctx, c2.ID(), agent2, support.Summary{Text: "eta given", Topic: "shipping"}))
	require.NoError(t, svc.Conversations.Update(ctx, c2.ID(), func(c *support.Conversation) error {
		return c.Close(agent2, at(23, 10, 1, 0), support.Summary{})
	}))
	closed := snapshot(c2.ID())
	err = svc.Transfer(ctx, c2.ID(), agent2, "agent-1", "too late")
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(err))
	assert.Equal(t, closed, snapshot(c2.ID()), "closed: nothing changed")
	err = svc.Requeue(ctx, c2.ID(), agent2, "after_sale", "", "too late")
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(err))
	assert.Equal(t, closed, snapshot(c2.ID()))
	assert.Equal(t, []int{1, 0}, loads())
}

type fixedTiers map[string]shopkit.MemberTier

func (f fixedTiers) MemberTier(_ context.Context, _ uuid.UUID, customer string) (shopkit.MemberTier, error) {
	return f[customer], nil
}

type fixedOrders []support.OrderRef

func (f fixedOrders) RecentOrders(_ context.Context, _ uuid.UUID, _ string, limit int) ([]support.OrderRef, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return f[:min(limit, len(f))], nil
}

// desk is a Service with its in-memory stores and desk at hand.
type desk struct {
	*support.Service
	Conversations *supporttest.Store
	Complaints    *supporttest.ComplaintStore
	Queues        *supporttest.QueueStore
	Desk          uuid.UUID
}

// Router returns the desk's Router as the queue store has it now.
func (d *desk) Router(t testing.TB) *support.Router {
	t.Helper()
	r, err := d.Queues.Get(context.Background(), d.Desk)
	require.NoError(t, err)
	return r
}

// newService returns a desk on in-memory stores, a router of the agents stored
// in the queue store, and the default policies, with a clock the test sets;
// configure changes the config before the service is built.
func newService(t testing.TB, s support.Strategy, agents ...support.AgentConfig) (*desk, *time.Time) {
	return newServiceWith(t, nil, s, agents...)
}

func newServiceWith(t testing.TB, configure func(*support.ServiceConfig), s support.Strategy, agents ...support.AgentConfig) (*desk, *time.Time) {
	now := at(23, 9, 0, 0)
	r := newRouter(t, s, agents...)
	d := &desk{Conversations: supporttest.NewStore(), Complaints: supporttest.NewComplaintStore(),
		Queues: supporttest.NewQueueStore(), Desk: r.ID()}
	require.NoError(t, d.Queues.Create(context.Background(), r))
	cfg := support.ServiceConfig{
		Conversations: d.Conversations,
		Complaints:    d.Complaints,
		Queues:        d.Queues,
		Desk:          d.Desk,
		Severity:      support.DefaultSeverityPolicy(),
		Policy:        support.DefaultPolicy(),
		Clock:         func() time.Time { return now },
	}
	if configure != nil {
		configure(&cfg)
	}
	svc, err := support.NewService(cfg)
	require.NoError(t, err)
	d.Service = svc
	return d, &now
}

// R6.1, R6.2: the agent's view shows the member tier, recent orders and, while
// queued, the position.
func TestAgentView_R6_1(t *testing.T) {
	svc, _ := newServiceWith(t, func(cfg *support.ServiceConfig) {
		cfg.Tiers = fixedTiers{"buyer-a": {Name: "gold", Rank: 2, PriorityService: true}}
		cfg.Orders = fixedOrders{{Number: "2026112300001", Paid: shopkit.CNY(19900)}, {Number: "2026112000007", Paid: shopkit.CNY(5000)}}
	}, support.LeastLoaded, agentCfg("agent-1", 1))
	ctx := context.Background()
	c, err := svc.Open(ctx, inquiry("发货了吗"))
	require.NoError(t, err)
	assert.Equal(t, 3, c.Priority())
	v, err := svc.View(ctx, c.ID(), 1)
	require.NoError(t, err)
	assert.Equal(t, "gold", v.Tier.Name)
	require.Len(t, v.RecentOrders, 1)
	assert.Equal(t, "2026112300001", v.RecentOrders[0].Number)
	assert.Equal(t, 1, v.QueuePosition)
}

// R6.2 race: 32 agents and 10,000 conversations assigned concurrently: none is
// assigned twice and no agent is ever over capacity.
func TestConcurrentAssignment_R6_2(t *testing.T) {
	const agents, convs, capacity = 32, 10000, 3
	var cfgs []support.AgentConfig
	for i := 0; i < agents; i++ {
		cfgs = append(cfgs, agentCfg(fmt.Sprintf("agent-%02d", i), capacity))
	}
	ctx := context.Background()
	inbox := map[string]chan support.Assignment{}
	for _, c := range cfgs {
		inbox[c.ID] = make(chan support.Assignment, convs)
	}
	var seen sync.Map
	var twice, over atomic.Int32
	var svc *desk // the hook runs after svc is set: no agent is online before
	svc, _ = newServiceWith(t, func(cfg *support.ServiceConfig) {
		cfg.OnAssign = func(a support.Assignment) {
			if _, dup := seen.LoadOrStore(a.ConversationID, a.AgentID); dup {
				twice.Add(1)
			}
			r, err := svc.Queues.Get(ctx, svc.Desk)
			if err != nil {
				over.Add(1)
				return
			}
			if st, err := r.Agent(a.AgentID); err != nil || st.Load > st.Capacity {
				over.Add(1)
			}
			inbox[a.AgentID] <- a
		}
	}, support.LeastLoaded, cfgs...)
	for _, c := range cfgs {
		require.NoError(t, svc.SetAgentStatus(ctx, c.ID, support.Online))
	}
	var resolved atomic.Int32
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range cfgs {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			me := staff(id)
			for {
				select {
				case a := <-inbox[id]:
					assert.NoError(t, svc.Reply(ctx, a.ConversationID, me, "您好"))
					assert.NoError(t, svc.Resolve(ctx, a.ConversationID, me, support.Summary{Text: "ok", Topic: "size"}))
					if resolved.Add(1) == convs {
						close(done)
					}
				case <-done:
					return
				}
			}
		}(c.ID)
	}
	var open sync.WaitGroup
	for w := 0; w < 16; w++ {
		open.Add(1)
		go func(w int) {
			defer open.Done()
			for i := w; i < convs; i += 16 {
				in := inquiry("请问有货吗")
				in.CustomerID = fmt.Sprintf("buyer-%d", i)
				_, err := svc.Open(ctx, in)
				assert.NoError(t, err)
			}
		}(w)
	}
	open.Wait()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("only %d of %d resolved", resolved.Load(), convs)
	}
	wg.Wait()
	assert.Zero(t, twice.Load(), "assigned twice")
	assert.Zero(t, over.Load(), "agent over capacity")
	n := 0
	seen.Range(func(_, _ any) bool { n++; return true })
	assert.Equal(t, convs, n)
	r := svc.Router(t)
	for _, c := range cfgs {
		st, _ := r.Agent(c.ID)
		assert.Zero(t, st.Load)
	}
}

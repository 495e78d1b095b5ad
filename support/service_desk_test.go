package support_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replica returns a second Service on d's stores and desk, as another app
// instance of the same host runs it, with its own clock.
func replica(t testing.TB, d *desk) (*desk, *time.Time) {
	now := at(23, 9, 0, 0)
	svc, err := support.NewService(support.ServiceConfig{
		Conversations: d.Conversations, Complaints: d.Complaints, Queues: d.Queues, Desk: d.Desk,
		Severity: support.DefaultSeverityPolicy(), Policy: support.DefaultPolicy(),
		Clock: func() time.Time { return now },
	})
	require.NoError(t, err)
	return &desk{Service: svc, Conversations: d.Conversations, Complaints: d.Complaints, Queues: d.Queues, Desk: d.Desk}, &now
}

// agree asserts that the conversations and the desk tell one story (R6.2):
// an open conversation waits in the queue, one an agent holds is held by that
// agent in the queue, an ended one is in neither; the queue holds nothing
// else, and every agent's load is what they hold.
func agree(t testing.TB, d *desk) {
	t.Helper()
	ctx := context.Background()
	snap := d.Router(t).Snapshot()
	holder := map[uuid.UUID]string{}
	for _, a := range snap.Agents {
		assert.Equal(t, len(a.Holdings), a.Load, "%s: load is what they hold", a.Config.ID)
		for _, h := range a.Holdings {
			holder[h.ConversationID] = a.Config.ID
		}
	}
	waiting := map[uuid.UUID]bool{}
	for _, w := range snap.Waiting {
		waiting[w.ConversationID] = true
	}
	all, err := d.Conversations.Find(ctx, func(*support.Conversation) bool { return true })
	require.NoError(t, err)
	seen := 0
	for _, c := range all {
		switch c.State() {
		case support.Open:
			assert.True(t, waiting[c.ID()], "open %s waits in the queue", c.ID())
			assert.Empty(t, holder[c.ID()], "open %s is held by nobody", c.ID())
			seen++
		case support.Assigned, support.InProgress, support.WaitingCustomer:
			assert.Equal(t, c.AgentID(), holder[c.ID()], "%s %s is held by its agent", c.State(), c.ID())
			assert.False(t, waiting[c.ID()])
			seen++
		default:
			assert.False(t, waiting[c.ID()], "%s %s does not wait", c.State(), c.ID())
			assert.Empty(t, holder[c.ID()], "%s %s is held by nobody", c.State(), c.ID())
		}
	}
	assert.Equal(t, len(holder)+len(waiting), seen, "the queue holds only conversations that exist")
}

// R6.2 across replicas: two Services (two app instances) on one QueueStore and
// one conversation store route on one queue. An agent who goes online on
// replica A gets the conversation opened on replica B, and the conversation
// waiting since replica A opened it goes to the agent who comes online on B;
// a resolution on A frees the agent for the next conversation opened on B.
func TestTwoReplicasShareOneQueue_R6_2(t *testing.T) {
	ctx := context.Background()
	a, _ := newService(t, support.LeastLoaded, agentCfg("agent-1", 1), agentCfg("agent-2", 1))
	b, _ := replica(t, a)

	require.NoError(t, a.SetAgentStatus(ctx, "agent-1", support.Online))
	c1, err := b.Open(ctx, inquiry("我想改地址"))
	require.NoError(t, err)
	assert.Equal(t, support.Assigned, c1.State())
	assert.Equal(t, "agent-1", c1.AgentID(), "online on A, assigned what B opened")

	c2, err := a.Open(ctx, inquiry("什么时候到"))
	require.NoError(t, err)
	assert.Equal(t, support.Open, c2.State(), "agent-1 is at capacity")
	v, err := b.View(ctx, c2.ID(), 0)
	require.NoError(t, err)
	assert.Equal(t, 1, v.QueuePosition, "B sees the queue A filled")
	require.NoError(t, b.SetAgentStatus(ctx, "agent-2", support.Online))
	got, err := a.Get(ctx, c2.ID())
	require.NoError(t, err)
	assert.Equal(t, "agent-2", got.AgentID(), "online on B, assigned what waited since A opened it")

	c3, err := b.Open(ctx, inquiry("有发票吗"))
	require.NoError(t, err)
	assert.Equal(t, support.Open, c3.State())
	require.NoError(t, a.Reply(ctx, c1.ID(), agent1, "您好"))
	require.NoError(t, a.Resolve(ctx, c1.ID(), agent1, support.Summary{Text: "address changed", Topic: "address"}))
	got, err = b.Get(ctx, c3.ID())
	require.NoError(t, err)
	assert.Equal(t, "agent-1", got.AgentID(), "freed on A, given what B opened")
	agree(t, a)
}

// R6.2: replicas opening, resolving and bringing agents online at once never
// assign a conversation twice nor put an agent over capacity, and leave the
// desk and the conversations in agreement.
func TestReplicasRouteConcurrently_R6_2(t *testing.T) {
	ctx := context.Background()
	var cfgs []support.AgentConfig
	for _, id := range []string{"agent-1", "agent-2", "agent-3", "agent-4"} {
		cfgs = append(cfgs, agentCfg(id, 2))
	}
	a, _ := newService(t, support.RoundRobin, cfgs...)
	b, _ := replica(t, a)
	replicas := []*desk{a, b}
	var wg sync.WaitGroup
	for i, c := range cfgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, replicas[i%2].SetAgentStatus(ctx, c.ID, support.Online))
		}()
	}
	opened := make(chan uuid.UUID, 64)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 8 {
				c, err := replicas[w%2].Open(ctx, inquiry("在吗"))
				if assert.NoError(t, err) {
					opened <- c.ID()
				}
			}
		}()
	}
	wg.Wait()
	close(opened)
	// Each agent resolves what they hold, on either replica, until nothing waits.
	for round := 0; ; round++ {
		require.Less(t, round, 100)
		all, err := a.Conversations.Find(ctx, func(c *support.Conversation) bool { return c.State() == support.Assigned })
		require.NoError(t, err)
		if len(all) == 0 {
			break
		}
		var wg sync.WaitGroup
		for i, c := range all {
			wg.Add(1)
			go func() {
				defer wg.Done()
				svc, me := replicas[i%2], staff(c.AgentID())
				assert.NoError(t, svc.Reply(ctx, c.ID(), me, "您好"))
				assert.NoError(t, svc.Resolve(ctx, c.ID(), me, support.Summary{Text: "ok", Topic: "size"}))
			}()
		}
		wg.Wait()
		agree(t, a)
	}
	n := 0
	for id := range opened {
		c, err := b.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, support.Resolved, c.State())
		n++
	}
	assert.Equal(t, 64, n)
	agree(t, a)
}

// R6.2, R2.9: an action that changes a conversation and the queue does so in
// two calls; a crash between them leaves a state that Sweep or Repair brings
// back into agreement, and Repair of a conversation in agreement changes
// nothing.
func TestCrashBetweenStepsIsRepaired_R6_2(t *testing.T) {
	ctx := context.Background()
	returns := support.AgentConfig{ID: "agent-r", Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"returns"}, Capacity: 1}
	setup := func(t *testing.T) (*desk, *[]support.Assignment, *time.Time) {
		var assigned []support.Assignment
		d, clock := newServiceWith(t, func(cfg *support.ServiceConfig) {
			cfg.OnAssign = func(a support.Assignment) { assigned = append(assigned, a) }
		}, support.LeastLoaded, agentCfg("agent-1", 1), agentCfg("agent-2", 1), returns)
		return d, &assigned, clock
	}
	// route changes the desk as a crashed call's first step did.
	route := func(t *testing.T, d *desk, fn func(r *support.Router) error) {
		t.Helper()
		require.NoError(t, d.Queues.Update(ctx, d.Desk, fn))
	}
	conv := func(t *testing.T, d *desk, id uuid.UUID) *support.Conversation {
		t.Helper()
		c, err := d.Get(ctx, id)
		require.NoError(t, err)
		return c
	}
	sweep := func(t *testing.T, d *desk) {
		t.Helper()
		res, err := d.Sweep(ctx)
		require.NoError(t, err)
		require.Empty(t, res.Failures)
	}

	t.Run("AssignmentNotRecorded", func(t *testing.T) {
		d, assigned, _ := setup(t)
		c, err := d.Open(ctx, inquiry("在吗"))
		require.NoError(t, err)
		route(t, d, func(r *support.Router) error { _, err := r.SetStatus("agent-1", support.Online); return err })
		assert.Equal(t, support.Open, conv(t, d, c.ID()).State(), "the crash: assigned in the queue only")
		sweep(t, d)
		got := conv(t, d, c.ID())
		assert.Equal(t, support.Assigned, got.State())
		assert.Equal(t, "agent-1", got.AgentID())
		require.Len(t, *assigned, 1)
		assert.Equal(t, c.ID(), (*assigned)[0].ConversationID, "the repair pushes it to the agent")
		agree(t, d)
	})

	t.Run("OpenNotQueued", func(t *testing.T) {
		d, _, _ := setup(t)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
		c, err := support.NewConversation(inquiry("在吗"), support.DefaultPolicy(), at(23, 9, 0, 0))
		require.NoError(t, err)
		require.NoError(t, d.Conversations.Create(ctx, c)) // the crash: saved, not queued
		waiting, err := d.Conversations.Waiting(ctx)
		require.NoError(t, err)
		for _, w := range waiting { // what a host reruns after a crash
			require.NoError(t, d.Repair(ctx, w.ID()))
		}
		assert.Equal(t, "agent-1", conv(t, d, c.ID()).AgentID())
		agree(t, d)
	})

	t.Run("ResolutionNotReleased", func(t *testing.T) {
		d, _, _ := setup(t)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
		c1, err := d.Open(ctx, inquiry("在吗"))
		require.NoError(t, err)
		c2, err := d.Open(ctx, inquiry("还在吗"))
		require.NoError(t, err)
		require.Equal(t, support.Open, c2.State())
		require.NoError(t, d.Reply(ctx, c1.ID(), agent1, "您好"))
		require.NoError(t, d.Conversations.Update(ctx, c1.ID(), func(c *support.Conversation) error {
			return c.Resolve(agent1, at(23, 9, 1, 0), support.Summary{Text: "ok", Topic: "size"}) // the crash: not released
		}))
		sweep(t, d)
		assert.Equal(t, "agent-1", conv(t, d, c2.ID()).AgentID(), "freed by the sweep, agent-1 takes the next")
		agree(t, d)
	})

	t.Run("TransferNotRecorded", func(t *testing.T) {
		d, _, _ := setup(t)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
		require.NoError(t, d.SetAgentStatus(ctx, "agent-2", support.Online))
		c, err := d.Open(ctx, inquiry("在吗"))
		require.NoError(t, err)
		require.Equal(t, "agent-1", c.AgentID())
		route(t, d, func(r *support.Router) error { _, _, err := r.Transfer(c.ID(), "agent-2"); return err })
		sweep(t, d)
		got := conv(t, d, c.ID())
		assert.Equal(t, "agent-2", got.AgentID())
		require.Len(t, got.Transfers(), 1)
		assert.Equal(t, shopkit.System, got.Transfers()[0].By.Role, "recorded by the system")
		agree(t, d)
	})

	t.Run("RequeueNotMoved", func(t *testing.T) {
		d, _, _ := setup(t)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
		c, err := d.Open(ctx, inquiry("我要退货"))
		require.NoError(t, err)
		require.NoError(t, d.Conversations.Update(ctx, c.ID(), func(c *support.Conversation) error {
			return c.Requeue(agent1, at(23, 9, 1, 0), "returns", "", "a return") // the crash: not moved
		}))
		require.NoError(t, d.Repair(ctx, c.ID()))
		r := d.Router(t)
		assert.Equal(t, 1, r.Waiting(shop1, "returns"), "moved to the returns queue (its agent is offline)")
		a1, err := r.Agent("agent-1")
		require.NoError(t, err)
		assert.Zero(t, a1.Load)
		agree(t, d)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-r", support.Online))
		assert.Equal(t, "agent-r", conv(t, d, c.ID()).AgentID())
	})

	t.Run("ReopenNotQueued", func(t *testing.T) {
		d, _, clock := setup(t)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
		c, err := d.Open(ctx, inquiry("在吗"))
		require.NoError(t, err)
		require.NoError(t, d.Reply(ctx, c.ID(), agent1, "您好"))
		require.NoError(t, d.Resolve(ctx, c.ID(), agent1, support.Summary{Text: "ok", Topic: "size"}))
		require.NoError(t, d.Conversations.Update(ctx, c.ID(), func(c *support.Conversation) error {
			return c.Reopen(customerA, at(23, 9, 5, 0), "还有问题") // the crash: not queued
		}))
		*clock = at(23, 9, 6, 0)
		require.NoError(t, d.Repair(ctx, c.ID()))
		assert.Equal(t, support.Assigned, conv(t, d, c.ID()).State())
		agree(t, d)
	})

	t.Run("RepairInAgreementChangesNothing", func(t *testing.T) {
		d, assigned, _ := setup(t)
		require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
		c1, err := d.Open(ctx, inquiry("在吗"))
		require.NoError(t, err)
		c2, err := d.Open(ctx, inquiry("还在吗"))
		require.NoError(t, err)
		before, snap := d.Router(t).Snapshot(), []support.ConversationSnapshot{conv(t, d, c1.ID()).Snapshot(), conv(t, d, c2.ID()).Snapshot()}
		for range 2 {
			for _, id := range []uuid.UUID{c1.ID(), c2.ID(), uuid.New()} {
				require.NoError(t, d.Repair(ctx, id))
			}
			sweep(t, d)
		}
		assert.Equal(t, before, d.Router(t).Snapshot())
		assert.Equal(t, snap, []support.ConversationSnapshot{conv(t, d, c1.ID()).Snapshot(), conv(t, d, c2.ID()).Snapshot()})
		assert.Len(t, *assigned, 1)
	})
}

// guardedQueues and guardedConversations are stores that fail the test when
// the Service calls a store from inside another store's Update closure, and
// run every closure twice (the first run on a copy, thrown away), as a
// database store re-running fn after a serialization failure does.
type guardedQueues struct {
	*supporttest.QueueStore
	g *guard
}

type guardedConversations struct {
	*supporttest.Store
	g *guard
}

type guard struct {
	t      testing.TB
	mu     sync.Mutex
	inside bool
}

func (g *guard) check(call string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.inside {
		g.t.Errorf("%s called inside another store's Update closure", call)
	}
}

func (g *guard) enter() { g.mu.Lock(); g.inside = true; g.mu.Unlock() }
func (g *guard) leave() { g.mu.Lock(); g.inside = false; g.mu.Unlock() }

func (q guardedQueues) Create(ctx context.Context, r *support.Router) error {
	q.g.check("QueueStore.Create")
	return q.QueueStore.Create(ctx, r)
}

func (q guardedQueues) Get(ctx context.Context, desk uuid.UUID) (*support.Router, error) {
	q.g.check("QueueStore.Get")
	return q.QueueStore.Get(ctx, desk)
}

func (q guardedQueues) Update(ctx context.Context, desk uuid.UUID, fn func(*support.Router) error) error {
	q.g.check("QueueStore.Update")
	return q.QueueStore.Update(ctx, desk, func(r *support.Router) error {
		q.g.enter()
		defer q.g.leave()
		_ = fn(r.Clone())
		return fn(r)
	})
}

func (s guardedConversations) Create(ctx context.Context, c *support.Conversation) error {
	s.g.check("ConversationStore.Create")
	return s.Store.Create(ctx, c)
}

func (s guardedConversations) Get(ctx context.Context, id uuid.UUID) (*support.Conversation, error) {
	s.g.check("ConversationStore.Get")
	return s.Store.Get(ctx, id)
}

func (s guardedConversations) Update(ctx context.Context, id uuid.UUID, fn func(*support.Conversation) error) error {
	s.g.check("ConversationStore.Update")
	return s.Store.Update(ctx, id, func(c *support.Conversation) error {
		s.g.enter()
		defer s.g.leave()
		_ = fn(c.Clone())
		return fn(c)
	})
}

func (s guardedConversations) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*support.Conversation, error) {
	s.g.check("ConversationStore.Claim")
	return s.Store.Claim(ctx, t, limit, lease)
}

// R2.8, R6.2: no store is called inside another store's Update closure, and
// every closure may run twice: opening, assigning, transferring, requeuing,
// resolving, reopening, abandoning and sweeping on such stores leave the desk
// and the conversations in agreement, each assignment pushed once.
func TestServiceStepsAreSequentialAndRerunnable_R6_2(t *testing.T) {
	ctx := context.Background()
	g := &guard{t: t}
	var pushed []support.Assignment
	d, clock := newServiceWith(t, func(cfg *support.ServiceConfig) {
		cfg.OnAssign = func(a support.Assignment) { pushed = append(pushed, a) }
	}, support.RoundRobin, agentCfg("agent-1", 1), agentCfg("agent-2", 1),
		support.AgentConfig{ID: "agent-r", Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"returns"}, Capacity: 1})
	cfg := support.ServiceConfig{Conversations: guardedConversations{d.Conversations, g}, Complaints: d.Complaints,
		Queues: guardedQueues{d.Queues, g}, Desk: d.Desk, Severity: support.DefaultSeverityPolicy(), Policy: support.DefaultPolicy(),
		Clock: func() time.Time { return *clock }, OnAssign: func(a support.Assignment) { pushed = append(pushed, a) }}
	svc, err := support.NewService(cfg)
	require.NoError(t, err)
	d.Service = svc

	c1, err := d.Open(ctx, inquiry("在吗"))
	require.NoError(t, err)
	c2, err := d.Open(ctx, inquiry("我要退货"))
	require.NoError(t, err)
	c3, err := d.Open(ctx, inquiry("有货吗"))
	require.NoError(t, err)
	require.NoError(t, d.SetAgentStatus(ctx, "agent-1", support.Online))
	require.NoError(t, d.SetAgentStatus(ctx, "agent-2", support.Online))
	require.NoError(t, d.SetAgentStatus(ctx, "agent-r", support.Online))
	agree(t, d)
	assert.Equal(t, "agent-1", d.get(t, c1.ID()).AgentID())
	assert.Equal(t, "agent-2", d.get(t, c2.ID()).AgentID())

	*clock = at(23, 9, 1, 0)
	require.NoError(t, d.Requeue(ctx, c2.ID(), agent2, "returns", "", "a return"))
	assert.Equal(t, "agent-r", d.get(t, c2.ID()).AgentID())
	assert.Equal(t, "agent-2", d.get(t, c3.ID()).AgentID(), "agent-2 freed takes the next")
	agree(t, d)
	require.NoError(t, d.Reply(ctx, c3.ID(), agent2, "您好"))
	err = d.Transfer(ctx, c3.ID(), agent2, "agent-1", "a specialist")
	assert.Equal(t, support.CodeAgentOverCapacity, shopkit.CodeOf(err), "agent-1 is full")
	agree(t, d)

	require.NoError(t, d.Reply(ctx, c1.ID(), agent1, "您好"))
	require.NoError(t, d.Resolve(ctx, c1.ID(), agent1, support.Summary{Text: "ok", Topic: "size"}))
	require.NoError(t, d.Transfer(ctx, c3.ID(), agent2, "agent-1", "a specialist"))
	assert.Equal(t, "agent-1", d.get(t, c3.ID()).AgentID())
	c4, err := d.Open(ctx, inquiry("能便宜点吗"))
	require.NoError(t, err)
	assert.Equal(t, "agent-2", c4.AgentID())
	c5, err := d.Open(ctx, inquiry("人呢"))
	require.NoError(t, err)
	require.Equal(t, support.Open, c5.State(), "everyone is full")
	require.NoError(t, d.Abandon(ctx, c5.ID(), customerA))
	agree(t, d)

	*clock = at(23, 9, 30, 0)
	require.NoError(t, d.Reopen(ctx, c1.ID(), customerA, "还有一个问题"))
	assert.Equal(t, support.Open, d.get(t, c1.ID()).State())
	_, err = d.Sweep(ctx)
	require.NoError(t, err)
	agree(t, d)
	require.NoError(t, d.Reply(ctx, c4.ID(), agent2, "您好"))
	require.NoError(t, d.Resolve(ctx, c4.ID(), agent2, support.Summary{Text: "no discount", Topic: "price"}))
	assert.Equal(t, "agent-2", d.get(t, c1.ID()).AgentID(), "the reopened conversation goes to the freed agent")
	agree(t, d)

	once := map[support.Assignment]bool{}
	for _, a := range pushed {
		assert.False(t, once[a], "%v pushed twice", a)
		once[a] = true
	}
	assert.Len(t, pushed, 6)
}

func (d *desk) get(t testing.TB, id uuid.UUID) *support.Conversation {
	t.Helper()
	c, err := d.Get(context.Background(), id)
	require.NoError(t, err)
	return c
}

// R6.2: a service whose desk was never created in the QueueStore says so on
// first use (NewService reads no store): CodeDeskNotFound.
func TestServiceOnAnUnknownDesk_R6_2(t *testing.T) {
	ctx := context.Background()
	d, _ := newService(t, support.RoundRobin, agentCfg("agent-1", 1))
	other, _ := replica(t, &desk{Conversations: d.Conversations, Complaints: d.Complaints, Queues: d.Queues, Desk: uuid.New()})
	err := other.SetAgentStatus(ctx, "agent-1", support.Online)
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, support.CodeDeskNotFound, shopkit.CodeOf(err))
	_, err = other.Open(ctx, inquiry("在吗"))
	assert.Equal(t, support.CodeDeskNotFound, shopkit.CodeOf(err))
}

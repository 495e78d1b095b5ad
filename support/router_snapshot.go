package support

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// RouterSnapshot is every field of a Router, for a QueueStore: the desk, the
// strategy, each agent with their configuration, status, load and the
// conversations they hold, each queue's round-robin cursor, and every waiting
// conversation with its queue, priority, enqueue time and arrival number.
// RestoreRouter rebuilds the Router from it, and the rebuilt Router routes
// exactly as the original would. Its JSON form round-trips exactly (instants
// to the nanosecond); the strategy, agent statuses and skill groups decode
// only their names and an agent's configuration rejects an unknown key
// (AgentConfig.UnmarshalJSON), as the package's other snapshots decode.
//
// A database store may keep it as one JSON state, or keep the waiting
// conversations as rows (WaitingSnapshot) beside the rest; either way one
// QueueStore.Update reads and writes it under one lock.
type RouterSnapshot struct {
	ID       uuid.UUID `json:"id"` // the desk
	Strategy Strategy  `json:"strategy"`
	// Seq is the last arrival or assignment number the router gave; the next
	// is Seq + 1. Waiting conversations are ordered by it on equal priority
	// and enqueue time, and least-loaded agents on equal load.
	Seq     uint64            `json:"seq"`
	Agents  []AgentSnapshot   `json:"agents"`  // in registration order, the round-robin order
	Queues  []QueueSnapshot   `json:"queues"`  // every queue, by shop and group
	Waiting []WaitingSnapshot `json:"waiting"` // every waiting conversation, in arrival order
}

// AgentSnapshot is an agent as a RouterSnapshot keeps them.
type AgentSnapshot struct {
	Config AgentConfig `json:"config"`
	Status AgentStatus `json:"status"`
	// Load is how many conversations the agent holds: len(Holdings), at most
	// Config.Capacity.
	Load int `json:"load"`
	// LastAssigned is the Seq of the agent's last assignment (0: none), which
	// breaks least-loaded ties: the agent idle longest first.
	LastAssigned uint64    `json:"last_assigned"`
	Holdings     []Holding `json:"holdings"` // by conversation ID
}

// Holding is a conversation an agent holds: the queue it was assigned from
// (a transfer stays within it) and the enqueue time of the wait it ended.
type Holding struct {
	ConversationID uuid.UUID  `json:"conversation_id"`
	ShopID         uuid.UUID  `json:"shop_id"`
	Group          SkillGroup `json:"group"`
	Since          time.Time  `json:"since,omitzero"` // Waiting.Since of the wait the assignment ended
}

// QueueSnapshot is a queue's round-robin cursor: the index, among the agents
// serving the queue in registration order, at which the next round-robin
// search starts.
type QueueSnapshot struct {
	ShopID uuid.UUID  `json:"shop_id"`
	Group  SkillGroup `json:"group"`
	Next   int        `json:"next"`
}

// WaitingSnapshot is a waiting conversation with its arrival number.
type WaitingSnapshot struct {
	Waiting
	Seq uint64 `json:"seq"` // its arrival number: the earlier first, on equal priority and enqueue time
}

// Snapshot returns every field of the router for a QueueStore. The zero
// Router's strategy is RoundRobin, as it routes.
func (r *Router) Snapshot() RouterSnapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	s := RouterSnapshot{ID: r.id, Strategy: r.strategy, Seq: r.seq}
	if s.Strategy == "" {
		s.Strategy = RoundRobin
	}
	holdings := map[*agentState][]Holding{}
	for id, h := range r.held {
		holdings[h.agent] = append(holdings[h.agent], Holding{ConversationID: id, ShopID: h.key.shop, Group: h.key.group, Since: h.since})
	}
	for _, a := range r.order {
		hs := holdings[a]
		slices.SortFunc(hs, func(x, y Holding) int { return bytes.Compare(x.ConversationID[:], y.ConversationID[:]) })
		s.Agents = append(s.Agents, AgentSnapshot{Config: cloneAgentConfig(a.cfg), Status: a.status, Load: a.load,
			LastAssigned: a.last, Holdings: hs})
	}
	for k, q := range r.queues {
		s.Queues = append(s.Queues, QueueSnapshot{ShopID: k.shop, Group: k.group, Next: q.next})
	}
	slices.SortFunc(s.Queues, func(x, y QueueSnapshot) int {
		if c := bytes.Compare(x.ShopID[:], y.ShopID[:]); c != 0 {
			return c
		}
		return cmp.Compare(x.Group, y.Group)
	})
	for _, it := range r.items {
		s.Waiting = append(s.Waiting, WaitingSnapshot{Waiting: it.w, Seq: it.seq})
	}
	slices.SortFunc(s.Waiting, func(x, y WaitingSnapshot) int { return cmp.Compare(x.Seq, y.Seq) })
	return s
}

// RestoreRouter rebuilds a router from its snapshot without re-running
// routing. An unknown strategy is CodeInvalidStrategy (field "strategy") and an
// unknown agent status CodeInvalidStatus ("agents[1].status"); every other
// fault is one *shopkit.ValidationError with code CodeInvalidRouter naming each
// field at fault: a nil desk ID ("id"), an invalid agent configuration
// ("agents[0].config.capacity") or a repeated agent ID, a load that is
// negative, above the capacity or not the number of holdings
// ("agents[0].load"), a holding without a conversation or shop, with a
// malformed group or in a queue the agent does not serve
// ("agents[0].holdings[2].group"), a conversation held twice, or both held
// and waiting ("waiting[3].conversation_id"), a waiting conversation without a
// conversation or shop or with a malformed group, waiting twice, or with an
// arrival number of 0, repeated or above Seq ("waiting[3].seq"), a
// LastAssigned above Seq, and a queue without a shop, with a malformed group,
// listed twice or with a negative cursor ("queues[0].next").
func RestoreRouter(s RouterSnapshot) (*Router, error) {
	if err := strategies.Check(s.Strategy); err != nil {
		return nil, err
	}
	for i, a := range s.Agents {
		if err := a.Status.Validate(); err != nil {
			return nil, shopkit.Invalid(CodeInvalidStatus, "agents["+strconv.Itoa(i)+"].status", problem(err))
		}
	}
	if err := shopkit.Incomplete(CodeInvalidRouter, routerProblems(s)); err != nil {
		return nil, err
	}
	r := &Router{id: s.ID, strategy: s.Strategy, seq: s.Seq, queues: map[queueKey]*queue{}, agents: map[string]*agentState{},
		items: make(map[uuid.UUID]*item, len(s.Waiting)), held: map[uuid.UUID]holding{}}
	for _, as := range s.Agents {
		a := &agentState{cfg: cloneAgentConfig(as.Config), pos: len(r.order), status: as.Status, load: as.Load, last: as.LastAssigned}
		r.agents[a.cfg.ID] = a
		r.order = append(r.order, a)
		for _, h := range as.Holdings {
			r.held[h.ConversationID] = holding{agent: a, key: queueKey{h.ShopID, h.Group}, since: h.Since}
		}
	}
	for _, q := range s.Queues {
		r.queue(queueKey{q.ShopID, q.Group}).next = q.Next
	}
	for _, w := range s.Waiting {
		q := r.queue(queueKey{w.ShopID, w.Group})
		it := &item{w: w.Waiting, seq: w.Seq, q: q}
		r.items[w.ConversationID] = it
		q.push(it)
	}
	return r, nil
}

// routerProblems lists the faults of a snapshot but its enumerations.
func routerProblems(s RouterSnapshot) []shopkit.FieldProblem {
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if s.ID == uuid.Nil {
		bad("id", "is required")
	}
	// where says where a conversation already is ("agents[0].holdings[1]").
	where := map[uuid.UUID]string{}
	place := func(field string, id uuid.UUID) {
		if id == uuid.Nil {
			bad(field+".conversation_id", "is required")
			return
		}
		if at, ok := where[id]; ok {
			bad(field+".conversation_id", "is also at "+at)
			return
		}
		where[id] = field
	}
	checkKey := func(field string, shop uuid.UUID, group SkillGroup) {
		if shop == uuid.Nil {
			bad(field+".shop_id", "is required")
		}
		if err := group.Validate(); err != nil {
			bad(field+".group", problem(err))
		}
	}
	agents := map[string]int{}
	for i, a := range s.Agents {
		field := "agents[" + strconv.Itoa(i) + "]"
		for _, p := range agentProblems(a.Config) {
			bad(field+".config."+p.Field, p.Problem)
		}
		if j, ok := agents[a.Config.ID]; ok && a.Config.ID != "" {
			bad(field+".config.id", "repeats agents["+strconv.Itoa(j)+"]")
		} else {
			agents[a.Config.ID] = i
		}
		switch {
		case a.Load < 0:
			bad(field+".load", "must not be negative")
		case a.Load != len(a.Holdings):
			bad(field+".load", "must equal the number of holdings ("+strconv.Itoa(len(a.Holdings))+")")
		case a.Load > a.Config.Capacity:
			bad(field+".load", "must not exceed the capacity ("+strconv.Itoa(a.Config.Capacity)+")")
		}
		if a.LastAssigned > s.Seq {
			bad(field+".last_assigned", "must not exceed seq")
		}
		st := agentState{cfg: a.Config}
		for k, h := range a.Holdings {
			hf := field + ".holdings[" + strconv.Itoa(k) + "]"
			place(hf, h.ConversationID)
			checkKey(hf, h.ShopID, h.Group)
			if !st.serves(queueKey{h.ShopID, h.Group}) {
				bad(hf+".group", "is a queue the agent does not serve")
			}
		}
	}
	queues := map[queueKey]bool{}
	for i, q := range s.Queues {
		field := "queues[" + strconv.Itoa(i) + "]"
		checkKey(field, q.ShopID, q.Group)
		if k := (queueKey{q.ShopID, q.Group}); queues[k] {
			bad(field, "repeats a queue")
		} else {
			queues[k] = true
		}
		if q.Next < 0 {
			bad(field+".next", "must not be negative")
		}
	}
	seqs := map[uint64]bool{}
	for i, w := range s.Waiting {
		field := "waiting[" + strconv.Itoa(i) + "]"
		place(field, w.ConversationID)
		checkKey(field, w.ShopID, w.Group)
		switch {
		case w.Seq == 0:
			bad(field+".seq", "must be positive")
		case w.Seq > s.Seq:
			bad(field+".seq", "must not exceed seq")
		case seqs[w.Seq]:
			bad(field+".seq", "repeats another waiting conversation's")
		}
		seqs[w.Seq] = true
	}
	return ps
}

// Clone returns a deep copy of the router, as a QueueStore keeps it: its cost
// grows with the number of waiting conversations.
func (r *Router) Clone() *Router {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	c := &Router{id: r.id, strategy: r.strategy, seq: r.seq,
		queues: make(map[queueKey]*queue, len(r.queues)), agents: make(map[string]*agentState, len(r.agents)),
		order: make([]*agentState, len(r.order)), items: make(map[uuid.UUID]*item, len(r.items)),
		held: make(map[uuid.UUID]holding, len(r.held))}
	agents := make([]agentState, len(r.order)) // agents[a.pos] is a's copy
	for i, a := range r.order {
		agents[i] = agentState{cfg: a.cfg, pos: i, status: a.status, load: a.load, last: a.last}
		c.order[i], c.agents[a.cfg.ID] = &agents[i], &agents[i]
	}
	items := make([]item, 0, len(r.items)) // one allocation; never grown, so the pointers hold
	for k, q := range r.queues {
		d := &queue{key: k, next: q.next, heap: make([]*item, len(q.heap)), agents: make([]*agentState, len(q.agents))}
		for i, a := range q.agents {
			d.agents[i] = &agents[a.pos]
			agents[a.pos].queues = append(agents[a.pos].queues, d)
		}
		for i, it := range q.heap {
			items = append(items, item{w: it.w, seq: it.seq, idx: i, q: d})
			p := &items[len(items)-1]
			d.heap[i] = p
			c.items[it.w.ConversationID] = p
		}
		c.queues[k] = d
	}
	for id, h := range r.held {
		c.held[id] = holding{agent: &agents[h.agent.pos], key: h.key, since: h.since}
	}
	return c
}

package support

import (
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/text"
)

// Strategy chooses among the online agents with free capacity (R6.2).
type Strategy string

// The assignment strategies.
const (
	// RoundRobin takes the agents of a queue in turn.
	RoundRobin Strategy = "round_robin"
	// LeastLoaded takes the agent with the fewest conversations, then the one
	// idle longest.
	LeastLoaded Strategy = "least_loaded"
)

// strategies is the strict text codec of Strategy (CodeInvalidStrategy).
var strategies = enum.New(CodeInvalidStrategy, "strategy", RoundRobin, LeastLoaded)

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (s Strategy) MarshalText() ([]byte, error) { return strategies.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (s *Strategy) UnmarshalText(b []byte) error { return strategies.Unmarshal(s, b) }

// AgentStatus is an agent's availability (R6.2). Only Online agents get new
// conversations; Busy and Away keep what they hold; Offline too, but a host
// normally transfers it first.
type AgentStatus string

// The agent statuses.
const (
	Online  AgentStatus = "online"
	Busy    AgentStatus = "busy"
	Away    AgentStatus = "away"
	Offline AgentStatus = "offline"
)

// agentStatuses checks AgentStatus values (CodeInvalidStatus).
var agentStatuses = enum.New(CodeInvalidStatus, "status", Online, Busy, Away, Offline)

// Validate rejects an unknown status.
func (s AgentStatus) Validate() error { return agentStatuses.Check(s) }

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (s AgentStatus) MarshalText() ([]byte, error) { return agentStatuses.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (s *AgentStatus) UnmarshalText(b []byte) error { return agentStatuses.Unmarshal(s, b) }

// AgentConfig describes an agent to the Router: the shops and skill groups they
// serve (an agent may serve several shops, R6.2) and how many conversations they
// may hold at once.
type AgentConfig struct {
	ID       string       `json:"id"`       // the agent's ID: their shopkit.Actor is {Role: Merchant, ID: ID, Shops: Shops}
	Shops    []uuid.UUID  `json:"shops"`    // the shops served (their merchants' IDs), listed in the agent's Actor.Shops
	Groups   []SkillGroup `json:"groups"`   // the skill groups served in each
	Capacity int          `json:"capacity"` // the most conversations held at once
}

// AgentState is an agent as the Router sees them.
type AgentState struct {
	ID       string      `json:"id"`
	Status   AgentStatus `json:"status"`
	Load     int         `json:"load"`
	Capacity int         `json:"capacity"`
}

// Waiting is a conversation waiting in a queue (R6.2).
type Waiting struct {
	ConversationID uuid.UUID  `json:"conversation_id"`
	ShopID         uuid.UUID  `json:"shop_id"`
	Group          SkillGroup `json:"group"`
	Priority       int        `json:"priority"`       // Priority(tier): higher first
	Since          time.Time  `json:"since,omitzero"` // then oldest first
}

// Assignment is a routing decision: give the conversation to the agent.
type Assignment struct {
	ConversationID uuid.UUID  `json:"conversation_id"`
	AgentID        string     `json:"agent_id"`
	ShopID         uuid.UUID  `json:"shop_id"`
	Group          SkillGroup `json:"group"`
}

type queueKey struct {
	shop  uuid.UUID
	group SkillGroup
}

type item struct {
	w   Waiting
	seq uint64
	idx int
	q   *queue
}

// queue is a binary heap ordered by (priority desc, since asc, arrival): push,
// pop and remove cost O(log waiting).
type queue struct {
	key    queueKey
	heap   []*item
	agents []*agentState
	next   int // round-robin cursor
}

type agentState struct {
	cfg    AgentConfig // never changed after AddAgent: clones share its slices
	pos    int         // index in Router.order
	status AgentStatus
	load   int
	last   uint64 // sequence of the last assignment, for least-loaded ties
	queues []*queue
}

// Router is the routing policy of R6.2 over one support desk's state: per shop
// and skill group, members with the priority-service benefit first, then oldest
// first; assignment within each agent's capacity to online agents only. It is a
// pure value: no I/O, no clock. It holds no conversation data, only the waiting
// queue, the agents and what each holds; the Assignments it returns are applied
// to the conversations by the caller (Service records them).
//
// A Router is identified by its desk ID (ID), which the host chooses: one
// support desk, the shops and agents it routes for. It is storable: Snapshot
// and RestoreRouter give its every field, and a QueueStore keeps it in the
// host's database, so that every app replica routes on the same queue. Each
// method is safe for concurrent use; a stored Router is changed through
// QueueStore.Update, which serialises the changes of all replicas.
//
// The zero Router is ready to use: an empty router that assigns round-robin,
// with the nil desk ID (which no store keeps).
type Router struct {
	mu       sync.Mutex
	id       uuid.UUID
	strategy Strategy
	queues   map[queueKey]*queue
	agents   map[string]*agentState
	order    []*agentState // registration order: round-robin order
	items    map[uuid.UUID]*item
	held     map[uuid.UUID]holding
	seq      uint64
}

// holding is who holds a conversation, the queue it came from (so that a
// transfer goes only to an agent serving that shop and group) and the enqueue
// time of the wait it ended (Waiting.Since): the round of the conversation it
// belongs to, since a reopen enqueues it anew.
type holding struct {
	agent *agentState
	key   queueKey
	since time.Time
}

// NewRouter returns the empty router of the desk desk (a uuid the host
// chooses for one support desk). A nil desk is CodeInvalidRouter (field "id"),
// an unknown strategy CodeInvalidStrategy.
func NewRouter(desk uuid.UUID, s Strategy) (*Router, error) {
	if desk == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidRouter, "id", "is required")
	}
	if err := strategies.Check(s); err != nil {
		return nil, err
	}
	return &Router{id: desk, strategy: s, queues: map[queueKey]*queue{}, agents: map[string]*agentState{},
		items: map[uuid.UUID]*item{}, held: map[uuid.UUID]holding{}}, nil
}

// ID returns the router's desk ID; the zero Router's is uuid.Nil.
func (r *Router) ID() uuid.UUID {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.id
}

// init makes the zero Router usable; every method calls it under r.mu.
func (r *Router) init() {
	if r.queues == nil {
		r.queues, r.agents = map[queueKey]*queue{}, map[string]*agentState{}
		r.items, r.held = map[uuid.UUID]*item{}, map[uuid.UUID]holding{}
	}
}

func (r *Router) queue(k queueKey) *queue {
	q := r.queues[k]
	if q == nil {
		q = &queue{key: k}
		r.queues[k] = q
		for _, a := range r.order {
			if a.serves(k) {
				q.agents = append(q.agents, a)
				a.queues = append(a.queues, q)
			}
		}
	}
	return q
}

func (a *agentState) serves(k queueKey) bool {
	shop, group := false, false
	for _, s := range a.cfg.Shops {
		shop = shop || s == k.shop
	}
	for _, g := range a.cfg.Groups {
		group = group || g == k.group
	}
	return shop && group
}

func (a *agentState) free() bool { return a.status == Online && a.load < a.cfg.Capacity }

// AddAgent registers an agent, offline. A duplicate id is a conflict.
func (r *Router) AddAgent(cfg AgentConfig) error {
	if err := shopkit.Incomplete(CodeInvalidAgent, agentProblems(cfg)); err != nil {
		return err
	}
	cfg = cloneAgentConfig(cfg) // the caller keeps its slices
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if _, ok := r.agents[cfg.ID]; ok {
		return conflict(CodeAgentExists, "agent "+text.Quote(cfg.ID)+" already registered")
	}
	a := &agentState{cfg: cfg, pos: len(r.order), status: Offline}
	r.agents[cfg.ID] = a
	r.order = append(r.order, a)
	for k, q := range r.queues {
		if a.serves(k) {
			q.agents = append(q.agents, a)
			a.queues = append(a.queues, q)
		}
	}
	return nil
}

// agentProblems lists what is wrong with an agent's configuration.
func agentProblems(cfg AgentConfig) []shopkit.FieldProblem {
	var ps []shopkit.FieldProblem
	if cfg.ID == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "id", Problem: "is required"})
	}
	if len(cfg.Shops) == 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "shops", Problem: "must name at least one shop"})
	}
	if len(cfg.Groups) == 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "groups", Problem: "must name at least one skill group"})
	}
	for i, g := range cfg.Groups {
		if err := checkName(CodeInvalidGroup, "group", string(g)); err != nil {
			ps = append(ps, shopkit.FieldProblem{Field: "groups[" + strconv.Itoa(i) + "]", Problem: problem(err)})
		}
	}
	if cfg.Capacity <= 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "capacity", Problem: "must be positive"})
	}
	return ps
}

func cloneAgentConfig(cfg AgentConfig) AgentConfig {
	cfg.Shops, cfg.Groups = slices.Clone(cfg.Shops), slices.Clone(cfg.Groups)
	return cfg
}

func (r *Router) agent(id string) (*agentState, error) {
	a, ok := r.agents[id]
	if !ok {
		return nil, notFound(CodeAgentNotFound, "agent "+text.Quote(id)+" not found")
	}
	return a, nil
}

// Agent returns an agent's status and load.
func (r *Router) Agent(id string) (AgentState, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	a, err := r.agent(id)
	if err != nil {
		return AgentState{}, err
	}
	return AgentState{ID: id, Status: a.status, Load: a.load, Capacity: a.cfg.Capacity}, nil
}

// SetStatus changes an agent's status (R6.2). An agent coming online is given the
// best waiting conversations up to their capacity.
func (r *Router) SetStatus(agentID string, s AgentStatus) ([]Assignment, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	a, err := r.agent(agentID)
	if err != nil {
		return nil, err
	}
	a.status = s
	var out []Assignment
	for a.free() {
		as, ok := r.pull(a)
		if !ok {
			break
		}
		out = append(out, as)
	}
	return out, nil
}

// Enqueue puts a conversation in its queue and, when an online agent serving the
// queue has free capacity, assigns the queue's best conversation at once (R6.2).
// A conversation already queued or held is a conflict.
func (r *Router) Enqueue(w Waiting) (Assignment, bool, error) {
	if w.ConversationID == uuid.Nil || w.ShopID == uuid.Nil || w.Group == "" {
		return Assignment{}, false, shopkit.Invalid(CodeInvalidWaiting, "waiting", "needs a conversation, shop and group")
	}
	if err := w.Group.Validate(); err != nil {
		return Assignment{}, false, shopkit.Invalid(CodeInvalidWaiting, "group", problem(err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if _, ok := r.items[w.ConversationID]; ok {
		return Assignment{}, false, conflict(CodeAlreadyQueued, "conversation already queued")
	}
	if _, ok := r.held[w.ConversationID]; ok {
		return Assignment{}, false, conflict(CodeAlreadyAssigned, "conversation already assigned")
	}
	q := r.queue(queueKey{w.ShopID, w.Group})
	r.push(q, w)
	as, ok := r.dispatch(q)
	return as, ok, nil
}

// Release frees the agent's slot of a conversation (resolved, abandoned, moved)
// and, when an agent frees up, gives them the best waiting conversation of their
// queues (R6.2).
func (r *Router) Release(agentID string, conversationID uuid.UUID) (Assignment, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	a, err := r.unhold(agentID, conversationID)
	if err != nil {
		return Assignment{}, false, err
	}
	if !a.free() {
		return Assignment{}, false, nil
	}
	as, ok := r.pull(a)
	return as, ok, nil
}

func (r *Router) unhold(agentID string, id uuid.UUID) (*agentState, error) {
	h, ok := r.held[id]
	if !ok || h.agent.cfg.ID != agentID {
		return nil, notFound(CodeNotHeld, "agent "+text.Quote(agentID)+" does not hold the conversation")
	}
	delete(r.held, id)
	h.agent.load--
	return h.agent, nil
}

// Remove takes a waiting conversation out of its queue (the customer left). It
// reports whether it was queued.
func (r *Router) Remove(conversationID uuid.UUID) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	it, ok := r.items[conversationID]
	if !ok {
		return false
	}
	it.q.remove(it.idx)
	delete(r.items, conversationID)
	return true
}

// Transfer moves a held conversation to another agent (R6.2). The target must be
// online, serve the shop and group, and have free capacity: otherwise
// CodeAgentUnavailable or CodeAgentOverCapacity, and nothing changes.
// The agent who gave it away may get the next waiting conversation.
func (r *Router) Transfer(conversationID uuid.UUID, toAgent string) (Assignment, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	h, ok := r.held[conversationID]
	from := h.agent
	if !ok {
		return Assignment{}, false, notFound(CodeNotHeld, "conversation is not held by an agent")
	}
	to, err := r.agent(toAgent)
	if err != nil {
		return Assignment{}, false, err
	}
	switch {
	case to == from:
		return Assignment{}, false, shopkit.Invalid(CodeInvalidAgent, "agent", "must name another agent")
	case to.status != Online:
		return Assignment{}, false, notAllowed(CodeAgentUnavailable, "agent "+text.Quote(toAgent)+" is "+string(to.status))
	case to.load >= to.cfg.Capacity:
		return Assignment{}, false, conflict(CodeAgentOverCapacity, "agent "+text.Quote(toAgent)+" is at capacity")
	case !to.serves(h.key):
		return Assignment{}, false, notAllowed(CodeAgentUnavailable,
			"agent "+text.Quote(toAgent)+" does not serve "+h.key.shop.String()+"/"+string(h.key.group)+"; requeue to move it to another queue")
	}
	r.held[conversationID] = holding{to, h.key, h.since}
	to.load++
	r.seq++
	to.last = r.seq
	from.load--
	if !from.free() {
		return Assignment{}, false, nil
	}
	as, ok := r.pull(from)
	return as, ok, nil
}

// Requeue moves a held conversation to the queue w names, keeping w.Since so it
// keeps its place (R6.2). It returns the assignments that follow: the freed
// agent's next conversation and the new queue's.
func (r *Router) Requeue(agentID string, w Waiting) ([]Assignment, error) {
	if w.ShopID == uuid.Nil || w.Group == "" {
		return nil, shopkit.Invalid(CodeInvalidWaiting, "waiting", "needs a shop and group")
	}
	if err := w.Group.Validate(); err != nil {
		return nil, shopkit.Invalid(CodeInvalidWaiting, "group", problem(err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	a, err := r.unhold(agentID, w.ConversationID)
	if err != nil {
		return nil, err
	}
	return r.requeue(a, w), nil
}

// requeue puts w in its queue after a gave it up, and returns the assignments
// that follow: a's next conversation and the queue's.
func (r *Router) requeue(a *agentState, w Waiting) []Assignment {
	q := r.queue(queueKey{w.ShopID, w.Group})
	r.push(q, w)
	var out []Assignment
	if a.free() {
		if as, ok := r.pull(a); ok {
			out = append(out, as)
		}
	}
	if as, ok := r.dispatch(q); ok {
		out = append(out, as)
	}
	return out
}

// Position returns a waiting conversation's 1-based place in its queue (R6.2).
// It counts the entries ahead: O(waiting in that queue).
func (r *Router) Position(conversationID uuid.UUID) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	it, ok := r.items[conversationID]
	if !ok {
		return 0, notFound(CodeNotQueued, "conversation is not waiting")
	}
	pos := 1
	for _, o := range it.q.heap {
		if before(o, it) {
			pos++
		}
	}
	return pos, nil
}

// Waiting returns how many conversations wait in a shop's group queue.
func (r *Router) Waiting(shop uuid.UUID, group SkillGroup) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if q, ok := r.queues[queueKey{shop, group}]; ok {
		return len(q.heap)
	}
	return 0
}

func (r *Router) push(q *queue, w Waiting) {
	r.seq++
	it := &item{w: w, seq: r.seq, q: q}
	r.items[w.ConversationID] = it
	q.push(it)
}

// dispatch gives q's best conversation to a free agent of q, if any.
func (r *Router) dispatch(q *queue) (Assignment, bool) {
	if len(q.heap) == 0 {
		return Assignment{}, false
	}
	a := r.choose(q)
	if a == nil {
		return Assignment{}, false
	}
	return r.give(a, q), true
}

// choose picks a free agent of q by the strategy; O(agents of the queue).
func (r *Router) choose(q *queue) *agentState {
	n := len(q.agents)
	if r.strategy != LeastLoaded { // RoundRobin, or the zero Router's ""
		for i := 0; i < n; i++ {
			j := (q.next + i) % n
			if a := q.agents[j]; a.free() {
				q.next = j + 1
				return a
			}
		}
		return nil
	}
	var best *agentState
	for _, a := range q.agents {
		if a.free() && (best == nil || a.load < best.load || a.load == best.load && a.last < best.last) {
			best = a
		}
	}
	return best
}

// pull gives a the best head among the queues a serves; O(queues + log waiting).
func (r *Router) pull(a *agentState) (Assignment, bool) {
	var best *queue
	for _, q := range a.queues {
		if len(q.heap) > 0 && (best == nil || before(q.heap[0], best.heap[0])) {
			best = q
		}
	}
	if best == nil {
		return Assignment{}, false
	}
	return r.give(a, best), true
}

func (r *Router) give(a *agentState, q *queue) Assignment {
	it := q.pop()
	delete(r.items, it.w.ConversationID)
	r.held[it.w.ConversationID] = holding{a, q.key, it.w.Since}
	a.load++
	r.seq++
	a.last = r.seq
	return Assignment{ConversationID: it.w.ConversationID, AgentID: a.cfg.ID, ShopID: q.key.shop, Group: q.key.group}
}

// before orders waiting conversations: higher priority, then older, then arrival.
func before(a, b *item) bool {
	if a.w.Priority != b.w.Priority {
		return a.w.Priority > b.w.Priority
	}
	if !a.w.Since.Equal(b.w.Since) {
		return a.w.Since.Before(b.w.Since)
	}
	return a.seq < b.seq
}

func (q *queue) push(it *item) {
	it.idx = len(q.heap)
	q.heap = append(q.heap, it)
	q.up(it.idx)
}

func (q *queue) pop() *item {
	it := q.heap[0]
	q.remove(0)
	return it
}

func (q *queue) remove(i int) {
	last := len(q.heap) - 1
	if i != last {
		q.swap(i, last)
	}
	q.heap[last] = nil
	q.heap = q.heap[:last]
	if i < last {
		q.down(i)
		q.up(i)
	}
}

func (q *queue) swap(i, j int) {
	q.heap[i], q.heap[j] = q.heap[j], q.heap[i]
	q.heap[i].idx, q.heap[j].idx = i, j
}

func (q *queue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !before(q.heap[i], q.heap[p]) {
			return
		}
		q.swap(i, p)
		i = p
	}
}

func (q *queue) down(i int) {
	n := len(q.heap)
	for {
		l, m := 2*i+1, i
		if l < n && before(q.heap[l], q.heap[m]) {
			m = l
		}
		if r := l + 1; r < n && before(q.heap[r], q.heap[m]) {
			m = r
		}
		if m == i {
			return
		}
		q.swap(i, m)
		i = m
	}
}

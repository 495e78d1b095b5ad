package support

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ServiceConfig is what a Service needs. Conversations, Complaints, Queues,
// Desk, Severity, Clock and exactly one of Policy and Policies are required;
// NewService checks them.
type ServiceConfig struct {
	Conversations ConversationStore
	Complaints    ComplaintStore
	// Queues keeps the desks' routing state (the Router of each desk), shared
	// by every replica of the app.
	Queues QueueStore
	// Desk is the ID of the desk the service routes for: its Router, created
	// once with NewRouter(Desk, …) and QueueStore.Create, must be in Queues.
	Desk     uuid.UUID
	Policy   Policy         // the numbers of customer service (DefaultPolicy); or set Policies
	Severity SeverityPolicy // how complaints are graded (DefaultSeverityPolicy)
	Clock    shopkit.Clock  // the time of every action (R0.3)
	// Policies are the policy's versions over time, for rules that change: a
	// conversation opens, and a complaint is filed, under the version in force
	// at the service's now and records its name (Conversation.PolicyVersion,
	// Complaint.PolicyVersion). Set it instead of Policy, not with it.
	Policies shopkit.Schedule[Policy]
	// Classifier recognises common questions (R6.2), called with Open's ctx;
	// nil sends every inquiry to a human.
	Classifier Classifier
	// Tiers reads the customer's member tier in the shop, for the queue priority
	// and the agent's view (R6.2); membership.Service implements it. Nil: nobody
	// has priority.
	Tiers shopkit.TierReader
	// Orders lists the customer's recent orders for the agent's view (R6.1); nil
	// shows none.
	Orders OrderReader
	// OnAssign, when set, is called after each assignment is saved (to push the
	// conversation to the agent's workspace).
	OnAssign func(Assignment)
}

// Service wires the stores, the desk's Router, the FAQ and the policy: load →
// act → save (R2.8). Every rule lives in the aggregates and policies, and the
// routing policy in the Router. Build it with NewService; it is safe for
// concurrent use when its stores are, and several services (one per app
// replica) may share one QueueStore and desk.
//
// Every router operation is one QueueStore.Update of the desk, and no store
// call is made inside another store's Update closure. An action that changes a
// conversation and the queue does so in two calls, one after the other, in an
// order that a crash between them leaves repairable, and each second step
// checks whether it has been done already, so that running it again (Repair)
// does it once:
//
//   - Open and Reopen save the conversation first, then queue it; an
//     assignment is made in the queue first, then recorded on the conversation
//     (OnAssign follows). A crash after the queue step leaves an open
//     conversation held by an agent: Sweep finds it and records the
//     assignment. A crash before it leaves an open conversation out of the
//     queue: Repair queues it.
//   - Resolve, Abandon and the sweep's resolutions save the conversation first,
//     then take it out of the queue (freeing its agent, who gets the next
//     waiting conversation). A crash between leaves an ended conversation
//     held: Sweep frees the agent.
//   - Transfer checks the conversation, moves it in the queue (where capacity
//     is checked), then records the transfer on the conversation. A crash
//     between leaves the conversation recorded with its former agent: Sweep
//     records the transfer.
//   - Requeue saves the conversation first, then moves it in the queue. A
//     crash between leaves an open conversation held in its former queue:
//     Repair (or Sweep) requeues it. (One that changed only the channel stays
//     in the same queue, so the queue cannot tell it from an unrecorded
//     assignment: it is recorded as assigned back to its agent.)
//
// What a host reruns: Sweep, periodically, repairs every conversation the desk
// holds that its conversation does not record as held by that agent; after a
// crash, or when a call returned an error after its first step, the host runs
// Repair for that conversation, or for every conversation
// ConversationStore.Waiting lists (a queued one is left as it is).
//
// With ServiceConfig.Policies, Open and FileComplaint take the version in
// force at the service's now (shopkit.Schedule.At) and the conversation or
// complaint keeps it, with its name: a later version applies to those started
// from its From on and never moves an existing one's deadlines (R0.3, R6).
// Before the first version they are shopkit.CodeNoVersionInForce.
//
// The methods of a zero Service return an error with code shopkit.CodeNotBuilt.
type Service struct {
	conversations ConversationStore
	complaints    ComplaintStore
	queues        QueueStore
	desk          uuid.UUID
	classifier    Classifier
	tiers         shopkit.TierReader
	orders        OrderReader
	severity      SeverityPolicy
	policies      shopkit.Schedule[Policy] // a plain Policy is one version named ""
	clock         shopkit.Clock
	onAssign      func(Assignment)
}

// NewService returns the service of cfg. A missing store, queue store, desk or
// clock, an invalid policy or severity policy, Policy and Policies both set, or
// a version of Policies without a name or with an invalid policy, is a
// *shopkit.ValidationError with code CodeInvalidConfig naming every field at
// fault ("queues", "desk", "policy.reopen_window" for a policy field,
// "policies.versions[1].policy.reopen_window" for a version's). It does not read the stores: the
// desk's Router is looked up on first use.
func NewService(cfg ServiceConfig) (*Service, error) {
	var ps []shopkit.FieldProblem
	require := func(field string, missing bool) {
		if missing {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "is required"})
		}
	}
	require("conversations", cfg.Conversations == nil)
	require("complaints", cfg.Complaints == nil)
	require("queues", cfg.Queues == nil)
	require("desk", cfg.Desk == uuid.Nil)
	require("clock", cfg.Clock == nil)
	nested := func(prefix string, err error) {
		var invalid *shopkit.ValidationError
		if errors.As(err, &invalid) {
			for _, p := range invalid.Problems {
				ps = append(ps, shopkit.FieldProblem{Field: prefix + p.Field, Problem: p.Problem})
			}
		}
	}
	versions := cfg.Policies.Versions()
	switch {
	case len(versions) > 0 && !reflect.ValueOf(cfg.Policy).IsZero():
		ps = append(ps, shopkit.FieldProblem{Field: "policies", Problem: "is set together with policy; set exactly one"})
	case len(versions) > 0:
		for i, v := range versions {
			at := "policies.versions[" + strconv.Itoa(i) + "]"
			if v.Name == "" {
				ps = append(ps, shopkit.FieldProblem{Field: at + ".name", Problem: "is required"})
			}
			nested(at+".policy.", v.Policy.Validate())
			versions[i].Policy = v.Policy.clone()
		}
	default:
		nested("policy.", cfg.Policy.Validate())
	}
	nested("severity.", cfg.Severity.Validate())
	if err := shopkit.Incomplete(CodeInvalidConfig, ps); err != nil {
		return nil, err
	}
	policies := shopkit.Always("", cfg.Policy.clone())
	if len(versions) > 0 {
		var err error
		if policies, err = shopkit.NewSchedule(versions...); err != nil {
			return nil, shopkit.Incomplete(CodeInvalidConfig, shopkit.ProblemsUnder("policies", err))
		}
	}
	return &Service{conversations: cfg.Conversations, complaints: cfg.Complaints,
		queues: cfg.Queues, desk: cfg.Desk, classifier: cfg.Classifier, tiers: cfg.Tiers, orders: cfg.Orders,
		severity: cfg.Severity, policies: policies, clock: cfg.Clock, onAssign: cfg.OnAssign}, nil
}

// Policy returns the policy the service opens conversations and files
// complaints under now: with Policies, the version in force at the service's
// now (the first version's before it); the zero Policy for a Service not built
// by NewService.
func (s *Service) Policy() Policy {
	if s == nil || s.clock == nil {
		return Policy{}
	}
	if v, err := s.policies.At(s.clock()); err == nil {
		return v.Policy.clone()
	}
	if vs := s.policies.Versions(); len(vs) > 0 {
		return vs[0].Policy.clone()
	}
	return Policy{}
}

// ready refuses to act on a Service that NewService did not build (a zero
// support.Service{} has no stores, desk or clock): every method but Policy
// returns shopkit.NotBuilt (code shopkit.CodeNotBuilt) instead of panicking.
func (s *Service) ready() error {
	if s == nil || s.conversations == nil || s.complaints == nil || s.queues == nil || s.desk == uuid.Nil || s.clock == nil {
		return shopkit.NotBuilt("support.Service")
	}
	return nil
}

// errUnchanged ends a store's Update closure that has nothing to write; the
// service treats it as success. errStale ends the recording of an assignment
// on a conversation no longer waiting for it.
var (
	errUnchanged = errors.New("unchanged")
	errStale     = errors.New("not waiting for this assignment")
)

// route runs op on the desk's Router in one QueueStore.Update and returns the
// assignments it made. op reports whether it changed the router: when it did
// not, nothing is written. The store may run op again; each run starts afresh.
func (s *Service) route(ctx context.Context, op func(r *Router) ([]Assignment, bool, error)) ([]Assignment, error) {
	var out []Assignment
	err := s.queues.Update(ctx, s.desk, func(r *Router) error {
		as, changed, err := op(r)
		out = as
		switch {
		case err != nil:
			return err
		case !changed:
			return errUnchanged
		}
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return nil, err
	}
	return out, nil
}

// held reports whether an agent holds a conversation in state st.
func held(st State) bool { return st == Assigned || st == InProgress || st == WaitingCustomer }

// Open files an inquiry (R6.1). A common question the classifier recognises is
// answered and resolved at once; anything else is saved, then queued with the
// customer's member priority on the desk, and assigned when an agent is free
// (R6.2): the assignment is made in the queue, then recorded on the
// conversation. If queuing fails after the conversation was saved, Repair
// queues it.
func (s *Service) Open(ctx context.Context, in Inquiry) (*Conversation, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.clock()
	if s.tiers != nil && in.CustomerID != "" && in.ShopID != uuid.Nil {
		t, err := s.tiers.MemberTier(ctx, in.ShopID, in.CustomerID)
		if err != nil {
			return nil, err
		}
		in.Priority = Priority(t)
	}
	v, err := s.policies.At(now)
	if err != nil {
		return nil, err
	}
	c, err := NewConversation(in, v.Policy, now)
	if err != nil {
		return nil, err
	}
	c.version = v.Name
	if s.classifier != nil {
		if e, ok := s.classifier.Classify(ctx, in.Content); ok {
			if err := c.AnswerFAQ(now, e); err != nil {
				return nil, err
			}
			return c, s.conversations.Create(ctx, c)
		}
	}
	if err := s.conversations.Create(ctx, c); err != nil {
		return nil, err
	}
	w := s.waiting(c)
	as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) { return r.enqueueOnce(w) })
	if err != nil {
		return nil, err
	}
	if err := s.record(ctx, as); err != nil {
		return nil, err
	}
	return s.conversations.Get(ctx, c.ID())
}

// Get returns a conversation.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Conversation, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.conversations.Get(ctx, id)
}

func (s *Service) waiting(c *Conversation) Waiting {
	return Waiting{ConversationID: c.id, ShopID: c.shopID, Group: c.group, Priority: c.priority, Since: c.enqueuedAt}
}

// record records assignments the queue made on their conversations, each in
// its own conversation Update. One recorded already (by a repair) is left as
// it is; one that can no longer be recorded (the customer left, or the
// conversation ended meanwhile) is repaired: the queue is brought in line with
// the conversation, which frees the agent and may lead to the next assignment.
func (s *Service) record(ctx context.Context, as []Assignment) error {
	for len(as) > 0 {
		a := as[0]
		as = as[1:]
		err := s.conversations.Update(ctx, a.ConversationID, func(c *Conversation) error {
			switch {
			case c.state == Open:
				return c.Assign(shopkit.SystemActor(), s.clock(), a.AgentID)
			case held(c.state) && c.agentID == a.AgentID:
				return errUnchanged
			}
			return errStale
		})
		switch {
		case err == nil:
			if s.onAssign != nil {
				s.onAssign(a)
			}
		case errors.Is(err, errUnchanged):
		case errors.Is(err, errStale), errors.Is(err, shopkit.ErrNotFound), errors.Is(err, shopkit.ErrNotAllowed):
			more, err := s.repair(ctx, a.ConversationID)
			if err != nil {
				return err
			}
			as = append(as, more...)
		default:
			return err
		}
	}
	return nil
}

// Repair brings a conversation and the desk's queue into agreement, after a
// call that changed one of them and not the other (it returned an error
// after its first step, or the process stopped between the two): an ended or
// unknown conversation leaves the queue, freeing its agent (who gets the next
// waiting conversation); an open conversation out of the queue is queued (if
// an agent of the desk serves its shop), one held in its queue is recorded as
// assigned to its agent, one held in another queue (an interrupted requeue) is
// requeued; a conversation the queue has moved to another agent is recorded
// as transferred by the system. A conversation already in agreement is left as
// it is, so Repair may run at any time, and again.
func (s *Service) Repair(ctx context.Context, id uuid.UUID) error {
	if err := s.ready(); err != nil {
		return err
	}
	as, err := s.repair(ctx, id)
	if err != nil {
		return err
	}
	return s.record(ctx, as)
}

// repair is Repair without recording the assignments it returns. It reads
// the conversation, brings the queue in line with it in one QueueStore.Update,
// records a transfer the queue made, and reads the conversation again: when it
// changed meanwhile (another replica acted), it goes again, a few times.
func (s *Service) repair(ctx context.Context, id uuid.UUID) ([]Assignment, error) {
	view := func() (convView, error) {
		c, err := s.conversations.Get(ctx, id)
		if errors.Is(err, shopkit.ErrNotFound) {
			return convView{}, nil
		}
		if err != nil {
			return convView{}, err
		}
		return convView{found: true, state: c.state, agent: c.agentID, w: s.waiting(c)}, nil
	}
	v, err := view()
	if err != nil {
		return nil, err
	}
	var out []Assignment
	for range 3 {
		var step repairStep
		as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) {
			as, st, changed, err := r.reconcile(id, v)
			step = st
			return as, changed, err
		})
		if err != nil {
			return out, err
		}
		out = append(out, as...)
		if step.assign != "" {
			out = append(out, Assignment{ConversationID: id, AgentID: step.assign, ShopID: v.w.ShopID, Group: v.w.Group})
		}
		if to := step.transfer; to != "" {
			err := s.conversations.Update(ctx, id, func(c *Conversation) error {
				if !held(c.state) || c.agentID == to {
					return errUnchanged
				}
				return c.TransferTo(shopkit.SystemActor(), s.clock(), to, "routing repair: the queue gave it to "+to)
			})
			if err != nil && !errors.Is(err, errUnchanged) {
				return out, err
			}
		}
		again, err := view()
		if err != nil {
			return out, err
		}
		if again.equal(v) {
			break
		}
		v = again
	}
	return out, nil
}

// Message adds a customer message.
func (s *Service) Message(ctx context.Context, id uuid.UUID, by shopkit.Actor, content string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.conversations.Update(ctx, id, func(c *Conversation) error { return c.Message(by, s.clock(), content) })
}

// Reply adds the agent's reply.
func (s *Service) Reply(ctx context.Context, id uuid.UUID, by shopkit.Actor, content string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.conversations.Update(ctx, id, func(c *Conversation) error { return c.Reply(by, s.clock(), content) })
}

// AwaitCustomer pauses the SLA clock until the customer answers (R6.3).
func (s *Service) AwaitCustomer(ctx context.Context, id uuid.UUID, by shopkit.Actor) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.conversations.Update(ctx, id, func(c *Conversation) error { return c.AwaitCustomer(by, s.clock()) })
}

// Resolve resolves with a summary and topic (R6.1), then frees the agent's
// slot in the queue and gives them the best waiting conversation (R6.2).
// If freeing fails after the conversation was saved, Sweep frees the agent.
func (s *Service) Resolve(ctx context.Context, id uuid.UUID, by shopkit.Actor, sum Summary) error {
	if err := s.ready(); err != nil {
		return err
	}
	var since time.Time
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		since = c.enqueuedAt
		return c.Resolve(by, s.clock(), sum)
	})
	if err != nil {
		return err
	}
	return s.settle(ctx, id, since)
}

// settle takes an ended conversation of round since out of the queue and
// records the assignment of the freed agent's next conversation.
func (s *Service) settle(ctx context.Context, id uuid.UUID, since time.Time) error {
	as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) {
		as, changed := r.settle(id, since)
		return as, changed, nil
	})
	if err != nil {
		return err
	}
	return s.record(ctx, as)
}

// Transfer hands a conversation to another agent with free capacity; the
// history is kept (R6.2). It checks the transfer on a copy of the
// conversation, moves it in the queue (over capacity: CodeAgentOverCapacity,
// nothing changed), then records it on the conversation; if recording fails,
// Sweep records it. The agent who gave it away may get the next waiting
// conversation.
func (s *Service) Transfer(ctx context.Context, id uuid.UUID, by shopkit.Actor, toAgent, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	c, err := s.conversations.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := c.Clone().TransferTo(by, s.clock(), toAgent, reason); err != nil {
		return err
	}
	as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) {
		if at, ok := r.holder(id); ok && at == toAgent {
			return nil, false, nil // moved already
		}
		next, ok, err := r.Transfer(id, toAgent)
		if err != nil || !ok {
			return nil, err == nil, err
		}
		return []Assignment{next}, true, nil
	})
	if err != nil {
		return err
	}
	err = s.conversations.Update(ctx, id, func(c *Conversation) error {
		if c.agentID == toAgent {
			return errUnchanged
		}
		return c.TransferTo(by, s.clock(), toAgent, reason)
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return errors.Join(err, s.record(ctx, as))
	}
	return s.record(ctx, as)
}

// Requeue sends a conversation to another skill group or channel queue, keeping
// its place and history (R6.2): the conversation is saved first, then moved in
// the queue, and the assignments that follow are recorded. If moving fails
// after the conversation was saved, Repair moves it.
func (s *Service) Requeue(ctx context.Context, id uuid.UUID, by shopkit.Actor, group SkillGroup, channel Channel, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	var from queueKey
	var w Waiting
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		from = queueKey{c.shopID, c.group}
		if err := c.Requeue(by, s.clock(), group, channel, reason); err != nil {
			return err
		}
		w = s.waiting(c)
		return nil
	})
	if err != nil {
		return err
	}
	as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) { return r.requeueFrom(from, w) })
	if err != nil {
		return err
	}
	return s.record(ctx, as)
}

// Reopen brings a resolved conversation back to the queue within the window:
// the conversation is saved first, then queued. If queuing fails after the
// conversation was saved, Repair queues it.
func (s *Service) Reopen(ctx context.Context, id uuid.UUID, by shopkit.Actor, content string) error {
	if err := s.ready(); err != nil {
		return err
	}
	var w Waiting
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		if err := c.Reopen(by, s.clock(), content); err != nil {
			return err
		}
		w = s.waiting(c)
		return nil
	})
	if err != nil {
		return err
	}
	as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) { return r.enqueueOnce(w) })
	if err != nil {
		return err
	}
	return s.record(ctx, as)
}

// Abandon closes a queued conversation the customer left, then takes it out of
// the queue (an agent it was assigned to meanwhile is freed).
func (s *Service) Abandon(ctx context.Context, id uuid.UUID, by shopkit.Actor) error {
	if err := s.ready(); err != nil {
		return err
	}
	var since time.Time
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		since = c.enqueuedAt
		return c.Abandon(by, s.clock())
	})
	if err != nil {
		return err
	}
	return s.settle(ctx, id, since)
}

// Rate records the satisfaction answer (R6.4).
func (s *Service) Rate(ctx context.Context, id uuid.UUID, by shopkit.Actor, score int) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.conversations.Update(ctx, id, func(c *Conversation) error { return c.Rate(by, s.clock(), score) })
}

// SetAgentStatus changes an agent's status on the desk; coming online pulls
// waiting work, which is then recorded on the conversations.
func (s *Service) SetAgentStatus(ctx context.Context, agentID string, st AgentStatus) error {
	if err := s.ready(); err != nil {
		return err
	}
	as, err := s.route(ctx, func(r *Router) ([]Assignment, bool, error) {
		as, err := r.SetStatus(agentID, st)
		return as, err == nil, err
	})
	if err != nil {
		return err
	}
	return s.record(ctx, as)
}

// AgentView is what the agent sees beside a conversation (R6.1).
type AgentView struct {
	Conversation  *Conversation      `json:"conversation"`
	Tier          shopkit.MemberTier `json:"tier"`
	RecentOrders  []OrderRef         `json:"recent_orders"`
	QueuePosition int                `json:"queue_position"` // 1-based while queued, else 0
}

// View returns the agent's view: the conversation, the customer's member tier
// and recent orders (R6.1), and the queue position while waiting (R6.2), read
// from the desk.
func (s *Service) View(ctx context.Context, id uuid.UUID, orders int) (AgentView, error) {
	if err := s.ready(); err != nil {
		return AgentView{}, err
	}
	c, err := s.conversations.Get(ctx, id)
	if err != nil {
		return AgentView{}, err
	}
	v := AgentView{Conversation: c}
	if s.tiers != nil {
		if v.Tier, err = s.tiers.MemberTier(ctx, c.shopID, c.customerID); err != nil {
			return AgentView{}, err
		}
	}
	if s.orders != nil && orders > 0 {
		if v.RecentOrders, err = s.orders.RecentOrders(ctx, c.shopID, c.customerID, orders); err != nil {
			return AgentView{}, err
		}
	}
	if c.state == Open {
		r, err := s.queues.Get(ctx, s.desk)
		if err != nil {
			return AgentView{}, err
		}
		v.QueuePosition, _ = r.Position(id)
	}
	return v, nil
}

// Sweep applies what is due (R2.9, R6.3): SLA breaches are recorded once and
// stamped with their target; silent conversations are resolved and expired
// reopen windows closed. An agent whose conversation the sweep resolved gets the
// next waiting one. It runs shopkit.Sweep, so sweeps on several instances claim
// and split the due conversations.
//
// It then repairs the desk's holdings (Repair): every conversation the desk
// holds whose conversation does not record it as held by that agent (an
// assignment or transfer not recorded, a resolution whose release did not
// run). That reads the desk once and each held conversation, a cost that grows
// with the agents' capacity, not with the queue. A repair that fails is listed
// in the result's Failures.
func (s *Service) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	res, err := shopkit.Sweep[*Conversation](ctx, conversationSweep{s}, s.clock(), 100)
	if err != nil {
		return res, err
	}
	r, err := s.queues.Get(ctx, s.desk)
	if err != nil {
		return res, err
	}
	for id, agent := range r.heldBy() {
		c, err := s.conversations.Get(ctx, id)
		switch {
		case err == nil && held(c.state) && c.agentID == agent:
			continue
		case err != nil && !errors.Is(err, shopkit.ErrNotFound):
			res.Failures = append(res.Failures, shopkit.SweepFailure{ID: id, Err: err})
			continue
		}
		if err := s.Repair(ctx, id); err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			res.Failures = append(res.Failures, shopkit.SweepFailure{ID: id, Err: err})
		}
	}
	return res, nil
}

// conversationSweep is the conversation store as shopkit.Sweep sees it: after
// a consequence resolves a conversation, it leaves the queue and its agent
// gets the next waiting one.
type conversationSweep struct{ s *Service }

func (w conversationSweep) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Conversation, error) {
	return w.s.conversations.Claim(ctx, t, limit, lease)
}

func (w conversationSweep) Update(ctx context.Context, id uuid.UUID, fn func(*Conversation) error) error {
	var ended bool
	var since time.Time
	err := w.s.conversations.Update(ctx, id, func(c *Conversation) error {
		ended = false // the store may run fn again
		was := c.state
		since = c.enqueuedAt
		if err := fn(c); err != nil {
			return err
		}
		ended = c.state == Resolved && was != Resolved
		return nil
	})
	if err != nil || !ended {
		return err
	}
	return w.s.settle(ctx, id, since)
}

// FileComplaint logs a complaint from any channel, graded by the severity policy
// (R6.4).
func (s *Service) FileComplaint(ctx context.Context, in ComplaintInput) (*Complaint, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.clock()
	v, err := s.policies.At(now)
	if err != nil {
		return nil, err
	}
	c, err := NewComplaint(in, s.severity, v.Policy, now)
	if err != nil {
		return nil, err
	}
	c.version = v.Name
	return c, s.complaints.Create(ctx, c)
}

// AssignComplaint gives a complaint to a handler of matching level (R6.4).
func (s *Service) AssignComplaint(ctx context.Context, id uuid.UUID, by shopkit.Actor, h Handler) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.complaints.Update(ctx, id, func(c *Complaint) error { return c.Assign(by, s.clock(), h) })
}

// CloseComplaint closes a complaint with a compensation and opens its follow-up
// task (R6.4).
func (s *Service) CloseComplaint(ctx context.Context, id uuid.UUID, by shopkit.Actor, comp Compensation, note string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.complaints.Update(ctx, id, func(c *Complaint) error { return c.Close(by, s.clock(), comp, note) })
}

// CompleteFollowUp completes a complaint's follow-up task.
func (s *Service) CompleteFollowUp(ctx context.Context, id uuid.UUID, by shopkit.Actor, note string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.complaints.Update(ctx, id, func(c *Complaint) error { return c.CompleteFollowUp(by, s.clock(), note) })
}

// SweepComplaints marks overdue follow-ups (R6.4, R2.9).
func (s *Service) SweepComplaints(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Complaint](ctx, s.complaints, s.clock(), 100)
}

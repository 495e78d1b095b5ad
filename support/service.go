package support

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ServiceConfig is what a Service needs. Conversations, Complaints, Router,
// Policy, Severity and Clock are required; NewService checks them.
type ServiceConfig struct {
	Conversations ConversationStore
	Complaints    ComplaintStore
	Router        *Router        // the queues and agents (NewRouter)
	Policy        Policy         // the numbers of customer service (DefaultPolicy)
	Severity      SeverityPolicy // how complaints are graded (DefaultSeverityPolicy)
	Clock         shopkit.Clock  // the time of every action (R0.3)
	// Reminders keeps payment reminders to one per order (R2.3.5); nil means the
	// service sends none (RemindPayments returns CodeInvalidConfig).
	Reminders ReminderLog
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

// Service wires the stores, the Router, the FAQ and the policy: load → act →
// save (R2.8). Every rule lives in the aggregates and policies. Build it with
// NewService; it is safe for concurrent use when its stores are.
// The methods of a zero Service return an error with code shopkit.CodeNotBuilt.
type Service struct {
	conversations ConversationStore
	complaints    ComplaintStore
	reminders     ReminderLog
	router        *Router
	classifier    Classifier
	tiers         shopkit.TierReader
	orders        OrderReader
	severity      SeverityPolicy
	policy        Policy
	clock         shopkit.Clock
	onAssign      func(Assignment)
}

// NewService returns the service of cfg. A missing store, router or clock, or an
// invalid policy or severity policy, is a *shopkit.ValidationError with code
// CodeInvalidConfig naming every field at fault ("policy.reopen_window" for a
// policy field).
func NewService(cfg ServiceConfig) (*Service, error) {
	var ps []shopkit.FieldProblem
	require := func(field string, missing bool) {
		if missing {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "is required"})
		}
	}
	require("conversations", cfg.Conversations == nil)
	require("complaints", cfg.Complaints == nil)
	require("router", cfg.Router == nil)
	require("clock", cfg.Clock == nil)
	nested := func(prefix string, err error) {
		var invalid *shopkit.ValidationError
		if errors.As(err, &invalid) {
			for _, p := range invalid.Problems {
				ps = append(ps, shopkit.FieldProblem{Field: prefix + p.Field, Problem: p.Problem})
			}
		}
	}
	nested("policy.", cfg.Policy.Validate())
	nested("severity.", cfg.Severity.Validate())
	if err := shopkit.Incomplete(CodeInvalidConfig, ps); err != nil {
		return nil, err
	}
	return &Service{conversations: cfg.Conversations, complaints: cfg.Complaints, reminders: cfg.Reminders,
		router: cfg.Router, classifier: cfg.Classifier, tiers: cfg.Tiers, orders: cfg.Orders,
		severity: cfg.Severity, policy: cfg.Policy.clone(), clock: cfg.Clock, onAssign: cfg.OnAssign}, nil
}

// Policy returns the policy the service opens conversations and files
// complaints under; the zero Policy for a Service not built by NewService.
func (s *Service) Policy() Policy {
	if s == nil {
		return Policy{}
	}
	return s.policy.clone()
}

// ready refuses to act on a Service that NewService did not build (a zero
// support.Service{} has no stores, router or clock): every method but Policy
// returns shopkit.NotBuilt (code shopkit.CodeNotBuilt) instead of panicking.
func (s *Service) ready() error {
	if s == nil || s.conversations == nil || s.complaints == nil || s.router == nil || s.clock == nil {
		return shopkit.NotBuilt("support.Service")
	}
	return nil
}

// Open files an inquiry (R6.1). A common question the classifier recognises is
// answered and resolved at once; anything else is queued with the customer's
// member priority and assigned when an agent is free (R6.2).
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
	c, err := NewConversation(in, s.policy, now)
	if err != nil {
		return nil, err
	}
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
	as, ok, err := s.router.Enqueue(s.waiting(c))
	if err != nil {
		return nil, err
	}
	if ok {
		if err := s.apply(ctx, as); err != nil {
			return nil, err
		}
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

// apply saves assignments; one that can no longer be applied (the customer left)
// frees the agent, which may lead to the next assignment.
func (s *Service) apply(ctx context.Context, as ...Assignment) error {
	for len(as) > 0 {
		a := as[0]
		as = as[1:]
		err := s.conversations.Update(ctx, a.ConversationID, func(c *Conversation) error {
			return c.Assign(shopkit.SystemActor(), s.clock(), a.AgentID)
		})
		if err == nil {
			if s.onAssign != nil {
				s.onAssign(a)
			}
			continue
		}
		if !errors.Is(err, shopkit.ErrNotAllowed) && !errors.Is(err, shopkit.ErrNotFound) {
			return err
		}
		next, ok, rerr := s.router.Release(a.AgentID, a.ConversationID)
		if rerr != nil {
			return rerr
		}
		if ok {
			as = append(as, next)
		}
	}
	return nil
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

// Resolve resolves with a summary and topic, frees the agent's slot and gives
// them the best waiting conversation (R6.1, R6.2).
func (s *Service) Resolve(ctx context.Context, id uuid.UUID, by shopkit.Actor, sum Summary) error {
	if err := s.ready(); err != nil {
		return err
	}
	var agent string
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		agent = c.agentID
		return c.Resolve(by, s.clock(), sum)
	})
	if err != nil {
		return err
	}
	return s.release(ctx, agent, id)
}

func (s *Service) release(ctx context.Context, agent string, id uuid.UUID) error {
	if agent == "" {
		return nil
	}
	next, ok, err := s.router.Release(agent, id)
	if err != nil || !ok {
		return err
	}
	return s.apply(ctx, next)
}

// Transfer hands a conversation to another agent with free capacity; the
// history is kept (R6.2). Over capacity: CodeAgentOverCapacity, nothing
// changed.
func (s *Service) Transfer(ctx context.Context, id uuid.UUID, by shopkit.Actor, toAgent, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	var next Assignment
	var ok bool
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		if err := c.TransferTo(by, s.clock(), toAgent, reason); err != nil {
			return err
		}
		var err error
		next, ok, err = s.router.Transfer(id, toAgent)
		return err
	})
	if err != nil || !ok {
		return err
	}
	return s.apply(ctx, next)
}

// Requeue sends a conversation to another skill group or channel queue, keeping
// its place and history (R6.2).
func (s *Service) Requeue(ctx context.Context, id uuid.UUID, by shopkit.Actor, group SkillGroup, channel Channel, reason string) error {
	if err := s.ready(); err != nil {
		return err
	}
	var next []Assignment
	err := s.conversations.Update(ctx, id, func(c *Conversation) error {
		agent := c.agentID
		if err := c.Requeue(by, s.clock(), group, channel, reason); err != nil {
			return err
		}
		var err error
		next, err = s.router.Requeue(agent, s.waiting(c))
		return err
	})
	if err != nil {
		return err
	}
	return s.apply(ctx, next...)
}

// Reopen brings a resolved conversation back to the queue within the window.
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
	as, ok, err := s.router.Enqueue(w)
	if err != nil || !ok {
		return err
	}
	return s.apply(ctx, as)
}

// Abandon closes a queued conversation the customer left.
func (s *Service) Abandon(ctx context.Context, id uuid.UUID, by shopkit.Actor) error {
	if err := s.ready(); err != nil {
		return err
	}
	err := s.conversations.Update(ctx, id, func(c *Conversation) error { return c.Abandon(by, s.clock()) })
	if err == nil {
		s.router.Remove(id)
	}
	return err
}

// Rate records the satisfaction answer (R6.4).
func (s *Service) Rate(ctx context.Context, id uuid.UUID, by shopkit.Actor, score int) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.conversations.Update(ctx, id, func(c *Conversation) error { return c.Rate(by, s.clock(), score) })
}

// SetAgentStatus changes an agent's status; coming online pulls waiting work.
func (s *Service) SetAgentStatus(ctx context.Context, agentID string, st AgentStatus) error {
	if err := s.ready(); err != nil {
		return err
	}
	as, err := s.router.SetStatus(agentID, st)
	if err != nil {
		return err
	}
	return s.apply(ctx, as...)
}

// AgentView is what the agent sees beside a conversation (R6.1).
type AgentView struct {
	Conversation  *Conversation
	Tier          shopkit.MemberTier
	RecentOrders  []OrderRef
	QueuePosition int // 1-based while queued, else 0
}

// View returns the agent's view: the conversation, the customer's member tier
// and recent orders (R6.1), and the queue position while waiting (R6.2).
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
		v.QueuePosition, _ = s.router.Position(id)
	}
	return v, nil
}

// Sweep applies what is due (R2.9, R6.3): SLA breaches are recorded once and
// stamped with their target; silent conversations are resolved and expired
// reopen windows closed. An agent whose conversation the sweep resolved gets the
// next waiting one. It runs shopkit.Sweep, so sweeps on several instances claim
// and split the due conversations.
func (s *Service) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Conversation](ctx, conversationSweep{s}, s.clock(), 100)
}

// conversationSweep is the conversation store as shopkit.Sweep sees it: after
// a consequence resolves a conversation, its agent gets the next waiting one.
type conversationSweep struct{ s *Service }

func (w conversationSweep) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Conversation, error) {
	return w.s.conversations.Claim(ctx, t, limit, lease)
}

func (w conversationSweep) Update(ctx context.Context, id uuid.UUID, fn func(*Conversation) error) error {
	var freed string
	err := w.s.conversations.Update(ctx, id, func(c *Conversation) error {
		freed = "" // the store may run fn again
		held, was := c.agentID, c.state
		if err := fn(c); err != nil {
			return err
		}
		if c.state == Resolved && was != Resolved {
			freed = held
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.s.release(ctx, freed, id)
}

// FileComplaint logs a complaint from any channel, graded by the severity policy
// (R6.4).
func (s *Service) FileComplaint(ctx context.Context, in ComplaintInput) (*Complaint, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	c, err := NewComplaint(in, s.severity, s.policy, s.clock())
	if err != nil {
		return nil, err
	}
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

// RemindPayments returns the payment reminders due now, each order at most once
// ever (R2.3.5): the ReminderLog records each before it is returned.
func (s *Service) RemindPayments(ctx context.Context, orders iter.Seq[UnpaidOrder]) ([]ReminderTask, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if s.reminders == nil {
		return nil, shopkit.Invalid(CodeInvalidConfig, "reminders", "is required to send payment reminders at most once")
	}
	now := s.clock()
	var out []ReminderTask
	for _, t := range DueReminders(orders, nil, s.policy, now) {
		first, err := s.reminders.MarkReminded(ctx, t.OrderID, now)
		if err != nil {
			return out, err
		}
		if first {
			out = append(out, t)
		}
	}
	return out, nil
}

package support

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// Service wires the stores, the Router, the FAQ and the policy: load → act →
// save (R2.8). Every rule lives in the aggregates and policies.
type Service struct {
	Conversations ConversationStore
	Complaints    ComplaintStore
	Reminders     ReminderLog
	Router        *Router
	Classifier    Classifier // nil: every inquiry goes to a human
	Tiers         TierReader // nil: nobody has priority
	Orders        OrderReader
	Severity      SeverityPolicy
	Policy        Policy
	Clock         func() time.Time
	// OnAssign, when set, is called after each assignment is saved (to push the
	// conversation to the agent's workspace).
	OnAssign func(Assignment)
}

// Open files an inquiry (R6.1). A common question the classifier recognises is
// answered and resolved at once; anything else is queued with the customer's
// member priority and assigned when an agent is free (R6.2).
func (s *Service) Open(ctx context.Context, in Inquiry) (*Conversation, error) {
	now := s.Clock()
	if s.Tiers != nil && in.CustomerID != "" && in.ShopID != "" {
		t, err := s.Tiers.Tier(ctx, in.ShopID, in.CustomerID)
		if err != nil {
			return nil, err
		}
		in.Priority = Priority(t)
	}
	c, err := NewConversation(in, s.Policy, now)
	if err != nil {
		return nil, err
	}
	if s.Classifier != nil {
		if e, ok := s.Classifier.Classify(in.Content); ok {
			if err := c.AnswerFAQ(now, e); err != nil {
				return nil, err
			}
			return c, s.Conversations.Create(ctx, c)
		}
	}
	if err := s.Conversations.Create(ctx, c); err != nil {
		return nil, err
	}
	as, ok, err := s.Router.Enqueue(s.waiting(c))
	if err != nil {
		return nil, err
	}
	if ok {
		if err := s.apply(ctx, as); err != nil {
			return nil, err
		}
	}
	return s.Conversations.Get(ctx, c.ID())
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
		err := s.Conversations.Update(ctx, a.ConversationID, func(c *Conversation) error {
			return c.Assign(commerce.SystemActor(), s.Clock(), a.AgentID)
		})
		if err == nil {
			if s.OnAssign != nil {
				s.OnAssign(a)
			}
			continue
		}
		if !errors.Is(err, shopkit.ErrNotAllowed) && !errors.Is(err, shopkit.ErrNotFound) {
			return err
		}
		next, ok, rerr := s.Router.Release(a.AgentID, a.ConversationID)
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
func (s *Service) Message(ctx context.Context, id uuid.UUID, by commerce.Actor, content string) error {
	return s.Conversations.Update(ctx, id, func(c *Conversation) error { return c.Message(by, s.Clock(), content) })
}

// Reply adds the agent's reply.
func (s *Service) Reply(ctx context.Context, id uuid.UUID, by commerce.Actor, content string) error {
	return s.Conversations.Update(ctx, id, func(c *Conversation) error { return c.Reply(by, s.Clock(), content) })
}

// AwaitCustomer pauses the SLA clock until the customer answers (R6.3).
func (s *Service) AwaitCustomer(ctx context.Context, id uuid.UUID, by commerce.Actor) error {
	return s.Conversations.Update(ctx, id, func(c *Conversation) error { return c.AwaitCustomer(by, s.Clock()) })
}

// Resolve resolves with a summary and topic, frees the agent's slot and gives
// them the best waiting conversation (R6.1, R6.2).
func (s *Service) Resolve(ctx context.Context, id uuid.UUID, by commerce.Actor, sum Summary) error {
	var agent string
	err := s.Conversations.Update(ctx, id, func(c *Conversation) error {
		agent = c.agentID
		return c.Resolve(by, s.Clock(), sum)
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
	next, ok, err := s.Router.Release(agent, id)
	if err != nil || !ok {
		return err
	}
	return s.apply(ctx, next)
}

// Transfer hands a conversation to another agent with free capacity; the
// history is kept (R6.2). Over capacity: support.agent_over_capacity, nothing
// changed.
func (s *Service) Transfer(ctx context.Context, id uuid.UUID, by commerce.Actor, toAgent, reason string) error {
	var next Assignment
	var ok bool
	err := s.Conversations.Update(ctx, id, func(c *Conversation) error {
		if err := c.TransferTo(by, s.Clock(), toAgent, reason); err != nil {
			return err
		}
		var err error
		next, ok, err = s.Router.Transfer(id, toAgent)
		return err
	})
	if err != nil || !ok {
		return err
	}
	return s.apply(ctx, next)
}

// Requeue sends a conversation to another skill group or channel queue, keeping
// its place and history (R6.2).
func (s *Service) Requeue(ctx context.Context, id uuid.UUID, by commerce.Actor, group SkillGroup, channel Channel, reason string) error {
	var next []Assignment
	err := s.Conversations.Update(ctx, id, func(c *Conversation) error {
		agent := c.agentID
		if err := c.Requeue(by, s.Clock(), group, channel, reason); err != nil {
			return err
		}
		var err error
		next, err = s.Router.Requeue(agent, s.waiting(c))
		return err
	})
	if err != nil {
		return err
	}
	return s.apply(ctx, next...)
}

// Reopen brings a resolved conversation back to the queue within the window.
func (s *Service) Reopen(ctx context.Context, id uuid.UUID, by commerce.Actor, content string) error {
	var w Waiting
	err := s.Conversations.Update(ctx, id, func(c *Conversation) error {
		if err := c.Reopen(by, s.Clock(), content); err != nil {
			return err
		}
		w = s.waiting(c)
		return nil
	})
	if err != nil {
		return err
	}
	as, ok, err := s.Router.Enqueue(w)
	if err != nil || !ok {
		return err
	}
	return s.apply(ctx, as)
}

// Abandon closes a queued conversation the customer left.
func (s *Service) Abandon(ctx context.Context, id uuid.UUID, by commerce.Actor) error {
	err := s.Conversations.Update(ctx, id, func(c *Conversation) error { return c.Abandon(by, s.Clock()) })
	if err == nil {
		s.Router.Remove(id)
	}
	return err
}

// Rate records the satisfaction answer (R6.4).
func (s *Service) Rate(ctx context.Context, id uuid.UUID, by commerce.Actor, score int) error {
	return s.Conversations.Update(ctx, id, func(c *Conversation) error { return c.Rate(by, s.Clock(), score) })
}

// SetAgentStatus changes an agent's status; coming online pulls waiting work.
func (s *Service) SetAgentStatus(ctx context.Context, agentID string, st AgentStatus) error {
	as, err := s.Router.SetStatus(agentID, st)
	if err != nil {
		return err
	}
	return s.apply(ctx, as...)
}

// AgentView is what the agent sees beside a conversation (R6.1).
type AgentView struct {
	Conversation  *Conversation
	Tier          Tier
	RecentOrders  []OrderRef
	QueuePosition int // 1-based while queued, else 0
}

// View returns the agent's view: the conversation, the customer's member tier
// and recent orders (R6.1), and the queue position while waiting (R6.2).
func (s *Service) View(ctx context.Context, id uuid.UUID, orders int) (AgentView, error) {
	c, err := s.Conversations.Get(ctx, id)
	if err != nil {
		return AgentView{}, err
	}
	v := AgentView{Conversation: c}
	if s.Tiers != nil {
		if v.Tier, err = s.Tiers.Tier(ctx, c.shopID, c.customerID); err != nil {
			return AgentView{}, err
		}
	}
	if s.Orders != nil && orders > 0 {
		if v.RecentOrders, err = s.Orders.RecentOrders(ctx, c.shopID, c.customerID, orders); err != nil {
			return AgentView{}, err
		}
	}
	if c.state == Open {
		v.QueuePosition, _ = s.Router.Position(id)
	}
	return v, nil
}

// Sweep applies what is due (R2.9, R6.3): SLA breaches are recorded once and
// stamped with their target; silent conversations are resolved and expired
// reopen windows closed. An agent whose conversation the sweep resolved gets the
// next waiting one.
func (s *Service) Sweep(ctx context.Context) (commerce.SweepResult, error) {
	now := s.Clock()
	var res commerce.SweepResult
	passed := map[uuid.UUID]bool{}
	for {
		due, err := s.Conversations.Due(ctx, now, 100+len(passed))
		if err != nil {
			return res, err
		}
		progress := false
		for _, d := range due {
			if passed[d.id] {
				continue
			}
			var freed string
			err := s.Conversations.Update(ctx, d.id, func(c *Conversation) error {
				held := c.agentID
				if err := c.ApplyDue(now); err != nil {
					return err
				}
				if c.state == Resolved && held != "" && d.state != Resolved {
					freed = held
				}
				return nil
			})
			switch {
			case err == nil:
				res.Applied++
				progress = true
				if err := s.release(ctx, freed, d.id); err != nil {
					return res, err
				}
			case errors.Is(err, shopkit.ErrConflict) || errors.Is(err, shopkit.ErrNotAllowed):
				res.Skipped++
				passed[d.id] = true
			default:
				res.Failures = append(res.Failures, commerce.SweepFailure{ID: d.id, Err: err})
				passed[d.id] = true
			}
		}
		if !progress {
			return res, nil
		}
	}
}

// FileComplaint logs a complaint from any channel, graded by the severity policy
// (R6.4).
func (s *Service) FileComplaint(ctx context.Context, in ComplaintInput) (*Complaint, error) {
	c, err := NewComplaint(in, s.Severity, s.Policy, s.Clock())
	if err != nil {
		return nil, err
	}
	return c, s.Complaints.Create(ctx, c)
}

// AssignComplaint gives a complaint to a handler of matching level (R6.4).
func (s *Service) AssignComplaint(ctx context.Context, id uuid.UUID, by commerce.Actor, h Handler) error {
	return s.Complaints.Update(ctx, id, func(c *Complaint) error { return c.Assign(by, s.Clock(), h) })
}

// CloseComplaint closes a complaint with a compensation and opens its follow-up
// task (R6.4).
func (s *Service) CloseComplaint(ctx context.Context, id uuid.UUID, by commerce.Actor, comp Compensation, note string) error {
	return s.Complaints.Update(ctx, id, func(c *Complaint) error { return c.Close(by, s.Clock(), comp, note) })
}

// CompleteFollowUp completes a complaint's follow-up task.
func (s *Service) CompleteFollowUp(ctx context.Context, id uuid.UUID, by commerce.Actor, note string) error {
	return s.Complaints.Update(ctx, id, func(c *Complaint) error { return c.CompleteFollowUp(by, s.Clock(), note) })
}

// SweepComplaints marks overdue follow-ups (R6.4, R2.9).
func (s *Service) SweepComplaints(ctx context.Context) (commerce.SweepResult, error) {
	return commerce.Sweep(ctx, s.Complaints, s.Clock(), 100)
}

// RemindPayments returns the payment reminders due now, each order at most once
// ever (R2.3.5): the ReminderLog records each before it is returned.
func (s *Service) RemindPayments(ctx context.Context, orders iter.Seq[UnpaidOrder]) ([]ReminderTask, error) {
	if s.Reminders == nil {
		return nil, shopkit.Invalid("support.no_reminder_log", "Reminders", "is required to send payment reminders at most once")
	}
	now := s.Clock()
	var out []ReminderTask
	for _, t := range DueReminders(orders, nil, s.Policy, now) {
		first, err := s.Reminders.MarkReminded(ctx, t.OrderID, now)
		if err != nil {
			return out, err
		}
		if first {
			out = append(out, t)
		}
	}
	return out, nil
}

package support

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ConversationSnapshot is every persisted field of a Conversation, for host
// stores, the policy it was opened with included: the conversation's state,
// not its history, which is the store's audit trail (R0.4).
// RestoreConversation rebuilds the aggregate from it. The policy's calendar
// (Policy.Hours) is code, not data, so it is not part of the JSON form: a host
// store sets it again on a decoded snapshot before RestoreConversation. It
// keeps the personal data in full (the customer, the messages) for the store;
// its String and GoString mask them (R0.5).
type ConversationSnapshot struct {
	ID            uuid.UUID     `json:"id"`
	ShopID        uuid.UUID     `json:"shop_id"`
	CustomerID    string        `json:"customer_id"`
	Channel       Channel       `json:"channel"`
	Phase         Phase         `json:"phase"`
	Group         SkillGroup    `json:"group"`
	Topic         Topic         `json:"topic"`
	Summary       string        `json:"summary"`
	OrderID       uuid.UUID     `json:"order_id"`
	CaseID        uuid.UUID     `json:"case_id"`
	Priority      int           `json:"priority"`
	State         State         `json:"state"`
	AgentID       string        `json:"agent_id"`
	ResolvedBy    string        `json:"resolved_by"`
	OpenedAt      time.Time     `json:"opened_at,omitzero"`
	EnqueuedAt    time.Time     `json:"enqueued_at,omitzero"`
	FirstReplyAt  time.Time     `json:"first_reply_at,omitzero"`
	ResolvedAt    time.Time     `json:"resolved_at,omitzero"`
	ClosedAt      time.Time     `json:"closed_at,omitzero"`
	StateDue      time.Time     `json:"state_due,omitzero"`
	FirstDue      time.Time     `json:"first_due,omitzero"`
	ResolveDue    time.Time     `json:"resolve_due,omitzero"`
	ResolveLeft   time.Duration `json:"resolve_left"`
	FirstBreach   bool          `json:"first_breach"`
	ResolveBreach bool          `json:"resolve_breach"`
	Breaches      []Breach      `json:"breaches"`
	Messages      []Message     `json:"messages"`
	Transfers     []Transfer    `json:"transfers"`
	Rating        *Rating       `json:"rating"`
	Policy        Policy        `json:"policy"` // the policy the conversation was opened with
	// PolicyVersion is Conversation.PolicyVersion: that policy's version
	// name, "" for a plain Policy and in snapshots from before versions.
	PolicyVersion string `json:"policy_version,omitempty"`
	// Seq is the length of the conversation's audit trail in the store: the
	// next entry is Seq + 1.
	Seq int `json:"seq"`
}

// Snapshot returns every field for persistence.
func (c *Conversation) Snapshot() ConversationSnapshot {
	s := ConversationSnapshot{
		ID: c.id, ShopID: c.shopID, CustomerID: c.customerID, Channel: c.channel, Phase: c.phase,
		Group: c.group, Topic: c.topic, Summary: c.summary, OrderID: c.orderID, CaseID: c.caseID,
		Priority: c.priority, State: c.state, AgentID: c.agentID, ResolvedBy: c.resolvedBy,
		OpenedAt: c.openedAt, EnqueuedAt: c.enqueuedAt, FirstReplyAt: c.firstReplyAt,
		ResolvedAt: c.resolvedAt, ClosedAt: c.closedAt, StateDue: c.stateDue,
		FirstDue: c.frDue, ResolveDue: c.resDue, ResolveLeft: c.resLeft,
		FirstBreach: c.frBreached, ResolveBreach: c.resBreached,
		Breaches: slices.Clone(c.breaches), Messages: slices.Clone(c.messages),
		Transfers: slices.Clone(c.transfers), Policy: c.policy.clone(), PolicyVersion: c.version, Seq: c.journal.Seq(),
	}
	if c.rating != nil {
		r := *c.rating
		s.Rating = &r
	}
	return s
}

// RestoreConversation rebuilds a conversation from a snapshot without re-running
// rules; its next actions follow the snapshot's policy, and its audit entries
// number on from Seq. A snapshot without an ID or shop, with a negative Seq
// (CodeInvalidConversation), with an unknown state (CodeInvalidState) or an
// invalid policy (CodeInvalidPolicy) is a *shopkit.ValidationError.
func RestoreConversation(s ConversationSnapshot) (*Conversation, error) {
	if s.ID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidConversation, "id", "is required")
	}
	if s.ShopID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidConversation, "shop_id", "is required")
	}
	if s.Seq < 0 {
		return nil, shopkit.Invalid(CodeInvalidConversation, "seq", "must not be negative")
	}
	if err := s.State.Validate(); err != nil {
		return nil, err
	}
	if err := s.Policy.Validate(); err != nil {
		return nil, err
	}
	c := &Conversation{
		id: s.ID, shopID: s.ShopID, customerID: s.CustomerID, channel: s.Channel, phase: s.Phase,
		group: s.Group, topic: s.Topic, summary: s.Summary, orderID: s.OrderID, caseID: s.CaseID,
		priority: s.Priority, state: s.State, agentID: s.AgentID, resolvedBy: s.ResolvedBy,
		openedAt: s.OpenedAt, enqueuedAt: s.EnqueuedAt, firstReplyAt: s.FirstReplyAt,
		resolvedAt: s.ResolvedAt, closedAt: s.ClosedAt, stateDue: s.StateDue,
		frDue: s.FirstDue, resDue: s.ResolveDue, resLeft: s.ResolveLeft,
		frBreached: s.FirstBreach, resBreached: s.ResolveBreach,
		breaches: slices.Clone(s.Breaches), messages: slices.Clone(s.Messages),
		transfers: slices.Clone(s.Transfers), journal: shopkit.ResumeJournal(s.ID.String(), s.Seq), policy: s.Policy.clone(),
		version: s.PolicyVersion,
	}
	if s.Rating != nil {
		r := *s.Rating
		c.rating = &r
	}
	return c, nil
}

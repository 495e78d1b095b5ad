package support

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Inquiry is the input that opens a conversation (R6.1).
type Inquiry struct {
	ID         uuid.UUID  `json:"id"`      // optional; a new one when zero
	ShopID     uuid.UUID  `json:"shop_id"` // the shop (its merchant's ID)
	CustomerID string     `json:"customer_id"`
	Channel    Channel    `json:"channel"`
	Phase      Phase      `json:"phase"`
	Group      SkillGroup `json:"group"`    // the queue; "general" when empty
	Topic      Topic      `json:"topic"`    // optional first guess
	Content    string     `json:"content"`  // the first customer message
	OrderID    uuid.UUID  `json:"order_id"` // optional related order
	CaseID     uuid.UUID  `json:"case_id"`  // optional related after-sales case (R3)
	Priority   int        `json:"priority"` // queue priority, from Priority(tier) (R6.2)
}

// Message is one line of a conversation.
type Message struct {
	At      time.Time    `json:"at,omitzero"`
	Role    shopkit.Role `json:"role"`   // shopkit.Buyer (the customer), Merchant (an agent), or System for FAQ answers
	Author  string       `json:"author"` // the customer's or agent's ID; "faq" for FAQ answers
	Content string       `json:"content"`
	FAQ     string       `json:"faq"` // the FAQ entry that produced an automatic answer
}

// Transfer is one hand-over of a conversation (R6.2); the history keeps them all.
type Transfer struct {
	At          time.Time     `json:"at,omitzero"`
	By          shopkit.Actor `json:"by"`
	FromAgent   string        `json:"from_agent"`
	ToAgent     string        `json:"to_agent"` // "" when sent to a queue
	FromGroup   SkillGroup    `json:"from_group"`
	ToGroup     SkillGroup    `json:"to_group"`
	FromChannel Channel       `json:"from_channel"`
	ToChannel   Channel       `json:"to_channel"`
	Reason      string        `json:"reason"`
}

// SLAKind names a service-level target (R6.3).
type SLAKind string

// The SLA targets.
const (
	FirstResponseSLA SLAKind = "first_response"
	ResolutionSLA    SLAKind = "resolution"
)

// Breach is a missed SLA target, recorded once (R6.3).
type Breach struct {
	Kind    SLAKind   `json:"kind"`
	DueAt   time.Time `json:"due_at,omitzero"` // the target instant; the breach is stamped with it
	AgentID string    `json:"agent_id"`        // who held the conversation, "" if nobody
}

// Rating is the customer's satisfaction answer (R6.4), tied to the agent who
// resolved the conversation.
type Rating struct {
	Score   int       `json:"score"`
	AgentID string    `json:"agent_id"`
	At      time.Time `json:"at,omitzero"`
}

// Summary is what the agent writes when closing the work (会话小结, R6.1).
type Summary struct {
	Text  string `json:"text"`
	Topic Topic  `json:"topic"`
}

// Conversation is one customer-service conversation (R6.1): its lifecycle,
// messages, transfers, SLA clocks (R6.3) and satisfaction answer (R6.4).
type Conversation struct {
	id         uuid.UUID
	shopID     uuid.UUID
	customerID string
	channel    Channel
	phase      Phase
	group      SkillGroup
	topic      Topic
	summary    string
	orderID    uuid.UUID
	caseID     uuid.UUID
	priority   int
	state      State
	agentID    string
	resolvedBy string

	openedAt     time.Time
	enqueuedAt   time.Time // queue order: kept across transfers (R6.2)
	firstReplyAt time.Time
	resolvedAt   time.Time
	closedAt     time.Time
	stateDue     time.Time // deadline of the state's timeout; zero when none

	frDue       time.Time     // first-response target
	resDue      time.Time     // resolution target while the clock runs
	resLeft     time.Duration // business time left while paused
	frBreached  bool
	resBreached bool
	breaches    []Breach

	messages  []Message
	transfers []Transfer
	rating    *Rating
	journal   shopkit.Journal
	policy    Policy
	version   string // the name of the policy version it opened under; "" for a plain Policy
}

// NewConversation opens a conversation from an inquiry (R6.1) under p, which it
// keeps, and starts its SLA clocks in business time (R6.3). Bad input or an
// invalid policy is a *shopkit.ValidationError.
func NewConversation(in Inquiry, p Policy, now time.Time) (*Conversation, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var ps []shopkit.FieldProblem
	add := func(field string, err error) {
		if err != nil {
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem(err)})
		}
	}
	if in.ShopID == uuid.Nil {
		ps = append(ps, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	if in.CustomerID == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "customer_id", Problem: "is required"})
	}
	add("channel", in.Channel.Validate())
	add("phase", in.Phase.Validate())
	add("group", in.Group.Validate())
	add("topic", in.Topic.Validate())
	add("content", checkContent(in.Content, p))
	if in.Priority < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "priority", Problem: "must not be negative"})
	}
	if len(ps) == 1 && ps[0].Field == "content" {
		return nil, checkContent(in.Content, p) // the stable code of the common case
	}
	if err := shopkit.Incomplete(CodeInvalidInquiry, ps); err != nil {
		return nil, err
	}
	id := in.ID
	if id == uuid.Nil {
		id = uuid.New()
	}
	group := in.Group
	if group == "" {
		group = "general"
	}
	c := &Conversation{
		id: id, shopID: in.ShopID, customerID: in.CustomerID, channel: in.Channel, phase: in.Phase,
		group: group, topic: in.Topic, orderID: in.OrderID, caseID: in.CaseID, priority: in.Priority,
		state: Open, openedAt: now, enqueuedAt: now, policy: p.clone(), journal: shopkit.NewJournal(id.String()),
		messages: []Message{{At: now, Role: shopkit.Buyer, Author: in.CustomerID, Content: in.Content}},
	}
	t := p.Target(in.Priority)
	c.frDue = p.Hours.AddBusinessTime(now, t.FirstResponse)
	c.resDue = p.Hours.AddBusinessTime(now, t.Resolution)
	c.journal.Change(shopkit.Actor{Role: shopkit.Buyer, ID: in.CustomerID}, now, "open", "", string(Open), string(in.Channel), nil)
	return c, nil
}

// checkContent: empty content and oversize messages are rejected (R6.1).
func checkContent(s string, p Policy) error {
	if err := requireText(CodeEmptyContent, "content", s); err != nil {
		return err
	}
	if len(s) > p.MaxMessageLength {
		return shopkit.Invalid(CodeContentTooLong, "content", "must be at most "+strconv.Itoa(p.MaxMessageLength)+" bytes")
	}
	if !utf8.ValidString(s) {
		return shopkit.Invalid(CodeInvalidContent, "content", "must be valid UTF-8")
	}
	return nil
}

// ID returns the conversation's identity.
func (c *Conversation) ID() uuid.UUID { return c.id }

// ShopID returns the shop (its merchant's ID).
func (c *Conversation) ShopID() uuid.UUID { return c.shopID }

// CustomerID returns the customer.
func (c *Conversation) CustomerID() string { return c.customerID }

// Channel returns the current channel.
func (c *Conversation) Channel() Channel { return c.channel }

// Phase returns the purchase phase.
func (c *Conversation) Phase() Phase { return c.phase }

// Group returns the current skill group queue.
func (c *Conversation) Group() SkillGroup { return c.group }

// Topic returns the topic.
func (c *Conversation) Topic() Topic { return c.topic }

// Summary returns the closing summary.
func (c *Conversation) Summary() Summary { return Summary{Text: c.summary, Topic: c.topic} }

// OrderID returns the related order, or uuid.Nil.
func (c *Conversation) OrderID() uuid.UUID { return c.orderID }

// Priority returns the queue priority (R6.2).
func (c *Conversation) Priority() int { return c.priority }

// State returns the lifecycle state.
func (c *Conversation) State() State { return c.state }

// AgentID returns the agent holding the conversation ("" when queued).
func (c *Conversation) AgentID() string { return c.agentID }

// ResolvedBy returns the agent who resolved it ("" for FAQ answers).
func (c *Conversation) ResolvedBy() string { return c.resolvedBy }

// OpenedAt returns when the inquiry arrived.
func (c *Conversation) OpenedAt() time.Time { return c.openedAt }

// EnqueuedAt returns the instant that orders the conversation in its queue.
func (c *Conversation) EnqueuedAt() time.Time { return c.enqueuedAt }

// FirstReplyAt returns the first agent reply, if any.
func (c *Conversation) FirstReplyAt() (time.Time, bool) {
	return c.firstReplyAt, !c.firstReplyAt.IsZero()
}

// ResolvedAt returns the last resolution, if any.
func (c *Conversation) ResolvedAt() (time.Time, bool) { return c.resolvedAt, !c.resolvedAt.IsZero() }

// Messages returns a copy of the messages, oldest first.
func (c *Conversation) Messages() []Message { return slices.Clone(c.messages) }

// Transfers returns a copy of the transfer history (R6.2).
func (c *Conversation) Transfers() []Transfer { return slices.Clone(c.transfers) }

// Breaches returns the recorded SLA breaches (R6.3).
func (c *Conversation) Breaches() []Breach { return slices.Clone(c.breaches) }

// Rating returns the satisfaction answer, if given (R6.4).
func (c *Conversation) Rating() (Rating, bool) {
	if c.rating == nil {
		return Rating{}, false
	}
	return *c.rating, true
}

// Policy returns the policy the conversation was opened with.
func (c *Conversation) Policy() Policy { return c.policy.clone() }

// PolicyVersion returns the name of the policy version in force when the
// conversation opened (ServiceConfig.Policies), "" for one opened under a
// plain Policy. The conversation keeps that version's policy: a later version
// never moves its deadlines (R0.3).
func (c *Conversation) PolicyVersion() string { return c.version }

// Parties returns who the conversation belongs to (R0.4): the customer is its
// buyer and the shop its shop, so the shop itself and its agents (Merchant
// actors listing the shop in Actor.Shops) are its merchant parties.
func (c *Conversation) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: c.customerID, Shop: c.shopID}
}

// AllowedActions lists what by may do now, in table order: the actions of by's
// role in the current state when by is a party (Table.AllowedFor), less those
// support's own rule keeps from by (an agent not holding the conversation, the
// shop replying in an agent's place). Empty for anyone else.
func (c *Conversation) AllowedActions(by shopkit.Actor) []Action {
	var out []Action
	for _, a := range conversationTable.AllowedFor(c.state, by, c.Parties()) {
		if admit(by, conversationMerchants(a), c.shopID, c.agentID) == nil {
			out = append(out, a)
		}
	}
	return out
}

// History returns the audit entries the conversation holds, oldest first
// (R0.4): every entry of a conversation built in memory, only those added since
// it was loaded from a store (the rest is the store's trail, read with
// ConversationStore.Trail).
func (c *Conversation) History() []shopkit.Entry { return c.journal.History() }

// Unsaved returns the audit entries added since load.
func (c *Conversation) Unsaved() []shopkit.Entry { return c.journal.Unsaved() }

// MarkSaved marks every audit entry saved; stores call it.
func (c *Conversation) MarkSaved() { c.journal.MarkSaved() }

// Clone returns a deep copy.
func (c *Conversation) Clone() *Conversation {
	d := *c
	d.breaches = slices.Clone(c.breaches)
	d.messages = slices.Clone(c.messages)
	d.transfers = slices.Clone(c.transfers)
	if c.rating != nil {
		r := *c.rating
		d.rating = &r
	}
	d.journal = c.journal.Clone()
	return &d
}

// String describes the conversation without personal data (R0.5): the customer
// ID is masked with shopkit.MaskPhone (whatever its length) and no message,
// summary or transfer reason is shown, for they are free text that may hold a
// phone number or an address.
func (c *Conversation) String() string {
	return "Conversation{" + c.id.String() + " shop " + c.shopID.String() + " customer " + shopkit.MaskPhone(c.customerID) +
		" " + string(c.channel) + " " + string(c.state) + " agent " + c.agentID +
		" messages " + strconv.Itoa(len(c.messages)) + "}"
}

// GoString is String, so %#v prints the same masked form (R0.5).
func (c *Conversation) GoString() string { return c.String() }

package support

import (
	"slices"
	"time"

	"github.com/shopkit/shopkit"
)

// EffectSLABreach asks the host to alert a supervisor about a missed target.
const EffectSLABreach shopkit.EffectType = "sla_breach"

// Message adds a customer message (R6.1). In waiting_customer it resumes the work
// and the resolution clock (R6.3).
func (c *Conversation) Message(by shopkit.Actor, now time.Time, content string) error {
	to, err := c.checkSay(by, ActMessage, content)
	if err != nil {
		return err
	}
	c.apply(by, now, ActMessage, to, "")
	c.messages = append(c.messages, Message{At: now, Role: shopkit.Buyer, Author: by.ID, Content: content})
	return nil
}

// Assign gives an open conversation to an agent (R6.2): routing (the system) or
// the shop decides who; the capacity check lives in the Router.
func (c *Conversation) Assign(by shopkit.Actor, now time.Time, agentID string) error {
	to, err := c.authorize(by, ActAssign)
	if err != nil {
		return err
	}
	if agentID == "" {
		return shopkit.Invalid(CodeInvalidAgent, "agent", "must not be empty")
	}
	c.apply(by, now, ActAssign, to, agentID)
	c.agentID = agentID
	return nil
}

// Reply adds the message of the agent holding the conversation. The first reply
// stops the first-response clock (R6.3).
func (c *Conversation) Reply(by shopkit.Actor, now time.Time, content string) error {
	to, err := c.checkSay(by, ActReply, content)
	if err != nil {
		return err
	}
	c.apply(by, now, ActReply, to, "")
	if c.firstReplyAt.IsZero() {
		c.firstReplyAt = now
	}
	c.messages = append(c.messages, Message{At: now, Role: shopkit.Merchant, Author: by.ID, Content: content})
	return nil
}

// AwaitCustomer marks the conversation as waiting on the customer: the
// resolution clock pauses (R6.3) until the customer writes; after
// Policy.CustomerSilence the system resolves it.
func (c *Conversation) AwaitCustomer(by shopkit.Actor, now time.Time) error {
	to, err := c.authorize(by, ActAwaitCustomer)
	if err != nil {
		return err
	}
	c.apply(by, now, ActAwaitCustomer, to, "")
	return nil
}

// TransferTo hands the conversation to another agent; the history keeps the
// messages and records the transfer (R6.2). The agent holding it, the shop or the
// system may; the Router checks the new agent's capacity.
func (c *Conversation) TransferTo(by shopkit.Actor, now time.Time, agentID, reason string) error {
	to, err := c.authorize(by, ActTransfer)
	if err != nil {
		return err
	}
	if agentID == "" || agentID == c.agentID {
		return shopkit.Invalid(CodeInvalidAgent, "agent", "must name another agent")
	}
	c.transfers = append(c.transfers, Transfer{At: now, By: recorded(by), FromAgent: c.agentID, ToAgent: agentID,
		FromGroup: c.group, ToGroup: c.group, FromChannel: c.channel, ToChannel: c.channel, Reason: reason})
	c.apply(by, now, ActTransfer, to, reason)
	c.agentID = agentID
	return nil
}

// Requeue sends the conversation to another skill group and/or channel queue
// (R6.2). It keeps its place by its original enqueue time, its history and its
// SLA clocks.
func (c *Conversation) Requeue(by shopkit.Actor, now time.Time, group SkillGroup, channel Channel, reason string) error {
	to, err := c.authorize(by, ActRequeue)
	if err != nil {
		return err
	}
	if group == "" {
		group = c.group
	}
	if channel == "" {
		channel = c.channel
	}
	if err := group.Validate(); err != nil {
		return err
	}
	if err := channel.Validate(); err != nil {
		return err
	}
	if group == c.group && channel == c.channel {
		return shopkit.Invalid(CodeInvalidGroup, "group", "must name another group or channel")
	}
	c.transfers = append(c.transfers, Transfer{At: now, By: recorded(by), FromAgent: c.agentID,
		FromGroup: c.group, ToGroup: group, FromChannel: c.channel, ToChannel: channel, Reason: reason})
	c.apply(by, now, ActRequeue, to, reason)
	c.agentID = ""
	c.group, c.channel = group, channel
	return nil
}

// Resolve ends the work with a summary and a topic (会话小结, R6.1). The
// customer may reopen within Policy.ReopenWindow; then the system closes it.
func (c *Conversation) Resolve(by shopkit.Actor, now time.Time, s Summary) error {
	if _, err := c.authorize(by, ActResolve); err != nil {
		return err
	}
	if err := checkSummary(s); err != nil {
		return err
	}
	c.resolve(by, now, s)
	return nil
}

func checkSummary(s Summary) error {
	if err := requireText(CodeSummaryRequired, "summary", s.Text); err != nil {
		return err
	}
	if err := requireText(CodeTopicRequired, "topic", string(s.Topic)); err != nil {
		return err
	}
	return s.Topic.Validate()
}

func (c *Conversation) resolve(by shopkit.Actor, now time.Time, s Summary) {
	c.apply(by, now, ActResolve, Resolved, s.Text)
	c.summary, c.topic = s.Text, s.Topic
	c.resolvedAt = now
	c.resolvedBy = c.agentID
}

// AnswerFAQ resolves an open conversation with an automatic FAQ answer (R6.2).
func (c *Conversation) AnswerFAQ(now time.Time, e FAQEntry) error {
	by := shopkit.SystemActor()
	if _, err := c.authorize(by, ActResolve); err != nil {
		return err
	}
	if err := checkContent(e.Answer, c.policy); err != nil {
		return err
	}
	topic := e.Topic
	if topic == "" {
		topic = Topic(e.ID)
	}
	if err := topic.Validate(); err != nil {
		return err
	}
	c.resolve(by, now, Summary{Text: "FAQ " + e.ID, Topic: topic})
	c.messages = append(c.messages, Message{At: now, Role: shopkit.System, Author: "faq", Content: e.Answer, FAQ: e.ID})
	return nil
}

// Reopen brings a resolved conversation back to the queue when the customer
// returns within Policy.ReopenWindow (R6.1); at the window's end it is too late.
func (c *Conversation) Reopen(by shopkit.Actor, now time.Time, content string) error {
	to, err := c.checkSay(by, ActReopen, content)
	if err != nil {
		return err
	}
	if now.After(c.stateDue) {
		return notAllowed(CodeReopenWindowPassed, "the reopen window ended at "+c.stateDue.Format(time.RFC3339))
	}
	c.apply(by, now, ActReopen, to, "")
	c.messages = append(c.messages, Message{At: now, Role: shopkit.Buyer, Author: by.ID, Content: content})
	c.agentID = ""
	c.enqueuedAt = now
	if c.firstReplyAt.IsZero() && !c.frBreached {
		// Answered by the FAQ, never by an agent: the first-response target
		// stopped at resolution and counts again from the reopen (R6.3), so a
		// target that passed while resolved is not a breach.
		c.frDue = c.policy.Hours.AddBusinessTime(now, c.policy.Target(c.priority).FirstResponse)
	}
	return nil
}

// Close ends a resolved conversation with its summary and topic (会话小结,
// R6.1). A summary and topic given together replace the ones written at
// resolution; an empty Summary keeps those; a text without a topic, or a topic
// without a text, is CodeSummaryRequired or CodeTopicRequired and changes
// nothing. The agent who held it, the shop or the system may close.
func (c *Conversation) Close(by shopkit.Actor, now time.Time, s Summary) error {
	to, err := c.authorize(by, ActClose)
	if err != nil {
		return err
	}
	if s.Text == "" && s.Topic == "" {
		s = c.Summary()
	}
	if err := checkSummary(s); err != nil {
		return err
	}
	c.apply(by, now, ActClose, to, s.Text)
	c.summary, c.topic = s.Text, s.Topic
	c.closedAt = now
	return nil
}

// Abandon closes a conversation the customer left while queued.
func (c *Conversation) Abandon(by shopkit.Actor, now time.Time) error {
	to, err := c.authorize(by, ActAbandon)
	if err != nil {
		return err
	}
	c.apply(by, now, ActAbandon, to, "")
	c.closedAt = now
	return nil
}

// Rate records the customer's satisfaction, 1 to 5, once per conversation, for
// the agent who resolved it (R6.4). The survey follows resolution, so it may be
// answered while the conversation is Resolved and still after it is Closed (a
// customer often answers after the reopen window); a conversation never
// resolved (abandoned in the queue, or reopened and not yet resolved again) has
// no survey. There is one answer per conversation whatever its state: a second
// is CodeAlreadyRated, a score outside 1–5 CodeInvalidScore, and neither changes
// anything. Only the customer answers: anyone not a party is
// shopkit.CodeNotParty, a party of another role CodeWrongRole.
func (c *Conversation) Rate(by shopkit.Actor, now time.Time, score int) error {
	// As Table.Authorize: the party first, so a stranger learns nothing of the
	// state (R0.4).
	if err := c.Parties().Check(by); err != nil {
		return err
	}
	if by.Role != shopkit.Buyer {
		return &shopkit.TransitionError{Workflow: WorkflowConversation, State: string(c.state), Action: actRate, Role: by.Role, WrongRole: true}
	}
	// R6.4: the survey comes after resolution — Resolved, or Closed after it.
	if c.state != Resolved && c.state != Closed || c.resolvedAt.IsZero() {
		return &shopkit.TransitionError{Workflow: WorkflowConversation, State: string(c.state), Action: actRate, Role: by.Role}
	}
	if score < 1 || score > 5 {
		return shopkit.Invalid(CodeInvalidScore, "score", "must be 1 to 5")
	}
	if c.rating != nil {
		return conflict(CodeAlreadyRated, "conversation already rated")
	}
	c.rating = &Rating{Score: score, AgentID: c.resolvedBy, At: now}
	c.journal.Change(by, now, actRate, string(c.state), string(c.state), "", nil)
	return nil
}

// actRate names the survey answer in the journal and in its TransitionError; it
// is not a table action, since the answer does not move the conversation.
const actRate = "rate"

// authorize checks an action against the table and the actor against the
// conversation's parties (Table.Authorize, shopkit.CodeNotParty), then support's
// rule of which of the shop's people may take it (CodeNotYours; see the package
// doc). It returns the state the action leads to and changes nothing.
func (c *Conversation) authorize(by shopkit.Actor, act Action) (State, error) {
	to, err := conversationTable.Authorize(c.state, act, by, c.Parties())
	if err != nil {
		return to, err
	}
	return to, admit(by, conversationMerchants(act), c.shopID, c.agentID)
}

// checkSay checks an action that adds a message: the customer writes, or the
// agent holding the conversation replies, with acceptable content (R6.1).
func (c *Conversation) checkSay(by shopkit.Actor, act Action, content string) (State, error) {
	to, err := c.authorize(by, act)
	if err != nil {
		return to, err
	}
	return to, checkContent(content, c.policy)
}

// apply records breaches that passed before now, moves to state to, keeps the
// SLA clocks and the state deadline, and journals the change (R0.4, R6.3).
func (c *Conversation) apply(by shopkit.Actor, now time.Time, a Action, to State, reason string) {
	c.recordBreaches(now)
	from := c.state
	switch {
	case running(from) && !running(to):
		if !c.resBreached {
			c.resLeft = c.policy.Hours.BusinessTimeBetween(now, c.resDue)
		}
		c.resDue = time.Time{}
	case !running(from) && running(to):
		if !c.resBreached {
			c.resDue = c.policy.Hours.AddBusinessTime(now, c.resLeft)
		}
		c.resLeft = 0
	}
	c.state = to
	switch to {
	case WaitingCustomer:
		c.stateDue = now.Add(c.policy.CustomerSilence)
	case Resolved:
		c.stateDue = now.Add(c.policy.ReopenWindow)
	default:
		c.stateDue = time.Time{}
	}
	if from != to || a != ActMessage && a != ActReply {
		c.journal.Change(by, now, string(a), string(from), string(to), reason, nil)
	}
}

// frPending: the first-response target still counts.
func (c *Conversation) frPending() bool {
	return c.firstReplyAt.IsZero() && !c.frBreached && c.state != Resolved && c.state != Closed
}

// resPending: the resolution clock is running and not yet breached.
func (c *Conversation) resPending() bool { return running(c.state) && !c.resBreached }

// SLADue returns the earliest SLA target still pending (R6.3): what a
// "due within X" list shows.
func (c *Conversation) SLADue() (SLAKind, time.Time, bool) {
	switch fr, res := c.frPending(), c.resPending(); {
	case fr && (!res || !c.resDue.Before(c.frDue)):
		return FirstResponseSLA, c.frDue, true
	case res:
		return ResolutionSLA, c.resDue, true
	}
	return "", time.Time{}, false
}

// Deadline returns the next instant something is due: an SLA target or the
// state's timeout (R0.3, R6.3). Stores index it.
func (c *Conversation) Deadline() (time.Time, bool) {
	_, sla, ok := c.SLADue()
	if c.stateDue.IsZero() {
		return sla, ok
	}
	if ok && sla.Before(c.stateDue) {
		return sla, true
	}
	return c.stateDue, true
}

// recordBreaches records each target passed before now, once, stamped with its
// due time (R6.3). An action at exactly the target is in time.
func (c *Conversation) recordBreaches(now time.Time) {
	if c.frPending() && now.After(c.frDue) {
		c.breach(FirstResponseSLA, c.frDue)
		c.frBreached = true
	}
	if c.resPending() && now.After(c.resDue) {
		c.breach(ResolutionSLA, c.resDue)
		c.resBreached = true
	}
}

func (c *Conversation) breach(k SLAKind, due time.Time) {
	c.breaches = append(c.breaches, Breach{Kind: k, DueAt: due, AgentID: c.agentID})
	c.journal.Change(shopkit.SystemActor(), due, "sla_breach", string(c.state), string(c.state), string(k), nil)
	c.journal.Emit(due, "sla_breach", shopkit.Effect{Type: EffectSLABreach, Party: "merchant:" + c.shopID.String(),
		Ref: c.id.String() + "/" + string(k), Note: string(k)})
}

// ApplyDue applies what is due at now (R2.9): it records an SLA breach once the
// target has passed, or applies the state's timeout (the system resolves a
// conversation silent on the customer's side, and closes one whose reopen window
// ended), stamped with the deadline's time.
func (c *Conversation) ApplyDue(now time.Time) error {
	if _, at, ok := c.SLADue(); ok && now.After(at) && (c.stateDue.IsZero() || !c.stateDue.Before(at)) {
		c.recordBreaches(at.Add(1))
		return nil
	}
	// Like an SLA target, a state deadline has passed only after it: at exactly
	// the deadline the customer may still write or reopen (R6.1).
	if c.stateDue.IsZero() || !now.After(c.stateDue) {
		return shopkit.NotDue(c.id)
	}
	to, ok := conversationTable.Timeout(c.state)
	if !ok {
		return shopkit.NotDue(c.id)
	}
	by, at := shopkit.SystemActor(), c.stateDue
	next, err := c.authorize(by, to.Action)
	if err != nil {
		return err
	}
	switch to.Action {
	case ActResolve:
		c.resolve(by, at, Summary{Text: "customer did not reply", Topic: c.topicOr()})
	case ActClose:
		c.apply(by, at, ActClose, next, "reopen window ended")
		c.closedAt = at
	}
	return nil
}

func (c *Conversation) topicOr() Topic {
	if c.topic == "" {
		return "unclassified"
	}
	return c.topic
}

// recorded is by as a transfer keeps it: with its own copy of Actor.Shops, so
// that the caller reusing its slice cannot rewrite the history (R0.4).
func recorded(by shopkit.Actor) shopkit.Actor {
	by.Shops = slices.Clone(by.Shops)
	return by
}

// Package support is the customer-service (客服) part of shopkit: conversations
// across channels, FAQ answers and routing to agents, service levels measured in
// business hours, satisfaction surveys, the complaint log, payment reminders,
// chat quality inspection, canned replies and the service metrics of RULES R6.
//
// # Types
//
//   - Conversation (R6.1): an inquiry's lifecycle open → assigned → in progress ↔
//     waiting on the customer → resolved → closed, with reopen within
//     Policy.ReopenWindow, every message and transfer, a closing Summary and
//     Topic, SLA clocks and a satisfaction Rating. ConversationWorkflow(p) is its
//     table with the timeouts labelled by p; DIAGRAMS.md draws it
//     (ConversationDiagram) under DefaultPolicy.
//   - FAQ and Classifier (R6.2): keyword matching by substring (Chinese needs no
//     word segmentation) through one Aho–Corasick automaton over all keywords.
//   - Router (R6.2): queues per shop and SkillGroup, members whose
//     shopkit.MemberTier has the priority-service benefit first (Priority), then
//     oldest first; round-robin or least-loaded assignment within each agent's
//     capacity, online agents only; a freed agent takes the best waiting
//     conversation; transfers keep the history; agents may serve several shops;
//     queue positions.
//   - Policy and SLATarget (R6.3): first-response and resolution targets in
//     business time, optionally per priority and so per member tier
//     (Policy.SLAByPriority), on a BusinessHours calendar (shopkit.Calendar,
//     default 09:00–24:00 every day; holidays have no hours, make-up days are
//     open); a message at 23:59:59 has 1 s left that day and its clock resumes at
//     09:00; the resolution clock pauses while waiting on the customer; each
//     breach is recorded once, stamped with its target; ConversationStore.SLADue
//     lists targets due within X, ConversationStore.Breached the breaches of a
//     period.
//   - Complaint, SeverityPolicy, Handler, Compensation (R6.4): one log whatever
//     the channel, severity graded from words, repeat contact and order value,
//     a handler whose level is at least the severity, closing only with a
//     compensation and a follow-up task with a deadline (ComplaintWorkflow,
//     ComplaintDiagram).
//   - DueReminders and UnpaidOrder (R2.3.5): one reminder per unpaid order, due
//     30 min after placing, only during business hours.
//   - Inspector and QualityRules (R6.5): forbidden phrases, a greeting in the
//     first reply, a maximum reply gap in business time.
//   - CannedReply and CannedStore: per-shop quick replies with unique codes.
//   - InquiryConversion, MeasureServiceTimes, SummariseSatisfaction,
//     AgentWorkload, TopTopics (R6.6): metrics over iter.Seq inputs.
//   - Service (NewService): the stores, Router, classifier and policies wired
//     together; a missing store, router or clock, or an invalid Policy or
//     SeverityPolicy, is CodeInvalidConfig. supporttest has in-memory stores and
//     their conformance suites.
//
// # Who acts (R0.4)
//
// A shop is its merchant's uuid.UUID (ShopID everywhere). Actors take the
// kernel roles: the customer is a shopkit.Buyer whose ID is the conversation's
// customer; the shop's customer service is shopkit.Merchant, either an agent
// acting with their agent ID on what they hold (the conversation assigned to
// them, the complaint they handle) or the shop itself, an actor whose ID is the
// shop's ID (a supervisor), who assigns, transfers, requeues, resolves and
// closes any of the shop's conversations and complaints but does not reply in
// an agent's place; shopkit.System routes, answers from the FAQ and applies
// sweeps. The tables name the roles, the aggregates check the person: anyone
// else is CodeNotYours.
//
// # Rules and decisions
//
// Satisfaction after closing (R6.4): the survey comes after resolution, and a
// customer may answer it while the conversation is Resolved or after it is
// Closed, because the survey usually outlives the reopen window. What keeps this
// safe is that a conversation has one answer whatever its state: a second answer
// is CodeAlreadyRated (also after a reopen and a second resolution), and a
// conversation that was never resolved (abandoned in the queue) cannot be rated.
//
// Deadlines: an action at exactly a target is in time; 1 ns later is late. A
// sweep records an SLA breach only after the target (ApplyDue at the target
// itself reports nothing due). The inquiry conversion counts a buyer when they
// placed no order in the shop in [day start − 21×24h, day start).
//
// Policies: a conversation and a complaint keep the Policy they were opened
// with, and their snapshots carry it, so RestoreConversation and
// RestoreComplaint need nothing else; a zero Policy or SeverityPolicy is
// invalid. Member tiers are read through shopkit.TierReader (membership.Service
// implements it) and orders through OrderReader; coupons given as compensation
// are issue_coupon effects the host carries out. Every effect has the stable ID
// "<entity id>#<seq>". The Router is an in-process index: rebuild it from
// ConversationStore.Waiting when the process starts. Errors have stable codes,
// the Code… constants (Codes lists them); a table refusal is a
// *shopkit.TransitionError with CodeWrongState or CodeWrongRole.
//
// # Example
//
//	svc, err := support.NewService(support.ServiceConfig{Conversations: supporttest.NewStore(),
//		Complaints: supporttest.NewComplaintStore(), Router: router, Classifier: faq,
//		Policy: support.DefaultPolicy(), Severity: support.DefaultSeverityPolicy(), Clock: clock})
//	c, err := svc.Open(ctx, support.Inquiry{ShopID: shop, CustomerID: "buyer-1",
//		Channel: support.WebChat, Phase: support.PreSale, Content: "什么时候发货？"})
//	// c is resolved by the FAQ, or queued and assigned to a free agent.
//
// examples/support runs a whole morning.
package support

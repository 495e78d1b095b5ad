// Package support is the customer-service (客服) part of shopkit: conversations
// across channels, FAQ answers and routing to agents, service levels measured in
// business hours, satisfaction surveys, the complaint log, chat quality
// inspection, canned replies and the service metrics of RULES R6. The pre-sale
// payment reminder (催付, R2.3.5) is the order's own, sent in business hours
// (commerce/order: ServiceConfig.Hours, Order.ReminderDue).
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
//     Classify takes the caller's context, for a host's classifier that does
//     I/O (a model behind a service).
//   - Router (R6.2): the routing policy over one support desk (a desk ID the
//     host chooses: the shops and agents it routes for): queues per shop and
//     SkillGroup, members whose shopkit.MemberTier has the priority-service
//     benefit first (Priority), then oldest first; round-robin or least-loaded
//     assignment within each agent's capacity, online agents only; a freed
//     agent takes the best waiting conversation; transfers keep the history;
//     agents may serve several shops; queue positions. It is a pure value,
//     storable: RouterSnapshot (every field, validated by RestoreRouter, exact
//     through JSON) is what a QueueStore keeps in the host's database, so that
//     every app replica routes on one queue.
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
//   - Inspector and QualityRules (R6.5): forbidden phrases, a greeting in the
//     first reply, a maximum reply gap in business time.
//   - CannedReply and CannedStore: per-shop quick replies with unique codes.
//   - InquiryConversion, MeasureServiceTimes, SummariseSatisfaction,
//     AgentWorkload, TopTopics (R6.6): metrics over iter.Seq inputs.
//   - Service (NewService): the stores, the desk (a QueueStore and a desk ID),
//     the classifier and the policies wired together; a missing store, queue
//     store, desk or clock, or an invalid Policy or SeverityPolicy, is
//     CodeInvalidConfig, and every method of a zero Service returns
//     shopkit.CodeNotBuilt. Every router operation is one QueueStore.Update of
//     the desk, never inside a conversation's Update (nor the reverse): an
//     action that changes both does so in two calls, in an order a crash
//     between them leaves repairable; Sweep and Repair repair it (see
//     Service). supporttest has in-memory stores and their conformance suites. A store keeps each conversation's and complaint's
//     state apart from its audit trail, an append-only log read with Trail
//     (R0.4); a loaded value holds no history, and its snapshot only the
//     trail's length (Seq).
//
// # Who may act (R0.4)
//
// A shop is its merchant's uuid.UUID (ShopID everywhere). A conversation's and
// a complaint's Parties are its customer (the buyer) and its shop. Every action
// first passes the kernel's check, Table.Authorize: the actor must be a party —
// the customer as a shopkit.Buyer whose ID is the customer's; the shop's people
// as shopkit.Merchant actors, either the shop itself (an actor whose ID is the
// shop's ID: the supervisor) or an agent acting under their own agent ID with
// Actor.Shops listing the shop (AgentConfig.Shops are the shops to list); the
// system (routing, FAQ answers, sweeps) — and the row must name the actor's
// role. Anyone else is shopkit.ErrNotAllowed with shopkit.CodeNotParty, whatever
// the state; a party of a role the row does not name is a *shopkit.TransitionError
// (CodeWrongRole). On top of that support keeps its own rule for the shop's
// people, refused with CodeNotYours: only the agent holding a conversation
// replies and waits on the customer; the shop assigns a queued conversation
// and a complaint's handler; the holding agent or the shop transfers, requeues,
// resolves and closes a conversation, and the handler or the shop closes and
// follows up a complaint. The shop does not reply in an agent's place, and a
// one-person shop whose owner holds the conversation (agent ID = shop ID) does
// both. AllowedActions(actor) answers for one actor with both checks: the
// buttons that person sees. Only the customer answers the survey (Rate).
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
// itself reports nothing due), so Service.Sweep and SweepComplaints claim only
// deadlines already passed: a claim at exactly the deadline would hold the
// entity from the sweep 1 ns later. The inquiry conversion counts a buyer when
// they placed no order in the shop in [day start − 21×24h, day start).
//
// Policies: a conversation and a complaint keep the Policy they were opened
// with, and their snapshots carry it, so RestoreConversation and
// RestoreComplaint need nothing else but, after the snapshot's JSON, the
// calendar (Policy.Hours is code, not part of the JSON form: a host store sets
// it again); a zero Policy or SeverityPolicy is invalid. With
// ServiceConfig.Policies (a shopkit.Schedule of versions) a conversation opens,
// and a complaint is filed, under the version in force at that instant and
// records its name (PolicyVersion), so a later version never moves their
// deadlines (R0.3); a snapshot without the name restores with "". Member tiers are read through shopkit.TierReader (membership.Service
// implements it) and orders through OrderReader; coupons given as compensation
// are issue_coupon effects the host carries out. Every effect has the stable ID
// "<entity id>#<seq>". A desk's Router lives in the QueueStore, created once
// (NewRouter, AddAgent, QueueStore.Create) and changed through
// QueueStore.Update (an agent added later: Update with AddAgent); after a
// crash a host reruns Service.Repair for the conversations
// ConversationStore.Waiting lists. The zero Router is an empty round-robin
// router with no desk ID, usable in memory but not storable. A nil iter.Seq is
// an empty input of every metric.
//
// Personal data (R0.5): Conversation, Complaint, their snapshots and the values
// that carry a customer's ID or words (Inquiry, Message, Summary, Signals,
// ComplaintInput, InquiryFact, OrderFact) print
// masked with %v, %+v, %s and %#v — IDs through shopkit.MaskPhone whatever
// their length, free text only by its length. Agent IDs are staff IDs and print
// as they are. The snapshots keep everything for the host's store.
//
// Strict decoding: Phase, State, ComplaintState, Severity (by name),
// CompensationKind, Strategy and AgentStatus decode only their names; Channel,
// SkillGroup and Topic only well-formed names (Topic.Validate); Policy,
// SeverityPolicy, QualityRules, AgentConfig and FAQEntry reject an unknown JSON
// key, naming it, and keep the fields the JSON leaves out, so a host overlays
// its settings on the defaults. The snapshots (ConversationSnapshot,
// ComplaintSnapshot, RouterSnapshot) decode through these types, and their
// Restore functions validate what they decoded. Policy.Hours is set in Go, not in JSON. Errors have stable codes,
// the Code… constants (Codes lists them); a table refusal is a
// *shopkit.TransitionError with CodeWrongState or CodeWrongRole.
//
// # Example
//
//	router, err := support.NewRouter(desk, support.LeastLoaded) // desk: the host's uuid for this desk
//	err = router.AddAgent(support.AgentConfig{ID: "xiaomei", Shops: []uuid.UUID{shop},
//		Groups: []support.SkillGroup{"general"}, Capacity: 3})
//	queues := supporttest.NewQueueStore() // the host's database in production
//	err = queues.Create(ctx, router)      // once per desk, not per replica
//	svc, err := support.NewService(support.ServiceConfig{Conversations: supporttest.NewStore(),
//		Complaints: supporttest.NewComplaintStore(), Queues: queues, Desk: desk, Classifier: faq,
//		Policy: support.DefaultPolicy(), Severity: support.DefaultSeverityPolicy(), Clock: clock})
//	c, err := svc.Open(ctx, support.Inquiry{ShopID: shop, CustomerID: "buyer-1",
//		Channel: support.WebChat, Phase: support.PreSale, Content: "什么时候发货？"})
//	// c is resolved by the FAQ, or queued and assigned to a free agent.
//
// examples/support runs a whole morning.
package support

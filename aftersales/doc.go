// Package aftersales runs after-sales cases (售后) by the platform rules of docs/rules.md
// R3: every case kind as a checked transition table with its deadlines, refunds
// that add up to the fen, local-life vouchers, and platform disputes.
//
// # Kinds and tables (R3.1)
//
// A Case has a Kind — RefundOnly, ReturnRefund (R3.6), Exchange (R3.3), Repair
// (mail-in, R3.4), OnSiteRepair (R3.5), Voucher (R3.8) — and a State in that
// kind's table (CaseWorkflow). Each action is a method (Approve, Reject, ShipBack,
// ReceiveReturn, ScheduleVisit, Convert, Escalate, DecideForBuyer, Rate, …) that
// checks, in this order, who acts (see "Who may act"), the deadline (a buyer or
// merchant acting after it gets aftersales.deadline_passed), and the action's own
// rule (a rejection needs a recorded conversation and evidence, R3.3); it changes
// nothing when a check fails. AllowedActions (the actions one actor may take now)
// and Deadline serve custom frontends; CaseWorkflow(kind, policy) is the table
// with its timeouts labelled by the policy's deadlines and CaseDiagram draws it;
// DIAGRAMS.md shows every table under DefaultPolicy as a Mermaid diagram (a golden
// test keeps it in step with the code; SHOPKIT_UPDATE_GOLDEN=1 go test
// ./aftersales/... regenerates it).
//
// # Who may act (R0.4)
//
// A case belongs to the order's buyer and its shop (Case.Parties). Every action
// authorizes through the kernel: the case table's Authorize checks first that the
// actor is a party of the case — the order's buyer; the shop (an Actor whose ID
// is the shop's UUID text) or its staff (an Actor listing the shop in Shops); an
// operator of the whole platform or of that shop; the system — and then that the
// row names the actor's role in the case's state. A stranger, whatever the
// state, and an actor without an ID are refused with shopkit.ErrNotAllowed and
// code shopkit.CodeNotParty; a party in the wrong role or state gets a
// *shopkit.TransitionError (CodeWrongRole, CodeWrongState). AllowedActions(by)
// lists only what that actor may do, nothing for a stranger. Rules of the
// package's own keep their codes: only the order's buyer opens a case
// (CodeNotBuyer), only the buyer rates it, and a refund outside a case
// (RefundRequest.By) is asked by the system, the shop or an operator of it —
// never by the buyer (CodeWrongRole), whose money comes back through a case. The
// consequences of passed deadlines are the system's (Service.Sweep). A value no
// constructor built (a zero Case, Ledger or Service) refuses every action with
// shopkit.CodeNotBuilt.
//
// # Personal data (R0.5)
//
// Case, Ledger, their snapshots, Order, Application, Dispute, Rejection,
// RefundRequest and MerchantDebt print masked in every form (%v, %+v, %#v, %s):
// the buyer's ID through shopkit.MaskPhone, what people wrote only by its length,
// evidence and waybills only by their count. The snapshots keep every field in
// full, for the host's store.
//
// Each case records its audit trail (R0.4) in a shopkit.Journal: the checked
// changes and the effects the host carries out (notifications, payments), each
// effect with the stable ID "<case id>#<seq>" a host de-duplicates an outbox on.
// The trail is the store's append-only log (Store.Trail, LedgerStore.Trail): a
// case or ledger loaded from a store holds its state and the trail's length
// (the snapshot's Seq), not the entries, and no rule reads them.
// Every evidence reference an action cites is in that action's entry (Entry.
// Evidence), append-only: the buyer's photos and chat logs and the invoices as
// given, the conversation a rejection rests on as EvidenceConversation+ref (each
// rejection its own; Case.Conversations lists them), waybills as
// EvidenceWaybill+number, refund keys as EvidenceRefund+key; a return's entry
// notes the carrier's signing time.
//
// A dispute (R3.9) attaches to any kind as its disputed state: either side
// escalates after a rejection or in a stalemate, and the platform decides for the
// buyer, for the merchant, or orders the refund; a platform advance (先行赔付,
// Service.Advance) is refunded through the order ledger and owed by the merchant
// (MerchantDebt, LedgerStore.Debts). A repair whose deadline passes, or whose
// refusal the platform finds unjustified, converts in place: the same case
// continues in the return_refund table and ConvertedFrom remembers the repair.
//
// # Deadlines (R0.3, R2.9)
//
// Every number is a field of Policy, passed by value. DefaultPolicy has the
// defaults: 48 h merchant response, 10 days to ship back, 7 days to refund or
// inspect after signing, 10 days to confirm from the buyer's signing for the
// replacement or repaired item, 30 repair days, the 3/15/30 days of on-site
// repair, the 168 h no-reason window, 7 working days for voucher money, 24 h to
// start an expiry refund. The zero Policy is invalid: NewCase, NewService
// and RestoreCase (whose snapshot carries the case's policy) reject it with an
// error naming the field. A waiting state's deadline is start + N×24 h, or the end of the Nth
// working day of the policy's Calendar. Rules that change over time are a
// shopkit.Schedule of Policy versions (ServiceConfig.Policies, instead of
// Policy): a case opens under the version in force at the service's now, keeps
// it and records its name (Case.PolicyVersion, CaseSnapshot.PolicyVersion; ""
// for a plain Policy), so a later version never moves an open case's
// deadlines. An action at the deadline is in time; once
// it has passed, Service.Sweep applies the table's Timeout for the state (auto
// approve, auto close, auto confirm, refund entitlement, overdue) as the system,
// stamped with the deadline's time. The sweep reads only due cases.
//
// Three waits follow the rule's wording closely. Exchange (R3.3): the buyer's 10
// days to confirm run from signing for the replacement (签收换货后), an event of
// the case (SignForDelivery) that the buyer or the system — from the carrier's
// record — records with the signing time; the rule sets no delivery window, so
// replacement_shipped waits on no deadline (the buyer who has the item may
// confirm at once), and replacement_pending none either (the rule gives the
// replacement's shipment no number). A repaired item sent back by mail (R3.4)
// takes the same path. On-site repair (R3.5): a visit time agreed within the 3
// days is the visit's deadline (plus Policy.VisitGrace, 0 by default), and after
// a visit at it the repair waits on no deadline; only where no time was agreed do
// the 15 days after the window and the 30 days from the first visit apply.
// Vouchers (R3.8): the refund of unused vouchers "starts within 24 h after
// expiry", so the case is due from the expiry itself: the first sweep strictly
// after it expires the vouchers (stamped with the expiry) and starts the refund,
// stamped with the sweep's own time — the start is that act, and the 7 working
// days of money back run from it. A host therefore sweeps at least every
// Policy.VoucherExpiryStart (24 h); a later sweep still refunds, but late.
//
// # Money (R3.7, R3.8)
//
// Each order has a Ledger: the paid amount of every line (after apportioned
// discounts, R2.4), the units open cases claim (R3.2: a unit is in at most one open
// case), every refund and advance. A line's refunds are cumulative floors —
// ⌊paid × K / n⌋ after K of n units (CumulativeRefund, UnitRefund) — so 1001 fen
// over 3 units refunds 333, 334, 334 in any order and exactly 1001 in total;
// money-only refunds count against later unit refunds; shipping goes back with the
// refund that completes the order (ShippingRule); a request repeated with the same
// idempotency key refunds once. All of it happens inside one LedgerStore.Update, so
// concurrent requests serialize and an order never refunds more than was paid.
// Every sum is checked (R0.1): NewLedger refuses an order whose paid total does
// not fit in int64 minor units (shopkit.ErrOverflow), RestoreLedger a snapshot
// whose refunds do not add up (CodeInvalidLedger), and a negative amount paid to
// a party (a refund, an advance, an invoice) is CodeNegativeAmount. A refund
// outside a case (RefundRequest.By) is asked by the system, the shop or an
// operator of it, never by the buyer, whose money comes back through a case.
// Each refund is a shopkit.Refund and an EffectRefund entry (Ref = its key) that
// the host executes and confirms with Service.ConfirmRefund; the same
// shopkit.Refund is what commission (R4.4: line, units, amount) and membership
// (R5.2: amount, order) consume. Voucher refunds
// are amount × unused / total with the fen truncated (VoucherRefund). Every enum
// (Kind, State, Action, Reason, OrderState, ShippingRule) decodes from JSON only
// its names: anything else is a ValidationError naming the field.
//
// # Storage and service (R2.8)
//
// The host implements Store and LedgerStore (small, context-first, update
// closures); aftersalestest has in-memory ones and the conformance suites TestStore
// and TestLedgerStore. NewService(ServiceConfig) wires them with a Policy and a
// clock, and rejects a missing store or clock or an invalid policy
// (CodeInvalidConfig): Open (checks
// eligibility, R3.2, claims the units and applies a shop's instant auto-refund
// rule, R3.6), OpenVoucher, Act (load → action → save → follow-up), ConfirmRefund,
// RefundOrder, Advance, Sweep, Resume. The instant rule compares its limit with
// the whole refund, shipping included when the refund completes the order.
//
// # Steps across the two stores (R2.8)
//
// A case and its order's ledger live in two stores, so an action that changes
// both is two store calls, never one inside the other's Update. Each first call
// records the step it leaves in its own entity's state, the follow-up is
// idempotent by a key of the step, and Service.Resume finishes whatever a crash
// or a store error interrupted:
//
//   - Opening a case claims its units in the ledger first (Ledger.Claim), as an
//     unconfirmed claim stamped with its time (Claim.Unconfirmed, Claim.At), then
//     stores the case, then confirms the claim (Ledger.ConfirmClaim) in a second
//     ledger Update — in the refund's own Update when the shop's instant rule
//     refunds the case at once. The claim is confirmed eagerly, not left for
//     Resume to find: so LedgerStore.Pending lists only the claims of openings
//     that failed, and Resume's work grows with failures, not with every case
//     opened. Resume confirms an unconfirmed claim whose case exists
//     (Store.Get), and frees one whose case is not found once it is older than
//     Policy.ClaimGrace (10 minutes by default; a host may change it). The grace
//     period is what keeps an opening still in flight from losing its units: it
//     must be longer than any opening takes between its claim and its case's
//     creation. A case store Create that fails is checked with a Get: a case
//     known not to exist frees its units at once, so the buyer may retry.
//   - A case's follow-up (Case.PendingStep) is a refund the ledger has not
//     issued (PendingRefund), or the units of an ended case not freed yet
//     (UnitsReleased). The ledger refunds once per key (the case's) and frees a
//     case's units once; then a second case Update marks the step done
//     (MarkRefundIssued, MarkUnitsReleased). An action whose follow-up fails
//     returns the saved case with the error; Store.Pending lists such cases,
//     oldest step first, and Resume carries out each follow-up (IssuePending for
//     one case).
//
// A host runs Resume periodically, with its sweeps, and after a restart;
// running it twice, or on several instances, is harmless. A snapshot carries
// the pending steps (CaseSnapshot.UnitsReleased and StepSince, Claim's
// Unconfirmed and At), checked when restored.
//
// Shops and tiers: a shop is its merchant's uuid.UUID (Order.MerchantID, from
// OrderFromCommerce); a merchant acts on a case with an Actor whose ID is that
// UUID's text. ServiceConfig.Tiers is a shopkit.TierReader (membership.Service
// implements it): every case records the buyer's shopkit.MemberTier in the shop
// when it opens (Case.Tier), and Case.Priority is its PriorityAfterSales, for the
// queues that serve them first. Deadlines are the same for every buyer.
//
// Errors have stable codes, the Code… constants of this package (Codes lists
// them); a table refusal is a *shopkit.TransitionError with CodeWrongState or
// CodeWrongRole; a stranger's refusal is the kernel's shopkit.CodeNotParty.
//
// # Example
//
//	svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: aftersalestest.NewStore(),
//		Ledgers: aftersalestest.NewLedgerStore(), Policy: aftersales.DefaultPolicy(), Clock: clock})
//	c, err := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.Quality,
//		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}, BuyerID: order.BuyerID})
//	// … 48 h later, with no answer from the merchant:
//	svc.Sweep(ctx) // the exchange is approved, stamped at the 48 h deadline
//	c, err = svc.Act(ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
//		return c.ShipBack(buyer, now, "SF1234567890")
//	})
package aftersales

// Package order runs a buyer's order from receipt to completion (R2.3) and
// records its payment (R2.5).
//
// # Orders (R2.3)
//
// NewOrder checks a PlaceOrder — priced Lines (each with its Subtotal, member
// and coupon discounts and Paid amount, R2.4), shipping and its discount, the
// Address — and places an Order in pending_payment with its order number
// (R2.3.1); the paid total is Σ line paid + shipping − shipping discount ≥ 0
// (R2.3.3), and a placed order's prices never change (R2.3.2). The Order
// aggregate has one method per action (Pay, Confirm, Ship, Deliver, Complete,
// Cancel, MarkRefunded, RejectRefund, ChangeAddress, RecordTrackingUpdate,
// MarkLost). Each authorizes through the kernel first (see "Who may act"),
// then the workflow table: a wrong state or role is a *shopkit.TransitionError
// (CodeWrongState, CodeWrongRole). A refused action changes nothing (R2.3.8).
// Each change is an audit entry citing its evidence — the payment's gateway
// reference (EvidencePayment) on pay, the waybill (EvidenceWaybill) on ship and
// on every carrier event after it — so the append-only trail keeps every
// reference (R0.4); notifications and stock releases are effects with the
// stable ID "<order id>#<seq>".
//
// Every deadline is a field of Policy, passed by value and kept by the order it
// was placed under: a payment reminder after 30 min while still payable
// (R2.3.5; with ServiceConfig.Hours at the first business instant at or after
// it, R6.1, fixed when the order is placed: Order.ReminderDue), closing after 24h unpaid, the merchant's confirmation within 24h (or
// the system confirms and records the merchant late), shipment within 48h of
// payment (after it the buyer's cancellation is approved automatically),
// completion 10 natural days after delivery (R2.3.4), and slow tracking after 3
// days without an update (R2.3.7).
//
// One convention at every deadline (R0.3): a buyer's or merchant's action at
// exactly the deadline is in time (a payment at exactly 24h, a confirmation at
// exactly 24h, a shipment at exactly 48h, a buyer's confirmation of receipt at
// exactly 10 days); every consequence — the reminder, the close, the system's
// confirmation, ship-overdue, slow tracking, auto-completion — applies strictly
// after it, through the same checked transition, stamped with the deadline's
// time (R2.9). ApplyDue at exactly a deadline returns shopkit.NotDue; the
// sweep counts it Skipped and gives the order back, so a sweep 1 ns later
// applies it. Deadline is the earliest pending deadline, the key of the
// store's due index; on an unpaid order that is the 30-minute reminder, so the
// buyer's countdown is PaymentDeadline, the 24h payment limit. The address may
// change until shipment (R2.3.6).
// A buyer's cancellation after payment exposes a RefundOnlyRequest for the
// after-sales package (R3.6). OrderWorkflow(p) is the table with p's deadlines,
// OrderDiagram(p) draws it; DIAGRAMS.md holds the default diagram.
//
// # Who may act (R0.4)
//
// An order belongs to its buyer and its shop (Order.Parties: BuyerID and
// MerchantID). Every action calls the table's Authorize, which checks first
// that the actor is a party of the order — the buyer (actor ID = BuyerID); the
// shop (actor ID = MerchantID's text) or its staff (Actor.Shops lists the
// shop); an operator of the whole platform (no Shops) or of this shop; the
// system — and then that the row names the actor's role. So a merchant of shop
// B can neither confirm nor ship shop A's order. A stranger, whatever the
// state, and an actor with an empty ID, whatever its role, are refused with
// shopkit.ErrNotAllowed and code CodeNotParty (shopkit.CodeNotParty).
// AllowedActions(by) lists only what that actor may do now, nothing for a
// stranger. The sweep's consequences (ApplyDue) act as shopkit.SystemActor.
//
// # Bad input
//
// An order has at most MaxLines lines and a payment at most
// shopkit.MaxInstalments instalments. RestoreOrder rejects a snapshot no order
// could have produced (a state outside the table, amounts that do not add up,
// a payment that is not the total) with a typed error. Policy decodes from
// JSON strictly (an unknown key is CodeInvalidPolicy, naming it). An Order,
// Service or SequenceNumberer that no constructor built returns
// shopkit.CodeNotBuilt from its actions, never panics. The String and GoString
// of Order, Snapshot, Address, PlaceOrder and RefundOnlyRequest mask the
// buyer, the address and free text (R0.5); Snapshot keeps them in full for
// storage.
//
// # Payments and numbers (R2.5, R0.2)
//
// Payment records what the host's gateway reported (method, amount, reference,
// time); WithInstalments splits the amount in whole fen that sum exactly to it.
// Numberer gives each order a digits-only number sortable by time;
// SequenceNumberer is the default. A host's numberer may do I/O (a database
// sequence): Next gets the caller's context.
//
// # Service and storage (R2.2, R2.8, R2.9)
//
// Service, built with NewService from a ServiceConfig (a Store, a StockKeeper, a
// Numberer, a Policy or a schedule of its versions, and a Clock), loads, acts
// and saves, reserves stock when an order is placed (or paid, under
// ReserveAtPayment: before the payment's update), commits it at shipment and releases it when the order closes or is
// refunded; Sweep claims and applies every due consequence, so sweeps on
// several instances split the work. The orders and the stock are two stores:
// no store call is made inside an order's update, and a commit or release that
// follows a saved change is recorded in that change as the order's pending
// stock step (Order.PendingStock, StockStep), run after it by the order's ref
// (idempotent) and then marked done. Placing is the other way round — the
// stock first, the order after — so its reservation is tentative: Place holds
// the stock unsealed (StockKeeper.Hold), creates the order, then seals the
// hold (StockKeeper.Seal); an error from Place means no order was stored.
// Resume finishes the steps a failure or a crash left pending (Store.Pending),
// then settles the unsealed holds older than Policy.HoldGrace
// (StockKeeper.Unsealed; 10 minutes by default, which a host may change, and
// which must be longer than any Place takes): sealed when the hold's order
// exists, released when it was never stored. A host runs it periodically, with
// its sweeps, and after a restart. Rules at the time of the act (R0.3): under
// ServiceConfig.Policies (a shopkit.Schedule of Policy versions) Place places
// an order under the version in force at its now, and the order records its
// name (Order.PolicyVersion, Snapshot.PolicyVersion; "" under a plain Policy).
// An order keeps the policy it was placed under, so a later version never
// moves its deadlines (R2.3). Hosts implement Store over their database;
// package ordertest has an in-memory one and the conformance suite. A store
// keeps an order's state (Snapshot, whose Seq is the length of the trail)
// apart from its audit trail, an append-only log read with Store.Trail (R0.4):
// an order loaded from a store holds no history, and no rule reads it. Error
// codes are the Code… constants, listed by Codes.
package order

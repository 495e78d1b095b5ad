// Package shopkit is the kernel of an embeddable Go library that encodes how a
// Chinese e-commerce platform runs: merchant onboarding, listing review, orders
// and inventory, coupons apportioned to the fen, after-sales, commission and
// settlement, shop member tiers and customer service.
//
// A shop that already has its own web server, database and payment gateway imports
// shopkit to get the platform rules right. It runs inside the host's process and
// owns no server, database, goroutine or clock: domain functions take now as an
// argument, services take a Clock, and the host implements small store interfaces.
//
// This package holds what every domain package shares, and nothing else.
//
// # Money and rates (R0.1)
//
// Money is an int64 count of a currency's minor unit (fen for CNY) plus an ISO
// 4217 code; arithmetic is checked (ErrOverflow, ErrCurrencyMismatch) and never
// uses floating point. Rates are decimal.Decimal at the boundary; CompileRate turns
// one into a scaled integer once so that applying it is integer-only and
// allocation-free, with an explicit RoundingMode. Allocate splits an amount by
// weights with the largest-remainder method (ties to the earlier part), exactly;
// InstalmentPlan splits a total into instalments in whole fen.
//
// # Time (R0.3)
//
// Calendar knows the time zone (Asia/Shanghai by default), rest days, holidays,
// make-up working days and business hours: EndOfWorkingDay gives "within N working
// days" deadlines and AddBusinessTime measures service levels. Date is a calendar
// day without a time.
//
// # Workflows, journals and sweeps (R0.4, R2.9)
//
// Every workflow of every package is a Table of transitions {from, action, roles,
// to} with the timeouts a sweep applies; each package exposes its tables as
// <Entity>Workflow(policy) and draws them with <Entity>Diagram(policy). Every
// aggregate records its changes and the effects the host must carry out (notify,
// pay, refund, release stock) in a Journal; each Effect has a stable ID, the
// entity's ID and the entry's sequence number, that an outbox de-duplicates on.
// Sweep applies every consequence whose deadline has passed through the same
// checked transitions, stamped with the deadline's time.
//
// # Who may act (R0.4)
//
// A role in a transition row means the party of this entity: an Actor acts as
// the entity's buyer, its shop (the merchant, or the shop's staff listed in
// Actor.Shops), a platform operator for its shop (Actor.Shops scopes an
// operator; none means every shop), or the system. Every aggregate reports its
// Parties, and every action runs Table.Authorize (the row, then Parties.Check)
// before it changes anything; an actor without an ID is never a party
// (CodeNotParty). Table.AllowedFor lists what one actor may do.
//
// # Shared records
//
// A shop is identified by its merchant's uuid.UUID in every package. TierReader
// reads a customer's MemberTier (package membership implements it; aftersales and
// support use it); Refund is the record an order's after-sales ledger issues and
// that commission and membership consume. Mask… functions hide personal data in
// every printed form (R0.5).
//
// # Errors
//
// The error kinds are ErrNotFound, ErrConflict, ErrRetry, ErrNotAllowed,
// ErrInvalid, ErrOverflow and ErrCurrencyMismatch. Only ErrRetry — a transient
// store failure, made with Retry around the driver's error — is worth repeating;
// ErrConflict is a business refusal. The typed errors ValidationError,
// TransitionError and Error carry detail and a stable code. Every error a shopkit
// package returns matches one kind with errors.Is, its message starts with the
// package name once, and CodeOf gives the code a frontend maps to a message. Each
// package declares its codes as Code… constants and lists them with Codes.
//
//	price := shopkit.CNY(1999)                        // ¥19.99
//	_, err := price.Add(shopkit.MustMoney(100, "EUR"))
//	errors.Is(err, shopkit.ErrCurrencyMismatch)       // true
//	shopkit.CodeOf(err)                               // "shopkit.currency_mismatch"
//	parts, _ := shopkit.Allocate(shopkit.CNY(100), []int64{1, 1, 1})
//	fmt.Println(parts)                                // [¥0.34 ¥0.33 ¥0.33]
//
// # Package map
//
//	shopkit                 this kernel (R0)
//	commerce/merchant       onboarding, admission and its presets, credit code (R1)
//	commerce/catalog        listings, listing review, compliance, wholesale tiers (R2.1)
//	commerce/inventory      stock and reservations (R2.2)
//	commerce/order          orders, workflow, payments, numbering (R2.3, R2.5)
//	commerce/promotion      coupons, campaigns, pricing and apportionment (R2.4)
//	commerce/review         reviews and ratings (R2.6)
//	commerce/analytics      reports over order facts (R2.7)
//	aftersales              after-sales cases, refund ledger, vouchers, disputes (R3)
//	commission              plans, rule sets, the calculator, settlement (R4)
//	membership              tiers, members, upgrades, member price (R5)
//	support                 conversations, routing, SLAs, complaints, metrics (R6)
//
// Each package with stores has a …test package beside it (ordertest,
// aftersalestest, …) with in-memory stores and the conformance suites a host runs
// against its own stores. Dependencies point one way: aftersales, commission,
// membership and support use the commerce packages, which use this one; no domain
// imports a sibling it does not need.
package shopkit

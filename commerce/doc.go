// Package commerce is the kernel of shopkit: exact money, calendars, the audit
// journal and sweeps that every package uses, and the commerce workflows
// themselves — merchants and admission, listings, inventory, orders, coupons and
// apportionment, campaigns, payments, reviews and analytics.
//
// # Money and rates (R0.1)
//
// Money is an int64 count of a currency's minor unit (fen for CNY) plus an ISO
// 4217 code; arithmetic is checked (ErrOverflow, ErrCurrencyMismatch) and never
// uses floating point. Rates are decimal.Decimal at the boundary; CompileRate turns
// one into a scaled integer once so that applying it is integer-only and
// allocation-free, with an explicit RoundingMode. Allocate splits an amount by
// weights with the largest-remainder method (ties to the earlier part), exactly.
//
// # Time (R0.3)
//
// Nothing here reads the wall clock: functions take now, services take a Clock.
// Calendar knows the time zone (Asia/Shanghai by default), rest days, holidays,
// make-up working days and business hours: EndOfWorkingDay gives "within N working
// days" deadlines and AddBusinessTime measures service levels.
//
// # Aggregates, stores and sweeps (R0.4, R2.8, R2.9)
//
// Every workflow entity is an aggregate with one method per action. The method
// checks the workflow's transition table (wrong state or role: a
// *shopkit.TransitionError, nothing changed), checks the rule, changes the state
// and appends entries to the entity's Journal: an audit Entry for the change and
// Effect entries (notify, refund, release stock) that the host's outbox carries
// out. Hosts implement small Store interfaces whose Update(ctx, id, fn) persists
// fn's changes and the new journal entries atomically. Sweep applies every
// consequence whose deadline has passed through the same checked transitions,
// stamped with the deadline's time; a conflict is skipped and sweeping twice is
// harmless.
//
// # Merchants and admission (R1)
//
// Merchant carries an application through register → verify e-mail → profile →
// categories → submit → review (due by the end of the 3rd working day; overdue
// reviews are listable) → approved or rejected and resubmitted (R1.1), with the
// unified social credit code checked per GB 32100-2015 (ValidateCreditCode).
// Admission rules are composable (AdmissionRule, Evaluate explains every failed
// rule) with four presets: CrossBorderMarketplace, CrossBorderImport,
// GlobalPurchaseTag and CompanyOnly (R1.2). An approved merchant has a deposit
// and a commission plan reference (R1.3). Personal data is masked in every
// String form (MaskPhone, MaskIDNumber, MaskBankAccount, MaskAddress, R0.5).
//
// # Listings and inventory (R2.1, R2.2)
//
// Listing goes draft → submitted → completeness and compliance checks
// (ComplianceChecker; BannedWordsChecker matches Chinese text) → approved →
// published ↔ unpublished; content edits of a published listing send it back to
// review. PriceTiers gives wholesale quantity prices. InventoryService keeps
// on-hand and reserved per SKU, reserves an order's lines all-or-nothing and never
// oversells, also under concurrent orders.
//
// # Orders, payments and reviews (R2.3, R2.5, R2.6)
//
// Order runs pending payment → paid → confirmed → shipped → delivered →
// completed, with every deadline of OrderPolicy applied by a sweep: a payment
// reminder after 30 min, closing after 24 h unpaid, auto-confirm after 24 h,
// the 48 h shipping deadline, auto-complete 10 days after delivery, and slow
// tracking after 3 days. A buyer's cancellation after payment exposes a
// RefundOnlyRequest for package aftersales. Payment records the method and the
// gateway's reference; InstalmentPlan splits a total in whole fen. Review allows
// 1–5 stars within 15 days of completion and one merchant reply.
//
// # Coupons, pricing, campaigns and analytics (R2.4, R2.7)
//
// Price applies the member discount (MemberDiscounter, R5.3), then per-item
// cuts and the shop and platform coupons, apportioning each order-level
// discount to the eligible lines with Allocate, so every OrderLine knows what the
// buyer paid for it in whole fen. CouponService issues and redeems coupons under
// per-customer limits; Campaign stops issuing before its budget would be
// exceeded. The analytics functions (Summarize, SummarizeByDay,
// SummarizeBySource, ListingConversion, OrderMargin, CampaignReturns) stream
// over iter.Seq so a month of orders never sits in memory.
//
// The workflow diagrams are in DIAGRAMS.md, ORDER_WORKFLOW.md and
// COUPON_WORKFLOW.md, generated from the tables and kept in step by golden tests.
// The in-memory stores and the conformance suites for host stores are in
// package commercetest.
package commerce

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
// The in-memory stores and the conformance suites for host stores are in
// package commercetest.
package commerce

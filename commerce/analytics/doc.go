// Package analytics computes a shop's reports from its orders (R2.7): pure
// functions over streams, so a month of orders never has to sit in memory.
//
// A host flattens each order into an OrderFact (what the buyer paid after
// every discount, R2.3.3 and R2.4; refunds, R3.7; commission, R4; cost of
// goods and shipping cost from its own books; the customer source and the
// campaign whose coupon the order used) and passes an iter.Seq of them — a
// database cursor works as well as a slice.
//
//   - Summarize: order count, GMV (Σ paid), average order value rounded half-up
//     to the minor unit, refund amount and rate, in one pass with constant
//     memory; SummarizeByDay (in a calendar's time zone, R0.3) and
//     SummarizeBySource (channel attribution) group them, with memory growing
//     with the days or sources, not the orders.
//   - ListingConversion: a listing's views → purchases conversion from
//     ListingStats records.
//   - OrderMargin: paid − cost of goods − commission − shipping cost.
//   - CampaignReturns: each campaign's GMV ÷ discount spent and its margin after
//     the discount, with Losing set for a promotion that costs more than it
//     earns.
//
// Amounts are exact minor units (R0.1): every sum and difference is checked,
// so a total beyond int64 is the kernel's overflow error (shopkit.CodeOverflow)
// and amounts of two currencies its currency mismatch
// (shopkit.CodeCurrencyMismatch), never a wrapped or mixed total. Rates are
// decimals to RatePlaces places, half-up. The package's own codes are the
// Code… constants, listed by Codes.
//
// The functions are pure and take no actor: the host decides who may see a
// shop's reports. Memory is bounded: a call keeps at most MaxGroups days,
// sources, campaigns or listings (CodeTooManyGroups beyond), whatever the
// length of the stream. A nil stream is shopkit.NilArgument, never a panic.
// OrderFact's String and GoString mask the customer (R0.5).
package analytics

// Package commission charges platform commission on orders and settles merchants'
// money: plans, effective-dated rule sets, new-merchant promotions, reversals on
// refunds and settlement statements (RULES R4).
//
// # Plans and rule sets (R4.1, R4.3)
//
// A RuleSet is one version of the rules, in force over [From, To): the Plans a
// merchant may choose from (Percentage, FixedFee, PercentagePlusFixed, Tiered by
// the merchant's GMV in the period, bands [From, next From)), optional per-order
// Min and Max, and rate tables. The rate of a line is the most specific one:
// listing > category > the plan's (merchant's) rate > platform default. The
// order's commission never exceeds what was paid for its lines: a minimum larger
// than the order amount is capped at the amount (Bound BoundAmount), not an error.
// A RuleSet decodes from JSON strictly (RuleSet.UnmarshalJSON): a field it, a
// plan, a tier or the promotion does not have is CodeUnknownField naming its
// path ("plans[0].ratee"), a value of the wrong type CodeInvalidJSON, and every
// enumeration (PlanKind, RoundingMode, Currency; LineKind, Bound and RateSource
// of charges and statements) decodes only its names.
// A Schedule holds the versions, rejects overlapping ranges, and charges each order
// under the rules in force when it was paid, even if they changed before it
// settled. Rates are decimal.Decimal fractions (0.055 is 5.5 %) at the boundary and
// are compiled once per rule set (Rules), so charging is integer-only and
// allocates nothing. The hot path resolves what an order fixes once
// (Rules.ForOrder: rules in force, plan, promotion, tier) and then charges each
// line with OrderRules.Line (or a whole order with OrderRules.Commission); a line
// charged repeatedly can be resolved once (OrderRules.Resolve) and its LineRule
// applied per amount. Explanations (which rule, which rate, which bound) come from
// Rules.Charge and Rules.LineCommission, or OrderRules.Explain, off the hot path.
//
// # Promotions (R4.2)
//
// A Promotion makes the first N (DefaultPromotionMonths = 3) calendar months after
// activation commission-free or reduced: each line pays the lower of the promotion
// rate and its own rate; the fixed fee and minimum are waived. Months are counted by
// merchant.AddCalendarMonths (commerce/merchant) in the promotion's zone: same wall-clock time, day
// clamped to the month's end (31 January + 1 month is 28 February, or 29 February
// 2028). A merchant activated on 31 January at 10:00 with 3 months is promoted up
// to, not including, 30 April at 10:00.
//
// # Rounding and reversals (R4.4)
//
// Commission is computed per line, rounded half-up by default (RuleSet.Rounding),
// and summed per order. An order's fixed fee and bound adjustment are apportioned
// to its lines (largest remainder, R0.1). Refunds reverse a line's commission with
// cumulative floors (Reversed: ⌊C × refunded / paid⌋, 128-bit), so a full refund
// reverses exactly all; a partial refund reverses the line's share of a minimum or
// maximum in the same proportion, without applying the bound again.
//
// # Settlement (R4.5)
//
// A Settler is built once by NewSettler from a SettlerConfig (schedule, store,
// Policy, the merchants' plans by their uuid.UUID, optional GMV); a bad
// configuration is a ValidationError with CodeInvalidConfig. Settler.Statements
// streams OrderRecords (with their refunds and advances, in any order) and
// DepositChanges into one Statement per merchant for a Period, with memory
// proportional to the number of merchants, and emits each StatementLine to a
// callback (CSVWriter, WriteJSON render them). An order settles once it is
// Settleable at the period's end (completed, no open case, return window passed)
// and exactly once (a Marker in the Store); refunds and advances booked after its
// settlement become adjustment lines in the next statement. net = paid − refunds −
// commission + commission reversed − advances; payout = net − deposit changes, due
// T + N working days (Policy.PayoutDue, the end of the Nth working day after the
// settlement day, N = 7 by default). Re-running a saved statement gives the same
// result; a different result is refused (CodeStatementChanged). A Store that also
// implements BatchStore receives the markers in batches. Bad input is a typed error
// and saves no statement; an order is marked only once all its records are checked,
// and orders marked by a failed run settle when that period is run again (a later
// period refuses them with CodeUnsavedStatement).
//
// # Refunds and advances (R3.7, R3.9, R4.4)
//
// An OrderRecord's Refunds are the shopkit.Refund records of the after-sales
// ledger, unchanged: each shopkit.RefundLine reverses the commission of its order
// line in proportion to its amount, and Refund.Shipping refunds shipping. A refund
// repeated with the same Key counts once; two refunds of one Key that differ in
// anything but their confirmation (an amount, a line, units, the booking time,
// the case) are an ErrConflict with CodeRefundConflict, and so are two advances
// of one Key that differ. A negative paid amount, shipping, refund or advance is
// CodeNegativeAmount naming the field: money reaches the merchant only from what
// the buyer paid (R0.1). Every sum of a statement is checked for overflow
// (CodeOverflow). A refund the platform paid
// first (Refund.Advance) is still a refund of the sale: it is deducted once, as a
// refund, with its commission reversed. AdvanceRecord is for what is not a refund
// of the sale: compensation the platform paid the buyer first (先行赔付) that the
// merchant owes, deducted as an advance and reversing no commission.
//
// Errors are typed with stable codes (the Code… constants, listed by Codes).
// commissiontest offers an in-memory Store and the TestStore conformance suite.
//
// Example:
//
//	rules, _ := commission.NewSchedule(ruleSet)
//	charge, err := rules.Charge(order, commission.Merchant{ID: shopID, Plan: "standard"}, gmv)
//	// charge.Order.Commission, charge.Lines[i].Commission, charge.Lines[i].Explanation
//
//	settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: rules, Store: store,
//		Policy: commission.DefaultPolicy()})
//	statements, err := settler.Statements(ctx, commission.Run{Period: period, Orders: records})
package commission

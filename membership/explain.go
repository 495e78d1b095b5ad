package membership

import "github.com/shopkit/shopkit"

// The message keys of the explanations WhyText and MissingText return. The
// messages package holds a zh-CN and an en template for each; the en template
// says what Why and Missing say.
const (
	// TextWhyNotInSet: {0} tier name; the member's tier was removed from the set.
	TextWhyNotInSet = "membership.why.not_in_set"
	// TextWhyManualNoTier: {0} reason; a merchant took the tier away (R5.2).
	TextWhyManualNoTier = "membership.why.manual_no_tier"
	// TextWhyManual: {0} tier, {1} reason; a merchant set the tier (R5.2).
	TextWhyManual = "membership.why.manual"
	// TextWhyBelowAmount, TextWhyBelowCount, TextWhyBelowBoth: no tier, the
	// figures are below every threshold: {0} amount spent and/or {0}/{1} orders.
	TextWhyBelowAmount = "membership.why.below_amount"
	TextWhyBelowCount  = "membership.why.below_count"
	TextWhyBelowBoth   = "membership.why.below_both"
	// TextWhyNotCrossedAmount, …Count, …Both: no tier, the figures meet a
	// threshold that was lowered but no order has crossed it (R5.2).
	TextWhyNotCrossedAmount = "membership.why.not_crossed_amount"
	TextWhyNotCrossedCount  = "membership.why.not_crossed_count"
	TextWhyNotCrossedBoth   = "membership.why.not_crossed_both"
	// TextWhyKept: {0} tier, {1} amount now, {2} orders now; tiers never go
	// down automatically (R5.2).
	TextWhyKept = "membership.why.kept"
	// TextWhyMetAmount: {0} tier, {1} spent, {2} the tier's minimum amount.
	TextWhyMetAmount = "membership.why.met_amount"
	// TextWhyMetCount: {0} tier, {1} orders, {2} the tier's minimum orders.
	TextWhyMetCount = "membership.why.met_count"
	// TextWhyMetBoth: {0} tier, {1} spent, {2} minimum amount, {3} orders, {4}
	// minimum orders.
	TextWhyMetBoth = "membership.why.met_both"
	// TextMissingTop: the member has the highest tier.
	TextMissingTop = "membership.missing.top"
	// TextMissingEither: {0} amount or {1} orders more to {2} (ByEither).
	TextMissingEither = "membership.missing.either"
	// TextMissingBoth: {0} amount and {1} orders more to {2}.
	TextMissingBoth = "membership.missing.both"
	// TextMissingAmount: {0} amount more to {1}.
	TextMissingAmount = "membership.missing.amount"
	// TextMissingCount: {0} orders more to {1}.
	TextMissingCount = "membership.missing.count"
)

// TextKeys lists the message keys of the package's explanations.
func TextKeys() []string {
	return []string{
		TextWhyNotInSet, TextWhyManualNoTier, TextWhyManual,
		TextWhyBelowAmount, TextWhyBelowCount, TextWhyBelowBoth,
		TextWhyNotCrossedAmount, TextWhyNotCrossedCount, TextWhyNotCrossedBoth,
		TextWhyKept, TextWhyMetAmount, TextWhyMetCount, TextWhyMetBoth,
		TextMissingTop, TextMissingEither, TextMissingBoth, TextMissingAmount, TextMissingCount,
	}
}

// WhyText is Why as a message key and its arguments, for a frontend that shows
// the explanation in the member's language (messages.Text renders it). The zero
// Evaluation gives the zero Text.
func (e Evaluation) WhyText() shopkit.Text {
	if e.set == nil {
		return shopkit.Text{}
	}
	if e.Rank == 0 && e.Tier != NoTier {
		return newText(TextWhyNotInSet, e.Tier)
	}
	if e.Source == SourceManual { // R5.2: a merchant's decision, whatever the figures
		if e.Rank == 0 {
			return newText(TextWhyManualNoTier, e.AdjustReason)
		}
		return newText(TextWhyManual, e.Tier, e.AdjustReason)
	}
	amount, orders := e.Figures.Amount, e.Figures.Orders
	if e.Rank == 0 {
		keys := [3]string{TextWhyBelowAmount, TextWhyBelowCount, TextWhyBelowBoth}
		if e.QualifiedRank > 0 {
			keys = [3]string{TextWhyNotCrossedAmount, TextWhyNotCrossedCount, TextWhyNotCrossedBoth}
		}
		switch e.Mode {
		case ByAmount:
			return newText(keys[0], amount)
		case ByCount:
			return newText(keys[1], orders)
		default:
			return newText(keys[2], amount, orders)
		}
	}
	if e.QualifiedRank < e.Rank {
		return newText(TextWhyKept, e.Tier, amount, orders)
	}
	t := &e.set.tiers[e.Rank-1]
	amountMet := amount.Amount() >= t.MinAmount.Amount()
	countMet := orders >= t.MinOrders
	switch {
	case e.Mode == ByAmount:
		return newText(TextWhyMetAmount, e.Tier, amount, t.MinAmount)
	case e.Mode == ByCount:
		return newText(TextWhyMetCount, e.Tier, orders, t.MinOrders)
	case e.Mode == ByBoth || (amountMet && countMet):
		return newText(TextWhyMetBoth, e.Tier, amount, t.MinAmount, orders, t.MinOrders)
	case amountMet:
		return newText(TextWhyMetAmount, e.Tier, amount, t.MinAmount)
	default:
		return newText(TextWhyMetCount, e.Tier, orders, t.MinOrders)
	}
}

// MissingText is Missing as a message key and its arguments (see WhyText).
func (e Evaluation) MissingText() shopkit.Text {
	if e.set == nil {
		return shopkit.Text{}
	}
	if e.NextRank == 0 {
		return newText(TextMissingTop)
	}
	a, c := e.MissingAmount.IsPositive(), e.MissingOrders > 0
	switch {
	case a && c && e.Mode == ByEither:
		return newText(TextMissingEither, e.MissingAmount, e.MissingOrders, e.Next)
	case a && c:
		return newText(TextMissingBoth, e.MissingAmount, e.MissingOrders, e.Next)
	case a:
		return newText(TextMissingAmount, e.MissingAmount, e.Next)
	default:
		return newText(TextMissingCount, e.MissingOrders, e.Next)
	}
}

func newText(key string, args ...any) shopkit.Text { return shopkit.Text{Key: key, Args: args} }

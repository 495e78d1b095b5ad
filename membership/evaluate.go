package membership

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// Evaluation explains a member's standing for frontends: the tier, why, and what
// is missing for the next one. Evaluate fills it without allocating; Why and
// Missing format the sentences on demand.
type Evaluation struct {
	set *TierSet
	// Mode is the set's threshold mode; Why and Missing phrase by it.
	Mode ThresholdMode `json:"mode"`
	// Tier is the member's current tier (NoTier when none).
	Tier string `json:"tier"`
	// Rank is Tier's rank: 1 for the lowest, 0 when none.
	Rank int `json:"rank"`
	// Source says whether Tier was reached by orders or set by hand.
	Source TierSource `json:"source"`
	// AdjustReason is the reason of the manual adjustment when Source is manual.
	AdjustReason string `json:"adjust_reason"`
	// Figures are the figures evaluated: lifetime, or within the set's window.
	Figures Figures `json:"figures"`
	// QualifiedRank is the highest rank the figures meet now. It is below Rank
	// after refunds or a manual upgrade: tiers never go down automatically.
	QualifiedRank int `json:"qualified_rank"`
	// Next is the tier the next upgrade leads to: the lowest tier above Tier whose
	// thresholds the figures do not meet yet (NoTier, 0 at the top).
	Next string `json:"next"`
	// NextRank is Next's rank (0 at the top).
	NextRank int `json:"next_rank"`
	// MissingAmount and MissingOrders are what the figures lack for Next's
	// thresholds (zero when that threshold is met or not used by the mode).
	MissingAmount shopkit.Money `json:"missing_amount"`
	// MissingOrders: see MissingAmount.
	MissingOrders int64 `json:"missing_orders"`
}

// Evaluate explains m's standing under ts at now (R5.1, R5.2). It reads the member
// and changes nothing. A member in another currency than the set is an error, and
// so are a nil member (CodeInvalidMember) and a nil or unbuilt set
// (CodeInvalidTierSet).
func (ts *TierSet) Evaluate(m *Member, now time.Time) (Evaluation, error) {
	if err := ts.checkMember(m); err != nil {
		return Evaluation{}, err
	}
	amount, orders, err := ts.figures(m, now)
	if err != nil {
		return Evaluation{}, err
	}
	rank := ts.rankOf(m)
	e := Evaluation{set: ts, Mode: ts.mode, Tier: ts.name(rank), Rank: rank, Source: m.source,
		AdjustReason: m.adjustReason, Figures: Figures{Amount: shopkit.Zero(ts.currency).WithAmount(amount), Orders: orders},
		QualifiedRank: ts.highestMet(amount, orders), MissingAmount: shopkit.Zero(ts.currency).WithAmount(0)}
	if rank == 0 && m.tier != NoTier {
		e.Tier = m.tier // a tier the set no longer has
	}
	for r := rank + 1; r <= len(ts.tiers); r++ {
		if ts.meets(amount, orders, r) {
			continue // already met: no order can cross it any more
		}
		t := &ts.tiers[r-1]
		e.Next, e.NextRank = t.Name, r
		if ts.mode.usesAmount() && amount < t.MinAmount.Amount() {
			e.MissingAmount = shopkit.Zero(ts.currency).WithAmount(t.MinAmount.Amount() - amount)
		}
		if ts.mode.usesCount() && orders < t.MinOrders {
			e.MissingOrders = t.MinOrders - orders
		}
		break
	}
	return e, nil
}

// Why says in one sentence why the member has their tier, e.g.
// "Gold: ¥1000.00 spent ≥ ¥1000.00", "Gold: 5 orders ≥ 5",
// "Gold: set by hand: loyal customer", "no tier: set by hand: fraud",
// "no tier: below every threshold (¥5.00 spent)",
// "Gold: kept, tiers never go down automatically (now ¥800.00, 4 orders)".
func (e Evaluation) Why() string {
	if e.set == nil {
		return ""
	}
	var b strings.Builder
	spent := e.Figures.Amount.String() + " spent"
	count := plural(e.Figures.Orders, "order")
	if e.Rank == 0 && e.Tier != NoTier {
		return e.Tier + ": no longer a tier of the set"
	}
	if e.Source == SourceManual { // R5.2: a merchant's decision, whatever the figures
		if e.Rank == 0 {
			return "no tier: set by hand: " + e.AdjustReason
		}
		return e.Tier + ": set by hand: " + e.AdjustReason
	}
	if e.Rank == 0 {
		if e.QualifiedRank > 0 {
			// Only an order crossing a threshold upgrades (R5.2); figures that meet a
			// tier without having crossed it (the set's thresholds were lowered) do not.
			b.WriteString("no tier: no order has crossed a threshold yet (")
		} else {
			b.WriteString("no tier: below every threshold (")
		}
		switch e.Mode {
		case ByAmount:
			b.WriteString(spent)
		case ByCount:
			b.WriteString(count)
		default:
			b.WriteString(spent + ", " + count)
		}
		b.WriteString(")")
		return b.String()
	}
	b.WriteString(e.Tier + ": ")
	if e.QualifiedRank < e.Rank {
		b.WriteString("kept, tiers never go down automatically (now " + e.Figures.Amount.String() + ", " + count + ")")
		return b.String()
	}
	t := &e.set.tiers[e.Rank-1]
	amountMet := e.Figures.Amount.Amount() >= t.MinAmount.Amount()
	countMet := e.Figures.Orders >= t.MinOrders
	amountWhy := spent + " ≥ " + t.MinAmount.String()
	countWhy := count + " ≥ " + strconv.FormatInt(t.MinOrders, 10)
	switch {
	case e.Mode == ByAmount:
		b.WriteString(amountWhy)
	case e.Mode == ByCount:
		b.WriteString(countWhy)
	case e.Mode == ByBoth || (amountMet && countMet):
		b.WriteString(amountWhy + " and " + countWhy)
	case amountMet:
		b.WriteString(amountWhy)
	default:
		b.WriteString(countWhy)
	}
	return b.String()
}

// Missing says what the member lacks for the next tier, joining the two
// thresholds as the set's mode does: "¥123.45 more to Gold", "2 more orders to
// Gold", "¥123.45 or 2 more orders to Gold" (either), "¥123.45 and 2 more orders
// to Gold" (both). At the top it says "highest tier reached".
func (e Evaluation) Missing() string {
	if e.set == nil {
		return ""
	}
	if e.NextRank == 0 {
		return "highest tier reached"
	}
	a, c := e.MissingAmount.IsPositive(), e.MissingOrders > 0
	orders := strconv.FormatInt(e.MissingOrders, 10) + " more " + pluralWord(e.MissingOrders, "order")
	switch {
	case a && c && e.Mode == ByEither:
		return e.MissingAmount.String() + " or " + orders + " to " + e.Next
	case a && c:
		return e.MissingAmount.String() + " and " + orders + " to " + e.Next
	case a:
		return e.MissingAmount.String() + " more to " + e.Next
	default:
		return orders + " to " + e.Next
	}
}

func plural(n int64, word string) string {
	return strconv.FormatInt(n, 10) + " " + pluralWord(n, word)
}

func pluralWord(n int64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

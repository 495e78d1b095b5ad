package commission_test

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

var categories = []string{"books", "toys", "food"}

func randomOrder(rng *rand.Rand, t testing.TB, merchant string, paidAt time.Time) commission.OrderRecord {
	o := commission.OrderRecord{OrderID: uuid.New(), MerchantID: merchantID(merchant), PaidAt: paidAt}
	for range 1 + rng.IntN(4) {
		paid := rng.Int64N(100_000)
		if rng.IntN(4) == 0 {
			paid = rng.Int64N(30) // a few fen: commission of zero or one fen
		}
		o.Lines = append(o.Lines, commission.LineRecord{ListingID: uuid.New(), Category: categories[rng.IntN(3)],
			Paid: shopkit.CNY(paid), Quantity: 1 + rng.Int64N(3)})
	}
	return o
}

// randomRefunds refunds random parts of each line, in random order, fully when
// full is set.
func randomRefunds(rng *rand.Rand, o *commission.OrderRecord, from time.Time, full bool) {
	for i, l := range o.Lines {
		left := l.Paid.Amount()
		for k := 0; left > 0 && (full || rng.IntN(3) > 0); k++ {
			amt := 1 + rng.Int64N(left)
			if full && k >= 3 {
				amt = left
			}
			left -= amt
			o.Refunds = append(o.Refunds, refund(*o, fmt.Sprintf("%d-%d", i, k),
				from.Add(time.Duration(rng.IntN(60*24))*time.Hour), i, amt))
		}
	}
	rng.Shuffle(len(o.Refunds), func(a, b int) { o.Refunds[a], o.Refunds[b] = o.Refunds[b], o.Refunds[a] })
}

// R4.4 property: for random orders and refund sequences, commission − reversed is
// never negative at any step, and exactly zero once every line is fully refunded;
// each line's cumulative reversal is exactly ⌊C × refunded / paid⌋ (computed here
// with math/big), so no refund reverses a fen more or less than its floor.
func TestProperty_ReversalsNeverExceedCommission_R4_4(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	r := compile(t, baseRules(t))
	plans := []string{"pct", "fixed", "mix", "tiers"}
	for range 2000 {
		o := randomOrder(rng, t, "m", at(t, "2026-03-02 12:00:00"))
		full := rng.IntN(2) == 0
		randomRefunds(rng, &o, o.PaidAt, full)
		c, err := r.Charge(o, commission.Merchant{Plan: plans[rng.IntN(len(plans))]}, shopkit.CNY(rng.Int64N(10_000_000)))
		require.NoError(t, err)
		cum := make([]int64, len(o.Lines))
		var net int64 = c.Order.Commission.Amount()
		prev := make([]int64, len(o.Lines))
		for _, r := range o.Refunds {
			f := r.Lines[0]
			cum[f.Line] += f.Amount.Amount()
			rev, err := commission.Reversed(c.Lines[f.Line].Commission, shopkit.CNY(cum[f.Line]), o.Lines[f.Line].Paid)
			require.NoError(t, err)
			require.Equal(t, floorShare(c.Lines[f.Line].Commission.Amount(), cum[f.Line], o.Lines[f.Line].Paid.Amount()), rev.Amount())
			require.GreaterOrEqual(t, rev.Amount(), prev[f.Line], "reversals only grow")
			net -= rev.Amount() - prev[f.Line]
			prev[f.Line] = rev.Amount()
			require.GreaterOrEqual(t, net, int64(0))
		}
		if full {
			require.Zero(t, net, "a full refund leaves no commission")
		}
	}
}

// floorShare is ⌊c × r / p⌋ in arbitrary precision; r = p gives c (also for p = 0).
func floorShare(c, r, p int64) int64 {
	if r == p {
		return c
	}
	q := new(big.Int).Mul(big.NewInt(c), big.NewInt(r))
	return q.Quo(q, big.NewInt(p)).Int64()
}

// R4.5 property: over random unsorted records for many merchants, every
// statement's totals equal the sum of its lines, the net formula holds per line,
// and each order settles once across consecutive periods; per order, commission −
// reversed over its settlement and adjustment lines is never negative and is
// exactly zero once it is refunded in full (R4.4).
func TestProperty_StatementTotalsEqualLines_R4_5(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 45))
	store := commissiontest.NewStore()
	merchants := map[uuid.UUID]commission.Merchant{}
	plans := []string{"pct", "fixed", "mix", "tiers"}
	start := at(t, "2026-03-01 00:00:00")
	var orders []commission.OrderRecord
	var deposits []commission.DepositChange
	fullyRefunded := map[uuid.UUID]bool{}
	netCommission := map[uuid.UUID]int64{} // commission − reversed over an order's lines in every statement
	for i := range 20 {
		id := merchantID(fmt.Sprintf("m%02d", i))
		merchants[id] = commission.Merchant{ID: id, Plan: plans[i%4], ActivatedAt: start.AddDate(0, -rng.IntN(6), 0)}
		deposits = append(deposits, commission.DepositChange{MerchantID: id, Amount: shopkit.CNY(rng.Int64N(2000) - 1000),
			At: start.Add(time.Duration(rng.IntN(90*24)) * time.Hour)})
	}
	for range 600 {
		o := randomOrder(rng, t, fmt.Sprintf("m%02d", rng.IntN(20)), start.Add(time.Duration(rng.IntN(60*24))*time.Hour))
		o.CompletedAt = o.PaidAt.Add(time.Duration(rng.IntN(10*24)) * time.Hour)
		o.ReturnWindowEnds = o.CompletedAt.Add(7 * 24 * time.Hour)
		o.OpenCase = rng.IntN(10) == 0
		full := rng.IntN(4) == 0
		randomRefunds(rng, &o, o.PaidAt, full)
		fullyRefunded[o.OrderID] = full
		if rng.IntN(5) == 0 {
			o.Advances = []commission.AdvanceRecord{{Amount: shopkit.CNY(rng.Int64N(500)), At: o.CompletedAt, Key: "adv"}}
		}
		orders = append(orders, o)
	}
	rng.Shuffle(len(orders), func(a, b int) { orders[a], orders[b] = orders[b], orders[a] })
	s := newSettler(t, commission.SettlerConfig{Schedule: must(commission.NewSchedule(baseRules(t))), Store: store,
		Policy: commission.Policy{PayoutDays: 7, Calendar: commissionCalendar(t)}, Merchants: merchants})

	settledOrders := 0
	for month := range 4 {
		p := must(commission.NewPeriod(merchant.AddCalendarMonths(start, month), merchant.AddCalendarMonths(start, month+1)))
		byMerchant := map[uuid.UUID][7]int64{}
		sts, err := s.Statements(context.Background(), commission.Run{Period: p, Orders: slices.Values(orders),
			Deposits: slices.Values(deposits), Emit: func(l commission.StatementLine) error {
				require.Equal(t, l.Paid.Amount()-l.Refunds.Amount()-l.Commission.Amount()+l.CommissionReversed.Amount()-l.Advances.Amount(), l.Net.Amount())
				v := byMerchant[l.MerchantID]
				for i, a := range []int64{l.Paid.Amount(), l.Refunds.Amount(), l.Commission.Amount(), l.CommissionReversed.Amount(), l.Advances.Amount(), l.DepositChange.Amount(), l.Net.Amount()} {
					v[i] += a
				}
				byMerchant[l.MerchantID] = v
				if l.Kind != commission.KindDeposit {
					netCommission[l.OrderID] += l.Commission.Amount() - l.CommissionReversed.Amount()
					require.GreaterOrEqual(t, netCommission[l.OrderID], int64(0), "R4.4: commission − reversed ≥ 0")
				}
				return nil
			}})
		require.NoError(t, err)
		require.Len(t, sts, len(byMerchant))
		for _, st := range sts {
			require.Equal(t, byMerchant[st.MerchantID], [7]int64{st.Paid.Amount(), st.Refunds.Amount(), st.Commission.Amount(),
				st.CommissionReversed.Amount(), st.Advances.Amount(), st.DepositChanges.Amount(), st.Net.Amount()}, st.Key)
			require.Equal(t, st.Net.Amount()-st.DepositChanges.Amount(), st.Payout.Amount())
			settledOrders += st.Orders
		}
	}
	require.Equal(t, store.Markers(), settledOrders, "each marked order appears in exactly one statement")
	// Every refund is booked within the four months, so a settled order refunded
	// in full (before or after settling) ends with no commission (R4.4).
	full := 0
	for id, net := range netCommission {
		if fullyRefunded[id] {
			require.Zero(t, net, "order %s refunded in full", id)
			full++
		}
	}
	require.Greater(t, full, 30, "enough fully refunded settled orders to mean something")
	require.Greater(t, settledOrders, 300, "most orders settle within the four months")
}

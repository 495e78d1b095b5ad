package analytics

import (
	"iter"
	"slices"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
)

// OrderMargin is the order's margin (R2.7): Paid − CostOfGoods − Commission −
// ShippingCost. Paid is already after the discounts; a host that wants refunds
// netted passes Paid − Refunded (and the returned goods' cost) itself.
func OrderMargin(f OrderFact) (shopkit.Money, error) {
	cur, _, err := f.currencyOf()
	if err != nil {
		return shopkit.Money{}, err
	}
	m := f.Paid.Amount()
	for _, c := range [...]int64{f.CostOfGoods.Amount(), f.Commission.Amount(), f.ShippingCost.Amount()} {
		if err := subAmount(&m, c); err != nil {
			return shopkit.Money{}, err
		}
	}
	return shopkit.Zero(cur).WithAmount(m), nil
}

// CampaignReturn is what a campaign brought in against what it gave away (R2.7).
type CampaignReturn struct {
	CampaignID uuid.UUID     `json:"campaign_id"` // the campaign
	Orders     int64         `json:"orders"`      // orders that used its coupons
	GMV        shopkit.Money `json:"gmv"`         // Σ Paid of the campaign's orders
	Discount   shopkit.Money `json:"discount"`    // Σ Discount: what the campaign spent
	// Return is GMV ÷ Discount to RatePlaces places (zero when nothing was spent):
	// yuan of sales per yuan of discount.
	Return decimal.Decimal `json:"return"`
	// Margin is Σ OrderMargin of the campaign's orders: since Paid is after the
	// discount, it is the margin after discount.
	Margin shopkit.Money `json:"margin"`
	// Losing is true when the campaign costs more than it earns: its discount
	// exceeds the margin its orders would have made without it, i.e. Margin < 0.
	Losing bool `json:"losing"`
}

// CampaignReturns computes each campaign's return from the facts of orders that
// used its coupons (CampaignID set), sorted by campaign ID (R2.7). Memory grows
// with the number of campaigns, not of orders: at most MaxGroups.
func CampaignReturns(facts iter.Seq[OrderFact]) ([]CampaignReturn, error) {
	if facts == nil {
		return nil, shopkit.NilArgument("facts")
	}
	type acc struct {
		t      tally
		margin int64
	}
	byCampaign := map[uuid.UUID]*acc{}
	var all tally
	for f := range facts {
		if f.CampaignID == uuid.Nil {
			continue
		}
		if err := all.checkCurrency(&f); err != nil {
			return nil, err
		}
		a, err := group(byCampaign, f.CampaignID, "campaign_id")
		if err != nil {
			return nil, err
		}
		if err := a.t.add(&f); err != nil {
			return nil, err
		}
		m, err := OrderMargin(f)
		if err != nil {
			return nil, err
		}
		if err := addAmount(&a.margin, m.Amount()); err != nil {
			return nil, err
		}
	}
	out := make([]CampaignReturn, 0, len(byCampaign))
	for id, a := range byCampaign {
		out = append(out, CampaignReturn{CampaignID: id, Orders: a.t.orders, GMV: a.t.money(a.t.gmv),
			Discount: a.t.money(a.t.discount), Return: ratio(a.t.gmv, a.t.discount),
			Margin: a.t.money(a.margin), Losing: a.margin < 0})
	}
	slices.SortFunc(out, func(a, b CampaignReturn) int { return slices.Compare(a.CampaignID[:], b.CampaignID[:]) })
	return out, nil
}

package catalog

import (
	"encoding/json"
	"sort"
	"strconv"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// PriceTier is one quantity band of a wholesale price table (阶梯价, R2.1): a line
// of MinQty to MaxQty units (inclusive) costs UnitPrice per unit. MaxQty 0 means
// open-ended ("100 and more"); only the last tier may be open.
type PriceTier struct {
	MinQty    int64         `json:"min_qty"`
	MaxQty    int64         `json:"max_qty"`
	UnitPrice shopkit.Money `json:"unit_price"`
}

// PriceTiers is a validated wholesale price table (R2.1). Its bands are ordered,
// contiguous and non-overlapping; the first band starts at the minimum order
// quantity (MOQ). The zero value has no tiers: the listing is not wholesale.
// Tiers are not required to get cheaper with quantity: a host may enforce that.
type PriceTiers struct {
	tiers []PriceTier
}

// NewPriceTiers validates a tier table: at least one tier; every MinQty ≥ 1;
// MaxQty 0 (open) or ≥ MinQty; prices above zero in one currency; tiers in
// ascending order of MinQty (else CodeTiersUnordered), not overlapping
// (CodeTiersOverlap) and without gaps (CodeTiersGap: a quantity
// between two bands would have no price). Only the last tier may be open. The
// first tier's MinQty is the minimum order quantity.
func NewPriceTiers(tiers []PriceTier) (PriceTiers, error) {
	if len(tiers) == 0 {
		return PriceTiers{}, shopkit.Invalid(CodeInvalidTiers, "tiers", "needs at least one tier")
	}
	for i, t := range tiers {
		field := "tiers[" + strconv.Itoa(i) + "]"
		switch {
		case t.MinQty < 1:
			return PriceTiers{}, shopkit.Invalid(CodeInvalidQuantity, field+".min_qty", "must be at least 1")
		case t.MaxQty != 0 && t.MaxQty < t.MinQty:
			return PriceTiers{}, shopkit.Invalid(CodeInvalidQuantity, field+".max_qty", "must be 0 (open) or at least min_qty")
		case !t.UnitPrice.IsPositive():
			return PriceTiers{}, shopkit.Invalid(CodeInvalidPrice, field+".unit_price", "must be greater than zero")
		case t.UnitPrice.Currency() != tiers[0].UnitPrice.Currency():
			return PriceTiers{}, shopkit.Invalid(CodeCurrencyMismatch, field+".unit_price", "must be in "+string(tiers[0].UnitPrice.Currency()))
		}
		if i == 0 {
			continue
		}
		prev := tiers[i-1]
		switch {
		case t.MinQty < prev.MinQty:
			return PriceTiers{}, shopkit.Invalid(CodeTiersUnordered, field+".min_qty", "must not be less than the previous tier's min_qty "+strconv.FormatInt(prev.MinQty, 10))
		case prev.MaxQty == 0 || t.MinQty <= prev.MaxQty:
			return PriceTiers{}, shopkit.Invalid(CodeTiersOverlap, field+".min_qty", "overlaps the previous tier "+bandString(prev))
		case t.MinQty > prev.MaxQty+1:
			return PriceTiers{}, shopkit.Invalid(CodeTiersGap, field+".min_qty", "leaves quantities "+strconv.FormatInt(prev.MaxQty+1, 10)+"–"+strconv.FormatInt(t.MinQty-1, 10)+" without a price")
		}
	}
	return PriceTiers{tiers: append([]PriceTier(nil), tiers...)}, nil
}

func bandString(t PriceTier) string {
	if t.MaxQty == 0 {
		return strconv.FormatInt(t.MinQty, 10) + "+"
	}
	return strconv.FormatInt(t.MinQty, 10) + "–" + strconv.FormatInt(t.MaxQty, 10)
}

// Tiers returns a copy of the bands, in ascending order.
func (p PriceTiers) Tiers() []PriceTier { return append([]PriceTier(nil), p.tiers...) }

// IsZero reports whether the table has no tiers (not a wholesale listing).
func (p PriceTiers) IsZero() bool { return len(p.tiers) == 0 }

// MOQ returns the minimum order quantity: the first tier's MinQty (0 with no tiers).
func (p PriceTiers) MOQ() int64 {
	if len(p.tiers) == 0 {
		return 0
	}
	return p.tiers[0].MinQty
}

// Equal reports whether both tables have the same bands and prices.
func (p PriceTiers) Equal(o PriceTiers) bool {
	if len(p.tiers) != len(o.tiers) {
		return false
	}
	for i, t := range p.tiers {
		u := o.tiers[i]
		if t.MinQty != u.MinQty || t.MaxQty != u.MaxQty || !t.UnitPrice.Equal(u.UnitPrice) {
			return false
		}
	}
	return true
}

// UnitPriceFor returns the unit price of a line of qty units: the price of the
// tier qty falls in (R2.1). A quantity below the MOQ is a *shopkit.ValidationError
// with code CodeBelowMinimumOrder; above a closed last tier,
// CodeAboveMaximumOrder; qty ≤ 0, CodeInvalidQuantity. A table
// without tiers is CodeNotWholesale (ErrNotAllowed).
func (p PriceTiers) UnitPriceFor(qty int64) (shopkit.Money, error) {
	if qty <= 0 {
		return shopkit.Money{}, shopkit.Invalid(CodeInvalidQuantity, "quantity", "must be greater than zero")
	}
	if len(p.tiers) == 0 {
		return shopkit.Money{}, shopkit.NewError(shopkit.ErrNotAllowed, CodeNotWholesale, "the listing has no wholesale price tiers")
	}
	if moq := p.tiers[0].MinQty; qty < moq {
		return shopkit.Money{}, shopkit.Invalid(CodeBelowMinimumOrder, "quantity", "must be at least the minimum order quantity "+strconv.FormatInt(moq, 10))
	}
	i := sort.Search(len(p.tiers), func(i int) bool { return p.tiers[i].MaxQty == 0 || p.tiers[i].MaxQty >= qty })
	if i == len(p.tiers) {
		return shopkit.Money{}, shopkit.Invalid(CodeAboveMaximumOrder, "quantity", "must be at most "+strconv.FormatInt(p.tiers[len(p.tiers)-1].MaxQty, 10))
	}
	return p.tiers[i].UnitPrice, nil
}

// UnmarshalJSON decodes one band strictly: a key that is not a field of
// PriceTier is a ValidationError with code CodeInvalidTiers naming it. A
// table's bands are checked together by PriceTiers.UnmarshalJSON.
func (t *PriceTier) UnmarshalJSON(data []byte) error {
	type plain PriceTier
	v := plain(*t)
	if err := strictjson.Decode(data, &v, CodeInvalidTiers); err != nil {
		return err
	}
	*t = PriceTier(v)
	return nil
}

// MarshalJSON writes the bands as a JSON array (null with no tiers).
func (p PriceTiers) MarshalJSON() ([]byte, error) {
	if len(p.tiers) == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(p.tiers)
}

// UnmarshalJSON reads a JSON array of bands and validates it as NewPriceTiers
// does; null or [] is the empty table.
func (p *PriceTiers) UnmarshalJSON(data []byte) error {
	var ts []PriceTier
	if err := json.Unmarshal(data, &ts); err != nil {
		return err
	}
	if len(ts) == 0 {
		*p = PriceTiers{}
		return nil
	}
	v, err := NewPriceTiers(ts)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

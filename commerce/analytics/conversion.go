package analytics

import (
	"iter"
	"slices"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
)

// ListingStats is one listing's traffic over a period (R2.7): it may appear
// several times (one record per day); ListingConversion adds them up.
type ListingStats struct {
	ListingID uuid.UUID `json:"listing_id"` // the listing
	Views     int64     `json:"views"`      // detail page views, ≥ 0
	Purchases int64     `json:"purchases"`  // orders paid for it, ≥ 0
}

// Conversion is a listing's views → purchases conversion (R2.7).
type Conversion struct {
	ListingID uuid.UUID       `json:"listing_id"` // the listing
	Views     int64           `json:"views"`      // Σ views
	Purchases int64           `json:"purchases"`  // Σ purchases
	Rate      decimal.Decimal `json:"rate"`       // Purchases ÷ Views to RatePlaces places; zero without views
}

// ListingConversion adds up each listing's stats and returns its conversion,
// sorted by listing ID. Memory grows with the number of listings, not of
// records: at most MaxGroups. A negative count is a ValidationError
// (CodeInvalidListingStats) naming it; overflow an ErrOverflow error; nil stats
// shopkit.NilArgument.
func ListingConversion(stats iter.Seq[ListingStats]) ([]Conversion, error) {
	if stats == nil {
		return nil, shopkit.NilArgument("stats")
	}
	byListing := map[uuid.UUID]*Conversion{}
	for s := range stats {
		if s.Views < 0 {
			return nil, shopkit.Invalid(CodeInvalidListingStats, "views", "must not be negative")
		}
		if s.Purchases < 0 {
			return nil, shopkit.Invalid(CodeInvalidListingStats, "purchases", "must not be negative")
		}
		c, err := group(byListing, s.ListingID, "listing_id")
		if err != nil {
			return nil, err
		}
		c.ListingID = s.ListingID
		if err := addAmount(&c.Views, s.Views); err != nil {
			return nil, err
		}
		if err := addAmount(&c.Purchases, s.Purchases); err != nil {
			return nil, err
		}
	}
	out := make([]Conversion, 0, len(byListing))
	for _, c := range byListing {
		c.Rate = ratio(c.Purchases, c.Views)
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Conversion) int { return slices.Compare(a.ListingID[:], b.ListingID[:]) })
	return out, nil
}

package review

import (
	"iter"
	"slices"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Rating is an exact average of star ratings: Stars / Count. No rounding happens
// until Average is asked for a number of decimal places.
type Rating struct {
	Count int64 `json:"count"` // reviews counted
	Stars int64 `json:"stars"` // their stars summed
}

// Average returns Stars / Count rounded half-up to places decimal places, and
// false when there are no reviews.
func (r Rating) Average(places int32) (decimal.Decimal, bool) {
	if r.Count == 0 {
		return decimal.Zero, false
	}
	return decimal.NewFromInt(r.Stars).DivRound(decimal.NewFromInt(r.Count), places), true
}

func (r Rating) add(stars int) Rating {
	return Rating{Count: r.Count + 1, Stars: r.Stars + int64(stars)}
}

// each yields the reviews of a stream, skipping nil ones: a nil stream, like
// a nil review in it, counts nothing.
func each(reviews iter.Seq[*Review]) iter.Seq[*Review] {
	return func(yield func(*Review) bool) {
		if reviews == nil {
			return
		}
		for r := range reviews {
			if r != nil && !yield(r) {
				return
			}
		}
	}
}

// ListingRating averages the reviews that rate listing (R2.6). It streams: memory
// does not grow with the number of reviews. A nil stream, and a nil review in
// it, count nothing.
func ListingRating(reviews iter.Seq[*Review], listing uuid.UUID) Rating {
	var out Rating
	for r := range each(reviews) {
		if slices.Contains(r.listingIDs, listing) {
			out = out.add(r.stars)
		}
	}
	return out
}

// MerchantRating averages the reviews of merchant's orders (R2.6). A nil
// stream, and a nil review in it, count nothing.
func MerchantRating(reviews iter.Seq[*Review], merchant uuid.UUID) Rating {
	var out Rating
	for r := range each(reviews) {
		if r.merchantID == merchant {
			out = out.add(r.stars)
		}
	}
	return out
}

// RatingsByListing averages every listing's reviews in one pass; memory grows
// with the number of listings, not reviews. A nil stream gives an empty map.
func RatingsByListing(reviews iter.Seq[*Review]) map[uuid.UUID]Rating {
	out := map[uuid.UUID]Rating{}
	for r := range each(reviews) {
		for _, l := range r.listingIDs {
			out[l] = out[l].add(r.stars)
		}
	}
	return out
}

package catalog

import (
	"slices"
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// ListingField names a content field, for ListingPolicy.ReviewOnEdit.
type ListingField string

// The content fields.
const (
	FieldKind        ListingField = "kind"
	FieldName        ListingField = "name"
	FieldDescription ListingField = "description"
	FieldCategory    ListingField = "category"
	FieldImages      ListingField = "images"
	FieldPrice       ListingField = "price"
	FieldStock       ListingField = "stock"
	FieldServiceTime ListingField = "service_time"
	FieldSKUs        ListingField = "skus"
	FieldTiers       ListingField = "tiers"
)

// listingFields is the strict codec of ListingField.
var listingFields = enum.New(CodeUnknownField, "field", FieldKind, FieldName, FieldDescription, FieldCategory,
	FieldImages, FieldPrice, FieldStock, FieldServiceTime, FieldSKUs, FieldTiers)

// MarshalText implements encoding.TextMarshaler; an unknown field is an error.
func (f ListingField) MarshalText() ([]byte, error) { return listingFields.Marshal(f) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown field is a
// ValidationError with code CodeUnknownField.
func (f *ListingField) UnmarshalText(b []byte) error { return listingFields.Unmarshal(f, b) }

// ListingPolicy holds the listing workflow's numbers and choices (R2.1). It is
// passed by value; the zero ListingPolicy is invalid: start from
// DefaultListingPolicy.
type ListingPolicy struct {
	// ReviewOnEdit lists the fields whose edit sends an approved, published or
	// unpublished listing back to review. R2.1: name, description, category and
	// images do, price and stock do not. The default adds kind and service time,
	// which describe what a buyer gets. It may be empty: no edit needs review.
	ReviewOnEdit []ListingField `json:"review_on_edit"`
	// ReviewWithin is how long a submitted listing may wait for its automatic
	// review before it escalates to manual review by the platform (a library
	// default: docs/rules.md R2.1 sets no number). It must be positive, so no submitted
	// listing waits without a deadline (R0.3).
	ReviewWithin time.Duration `json:"review_within"`
}

// DefaultListingPolicy returns the defaults of R2.1, with a review deadline of
// 24 hours.
func DefaultListingPolicy() ListingPolicy {
	return ListingPolicy{
		ReviewOnEdit: []ListingField{FieldName, FieldDescription, FieldCategory, FieldImages, FieldKind, FieldServiceTime},
		ReviewWithin: 24 * time.Hour,
	}
}

// Validate reports a review deadline that is not positive, or an unknown or
// repeated field in ReviewOnEdit, as a ValidationError with code
// CodeInvalidPolicy naming each field.
func (p ListingPolicy) Validate() error {
	var ps []shopkit.FieldProblem
	if p.ReviewWithin <= 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "review_within", Problem: "must be greater than zero"})
	}
	for i, f := range p.ReviewOnEdit {
		field := "review_on_edit[" + strconv.Itoa(i) + "]"
		switch {
		case !listingFields.Valid(f):
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "unknown field " + strconv.Quote(string(f))})
		case slices.Contains(p.ReviewOnEdit[:i], f):
			ps = append(ps, shopkit.FieldProblem{Field: field, Problem: "repeats " + strconv.Quote(string(f))})
		}
	}
	return shopkit.Incomplete(CodeInvalidPolicy, ps)
}

func (p ListingPolicy) clone() ListingPolicy {
	p.ReviewOnEdit = slices.Clone(p.ReviewOnEdit)
	return p
}

// UnmarshalJSON decodes a policy strictly: a key that is not a field of
// ListingPolicy is a ValidationError with code CodeInvalidPolicy naming it, and
// ReviewOnEdit holds only ListingField names (CodeUnknownField). Fields the JSON
// does not name keep their value, so a host may overlay its settings on
// DefaultListingPolicy. It does not validate: the policy is validated where it
// is used.
func (p *ListingPolicy) UnmarshalJSON(data []byte) error {
	type plain ListingPolicy
	v := plain(p.clone()) // decoding reuses a slice's array: leave the caller's alone
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = ListingPolicy(v)
	return nil
}

package membership

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// Strict JSON decoding of the tier set a merchant defines (a shop's settings
// page, a host's config file): a key that is not a field is a ValidationError
// with code CodeInvalidTierSetConfig naming it, and so is a value of the wrong
// JSON type, so a misspelt threshold ("min_amout") never leaves a zero
// threshold in force silently (R5.1). Enumerations decode only their names
// (mode "either", rounding "half_up", currency "CNY") and amounts only the
// kernel's Money form, each with its own error; a bad rate or listing ID (whose
// decoders give no code) is CodeInvalidTierSetConfig naming its field. Fields the JSON does not name
// keep their value, except inside a tier, which is decoded whole. Decoding does not validate the set: NewTierSet does.

// UnmarshalJSON decodes a tier set config strictly (CodeInvalidTierSetConfig).
func (c *TierSetConfig) UnmarshalJSON(data []byte) error {
	type plain TierSetConfig
	v := plain(*c)
	// Decoding into a slice reuses its array: leave the caller's alone.
	v.Tiers = slices.Clone(c.Tiers)
	v.ExcludedCategories = slices.Clone(c.ExcludedCategories)
	v.ExcludedListings = slices.Clone(c.ExcludedListings)
	if err := decode(data, &v, "excluded_listings"); err != nil {
		return err
	}
	*c = TierSetConfig(v)
	return nil
}

// UnmarshalJSON decodes one tier strictly (CodeInvalidTierSetConfig), so that
// a misspelt key inside "tiers" is refused too. A tier is decoded whole: a key
// it leaves out is zero, not a value of the tier it replaces.
func (t *Tier) UnmarshalJSON(data []byte) error {
	type plain Tier
	var v plain
	if err := decode(data, &v, "tier"); err != nil {
		return err
	}
	*t = Tier(v)
	return nil
}

// UnmarshalJSON decodes a tier's benefits strictly (CodeInvalidTierSetConfig).
func (b *Benefits) UnmarshalJSON(data []byte) error {
	type plain Benefits
	v := plain(b.clone())
	if err := decode(data, &v, "discount_rate"); err != nil {
		return err
	}
	*b = Benefits(v)
	return nil
}

// decode is strictjson.Decode with CodeInvalidTierSetConfig. The one field of
// v whose own decoder returns an error without a code (decimal's for a rate,
// uuid's for a listing ID) is named by field, so every refusal has a code.
func decode(data []byte, v any, field string) error {
	err := strictjson.Decode(data, v, CodeInvalidTierSetConfig)
	var syntax *json.SyntaxError
	if err == nil || shopkit.CodeOf(err) != "" || errors.As(err, &syntax) {
		return err
	}
	return shopkit.Invalid(CodeInvalidTierSetConfig, field, err.Error())
}

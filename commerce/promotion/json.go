package promotion

import "github.com/shopkit/shopkit/internal/strictjson"

// The JSON form of the package's types that hold durations: snake_case keys,
// and durations as ISO 8601 ("PT48H") rather than encoding/json's
// nanoseconds, so a frontend and a store read them alike (docs/json.md).
// Snapshots decode strictly.

// MarshalJSON writes the policy with its durations in ISO 8601.
func (v CampaignPolicy) MarshalJSON() ([]byte, error) {
	type plain CampaignPolicy
	return strictjson.Marshal(plain(v))
}

// MarshalJSON writes the policy with its durations in ISO 8601.
func (v CouponPolicy) MarshalJSON() ([]byte, error) {
	type plain CouponPolicy
	return strictjson.Marshal(plain(v))
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidSnapshot): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *CouponSnapshot) UnmarshalJSON(data []byte) error {
	type plain CouponSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidSnapshot); err != nil {
		return err
	}
	*s = CouponSnapshot(v)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidSnapshot): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *CouponTemplateSnapshot) UnmarshalJSON(data []byte) error {
	type plain CouponTemplateSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidSnapshot); err != nil {
		return err
	}
	*s = CouponTemplateSnapshot(v)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidSnapshot): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *CouponQuotaSnapshot) UnmarshalJSON(data []byte) error {
	type plain CouponQuotaSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidSnapshot); err != nil {
		return err
	}
	*s = CouponQuotaSnapshot(v)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidSnapshot): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *CampaignSnapshot) UnmarshalJSON(data []byte) error {
	type plain CampaignSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidSnapshot); err != nil {
		return err
	}
	*s = CampaignSnapshot(v)
	return nil
}

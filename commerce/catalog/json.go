package catalog

import "github.com/shopkit/shopkit/internal/strictjson"

// The JSON form of the package's types that hold durations: snake_case keys,
// and durations as ISO 8601 ("PT48H") rather than encoding/json's
// nanoseconds, so a frontend and a store read them alike (docs/json.md).
// Snapshots decode strictly.

// MarshalJSON writes the policy with its durations in ISO 8601.
func (v ListingPolicy) MarshalJSON() ([]byte, error) {
	type plain ListingPolicy
	return strictjson.Marshal(plain(v))
}

// MarshalJSON writes the service time with its durations in ISO 8601.
func (v ServiceTime) MarshalJSON() ([]byte, error) {
	type plain ServiceTime
	return strictjson.Marshal(plain(v))
}

// UnmarshalJSON decodes the service time strictly (CodeInvalidServiceTime): a key that is not a
// field, or a duration not in ISO 8601, is a ValidationError naming it. The whole value is
// decoded: a key the JSON leaves out is zero.
func (v *ServiceTime) UnmarshalJSON(data []byte) error {
	type plain ServiceTime
	var p plain
	if err := strictjson.Decode(data, &p, CodeInvalidServiceTime); err != nil {
		return err
	}
	*v = ServiceTime(p)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidSnapshot): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *ListingSnapshot) UnmarshalJSON(data []byte) error {
	type plain ListingSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidSnapshot); err != nil {
		return err
	}
	*s = ListingSnapshot(v)
	return nil
}

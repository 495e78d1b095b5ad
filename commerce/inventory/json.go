package inventory

import "github.com/shopkit/shopkit/internal/strictjson"

// The JSON form of the package's types that hold durations: snake_case keys,
// and durations as ISO 8601 ("PT48H") rather than encoding/json's
// nanoseconds, so a frontend and a store read them alike (docs/json.md).
// Snapshots decode strictly.

// MarshalJSON writes the policy with its durations in ISO 8601.
func (v Policy) MarshalJSON() ([]byte, error) {
	type plain Policy
	return strictjson.Marshal(plain(v))
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidSnapshot): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *StockItemSnapshot) UnmarshalJSON(data []byte) error {
	type plain StockItemSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidSnapshot); err != nil {
		return err
	}
	*s = StockItemSnapshot(v)
	return nil
}

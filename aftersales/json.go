package aftersales

import "github.com/shopkit/shopkit/internal/strictjson"

// The JSON form of the policy and the case snapshot: snake_case keys, and
// durations as ISO 8601 ("PT48H") rather than encoding/json's nanoseconds, so
// a frontend and a store read them alike (docs/json.md). Decoding is strict: a
// key that is not a field is a ValidationError naming it.

// MarshalJSON writes the policy with its durations in ISO 8601.
func (p Policy) MarshalJSON() ([]byte, error) {
	type plain Policy
	return strictjson.Marshal(plain(p))
}

// UnmarshalJSON decodes a policy strictly (CodeInvalidPolicy). Fields the JSON
// does not name keep their value, so a host may overlay its settings on
// DefaultPolicy; the calendar is not part of the JSON form. It does not
// validate: the policy is validated where it is used.
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = Policy(v)
	return nil
}

// MarshalJSON writes the snapshot with its durations in ISO 8601.
func (s CaseSnapshot) MarshalJSON() ([]byte, error) {
	type plain CaseSnapshot
	return strictjson.Marshal(plain(s))
}

// UnmarshalJSON decodes a snapshot strictly (CodeInvalidCase); the snapshot is
// validated when it is restored.
func (s *CaseSnapshot) UnmarshalJSON(data []byte) error {
	type plain CaseSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidCase); err != nil {
		return err
	}
	*s = CaseSnapshot(v)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidLedger): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *LedgerSnapshot) UnmarshalJSON(data []byte) error {
	type plain LedgerSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidLedger); err != nil {
		return err
	}
	*s = LedgerSnapshot(v)
	return nil
}

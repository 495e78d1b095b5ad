package support

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

// MarshalJSON writes the rules with its durations in ISO 8601.
func (v QualityRules) MarshalJSON() ([]byte, error) {
	type plain QualityRules
	return strictjson.Marshal(plain(v))
}

// MarshalJSON writes the target with its durations in ISO 8601.
func (v SLATarget) MarshalJSON() ([]byte, error) {
	type plain SLATarget
	return strictjson.Marshal(plain(v))
}

// UnmarshalJSON decodes the target strictly (CodeInvalidPolicy): a key that is not a
// field, or a duration not in ISO 8601, is a ValidationError naming it. The whole value is
// decoded: a key the JSON leaves out is zero.
func (v *SLATarget) UnmarshalJSON(data []byte) error {
	type plain SLATarget
	var p plain
	if err := strictjson.Decode(data, &p, CodeInvalidPolicy); err != nil {
		return err
	}
	*v = SLATarget(p)
	return nil
}

// MarshalJSON writes the service times with its durations in ISO 8601.
func (v ServiceTimes) MarshalJSON() ([]byte, error) {
	type plain ServiceTimes
	return strictjson.Marshal(plain(v))
}

// UnmarshalJSON decodes the service times strictly (CodeInvalidConversation): a key that is not a
// field, or a duration not in ISO 8601, is a ValidationError naming it. The whole value is
// decoded: a key the JSON leaves out is zero.
func (v *ServiceTimes) UnmarshalJSON(data []byte) error {
	type plain ServiceTimes
	var p plain
	if err := strictjson.Decode(data, &p, CodeInvalidConversation); err != nil {
		return err
	}
	*v = ServiceTimes(p)
	return nil
}

// MarshalJSON writes the snapshot with its durations in ISO 8601.
func (v ConversationSnapshot) MarshalJSON() ([]byte, error) {
	type plain ConversationSnapshot
	return strictjson.Marshal(plain(v))
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidConversation): a key that is not a
// field, or a duration not in ISO 8601, is a ValidationError naming it. The whole value is
// decoded: a key the JSON leaves out is zero.
func (v *ConversationSnapshot) UnmarshalJSON(data []byte) error {
	type plain ConversationSnapshot
	var p plain
	if err := strictjson.Decode(data, &p, CodeInvalidConversation); err != nil {
		return err
	}
	*v = ConversationSnapshot(p)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidComplaint): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *ComplaintSnapshot) UnmarshalJSON(data []byte) error {
	type plain ComplaintSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidComplaint); err != nil {
		return err
	}
	*s = ComplaintSnapshot(v)
	return nil
}

// UnmarshalJSON decodes the snapshot strictly (CodeInvalidRouter): a key that is not a
// field is a ValidationError naming it, so a store's document with a key
// this version does not know is refused, not half read. The whole snapshot
// is decoded; it is validated when it is restored.
func (s *RouterSnapshot) UnmarshalJSON(data []byte) error {
	type plain RouterSnapshot
	var v plain
	if err := strictjson.Decode(data, &v, CodeInvalidRouter); err != nil {
		return err
	}
	*s = RouterSnapshot(v)
	return nil
}

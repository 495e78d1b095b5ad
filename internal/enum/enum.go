// Package enum gives the string-like enumerations of every package (states,
// actions, kinds, modes) one strict text codec: an unknown value is a
// *shopkit.ValidationError naming the field and the values allowed, never silently
// accepted (JSON of a workflow entity must not smuggle in a state the table does
// not know).
package enum

import (
	"strings"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// Set is the fixed set of values of one enumeration. It is immutable after New.
type Set[E ~string] struct {
	code   string // "pkg.unknown_xxx"
	field  string
	values []E
}

// New returns the set of values; code is the error code for an unknown value
// ("order.unknown_state") and field the field it names ("state").
func New[E ~string](code, field string, values ...E) Set[E] {
	// A copy: a caller's slice passed with values... must not change the set.
	return Set[E]{code: code, field: field, values: append([]E(nil), values...)}
}

// Valid reports whether v is one of the set's values.
func (s Set[E]) Valid(v E) bool {
	for _, x := range s.values {
		if x == v {
			return true
		}
	}
	return false
}

// Values returns a copy of the set's values.
func (s Set[E]) Values() []E { return append([]E(nil), s.values...) }

// Check returns nil for a value of the set, else a ValidationError.
func (s Set[E]) Check(v E) error {
	if s.Valid(v) {
		return nil
	}
	names := make([]string, len(s.values))
	for i, x := range s.values {
		names[i] = string(x)
		if x == "" {
			names[i] = `""` // a set may allow "not given"
		}
	}
	return shopkit.Invalid(s.code, s.field, "must be one of "+strings.Join(names, ", ")+", not "+text.Quote(string(v)))
}

// maxQuoted is how many runes of an unknown value an error message repeats: the

// Marshal is the body of a MarshalText method: an unknown value is an error.
func (s Set[E]) Marshal(v E) ([]byte, error) {
	if err := s.Check(v); err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// Unmarshal is the body of an UnmarshalText method: *dst is set only when b is a
// value of the set.
func (s Set[E]) Unmarshal(dst *E, b []byte) error {
	v := E(b)
	if err := s.Check(v); err != nil {
		return err
	}
	*dst = v
	return nil
}

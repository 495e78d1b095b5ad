// Package strictjson decodes the JSON a host or a frontend sends in strictly: a key
// that is not a field is an error naming it, so a misspelt setting never leaves a
// zero value in force silently.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/shopkit/shopkit"
)

// Decode decodes the JSON object data into v, the plain form of a config a
// host supplies (a policy, a preset's thresholds). A key that is not a field of v
// is a ValidationError with code naming that key, and a value of the wrong JSON
// type one naming its field: a misspelt setting must not silently leave the
// zero value in force. Errors of the fields' own decoders that carry a code (an
// unknown region) are returned as they are; any other error (malformed JSON, a
// bad decimal or UUID) is a ValidationError with code.
//
// A duration is read in the form ParseDuration takes ("PT48H"); anything else
// (a number of nanoseconds, "P2D") is a ValidationError naming its field.
func Decode(data []byte, v any, code string) error {
	target := reflect.ValueOf(v)
	var shadow reflect.Value
	if target.Kind() == reflect.Pointer && !target.IsNil() {
		if st, ok := shadowType(target.Type().Elem()); ok {
			shadow = reflect.New(st)
			convert(shadow.Elem(), target.Elem())
			v = shadow.Interface()
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if shadow.IsValid() {
			convert(target.Elem(), shadow.Elem())
		}
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Type == durationType {
		return shopkit.Invalid(code, te.Field, "must be an ISO 8601 duration of the form PT…H…M…S (such as PT48H or PT1H30M), not a JSON "+te.Value)
	}
	if errors.As(err, &te) {
		return shopkit.Invalid(code, te.Field, "must be a JSON value of Go type "+te.Type.String()+", not a JSON "+te.Value)
	}
	// encoding/json reports an unknown key only in its message.
	if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if k, uerr := strconv.Unquote(key); uerr == nil {
			key = k
		}
		return shopkit.Invalid(code, key, "is not a known field")
	}
	if shopkit.CodeOf(err) != "" {
		return err // a field's own decoder said what is wrong, with its code
	}
	// Malformed JSON, or a field decoder without a code (a decimal, a UUID).
	return shopkit.Invalid(code, "", err.Error())
}

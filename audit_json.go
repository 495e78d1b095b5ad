package shopkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// UnmarshalJSON decodes an audit entry strictly (CodeInvalidEntry): a key
// that is not a field is a ValidationError naming it, and so is a value of the
// wrong JSON type, so a journal row written by another version is refused, not
// half read. The whole entry is decoded.
func (e *Entry) UnmarshalJSON(data []byte) error {
	type plain Entry
	var v plain
	if err := decodeStrict(data, &v, CodeInvalidEntry); err != nil {
		return err
	}
	*e = Entry(v)
	return nil
}

// UnmarshalJSON decodes an effect strictly (CodeInvalidEntry), as an entry is.
func (f *Effect) UnmarshalJSON(data []byte) error {
	type plain Effect
	var v plain
	if err := decodeStrict(data, &v, CodeInvalidEntry); err != nil {
		return err
	}
	*f = Effect(v)
	return nil
}

// decodeStrict decodes data into v with unknown keys refused, every error a
// ValidationError with code (a field's own coded error, Money's say, as it
// is). Packages use internal/strictjson, which cannot be imported here.
func decodeStrict(data []byte, v any, code string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return Invalid(code, te.Field, "must be a JSON value of Go type "+te.Type.String()+", not a JSON "+te.Value)
	}
	if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if k, uerr := strconv.Unquote(key); uerr == nil {
			key = k
		}
		return Invalid(code, key, "is not a known field")
	}
	if CodeOf(err) != "" {
		return err
	}
	return Invalid(code, "", err.Error())
}

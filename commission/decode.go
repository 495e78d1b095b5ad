package commission

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/shopkit/shopkit"
)

// UnmarshalJSON decodes a rule set strictly (R4.3: the rules a merchant is
// charged under must not lose a field to a typo, nor guess one). A field that
// the rule set, a plan, a tier or the promotion does not have — "ratee" for
// "rate", and also "Rate", which encoding/json would match to "rate" — is a
// *shopkit.ValidationError with CodeUnknownField whose Field is its path
// ("plans[0].ratee"); a value of the wrong type is CodeInvalidJSON naming its
// path; a value an enumeration or amount does not know (a plan kind, a
// rounding mode, a currency, a Money) is that type's own error, with its path
// as the field. On error rs is unchanged. Decoding does not validate the rules:
// CompileRuleSet and NewSchedule do.
func (rs *RuleSet) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil // as encoding/json leaves a value it reads null into
	}
	if err := checkObject(data, reflect.TypeFor[RuleSet](), ""); err != nil {
		return err
	}
	type plain RuleSet // RuleSet without this method
	var v plain
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // what checkObject found already; kept as a second guard
	if err := dec.Decode(&v); err != nil {
		return invalid(CodeInvalidJSON, fieldRuleSet, strings.TrimPrefix(err.Error(), "json: "))
	}
	*rs = RuleSet(v)
	return nil
}

// fieldRuleSet names the rule set itself in an error about the whole document.
const fieldRuleSet = "rule_set"

// checkObject checks the JSON object data against the struct type t: every key
// must be the JSON name of one of t's fields (exactly, case included), and its
// value must decode as that field. path is where the object is in the rule set.
func checkObject(data []byte, t reflect.Type, path string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return invalid(CodeInvalidJSON, cmp.Or(path, fieldRuleSet), "must be a JSON object")
	}
	fields := jsonFields(t)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same input names the same field first
	for _, k := range keys {
		f, ok := fields[k]
		if !ok {
			return invalid(CodeUnknownField, join(path, k), "is not a field of "+describe(t))
		}
		if err := checkValue(obj[k], f.Type, join(path, k)); err != nil {
			return err
		}
	}
	return nil
}

// checkValue checks that data decodes as a value of type t: structs, slices
// and maps of the rule set's own types are walked; everything else (amounts,
// rates, times, enumerations, numbers) is decoded on its own, so an error
// names its path.
func checkValue(data []byte, t reflect.Type, path string) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil // leaves the field at its zero value, as encoding/json does
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if decodesItself(t) {
		return checkLeaf(data, t, path)
	}
	switch t.Kind() {
	case reflect.Struct:
		return checkObject(data, t, path)
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return invalid(CodeInvalidJSON, path, "must be a JSON array")
		}
		for i, item := range items {
			if err := checkValue(item, t.Elem(), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		var items map[string]json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return invalid(CodeInvalidJSON, path, "must be a JSON object")
		}
		keys := make([]string, 0, len(items))
		for k := range items {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			item := items[k]
			if key, ok := reflect.New(t.Key()).Interface().(encoding.TextUnmarshaler); ok {
				if err := key.UnmarshalText([]byte(k)); err != nil {
					return invalid(CodeInvalidJSON, join(path, k), "is not a valid key: "+err.Error())
				}
			}
			if err := checkValue(item, t.Elem(), join(path, k)); err != nil {
				return err
			}
		}
		return nil
	}
	return checkLeaf(data, t, path)
}

// checkLeaf decodes data as a value of type t and names path in its error. A
// type's own ValidationError keeps its code; its field becomes the path (an
// object such as Money keeps its own field below it: "plans[1].fixed.amount").
func checkLeaf(data []byte, t reflect.Type, path string) error {
	err := json.Unmarshal(data, reflect.New(t).Interface())
	if err == nil {
		return nil
	}
	var ve *shopkit.ValidationError
	if !errors.As(err, &ve) {
		return invalid(CodeInvalidJSON, path, "is not a valid "+describe(t)+": "+strings.TrimPrefix(err.Error(), "json: "))
	}
	field := path
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && ve.Field != "" {
		field = join(path, ve.Field)
	}
	return &shopkit.ValidationError{Pkg: ve.Pkg, Reason: ve.Reason, Field: field, Problem: ve.Problem,
		Problems: []shopkit.FieldProblem{{Field: field, Problem: ve.Problem}}}
}

// decodesItself reports whether values of t decode through their own method
// (Money, decimal.Decimal, time.Time, PlanKind, …) rather than field by field.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(reflect.TypeFor[json.Unmarshaler]()) || p.Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}

// jsonFields maps the JSON names of t's exported fields to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := make(map[string]reflect.StructField, t.NumField())
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out[name] = f
	}
	return out
}

// describe names a type for an error message: "Plan", "int".
func describe(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

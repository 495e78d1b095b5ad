package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// DurationPattern is the grammar of a duration in JSON, as a regular
// expression for a JSON Schema: ISO 8601 time components only (hours,
// minutes, seconds with up to nine decimals, each optional but one present),
// with a leading "-" for a negative duration. Days, weeks, months and years
// are refused: a day is not always 24 hours, and the kernel's durations are
// exact. FormatDuration writes the shortest such form ("PT48H", "PT1H30M",
// "PT0.5S", "PT0S").
const DurationPattern = `^-?PT(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]{1,9})?S)?$`

// FormatDuration writes d in the JSON form DurationPattern describes.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	u := uint64(d)
	if d < 0 {
		b.WriteByte('-')
		u = -u // two's complement: also right for the most negative duration
	}
	b.WriteString("PT")
	h := u / uint64(time.Hour)
	u -= h * uint64(time.Hour)
	m := u / uint64(time.Minute)
	u -= m * uint64(time.Minute)
	s := u / uint64(time.Second)
	ns := u - s*uint64(time.Second)
	if h > 0 {
		b.WriteString(strconv.FormatUint(h, 10) + "H")
	}
	if m > 0 {
		b.WriteString(strconv.FormatUint(m, 10) + "M")
	}
	if s > 0 || ns > 0 {
		b.WriteString(strconv.FormatUint(s, 10))
		if ns > 0 {
			frac := strconv.FormatUint(ns+uint64(time.Second), 10)[1:] // nine digits
			b.WriteString("." + strings.TrimRight(frac, "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}

// errDuration is why ParseDuration refused its text.
var errDuration = errors.New("not an ISO 8601 duration of the form PT…H…M…S")

// ParseDuration reads the form FormatDuration writes; any other text (a
// number of nanoseconds, "P10D", "48h", a duration beyond time.Duration's
// range) is an error.
func ParseDuration(s string) (time.Duration, error) {
	neg := strings.HasPrefix(s, "-")
	rest, ok := strings.CutPrefix(strings.TrimPrefix(s, "-"), "PT")
	if !ok || rest == "" {
		return 0, errDuration
	}
	var total uint64 // nanoseconds, at most 1<<63 (the most negative duration)
	add := func(n, unit uint64) bool {
		if n > (1<<63)/unit {
			return false
		}
		n *= unit
		if total > 1<<63-n {
			return false
		}
		total += n
		return true
	}
	for _, unit := range []struct {
		letter string
		size   uint64
	}{{"H", uint64(time.Hour)}, {"M", uint64(time.Minute)}, {"S", uint64(time.Second)}} {
		i := strings.Index(rest, unit.letter)
		if i < 0 {
			continue
		}
		num := rest[:i]
		rest = rest[i+1:]
		whole, frac, hasFrac := strings.Cut(num, ".")
		if hasFrac && (unit.letter != "S" || frac == "" || len(frac) > 9 || !digits(frac)) {
			return 0, errDuration
		}
		if whole == "" || !digits(whole) {
			return 0, errDuration
		}
		n, err := strconv.ParseUint(whole, 10, 64)
		if err != nil || !add(n, unit.size) {
			return 0, errDuration
		}
		if hasFrac {
			f, _ := strconv.ParseUint(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
			if !add(f, 1) {
				return 0, errDuration
			}
		}
	}
	if rest != "" {
		return 0, errDuration // a unit out of order, twice, or unknown
	}
	if neg {
		return time.Duration(-total), nil //nolint:gosec // total ≤ 1<<63: the negation fits
	}
	if total > 1<<63-1 {
		return 0, errDuration
	}
	return time.Duration(total), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// durationText is time.Duration in its JSON form; it stands in for
// time.Duration in the shadow of a struct that Marshal and Decode build.
type durationText time.Duration

var durationType = reflect.TypeFor[time.Duration]()

var durationTextType = reflect.TypeFor[durationText]()

// MarshalJSON writes the duration as FormatDuration does.
func (d durationText) MarshalJSON() ([]byte, error) {
	return json.Marshal(FormatDuration(time.Duration(d)))
}

// UnmarshalJSON reads a duration as ParseDuration does. The error is a
// json.UnmarshalTypeError, which encoding/json completes with the field's
// path, so Decode can name the field.
func (d *durationText) UnmarshalJSON(data []byte) error {
	var s string
	if bytes.HasPrefix(data, []byte(`"`)) && json.Unmarshal(data, &s) == nil {
		if v, err := ParseDuration(s); err == nil {
			*d = durationText(v)
			return nil
		}
	}
	what := "number"
	switch {
	case bytes.HasPrefix(data, []byte(`"`)):
		what = "string " + string(data)
	case len(data) > 0 && (data[0] == '{' || data[0] == '['):
		what = "object or array"
	}
	return &json.UnmarshalTypeError{Value: what, Type: durationType}
}

// shadowType is t with every time.Duration it holds directly (as a field, or a
// field's pointer, slice, array or map element) replaced by durationText, and
// its unexported fields left out; ok is false when t holds no duration, or
// cannot be shadowed (an embedded field), so it is encoded as it is. Nested
// structs are not entered: a struct holding durations has its own JSON
// methods, which call Marshal and Decode.
func shadowType(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct {
		return t, false
	}
	fields := make([]reflect.StructField, 0, t.NumField())
	changed := false
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return t, false
		}
		if !f.IsExported() {
			continue
		}
		if nt, ok := durationsIn(f.Type); ok {
			f.Type = nt
			changed = true
		}
		f.Offset, f.Index = 0, nil
		fields = append(fields, f)
	}
	if !changed {
		return t, false
	}
	return reflect.StructOf(fields), true
}

// durationsIn replaces time.Duration in t, through pointers, slices, arrays
// and map values.
func durationsIn(t reflect.Type) (reflect.Type, bool) {
	if t == durationType {
		return durationTextType, true
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e, ok := durationsIn(t.Elem()); ok {
			return reflect.PointerTo(e), true
		}
	case reflect.Slice:
		if e, ok := durationsIn(t.Elem()); ok {
			return reflect.SliceOf(e), true
		}
	case reflect.Array:
		if e, ok := durationsIn(t.Elem()); ok {
			return reflect.ArrayOf(t.Len(), e), true
		}
	case reflect.Map:
		if e, ok := durationsIn(t.Elem()); ok {
			return reflect.MapOf(t.Key(), e), true
		}
	}
	return t, false
}

// convert copies src into dst, whose types differ at most by durationText for
// time.Duration (dst settable).
func convert(dst, src reflect.Value) {
	if dst.Type() == src.Type() {
		dst.Set(src)
		return
	}
	switch src.Kind() {
	case reflect.Int64:
		dst.SetInt(src.Int())
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(dst.Type().Elem())
		convert(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(dst.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			convert(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			convert(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(dst.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			e := reflect.New(dst.Type().Elem()).Elem()
			convert(e, it.Value())
			m.SetMapIndex(it.Key(), e)
		}
		dst.Set(m)
	case reflect.Struct:
		for i := range dst.NumField() {
			if f := dst.Type().Field(i); f.IsExported() {
				convert(dst.Field(i), src.FieldByName(f.Name))
			}
		}
	}
}

// Marshal is the body of a MarshalJSON method of a struct with duration
// fields: v (a struct, usually the method's receiver converted to a plain type
// without methods) is encoded by encoding/json with its tags, its durations in
// the form FormatDuration writes.
func Marshal(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return json.Marshal(v) // nil: null
	}
	st, ok := shadowType(rv.Type())
	if !ok {
		return json.Marshal(v)
	}
	sv := reflect.New(st).Elem()
	convert(sv, rv)
	return json.Marshal(sv.Interface())
}

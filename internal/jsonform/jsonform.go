// Package jsonform keeps the JSON form of the kit's public types from drifting:
// it builds a fully populated fixture of a type (Fill), finds the fields a
// value leaves zero (ZeroFields), lists the names of an enumeration the way
// its package declares them (Enum), and draws a JSON Schema from a type and
// its json tags (Schemas). The golden files under testdata/json and the
// schemas under docs/schema are made from one table of types with these.
package jsonform

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// Module is the import path of the module whose sources Enum reads.
const Module = "github.com/shopkit/shopkit"

var (
	timeType     = reflect.TypeFor[time.Time]()
	durationType = reflect.TypeFor[time.Duration]()
	moneyType    = reflect.TypeFor[shopkit.Money]()
	decimalType  = reflect.TypeFor[decimal.Decimal]()
	uuidType     = reflect.TypeFor[uuid.UUID]()
	dateType     = reflect.TypeFor[shopkit.Date]()
	currencyType = reflect.TypeFor[shopkit.Currency]()
	textUnm      = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMar      = reflect.TypeFor[encoding.TextMarshaler]()
)

// Instant is the instant every fixture's time.Time holds: nanoseconds and a
// +08:00 offset, so a golden file shows both survive. (An unnamed zone whole
// hours from UTC is the one time.Parse gives back, so a decoded fixture is
// equal to the one encoded.)
func Instant() time.Time {
	return time.Date(2026, 11, 11, 20, 30, 15, 123456789, time.FixedZone("", 8*3600))
}

// Filler builds fixtures. Special gives the value of a type Fill cannot
// build field by field (a type with unexported state, or one whose decoder
// checks more than each field); Enum the names of an enumeration, whose first
// non-empty name a fixture holds.
type Filler struct {
	Special map[reflect.Type]func() any
	Enum    func(reflect.Type) []string
}

// Fill returns a value of t with every exported field, element and entry
// non-zero: one element per slice, one entry per map.
func (f Filler) Fill(t reflect.Type) (reflect.Value, error) {
	if t == nil {
		return reflect.Value{}, errors.New("jsonform: no type to fill")
	}
	v := reflect.New(t).Elem()
	return v, f.fill(v, t.String())
}

func (f Filler) fill(v reflect.Value, path string) error {
	t := v.Type()
	if mk, ok := f.Special[t]; ok {
		v.Set(reflect.ValueOf(mk()))
		return nil
	}
	switch t {
	case timeType:
		v.Set(reflect.ValueOf(Instant()))
		return nil
	case durationType:
		v.SetInt(int64(36*time.Hour + 30*time.Minute + 1500*time.Millisecond))
		return nil
	case moneyType:
		v.Set(reflect.ValueOf(shopkit.CNY(12345)))
		return nil
	case decimalType:
		v.Set(reflect.ValueOf(decimal.RequireFromString("0.95")))
		return nil
	case uuidType:
		v.Set(reflect.ValueOf(uuid.NewSHA1(uuid.NameSpaceURL, []byte(path))))
		return nil
	case dateType:
		v.Set(reflect.ValueOf(shopkit.DateOf(Instant(), Instant().Location())))
		return nil
	case currencyType:
		v.SetString("CNY")
		return nil
	}
	if names := f.enum(t); names != nil {
		return setEnum(v, names, path)
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.String:
		v.SetString(word(path))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(3)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(3)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := f.fill(p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(t, 1, 1)
		if err := f.fill(s.Index(0), path+"[0]"); err != nil {
			return err
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			if err := f.fill(v.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		k := reflect.New(t.Key()).Elem()
		if err := f.fill(k, path+".key"); err != nil {
			return err
		}
		e := reflect.New(t.Elem()).Elem()
		if err := f.fill(e, path+"[key]"); err != nil {
			return err
		}
		m := reflect.MakeMapWithSize(t, 1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return fmt.Errorf("%s: no fixture for interface %s: give it in Special", path, t)
		}
		v.Set(reflect.ValueOf(word(path)))
	case reflect.Struct:
		filled := 0
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() || sf.Tag.Get("json") == "-" {
				continue
			}
			if err := f.fill(v.Field(i), path+"."+sf.Name); err != nil {
				return err
			}
			filled++
		}
		if filled == 0 {
			return fmt.Errorf("%s: no exported field in %s: give it in Special", path, t)
		}
	default:
		return fmt.Errorf("%s: no fixture for %s", path, t)
	}
	return nil
}

// word is a fixture's text for the field at path: its name in lower case,
// which every well-formed-name check (a channel, a skill group) accepts.
func word(path string) string {
	name := path[strings.LastIndex(path, ".")+1:]
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, name)
}

func (f Filler) enum(t reflect.Type) []string {
	if f.Enum == nil {
		return nil
	}
	return f.Enum(t)
}

// setEnum sets v to the first name of its enumeration that is not the zero
// value.
func setEnum(v reflect.Value, names []string, path string) error {
	u, ok := v.Addr().Interface().(encoding.TextUnmarshaler)
	if !ok {
		return fmt.Errorf("%s: %s has names but no UnmarshalText", path, v.Type())
	}
	for _, n := range names {
		if err := u.UnmarshalText([]byte(n)); err != nil {
			return fmt.Errorf("%s: %s refuses its own name %q: %w", path, v.Type(), n, err)
		}
		if !v.IsZero() {
			return nil
		}
	}
	return fmt.Errorf("%s: %s has no name but the zero value's", path, v.Type())
}

// ZeroFields lists the paths of the exported fields (json tag not "-") that
// v leaves zero, through nested structs, pointers, slices and maps (an array,
// a UUID say, is one value): a fixture
// with none shows a golden file covers every field.
func ZeroFields(v any) []string {
	if v == nil {
		return []string{"(nil)"}
	}
	var out []string
	zeroFields(reflect.ValueOf(v), reflect.TypeOf(v).String(), &out)
	return out
}

func zeroFields(v reflect.Value, path string, out *[]string) {
	if v.IsZero() {
		*out = append(*out, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		zeroFields(v.Elem(), path, out)
	case reflect.Slice:
		for i := range v.Len() {
			zeroFields(v.Index(i), path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			zeroFields(it.Value(), path+"["+fmt.Sprint(it.Key())+"]", out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if sf.IsExported() && sf.Tag.Get("json") != "-" {
				zeroFields(v.Field(i), path+"."+sf.Name, out)
			}
		}
	}
}

// Enum returns the names of the enumeration t as its package declares them:
// for a string type with UnmarshalText, each constant of type t in the
// package's sources (under root, the module's directory) that UnmarshalText
// accepts, in declaration order, and "" first when the empty text is
// accepted too (a type that accepts any well-formed text is no enumeration);
// for an integer type with MarshalText, the texts of the values
// 0 to 1023 that marshal, unless every one does (a quantity, not a set). It
// returns nil for any other type, or when no name is found.
func Enum(t reflect.Type, root string) []string {
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		if !reflect.PointerTo(t).Implements(textUnm) || t.PkgPath() == "" {
			return nil
		}
		if reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte("zz_not_a_name")) == nil {
			return nil // an open set: names well-formed, not listed
		}
		consts, err := constantsOf(t, root)
		if err != nil {
			return nil
		}
		var names []string
		if reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText(nil) == nil {
			names = append(names, "")
		}
		for _, c := range consts {
			if c != "" && reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(c)) == nil {
				names = append(names, c)
			}
		}
		if len(names) == 0 || len(names) == 1 && names[0] == "" {
			return nil
		}
		return names
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !t.Implements(textMar) {
			return nil
		}
		var names []string
		const probe = 1024
		for i := range probe {
			v := reflect.New(t).Elem()
			v.SetInt(int64(i))
			if b, err := v.Interface().(encoding.TextMarshaler).MarshalText(); err == nil {
				names = append(names, string(b))
			}
		}
		if len(names) == probe {
			return nil
		}
		return names
	}
	return nil
}

// constantsOf returns the string constants declared with type t in its
// package's non-test sources.
func constantsOf(t reflect.Type, root string) ([]string, error) {
	rel, ok := strings.CutPrefix(t.PkgPath(), Module)
	if !ok {
		return nil, errors.New("not a package of the module")
	}
	dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok || id.Name != t.Name() {
					continue
				}
				for _, val := range vs.Values {
					if lit, ok := val.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, err := strconv.Unquote(lit.Value); err == nil {
							out = append(out, s)
						}
					}
				}
			}
		}
	}
	return out, nil
}

// Schemas draws JSON Schemas (draft 2020-12) from Go types and their json
// tags: every struct is an object of its json keys with
// "additionalProperties": false, its fields required unless tagged omitempty
// or omitzero; instants are date-time strings, durations strings of
// strictjson.DurationPattern, Money its {"amount","currency"} object, rates
// decimal strings, UUIDs their canonical text, enumerations their names.
// Override gives the schema of a type whose JSON is written by its own
// MarshalJSON in a form its fields do not show.
type Schemas struct {
	Enum     func(reflect.Type) []string
	Override map[reflect.Type]func(s *Schemas) map[string]any
	defs     map[string]any
}

// Document returns the schema of t, titled title, as indented JSON.
func (s *Schemas) Document(t reflect.Type, title string) ([]byte, error) {
	if t == nil {
		return nil, errors.New("jsonform: no type to describe")
	}
	s.defs = map[string]any{}
	top := s.of(t)
	doc := map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"title":   title,
	}
	for k, v := range top {
		doc[k] = v
	}
	if len(s.defs) > 0 {
		doc["$defs"] = s.defs
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Ref returns the schema of t as a reference into the document's $defs when t
// is a named struct, or inline otherwise; an Override uses it for the types
// its form holds.
func (s *Schemas) Ref(t reflect.Type) map[string]any {
	if t == nil {
		return map[string]any{}
	}
	return s.of(t)
}

// DefName is the key of t in $defs: its package's name and its own
// ("order.Snapshot"), with a generic type's arguments in brackets.
func DefName(t reflect.Type) string {
	if t == nil {
		return ""
	}
	return strings.NewReplacer("/", "_", "*", "").Replace(strings.TrimPrefix(shortName(t), Module+"/"))
}

func shortName(t reflect.Type) string {
	name := t.String() // "order.Snapshot", "shopkit.Page[github.com/shopkit/shopkit.Entry]"
	if i := strings.Index(name, "["); i >= 0 {
		inner := name[i+1 : len(name)-1]
		if j := strings.LastIndex(inner, "/"); j >= 0 {
			inner = inner[j+1:]
		}
		name = name[:i] + "[" + inner + "]"
	}
	return name
}

func (s *Schemas) of(t reflect.Type) map[string]any {
	if o, ok := s.Override[t]; ok {
		return s.named(t, func() map[string]any { return o(s) })
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case durationType:
		return map[string]any{"type": "string", "pattern": strictjson.DurationPattern}
	case moneyType:
		return s.named(t, func() map[string]any {
			return map[string]any{
				"type": "object",
				"properties": map[string]any{
					"amount":   map[string]any{"type": "integer", "description": "minor units (fen for CNY)"},
					"currency": map[string]any{"type": "string", "pattern": "^[A-Z]{3}$"},
				},
				"required":             []string{"amount", "currency"},
				"additionalProperties": false,
			}
		})
	case decimalType:
		return map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`}
	case uuidType:
		return map[string]any{"type": "string", "format": "uuid", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}
	case dateType:
		return map[string]any{"type": "string", "format": "date"}
	case currencyType:
		return map[string]any{"type": "string", "pattern": "^([A-Z]{3})?$"}
	}
	if s.Enum != nil {
		if names := s.Enum(t); names != nil {
			return map[string]any{"type": "string", "enum": names}
		}
	}
	if t.Implements(textMar) || reflect.PointerTo(t).Implements(textMar) {
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Pointer:
		return map[string]any{"anyOf": []any{s.of(t.Elem()), map[string]any{"type": "null"}}}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": []string{"array", "null"}, "items": s.of(t.Elem())}
	case reflect.Map:
		m := map[string]any{"type": []string{"object", "null"}, "additionalProperties": s.of(t.Elem())}
		if names := s.enumOf(t.Key()); names != nil {
			m["propertyNames"] = map[string]any{"enum": names}
		}
		return m
	case reflect.Struct:
		return s.named(t, func() map[string]any { return s.object(t) })
	}
	return map[string]any{} // an interface: any JSON value
}

func (s *Schemas) enumOf(t reflect.Type) []string {
	if s.Enum == nil {
		return nil
	}
	return s.Enum(t)
}

// named puts the schema of a named type in $defs once and refers to it.
func (s *Schemas) named(t reflect.Type, build func() map[string]any) map[string]any {
	if t.Name() == "" {
		return build()
	}
	name := DefName(t)
	if s.defs == nil {
		s.defs = map[string]any{}
	}
	if _, ok := s.defs[name]; !ok {
		s.defs[name] = map[string]any{} // a placeholder: a type may refer to itself
		s.defs[name] = build()
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func (s *Schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	s.fields(t, props, &required)
	return map[string]any{
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	}
}

func (s *Schemas) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			s.fields(sf.Type, props, required)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		props[name] = s.of(sf.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

package frontendtest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/support"
)

const (
	schemaDir = "../docs/schema"
	goldenDir = "../testdata/json"
)

// compile reads the schema docs/schema/<name>.json, asserting formats too
// (date-time, uuid, date).
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(schemaDir, name+".json"))
	require.NoError(t, err)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(path, doc))
	s, err := c.Compile(path)
	require.NoError(t, err)
	return s
}

// instance decodes JSON as the validator reads it (numbers exact).
func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	return v
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	sort.Strings(out)
	return out
}

// Every golden file has a schema and validates against it, and every schema
// has a golden file: the contract and the examples cannot drift apart.
func TestGoldenFilesValidate(t *testing.T) {
	golden := names(t, goldenDir)
	require.NotEmpty(t, golden)
	assert.Equal(t, golden, names(t, schemaDir), "one schema per golden file")
	for _, name := range golden {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(goldenDir, name+".json"))
			require.NoError(t, err)
			assert.NoError(t, compile(t, name).Validate(instance(t, data)))
		})
	}
}

// A golden file changed in any one way the contract forbids fails
// validation: an unknown key, a duration in nanoseconds or in days, an
// instant without its offset, an amount as a string, an enum value the
// package does not declare, a missing required key.
func TestBrokenFilesFail(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(doc map[string]any)
	}{
		{"order_policy", func(d map[string]any) { d["ship_withn"] = "PT1H" }},
		{"order_policy", func(d map[string]any) { d["ship_within"] = 172800000000000 }},
		{"order_policy", func(d map[string]any) { d["ship_within"] = "P2D" }},
		{"order_policy", func(d map[string]any) { d["reserve_at"] = "shipment" }},
		{"order_policy", func(d map[string]any) { delete(d, "hold_grace") }},
		{"shopkit_entry", func(d map[string]any) { d["at"] = "2026-11-11 20:30:15" }},
		{"shopkit_effect", func(d map[string]any) { d["amount"] = map[string]any{"amount": "123.45", "currency": "CNY"} }},
		{"order_snapshot", func(d map[string]any) { d["state"] = "lost_in_post" }},
		{"order_snapshot", func(d map[string]any) { d["ID"] = d["id"]; delete(d, "id") }},
		{"aftersales_case_snapshot", func(d map[string]any) { d["id"] = "not-a-uuid" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(goldenDir, tc.name+".json"))
			require.NoError(t, err)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(data, &doc))
			tc.mutate(doc)
			broken, err := json.Marshal(doc)
			require.NoError(t, err)
			var ve *jsonschema.ValidationError
			assert.ErrorAs(t, compile(t, tc.name).Validate(instance(t, broken)), &ve, "%s", broken)
		})
	}
}

// What the kit writes for its real defaults, not only the fixtures, meets the
// schemas.
func TestDefaultsValidate(t *testing.T) {
	for name, v := range map[string]any{
		"order_policy":            order.DefaultPolicy(),
		"aftersales_policy":       aftersales.DefaultPolicy(),
		"support_policy":          support.DefaultPolicy(),
		"promotion_coupon_policy": promotion.DefaultCouponPolicy(),
	} {
		t.Run(name, func(t *testing.T) {
			data, err := json.Marshal(v)
			require.NoError(t, err)
			assert.NoError(t, compile(t, name).Validate(instance(t, data)), "%s", data)
		})
	}
}

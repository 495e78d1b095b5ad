package jsonform_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/shopkit/shopkit/internal/jsonform"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/support"
)

// root is the module's directory, seen from this package's.
const root = "../.."

// form is one public type whose JSON a frontend or a store sees. Its golden
// file is testdata/json/<name>.json and its schema docs/schema/<name>.json.
type form struct {
	name string
	typ  reflect.Type
	// report: written for a screen and never read back (it holds an error, say),
	// so it has no round trip.
	report bool
	// lax: decoded by encoding/json's own rules (an unknown key dropped):
	// data a screen reads and no host sends back in.
	lax bool
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// forms is the one table of covered types.
var forms = []form{
	{name: "shopkit_entry", typ: typeOf[shopkit.Entry]()},
	{name: "shopkit_effect", typ: typeOf[shopkit.Effect]()},
	{name: "shopkit_page", typ: typeOf[shopkit.Page[shopkit.Entry]](), lax: true},
	{name: "shopkit_page_request", typ: typeOf[shopkit.PageRequest](), lax: true},
	{name: "shopkit_sweep_result", typ: typeOf[shopkit.SweepResult](), report: true},
	{name: "shopkit_error", typ: typeOf[shopkit.ErrorBody](), lax: true},
	// What a screen shows of an entity's actions and deadline, for a case.
	{name: "shopkit_choice", typ: typeOf[shopkit.Choice[aftersales.Action]](), lax: true},
	{name: "shopkit_upcoming", typ: typeOf[shopkit.Upcoming[aftersales.State, aftersales.Action]](), lax: true},

	{name: "aftersales_case_snapshot", typ: typeOf[aftersales.CaseSnapshot]()},
	{name: "aftersales_ledger_snapshot", typ: typeOf[aftersales.LedgerSnapshot]()},
	{name: "aftersales_policy", typ: typeOf[aftersales.Policy]()},

	{name: "order_snapshot", typ: typeOf[order.Snapshot]()},
	{name: "order_policy", typ: typeOf[order.Policy]()},

	{name: "merchant_snapshot", typ: typeOf[merchant.Snapshot]()},
	{name: "merchant_policy", typ: typeOf[merchant.Policy]()},
	{name: "merchant_admission_report", typ: typeOf[merchant.AdmissionReport](), lax: true},
	{name: "merchant_admission_facts", typ: typeOf[merchant.AdmissionFacts](), lax: true},
	{name: "merchant_cross_border_marketplace_config", typ: typeOf[merchant.CrossBorderMarketplaceConfig]()},
	{name: "merchant_cross_border_import_config", typ: typeOf[merchant.CrossBorderImportConfig]()},
	{name: "merchant_global_purchase_tag_config", typ: typeOf[merchant.GlobalPurchaseTagConfig]()},

	{name: "catalog_listing_snapshot", typ: typeOf[catalog.ListingSnapshot]()},
	{name: "catalog_listing_policy", typ: typeOf[catalog.ListingPolicy]()},

	{name: "review_snapshot", typ: typeOf[review.Snapshot]()},
	{name: "review_policy", typ: typeOf[review.Policy]()},

	{name: "inventory_stock_item_snapshot", typ: typeOf[inventory.StockItemSnapshot]()},
	{name: "inventory_policy", typ: typeOf[inventory.Policy]()},

	{name: "promotion_coupon_snapshot", typ: typeOf[promotion.CouponSnapshot]()},
	{name: "promotion_coupon_template_snapshot", typ: typeOf[promotion.CouponTemplateSnapshot]()},
	{name: "promotion_coupon_quota_snapshot", typ: typeOf[promotion.CouponQuotaSnapshot]()},
	{name: "promotion_campaign_snapshot", typ: typeOf[promotion.CampaignSnapshot]()},
	{name: "promotion_coupon_policy", typ: typeOf[promotion.CouponPolicy]()},
	{name: "promotion_campaign_policy", typ: typeOf[promotion.CampaignPolicy]()},
	{name: "promotion_stacking_policy", typ: typeOf[promotion.StackingPolicy]()},

	{name: "membership_member_snapshot", typ: typeOf[membership.MemberSnapshot]()},
	{name: "membership_tier_set_config", typ: typeOf[membership.TierSetConfig]()},
	{name: "membership_evaluation", typ: typeOf[membership.Evaluation](), lax: true},

	{name: "support_conversation_snapshot", typ: typeOf[support.ConversationSnapshot]()},
	{name: "support_complaint_snapshot", typ: typeOf[support.ComplaintSnapshot]()},
	{name: "support_router_snapshot", typ: typeOf[support.RouterSnapshot]()},
	{name: "support_policy", typ: typeOf[support.Policy]()},
	{name: "support_severity_policy", typ: typeOf[support.SeverityPolicy]()},
	{name: "support_quality_rules", typ: typeOf[support.QualityRules]()},

	{name: "commission_statement", typ: typeOf[commission.Statement](), lax: true},
	{name: "commission_rule_set", typ: typeOf[commission.RuleSet]()},
}

// enum lists an enumeration's names from its package's declarations.
func enum(t reflect.Type) []string { return jsonform.Enum(t, root) }

func filler() jsonform.Filler {
	return jsonform.Filler{Enum: enum, Special: map[reflect.Type]func() any{
		typeOf[catalog.PriceTiers](): func() any {
			tiers, err := catalog.NewPriceTiers([]catalog.PriceTier{{MinQty: 1, MaxQty: 9, UnitPrice: shopkit.CNY(1000)},
				{MinQty: 10, MaxQty: 99, UnitPrice: shopkit.CNY(900)}})
			if err != nil {
				panic(err) // a fixed table: a test failure, never input
			}
			return tiers
		},
		typeOf[shopkit.SweepFailure](): func() any {
			return shopkit.SweepFailure{ID: fixtureID(), Err: shopkit.Invalid("order.invalid_policy", "ship_within", "must be greater than zero")}
		},
	}}
}

func schemas() *jsonform.Schemas {
	return &jsonform.Schemas{Enum: enum, Override: map[reflect.Type]func(s *jsonform.Schemas) map[string]any{
		typeOf[catalog.PriceTiers](): func(s *jsonform.Schemas) map[string]any {
			return map[string]any{"type": []string{"array", "null"}, "items": s.Ref(typeOf[catalog.PriceTier]())}
		},
		typeOf[shopkit.SweepFailure](): func(s *jsonform.Schemas) map[string]any {
			return map[string]any{
				"type": "object",
				"properties": map[string]any{
					"id":    s.Ref(typeOf[uuid.UUID]()),
					"error": s.Ref(typeOf[shopkit.ErrorBody]()),
				},
				"required":             []string{"id", "error"},
				"additionalProperties": false,
			}
		},
	}}
}

// fixture is one covered type's fixture, every field filled.
func fixture(t *testing.T, f form) any {
	t.Helper()
	v, err := filler().Fill(f.typ)
	require.NoError(t, err)
	return v.Interface()
}

func fixtureID() uuid.UUID { return uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8") }

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, json.Indent(&out, b, "", "  "))
	out.WriteByte('\n')
	return out.Bytes()
}

// Every covered type's JSON is its golden file: a changed form (a renamed key,
// another duration form) fails here until the file is regenerated with
// SHOPKIT_UPDATE_GOLDEN=1 and reviewed. The fixture leaves no field zero, so
// a field added to a type shows up in its golden file too.
func TestGoldenFiles(t *testing.T) {
	require.NoError(t, os.MkdirAll(filepath.Join(root, "testdata", "json"), 0o755))
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			v := fixture(t, f)
			assert.Empty(t, jsonform.ZeroFields(v), "the fixture leaves these fields zero")
			golden.Assert(t, filepath.Join(root, "testdata", "json", f.name+".json"), string(encode(t, v)))
		})
	}
}

// Every golden file decodes back, strictly, to the value it was written from:
// a store restores exactly what it saved.
func TestGoldenFilesRoundTrip(t *testing.T) {
	for _, f := range forms {
		if f.report {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, "testdata", "json", f.name+".json"))
			require.NoError(t, err)
			back := reflect.New(f.typ)
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(back.Interface()))
			assert.Empty(t, differences(reflect.ValueOf(fixture(t, f)), back.Elem(), f.name), "the decoded value differs from the fixture")
			assert.Equal(t, string(data), string(encode(t, back.Elem().Interface())), "encoding the decoded value gives the file again")
		})
	}
}

// Every covered type's JSON Schema, drawn from the type and its tags, is the
// committed docs/schema/<name>.json (regenerate with SHOPKIT_UPDATE_GOLDEN=1).
// The frontendtest module validates each golden file against its schema.
func TestSchemasAreCurrent(t *testing.T) {
	require.NoError(t, os.MkdirAll(filepath.Join(root, "docs", "schema"), 0o755))
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			doc, err := schemas().Document(f.typ, jsonform.DefName(f.typ))
			require.NoError(t, err)
			golden.Assert(t, filepath.Join(root, "docs", "schema", f.name+".json"), string(doc))
		})
	}
}

// differences lists the paths at which a and b differ, exported fields or not.
func differences(a, b reflect.Value, path string) []string {
	if a.Kind() != b.Kind() {
		return []string{path}
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return []string{path + " (nil)"}
			}
			return nil
		}
		return differences(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		var out []string
		for i := range a.NumField() {
			out = append(out, differences(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)...)
		}
		return out
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			return []string{path + " (nil slice)"}
		}
		if a.Len() != b.Len() {
			return []string{path + " (length)"}
		}
		var out []string
		for i := range a.Len() {
			out = append(out, differences(a.Index(i), b.Index(i), path+"["+strconv.Itoa(i)+"]")...)
		}
		return out
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return []string{path + " (map)"}
		}
		var out []string
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() {
				out = append(out, path+" (key)")
				continue
			}
			out = append(out, differences(it.Value(), bv, path+"[key]")...)
		}
		return out
	case reflect.Func:
		return nil
	}
	if !reflect.DeepEqual(valueOf(a), valueOf(b)) {
		return []string{path}
	}
	return nil
}

// valueOf reads a scalar, exported or not.
func valueOf(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.String:
		return v.String()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return v.Kind().String()
}

// Every covered type a host or a store sends back in decodes strictly: an
// unknown key is a ValidationError naming it, not silently dropped.
func TestGoldenFilesDecodeStrictly(t *testing.T) {
	for _, f := range forms {
		if f.report || f.lax {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, "testdata", "json", f.name+".json"))
			require.NoError(t, err)
			var doc map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(data, &doc))
			doc["zz_unknown"] = json.RawMessage(`1`)
			bad, err := json.Marshal(doc)
			require.NoError(t, err)
			err = json.Unmarshal(bad, reflect.New(f.typ).Interface())
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "zz_unknown", ve.Field)
		})
	}
}

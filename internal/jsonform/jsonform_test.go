package jsonform_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/jsonform"
	"github.com/shopkit/shopkit/support"
)

// ZeroFields names each field a value leaves zero, nested ones by path, so a
// fixture that misses a new field is caught.
func TestZeroFieldsNamesWhatIsMissing(t *testing.T) {
	e := shopkit.Entry{Seq: 1, Kind: shopkit.EntryChange, At: jsonform.Instant(), Evidence: []string{""}}
	missing := jsonform.ZeroFields(e)
	assert.Contains(t, missing, "shopkit.Entry.Role")
	assert.Contains(t, missing, "shopkit.Entry.Effect")
	assert.Contains(t, missing, "shopkit.Entry.Evidence[0]")
	assert.NotContains(t, missing, "shopkit.Entry.Seq")
	assert.NotContains(t, missing, "shopkit.Entry.At")
}

// Enum finds the names a package declares for a closed set, and none for an
// open one (well-formed names) or a quantity with a text form.
func TestEnumListsDeclaredNames(t *testing.T) {
	states := jsonform.Enum(reflect.TypeFor[order.State](), root)
	assert.Contains(t, states, string(order.OrderPendingPayment))
	assert.NotContains(t, states, "")
	assert.Equal(t, []string{"", "creation", "payment"}, jsonform.Enum(reflect.TypeFor[order.ReserveAt](), root))
	assert.Equal(t, []string{"", "low", "medium", "high"}, jsonform.Enum(reflect.TypeFor[support.Severity](), root), "0 is no severity yet")
	assert.Nil(t, jsonform.Enum(reflect.TypeFor[support.SkillGroup](), root))
	assert.Nil(t, jsonform.Enum(reflect.TypeFor[shopkit.ClockTime](), root))
	assert.Nil(t, jsonform.Enum(reflect.TypeFor[string](), root))
}

// Fill leaves nothing zero, and the fixed instant keeps its nanoseconds and
// offset.
func TestFillLeavesNothingZero(t *testing.T) {
	v, err := jsonform.Filler{}.Fill(reflect.TypeFor[shopkit.Page[shopkit.Cursor]]())
	require.NoError(t, err)
	assert.Empty(t, jsonform.ZeroFields(v.Interface()))
	_, offset := jsonform.Instant().Zone()
	assert.Equal(t, 8*3600, offset)
	assert.Equal(t, 123456789, jsonform.Instant().Nanosecond())
	_, err = jsonform.Filler{}.Fill(reflect.TypeFor[error]())
	assert.Error(t, err, "an interface needs a Special")
	d, err := jsonform.Filler{}.Fill(reflect.TypeFor[time.Duration]())
	require.NoError(t, err)
	assert.NotZero(t, d.Interface())
}

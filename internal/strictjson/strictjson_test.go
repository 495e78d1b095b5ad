package strictjson_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

type settings struct {
	Rate  string `json:"rate"`
	Limit int    `json:"limit"`
}

// An unknown key and a value of the wrong type are errors naming the field; a
// key the JSON leaves out keeps the value v had.
func TestDecode(t *testing.T) {
	v := settings{Rate: "0.05", Limit: 3}
	require.NoError(t, strictjson.Decode([]byte(`{"limit": 5}`), &v, "demo.invalid_settings"))
	assert.Equal(t, settings{Rate: "0.05", Limit: 5}, v)

	err := strictjson.Decode([]byte(`{"ratee": "0.06"}`), &v, "demo.invalid_settings")
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "demo.invalid_settings", shopkit.CodeOf(err))
	assert.Equal(t, "ratee", ve.Problems[0].Field)

	err = strictjson.Decode([]byte(`{"limit": "many"}`), &v, "demo.invalid_settings")
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "limit", ve.Problems[0].Field)

	require.Error(t, strictjson.Decode([]byte(`{`), &v, "demo.invalid_settings"))
}

type withID struct {
	ID uuid.UUID `json:"id"`
}

// Malformed JSON and a field decoder's uncoded error (a bad UUID) carry code.
func TestDecodeLabelsUncodedErrors(t *testing.T) {
	var v withID
	assert.Equal(t, "demo.invalid_settings", shopkit.CodeOf(strictjson.Decode([]byte(`{"id": "not-a-uuid"}`), &v, "demo.invalid_settings")))
	assert.Equal(t, "demo.invalid_settings", shopkit.CodeOf(strictjson.Decode([]byte(`{`), &v, "demo.invalid_settings")))
}

package shopkit_test

import (
	"bytes"
	"encoding/base64"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// R2.8: a cursor survives its text to the nanosecond, for instants before
// 1970, far in the future and in any location, and for any ID text.
func TestCursorRoundTrip_R2_8(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	for _, c := range []shopkit.Cursor{
		{At: time.Date(2026, 11, 11, 0, 0, 0, 1, time.UTC), ID: uuid.NewString()},
		{At: time.Date(2026, 11, 11, 8, 0, 0, 999_999_999, shanghai), ID: "m1/2026-10"},
		{At: time.Date(1969, 12, 31, 23, 59, 59, 5, time.UTC), ID: "x.y.z"},
		{At: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), ID: "后"},
		{At: time.Unix(math.MaxInt32, 0), ID: "-"},
	} {
		text := c.Encode()
		assert.NotContains(t, text, "=", "no padding")
		got, err := shopkit.DecodeCursor(text)
		require.NoError(t, err, "%v", c)
		assert.True(t, c.At.Equal(got.At), "%v: %v", c.At, got.At)
		assert.Equal(t, time.UTC, got.At.Location())
		assert.Equal(t, c.ID, got.ID)
		assert.Equal(t, 0, c.Compare(got))
	}
}

// R2.8: anything but a cursor's text is CodeInvalidPageCursor on the field
// "after", matching ErrInvalid.
func TestDecodeCursorRejectsMalformedText_R2_8(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, s := range []string{"", "%%%", enc("x"), enc("1.000000001"), enc("1.000000001."), enc("1.1.id"),
		enc("1.-00000001.id"), enc("1.+00000001.id"), enc("1.00000000a.id"), enc("+1.000000001.id"), enc("01.000000001.id"),
		enc("-0.000000001.id"), enc("99999999999999999999.000000001.id"), enc("1,000000001.id"),
		base64.URLEncoding.EncodeToString([]byte("1.000000001.id-with-pad")) + "=",
	} {
		_, err := shopkit.DecodeCursor(s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, "%q", s)
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "%q", s)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "after", ve.Field)
	}
	got, err := shopkit.DecodeCursor(enc("-1.000000001.id"))
	require.NoError(t, err, "an instant before 1970")
	assert.True(t, got.At.Equal(time.Unix(-1, 1)))
}

// R2.8: a page request's limit is 1 to MaxPageLimit, exactly at each edge
// and one past it; its After is "" or a cursor.
func TestPageRequestCheck_R2_8(t *testing.T) {
	cursor := shopkit.Cursor{At: time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC), ID: "a"}.Encode()
	for _, limit := range []int{1, 2, shopkit.MaxPageLimit} {
		require.NoError(t, shopkit.PageRequest{Limit: limit}.Check(), "limit %d", limit)
		require.NoError(t, shopkit.PageRequest{After: cursor, Limit: limit}.Check(), "limit %d", limit)
	}
	for _, limit := range []int{0, -1, shopkit.MaxPageLimit + 1, math.MaxInt} {
		err := shopkit.PageRequest{Limit: limit}.Check()
		require.ErrorIs(t, err, shopkit.ErrInvalid, "limit %d", limit)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit %d", limit)
	}
	err := shopkit.PageRequest{After: "nope", Limit: 1}.Check()
	assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err))

	c, started, err := shopkit.PageRequest{Limit: 1}.Start()
	require.NoError(t, err)
	assert.False(t, started, "the first page")
	assert.Equal(t, shopkit.Cursor{}, c)
	c, started, err = shopkit.PageRequest{After: cursor, Limit: 1}.Start()
	require.NoError(t, err)
	assert.True(t, started)
	assert.Equal(t, "a", c.ID)
}

// R2.8: cursors order by instant, then by ID; for UUIDs the order of their
// text is the order of their bytes, as a database orders a uuid column.
func TestCursorCompare_R2_8(t *testing.T) {
	at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	a, b := uuid.New(), uuid.New()
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	ca, cb := shopkit.Cursor{At: at, ID: a.String()}, shopkit.Cursor{At: at, ID: b.String()}
	assert.Equal(t, -1, ca.Compare(cb))
	assert.Equal(t, 1, cb.Compare(ca))
	later := shopkit.Cursor{At: at.Add(time.Nanosecond), ID: a.String()}
	assert.Equal(t, -1, cb.Compare(later), "the instant first")
	assert.Equal(t, 1, later.Compare(ca))
	assert.Equal(t, 0, ca.Compare(shopkit.Cursor{At: at.In(time.FixedZone("CST", 8*3600)), ID: a.String()}))
	for range 200 {
		x, y := uuid.New(), uuid.New()
		want := bytes.Compare(x[:], y[:])
		assert.Equal(t, want, shopkit.Cursor{ID: x.String()}.Compare(shopkit.Cursor{ID: y.String()}))
	}
}

// R2.8: a cursor of a list of UUID entities names a UUID in its canonical
// text.
func TestCursorUUID_R2_8(t *testing.T) {
	id := uuid.MustParse("7a1c0000-0000-4000-8000-00000000000a")
	got, err := shopkit.Cursor{ID: id.String()}.UUID()
	require.NoError(t, err)
	assert.Equal(t, id, got)
	for _, s := range []string{"", "x", "{" + id.String() + "}", "urn:uuid:" + id.String(), strings.ToUpper(id.String())} {
		_, err := shopkit.Cursor{ID: s}.UUID()
		require.ErrorIs(t, err, shopkit.ErrInvalid, "%q", s)
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "%q", s)
	}
}

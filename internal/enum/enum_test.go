package enum_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type color string

var colors = enum.New[color]("demo.unknown_color", "color", "red", "green")

func (c color) MarshalText() ([]byte, error)  { return colors.Marshal(c) }
func (c *color) UnmarshalText(b []byte) error { return colors.Unmarshal(c, b) }

func TestStrictCodec(t *testing.T) {
	var c color = "red"
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Equal(t, `"red"`, string(b))
	require.NoError(t, json.Unmarshal([]byte(`"green"`), &c))
	assert.Equal(t, color("green"), c)

	err = json.Unmarshal([]byte(`"blue"`), &c)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "demo.unknown_color", shopkit.CodeOf(err))
	assert.Equal(t, color("green"), c, "nothing changed")
	assert.EqualError(t, colors.Check("blue"), `demo: color must be one of red, green, not "blue"`)
	long := strings.Repeat("紫", 41)
	assert.EqualError(t, colors.Check(color(long)), `demo: color must be one of red, green, not "`+long[:40*3]+`"…`,
		"an untrusted value is cut to 40 runes")
	optional := enum.New[color]("demo.unknown_color", "color", "", "red")
	require.NoError(t, optional.Check(""))
	assert.EqualError(t, optional.Check("blue"), `demo: color must be one of "", red, not "blue"`)

	_, err = json.Marshal(color("pink"))
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, []color{"red", "green"}, colors.Values())
	assert.True(t, colors.Valid("red"))
}

// A set is immutable after New: neither the slice it was built from nor the one
// Values returns can change it.
func TestSetIsImmutable(t *testing.T) {
	vals := []color{"red", "green"}
	s := enum.New("demo.unknown_color", "color", vals...)
	vals[0] = "blue"
	assert.True(t, s.Valid("red"))
	assert.False(t, s.Valid("blue"))
	got := s.Values()
	got[1] = "pink"
	assert.Equal(t, []color{"red", "green"}, s.Values())
}

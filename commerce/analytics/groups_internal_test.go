package analytics

import (
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.7: memory grows with the groups, never beyond MaxGroups: a stream whose
// keys never repeat (an order ID passed as the source) is refused with
// CodeTooManyGroups once a call would keep one more. Every grouping function
// (by day, source, campaign, listing) adds its groups through group.
func TestGroupsAreBoundedR2_7(t *testing.T) {
	groups := make(map[int]*struct{}, MaxGroups)
	for i := range MaxGroups - 1 {
		groups[i] = new(struct{})
	}
	_, err := group(groups, MaxGroups-1, "source")
	require.NoError(t, err, "the last group that fits")
	_, err = group(groups, 0, "source")
	require.NoError(t, err, "a key already kept")
	_, err = group(groups, MaxGroups, "source")
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, CodeTooManyGroups, shopkit.CodeOf(err))
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "source", ve.Field)
	assert.Len(t, groups, MaxGroups)
}

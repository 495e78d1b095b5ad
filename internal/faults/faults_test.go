package faults_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shopkit/shopkit/internal/faults"
)

func TestCounterFailsTheArmedCall(t *testing.T) {
	var c faults.Counter
	assert.NoError(t, c.Hit("a"), "the zero Counter fails nothing")
	c.Arm(2, false)
	assert.NoError(t, c.Hit("a"))
	assert.ErrorIs(t, c.Hit("b"), faults.ErrInjected)
	assert.NoError(t, c.Hit("c"), "only the k-th")
	assert.Equal(t, []string{"a", "b", "c"}, c.Calls())

	c.Arm(1, true)
	assert.ErrorIs(t, c.Hit("a"), faults.ErrInjected)
	assert.ErrorIs(t, c.Hit("b"), faults.ErrInjected, "a crash fails every later call")
	assert.Equal(t, []string{"a", "b"}, c.Disarm())
	assert.NoError(t, c.Hit("c"), "until the restart")
	assert.Equal(t, 3, c.Count())
}

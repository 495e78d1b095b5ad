package support_test

import (
	"encoding/json"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The string enumerations keep their error codes on the shared strict codec:
// an unknown value is a ValidationError and the target is left unchanged.
func TestEnumCodecCodes_R6_1(t *testing.T) {
	phase, state, cstate := support.InSale, support.Assigned, support.FollowUp
	for _, tc := range []struct {
		name string
		dst  any
		code string
		keep any
	}{
		{"phase", &phase, support.CodeInvalidPhase, support.InSale},
		{"state", &state, support.CodeInvalidState, support.Assigned},
		{"complaint state", &cstate, support.CodeInvalidState, support.FollowUp},
	} {
		err := json.Unmarshal([]byte(`"nope"`), tc.dst)
		require.ErrorIs(t, err, shopkit.ErrInvalid, tc.name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), tc.name)
		assert.Equal(t, tc.keep, reflectElem(tc.dst), tc.name)
	}
	b, err := json.Marshal(support.WaitingCustomer)
	require.NoError(t, err)
	assert.Equal(t, `"waiting_customer"`, string(b))
	_, err = json.Marshal(support.Phase("during"))
	assert.Equal(t, support.CodeInvalidPhase, shopkit.CodeOf(err))
	assert.Equal(t, support.CodeInvalidStatus, shopkit.CodeOf(support.AgentStatus("sleeping").Validate()))
	assert.NoError(t, support.Busy.Validate())
}

func reflectElem(p any) any {
	switch v := p.(type) {
	case *support.Phase:
		return *v
	case *support.State:
		return *v
	case *support.ComplaintState:
		return *v
	}
	return nil
}

// R0: every code is declared once, in the package's own namespace.
func TestCodesAreDeclaredOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range support.Codes() {
		assert.False(t, seen[c], "%s listed twice", c)
		seen[c] = true
		assert.Regexp(t, `^support\.[a-z_]+$`, c)
	}
	assert.True(t, seen[support.CodeWrongState] && seen[support.CodeWrongRole])
}

package shopkit_test

import (
	"errors"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type state string
type action string

const (
	pending  state  = "pending"
	approved state  = "approved"
	closed   state  = "closed"
	approve  action = "approve"
	reject   action = "reject"
	expire   action = "auto_approve"
)

func door(t testing.TB) *shopkit.Table[state, action] {
	t.Helper()
	tb, err := shopkit.NewTable("demo.review", []shopkit.Transition[state, action]{
		{From: pending, Action: approve, Roles: []shopkit.Role{shopkit.Merchant}, To: approved},
		{From: pending, Action: reject, Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform}, To: closed},
		{From: pending, Action: expire, Roles: []shopkit.Role{shopkit.System}, To: approved},
	}, shopkit.Timeout[state, action]{State: pending, Action: expire, Label: "48h"})
	require.NoError(t, err)
	return tb
}

func TestCheck(t *testing.T) {
	tb := door(t)
	cases := []struct {
		name      string
		from      state
		act       action
		role      shopkit.Role
		to        state
		wrongRole bool
		ok        bool
	}{
		{"allowed", pending, approve, shopkit.Merchant, approved, false, true},
		{"second role allowed", pending, reject, shopkit.Platform, closed, false, true},
		{"wrong role", pending, approve, shopkit.Buyer, pending, true, false},
		{"wrong state", approved, approve, shopkit.Merchant, approved, false, false},
		{"unknown action", pending, "fly", shopkit.Merchant, pending, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			to, err := tb.Check(c.from, c.act, c.role)
			assert.Equal(t, c.to, to)
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, shopkit.ErrNotAllowed)
			var te *shopkit.TransitionError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, "demo.review", te.Workflow)
			assert.Equal(t, string(c.from), te.State)
			assert.Equal(t, string(c.act), te.Action)
			assert.Equal(t, c.role, te.Role)
			assert.Equal(t, c.wrongRole, te.WrongRole)
			if c.wrongRole {
				assert.Equal(t, "demo.wrong_role", te.Code())
			} else {
				assert.Equal(t, "demo.wrong_state", te.Code())
			}
			assert.Equal(t, te.Code(), shopkit.CodeOf(err))
		})
	}
}

func TestAllowedActionsAndTimeout(t *testing.T) {
	tb := door(t)
	assert.Equal(t, []action{approve, reject}, tb.AllowedActions(pending, shopkit.Merchant))
	assert.Equal(t, []action{reject}, tb.AllowedActions(pending, shopkit.Platform))
	assert.Equal(t, []action{expire}, tb.AllowedActions(pending, shopkit.System))
	assert.Empty(t, tb.AllowedActions(closed, shopkit.Merchant))
	to, ok := tb.Timeout(pending)
	require.True(t, ok)
	assert.Equal(t, expire, to.Action)
	_, ok = tb.Timeout(approved)
	assert.False(t, ok)
	assert.True(t, tb.Terminal(closed))
	assert.False(t, tb.Terminal(pending))
	assert.Equal(t, []state{pending, approved, closed}, tb.States())
	assert.True(t, tb.Can(pending, approve, shopkit.Merchant))
	assert.False(t, tb.Can(pending, approve, shopkit.Buyer))
}

func TestNewRejectsMalformedTables(t *testing.T) {
	_, err := shopkit.NewTable("demo.bad", []shopkit.Transition[state, action]{
		{From: pending, Action: approve, Roles: []shopkit.Role{shopkit.Merchant}, To: approved},
		{From: pending, Action: approve, Roles: []shopkit.Role{shopkit.Merchant}, To: closed},
	})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.duplicate_transition", shopkit.CodeOf(err))

	_, err = shopkit.NewTable("demo.bad", []shopkit.Transition[state, action]{{From: pending, Action: approve, To: approved}})
	assert.Equal(t, "shopkit.no_roles", shopkit.CodeOf(err))

	_, err = shopkit.NewTable("demo.bad", []shopkit.Transition[state, action]{
		{From: pending, Action: approve, Roles: []shopkit.Role{shopkit.Merchant}, To: approved},
	}, shopkit.Timeout[state, action]{State: pending, Action: approve})
	assert.Equal(t, "shopkit.bad_timeout", shopkit.CodeOf(err), "a timeout must be a system transition")

	assert.Panics(t, func() {
		shopkit.MustNewTable("demo.bad", []shopkit.Transition[state, action]{{From: pending, Action: approve, To: approved}})
	})
}

func TestMermaid(t *testing.T) {
	want := "stateDiagram-v2\n" +
		"    [*] --> pending\n" +
		"    pending --> approved: approve (merchant)\n" +
		"    pending --> closed: reject (merchant, platform)\n" +
		"    pending --> approved: auto_approve (system) after 48h\n" +
		"    approved --> [*]\n" +
		"    closed --> [*]\n"
	assert.Equal(t, want, door(t).Mermaid())
}

func TestTransitionsIsACopy(t *testing.T) {
	tb := door(t)
	rows := tb.Transitions()
	rows[0].To = closed
	rows[0].Roles[0] = shopkit.Buyer
	to, err := tb.Check(pending, approve, shopkit.Merchant)
	require.NoError(t, err)
	assert.Equal(t, approved, to)
	assert.False(t, tb.Can(pending, approve, shopkit.Buyer), "a returned row's roles are a copy")
}

// The table is immutable after New: changing the rows or roles given to it changes
// nothing (every aggregate shares one table).
func TestNewCopiesItsInput(t *testing.T) {
	roles := []shopkit.Role{shopkit.Merchant}
	rows := []shopkit.Transition[state, action]{{From: pending, Action: approve, Roles: roles, To: approved}}
	tb := shopkit.MustNewTable("demo.review", rows)
	roles[0] = shopkit.Buyer
	rows[0].To = closed
	to, err := tb.Check(pending, approve, shopkit.Merchant)
	require.NoError(t, err)
	assert.Equal(t, approved, to)
	assert.False(t, tb.Can(pending, approve, shopkit.Buyer))
	assert.Equal(t, []action{approve}, tb.AllowedActions(pending, shopkit.Merchant))
	assert.Empty(t, tb.AllowedActions(pending, shopkit.Buyer))
}

// A waiting state names exactly one consequence; a timeout on a state or action
// the table does not have is rejected.
func TestNewRejectsBadTimeouts(t *testing.T) {
	rows := []shopkit.Transition[state, action]{
		{From: pending, Action: expire, Roles: []shopkit.Role{shopkit.System}, To: approved},
		{From: pending, Action: reject, Roles: []shopkit.Role{shopkit.System}, To: closed},
	}
	_, err := shopkit.NewTable("demo.bad", rows,
		shopkit.Timeout[state, action]{State: pending, Action: expire},
		shopkit.Timeout[state, action]{State: pending, Action: reject})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.bad_timeout", shopkit.CodeOf(err))
	assert.Contains(t, err.Error(), "two timeouts in pending")

	_, err = shopkit.NewTable("demo.bad", rows, shopkit.Timeout[state, action]{State: approved, Action: expire})
	assert.Equal(t, "shopkit.bad_timeout", shopkit.CodeOf(err), "no such transition")
}

func BenchmarkCheck(b *testing.B) {
	tb := door(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tb.Check(pending, reject, shopkit.Platform); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCheckDoesNotAllocate(t *testing.T) {
	tb := door(t)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = tb.Check(pending, reject, shopkit.Platform)
	})
	assert.Zero(t, allocs)
}

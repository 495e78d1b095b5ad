package shopkit_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type ticketState string
type ticketAction string

// ticketTable: a ticket waits for the buyer's answer until a deadline; the
// merchant may also withdraw it; when the deadline passes the system closes it.
func ticketTable(t *testing.T) *shopkit.Table[ticketState, ticketAction] {
	t.Helper()
	tb, err := shopkit.NewTable("test.ticket", []shopkit.Transition[ticketState, ticketAction]{
		{From: "waiting", Action: "answer", Roles: []shopkit.Role{shopkit.Buyer}, To: "answered"},
		{From: "waiting", Action: "withdraw", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform}, To: "closed"},
		{From: "waiting", Action: "close", Roles: []shopkit.Role{shopkit.System}, To: "closed"},
		{From: "waiting", Action: "nudge", Roles: []shopkit.Role{shopkit.System}, To: "waiting"},
	}, shopkit.Timeout[ticketState, ticketAction]{State: "waiting", Action: "close"})
	require.NoError(t, err)
	return tb
}

// R0.3: an action exactly at its deadline is in time, one nanosecond later
// it is late; no deadline is always in time.
func TestInTime_R0_3(t *testing.T) {
	d := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	assert.True(t, shopkit.InTime(d.Add(-time.Nanosecond), d))
	assert.True(t, shopkit.InTime(d, d))
	assert.False(t, shopkit.InTime(d.Add(time.Nanosecond), d))
	assert.True(t, shopkit.InTime(d.Add(1000*time.Hour), time.Time{}))
}

// R0.3, R0.4: ChoicesFor lists the rows of by's role for a party, each with
// its deadline, up to and at the deadline and not 1 ns after; a stranger gets
// none; the sweep's own actions are never listed, others of the system are.
func TestChoicesFor_R0_3(t *testing.T) {
	tb := ticketTable(t)
	shop := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
	p := shopkit.Parties{Buyer: "b-1", Shop: shop}
	d := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	until := func(a ticketAction) time.Time {
		if a == "answer" {
			return d
		}
		return time.Time{}
	}
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}
	answer := []shopkit.Choice[ticketAction]{{Action: "answer", Until: d}}
	assert.Equal(t, answer, tb.ChoicesFor("waiting", buyer, p, d.Add(-time.Nanosecond), until, "close"))
	assert.Equal(t, answer, tb.ChoicesFor("waiting", buyer, p, d, until, "close"))
	assert.Empty(t, tb.ChoicesFor("waiting", buyer, p, d.Add(time.Nanosecond), until, "close"))
	assert.Empty(t, tb.ChoicesFor("waiting", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}, p, d, until, "close"))
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	assert.Equal(t, []shopkit.Choice[ticketAction]{{Action: "withdraw"}},
		tb.ChoicesFor("waiting", merchant, p, d.Add(time.Hour), until, "close"), "no deadline: listed whenever")
	assert.Equal(t, []shopkit.Choice[ticketAction]{{Action: "nudge"}},
		tb.ChoicesFor("waiting", shopkit.SystemActor(), p, d, nil, "close"), "the sweep's close is left out")
	assert.Empty(t, tb.ChoicesFor("answered", buyer, p, d, until))
	assert.Empty(t, new(shopkit.Table[ticketState, ticketAction]).ChoicesFor("waiting", buyer, p, d, nil))
}

// R0.3: UpcomingFor names the timeout's action and the state it leads to, with
// the roles that may act before it; nothing for a stranger, a state without a
// timeout or a zero deadline.
func TestUpcomingFor_R0_3(t *testing.T) {
	tb := ticketTable(t)
	p := shopkit.Parties{Buyer: "b-1"}
	d := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}
	up, ok := tb.UpcomingFor("waiting", buyer, p, d)
	require.True(t, ok)
	assert.Equal(t, shopkit.Upcoming[ticketState, ticketAction]{At: d, Action: "close", To: "closed",
		Awaits: []shopkit.Role{shopkit.Buyer, shopkit.Merchant, shopkit.Platform}}, up)
	_, ok = tb.UpcomingFor("waiting", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}, p, d)
	assert.False(t, ok)
	_, ok = tb.UpcomingFor("answered", buyer, p, d)
	assert.False(t, ok)
	_, ok = tb.UpcomingFor("waiting", buyer, p, time.Time{})
	assert.False(t, ok)
	// The JSON a screen reads: the action, its deadline when it has one.
	b, err := json.Marshal([]shopkit.Choice[ticketAction]{{Action: "answer", Until: d}, {Action: "withdraw"}})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"action":"answer","until":"2026-11-02T10:00:00Z"},{"action":"withdraw"}]`, string(b))
}

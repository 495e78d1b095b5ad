package authztest_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/authztest"
)

type ticket struct {
	state   string
	parties shopkit.Parties
}

var tickets = shopkit.MustNewTable("authztest.ticket", []shopkit.Transition[string, string]{
	{From: "open", Action: "answer", Roles: []shopkit.Role{shopkit.Merchant, shopkit.Platform}, To: "answered"},
	{From: "answered", Action: "close", Roles: []shopkit.Role{shopkit.Buyer, shopkit.System}, To: "closed"},
})

func (k *ticket) act(action string, by shopkit.Actor) error {
	to, err := tickets.Authorize(k.state, action, by, k.parties)
	if err != nil {
		return err
	}
	k.state = to
	return nil
}

// R0.4: an aggregate that authorizes through its table passes for every row.
func TestEveryRow_R0_4(t *testing.T) {
	authztest.EveryRow(t, authztest.Workflow[string, string, *ticket]{
		Table: tickets,
		New: func(t *testing.T, from, _ string) *ticket {
			return &ticket{state: from, parties: shopkit.Parties{Buyer: "b-1", Shop: uuid.MustParse("7a1c0000-0000-4000-8000-000000000001")}}
		},
		Parties:  func(k *ticket) shopkit.Parties { return k.parties },
		Act:      func(k *ticket, action string, by shopkit.Actor) error { return k.act(action, by) },
		Snapshot: func(k *ticket) any { return *k },
	})
}

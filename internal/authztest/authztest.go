// Package authztest drives every row of a workflow table with actors who are
// not parties of the entity (R0.4): another buyer, another shop, an operator of
// another shop, an actor without an ID. Each must be refused with
// shopkit.ErrNotAllowed and code shopkit.CodeNotParty, and the entity must not
// change; the rightful party must succeed, so the test cannot pass by refusing
// everyone. A row the package's Act cannot take fails the test, so a new row
// without coverage is caught.
package authztest

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// OtherShop is the shop the intruding merchant and operator act for.
func OtherShop() uuid.UUID { return uuid.MustParse("0e4e0000-0000-4000-8000-00000000dead") }

// Workflow is what EveryRow needs of one workflow.
type Workflow[S, A ~string, E any] struct {
	Table *shopkit.Table[S, A]
	// New returns a fresh entity in state from, ready for action by its rightful
	// party (deadlines, lines and evidence set up as the action needs).
	New func(t *testing.T, from S, action A) E
	// Parties returns the entity's parties.
	Parties func(e E) shopkit.Parties
	// Act takes action on e as by, with valid arguments.
	Act func(e E, action A, by shopkit.Actor) error
	// Snapshot returns a value equal for equal entities (the entity's snapshot).
	Snapshot func(e E) any
	// Skip names rows a caller tests elsewhere, with the reason; every other row
	// must be driven.
	Skip map[A]string
	// Allowed, when set, is the entity's allowed actions for an actor: an
	// intruder must see none, and the rightful party must see the row's action.
	Allowed func(e E, by shopkit.Actor) []A
}

// EveryRow runs the test for every (state, action) row of w.Table and every role
// the row names.
func EveryRow[S, A ~string, E any](t *testing.T, w Workflow[S, A, E]) {
	t.Helper()
	for _, row := range w.Table.Transitions() {
		if reason, ok := w.Skip[row.Action]; ok {
			t.Logf("%s %s: tested elsewhere: %s", row.From, row.Action, reason)
			continue
		}
		for _, role := range row.Roles {
			t.Run(fmt.Sprintf("%s/%s/%s", row.From, row.Action, role), func(t *testing.T) {
				probe := w.New(t, row.From, row.Action)
				for _, by := range intruders(role, w.Parties(probe)) {
					e := w.New(t, row.From, row.Action)
					before := w.Snapshot(e)
					require.False(t, w.Parties(e).Has(by), "%+v must not be a party", by)
					err := w.Act(e, row.Action, by)
					require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
					assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v: %v", by, err)
					assert.Equal(t, before, w.Snapshot(e), "%+v: a refused action changes nothing", by)
					if w.Allowed != nil {
						assert.Empty(t, w.Allowed(e, by), "%+v sees no action", by)
					}
				}
				e := w.New(t, row.From, row.Action)
				rightful := Rightful(role, w.Parties(e))
				if w.Allowed != nil {
					assert.Contains(t, w.Allowed(e, rightful), row.Action, "the rightful %s sees the action", role)
				}
				require.NoError(t, w.Act(e, row.Action, rightful), "the rightful %s", role)
			})
		}
	}
}

// intruders are the actors of role who are not parties of an entity with
// parties p: strangers, look-alikes and actors without an ID.
func intruders(role shopkit.Role, p shopkit.Parties) []shopkit.Actor {
	empty := shopkit.Actor{Role: role}
	scopedEmpty := shopkit.Actor{Role: role, Shops: []uuid.UUID{p.Shop}}
	switch role {
	case shopkit.Buyer:
		return []shopkit.Actor{
			{Role: role, ID: "intruding-buyer"},
			{Role: role, ID: "intruding-buyer", Shops: []uuid.UUID{p.Shop}}, // a buyer is never the shop's staff
			{Role: role, ID: p.Shop.String()},                               // a buyer named like the shop
			empty,
		}
	case shopkit.Merchant:
		return []shopkit.Actor{
			{Role: role, ID: OtherShop().String()},
			{Role: role, ID: "staff-elsewhere", Shops: []uuid.UUID{OtherShop()}},
			{Role: role, ID: uuid.Nil.String()},
			{Role: role, ID: p.Buyer}, // a merchant named like the buyer
			empty, scopedEmpty,
		}
	case shopkit.Platform:
		return []shopkit.Actor{{Role: role, ID: "ops-elsewhere", Shops: []uuid.UUID{OtherShop()}}, empty, scopedEmpty}
	}
	return []shopkit.Actor{empty}
}

// Rightful returns the actor of role who is a party of an entity with parties p.
func Rightful(role shopkit.Role, p shopkit.Parties) shopkit.Actor {
	switch role {
	case shopkit.Buyer:
		return shopkit.Actor{Role: role, ID: p.Buyer}
	case shopkit.Merchant:
		return shopkit.Actor{Role: role, ID: p.Shop.String()}
	case shopkit.Platform:
		if p.Shop == uuid.Nil {
			return shopkit.Actor{Role: role, ID: "ops-1"}
		}
		return shopkit.Actor{Role: role, ID: "ops-1", Shops: []uuid.UUID{p.Shop}}
	}
	return shopkit.SystemActor()
}

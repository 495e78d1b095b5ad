package shopkit

import (
	"slices"

	"github.com/google/uuid"
)

// CodeNotParty is the code of an action by an actor who is not a party of the
// entity (Parties.Check).
const CodeNotParty = "shopkit.not_party"

// Parties are who an entity belongs to (R0.4): its buyer and its shop. A
// transition row names the roles that may take it; the role means the party of
// this entity, so a merchant acts only on its own shop's entities and a buyer only
// on its own. Every aggregate reports its parties, and every action checks its
// actor against them before it changes anything.
type Parties struct {
	Buyer string    `json:"buyer"` // the buyer's ID; "" when the entity has no buyer
	Shop  uuid.UUID `json:"shop"`  // the shop's (merchant's) ID; uuid.Nil when it belongs to no shop
}

// Check reports whether by is a party of the entity in by's role, or returns an
// error matching ErrNotAllowed with code CodeNotParty:
//
//   - an actor with an empty ID is never a party, whatever its role;
//   - a buyer is a party when by.ID is the entity's buyer;
//   - a merchant when by.ID is the entity's shop (its ID's text), or the shop is
//     in by.Shops (the shop's staff, such as its customer-service agents, act
//     under their own IDs for the shops they work for);
//   - a platform operator when the entity's shop is in by.Shops, or by.Shops is
//     empty (an operator of the whole platform);
//   - the system always (sweeps and host processes).
//
// Any other role is not a party.
func (p Parties) Check(by Actor) error {
	if p.Has(by) {
		return nil
	}
	switch {
	case by.ID == "":
		return NewError(ErrNotAllowed, CodeNotParty, "an actor without an ID is never a party")
	case by.Role == Platform:
		return NewError(ErrNotAllowed, CodeNotParty, "the operator does not act for shop "+p.Shop.String())
	}
	return NewError(ErrNotAllowed, CodeNotParty, "the "+string(by.Role)+" is not a party of this entity")
}

// Has reports whether by is a party of the entity; see Check.
func (p Parties) Has(by Actor) bool {
	if by.ID == "" {
		return false
	}
	switch by.Role {
	case Buyer:
		return p.Buyer != "" && by.ID == p.Buyer
	case Merchant:
		return p.Shop != uuid.Nil && (slices.Contains(by.Shops, p.Shop) || isID(by.ID, p.Shop))
	case Platform:
		return len(by.Shops) == 0 || (p.Shop != uuid.Nil && slices.Contains(by.Shops, p.Shop))
	case System:
		return true
	}
	return false
}

// Authorize checks that by may take action in state from on an entity with
// parties p: by must be a party (Parties.Check), whatever the state, so a
// stranger learns nothing of the entity; then the row must allow by's role (a
// *TransitionError otherwise). It returns the state the action leads to. Every
// aggregate action calls it before it changes anything.
func (t *Table[S, A]) Authorize(from S, action A, by Actor, p Parties) (S, error) {
	if err := p.Check(by); err != nil {
		return from, err
	}
	return t.Check(from, action, by.Role)
}

// AllowedFor lists the actions by may take in state on an entity with parties
// p, in table order: the buttons a frontend shows this actor. It is empty when
// by is not a party.
func (t *Table[S, A]) AllowedFor(state S, by Actor, p Parties) []A {
	if !p.Has(by) {
		return nil
	}
	return t.AllowedActions(state, by.Role)
}

// isID reports whether s is id in its canonical text form, without building the
// text: every merchant action asks it.
func isID(s string, id uuid.UUID) bool {
	if len(s) != 36 {
		return false
	}
	parsed, err := uuid.Parse(s)
	return err == nil && parsed == id
}

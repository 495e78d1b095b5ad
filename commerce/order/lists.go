package order

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ListQuery is the filter of a shop's order list (Store.List): the orders of
// Shop, in States (every state when empty), placed in [PlacedFrom, PlacedTo)
// (a zero bound leaves that side open).
type ListQuery struct {
	Shop       uuid.UUID `json:"shop"` // required: every order list is one shop's
	States     []State   `json:"states"`
	PlacedFrom time.Time `json:"placed_from,omitzero"` // the earliest placing instant listed; zero for no bound
	PlacedTo   time.Time `json:"placed_to,omitzero"`   // the first placing instant not listed; zero for no bound
}

// Check validates the query: a shop, known states, and PlacedTo after
// PlacedFrom when both are set. Anything else is a *shopkit.ValidationError
// with CodeInvalidListQuery naming the field ("shop", "states[1]",
// "placed_to").
func (q ListQuery) Check() error {
	var ps []shopkit.FieldProblem
	if q.Shop == uuid.Nil {
		ps = append(ps, shopkit.FieldProblem{Field: "shop", Problem: "is required"})
	}
	for i, st := range q.States {
		if !st.Valid() {
			ps = append(ps, shopkit.FieldProblem{Field: "states[" + strconv.Itoa(i) + "]", Problem: "is not an order state"})
		}
	}
	if !q.PlacedFrom.IsZero() && !q.PlacedTo.IsZero() && !q.PlacedTo.After(q.PlacedFrom) {
		ps = append(ps, shopkit.FieldProblem{Field: "placed_to", Problem: "must be after placed_from"})
	}
	return shopkit.Incomplete(CodeInvalidListQuery, ps)
}

// Admits reports whether q lists o: its shop, one of its states (any when
// States is empty), placed in [PlacedFrom, PlacedTo).
func (q ListQuery) Admits(o *Order) bool {
	return o != nil && o.merchantID == q.Shop && (len(q.States) == 0 || slices.Contains(q.States, o.state)) &&
		(q.PlacedFrom.IsZero() || !o.placedAt.Before(q.PlacedFrom)) && (q.PlacedTo.IsZero() || o.placedAt.Before(q.PlacedTo))
}

// ListCursor returns the order's position in the order lists: its placing
// instant and its ID (shopkit.Cursor).
func (o *Order) ListCursor() shopkit.Cursor {
	return shopkit.Cursor{At: o.placedAt, ID: o.id.String()}
}

// OrdersOfShop lists the orders of q.Shop that q admits, newest placed first,
// for a merchant's or an operator's console (Store.List). by must be a party
// of the shop's orders (shopkit.Parties.Check with the shop, R0.4): the shop
// itself or its staff, an operator of the whole platform or of this shop, or
// the system; anyone else, a buyer included, is refused with
// shopkit.ErrNotAllowed (shopkit.CodeNotParty). A query q.Check refuses is its
// error, an invalid page request shopkit.PageRequest.Check's.
func (s *Service) OrdersOfShop(ctx context.Context, by shopkit.Actor, q ListQuery, page shopkit.PageRequest) (shopkit.Page[*Order], error) {
	if err := s.ready(); err != nil {
		return shopkit.Page[*Order]{}, err
	}
	if err := q.Check(); err != nil {
		return shopkit.Page[*Order]{}, err
	}
	if err := (shopkit.Parties{Shop: q.Shop}).Check(by); err != nil {
		return shopkit.Page[*Order]{}, err
	}
	if err := page.Check(); err != nil {
		return shopkit.Page[*Order]{}, err
	}
	return s.store.List(ctx, q, page)
}

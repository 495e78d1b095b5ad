package aftersales

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// OpenedAt returns when the case was opened: the instant the case lists
// (Store.ListByShop, Store.ListByBuyer) are ordered by.
func (c *Case) OpenedAt() time.Time { return c.openedAt }

// ListCursor returns the case's position in the case lists: its opening
// instant and its ID (shopkit.Cursor).
func (c *Case) ListCursor() shopkit.Cursor {
	return shopkit.Cursor{At: c.openedAt, ID: c.id.String()}
}

// CasesOfBuyer lists the cases of by, a buyer, newest opened first, for the
// buyer's "my after-sales" screen (Store.ListByBuyer). Anyone but a buyer
// with an ID is refused with shopkit.ErrNotAllowed (shopkit.CodeNotParty,
// R0.4): a buyer sees only their own cases, and a shop lists its cases with
// CasesOfShop. An invalid page request is shopkit.PageRequest.Check's error.
func (s *Service) CasesOfBuyer(ctx context.Context, by shopkit.Actor, page shopkit.PageRequest) (shopkit.Page[*Case], error) {
	if err := s.ready(); err != nil {
		return shopkit.Page[*Case]{}, err
	}
	if by.Role != shopkit.Buyer || by.ID == "" {
		return shopkit.Page[*Case]{}, shopkit.NewError(shopkit.ErrNotAllowed, shopkit.CodeNotParty,
			"only a buyer lists their own cases; the "+string(by.Role)+" lists a shop's")
	}
	if err := page.Check(); err != nil {
		return shopkit.Page[*Case]{}, err
	}
	return s.cases.ListByBuyer(ctx, by.ID, page)
}

// CasesOfShop lists a shop's cases in the given states (every state when
// states is empty), newest opened first, for a merchant's or an operator's
// console (Store.ListByShop). by must be a party of the shop's cases
// (shopkit.Parties.Check with the shop, R0.4): the shop itself or its staff,
// an operator of the whole platform or of this shop, or the system; anyone
// else, a buyer included, is refused with shopkit.ErrNotAllowed
// (shopkit.CodeNotParty). A nil shop is shopkit.CodeNilArgument, an unknown
// state CodeUnknownState (field "states[i]"), and an invalid page request shopkit.PageRequest.Check's
// error.
func (s *Service) CasesOfShop(ctx context.Context, by shopkit.Actor, shop uuid.UUID, states []State, page shopkit.PageRequest) (shopkit.Page[*Case], error) {
	if err := s.ready(); err != nil {
		return shopkit.Page[*Case]{}, err
	}
	if shop == uuid.Nil {
		return shopkit.Page[*Case]{}, shopkit.NilArgument("shop")
	}
	if err := (shopkit.Parties{Shop: shop}).Check(by); err != nil {
		return shopkit.Page[*Case]{}, err
	}
	for i, st := range states {
		if !st.Valid() {
			return shopkit.Page[*Case]{}, shopkit.Invalid(CodeUnknownState, "states["+strconv.Itoa(i)+"]", "is not a case state")
		}
	}
	if err := page.Check(); err != nil {
		return shopkit.Page[*Case]{}, err
	}
	return s.cases.ListByShop(ctx, shop, states, page)
}

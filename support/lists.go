package support

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ListCursor returns the conversation's position in a queue's waiting list
// (ConversationStore.ListWaiting): its enqueue instant and its ID.
func (c *Conversation) ListCursor() shopkit.Cursor {
	return shopkit.Cursor{At: c.enqueuedAt, ID: c.id.String()}
}

// ListCursor returns the complaint's position in the open complaints list
// (ComplaintStore.ListOpen): its filing instant and its ID.
func (c *Complaint) ListCursor() shopkit.Cursor {
	return shopkit.Cursor{At: c.filedAt, ID: c.id.String()}
}

// WaitingOf lists the conversations waiting in a shop's skill-group queue,
// oldest enqueued first (ConversationStore.ListWaiting, R6.2), for the shop's
// queue screen; an empty group is the "general" queue, where an Inquiry
// without a group waits. by must be a party of the shop's conversations
// (shopkit.Parties.Check with the shop, R0.4): the shop itself or its agents,
// an operator of the whole platform or of this shop, or the system; anyone
// else, a customer included, is refused with shopkit.ErrNotAllowed
// (shopkit.CodeNotParty). A nil shop is shopkit.CodeNilArgument, a malformed
// group CodeInvalidGroup, and an invalid page request
// shopkit.PageRequest.Check's error.
func (s *Service) WaitingOf(ctx context.Context, by shopkit.Actor, shop uuid.UUID, group SkillGroup, page shopkit.PageRequest) (shopkit.Page[*Conversation], error) {
	if err := s.ready(); err != nil {
		return shopkit.Page[*Conversation]{}, err
	}
	if err := checkShopList(by, shop, page); err != nil {
		return shopkit.Page[*Conversation]{}, err
	}
	if err := group.Validate(); err != nil {
		return shopkit.Page[*Conversation]{}, err
	}
	if group == "" {
		group = "general"
	}
	return s.conversations.ListWaiting(ctx, shop, group, page)
}

// OpenComplaints lists a shop's complaints not yet ended, oldest filed first
// (ComplaintStore.ListOpen, R6.4), for the shop's complaint desk. by must be
// a party of the shop's complaints, as for WaitingOf (R0.4); anyone else is
// refused with shopkit.ErrNotAllowed (shopkit.CodeNotParty). A nil shop is
// shopkit.CodeNilArgument and an invalid page request
// shopkit.PageRequest.Check's error.
func (s *Service) OpenComplaints(ctx context.Context, by shopkit.Actor, shop uuid.UUID, page shopkit.PageRequest) (shopkit.Page[*Complaint], error) {
	if err := s.ready(); err != nil {
		return shopkit.Page[*Complaint]{}, err
	}
	if err := checkShopList(by, shop, page); err != nil {
		return shopkit.Page[*Complaint]{}, err
	}
	return s.complaints.ListOpen(ctx, shop, page)
}

// checkShopList checks a request for one of a shop's lists: a shop, by a
// party of the shop's entities, and a valid page request.
func checkShopList(by shopkit.Actor, shop uuid.UUID, page shopkit.PageRequest) error {
	if shop == uuid.Nil {
		return shopkit.NilArgument("shop")
	}
	if err := (shopkit.Parties{Shop: shop}).Check(by); err != nil {
		return err
	}
	return page.Check()
}

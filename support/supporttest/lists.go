package supporttest

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// ListWaiting implements support.ConversationStore: the conversations waiting
// in a shop's group queue, oldest enqueued first, ties by ID. It reads every
// conversation; a database store reads an index.
func (s *Store) ListWaiting(ctx context.Context, shop uuid.UUID, group support.SkillGroup, page shopkit.PageRequest) (shopkit.Page[*support.Conversation], error) {
	return s.List(ctx, func(c *support.Conversation) bool {
		return c.State() == support.Open && c.ShopID() == shop && c.Group() == group
	}, (*support.Conversation).ListCursor, false, page)
}

// ListOpen implements support.ComplaintStore: a shop's complaints not yet
// done, oldest filed first, ties by ID. It reads every complaint; a database
// store reads an index.
func (s *ComplaintStore) ListOpen(ctx context.Context, shop uuid.UUID, page shopkit.PageRequest) (shopkit.Page[*support.Complaint], error) {
	return s.List(ctx, func(c *support.Complaint) bool {
		return c.State() != support.Done && c.ShopID() == shop
	}, (*support.Complaint).ListCursor, false, page)
}

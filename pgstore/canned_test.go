package pgstore_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"

	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The canned reply store passes the canned reply kit in both isolation
// modes.
func TestCannedReplies(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		supporttest.TestCannedStore(t, func() support.CannedStore { s.Empty(t); return db.CannedReplies() })
	})
}

// A NUL character, which PostgreSQL text cannot hold, is refused in a
// reply's text with a typed error and names no stored code.
func TestCannedReplies_NUL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	shop := uuid.New()
	db, _ := open(t, false)
	s := db.CannedReplies()
	err := s.Add(ctx, support.CannedReply{ShopID: shop, Code: "/ship", Text: "a\x00b"})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, support.CodeInvalidCannedReply, shopkit.CodeOf(err))
	_, err = s.Lookup(ctx, shop, "/ship\x00")
	assert.Equal(t, support.CodeCannedNotFound, shopkit.CodeOf(err))
	assert.Equal(t, support.CodeCannedNotFound, shopkit.CodeOf(s.Delete(ctx, shop, "/ship\x00")))
	list, err := s.List(ctx, shop)
	require.NoError(t, err)
	assert.Empty(t, list, "nothing stored")
}

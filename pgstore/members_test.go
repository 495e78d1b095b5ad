package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/shopkit/shopkit"

	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The member store passes the membership kit (R0.4, R2.8, R5.4) in both
// isolation modes.
func TestMembers(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		membershiptest.TestStore(t, func() membership.Store { s.Empty(t); return db.Members() })
	})
}

// A shop's customer is one member (R2.8): a member created twice is
// membership.CodeMemberExists, and besides the ID, which membership.MemberID
// derives from the shop and the customer, the table refuses a second row of
// the same shop and customer (members_shop_customer_key, which the store
// maps to the same code).
func TestMembers_OneMemberPerShopCustomer_R2_8(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		m, err := membership.NewMember(uuid.New(), "13812345678", "", time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
		require.NoError(t, err)
		require.NoError(t, db.Members().Create(ctx, m))
		err = db.Members().Create(ctx, m)
		require.ErrorIs(t, err, shopkit.ErrConflict)
		assert.Equal(t, membership.CodeMemberExists, shopkit.CodeOf(err))

		// A row written outside the store, under another ID.
		_, err = s.Pool.Exec(ctx, "INSERT INTO members (id, shop_id, seq, state, customer, tier) SELECT $1, shop_id, seq, state, customer, tier FROM members WHERE id = $2",
			uuid.New(), m.ID())
		var pg *pgconn.PgError
		require.ErrorAs(t, err, &pg)
		assert.Equal(t, "members_shop_customer_key", pg.ConstraintName)
	})
}

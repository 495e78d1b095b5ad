package promotion_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// R2.4: IssueKeyed issues one coupon per key, however often and however
// concurrently it is called: the same coupon comes back, the quota counts one
// issue, and another key issues another coupon.
func TestIssueKeyedIssuesOncePerKey_R2_4(t *testing.T) {
	ctx := context.Background()
	now := cpStart
	s, cfg := cpService(t, &now)
	spec := cpSpec()
	spec.IssueLimit = 2
	tpl, err := s.CreateTemplate(ctx, cpClerk, spec)
	require.NoError(t, err)

	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.IssueKeyed(ctx, cpClerk, tpl.ID(), "alice", "grant-1")
			if assert.NoError(t, err) {
				ids[i] = c.ID().String()
			}
		}()
	}
	wg.Wait()
	for _, id := range ids {
		assert.Equal(t, ids[0], id, "one coupon per key")
	}
	q, err := cfg.Quotas.Get(ctx, promotion.QuotaID(tpl.ID(), "alice"))
	require.NoError(t, err)
	assert.Equal(t, 1, q.Issued(), "one issue counted")

	other, err := s.IssueKeyed(ctx, cpClerk, tpl.ID(), "alice", "grant-2")
	require.NoError(t, err)
	assert.NotEqual(t, ids[0], other.ID().String())
	_, err = s.IssueKeyed(ctx, cpClerk, tpl.ID(), "alice", "")
	assert.Equal(t, promotion.CodeInvalidCoupon, shopkit.CodeOf(err))
	_, err = s.IssueKeyed(ctx, cpBuyer("mallory"), tpl.ID(), "alice", "grant-1")
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed, "the first coupon is not handed to a stranger")
}

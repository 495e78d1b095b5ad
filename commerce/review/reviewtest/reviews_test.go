package reviewtest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commerce/review/reviewtest"
)

// R2.6, R2.8: the in-memory review store passes the suite hosts run on theirs.
func TestStore_R2_6(t *testing.T) {
	reviewtest.TestStore(t, func() review.Store { return reviewtest.NewStore() })
}

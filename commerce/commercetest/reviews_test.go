package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

// R2.6, R2.8: the in-memory review store passes the suite hosts run on theirs.
func TestReviewStore_R2_6(t *testing.T) {
	commercetest.TestReviewStore(t, func() commerce.ReviewStore { return commercetest.NewReviewStore() })
}

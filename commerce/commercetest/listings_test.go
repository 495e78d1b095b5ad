package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

// R2.8, R2.9: the in-memory listing store passes the conformance suite.
func TestListingStoreConformance(t *testing.T) {
	commercetest.TestListingStore(t, func() commerce.ListingStore { return commercetest.NewListingStore() })
}

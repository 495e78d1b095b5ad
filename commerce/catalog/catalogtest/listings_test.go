package catalogtest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/catalog/catalogtest"
)

// R2.8, R2.9: the in-memory listing store passes the conformance suite.
func TestListingStoreConformance(t *testing.T) {
	catalogtest.TestListingStore(t, func() catalog.ListingStore { return catalogtest.NewListingStore() })
}

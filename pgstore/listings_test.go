package pgstore_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/catalog/catalogtest"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// The listing store passes the listing kit (R0.4, R2.8, R2.9) in both
// isolation modes.
func TestListings(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		catalogtest.TestListingStore(t, func() catalog.ListingStore { s.Empty(t); return db.Listings() })
	})
}

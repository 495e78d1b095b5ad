package pgstore_test

import (
	"testing"

	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

// The complaint store passes the complaint kit (R0.4, R2.8, R2.9, R6.4) in
// both isolation modes.
func TestComplaints(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := openSupport(t, serializable)
		supporttest.TestComplaintStore(t, func() support.ComplaintStore { s.Empty(t); return db.Complaints() })
	})
}

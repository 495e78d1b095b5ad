package membershiptest_test

import (
	"testing"

	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
)

// R2.8: the in-memory store passes the conformance suite hosts run on theirs.
func TestInMemoryStore(t *testing.T) {
	membershiptest.TestStore(t, func() membership.Store { return membershiptest.NewStore() })
}

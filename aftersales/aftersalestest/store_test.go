package aftersalestest_test

import (
	"testing"

	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
)

// R2.8: the in-memory stores pass the conformance suites hosts run on theirs.
func TestInMemoryStore(t *testing.T) {
	aftersalestest.TestStore(t, func() aftersales.Store { return aftersalestest.NewStore() })
}

func TestInMemoryLedgerStore(t *testing.T) {
	aftersalestest.TestLedgerStore(t, func() aftersales.LedgerStore { return aftersalestest.NewLedgerStore() })
}

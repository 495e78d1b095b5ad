package commissiontest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

func TestMemoryStore(t *testing.T) {
	commissiontest.TestStore(t, func() commission.Store { return commissiontest.NewStore() })
}

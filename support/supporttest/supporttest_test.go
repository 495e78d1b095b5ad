package supporttest_test

import (
	"testing"

	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

func TestMemoryStores(t *testing.T) {
	t.Run("Conversations", func(t *testing.T) {
		supporttest.TestStore(t, func() support.ConversationStore { return supporttest.NewStore() })
	})
	t.Run("Complaints", func(t *testing.T) {
		supporttest.TestComplaintStore(t, func() support.ComplaintStore { return supporttest.NewComplaintStore() })
	})
	t.Run("Canned", func(t *testing.T) {
		supporttest.TestCannedStore(t, func() support.CannedStore { return supporttest.NewCannedStore() })
	})
	t.Run("Queues", func(t *testing.T) {
		supporttest.TestQueueStore(t, func() support.QueueStore { return supporttest.NewQueueStore() })
	})
}

// No panics: the zero CannedStore and QueueStore are empty and
// ready to use.
func TestZeroLogAndStoresAreUsable(t *testing.T) {
	t.Run("Canned", func(t *testing.T) {
		supporttest.TestCannedStore(t, func() support.CannedStore { return new(supporttest.CannedStore) })
	})
	t.Run("Queues", func(t *testing.T) {
		supporttest.TestQueueStore(t, func() support.QueueStore { return new(supporttest.QueueStore) })
	})
}

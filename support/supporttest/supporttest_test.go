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
	t.Run("Reminders", func(t *testing.T) {
		supporttest.TestReminderLog(t, func() support.ReminderLog { return supporttest.NewReminderLog() })
	})
	t.Run("Canned", func(t *testing.T) {
		supporttest.TestCannedStore(t, func() support.CannedStore { return supporttest.NewCannedStore() })
	})
}

// No panics: the zero ReminderLog and CannedStore are empty and ready to use.
func TestZeroLogAndCannedStoreAreUsable(t *testing.T) {
	t.Run("Reminders", func(t *testing.T) {
		supporttest.TestReminderLog(t, func() support.ReminderLog { return new(supporttest.ReminderLog) })
	})
	t.Run("Canned", func(t *testing.T) {
		supporttest.TestCannedStore(t, func() support.CannedStore { return new(supporttest.CannedStore) })
	})
}

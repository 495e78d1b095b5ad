package support_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.3.5: sending payment reminders needs the log that keeps them to one per
// order; without it the service says so instead of failing later.
func TestRemindPaymentsNeedsALog(t *testing.T) {
	svc := &support.Service{Clock: func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) }}
	_, err := svc.RemindPayments(context.Background(), func(func(support.UnpaidOrder) bool) {})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "support.no_reminder_log", shopkit.CodeOf(err))
}

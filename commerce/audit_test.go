package commerce_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.4: every change records who, when, from, to, action, reason and evidence;
// the journal is append-only and tells a store which entries are new.
func TestJournalR0_4(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var j commerce.Journal
	evidence := []string{"img://1"}
	j.Change(commerce.Actor{Role: shopkit.Merchant, ID: "m1"}, at, "approve", "pending", "approved", "looks fine", evidence)
	evidence[0] = "tampered"
	j.Emit(at, "approve", commerce.Effect{Type: commerce.EffectRefund, Party: "buyer:b1", Amount: commerce.CNY(1234), Ref: "key-1"})

	h := j.History()
	require.Len(t, h, 2)
	assert.Equal(t, commerce.Entry{Kind: commerce.EntryChange, At: at, Role: shopkit.Merchant, Actor: "m1",
		Action: "approve", From: "pending", To: "approved", Reason: "looks fine", Evidence: []string{"img://1"}}, h[0])
	assert.Equal(t, commerce.EntryEffect, h[1].Kind)
	assert.Equal(t, shopkit.System, h[1].Role)
	assert.Len(t, j.Effects(), 1)
	assert.Len(t, j.Unsaved(), 2)

	h[0].Evidence[0] = "changed by caller"
	assert.Equal(t, "img://1", j.History()[0].Evidence[0], "History returns a copy")

	c := j.Clone()
	j.MarkSaved()
	assert.Empty(t, j.Unsaved())
	assert.Len(t, c.Unsaved(), 2, "a clone keeps its own saved mark")
	assert.Equal(t, 2, j.Len())

	j.Change(commerce.SystemActor(), at.Add(time.Hour), "close", "approved", "closed", "", nil)
	assert.Len(t, j.Unsaved(), 1)
	r := commerce.RestoreJournal(j.History())
	assert.Empty(t, r.Unsaved(), "restored entries are saved")
	assert.Equal(t, 3, r.Len())
	assert.Equal(t, commerce.Actor{Role: shopkit.System, ID: "system"}, commerce.SystemActor())
}

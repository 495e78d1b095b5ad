package shopkit_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.4: every change records who, when, from, to, action, reason and evidence;
// the journal is append-only and tells a store which entries are new.
func TestJournalR0_4(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	j := shopkit.NewJournal("case-1")
	evidence := []string{"img://1"}
	j.Change(shopkit.Actor{Role: shopkit.Merchant, ID: "m1"}, at, "approve", "pending", "approved", "looks fine", evidence)
	evidence[0] = "tampered"
	j.Emit(at, "approve", shopkit.Effect{Type: shopkit.EffectRefund, Party: "buyer:b1", Amount: shopkit.CNY(1234), Ref: "key-1"})

	h := j.History()
	require.Len(t, h, 2)
	assert.Equal(t, shopkit.Entry{Seq: 1, Kind: shopkit.EntryChange, At: at, Role: shopkit.Merchant, Actor: "m1",
		Action: "approve", From: "pending", To: "approved", Reason: "looks fine", Evidence: []string{"img://1"}}, h[0])
	assert.Equal(t, shopkit.EntryEffect, h[1].Kind)
	assert.Equal(t, shopkit.System, h[1].Role)
	assert.Equal(t, 2, h[1].Seq)
	assert.Equal(t, "case-1#2", h[1].Effect.ID, "an effect's stable ID is the entity and its sequence")
	assert.Len(t, j.Effects(), 1)
	assert.Len(t, j.Unsaved(), 2)

	h[0].Evidence[0] = "changed by caller"
	assert.Equal(t, "img://1", j.History()[0].Evidence[0], "History returns a copy")

	c := j.Clone()
	j.MarkSaved()
	assert.Empty(t, j.Unsaved())
	assert.Len(t, c.Unsaved(), 2, "a clone keeps its own saved mark")
	assert.Equal(t, 2, j.Len())

	j.Change(shopkit.SystemActor(), at.Add(time.Hour), "close", "approved", "closed", "", nil)
	assert.Len(t, j.Unsaved(), 1)
	r := shopkit.RestoreJournal("case-1", j.History())
	assert.Empty(t, r.Unsaved(), "restored entries are saved")
	assert.Equal(t, 3, r.Len())
	r.Emit(at.Add(2*time.Hour), "close", shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:b1"})
	assert.Equal(t, "case-1#4", r.Unsaved()[0].Effect.ID, "a restored journal numbers on from its last entry")
	assert.Equal(t, shopkit.Actor{Role: shopkit.System, ID: "system"}, shopkit.SystemActor())
}

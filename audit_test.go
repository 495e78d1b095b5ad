package shopkit_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
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
	assert.Equal(t, 2, j.Seq())
	assert.Len(t, j.History(), 2, "a value built in memory keeps what it added")

	// A store keeps a clone of the saved value: state, no history.
	stored := j.Clone()
	assert.Empty(t, stored.History())
	assert.Equal(t, 2, stored.Seq())

	j.Change(shopkit.SystemActor(), at.Add(time.Hour), "close", "approved", "closed", "", nil)
	assert.Len(t, j.Unsaved(), 1)
	assert.Equal(t, 3, j.Unsaved()[0].Seq)

	// Loaded from a store whose trail holds 3 entries, the journal holds none
	// and numbers on from the trail's last.
	r := shopkit.ResumeJournal("case-1", 3)
	assert.Empty(t, r.Unsaved())
	assert.Empty(t, r.History())
	assert.Equal(t, 3, r.Seq())
	r.Emit(at.Add(2*time.Hour), "close", shopkit.Effect{Type: shopkit.EffectNotify, Party: "buyer:b1"})
	assert.Equal(t, "case-1#4", r.Unsaved()[0].Effect.ID, "a loaded journal numbers on from the trail's last entry")
	assert.Equal(t, 4, r.Unsaved()[0].Seq)
	assert.Equal(t, shopkit.Actor{Role: shopkit.System, ID: "system"}, shopkit.SystemActor())
}

// trailPages serves a fixed trail in pages, as a store's Trail does.
type trailPages struct {
	entries []shopkit.Entry
	calls   int
	stuck   bool // returns the first page whatever the cursor
}

func (p *trailPages) Trail(_ context.Context, _ uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	p.calls++
	if err := shopkit.CheckCursor(after, limit); err != nil {
		return nil, err
	}
	if p.stuck {
		after = 0
	}
	from := min(after, len(p.entries))
	return p.entries[from:min(len(p.entries), from+limit)], nil
}

// R0.4: ReadTrail reads a whole trail page by page, oldest first, and refuses
// a store whose pages do not move on.
func TestReadTrail_R0_4(t *testing.T) {
	ctx := context.Background()
	var es []shopkit.Entry
	for i := range 7 {
		es = append(es, shopkit.Entry{Seq: i + 1, Kind: shopkit.EntryChange})
	}
	p := &trailPages{entries: es}
	got, err := shopkit.ReadTrail(ctx, p, uuid.New(), 3)
	require.NoError(t, err)
	assert.Equal(t, es, got)
	assert.Equal(t, 3, p.calls, "pages of 3, 3 and 1")
	exact := &trailPages{entries: es[:6]}
	got, err = shopkit.ReadTrail(ctx, exact, uuid.New(), 3)
	require.NoError(t, err)
	assert.Len(t, got, 6)
	assert.Equal(t, 3, exact.calls, "a full last page needs one more call to see the end")

	_, err = shopkit.ReadTrail(ctx, &trailPages{entries: es, stuck: true}, uuid.New(), 3)
	assert.Equal(t, shopkit.CodeInvalidCursor, shopkit.CodeOf(err))
	_, err = shopkit.ReadTrail(ctx, p, uuid.New(), 0)
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	_, err = shopkit.ReadTrail(ctx, nil, uuid.New(), 3)
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	assert.Equal(t, shopkit.CodeInvalidCursor, shopkit.CodeOf(shopkit.CheckCursor(-1, 1)))
	assert.NoError(t, shopkit.CheckCursor(0, 1))
}

// R2.9: a lease needs an owner and an end after the instant it is asked for;
// it frees its entity at its end, not a nanosecond before, and never bars its
// own owner.
func TestLease_R2_9(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	l := shopkit.Lease{Owner: "sweep-1", Until: now.Add(time.Minute)}
	assert.NoError(t, l.Check(now))
	assert.NoError(t, l.Check(l.Until.Add(-1)))
	err := l.Check(l.Until)
	assert.Equal(t, shopkit.CodeInvalidLease, shopkit.CodeOf(err))
	var ve *shopkit.ValidationError
	require.ErrorAs(t, shopkit.Lease{}.Check(now), &ve)
	assert.Len(t, ve.Problems, 2, "owner and until both named")

	assert.True(t, shopkit.Lease{}.FreeFor("sweep-2", now), "not held")
	assert.False(t, l.FreeFor("sweep-2", l.Until.Add(-1)))
	assert.True(t, l.FreeFor("sweep-2", l.Until), "ran out")
	assert.True(t, l.FreeFor("sweep-1", now), "its own")
}

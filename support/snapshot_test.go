package support_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R0.4: a snapshot round-trips every field, the policy the conversation
// was opened with included, and the restored conversation keeps following that
// policy whatever the caller's copy becomes.
func TestConversationSnapshotRoundTrip(t *testing.T) {
	p := support.DefaultPolicy()
	p.ReopenWindow = 2 * time.Hour
	p.SLAByPriority = map[int]support.SLATarget{1: {FirstResponse: time.Minute, Resolution: time.Hour}}
	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	p.SLAByPriority[1] = support.SLATarget{} // the conversation keeps its own copy
	r, err := support.RestoreConversation(c.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, c.Snapshot(), r.Snapshot())
	assert.Equal(t, 2*time.Hour, r.Policy().ReopenWindow)
	assert.Equal(t, time.Minute, r.Policy().Target(1).FirstResponse)
	assert.Empty(t, r.Unsaved(), "a restored conversation has nothing to save")

	require.NoError(t, r.Resolve(agent1, at(23, 10, 2, 0), support.Summary{Text: "ok", Topic: "size"}))
	d, _ := r.Deadline()
	assert.True(t, at(23, 12, 2, 0).Equal(d), "the snapshot's 2 h reopen window, not the default 72 h")

	var st support.State
	require.Error(t, json.Unmarshal([]byte(`"nowhere"`), &st))
	require.NoError(t, json.Unmarshal([]byte(`"waiting_customer"`), &st))
	assert.Equal(t, support.WaitingCustomer, st)
}

// R0.4: a snapshot without an ID or shop, with a negative Seq, an unknown state
// or an invalid policy is refused with a typed error, for conversations and
// complaints alike.
func TestRestoreRejectsInvalidSnapshots(t *testing.T) {
	c := working(t, support.DefaultPolicy(), at(23, 10, 0, 0), at(23, 10, 1, 0))
	for name, tc := range map[string]struct {
		mutate func(*support.ConversationSnapshot)
		code   string
	}{
		"nil id":         {func(s *support.ConversationSnapshot) { s.ID = uuid.Nil }, support.CodeInvalidConversation},
		"nil shop":       {func(s *support.ConversationSnapshot) { s.ShopID = uuid.Nil }, support.CodeInvalidConversation},
		"unknown state":  {func(s *support.ConversationSnapshot) { s.State = "lost" }, support.CodeInvalidState},
		"zero policy":    {func(s *support.ConversationSnapshot) { s.Policy = support.Policy{} }, support.CodeInvalidPolicy},
		"invalid policy": {func(s *support.ConversationSnapshot) { s.Policy.ReopenWindow = -time.Hour }, support.CodeInvalidPolicy},
		"negative seq":   {func(s *support.ConversationSnapshot) { s.Seq = -1 }, support.CodeInvalidConversation},
	} {
		s := c.Snapshot()
		tc.mutate(&s)
		_, err := support.RestoreConversation(s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
	}

	k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "c", Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, err)
	r, err := support.RestoreComplaint(k.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, k.Snapshot(), r.Snapshot())
	for name, tc := range map[string]struct {
		mutate func(*support.ComplaintSnapshot)
		code   string
	}{
		"nil id":           {func(s *support.ComplaintSnapshot) { s.ID = uuid.Nil }, support.CodeInvalidComplaint},
		"nil shop":         {func(s *support.ComplaintSnapshot) { s.ShopID = uuid.Nil }, support.CodeInvalidComplaint},
		"unknown state":    {func(s *support.ComplaintSnapshot) { s.State = "lost" }, support.CodeInvalidState},
		"unknown severity": {func(s *support.ComplaintSnapshot) { s.Severity = 9 }, support.CodeInvalidSeverity},
		"zero policy":      {func(s *support.ComplaintSnapshot) { s.Policy = support.Policy{} }, support.CodeInvalidPolicy},
		"negative seq":     {func(s *support.ComplaintSnapshot) { s.Seq = -1 }, support.CodeInvalidComplaint},
	} {
		s := k.Snapshot()
		tc.mutate(&s)
		_, err := support.RestoreComplaint(s)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
	}

	// The negative Seq is named as the field it is.
	cs, ks := c.Snapshot(), k.Snapshot()
	cs.Seq, ks.Seq = -1, -1
	var ve *shopkit.ValidationError
	_, err = support.RestoreConversation(cs)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "seq", ve.Field)
	_, err = support.RestoreComplaint(ks)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "seq", ve.Field)
}

// R0.4: every effect carries the stable ID "<entity id>#<seq>", kept across a
// snapshot round trip, so a host reading its outbox twice de-duplicates on it.
func TestEffectIDsAreStable_R0_4(t *testing.T) {
	c := openAt(t, support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, c.ApplyDue(at(23, 10, 10, 0).Add(time.Nanosecond)), "the first-response target passes")
	effects := 0
	for _, e := range c.History() {
		if e.Kind == shopkit.EntryEffect {
			effects++
			assert.Equal(t, c.ID().String()+"#"+strconv.Itoa(e.Seq), e.Effect.ID)
			assert.Equal(t, support.EffectSLABreach, e.Effect.Type)
			assert.Equal(t, "merchant:"+shop1.String(), e.Effect.Party)
		}
	}
	require.Equal(t, 1, effects)
	r, err := support.RestoreConversation(c.Snapshot())
	require.NoError(t, err)
	assert.Empty(t, r.History(), "the trail is the store's; a restored conversation holds none of it")
	require.NoError(t, r.Assign(shopkit.SystemActor(), at(23, 10, 11, 0), "agent-1"))
	assert.Equal(t, len(c.History())+1, r.History()[0].Seq, "the entries after a restore number on from the trail")

	k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "buyer-a", Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, err)
	require.NoError(t, k.Assign(lead, at(23, 10, 0, 0), support.Handler{ID: "agent-1", Level: support.High}))
	require.NoError(t, k.Close(agent1, at(23, 11, 0, 0), support.Compensation{Kind: support.Gift}, "gift sent"))
	h := k.History()
	last := h[len(h)-1]
	require.Equal(t, shopkit.EntryEffect, last.Kind)
	assert.Equal(t, 4, last.Seq, "file, assign, close, then the effect")
	assert.Equal(t, k.ID().String()+"#4", last.Effect.ID)
	assert.Equal(t, "buyer:buyer-a", last.Effect.Party)
}

package aftersales_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// entriesOf returns the change entries of action a in trail h, oldest first.
func entriesOf(h []shopkit.Entry, a aftersales.Action) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range h {
		if e.Kind == shopkit.EntryChange && e.Action == string(a) {
			out = append(out, e)
		}
	}
	return out
}

// R0.4, R3.3: a case rejected twice, citing conversation chat-A and then
// chat-B, keeps both: each rejection's entry cites its own conversation and
// evidence, Conversations lists both, and the second rejection leaves the trail
// before it as it was (append-only). A rejection without a conversation is
// refused and changes nothing, in the store either.
func TestEveryRejectionKeepsItsConversation_R0_4_R3_3(t *testing.T) {
	f := newFixture(t)
	c := f.open(t, sampleOrder(t0(t).Add(-day)), aftersales.Exchange)
	reject := func(conversation, photo string) func(c *aftersales.Case, now time.Time) error {
		return func(c *aftersales.Case, now time.Time) error {
			return c.Reject(merchant, now, aftersales.Rejection{Conversation: conversation,
				Evidence: []string{photo}, Reason: "used item"})
		}
	}
	f.act(t, c.ID(), reject("chat-A", "photo-A"))
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Resubmit(buyer, now, "it arrived like that", []string{"unboxing-video"})
	})
	trail := f.trail(t, c.ID())

	before := c.Snapshot()
	_, err := f.svc.Act(f.ctx, c.ID(), reject("", "photo-B"))
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, aftersales.CodeEvidenceRequired, shopkit.CodeOf(err))
	stored, err := f.svc.Get(f.ctx, c.ID())
	require.NoError(t, err)
	assert.Equal(t, before, stored.Snapshot(), "a refused rejection changes nothing")
	assert.Equal(t, trail, f.trail(t, c.ID()), "nor the trail")

	c = f.act(t, c.ID(), reject("chat-B", "photo-B"))
	after := f.trail(t, c.ID())
	rejections := entriesOf(after, aftersales.ActReject)
	require.Len(t, rejections, 2)
	assert.Equal(t, []string{aftersales.EvidenceConversation + "chat-A", "photo-A"}, rejections[0].Evidence)
	assert.Equal(t, []string{aftersales.EvidenceConversation + "chat-B", "photo-B"}, rejections[1].Evidence)
	assert.Equal(t, []string{"unboxing-video"}, entriesOf(after, aftersales.ActResubmit)[0].Evidence)
	assert.Equal(t, []string{"chat-A", "chat-B"}, c.Conversations())
	assert.Equal(t, trail, after[:len(trail)], "the trail is append-only")

	b, err := json.Marshal(c.Snapshot())
	require.NoError(t, err)
	var back aftersales.CaseSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	restored, err := aftersales.RestoreCase(back)
	require.NoError(t, err)
	// The state keeps the conversations, the store's trail the rejections'
	// evidence: the snapshot carries only the trail's length.
	assert.Equal(t, []string{"chat-A", "chat-B"}, restored.Conversations())
	assert.Empty(t, restored.History())
	assert.Equal(t, len(after), restored.Snapshot().Seq)
}

// R0.4, R3.3: the waybills of the item sent back and of the replacement, the
// carrier's signing time and the refund key are cited in their actions'
// entries, so a later action that records another (a converted repair's
// second return) loses none.
func TestWaybillsAndSigningAreInTheTrail_R0_4_R3_3(t *testing.T) {
	f := newFixture(t)
	c := f.open(t, sampleOrder(t0(t).Add(-day)), aftersales.Exchange)
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF100") })
	signed := f.clock.Now().Add(-time.Hour)
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, signed) })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF200") })
	trail := f.trail(t, c.ID())
	assert.Equal(t, []string{aftersales.EvidenceWaybill + "SF100"}, changeOf(trail, aftersales.ActShipBack).Evidence)
	assert.Equal(t, []string{aftersales.EvidenceWaybill + "SF200"}, changeOf(trail, aftersales.ActShipReplacement).Evidence)
	assert.Equal(t, "signed for at "+signed.Format(time.RFC3339Nano), changeOf(trail, aftersales.ActReceiveReturn).Reason)

	r := f.open(t, sampleOrder(t0(t).Add(-day)), aftersales.RefundOnly)
	r = f.act(t, r.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
	assert.Equal(t, []string{aftersales.EvidenceRefund + r.Refund().Key}, changeOf(f.trail(t, r.ID()), aftersales.ActIssueRefund).Evidence)
	refunds := f.ledgerTrail(t, r.OrderID())
	assert.Equal(t, []string{aftersales.EvidenceRefund + r.Refund().Key}, refunds[len(refunds)-2].Evidence,
		"the ledger's refund entry cites its key")
}

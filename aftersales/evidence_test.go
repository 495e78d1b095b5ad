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

// entriesOf returns the change entries of action in c's trail, oldest first.
func entriesOf(c *aftersales.Case, a aftersales.Action) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range c.History() {
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
	trail := c.History()

	before := c.Snapshot()
	_, err := f.svc.Act(f.ctx, c.ID(), reject("", "photo-B"))
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, aftersales.CodeEvidenceRequired, shopkit.CodeOf(err))
	stored, err := f.svc.Get(f.ctx, c.ID())
	require.NoError(t, err)
	assert.Equal(t, before, stored.Snapshot(), "a refused rejection changes nothing")

	c = f.act(t, c.ID(), reject("chat-B", "photo-B"))
	rejections := entriesOf(c, aftersales.ActReject)
	require.Len(t, rejections, 2)
	assert.Equal(t, []string{aftersales.EvidenceConversation + "chat-A", "photo-A"}, rejections[0].Evidence)
	assert.Equal(t, []string{aftersales.EvidenceConversation + "chat-B", "photo-B"}, rejections[1].Evidence)
	assert.Equal(t, []string{"unboxing-video"}, entriesOf(c, aftersales.ActResubmit)[0].Evidence)
	assert.Equal(t, []string{"chat-A", "chat-B"}, c.Conversations())
	assert.Equal(t, trail, c.History()[:len(trail)], "the trail is append-only")

	b, err := json.Marshal(c.Snapshot())
	require.NoError(t, err)
	var back aftersales.CaseSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	restored, err := aftersales.RestoreCase(back)
	require.NoError(t, err)
	assert.Equal(t, []string{"chat-A", "chat-B"}, restored.Conversations())
	for i, e := range entriesOf(restored, aftersales.ActReject) {
		assert.Equal(t, rejections[i].Evidence, e.Evidence)
	}
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
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF200") })
	assert.Equal(t, []string{aftersales.EvidenceWaybill + "SF100"}, changeOf(c, aftersales.ActShipBack).Evidence)
	assert.Equal(t, []string{aftersales.EvidenceWaybill + "SF200"}, changeOf(c, aftersales.ActShipReplacement).Evidence)
	assert.Equal(t, "signed for at "+signed.Format(time.RFC3339Nano), changeOf(c, aftersales.ActReceiveReturn).Reason)

	r := f.open(t, sampleOrder(t0(t).Add(-day)), aftersales.RefundOnly)
	r = f.act(t, r.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
	assert.Equal(t, []string{aftersales.EvidenceRefund + r.Refund().Key}, changeOf(r, aftersales.ActIssueRefund).Evidence)
	refunds := f.ledger(t, r.OrderID()).History()
	assert.Equal(t, []string{aftersales.EvidenceRefund + r.Refund().Key}, refunds[len(refunds)-2].Evidence,
		"the ledger's refund entry cites its key")
}

package aftersales_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The personal values the printing test plants: a buyer known by a phone
// number, and what people wrote or cited — names, a phone number, an address,
// an ID number, a waybill.
const (
	phoneBuyer = "13912345678"
	buyerNote  = "张三丰 北京市朝阳区建国路88号 13700001111"
	idEvidence = "photo-id-110101199003074518"
	chatRef    = "chat-13600002222"
	whyReject  = "used by 李四"
	whyDispute = "王五 at 北京市海淀区中关村大街1号 disagrees"
	waybill    = "SF1234567890"
	rateNote   = "thanks 赵六, call 13500003333"
	whyRefund  = "compensation for 孙七"
	whyAdvance = "advance for 周八 13400004444"
)

// R0.5: every value of the package that holds personal data prints it masked in
// every form (%v, %+v, %#v, %s): the case, its snapshot, the ledger and its
// snapshot, the order, the application, the dispute, the rejection, the refund
// request, the merchant debt, and the vouchers. The masked buyer still shows.
func TestPrintedFormsMaskPersonalData_R0_5(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	o.BuyerID = phoneBuyer
	me := shopkit.Actor{Role: shopkit.Buyer, ID: phoneBuyer}
	app := aftersales.Application{Kind: aftersales.ReturnRefund, Reason: aftersales.Quality, Note: buyerNote,
		Evidence: []string{idEvidence}, BuyerID: phoneBuyer, Lines: []aftersales.LineQty{{Line: 1, Units: 1}}}
	c, err := f.svc.Open(f.ctx, o, app)
	require.NoError(t, err)
	rej := aftersales.Rejection{Conversation: chatRef, Evidence: []string{idEvidence}, Reason: whyReject}
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rej) })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Escalate(me, now, whyDispute, []string{chatRef})
	})
	req := aftersales.RefundRequest{Key: "comp-1", Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(100)}},
		By: merchant, Reason: whyRefund, DueBy: t0(t).Add(day)}
	_, err = f.svc.RefundOrder(f.ctx, o.ID, req)
	require.NoError(t, err)
	_, err = f.svc.Advance(f.ctx, c.ID(), operator, "adv-1", shopkit.CNY(100), whyAdvance)
	require.NoError(t, err)
	disputed, err := f.svc.Get(f.ctx, c.ID())
	require.NoError(t, err)
	dispute := disputed.Dispute()
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.DecideForBuyer(operator, now, whyDispute) })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(me, now, waybill) })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, now) })
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ApproveRefund(merchant, now, whyRefund) })
	_, err = f.svc.ConfirmRefund(f.ctx, o.ID, c.Refund().Key)
	require.NoError(t, err)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Rate(me, now, 5, rateNote) })
	ledger := f.ledger(t, o.ID)
	debts := ledger.Debts()
	require.Len(t, debts, 1)
	voucher, err := aftersales.NewVoucherCase(policy(t), o, 0, t0(t).Add(30*day), t0(t))
	require.NoError(t, err)

	// The values keep the data: the test would pass vacuously otherwise.
	snap := c.Snapshot()
	require.Equal(t, phoneBuyer, snap.BuyerID)
	require.Equal(t, buyerNote, snap.Note)
	require.Equal(t, waybill, snap.ReturnWaybill)
	require.Equal(t, rateNote, snap.RatingNote)
	require.Equal(t, whyDispute, dispute.Reason)
	require.Equal(t, whyAdvance, debts[0].Reason)

	entities := map[string]any{
		"Case": c, "voucher Case": voucher, "CaseSnapshot": snap, "*CaseSnapshot": &snap,
		"Ledger": ledger, "LedgerSnapshot": ledger.Snapshot(), "Order": o, "*Order": &o,
		"Application": app, "dispute": dispute, "Rejection": rej, "RefundRequest": req,
		"MerchantDebt": debts[0], "vouchers": voucher.Vouchers(),
	}
	secrets := []string{phoneBuyer, buyerNote, "张三丰", "北京市朝阳区建国路88号", "13700001111", idEvidence,
		"110101199003074518", chatRef, "13600002222", whyReject, "李四", whyDispute, "王五", "中关村", waybill,
		rateNote, "赵六", "13500003333", whyRefund, "孙七", whyAdvance, "周八", "13400004444"}
	for name, e := range entities {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, e)
			for _, s := range secrets {
				assert.NotContains(t, out, s, "%s printed with %s", name, verb)
			}
		}
	}
	for _, e := range []any{c, snap, o, app} {
		assert.Contains(t, fmt.Sprint(e), shopkit.MaskPhone(phoneBuyer), "the buyer shows masked: %T", e)
	}
	assert.True(t, strings.HasPrefix(fmt.Sprintf("%#v", c), "case "), "%%#v is the masked String")
	assert.NotPanics(t, func() {
		for _, e := range []any{new(aftersales.Case), new(aftersales.Ledger), aftersales.CaseSnapshot{},
			aftersales.RefundRequest{By: shopkit.Actor{Role: shopkit.Buyer}}, uuid.Nil} {
			_ = fmt.Sprintf("%v %+v %#v %s", e, e, e, e)
		}
	})
}

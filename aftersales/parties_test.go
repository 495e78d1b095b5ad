package aftersales_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// otherShop is a shop that is not the test orders' shop: the one authztest's
// intruders act for.
var otherShop = authztest.OtherShop()

// intrudersFor are the actors of role who are not parties of the test cases
// (R0.4): another buyer, another shop's merchant or staff, an operator scoped to
// another shop, and an actor of the role without an ID.
func intrudersFor(role shopkit.Role) []shopkit.Actor {
	noID := shopkit.Actor{Role: role}
	switch role {
	case shopkit.Buyer:
		return []shopkit.Actor{{Role: role, ID: "intruding-buyer"}, noID,
			{Role: role, ID: "intruding-buyer", Shops: []uuid.UUID{shopID}}}
	case shopkit.Merchant:
		return []shopkit.Actor{{Role: role, ID: otherShop.String()}, noID, {Role: role, ID: uuid.Nil.String()},
			{Role: role, ID: "staff-elsewhere", Shops: []uuid.UUID{otherShop}}, {Role: role, Shops: []uuid.UUID{shopID}}}
	case shopkit.Platform:
		return []shopkit.Actor{{Role: role, ID: "ops-elsewhere", Shops: []uuid.UUID{otherShop}}, noID}
	}
	return []shopkit.Actor{noID}
}

// rightful is the party of the test cases acting in role.
func rightful(role shopkit.Role) shopkit.Actor {
	switch role {
	case shopkit.Buyer:
		return buyer
	case shopkit.Merchant:
		return merchant
	case shopkit.Platform:
		return shopkit.Actor{Role: role, ID: "ops-1", Shops: []uuid.UUID{shopID}}
	}
	return sys
}

// caseIn returns a case of kind in state from, restored from the snapshot of a
// freshly opened one: its deadline far away, the return signed for and the
// refund issued, so that every action of the state can be taken in time.
func caseIn(t *testing.T, kind aftersales.Kind, from aftersales.State) *aftersales.Case {
	t.Helper()
	start := t0(t)
	var c *aftersales.Case
	var err error
	if kind == aftersales.Voucher {
		c, err = aftersales.NewVoucherCase(policy(t), voucherOrder(1001, 4), 0, start.Add(30*day), start)
	} else {
		c, err = aftersales.NewCase(policy(t), sampleOrder(start.Add(-day)),
			apply(kind, aftersales.Quality, aftersales.LineQty{Line: 1, Units: 1}), start)
	}
	require.NoError(t, err)
	s := c.Snapshot()
	s.State, s.Deadline, s.ReceivedAt = from, start.Add(1000*time.Hour), start
	s.Refund = aftersales.CaseRefund{Key: c.ID().String() + ":refund", Issued: true, Amount: shopkit.CNY(5000)}
	c, err = aftersales.RestoreCase(s)
	require.NoError(t, err)
	return c
}

// actOnCase takes action on c as by with valid arguments through the action's
// method. The consequences only a sweep applies (sweepOnly) have no method: they
// are an error here, so a new row without a method fails the test.
func actOnCase(c *aftersales.Case, action aftersales.Action, by shopkit.Actor, now time.Time) error {
	switch action {
	case aftersales.ActApprove:
		return c.Approve(by, now, "ok")
	case aftersales.ActReject:
		return c.Reject(by, now, rejection())
	case aftersales.ActResubmit:
		return c.Resubmit(by, now, "see the new photo", []string{"photo-2"})
	case aftersales.ActCancel:
		return c.Cancel(by, now, "changed my mind")
	case aftersales.ActEscalate:
		return c.Escalate(by, now, "we disagree", []string{"chat-log"})
	case aftersales.ActDecideForBuyer:
		return c.DecideForBuyer(by, now, "merchant at fault")
	case aftersales.ActDecideForMerch:
		return c.DecideForMerchant(by, now, "buyer at fault")
	case aftersales.ActDecideRefund:
		return c.DecideRefund(by, now, "refund now")
	case aftersales.ActAdvance:
		return c.RecordAdvance(by, now, shopkit.Refund{Key: "adv-1", CaseID: c.ID(), Advance: true,
			Amount: shopkit.CNY(100)})
	case aftersales.ActShipBack:
		return c.ShipBack(by, now, "SF1")
	case aftersales.ActReceiveReturn:
		return c.ReceiveReturn(by, now, time.Time{})
	case aftersales.ActApproveRefund:
		return c.ApproveRefund(by, now, "received")
	case aftersales.ActConfirmRefund:
		return c.ConfirmRefund(by, now, shopkit.Refund{Key: c.Refund().Key, Amount: shopkit.CNY(5000)})
	case aftersales.ActPassInspection:
		return c.PassInspection(by, now)
	case aftersales.ActShipReplacement:
		return c.ShipReplacement(by, now, "SF2")
	case aftersales.ActSignForDelivery:
		return c.SignForDelivery(by, now, time.Time{})
	case aftersales.ActConfirmReceipt:
		return c.ConfirmReceipt(by, now)
	case aftersales.ActReturnRepaired:
		return c.ReturnRepaired(by, now, "SF3")
	case aftersales.ActExtendRepair:
		d, _ := c.Deadline()
		return c.ExtendRepair(by, now, d.Add(day))
	case aftersales.ActConvert:
		return c.Convert(by, now, "entitled")
	case aftersales.ActAgreeSelfRepair:
		return c.AgreeSelfRepair(by, now, shopkit.CNY(1000))
	case aftersales.ActSubmitInvoice:
		return c.SubmitInvoice(by, now, shopkit.CNY(1200), []string{"invoice.pdf"})
	case aftersales.ActScheduleVisit:
		return c.ScheduleVisit(by, now, now.Add(day))
	case aftersales.ActRecordVisit:
		return c.RecordVisit(by, now)
	case aftersales.ActFinishRepair:
		return c.FinishRepair(by, now)
	case aftersales.ActRedeem:
		return c.Redeem(by, now, 1)
	case aftersales.ActUseUp:
		v := c.Vouchers()
		return c.Redeem(by, now, v.Total-v.Used)
	case aftersales.ActRequestRefund:
		return c.RequestVoucherRefund(by, now)
	}
	return fmt.Errorf("no method takes %s", action)
}

// sweepOnly are the actions only a sweep takes: the system's consequence of a
// passed deadline (Case.ApplyDue, always as shopkit.SystemActor), with no method
// of their own. TestSweepOnlyRowsAreTheTimeouts_R0_3 checks that each is a
// system-only timeout row and drives every one of them through ApplyDue.
var sweepOnly = map[aftersales.Action]string{
	aftersales.ActClose:         "taken only by the sweep (ApplyDue as the system); driven in TestSweepOnlyRowsAreTheTimeouts_R0_3",
	aftersales.ActMarkOverdue:   "taken only by the sweep (ApplyDue as the system); driven in TestSweepOnlyRowsAreTheTimeouts_R0_3",
	aftersales.ActEntitleRefund: "taken only by the sweep (ApplyDue as the system); driven in TestSweepOnlyRowsAreTheTimeouts_R0_3",
	aftersales.ActMissAgreement: "taken only by the sweep (ApplyDue as the system); driven in TestSweepOnlyRowsAreTheTimeouts_R0_3",
	aftersales.ActExpire:        "taken only by the sweep (ApplyDue as the system); driven in TestSweepOnlyRowsAreTheTimeouts_R0_3",
	aftersales.ActAutoRefund:    "taken only by the sweep (ApplyDue as the system); driven in TestSweepOnlyRowsAreTheTimeouts_R0_3",
}

// R0.4, R3.1: every row of every case kind's table (CaseWorkflow under
// DefaultPolicy), for every role it names, authorizes through the kernel
// (authztest.EveryRow): another buyer, another shop, an operator of another
// shop and an actor of the role without an ID (Actor{Role: buyer} once
// cancelled anyone's case) are refused with shopkit.CodeNotParty and the case is
// unchanged; the rightful party succeeds.
func TestEveryCaseRowAuthorizesTheParty_R0_4(t *testing.T) {
	now := t0(t).Add(time.Hour)
	for _, kind := range aftersales.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			authztest.EveryRow(t, authztest.Workflow[aftersales.State, aftersales.Action, *aftersales.Case]{
				Table: aftersales.CaseWorkflow(kind, aftersales.DefaultPolicy()),
				New: func(t *testing.T, from aftersales.State, _ aftersales.Action) *aftersales.Case {
					return caseIn(t, kind, from)
				},
				Parties: (*aftersales.Case).Parties,
				Act: func(c *aftersales.Case, action aftersales.Action, by shopkit.Actor) error {
					return actOnCase(c, action, by, now)
				},
				Snapshot: func(c *aftersales.Case) any { return c.Snapshot() },
				Skip:     sweepOnly,
			})
		})
	}
}

// R0.3, R0.4: the rows EveryRow skips are exactly the sweep's: each is a
// system-only row that is its state's timeout, and ApplyDue takes every one of
// them as the system once the deadline has passed.
func TestSweepOnlyRowsAreTheTimeouts_R0_3(t *testing.T) {
	driven := map[aftersales.Action]bool{}
	for _, kind := range aftersales.Kinds() {
		table := aftersales.CaseWorkflow(kind, aftersales.DefaultPolicy())
		for _, row := range table.Transitions() {
			if _, ok := sweepOnly[row.Action]; !ok {
				continue
			}
			t.Run(fmt.Sprintf("%s/%s/%s", kind, row.From, row.Action), func(t *testing.T) {
				assert.Equal(t, []shopkit.Role{shopkit.System}, row.Roles, "only the system takes it")
				to, ok := table.Timeout(row.From)
				require.True(t, ok, "a sweep-only row is its state's timeout")
				assert.Equal(t, row.Action, to.Action)
				c := caseIn(t, kind, row.From)
				d, _ := c.Deadline()
				require.NoError(t, c.ApplyDue(d.Add(time.Nanosecond)))
				assert.Equal(t, row.To, c.State())
				last := lastChange(c.History())
				assert.Equal(t, string(row.Action), last.Action)
				assert.Equal(t, shopkit.System, last.Role)
				driven[row.Action] = true
			})
		}
	}
	assert.Len(t, driven, len(sweepOnly), "every skipped action is a row of some table")
}

// R0.4: AllowedActions answers for the actor: on every row the rightful party
// of each role it names sees the action, and no intruder — another buyer,
// another shop, its staff or an operator of another shop, an actor without an
// ID, a buyer listing the shop — sees any button.
func TestAllowedActionsAnswerForTheActor_R0_4(t *testing.T) {
	for _, kind := range aftersales.Kinds() {
		for _, row := range aftersales.CaseWorkflow(kind, aftersales.DefaultPolicy()).Transitions() {
			for _, role := range row.Roles {
				c := caseIn(t, kind, row.From)
				assert.Contains(t, c.AllowedActions(authztest.Rightful(role, c.Parties())), row.Action,
					"%s %s %s", kind, row.From, role)
				for _, by := range intrudersFor(role) {
					assert.Empty(t, c.AllowedActions(by), "%s %s: %+v sees no button", kind, row.From, by)
				}
			}
		}
	}
	assert.Empty(t, new(aftersales.Case).AllowedActions(sys), "the zero Case has no table")
}

// R0.4: a shop's staff act under their own IDs for the shops they work for
// (Actor.Shops), and an operator of the whole platform acts on every shop's
// case; staff of another shop do not.
func TestShopStaffAndOperatorsArePartiesOfTheCase_R0_4(t *testing.T) {
	staff := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-7", Shops: []uuid.UUID{shopID}}
	elsewhere := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-8", Shops: []uuid.UUID{otherShop}}
	c := caseIn(t, aftersales.RefundOnly, aftersales.Requested)
	assert.Equal(t, []aftersales.Action{aftersales.ActApprove, aftersales.ActReject}, c.AllowedActions(staff))
	err := c.Approve(elsewhere, t0(t), "ok")
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
	require.NoError(t, c.Approve(staff, t0(t), "ok"))
	assert.Equal(t, aftersales.Refunding, c.State())

	d := caseIn(t, aftersales.RefundOnly, aftersales.Disputed)
	require.NoError(t, d.DecideForMerchant(operator, t0(t), "no fault"), "an operator of the whole platform")
}

// R0.4, R3.2: rating is no table row, and it checks the party the same way: an
// actor without an ID or another buyer cannot rate the case, which keeps no
// rating; the case's buyer can.
func TestRateChecksTheParty_R0_4(t *testing.T) {
	for _, by := range intrudersFor(shopkit.Buyer) {
		c := caseIn(t, aftersales.Exchange, aftersales.Completed)
		before := c.Snapshot()
		err := c.Rate(by, t0(t), 1, "terrible")
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		assert.Equal(t, before, c.Snapshot())
	}
	c := caseIn(t, aftersales.Exchange, aftersales.Completed)
	err := c.Rate(merchant, t0(t), 5, "great")
	assert.Equal(t, aftersales.CodeWrongRole, shopkit.CodeOf(err), "a merchant rates nothing")
	require.NoError(t, c.Rate(buyer, t0(t), 5, "great"))
	stars, note := c.Rating()
	assert.Equal(t, 5, stars)
	assert.Equal(t, "great", note)
}

// R0.4: through the service, a buyer without an ID cannot cancel the case of
// another buyer: CodeNotParty, and the stored case and the order's ledger (the
// units the case holds) are unchanged.
func TestServiceRefusesAnActorWithoutID_R0_4(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.ReturnRefund)
	stored := func() aftersales.CaseSnapshot {
		got, err := f.svc.Get(f.ctx, c.ID())
		require.NoError(t, err)
		return got.Snapshot()
	}
	before, ledger := stored(), f.ledger(t, o.ID).Snapshot()
	for _, by := range []shopkit.Actor{{Role: shopkit.Buyer}, {Role: shopkit.Merchant}, {Role: shopkit.System}} {
		_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
			if by.Role == shopkit.Merchant {
				return c.Approve(by, now, "ok")
			}
			return c.Cancel(by, now, "not mine")
		})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
		assert.Equal(t, before, stored())
		assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot())
	}
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Cancel(buyer, now, "mine") })
}

// R0.4, R3.7, R3.9: a refund outside a case and a platform advance check who
// asks: another shop, an actor without an ID or an operator of another shop is
// CodeNotParty, the order's own buyer CodeWrongRole (a buyer asks through a
// case); the ledger and the case are unchanged. The shop and a scoped operator
// may.
func TestLedgerRefundsCheckWhoAsks_R0_4(t *testing.T) {
	f := newFixture(t)
	d, o := disputed(t, f, aftersales.ReturnRefund, buyer)
	ledger := f.ledger(t, o.ID).Snapshot()
	compensation := func(by shopkit.Actor) aftersales.RefundRequest {
		return aftersales.RefundRequest{Key: "comp-1", Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(100)}},
			By: by, Reason: "late delivery"}
	}
	for _, tc := range []struct {
		by   shopkit.Actor
		code string
	}{
		{shopkit.Actor{Role: shopkit.Merchant, ID: otherShop.String()}, shopkit.CodeNotParty},
		{shopkit.Actor{Role: shopkit.Merchant}, shopkit.CodeNotParty},
		{shopkit.Actor{Role: shopkit.Platform, ID: "ops-elsewhere", Shops: []uuid.UUID{otherShop}}, shopkit.CodeNotParty},
		{shopkit.Actor{Role: shopkit.System}, shopkit.CodeNotParty},
		{buyer, aftersales.CodeWrongRole},
	} {
		_, err := f.svc.RefundOrder(f.ctx, o.ID, compensation(tc.by))
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", tc.by)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), "%+v", tc.by)
		assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot(), "%+v", tc.by)
	}
	stranger := shopkit.Actor{Role: shopkit.Platform, ID: "ops-elsewhere", Shops: []uuid.UUID{otherShop}}
	before, err := f.svc.Get(f.ctx, d.ID())
	require.NoError(t, err)
	_, err = f.svc.Advance(f.ctx, d.ID(), stranger, "adv-1", shopkit.CNY(100), "x")
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
	after, err := f.svc.Get(f.ctx, d.ID())
	require.NoError(t, err)
	assert.Equal(t, before.Snapshot(), after.Snapshot())
	assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot())

	rec, err := f.svc.RefundOrder(f.ctx, o.ID, compensation(merchant))
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(100), rec.Amount)
	_, err = f.svc.Advance(f.ctx, d.ID(), rightful(shopkit.Platform), "adv-1", shopkit.CNY(100), "merchant unreachable")
	require.NoError(t, err)
}

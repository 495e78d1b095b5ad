package support_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R6.4: severity from words, repeat contact and order value, at their edges.
func TestSeverityGrading_R6_4(t *testing.T) {
	p := support.DefaultSeverityPolicy()
	for name, tc := range map[string]struct {
		s    support.Signals
		want support.Severity
	}{
		"calm":                      {support.Signals{Text: "尺码不合适"}, support.Low},
		"complaint word":            {support.Signals{Text: "我要投诉"}, support.Medium},
		"regulator threat":          {support.Signals{Text: "我要打12315"}, support.High},
		"one earlier contact":       {support.Signals{Text: "还没处理", PriorContacts: 1}, support.Low},
		"two earlier contacts":      {support.Signals{Text: "还没处理", PriorContacts: 2}, support.Medium},
		"order 1 fen under 1000":    {support.Signals{Text: "坏了", OrderValue: shopkit.CNY(99999)}, support.Low},
		"order exactly 1000 yuan":   {support.Signals{Text: "坏了", OrderValue: shopkit.CNY(100000)}, support.High},
		"highest signal wins":       {support.Signals{Text: "差评", PriorContacts: 5, OrderValue: shopkit.CNY(100000)}, support.High},
		"other currency not graded": {support.Signals{Text: "broken", OrderValue: shopkit.MustMoney(500000, "EUR")}, support.Low},
	} {
		assert.Equal(t, tc.want, p.Grade(tc.s), name)
	}
}

// R6.4: one log whatever the channel; a handler below the severity is refused;
// closing needs a compensation and opens a follow-up task due 72 h later, which
// becomes overdue 1 ns after.
func TestComplaintWorkflow_R6_4(t *testing.T) {
	svc, clock := newService(t, support.LeastLoaded)
	ctx := context.Background()
	*clock = at(23, 10, 0, 0)
	c, err := svc.FileComplaint(ctx, support.ComplaintInput{ShopID: shop1, CustomerID: "13812345678", Channel: support.Phone,
		Signals: support.Signals{Text: "质量太差，我要去12315投诉"}})
	require.NoError(t, err)
	assert.Equal(t, support.High, c.Severity())
	assert.NotContains(t, c.String(), "13812345678")
	_, err = svc.FileComplaint(ctx, support.ComplaintInput{ShopID: shop1, CustomerID: "b", Channel: support.Email,
		Signals: support.Signals{Text: "差评"}})
	require.NoError(t, err)
	log, err := svc.Complaints.Log(ctx, shop1)
	require.NoError(t, err)
	assert.Len(t, log, 2, "phone and email in one log")

	err = svc.AssignComplaint(ctx, c.ID(), lead, support.Handler{ID: "agent-1", Level: support.Medium})
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, support.CodeHandlerLevelTooLow, shopkit.CodeOf(err))
	require.NoError(t, svc.AssignComplaint(ctx, c.ID(), lead, support.Handler{ID: "agent-9", Level: support.High}))

	handler := staff("agent-9")
	*clock = at(23, 11, 0, 0)
	got, _ := svc.Complaints.Get(ctx, c.ID())
	handling := got.Snapshot()
	for name, tc := range map[string]struct {
		by   shopkit.Actor
		comp support.Compensation
		code string
	}{
		"no compensation":       {handler, support.Compensation{}, support.CodeCompensationRequired},
		"coupon without ref":    {handler, support.Compensation{Kind: support.Coupon}, support.CodeInvalidCompensation},
		"unknown kind":          {handler, support.Compensation{Kind: "cash_in_envelope"}, support.CodeInvalidCompensation},
		"negative value":        {handler, support.Compensation{Kind: support.Gift, Value: shopkit.CNY(-1)}, support.CodeInvalidCompensation},
		"not the handler":       {agent1, support.Compensation{Kind: support.Gift}, support.CodeNotYours},
		"customer cannot close": {shopkit.Actor{Role: shopkit.Buyer, ID: "13812345678"}, support.Compensation{Kind: support.Gift}, support.CodeWrongRole},
		"another buyer":         {customerA, support.Compensation{Kind: support.Gift}, shopkit.CodeNotParty},
	} {
		err := svc.CloseComplaint(ctx, c.ID(), tc.by, tc.comp, "apologised")
		require.Error(t, err, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
		got, _ = svc.Complaints.Get(ctx, c.ID())
		assert.Equal(t, handling, got.Snapshot(), "%s: nothing changed", name)
	}

	require.NoError(t, svc.CloseComplaint(ctx, c.ID(), handler,
		support.Compensation{Kind: support.Coupon, CouponRef: "sorry-20", Value: shopkit.CNY(2000)}, "apologised, coupon"))
	got, _ = svc.Complaints.Get(ctx, c.ID())
	assert.Equal(t, support.FollowUp, got.State())
	due, ok := got.FollowUpDue()
	require.True(t, ok)
	assert.True(t, at(26, 11, 0, 0).Equal(due))
	trail, err := shopkit.ReadTrail(ctx, svc.Complaints, c.ID(), 3)
	require.NoError(t, err)
	effects := 0
	for _, e := range trail {
		if e.Kind == shopkit.EntryEffect {
			effects++
			assert.Equal(t, support.EffectIssueCoupon, e.Effect.Type)
			assert.Equal(t, "sorry-20", e.Effect.Note)
		}
	}
	assert.Equal(t, 1, effects)

	*clock = due
	res, err := svc.SweepComplaints(ctx)
	require.NoError(t, err)
	assert.Zero(t, res.Applied, "at exactly the deadline the follow-up is still in time")
	*clock = due.Add(time.Nanosecond)
	res, err = svc.SweepComplaints(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied, "1 ns after the deadline it is overdue")
	got, _ = svc.Complaints.Get(ctx, c.ID())
	assert.Equal(t, support.FollowUpOverdue, got.State())
	require.NoError(t, svc.CompleteFollowUp(ctx, c.ID(), handler, "called back, customer satisfied"))
	got, _ = svc.Complaints.Get(ctx, c.ID())
	assert.Equal(t, support.Done, got.State())
}

// R6.4: a follow-up completed before its deadline never goes overdue.
func TestComplaintFollowUpInTime_R6_4(t *testing.T) {
	p := support.DefaultPolicy()
	c, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "c", Channel: support.App,
		Signals: support.Signals{Text: "慢"}}, support.DefaultSeverityPolicy(), p, at(23, 10, 0, 0))
	require.NoError(t, err)
	require.NoError(t, c.Assign(shopkit.SystemActor(), at(23, 10, 0, 0), support.Handler{ID: "a", Level: support.Low}))
	require.NoError(t, c.Close(lead, at(23, 12, 0, 0), support.Compensation{Kind: support.ApologyLetter}, "letter sent"))
	due, _ := c.Deadline()
	require.ErrorIs(t, c.ApplyDue(due.Add(-time.Nanosecond)), shopkit.ErrConflict)
	require.NoError(t, c.CompleteFollowUp(lead, due, "done"))
	_, has := c.Deadline()
	assert.False(t, has)
}

// R6.4: a complaint without words, shop, customer or a valid channel is refused
// with support.invalid_complaint; a handler without a valid level is refused and
// the complaint is unchanged.
func TestComplaintBadInput_R6_4(t *testing.T) {
	p := support.DefaultPolicy()
	good := support.ComplaintInput{ShopID: shop1, CustomerID: "c", Channel: support.Phone, Signals: support.Signals{Text: "投诉"}}
	for name, mutate := range map[string]func(*support.ComplaintInput){
		"blank words":      func(in *support.ComplaintInput) { in.Signals.Text = " \t" },
		"no shop":          func(in *support.ComplaintInput) { in.ShopID = uuid.Nil },
		"no customer":      func(in *support.ComplaintInput) { in.CustomerID = "" },
		"bad channel":      func(in *support.ComplaintInput) { in.Channel = "Fax Machine" },
		"negative repeats": func(in *support.ComplaintInput) { in.Signals.PriorContacts = -1 },
	} {
		in := good
		mutate(&in)
		_, err := support.NewComplaint(in, support.DefaultSeverityPolicy(), p, at(23, 10, 0, 0))
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, support.CodeInvalidComplaint, shopkit.CodeOf(err), name)
	}
	c, err := support.NewComplaint(good, support.DefaultSeverityPolicy(), p, at(23, 10, 0, 0))
	require.NoError(t, err)
	before := c.Snapshot()
	for name, h := range map[string]support.Handler{
		"no id":   {Level: support.High},
		"level 0": {ID: "a", Level: 0},
		"level 4": {ID: "a", Level: support.High + 1},
	} {
		err := c.Assign(lead, at(23, 10, 1, 0), h)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, before, c.Snapshot(), name)
	}
}

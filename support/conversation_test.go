package support_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R6.1: the lifecycle open → assigned → in progress ↔ waiting on customer →
// resolved → closed, with messages, a transfer and the summary and topic.
func TestConversationLifecycle_R6_1(t *testing.T) {
	p := support.DefaultPolicy()
	c := openAt(t, p, at(23, 10, 0, 0))
	assert.Equal(t, support.Open, c.State())
	assert.Equal(t, []support.Action{support.ActMessage, support.ActAbandon}, c.AllowedActions(customerA))

	require.NoError(t, c.Assign(shopkit.SystemActor(), at(23, 10, 0, 5), "agent-1"))
	require.NoError(t, c.Reply(agent1, at(23, 10, 1, 0), "您好，请问需要什么尺码？"))
	assert.Equal(t, support.InProgress, c.State())
	require.NoError(t, c.AwaitCustomer(agent1, at(23, 10, 2, 0)))
	assert.Equal(t, support.WaitingCustomer, c.State())
	require.NoError(t, c.Message(customerA, at(23, 10, 5, 0), "M码"))
	assert.Equal(t, support.InProgress, c.State())
	require.NoError(t, c.TransferTo(agent1, at(23, 10, 6, 0), "agent-2", "size expert"))
	assert.Equal(t, support.Assigned, c.State())
	assert.Equal(t, "agent-2", c.AgentID())
	require.NoError(t, c.Reply(agent2, at(23, 10, 7, 0), "M码有货"))
	require.NoError(t, c.Resolve(agent2, at(23, 10, 8, 0), support.Summary{Text: "size M in stock", Topic: "size"}))
	require.NoError(t, c.Close(agent2, at(23, 10, 9, 0), support.Summary{}))
	assert.Equal(t, support.Closed, c.State())
	assert.Equal(t, support.Summary{Text: "size M in stock", Topic: "size"}, c.Summary())
	assert.Len(t, c.Messages(), 4, "every message is kept across the transfer")
	require.Len(t, c.Transfers(), 1)
	assert.Equal(t, "agent-1", c.Transfers()[0].FromAgent)
	assert.Equal(t, "agent-2", c.ResolvedBy())
	var actions []string
	for _, e := range c.History() {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{"open", "assign", "reply", "await_customer", "message", "transfer", "reply", "resolve", "close"}, actions)
	assert.Empty(t, c.Breaches())
	assert.NotContains(t, c.String(), "buyer-a")
}

// R6.1: bad input is a typed error with a stable code and changes nothing.
func TestConversationBadInput_R6_1(t *testing.T) {
	p := support.DefaultPolicy()
	_, err := support.NewConversation(inquiry("   "), p, at(23, 10, 0, 0))
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, support.CodeEmptyContent, shopkit.CodeOf(err))

	in := inquiry("hi")
	in.Phase = "during"
	_, err = support.NewConversation(in, p, at(23, 10, 0, 0))
	assert.Equal(t, support.CodeInvalidInquiry, shopkit.CodeOf(err))

	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	before := c.Snapshot()
	for name, fn := range map[string]func() error{
		"empty reply":           func() error { return c.Reply(agent1, at(23, 10, 2, 0), "") },
		"empty message":         func() error { return c.Message(customerA, at(23, 10, 2, 0), " \n\t") },
		"oversize message":      func() error { return c.Message(customerA, at(23, 10, 2, 0), strings.Repeat("好", 1400)) },
		"someone else's":        func() error { return c.Reply(agent2, at(23, 10, 2, 0), "hi") },
		"customer resolves":     func() error { return c.Resolve(customerA, at(23, 10, 2, 0), support.Summary{Text: "x", Topic: "y"}) },
		"resolve no summary":    func() error { return c.Resolve(agent1, at(23, 10, 2, 0), support.Summary{Topic: "size"}) },
		"resolve no topic":      func() error { return c.Resolve(agent1, at(23, 10, 2, 0), support.Summary{Text: "done"}) },
		"transfer to self":      func() error { return c.TransferTo(agent1, at(23, 10, 2, 0), "agent-1", "") },
		"close while working":   func() error { return c.Close(agent1, at(23, 10, 2, 0), support.Summary{Text: "x", Topic: "y"}) },
		"rate before resolving": func() error { return c.Rate(customerA, at(23, 10, 2, 0), 5) },
	} {
		err := fn()
		require.Error(t, err, name)
		assert.Contains(t, support.Codes(), shopkit.CodeOf(err), "%s: a declared code", name)
		assert.Equal(t, before, c.Snapshot(), name)
	}

	require.NoError(t, c.Resolve(agent1, at(23, 10, 3, 0), support.Summary{Text: "done", Topic: "size"}))
	resolved := c.Snapshot()
	for code, s := range map[string]support.Summary{
		support.CodeSummaryRequired: {Topic: "size"},
		support.CodeTopicRequired:   {Text: "done, really"},
	} {
		assert.Equal(t, code, shopkit.CodeOf(c.Close(agent1, at(23, 10, 4, 0), s)))
		assert.Equal(t, resolved, c.Snapshot(), code)
	}
	require.NoError(t, c.Close(agent1, at(23, 10, 4, 0), support.Summary{}))
	closed := c.Snapshot()
	err = c.TransferTo(agent1, at(23, 10, 5, 0), "agent-2", "")
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(err))
	err = c.Requeue(agent1, at(23, 10, 5, 0), "after_sale", "", "")
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(err))
	assert.Equal(t, closed, c.Snapshot())
}

// R6.4: one satisfaction answer per conversation, 1 to 5, tied to the agent who
// resolved it. A score of 0 or 6, or a second answer, is a typed error with a
// stable code and changes nothing (the whole snapshot is compared).
func TestSatisfactionSurvey_R6_4(t *testing.T) {
	p := support.DefaultPolicy()
	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	require.NoError(t, c.Resolve(agent1, at(23, 10, 2, 0), support.Summary{Text: "ok", Topic: "size"}))
	before := c.Snapshot()
	for _, score := range []int{0, 6, -1} {
		err := c.Rate(customerA, at(23, 10, 3, 0), score)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, support.CodeInvalidScore, shopkit.CodeOf(err))
		assert.Equal(t, before, c.Snapshot(), "score %d changed nothing", score)
	}
	_, rated := c.Rating()
	assert.False(t, rated)
	err := c.Rate(shopkit.Actor{Role: shopkit.Buyer, ID: "someone-else"}, at(23, 10, 3, 0), 5)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
	err = c.Rate(agent1, at(23, 10, 3, 0), 5)
	assert.Equal(t, support.CodeWrongRole, shopkit.CodeOf(err), "only the customer answers the survey")
	assert.Equal(t, before, c.Snapshot())

	require.NoError(t, c.Rate(customerA, at(23, 10, 3, 0), 1), "1 is the lowest valid score")
	rated1 := c.Snapshot()
	err = c.Rate(customerA, at(23, 10, 4, 0), 5)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, support.CodeAlreadyRated, shopkit.CodeOf(err))
	assert.Equal(t, rated1, c.Snapshot(), "a second answer changes nothing")
	r, ok := c.Rating()
	require.True(t, ok)
	assert.Equal(t, support.Rating{Score: 1, AgentID: "agent-1", At: at(23, 10, 3, 0)}, r)

	c2 := working(t, p, at(23, 11, 0, 0), at(23, 11, 1, 0))
	require.NoError(t, c2.Resolve(agent1, at(23, 11, 2, 0), support.Summary{Text: "ok", Topic: "size"}))
	require.NoError(t, c2.Rate(customerA, at(23, 11, 3, 0), 5), "5 is the highest valid score")
}

// R6.4, the decision documented in the package doc: the survey may be answered
// after the conversation is Closed, but there is still one answer per
// conversation — whether given while Resolved or after closing, and across a
// reopen and a second resolution. A conversation never resolved has no survey.
func TestSatisfactionAfterClose_R6_4(t *testing.T) {
	p := support.DefaultPolicy()
	resolve := func(c *support.Conversation, now time.Time) {
		require.NoError(t, c.Resolve(agent1, now, support.Summary{Text: "ok", Topic: "size"}))
	}

	// Closed by the sweep when the 72h reopen window ended, rated afterwards.
	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	resolve(c, at(23, 10, 2, 0))
	require.NoError(t, c.ApplyDue(at(26, 10, 2, 0).Add(time.Nanosecond)))
	require.Equal(t, support.Closed, c.State())
	require.NoError(t, c.Rate(customerA, at(27, 9, 0, 0), 4))
	closed := c.Snapshot()
	err := c.Rate(customerA, at(27, 9, 1, 0), 5)
	assert.Equal(t, support.CodeAlreadyRated, shopkit.CodeOf(err))
	assert.Equal(t, closed, c.Snapshot())

	// Rated while resolved, then closed: no second answer.
	c = working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	resolve(c, at(23, 10, 2, 0))
	require.NoError(t, c.Rate(customerA, at(23, 10, 3, 0), 5))
	require.NoError(t, c.Close(agent1, at(23, 10, 4, 0), support.Summary{}))
	closed = c.Snapshot()
	assert.Equal(t, support.CodeAlreadyRated, shopkit.CodeOf(c.Rate(customerA, at(23, 10, 5, 0), 1)))
	assert.Equal(t, closed, c.Snapshot())

	// Rated, reopened: no survey while open again, and none after the second
	// resolution either.
	c = working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	resolve(c, at(23, 10, 2, 0))
	require.NoError(t, c.Rate(customerA, at(23, 10, 3, 0), 2))
	require.NoError(t, c.Reopen(customerA, at(23, 10, 4, 0), "还是不行"))
	err = c.Rate(customerA, at(23, 10, 5, 0), 5)
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(err))
	require.NoError(t, c.Assign(shopkit.SystemActor(), at(23, 10, 5, 0), "agent-1"))
	require.NoError(t, c.Reply(agent1, at(23, 10, 6, 0), "您好"))
	resolve(c, at(23, 10, 7, 0))
	assert.Equal(t, support.CodeAlreadyRated, shopkit.CodeOf(c.Rate(customerA, at(23, 10, 8, 0), 5)))
	r, _ := c.Rating()
	assert.Equal(t, 2, r.Score, "the first answer stands")

	// Abandoned in the queue: closed but never resolved, so no survey.
	c = openAt(t, p, at(23, 10, 0, 0))
	require.NoError(t, c.Abandon(customerA, at(23, 10, 1, 0)))
	abandoned := c.Snapshot()
	err = c.Rate(customerA, at(23, 10, 2, 0), 5)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, support.CodeWrongState, shopkit.CodeOf(err))
	assert.Equal(t, abandoned, c.Snapshot())
}

// R6.3: a message at 23:59:59 leaves 1 s of business time that day; the
// first-response clock resumes at 09:00, so a 10-minute target falls due at
// 09:09:59. A reply at exactly 09:09:59 is in time; a sweep 1 ns later records
// the breach once, stamped with the target.
func TestFirstResponseAcrossClosedHours_R6_3(t *testing.T) {
	p := support.DefaultPolicy()
	opened := at(23, 23, 59, 59)
	due := at(24, 9, 9, 59)

	c := openAt(t, p, opened)
	kind, sla, ok := c.SLADue()
	require.True(t, ok)
	assert.Equal(t, support.FirstResponseSLA, kind)
	assert.True(t, due.Equal(sla), "due %v", sla)

	inTime := c.Clone()
	require.NoError(t, inTime.Assign(shopkit.SystemActor(), at(24, 9, 0, 0), "agent-1"))
	require.NoError(t, inTime.Reply(agent1, due, "早上好"))
	assert.Empty(t, inTime.Breaches())

	late := c.Clone()
	require.NoError(t, late.Assign(shopkit.SystemActor(), at(24, 9, 0, 0), "agent-1"))
	require.NoError(t, late.Reply(agent1, due.Add(time.Nanosecond), "早上好"))
	require.Len(t, late.Breaches(), 1)
	assert.True(t, due.Equal(late.Breaches()[0].DueAt))

	swept := c.Clone()
	require.ErrorIs(t, swept.ApplyDue(due), shopkit.ErrConflict, "at the target nothing is breached yet")
	require.NoError(t, swept.ApplyDue(due.Add(time.Nanosecond)))
	require.Len(t, swept.Breaches(), 1)
	require.ErrorIs(t, swept.ApplyDue(at(24, 9, 30, 0)), shopkit.ErrConflict, "a breach is recorded once")
	require.NoError(t, swept.Assign(shopkit.SystemActor(), at(24, 9, 31, 0), "agent-1"))
	require.NoError(t, swept.Reply(agent1, at(24, 9, 31, 0), "sorry for the wait"))
	assert.Len(t, swept.Breaches(), 1, "the late reply does not record it again")
	var effects int
	for _, e := range swept.History() {
		if e.Kind == shopkit.EntryEffect && e.Effect.Type == support.EffectSLABreach {
			effects++
			assert.True(t, due.Equal(e.At))
		}
	}
	assert.Equal(t, 1, effects)
}

// R6.3, R2.9: the service's sweep records a breach only after the target. A
// sweep at exactly the target skips the conversation and gives it back (its
// claim would otherwise hold it past the instant it is breached), so the sweep
// 1 ns later records the breach, once, stamped with the target, in the store's
// trail.
func TestServiceSweepRecordsBreachAfterTheTarget_R6_3(t *testing.T) {
	svc, clock := newService(t, support.LeastLoaded)
	ctx := context.Background()
	*clock = at(23, 10, 0, 0)
	c, err := svc.Open(ctx, inquiry("有M码吗"))
	require.NoError(t, err)
	require.Equal(t, support.Open, c.State(), "no agent is online")
	_, due, ok := c.SLADue()
	require.True(t, ok)

	*clock = due
	res, err := svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: 1}, res, "at the target nothing is breached yet")
	*clock = due.Add(time.Nanosecond)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "a breach is recorded once")

	trail, err := shopkit.ReadTrail(ctx, svc.Conversations, c.ID(), 3)
	require.NoError(t, err)
	var breaches []shopkit.Entry
	for i, e := range trail {
		assert.Equal(t, i+1, e.Seq, "the trail has a gap or a repeat")
		if e.Kind == shopkit.EntryChange && e.Action == "sla_breach" {
			breaches = append(breaches, e)
		}
	}
	require.Len(t, breaches, 1)
	assert.True(t, due.Equal(breaches[0].At), "stamped with the target")
}

// R6.3 with R0.3: a public holiday has no business hours, so the clock of a
// message at 23:59:59 the evening before resumes at 09:00 the day after.
func TestFirstResponseSkipsHoliday_R6_3(t *testing.T) {
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{Holidays: []shopkit.Date{{Year: 2026, Month: 11, Day: 24}}})
	require.NoError(t, err)
	p := support.DefaultPolicy()
	p.Hours = cal
	c := openAt(t, p, at(23, 23, 59, 59))
	_, due, _ := c.SLADue()
	assert.True(t, at(25, 9, 9, 59).Equal(due), "due %v", due)
}

// R6.3 with R0.3: the clock of a message at 23:59:59 has exactly 1 s left that
// day and resumes at exactly 09:00: a 1 s target falls due at 24:00, 1 s + 1 ns
// at 09:00:00.000000001, 2 s at 09:00:01.
func TestClockResumesAtNine_R6_3(t *testing.T) {
	for _, tc := range []struct {
		target time.Duration
		due    time.Time
	}{
		{time.Second, at(24, 0, 0, 0)},
		{time.Second + time.Nanosecond, at(24, 9, 0, 0).Add(time.Nanosecond)},
		{2 * time.Second, at(24, 9, 0, 1)},
	} {
		p := support.DefaultPolicy()
		p.SLA.FirstResponse = tc.target
		c := openAt(t, p, at(23, 23, 59, 59))
		_, due, ok := c.SLADue()
		require.True(t, ok)
		assert.True(t, tc.due.Equal(due), "target %s: due %s, want %s", tc.target, due, tc.due)
	}
}

// R6.3 with R0.3: a make-up working day (调休) is open although its weekday is
// closed. With Sundays closed, a message at Saturday 23:59:59 waits for Monday
// 09:00; when that Sunday is a make-up day the clock resumes on Sunday 09:00.
func TestFirstResponseMakeUpDay_R6_3(t *testing.T) {
	sat := time.Date(2026, 11, 28, 23, 59, 59, 0, shanghai)
	require.Equal(t, time.Saturday, sat.Weekday())
	for name, tc := range map[string]struct {
		makeUp []shopkit.Date
		due    time.Time
	}{
		"sunday closed":     {nil, time.Date(2026, 11, 30, 9, 9, 59, 0, shanghai)},
		"sunday is make-up": {[]shopkit.Date{{Year: 2026, Month: 11, Day: 29}}, time.Date(2026, 11, 29, 9, 9, 59, 0, shanghai)},
	} {
		cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
			WeekdayHours: map[time.Weekday][]shopkit.Window{time.Sunday: {}},
			MakeUpDays:   tc.makeUp,
		})
		require.NoError(t, err, name)
		p := support.DefaultPolicy()
		p.Hours = cal
		c := openAt(t, p, sat)
		_, due, _ := c.SLADue()
		assert.True(t, tc.due.Equal(due), "%s: due %s", name, due)
	}
}

// R6.3: the resolution clock pauses while waiting on the customer and resumes
// with the business time that was left.
func TestResolutionClockPausesWhileWaiting_R6_3(t *testing.T) {
	p := support.DefaultPolicy() // resolution 8h of business time
	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 5, 0))
	require.NoError(t, c.AwaitCustomer(agent1, at(23, 11, 0, 0))) // 1h used, 7h left
	_, _, pending := c.SLADue()
	assert.False(t, pending, "no SLA runs while waiting on the customer")
	d, ok := c.Deadline()
	require.True(t, ok)
	assert.True(t, at(23, 11, 0, 0).Add(p.CustomerSilence).Equal(d), "only the silence timeout remains")

	require.NoError(t, c.Message(customerA, at(23, 20, 0, 0), "还在吗"))
	// 20:00–24:00 is 4h, the other 3h run 09:00–12:00 the next day.
	kind, due, ok := c.SLADue()
	require.True(t, ok)
	assert.Equal(t, support.ResolutionSLA, kind)
	assert.True(t, at(24, 12, 0, 0).Equal(due), "due %v", due)

	inTime := c.Clone()
	require.NoError(t, inTime.Resolve(agent1, at(24, 12, 0, 0), support.Summary{Text: "ok", Topic: "size"}))
	assert.Empty(t, inTime.Breaches())
	late := c.Clone()
	require.NoError(t, late.Resolve(agent1, at(24, 12, 0, 0).Add(time.Nanosecond), support.Summary{Text: "ok", Topic: "size"}))
	require.Len(t, late.Breaches(), 1)
	assert.Equal(t, support.ResolutionSLA, late.Breaches()[0].Kind)
}

// R6.3: targets may differ by priority, and so by member tier: the Service
// gives a gold member (rank 2, priority service) priority 3, whose target is
// 1 min; a tier without the benefit, and a non-member, get the default 10 min.
func TestSLAByPriority_R6_3(t *testing.T) {
	p := support.DefaultPolicy()
	p.SLAByPriority = map[int]support.SLATarget{3: {FirstResponse: time.Minute, Resolution: time.Hour}}
	in := inquiry("hi")
	in.Priority = 3
	c, err := support.NewConversation(in, p, at(23, 10, 0, 0))
	require.NoError(t, err)
	_, due, _ := c.SLADue()
	assert.True(t, at(23, 10, 1, 0).Equal(due))

	svc, clock := newServiceWith(t, func(cfg *support.ServiceConfig) {
		cfg.Policy = p
		cfg.Tiers = fixedTiers{
			"gold":   {Name: "gold", Rank: 2, PriorityService: true},
			"silver": {Name: "silver", Rank: 2},
		}
	}, support.LeastLoaded)
	*clock = at(23, 10, 0, 0)
	for customer, want := range map[string]time.Time{
		"gold":   at(23, 10, 1, 0),
		"silver": at(23, 10, 10, 0),
		"guest":  at(23, 10, 10, 0),
	} {
		in := inquiry("在吗")
		in.CustomerID = customer
		c, err := svc.Open(context.Background(), in)
		require.NoError(t, err)
		_, due, _ := c.SLADue()
		assert.True(t, want.Equal(due), "%s: due %s", customer, due)
	}
}

// R6.1: the customer may reopen within the reopen window (72h): at exactly the
// end it is in time, 1 ns later refused; a sweep then closes it, stamped with the
// window's end.
func TestReopenWindow_R6_1(t *testing.T) {
	p := support.DefaultPolicy()
	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	resolved := at(23, 10, 2, 0)
	require.NoError(t, c.Resolve(agent1, resolved, support.Summary{Text: "ok", Topic: "size"}))
	end := resolved.Add(72 * time.Hour)

	edge := c.Clone()
	require.NoError(t, edge.Reopen(customerA, end, "还是不对"))
	assert.Equal(t, support.Open, edge.State())
	assert.Empty(t, edge.AgentID())

	late := c.Clone()
	err := late.Reopen(customerA, end.Add(time.Nanosecond), "还是不对")
	assert.Equal(t, support.CodeReopenWindowPassed, shopkit.CodeOf(err))
	assert.Equal(t, support.Resolved, late.State())

	require.ErrorIs(t, late.ApplyDue(end), shopkit.ErrConflict, "at exactly the window's end a reopen is still in time")
	require.NoError(t, late.ApplyDue(end.Add(time.Nanosecond)))
	assert.Equal(t, support.Closed, late.State())
	h := late.History()
	assert.True(t, end.Equal(h[len(h)-1].At), "stamped with the deadline")
	assert.Equal(t, shopkit.System, h[len(h)-1].Role)
}

// R6.1: a conversation silent on the customer's side is resolved by the system
// after Policy.CustomerSilence (24h).
func TestCustomerSilence_R6_1(t *testing.T) {
	p := support.DefaultPolicy()
	c := working(t, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	require.NoError(t, c.AwaitCustomer(agent1, at(23, 10, 2, 0)))
	require.ErrorIs(t, c.ApplyDue(at(24, 10, 2, 0)), shopkit.ErrConflict, "at exactly 24h the customer is in time")
	require.NoError(t, c.ApplyDue(at(24, 10, 2, 0).Add(time.Nanosecond)))
	assert.Equal(t, support.Resolved, c.State())
	ra, _ := c.ResolvedAt()
	assert.True(t, at(24, 10, 2, 0).Equal(ra))
}

// R0.3 for R6.3: overlapping or inverted business hours are rejected by the
// calendar with stable codes, so no SLA clock runs on them.
func TestBusinessHoursValidation_R6_3(t *testing.T) {
	for name, tc := range map[string]struct {
		hours []shopkit.Window
		code  string
	}{
		"inverted":    {[]shopkit.Window{{Start: shopkit.ClockAt(18, 0), End: shopkit.ClockAt(9, 0)}}, shopkit.CodeInvertedHours},
		"overlapping": {[]shopkit.Window{{Start: shopkit.ClockAt(9, 0), End: shopkit.ClockAt(13, 0)}, {Start: shopkit.ClockAt(12, 0), End: shopkit.ClockAt(18, 0)}}, shopkit.CodeOverlappingHours},
	} {
		_, err := shopkit.NewCalendar(shopkit.CalendarConfig{Hours: tc.hours})
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
	}
	p := support.DefaultPolicy()
	p.Hours = nil
	_, err := support.NewConversation(inquiry("hi"), p, at(23, 10, 0, 0))
	assert.Equal(t, support.CodeInvalidPolicy, shopkit.CodeOf(err))
}

// R6.3: a conversation the FAQ answered at 10:00 and the customer reopened at
// 11:00 waits for its first human response from 11:00; the 10:10 target passed
// while it was resolved and is no breach.
func TestFirstResponseAfterFAQReopen_R6_3(t *testing.T) {
	p := support.DefaultPolicy()
	c := openAt(t, p, at(23, 10, 0, 0))
	require.NoError(t, c.AnswerFAQ(at(23, 10, 0, 0), support.FAQEntry{ID: "shipping", Answer: "付款后48小时内发货。"}))
	require.NoError(t, c.Reopen(customerA, at(23, 11, 0, 0), "还是没发货"))
	require.NoError(t, c.Assign(shopkit.SystemActor(), at(23, 11, 0, 1), "agent-1"))
	assert.Empty(t, c.Breaches())
	kind, due, ok := c.SLADue()
	require.True(t, ok)
	assert.Equal(t, support.FirstResponseSLA, kind)
	assert.True(t, at(23, 11, 10, 0).Equal(due), "10 minutes after the reopen, got %s", due)
	require.NoError(t, c.ApplyDue(at(23, 11, 10, 0).Add(time.Nanosecond)))
	require.Len(t, c.Breaches(), 1)
	assert.True(t, at(23, 11, 10, 0).Equal(c.Breaches()[0].DueAt))
}

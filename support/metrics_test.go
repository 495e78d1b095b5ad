package support_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R6.6: conversion = inquired and paid that day ÷ inquired that day, counting
// only buyers with no order in [day start − 21×24h, day start). An order placed
// exactly 21 days before the day start excludes the buyer; 21 days + 1 ns before
// does not.
func TestInquiryConversion21Days_R6_6(t *testing.T) {
	day := shopkit.Date{Year: 2026, Month: 11, Day: 23}
	start := at(23, 0, 0, 0)
	window := support.DefaultPolicy().NewBuyerWindow
	require.Equal(t, 21*24*time.Hour, window)
	inq := func(buyer string, t time.Time) support.InquiryFact {
		return support.InquiryFact{ShopID: shop1, BuyerID: buyer, At: t}
	}
	ord := func(buyer string, placed, paid time.Time) support.OrderFact {
		return support.OrderFact{OrderID: uuid.New(), ShopID: shop1, BuyerID: buyer, PlacedAt: placed, PaidAt: paid}
	}
	inquiries := []support.InquiryFact{
		inq("exactly-21d", at(23, 10, 0, 0)),
		inq("21d-plus-1ns", at(23, 10, 0, 0)),
		inq("new-payer", at(23, 11, 0, 0)), inq("new-payer", at(23, 12, 0, 0)), // counted once
		inq("new-unpaid", at(23, 23, 59, 59)),
		inq("paid-next-day", at(23, 15, 0, 0)),
		inq("yesterday", start.Add(-time.Nanosecond)), // not that day
		{ShopID: shop2, BuyerID: "other-shop", At: at(23, 10, 0, 0)},
	}
	orders := []support.OrderFact{
		ord("exactly-21d", start.Add(-window), start.Add(-window)),
		ord("exactly-21d", at(23, 10, 5, 0), at(23, 10, 6, 0)),
		ord("21d-plus-1ns", start.Add(-window-time.Nanosecond), start.Add(-window)),
		ord("21d-plus-1ns", at(23, 10, 5, 0), at(23, 10, 6, 0)),
		ord("new-payer", at(23, 11, 30, 0), at(23, 23, 59, 59)),
		ord("new-unpaid", at(23, 23, 59, 59), time.Time{}),
		ord("paid-next-day", at(23, 15, 30, 0), at(24, 0, 0, 0)),
	}
	c := support.InquiryConversion(shop1, day, shanghai, window, slices.Values(inquiries), slices.Values(orders))
	// counted: 21d-plus-1ns (paid), new-payer (paid), new-unpaid, paid-next-day
	assert.Equal(t, 4, c.Inquirers)
	assert.Equal(t, 2, c.Paid)
	assert.Equal(t, "0.5", c.Rate.String())

	none := support.InquiryConversion(shop9, day, shanghai, window, slices.Values(inquiries), slices.Values(orders))
	assert.Zero(t, none.Inquirers)
	assert.True(t, none.Rate.IsZero())
}

func resolvedConv(t *testing.T, opened, replied, resolved time.Time, agent string, topic support.Topic, score int) *support.Conversation {
	p := support.DefaultPolicy()
	c := openAt(t, p, opened)
	me := staff(agent)
	require.NoError(t, c.Assign(shopkit.SystemActor(), opened, agent))
	require.NoError(t, c.Reply(me, replied, "您好"))
	require.NoError(t, c.Resolve(me, resolved, support.Summary{Text: "ok", Topic: topic}))
	if score > 0 {
		require.NoError(t, c.Rate(customerA, resolved, score))
	}
	return c
}

// R6.6: first-response and resolution times in business time; satisfaction
// average (decimal) and distribution per agent; per-agent daily workload; top
// topics of a period.
func TestServiceMetrics_R6_6(t *testing.T) {
	convs := []*support.Conversation{
		// opened 23:59:00, replied 09:01:00 next day: 2 min of business time
		resolvedConv(t, at(23, 23, 59, 0), at(24, 9, 1, 0), at(24, 9, 11, 0), "agent-1", "shipping", 5),
		resolvedConv(t, at(24, 10, 0, 0), at(24, 10, 4, 0), at(24, 10, 30, 0), "agent-1", "shipping", 4),
		resolvedConv(t, at(24, 11, 0, 0), at(24, 11, 6, 0), at(24, 12, 0, 0), "agent-2", "size", 4),
		resolvedConv(t, at(24, 13, 0, 0), at(24, 13, 1, 0), at(24, 13, 2, 0), "agent-2", "invoice", 0),
	}
	st := support.MeasureServiceTimes(slices.Values(convs), support.DefaultPolicy().Hours)
	assert.Equal(t, 4, st.Responded)
	assert.Equal(t, (2+4+6+1)*time.Minute/4, st.FirstResponseAvg)
	assert.Equal(t, 6*time.Minute, st.FirstResponseMax)
	assert.Equal(t, (12+30+60+2)*time.Minute/4, st.ResolutionAvg)

	all, per := support.SummariseSatisfaction(support.Ratings(slices.Values(convs)))
	assert.Equal(t, 3, all.Count)
	assert.Equal(t, "4.33", all.Average.String())
	assert.Equal(t, [5]int{0, 0, 0, 2, 1}, all.Distribution)
	assert.Equal(t, "4.5", per["agent-1"].Average.String())
	assert.Equal(t, "4", per["agent-2"].Average.String())

	orders := []support.OrderFact{
		{OrderID: uuid.New(), AssistedBy: "agent-1", PaidAt: at(24, 9, 20, 0)},
		{OrderID: uuid.New(), AssistedBy: "agent-1", PaidAt: at(25, 0, 0, 0)},
		{OrderID: uuid.New(), AssistedBy: "agent-2"}, // unpaid: not counted
	}
	w := support.AgentWorkload(slices.Values(convs), slices.Values(orders), shanghai)
	d24, d25 := shopkit.Date{Year: 2026, Month: 11, Day: 24}, shopkit.Date{Year: 2026, Month: 11, Day: 25}
	assert.Equal(t, []support.Workload{
		{AgentID: "agent-1", Day: d24, Conversations: 2, AssistedOrders: 1},
		{AgentID: "agent-2", Day: d24, Conversations: 2},
		{AgentID: "agent-1", Day: d25, AssistedOrders: 1},
	}, w)

	top := support.TopTopics(slices.Values(convs), at(24, 0, 0, 0), at(25, 0, 0, 0), 2)
	assert.Equal(t, []support.TopicCount{{Topic: "invoice", Count: 1}, {Topic: "shipping", Count: 1}}, top,
		"the conversation opened on the 23rd is outside the period; ties by name")
	top = support.TopTopics(slices.Values(convs), at(23, 0, 0, 0), at(25, 0, 0, 0), 1)
	assert.Equal(t, []support.TopicCount{{Topic: "shipping", Count: 2}}, top)
}

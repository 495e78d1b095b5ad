package support_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R6.2, no panics: the zero Router (support.Router{}) is ready to use — an
// empty router that assigns round-robin — and routes, transfers, requeues and
// releases like one NewRouter built.
func TestZeroRouterRoutesRoundRobin_R6_2(t *testing.T) {
	var r support.Router
	assert.Equal(t, 0, r.Waiting(shop1, "pre_sale"))
	_, err := r.Position(uuid.New())
	assert.Equal(t, support.CodeNotQueued, shopkit.CodeOf(err))
	_, err = r.Agent("agent-1")
	assert.Equal(t, support.CodeAgentNotFound, shopkit.CodeOf(err))
	_, _, err = r.Release("agent-1", uuid.New())
	assert.Equal(t, support.CodeNotHeld, shopkit.CodeOf(err))
	assert.False(t, r.Remove(uuid.New()))

	for _, id := range []string{"agent-1", "agent-2"} {
		require.NoError(t, r.AddAgent(agentCfg(id, 2)))
		_, err := r.SetStatus(id, support.Online)
		require.NoError(t, err)
	}
	var got []string
	var first uuid.UUID
	for i := range 3 {
		w := waiting(0, at(23, 10, i, 0))
		as, ok, err := r.Enqueue(w)
		require.NoError(t, err)
		require.True(t, ok)
		got = append(got, as.AgentID)
		if i == 0 {
			first = w.ConversationID
		}
	}
	assert.Equal(t, []string{"agent-1", "agent-2", "agent-1"}, got, "round-robin")
	_, _, err = r.Transfer(first, "agent-2")
	require.NoError(t, err)
	_, err = r.Requeue("agent-2", support.Waiting{ConversationID: first, ShopID: shop1, Group: "pre_sale", Since: at(23, 10, 0, 0)})
	require.NoError(t, err)
	a1, err := r.Agent("agent-1")
	require.NoError(t, err)
	a2, err := r.Agent("agent-2")
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, []int{a1.Load, a2.Load}, "agent-2 took the requeued conversation straight back")
}

// No panics: a zero support.Service (not built by NewService, so without a
// desk, stores or clock) answers every method with shopkit.CodeNotBuilt, and
// Policy with the zero Policy; so does a nil *Service.
func TestZeroServiceIsNotBuilt(t *testing.T) {
	ctx := context.Background()
	id := uuid.New()
	for name, s := range map[string]*support.Service{"zero": {}, "nil": nil} {
		assert.Equal(t, support.Policy{}, s.Policy(), name)
		_, err := s.Open(ctx, inquiry("在吗"))
		errs := []error{err}
		_, err = s.Get(ctx, id)
		errs = append(errs, err,
			s.Message(ctx, id, customerA, "hi"), s.Reply(ctx, id, agent1, "hi"), s.AwaitCustomer(ctx, id, agent1),
			s.Resolve(ctx, id, agent1, support.Summary{Text: "ok", Topic: "size"}), s.Transfer(ctx, id, agent1, "agent-2", ""),
			s.Requeue(ctx, id, agent1, "returns", "", ""), s.Reopen(ctx, id, customerA, "hi"), s.Abandon(ctx, id, customerA),
			s.Rate(ctx, id, customerA, 5), s.SetAgentStatus(ctx, "agent-1", support.Online), s.Repair(ctx, id),
			s.AssignComplaint(ctx, id, lead, support.Handler{ID: "a", Level: support.High}),
			s.CloseComplaint(ctx, id, lead, support.Compensation{Kind: support.Gift}, ""), s.CompleteFollowUp(ctx, id, lead, "done"))
		_, err = s.View(ctx, id, 3)
		errs = append(errs, err)
		_, err = s.Sweep(ctx)
		errs = append(errs, err)
		_, err = s.FileComplaint(ctx, support.ComplaintInput{ShopID: shop1})
		errs = append(errs, err)
		_, err = s.SweepComplaints(ctx)
		errs = append(errs, err)
		for i, err := range errs {
			require.ErrorIs(t, err, shopkit.ErrInvalid, "%s service, call %d", name, i)
			assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err), "%s service, call %d", name, i)
		}
	}
}

// No panics: a nil sequence is an empty input of every metric, and a nil clock
// measures nothing (R6.6).
func TestMetricsOfNilSequences_R6_6(t *testing.T) {
	assert.Zero(t, support.InquiryConversion(shop1, shopkit.Date{Year: 2026, Month: 11, Day: 23}, nil, 24*time.Hour, nil, nil).Inquirers)
	assert.Equal(t, support.ServiceTimes{}, support.MeasureServiceTimes(nil, support.DefaultPolicy().Hours))
	c := resolvedConv(t, at(23, 10, 0, 0), at(23, 10, 1, 0), at(23, 10, 2, 0), "agent-1", "size", 5)
	assert.Equal(t, support.ServiceTimes{}, support.MeasureServiceTimes(slices.Values([]*support.Conversation{c}), nil))
	sat, per := support.SummariseSatisfaction(nil)
	assert.Zero(t, sat.Count)
	assert.Empty(t, per)
	assert.Empty(t, slices.Collect(support.Ratings(nil)))
	assert.Empty(t, support.AgentWorkload(nil, nil, nil))
	assert.Empty(t, support.TopTopics(nil, at(23, 0, 0, 0), at(24, 0, 0, 0), 3))
}

package support_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// supportPolicies returns a schedule of "old" (10 min first response, 72 h
// follow-up) from the start and "new" (5 min, 24 h) from from.
func supportPolicies(t *testing.T, from time.Time) (support.Policy, support.Policy, shopkit.Schedule[support.Policy]) {
	t.Helper()
	old, next := support.DefaultPolicy(), support.DefaultPolicy()
	next.SLA.FirstResponse = 5 * time.Minute
	next.ComplaintFollowUp = 24 * time.Hour
	s, err := shopkit.NewSchedule(
		shopkit.Version[support.Policy]{Name: "new", From: from, Policy: next},
		shopkit.Version[support.Policy]{Name: "old", Policy: old})
	require.NoError(t, err)
	return old, next, s
}

// R0.3, R6.1, R6.3: a conversation opened 1 ns before a new version's From
// keeps the old first-response target, through a reload and a JSON round trip;
// one opened exactly at From gets the new one. The service's Policy is the
// version in force now.
func TestConversationPolicyVersionInForceAtOpening_R0_3_R6_3(t *testing.T) {
	from := at(23, 10, 0, 0)
	old, next, sched := supportPolicies(t, from)
	svc, clock := newServiceWith(t, func(c *support.ServiceConfig) { c.Policy, c.Policies = support.Policy{}, sched }, support.LeastLoaded)
	ctx := context.Background()

	*clock = from.Add(-time.Nanosecond)
	before, err := svc.Open(ctx, inquiry("有M码吗"))
	require.NoError(t, err)
	assert.Equal(t, old.SLA.FirstResponse, svc.Policy().SLA.FirstResponse)
	*clock = from
	atFrom, err := svc.Open(ctx, inquiry("有L码吗"))
	require.NoError(t, err)
	assert.Equal(t, next.SLA.FirstResponse, svc.Policy().SLA.FirstResponse)

	assert.Equal(t, "old", before.PolicyVersion())
	assert.Equal(t, "new", atFrom.PolicyVersion())
	_, due, ok := before.SLADue()
	require.True(t, ok)
	assert.True(t, from.Add(-time.Nanosecond).Add(old.SLA.FirstResponse).Equal(due), due)
	_, due, ok = atFrom.SLADue()
	require.True(t, ok)
	assert.True(t, from.Add(next.SLA.FirstResponse).Equal(due), due)

	*clock = from.Add(time.Hour) // the change has happened
	got, err := svc.Conversations.Get(ctx, before.ID())
	require.NoError(t, err)
	assert.Equal(t, "old", got.PolicyVersion())
	_, due, _ = got.SLADue()
	assert.True(t, from.Add(-time.Nanosecond).Add(old.SLA.FirstResponse).Equal(due), "a later version never moves the deadline")

	b, err := json.Marshal(got.Snapshot())
	require.NoError(t, err)
	var snap support.ConversationSnapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	snap.Policy.Hours = shopkit.DefaultCalendar()
	back, err := support.RestoreConversation(snap)
	require.NoError(t, err)
	assert.Equal(t, "old", back.PolicyVersion())
	assert.Equal(t, old.SLA.FirstResponse, back.Policy().SLA.FirstResponse)
}

// R0.3, R6.4: a complaint filed 1 ns before a new version's From gets the old
// follow-up period when it closes after the change; one filed exactly at From
// the new one.
func TestComplaintPolicyVersionInForceAtFiling_R0_3_R6_4(t *testing.T) {
	from := at(23, 10, 0, 0)
	old, next, sched := supportPolicies(t, from)
	svc, clock := newServiceWith(t, func(c *support.ServiceConfig) { c.Policy, c.Policies = support.Policy{}, sched }, support.LeastLoaded)
	ctx := context.Background()
	file := func() *support.Complaint {
		c, err := svc.FileComplaint(ctx, support.ComplaintInput{ShopID: shop1, CustomerID: "13812345678", Channel: support.Phone,
			Signals: support.Signals{Text: "发错货了"}})
		require.NoError(t, err)
		require.NoError(t, svc.AssignComplaint(ctx, c.ID(), lead, support.Handler{ID: "agent-9", Level: support.High}))
		return c
	}
	*clock = from.Add(-time.Nanosecond)
	before := file()
	*clock = from
	atFrom := file()
	assert.Equal(t, "old", before.PolicyVersion())
	assert.Equal(t, "new", atFrom.PolicyVersion())

	closed := from.Add(2 * time.Hour)
	*clock = closed
	for _, c := range []*support.Complaint{before, atFrom} {
		require.NoError(t, svc.CloseComplaint(ctx, c.ID(), staff("agent-9"), support.Compensation{Kind: support.Gift}, "apologised"))
	}
	got, err := svc.Complaints.Get(ctx, before.ID())
	require.NoError(t, err)
	due, ok := got.FollowUpDue()
	require.True(t, ok)
	assert.True(t, closed.Add(old.ComplaintFollowUp).Equal(due), due)
	assert.Equal(t, "old", got.Snapshot().PolicyVersion)
	got, err = svc.Complaints.Get(ctx, atFrom.ID())
	require.NoError(t, err)
	due, _ = got.FollowUpDue()
	assert.True(t, closed.Add(next.ComplaintFollowUp).Equal(due), due)
}

// R0.3: before a schedule's first version nothing opens or is filed; a plain
// Policy records no version, and a snapshot from before versions (no
// PolicyVersion key) restores with "".
func TestSupportPoliciesEdges_R0_3(t *testing.T) {
	late, err := shopkit.NewSchedule(shopkit.Version[support.Policy]{Name: "late", From: at(23, 12, 0, 0), Policy: support.DefaultPolicy()})
	require.NoError(t, err)
	svc, _ := newServiceWith(t, func(c *support.ServiceConfig) { c.Policy, c.Policies = support.Policy{}, late }, support.LeastLoaded)
	ctx := context.Background()
	_, err = svc.Open(ctx, inquiry("在吗"))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	_, err = svc.FileComplaint(ctx, support.ComplaintInput{ShopID: shop1, CustomerID: "b", Channel: support.Email, Signals: support.Signals{Text: "差评"}})
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))

	plain, _ := newService(t, support.LeastLoaded)
	c, err := plain.Open(ctx, inquiry("在吗"))
	require.NoError(t, err)
	assert.Empty(t, c.PolicyVersion())
	b, err := json.Marshal(c.Snapshot())
	require.NoError(t, err)
	assert.NotContains(t, string(b), "PolicyVersion")
	k, err := plain.FileComplaint(ctx, support.ComplaintInput{ShopID: shop1, CustomerID: "b", Channel: support.Email, Signals: support.Signals{Text: "差评"}})
	require.NoError(t, err)
	back, err := support.RestoreComplaint(k.Snapshot())
	require.NoError(t, err)
	assert.Empty(t, back.PolicyVersion())
}

// R6.3: exactly one of Policy and Policies; every version is validated.
func TestNewServiceValidatesPolicies_R6_3(t *testing.T) {
	_, _, sched := supportPolicies(t, at(23, 10, 0, 0))
	bad := support.DefaultPolicy()
	bad.ReopenWindow = 0
	badSched, err := shopkit.NewSchedule(shopkit.Version[support.Policy]{Name: "a", Policy: support.DefaultPolicy()},
		shopkit.Version[support.Policy]{Name: "b", From: at(23, 10, 0, 0), Policy: bad})
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		policy support.Policy
		sched  shopkit.Schedule[support.Policy]
		field  string
	}{
		{"both", support.DefaultPolicy(), sched, "policies"},
		{"unnamed", support.Policy{}, shopkit.Always("", support.DefaultPolicy()), "policies.versions[0].name"},
		{"invalid version", support.Policy{}, badSched, "policies.versions[1].policy.reopen_window"},
		{"neither", support.Policy{}, shopkit.Schedule[support.Policy]{}, "policy.reopen_window"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := support.NewService(support.ServiceConfig{Conversations: nil, Policy: tc.policy, Policies: tc.sched})
			assert.Equal(t, support.CodeInvalidConfig, shopkit.CodeOf(err))
			var v *shopkit.ValidationError
			require.ErrorAs(t, err, &v)
			var fields []string
			for _, p := range v.Problems {
				fields = append(fields, p.Field)
			}
			assert.Contains(t, fields, tc.field)
		})
	}
}

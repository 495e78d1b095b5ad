package supporttest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var suiteBase = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// The suite's shops; a Merchant actor with a shop's ID acts for the shop.
var (
	suiteShop = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000001")
	otherShop = uuid.MustParse("5b0c1a52-0000-4000-8000-000000000002")
)

// clockPolicy runs SLA clocks on a plain always-open clock, so deadlines are easy
// to place.
func clockPolicy() support.Policy {
	p := support.DefaultPolicy()
	p.Hours = &shopkit.Calendar{}
	return p
}

func fullConversation(t testing.TB) *support.Conversation {
	at := suiteBase
	c, err := support.RestoreConversation(support.ConversationSnapshot{
		ID: uuid.New(), ShopID: suiteShop, CustomerID: "13812345678", Channel: support.App, Phase: support.InSale,
		Group: "logistics", Topic: "tracking", Summary: "parcel located", OrderID: uuid.New(), CaseID: uuid.New(),
		Priority: 3, State: support.WaitingCustomer, AgentID: "agent-2", ResolvedBy: "agent-1",
		OpenedAt: at, EnqueuedAt: at.Add(time.Second), FirstReplyAt: at.Add(2 * time.Second),
		ResolvedAt: at.Add(3 * time.Second), ClosedAt: at.Add(4 * time.Second), StateDue: at.Add(5 * time.Second),
		FirstDue: at.Add(6 * time.Second), ResolveDue: at.Add(7 * time.Hour), ResolveLeft: time.Minute,
		FirstBreach: true, ResolveBreach: true,
		Breaches: []support.Breach{{Kind: support.FirstResponseSLA, DueAt: at.Add(6 * time.Second), AgentID: "agent-1"}},
		Messages: []support.Message{{At: at, Role: shopkit.Buyer, Author: "13812345678", Content: "where is it", FAQ: "x"}},
		Transfers: []support.Transfer{{At: at, By: shopkit.Actor{Role: shopkit.Merchant, ID: "agent-1"}, FromAgent: "agent-1",
			ToAgent: "agent-2", FromGroup: "g", ToGroup: "logistics", FromChannel: support.WebChat, ToChannel: support.App, Reason: "r"}},
		Rating: &support.Rating{Score: 4, AgentID: "agent-1", At: at},
		Policy: clockPolicy(),
	})
	require.NoError(t, err)
	// An entry to append on Create, so the stored Seq is not zero. Resolving a
	// conversation that waits on the customer leaves every field set.
	require.NoError(t, c.Resolve(shopkit.SystemActor(), at.Add(8*time.Second), support.Summary{Text: "parcel located", Topic: "tracking"}))
	return c
}

// touchConversation makes one journaled change that can come again and again:
// the customer reopens a resolved conversation, routing assigns a queued one,
// and the system hands an assigned one to the other agent. (A message or a
// reply that leaves the state as it is adds no audit entry.) It acts at the
// conversation's opening, before any SLA target, so a due conversation stays
// due.
func touchConversation(c *support.Conversation) error {
	now, sys := c.OpenedAt(), shopkit.SystemActor()
	switch c.State() {
	case support.Resolved:
		return c.Reopen(shopkit.Actor{Role: shopkit.Buyer, ID: c.CustomerID()}, now, "still not here")
	case support.Open:
		return c.Assign(sys, now, "agent-1")
	}
	next := "agent-1"
	if c.AgentID() == next {
		next = "agent-2"
	}
	return c.TransferTo(sys, now, next, "rebalance")
}

// conversationJSON encodes the conversation's snapshot as JSON and restores
// it, as a host store with a JSON state column does. The policy's calendar is
// code, not data: the host sets it again before RestoreConversation.
func conversationJSON(t testing.TB, c *support.Conversation) *support.Conversation {
	t.Helper()
	return storetest.ViaJSON(t, c.Snapshot(), support.RestoreConversation, func(from support.ConversationSnapshot, to *support.ConversationSnapshot) {
		to.Policy.Hours = from.Policy.Hours
	})
}

// complaintJSON is conversationJSON for a complaint.
func complaintJSON(t testing.TB, c *support.Complaint) *support.Complaint {
	t.Helper()
	return storetest.ViaJSON(t, c.Snapshot(), support.RestoreComplaint, func(from support.ComplaintSnapshot, to *support.ComplaintSnapshot) {
		to.Policy.Hours = from.Policy.Hours
	})
}

func dueConversation(t testing.TB, at time.Time) *support.Conversation {
	p := clockPolicy()
	c, err := support.NewConversation(support.Inquiry{ShopID: suiteShop, CustomerID: "c-" + uuid.NewString(),
		Channel: support.WebChat, Phase: support.PreSale, Content: "hello"}, p, at.Add(-p.SLA.FirstResponse))
	require.NoError(t, err)
	return c
}

// TestStore runs the conformance suite against stores made by newStore (R2.8):
// the generic contract (a round trip of every field in the store and through
// the snapshot's JSON, the trail appended once and in order and a loaded value
// that holds none of it (R0.4), atomic updates, Due, and claims that split due
// work between sweepers (R2.9)), then the SLA and queue queries (R6.2, R6.3)
// and ListWaiting (order, ties, paging, filters, a conversation moving
// between queues).
// Every subtest gets a fresh store; the fixtures have fresh IDs.
func TestStore(t *testing.T, newStore func() support.ConversationStore) {
	storetest.Run(t, func() storetest.Store[*support.Conversation] { return newStore() }, storetest.Harness[*support.Conversation]{
		Full:   fullConversation,
		Due:    dueConversation,
		ID:     (*support.Conversation).ID,
		Touch:  touchConversation,
		Expire: (*support.Conversation).ApplyDue,
		JSON:   conversationJSON,
		Equal: func(t testing.TB, want, got *support.Conversation) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})
	ctx := context.Background()

	t.Run("SLADueWithinAndBreached_R6_3", func(t *testing.T) {
		s := newStore()
		soon := dueConversation(t, suiteBase.Add(5*time.Minute))
		later := dueConversation(t, suiteBase.Add(time.Hour))
		require.NoError(t, s.Create(ctx, later))
		require.NoError(t, s.Create(ctx, soon))
		got, err := s.SLADue(ctx, suiteShop, suiteBase.Add(5*time.Minute), 10)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, soon.ID(), got[0].ID())
		got, err = s.SLADue(ctx, suiteShop, suiteBase.Add(time.Hour), 10)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, []uuid.UUID{soon.ID(), later.ID()}, []uuid.UUID{got[0].ID(), got[1].ID()})
		none, err := s.SLADue(ctx, otherShop, suiteBase.Add(time.Hour), 10)
		require.NoError(t, err)
		assert.Empty(t, none)
		one, err := s.SLADue(ctx, suiteShop, suiteBase.Add(time.Hour), 1)
		require.NoError(t, err)
		require.Len(t, one, 1, "limit is the most returned")
		assert.Equal(t, soon.ID(), one[0].ID())

		// the sweep records the breach; it then shows under Breached, not SLADue
		require.NoError(t, s.Update(ctx, soon.ID(), func(c *support.Conversation) error {
			return c.ApplyDue(suiteBase.Add(6 * time.Minute))
		}))
		br, err := s.Breached(ctx, suiteShop, suiteBase, suiteBase.Add(24*time.Hour))
		require.NoError(t, err)
		require.Len(t, br, 1)
		assert.Equal(t, soon.ID(), br[0].ID())
		br, err = s.Breached(ctx, suiteShop, suiteBase.Add(5*time.Minute+1), suiteBase.Add(24*time.Hour))
		require.NoError(t, err)
		assert.Empty(t, br)
	})

	// Convention: every limit is at least 1; below it is shopkit.CheckLimit's error.
	t.Run("LimitBelowOne", func(t *testing.T) {
		s := newStore()
		for _, limit := range []int{0, -1} {
			_, err := s.Due(ctx, suiteBase, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
			_, err = s.SLADue(ctx, suiteShop, suiteBase, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
		}
	})

	t.Run("Waiting_R6_2", func(t *testing.T) {
		s := newStore()
		a, b := dueConversation(t, suiteBase.Add(time.Hour)), dueConversation(t, suiteBase)
		require.NoError(t, s.Create(ctx, a))
		require.NoError(t, s.Create(ctx, b))
		require.NoError(t, s.Update(ctx, a.ID(), func(c *support.Conversation) error {
			return c.Assign(shopkit.SystemActor(), suiteBase, "agent-1")
		}))
		w, err := s.Waiting(ctx)
		require.NoError(t, err)
		require.Len(t, w, 1)
		assert.Equal(t, b.ID(), w[0].ID())
	})

	testListWaiting(t, newStore)
}

func fullComplaint(t testing.TB, state support.ComplaintState, due time.Time) *support.Complaint {
	at := suiteBase
	c, err := support.RestoreComplaint(support.ComplaintSnapshot{
		ID: uuid.New(), ShopID: suiteShop, CustomerID: "13812345678", Channel: support.Phone,
		ConversationID: uuid.New(), OrderID: uuid.New(),
		Signals:  support.Signals{Text: "骗子", PriorContacts: 2, OrderValue: shopkit.CNY(199900)},
		Severity: support.High, State: state, Handler: support.Handler{ID: "lead-1", Level: support.High},
		Compensation: support.Compensation{Kind: support.Coupon, Note: "sorry", CouponRef: "c-20", Value: shopkit.CNY(2000)},
		FiledAt:      at, ClosedAt: at.Add(time.Hour), FollowUpDue: due, FollowUpNote: "call back",
		Policy: clockPolicy(),
	})
	require.NoError(t, err)
	return c
}

// touchComplaint is the shop handing a complaint in hand to the other handler
// of its level. A complaint waiting on its follow-up has no action that leaves
// it waiting (completing the follow-up or missing it ends the wait), so
// touching one changes nothing: the suite touches a due entity only to see a
// successful update end a sweeper's lease, which an update that changes
// nothing does too.
func touchComplaint(c *support.Complaint) error {
	if c.State() == support.FollowUp {
		return nil
	}
	next := support.Handler{ID: "lead-1", Level: support.High}
	if c.Handler().ID == next.ID {
		next.ID = "lead-2"
	}
	return c.Assign(shopkit.Actor{Role: shopkit.Merchant, ID: suiteShop.String()}, suiteBase, next)
}

// TestComplaintStore runs the conformance suite of TestStore against complaint
// stores (R2.8, R6.4), then the one-log query and ListOpen (order, ties,
// paging, a done complaint leaving the list).
func TestComplaintStore(t *testing.T, newStore func() support.ComplaintStore) {
	storetest.Run(t, func() storetest.Store[*support.Complaint] { return newStore() }, storetest.Harness[*support.Complaint]{
		Full: func(t testing.TB) *support.Complaint {
			c := fullComplaint(t, support.Handling, suiteBase.Add(72*time.Hour))
			// An entry to append on Create, so the stored Seq is not zero.
			require.NoError(t, touchComplaint(c))
			return c
		},
		Due:    func(t testing.TB, at time.Time) *support.Complaint { return fullComplaint(t, support.FollowUp, at) },
		ID:     (*support.Complaint).ID,
		Touch:  touchComplaint,
		Expire: (*support.Complaint).ApplyDue,
		JSON:   complaintJSON,
		Equal: func(t testing.TB, want, got *support.Complaint) {
			assert.Equal(t, want.Snapshot(), got.Snapshot())
		},
	})
	t.Run("LimitBelowOne", func(t *testing.T) {
		_, err := newStore().Due(context.Background(), suiteBase, 0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	})
	t.Run("LogWhateverChannel_R6_4", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		p := clockPolicy()
		var want []uuid.UUID
		for i, ch := range []support.Channel{support.Phone, support.Email, support.WebChat} {
			c, err := support.NewComplaint(support.ComplaintInput{ShopID: suiteShop, CustomerID: "c", Channel: ch,
				Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), p, suiteBase.Add(time.Duration(i)*time.Minute))
			require.NoError(t, err)
			require.NoError(t, s.Create(ctx, c))
			want = append(want, c.ID())
		}
		log, err := s.Log(ctx, suiteShop)
		require.NoError(t, err)
		var got []uuid.UUID
		for _, c := range log {
			got = append(got, c.ID())
		}
		assert.Equal(t, want, got)
	})

	testListOpen(t, newStore)
}

// TestCannedStore checks unique short codes per shop.
func TestCannedStore(t *testing.T, newStore func() support.CannedStore) {
	ctx := context.Background()
	s := newStore()
	r := support.CannedReply{ShopID: suiteShop, Code: "/ship", Text: "We ship within 48 hours."}
	require.NoError(t, s.Add(ctx, r))
	err := s.Add(ctx, support.CannedReply{ShopID: suiteShop, Code: "/ship", Text: "other"})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, support.CodeCannedCodeTaken, shopkit.CodeOf(err))
	require.NoError(t, s.Add(ctx, support.CannedReply{ShopID: otherShop, Code: "/ship", Text: "other"}), "codes are unique per shop")
	got, err := s.Lookup(ctx, suiteShop, "/ship")
	require.NoError(t, err)
	assert.Equal(t, r, got)
	_, err = s.Lookup(ctx, suiteShop, "/nope")
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, support.CodeCannedNotFound, shopkit.CodeOf(err))
	list, err := s.List(ctx, suiteShop)
	require.NoError(t, err)
	assert.Equal(t, []support.CannedReply{r}, list)
	require.NoError(t, s.Delete(ctx, suiteShop, "/ship"))
	require.ErrorIs(t, s.Delete(ctx, suiteShop, "/ship"), shopkit.ErrNotFound)
}

package supporttest

import (
	"context"
	"sync"
	"sync/atomic"
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
		Priority: 3, State: support.InProgress, AgentID: "agent-2", ResolvedBy: "agent-1",
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
		History: []shopkit.Entry{{Seq: 1, Kind: shopkit.EntryChange, At: at, Role: shopkit.Buyer, Actor: "c", Action: "open",
			To: "open", Reason: "app", Evidence: []string{"e"}}},
	})
	require.NoError(t, err)
	return c
}

func dueConversation(t testing.TB, at time.Time) *support.Conversation {
	p := clockPolicy()
	c, err := support.NewConversation(support.Inquiry{ShopID: suiteShop, CustomerID: "c-" + uuid.NewString(),
		Channel: support.WebChat, Phase: support.PreSale, Content: "hello"}, p, at.Add(-p.SLA.FirstResponse))
	require.NoError(t, err)
	return c
}

// TestStore runs the conformance suite against stores made by newStore (R2.8):
// the generic contract, then the SLA and queue queries (R6.2, R6.3).
func TestStore(t *testing.T, newStore func() support.ConversationStore) {
	storetest.Run(t, func() storetest.Store[*support.Conversation] { return newStore() }, storetest.Harness[*support.Conversation]{
		Full: fullConversation,
		Due:  dueConversation,
		ID:   (*support.Conversation).ID,
		Touch: func(c *support.Conversation) error {
			// The agent holding it, working for its shop (R0.4).
			agent := shopkit.Actor{Role: shopkit.Merchant, ID: c.AgentID(), Shops: []uuid.UUID{c.ShopID()}}
			return c.Reply(agent, suiteBase.Add(time.Minute), "more detail")
		},
		Touches: func(c *support.Conversation) int { return len(c.Messages()) },
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
		Policy:  clockPolicy(),
		History: []shopkit.Entry{{Seq: 1, Kind: shopkit.EntryChange, At: at, Role: shopkit.Buyer, Actor: "c", Action: "file", To: "filed"}},
	})
	require.NoError(t, err)
	return c
}

// TestComplaintStore runs the conformance suite against complaint stores (R2.8,
// R6.4), including the one-log query.
func TestComplaintStore(t *testing.T, newStore func() support.ComplaintStore) {
	storetest.Run(t, func() storetest.Store[*support.Complaint] { return newStore() }, storetest.Harness[*support.Complaint]{
		Full: func(t testing.TB) *support.Complaint {
			return fullComplaint(t, support.Handling, suiteBase.Add(72*time.Hour))
		},
		Due: func(t testing.TB, at time.Time) *support.Complaint { return fullComplaint(t, support.FollowUp, at) },
		ID:  (*support.Complaint).ID,
		Touch: func(c *support.Complaint) error {
			return c.Assign(shopkit.Actor{Role: shopkit.Merchant, ID: suiteShop.String()}, suiteBase, support.Handler{ID: "lead-2", Level: support.High})
		},
		Touches: func(c *support.Complaint) int { return len(c.History()) },
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
}

// TestReminderLog checks that a log reports each order's first reminder once,
// also under concurrent callers (R2.3.5).
func TestReminderLog(t *testing.T, newLog func() support.ReminderLog) {
	l := newLog()
	id := uuid.New()
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first, err := l.MarkReminded(context.Background(), id, suiteBase)
			assert.NoError(t, err)
			if first {
				firsts.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), firsts.Load())
	first, err := l.MarkReminded(context.Background(), uuid.New(), suiteBase)
	require.NoError(t, err)
	assert.True(t, first)
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

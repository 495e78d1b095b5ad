package support_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type complaintModel struct {
	*walker
	p       support.Policy
	c       *support.Complaint
	history []shopkit.Entry // the complaint's entries before the step
}

func (m *complaintModel) act() (string, shopkit.Actor, error) {
	c, now, r := m.c, m.now, m.rng
	by := pick(r, modelActors...)
	if r.IntN(3) > 0 {
		by = pick(r, staff(c.Handler().ID), shopkit.Actor{Role: shopkit.Merchant, ID: shop1.String()}, shopkit.SystemActor())
	}
	switch r.IntN(6) {
	case 0, 1:
		h := support.Handler{ID: pick(r, "h-1", "h-2", ""), Level: pick(r, support.Low, support.Medium, support.High, support.High, 0, 4)}
		return fmt.Sprintf("assign %s/%s", h.ID, h.Level), by, c.Assign(by, now, h)
	case 2:
		comp := pick(r, support.Compensation{Kind: support.Coupon, CouponRef: "sorry-20"}, support.Compensation{Kind: support.ApologyLetter},
			support.Compensation{}, support.Compensation{Kind: support.Coupon}, support.Compensation{Kind: "cash"},
			support.Compensation{Kind: support.Gift, Value: shopkit.CNY(-1)}, support.Compensation{Kind: support.Exchange})
		return "close " + string(comp.Kind), by, c.Close(by, now, comp, "apologised")
	case 3:
		return "complete_follow_up", by, c.CompleteFollowUp(by, now, pick(r, "called back", "", " "))
	default:
		return "sweep", shopkit.SystemActor(), c.ApplyDue(now)
	}
}

func (m *complaintModel) step() {
	m.advance(m.c.Deadline)
	before := m.c.Snapshot()
	m.history = m.c.History()
	name, by, err := m.act()
	after := m.c.Snapshot()
	m.trail = append(m.trail, fmt.Sprintf("%s %s by %s/%s: %s → %s err=%v",
		m.now.Format("01-02 15:04:05.000000000"), name, by.Role, by.ID, before.State, after.State, err))
	if err != nil {
		m.check(shopkit.CodeOf(err) != "", "%s failed without a typed error: %v", name, err)
		m.check(reflect.DeepEqual(before, after), "failed %s changed the complaint:\nbefore %+v\nafter  %+v", name, before, after)
		return
	}
	m.check(!complaintWorkflow.Terminal(before.State), "%s succeeded in the terminal state %s", name, before.State)
	m.hits[strings.Fields(name)[0]]++
	m.hits[string(after.State)]++
	if name == "sweep" {
		// Overdue only after the deadline; stamped with it (R6.4).
		m.check(m.now.After(before.FollowUpDue), "follow-up marked overdue at %s, deadline %s", m.now, before.FollowUpDue)
		h := m.c.History()
		m.check(h[len(h)-1].At.Equal(before.FollowUpDue), "overdue stamped %s, want %s", h[len(h)-1].At, before.FollowUpDue)
	}
	m.invariants(before, after)
}

func (m *complaintModel) invariants(before, after support.ComplaintSnapshot) {
	m.check(after.State.Validate() == nil, "unknown state %q", after.State)
	d, ok := m.c.Deadline()
	if waits(complaintWorkflow, after.State) {
		m.check(ok && d.Equal(after.FollowUpDue) && !d.IsZero(), "waiting state %s without its deadline", after.State)
		m.check(d.Equal(after.ClosedAt.Add(m.p.ComplaintFollowUp)), "follow-up due %s, closed %s", d, after.ClosedAt)
	} else {
		m.check(!ok, "%s has a deadline", after.State)
	}
	if after.State != support.Filed {
		m.check(after.Handler.ID != "" && after.Handler.Level >= after.Severity,
			"handler %+v below severity %s (R6.4)", after.Handler, after.Severity)
	}
	closed := after.State == support.FollowUp || after.State == support.FollowUpOverdue || after.State == support.Done
	m.check(closed == (after.Compensation.Kind != ""), "%s with compensation %+v", after.State, after.Compensation)
	m.check(closed == !after.FollowUpDue.IsZero(), "%s with follow-up due %s", after.State, after.FollowUpDue)
	h := m.c.History()
	m.check(isPrefix(m.history, h), "history was rewritten")
	m.check(after.Seq == len(h), "snapshot Seq %d, %d entries", after.Seq, len(h))
	r, err := support.RestoreComplaint(after)
	m.check(err == nil && reflect.DeepEqual(r.Snapshot(), after), "snapshot round trip: %v", err)
}

// R6.4: random complaints keep their invariants: a handler of matching level, a
// compensation and a follow-up deadline once closed, overdue only after it.
func TestComplaintModel_R6_4(t *testing.T) {
	p := modelPolicy(t)
	sp := support.DefaultSeverityPolicy()
	hits := map[string]int{}
	for _, seed := range modelSeeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			w := newWalker(t, seed)
			defer func() {
				for k, n := range w.hits {
					hits[k] += n
				}
			}()
			for range 30 {
				w.now = time.Date(2026, 11, 22, 0, 0, 0, 0, shanghai).Add(time.Duration(w.rng.IntN(10*24*60)) * time.Minute)
				in := support.ComplaintInput{ShopID: shop1, CustomerID: "buyer-a", Channel: pick(w.rng, support.Phone, support.WebChat),
					Signals: support.Signals{Text: pick(w.rng, "发错货了", "我要投诉", "再不处理就打12315"),
						PriorContacts: w.rng.IntN(4), OrderValue: shopkit.CNY(int64(w.rng.IntN(200000)))}}
				c, err := support.NewComplaint(in, sp, p, w.now)
				require.NoError(t, err)
				m := &complaintModel{walker: w, p: p, c: c}
				m.trail = append(m.trail, fmt.Sprintf("%s file severity %s", w.now.Format("01-02 15:04:05"), c.Severity()))
				m.invariants(c.Snapshot(), c.Snapshot())
				for range 40 {
					m.step()
				}
			}
		})
	}
	for _, k := range []string{"assign", "close", "complete_follow_up", "sweep", "follow_up_overdue", "done"} {
		assert.Positive(t, hits[k], "the walk never succeeded at %q", k)
	}
}

package support_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Model tests: random action sequences by any role, with random time jumps
// (across closed hours and holidays) and sweeps in between, checking the
// invariants of R6.1, R6.3 and R6.4 after every step. A failure names the seed
// and the steps that led to it.

var modelSeeds = []uint64{1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233}

// modelPolicy has short timeouts so that a few random jumps reach them, and a
// calendar with holidays inside the simulated weeks (R6.3: clocks stop on them).
func modelPolicy(t testing.TB) support.Policy {
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{Location: shanghai, Holidays: []shopkit.Date{
		{Year: 2026, Month: 11, Day: 25}, {Year: 2026, Month: 11, Day: 26}, {Year: 2026, Month: 12, Day: 1},
	}})
	require.NoError(t, err)
	p := support.DefaultPolicy()
	p.Hours = cal
	p.SLA = support.SLATarget{FirstResponse: 30 * time.Minute, Resolution: 4 * time.Hour}
	p.SLAByPriority = map[int]support.SLATarget{2: {FirstResponse: 10 * time.Minute, Resolution: 2 * time.Hour}}
	p.CustomerSilence = 3 * time.Hour
	p.ReopenWindow = 6 * time.Hour
	p.ComplaintFollowUp = 24 * time.Hour
	return p
}

// walker is the shared part of a model run: the seeded source, the clock and
// the trail of steps printed on failure.
type walker struct {
	t     *testing.T
	seed  uint64
	rng   *rand.Rand
	now   time.Time
	trail []string
	hits  map[string]int // successful steps by name and states reached, to show the walk covers the workflow
}

func newWalker(t *testing.T, seed uint64) *walker {
	return &walker{t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15)),
		now: time.Date(2026, 11, 23, 8, 30, 0, 0, shanghai), hits: map[string]int{}}
}

func (w *walker) failf(format string, args ...any) {
	w.t.Helper()
	tail := w.trail
	if len(tail) > 25 {
		tail = tail[len(tail)-25:]
	}
	w.t.Fatalf("seed %d, step %d: %s\nlast steps:\n  %s", w.seed, len(w.trail), fmt.Sprintf(format, args...), strings.Join(tail, "\n  "))
}

func (w *walker) check(ok bool, format string, args ...any) {
	w.t.Helper()
	if !ok {
		w.failf(format, args...)
	}
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// advance jumps the clock: not at all, a little, across the night (the shop is
// closed 00:00–09:00), over holidays, or onto a deadline and its neighbours.
func (w *walker) advance(deadline func() (time.Time, bool)) {
	day := func(h, m, s int) time.Time {
		y, mo, d := w.now.Date()
		return time.Date(y, mo, d, h, m, s, 0, shanghai)
	}
	switch w.rng.IntN(20) {
	case 0, 1, 2:
	case 15, 16, 17, 18, 19:
		w.now = w.now.Add(time.Duration(w.rng.IntN(300)) * time.Second)
	case 3:
		w.now = w.now.Add(1)
	case 4:
		w.now = w.now.Add(time.Duration(w.rng.IntN(120)) * time.Second)
	case 5:
		w.now = w.now.Add(time.Duration(1+w.rng.IntN(15)) * time.Minute)
	case 6:
		w.now = w.now.Add(time.Duration(1+w.rng.IntN(6)) * time.Hour)
	case 7: // the last second of the business day
		if t := day(23, 59, 59); t.After(w.now) {
			w.now = t
		}
	case 8: // the next opening
		t := day(9, 0, 0)
		if !t.After(w.now) {
			t = t.AddDate(0, 0, 1)
		}
		w.now = t
	case 9:
		w.now = w.now.Add(24 * time.Hour)
	case 10:
		w.now = w.now.Add(time.Duration(2+w.rng.IntN(3)) * 24 * time.Hour)
	case 11, 12, 13: // onto the next deadline, or 1 ns either side of it
		if d, ok := deadline(); ok {
			d = d.Add(time.Duration(w.rng.IntN(3)-1) * time.Nanosecond)
			if d.After(w.now) {
				w.now = d
			}
		}
	default:
		w.now = w.now.Add(time.Duration(w.rng.IntN(90)) * time.Minute)
	}
}

// running: the resolution clock runs from opening to resolution except while the
// conversation waits on the customer (R6.3).
func running(s support.State) bool {
	return s == support.Open || s == support.Assigned || s == support.InProgress
}

type stamp struct {
	at    time.Time
	state support.State
}

// convModel is the reference of one conversation's clocks: the business time the
// resolution clock has run, when it last resumed, and the state over time.
type convModel struct {
	*walker
	p        support.Policy
	c        *support.Conversation
	target   support.SLATarget
	used     time.Duration
	since    time.Time
	timeline []stamp
	history  []shopkit.Entry // the conversation's entries before the step
}

func (m *convModel) stateAt(t time.Time) support.State {
	s := m.timeline[0].state
	for _, e := range m.timeline {
		if e.at.After(t) {
			break
		}
		s = e.state
	}
	return s
}

// modelActors: the customer and another buyer, three agents, the shop itself,
// another shop, a platform operator and the system (R0.4).
var modelActors = []shopkit.Actor{
	{Role: shopkit.Buyer, ID: "buyer-a"}, {Role: shopkit.Buyer, ID: "buyer-b"},
	staff("agent-1"), staff("agent-2"), staff("agent-3"),
	{Role: shopkit.Merchant, ID: shop1.String()}, {Role: shopkit.Merchant, ID: shop2.String()},
	{Role: shopkit.Platform, ID: "ops"}, shopkit.SystemActor(),
}

func (m *convModel) content() string {
	return pick(m.rng, "好的", "请问M码有吗", "在吗？", "", "   ", strings.Repeat("长", 2000))
}

func (m *convModel) summary() support.Summary {
	return pick(m.rng, support.Summary{Text: "size M in stock", Topic: "size"}, support.Summary{Text: "refund explained", Topic: "refund"},
		support.Summary{}, support.Summary{Text: "no topic"}, support.Summary{Topic: "size"})
}

// act performs one random action by a random actor (two times in three the actor
// the action is meant for) and returns its name, the fsm action it maps to
// ("" for none) and its error.
func (m *convModel) act() (string, support.Action, shopkit.Actor, error) {
	c, now, r := m.c, m.now, m.rng
	by := pick(r, modelActors...)
	// natural picks, two times in three, the actor the action is meant for: the
	// customer, the agent holding the conversation (or now and then the shop),
	// or the system.
	natural := func(role shopkit.Role) {
		if r.IntN(3) > 0 {
			switch role {
			case shopkit.Buyer:
				by = shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-a"}
			case shopkit.Merchant:
				by = pick(r, staff(c.AgentID()), staff(c.AgentID()), shopkit.Actor{Role: shopkit.Merchant, ID: shop1.String()})
			default:
				by = shopkit.SystemActor()
			}
		}
	}
	agent := pick(r, "agent-1", "agent-2", "agent-3", "")
	switch r.IntN(15) {
	case 0:
		natural(shopkit.Buyer)
		return "message", support.ActMessage, by, c.Message(by, now, m.content())
	case 1:
		natural(shopkit.System)
		return "assign " + agent, support.ActAssign, by, c.Assign(by, now, agent)
	case 2:
		natural(shopkit.Merchant)
		return "reply", support.ActReply, by, c.Reply(by, now, m.content())
	case 3:
		natural(shopkit.Merchant)
		return "await_customer", support.ActAwaitCustomer, by, c.AwaitCustomer(by, now)
	case 4:
		natural(shopkit.Merchant)
		return "transfer " + agent, support.ActTransfer, by, c.TransferTo(by, now, agent, "skill")
	case 5:
		natural(shopkit.Merchant)
		g := pick[support.SkillGroup](r, "", "pre_sale", "returns")
		ch := pick[support.Channel](r, "", support.WebChat, support.App, "Bad!")
		return fmt.Sprintf("requeue %q %q", g, ch), support.ActRequeue, by, c.Requeue(by, now, g, ch, "wrong queue")
	case 6:
		natural(shopkit.Merchant)
		return "resolve", support.ActResolve, by, c.Resolve(by, now, m.summary())
	case 7:
		by = shopkit.SystemActor()
		e := support.FAQEntry{ID: "shipping", Keywords: []string{"发货"}, Answer: pick(r, "付款后48小时内发货。", ""), Topic: "shipping"}
		return "answer_faq", support.ActResolve, by, c.AnswerFAQ(now, e)
	case 8:
		natural(shopkit.Buyer)
		return "reopen", support.ActReopen, by, c.Reopen(by, now, m.content())
	case 9:
		natural(shopkit.Merchant)
		return "close", support.ActClose, by, c.Close(by, now, m.summary())
	case 10:
		natural(shopkit.Buyer)
		return "abandon", support.ActAbandon, by, c.Abandon(by, now)
	case 11:
		natural(shopkit.Buyer)
		score := r.IntN(8) - 1
		return fmt.Sprintf("rate %d", score), "", by, c.Rate(by, now, score)
	default:
		return "sweep", "", shopkit.SystemActor(), c.ApplyDue(now)
	}
}

func (m *convModel) step() {
	m.advance(m.c.Deadline)
	before := m.c.Snapshot()
	m.history = m.c.History()
	name, action, by, err := m.act()
	after := m.c.Snapshot()
	m.trail = append(m.trail, fmt.Sprintf("%s %s by %s/%s: %s → %s err=%v",
		m.now.Format("01-02 15:04:05.000000000"), name, by.Role, by.ID, before.State, after.State, err))

	if conversationWorkflow.Terminal(before.State) && err == nil {
		// Final: no lifecycle action succeeds. The one survey answer is not a
		// lifecycle step; R6.4 asks for it after resolution, which includes the
		// conversations the system closed when the reopen window ended.
		m.check(strings.HasPrefix(name, "rate"), "%s succeeded in the terminal state %s", name, before.State)
		b, a := before, after
		b.Rating, b.Seq, a.Rating, a.Seq = nil, 0, nil, 0
		m.check(reflect.DeepEqual(b, a), "rating a %s conversation changed more than the answer", before.State)
	}
	if err != nil {
		m.check(shopkit.CodeOf(err) != "", "%s failed without a typed error: %v", name, err)
		m.check(reflect.DeepEqual(before, after), "failed %s changed the conversation:\nbefore %+v\nafter  %+v", name, before, after)
		return
	}
	m.hits[strings.Fields(name)[0]]++
	m.hits[string(after.State)]++
	if len(after.Breaches) > len(before.Breaches) {
		m.hits["breach "+string(after.Breaches[len(after.Breaches)-1].Kind)]++
	}
	m.observe(name, action, by, before, after)
	m.invariants(before, after)
}

// observe advances the reference by a successful step and checks the step
// against it.
func (m *convModel) observe(name string, action support.Action, by shopkit.Actor, before, after support.ConversationSnapshot) {
	if action != "" && action != support.ActMessage && action != support.ActReply || before.State != after.State {
		m.check(conversationWorkflow.Can(before.State, action, by.Role) || name == "sweep",
			"%s by %s succeeded but the table does not allow it in %s", name, by.Role, before.State)
	}
	at := m.now
	if name == "sweep" && before.State != after.State {
		// A timeout applies only once its deadline has passed, and is stamped
		// with the deadline (R6.1: at exactly the deadline the customer is in time).
		m.check(m.now.After(before.StateDue), "timeout %s → %s applied at %s, not after its deadline %s",
			before.State, after.State, m.now, before.StateDue)
		at = before.StateDue
		h := m.c.History()
		m.check(h[len(h)-1].At.Equal(at), "timeout stamped %s, want the deadline %s", h[len(h)-1].At, at)
	}

	// New breaches: each kind at most once, stamped with a target that was
	// pending at that instant (R6.3).
	m.check(isPrefix(before.Breaches, after.Breaches), "breaches were rewritten")
	for _, b := range after.Breaches[len(before.Breaches):] {
		switch b.Kind {
		case support.FirstResponseSLA:
			m.check(b.DueAt.Equal(before.FirstDue), "first-response breach at %s, target %s", b.DueAt, before.FirstDue)
			s := m.stateAt(b.DueAt)
			m.check(s != support.Resolved && s != support.Closed,
				"first-response breach due %s recorded although the conversation was %s then", b.DueAt, s)
		case support.ResolutionSLA:
			m.check(running(before.State), "resolution breach recorded while %s: the clock ran while paused", before.State)
			want := m.p.Hours.AddBusinessTime(m.since, m.target.Resolution-m.used)
			m.check(b.DueAt.Equal(want), "resolution breach due %s, the clock's target is %s", b.DueAt, want)
			m.check(running(m.stateAt(b.DueAt)), "resolution breach due %s while %s", b.DueAt, m.stateAt(b.DueAt))
		}
	}

	if before.State != after.State {
		switch {
		case running(before.State) && !running(after.State):
			m.used += m.p.Hours.BusinessTimeBetween(m.since, at)
		case !running(before.State) && running(after.State):
			m.since = at
		}
		m.timeline = append(m.timeline, stamp{at, after.State})
	}

	// A reopened conversation no agent has answered waits for a first response
	// from the reopen (R6.3).
	if name == "reopen" && after.FirstReplyAt.IsZero() && !after.FirstBreach {
		want := m.p.Hours.AddBusinessTime(m.now, m.target.FirstResponse)
		m.check(after.FirstDue.Equal(want), "reopened: first response due %s, want %s", after.FirstDue, want)
	}

	// One answer per conversation, kept as given (R6.4).
	if before.Rating != nil {
		m.check(reflect.DeepEqual(before.Rating, after.Rating), "the survey answer changed from %+v to %+v", before.Rating, after.Rating)
	}
	if strings.HasPrefix(name, "rate") {
		m.check(before.Rating == nil && after.Rating != nil, "a second survey answer was accepted")
		m.check(after.Rating.Score >= 1 && after.Rating.Score <= 5, "score %d accepted", after.Rating.Score)
		m.check(after.Rating.AgentID == after.ResolvedBy, "the answer is tied to %q, the resolver is %q", after.Rating.AgentID, after.ResolvedBy)
	}
}

// invariants hold after every successful step.
func (m *convModel) invariants(before, after support.ConversationSnapshot) {
	c := m.c
	// Exactly one known state, and the fields that go with it.
	m.check(after.State.Validate() == nil, "unknown state %q", after.State)
	switch after.State {
	case support.Open:
		m.check(after.AgentID == "", "open but held by %q", after.AgentID)
	case support.Assigned, support.InProgress, support.WaitingCustomer:
		m.check(after.AgentID != "", "%s without an agent", after.State)
	case support.Resolved:
		m.check(!after.ResolvedAt.IsZero(), "resolved without a resolution time")
	case support.Closed:
		m.check(!after.ClosedAt.IsZero(), "closed without a closing time")
	}
	if after.State == support.InProgress || after.State == support.WaitingCustomer {
		m.check(!after.FirstReplyAt.IsZero(), "%s without a first reply", after.State)
	}

	// Every waiting state has a deadline; no other state has a state deadline.
	if waits(conversationWorkflow, after.State) {
		d, ok := c.Deadline()
		m.check(!after.StateDue.IsZero() && ok && !d.After(after.StateDue), "waiting state %s without a deadline", after.State)
	} else {
		m.check(after.StateDue.IsZero(), "%s has a state deadline %s", after.State, after.StateDue)
	}

	// Each breach at most once.
	seen := map[support.SLAKind]bool{}
	for _, b := range after.Breaches {
		m.check(!seen[b.Kind], "breach %s recorded twice", b.Kind)
		seen[b.Kind] = true
	}
	m.check(after.FirstBreach == seen[support.FirstResponseSLA] && after.ResolveBreach == seen[support.ResolutionSLA],
		"breach flags %v/%v disagree with the breaches %v", after.FirstBreach, after.ResolveBreach, after.Breaches)

	// The resolution clock: paused while waiting on the customer (and after
	// resolution), otherwise due where the reference says (R6.3).
	if !after.ResolveBreach {
		if running(after.State) {
			want := m.p.Hours.AddBusinessTime(m.since, m.target.Resolution-m.used)
			m.check(after.ResolveDue.Equal(want), "resolution due %s, the reference clock says %s (used %s)", after.ResolveDue, want, m.used)
		} else {
			m.check(after.ResolveDue.IsZero(), "%s with a running resolution clock (due %s)", after.State, after.ResolveDue)
			m.check(after.ResolveLeft == m.target.Resolution-m.used, "%s: %s left on the paused clock, the reference says %s",
				after.State, after.ResolveLeft, m.target.Resolution-m.used)
		}
	}

	// The audit trail only grows.
	h := m.c.History()
	m.check(isPrefix(m.history, h), "history was rewritten")
	m.check(after.Seq == len(h), "snapshot Seq %d, %d entries", after.Seq, len(h))

	// A snapshot restores to the same conversation.
	r, err := support.RestoreConversation(after)
	m.check(err == nil && reflect.DeepEqual(r.Snapshot(), after), "snapshot round trip: %v", err)
}

// isPrefix reports whether a is the start of b: records are only appended.
func isPrefix[T any](a, b []T) bool {
	return len(a) <= len(b) && (len(a) == 0 || reflect.DeepEqual(a, b[:len(a)]))
}

// R6.1, R6.3, R6.4: random conversations keep their invariants.
func TestConversationModel_R6_1_R6_3_R6_4(t *testing.T) {
	p := modelPolicy(t)
	hits := map[string]int{}
	for _, seed := range modelSeeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			w := newWalker(t, seed)
			defer func() {
				for k, n := range w.hits {
					hits[k] += n
				}
			}()
			for range 40 {
				// Each conversation starts within the simulated fortnight, so
				// the holidays of modelPolicy are crossed.
				w.now = time.Date(2026, 11, 22, 0, 0, 0, 0, shanghai).Add(time.Duration(w.rng.IntN(10*24*60)) * time.Minute)
				in := inquiry("这件衣服有M码吗")
				in.Priority = pick(w.rng, 0, 0, 2)
				c, err := support.NewConversation(in, p, w.now)
				require.NoError(t, err)
				m := &convModel{walker: w, p: p, c: c, target: p.Target(in.Priority), since: w.now,
					timeline: []stamp{{w.now, support.Open}}}
				m.trail = append(m.trail, fmt.Sprintf("%s open priority %d", w.now.Format("01-02 15:04:05"), in.Priority))
				m.invariants(c.Snapshot(), c.Snapshot())
				for range 80 {
					m.step()
				}
			}
		})
	}
	for _, k := range []string{"message", "assign", "reply", "await_customer", "transfer", "requeue", "resolve",
		"answer_faq", "reopen", "close", "abandon", "rate", "sweep", "waiting_customer", "closed",
		"breach first_response", "breach resolution"} {
		assert.Positive(t, hits[k], "the walk never succeeded at %q", k)
	}
}

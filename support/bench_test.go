package support_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
)

// Routing the next conversation (R6.2): every agent is full and waiting
// conversations are queued; one op is an agent freeing up (the best waiting is
// assigned to them) plus a new arrival, so the queue length stays constant. The
// cost should grow with log(waiting).
func BenchmarkRouteNext(b *testing.B) {
	for _, waitingN := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("waiting=%d/agents=200", waitingN), func(b *testing.B) {
			r, _ := support.NewRouter(uuid.New(), support.LeastLoaded)
			const agents = 200
			base := at(23, 9, 0, 0)
			held := make([]uuid.UUID, 0, agents)
			for i := 0; i < agents; i++ {
				id := fmt.Sprintf("agent-%03d", i)
				_ = r.AddAgent(support.AgentConfig{ID: id, Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"pre_sale"}, Capacity: 1})
			}
			for i := 0; i < agents; i++ {
				_, _ = r.SetStatus(fmt.Sprintf("agent-%03d", i), support.Online)
			}
			n := 0
			enqueue := func() {
				w := support.Waiting{ConversationID: uuid.New(), ShopID: shop1, Group: "pre_sale",
					Priority: n % 3, Since: base.Add(time.Duration(n) * time.Millisecond)}
				n++
				if as, ok, _ := r.Enqueue(w); ok {
					held = append(held, as.ConversationID)
				}
			}
			for i := 0; i < agents+waitingN; i++ {
				enqueue()
			}
			ids := make([]uuid.UUID, b.N+1)
			for i := range ids {
				ids[i] = uuid.New()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % agents
				as, ok, err := r.Release(fmt.Sprintf("agent-%03d", k), held[k])
				if err != nil || !ok {
					b.Fatal(err, ok)
				}
				held[k] = as.ConversationID
				_, _, _ = r.Enqueue(support.Waiting{ConversationID: ids[i], ShopID: shop1, Group: "pre_sale",
					Priority: i % 3, Since: base.Add(time.Duration(n+i) * time.Millisecond)})
			}
		})
	}
}

// Routing the next conversation through the in-memory QueueStore (R6.2), as
// Service does: the setup and op of BenchmarkRouteNext, but the desk's Router
// lives in supporttest.QueueStore and the release and the arrival are one
// QueueStore.Update each (a resolution and an Open are two calls). The
// in-memory store copies the whole desk on every update, so the cost grows
// with the waiting conversations; a database store keeps them as rows.
func BenchmarkRouteNextQueueStore(b *testing.B) {
	for _, waitingN := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("waiting=%d/agents=200", waitingN), func(b *testing.B) {
			ctx := context.Background()
			r, _ := support.NewRouter(uuid.New(), support.LeastLoaded)
			const agents = 200
			base := at(23, 9, 0, 0)
			held := make([]uuid.UUID, 0, agents)
			for i := 0; i < agents; i++ {
				id := fmt.Sprintf("agent-%03d", i)
				_ = r.AddAgent(support.AgentConfig{ID: id, Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"pre_sale"}, Capacity: 1})
				_, _ = r.SetStatus(id, support.Online)
			}
			for n := 0; n < agents+waitingN; n++ {
				w := support.Waiting{ConversationID: uuid.New(), ShopID: shop1, Group: "pre_sale",
					Priority: n % 3, Since: base.Add(time.Duration(n) * time.Millisecond)}
				if as, ok, _ := r.Enqueue(w); ok {
					held = append(held, as.ConversationID)
				}
			}
			s := supporttest.NewQueueStore()
			if err := s.Create(ctx, r); err != nil {
				b.Fatal(err)
			}
			names := make([]string, agents)
			for i := range names {
				names[i] = fmt.Sprintf("agent-%03d", i)
			}
			ids := make([]uuid.UUID, b.N+1)
			for i := range ids {
				ids[i] = uuid.New()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % agents
				var next support.Assignment
				err := s.Update(ctx, r.ID(), func(r *support.Router) error {
					as, ok, err := r.Release(names[k], held[k])
					if err == nil && !ok {
						err = fmt.Errorf("nobody waiting")
					}
					next = as
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				held[k] = next.ConversationID
				w := support.Waiting{ConversationID: ids[i], ShopID: shop1, Group: "pre_sale",
					Priority: i % 3, Since: base.Add(time.Duration(agents+waitingN+i) * time.Millisecond)}
				if err := s.Update(ctx, r.ID(), func(r *support.Router) error { _, _, err := r.Enqueue(w); return err }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FAQ match of a 200-character message against 1,000 entries (R6.2).
func BenchmarkFAQMatch(b *testing.B) {
	entries := make([]support.FAQEntry, 1000)
	for i := range entries {
		entries[i] = support.FAQEntry{ID: fmt.Sprintf("faq-%d", i),
			Keywords: []string{fmt.Sprintf("问题%d号", i), fmt.Sprintf("关键词%d", i), fmt.Sprintf("kw%dx", i)},
			Answer:   "answer"}
	}
	f, err := support.NewFAQ(entries)
	if err != nil {
		b.Fatal(err)
	}
	msg := []rune(strings.Repeat("你好请问这个商品什么时候发货能不能开发票", 10) + "关键词517")
	text := string(msg[len(msg)-200:])
	if e, ok := f.Classify(b.Context(), text); !ok || e.ID != "faq-517" {
		b.Fatalf("got %v %v", e.ID, ok)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Match(text)
	}
}

// Quality rules over a 100-message conversation (R6.5).
func BenchmarkQualityInspect(b *testing.B) {
	in, err := support.NewInspector(support.QualityRules{
		ForbiddenPhrases: []string{"不知道", "滚", "自己看", "没办法", "不归我管"},
		Greetings:        []string{"您好", "亲"},
		MaxReplyGap:      2 * time.Minute,
	}, support.DefaultPolicy().Hours)
	if err != nil {
		b.Fatal(err)
	}
	msgs := make([]support.Message, 100)
	t0 := at(23, 10, 0, 0)
	for i := range msgs {
		role, content := shopkit.Buyer, "请问这件衣服什么时候能到，我比较着急"
		if i%2 == 1 {
			role, content = shopkit.Merchant, "亲，您好，已经在路上了，预计明天送达，请您耐心等待"
		}
		msgs[i] = support.Message{At: t0.Add(time.Duration(i) * time.Minute), Role: role, Author: "x", Content: content}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in.Inspect(msgs)
	}
}

// A checked transition through the aggregate (R6.1).
func BenchmarkConversationReply(b *testing.B) {
	p := support.DefaultPolicy()
	c := working(b, p, at(23, 10, 0, 0), at(23, 10, 1, 0))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := c.Clone()
		_ = d.Reply(agent1, at(23, 10, 2, 0), "好的")
	}
}

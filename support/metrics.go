package support

import (
	"cmp"
	"iter"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
)

// InquiryFact is one customer inquiry for the metrics (R6.6).
type InquiryFact struct {
	ShopID  uuid.UUID `json:"shop_id"`
	BuyerID string    `json:"buyer_id"`
	At      time.Time `json:"at,omitzero"`
}

// OrderFact is one order for the metrics (R6.6).
type OrderFact struct {
	OrderID    uuid.UUID `json:"order_id"`
	ShopID     uuid.UUID `json:"shop_id"`
	BuyerID    string    `json:"buyer_id"`
	PlacedAt   time.Time `json:"placed_at,omitzero"`
	PaidAt     time.Time `json:"paid_at,omitzero"` // zero while unpaid
	AssistedBy string    `json:"assisted_by"`      // the agent who guided the order, if any
}

// Conversion is the inquiry conversion rate of one shop day (R6.6).
type Conversion struct {
	Day       shopkit.Date    `json:"day"`
	Inquirers int             `json:"inquirers"` // buyers who inquired that day and had no order in the window
	Paid      int             `json:"paid"`      // of them, those who paid that day
	Rate      decimal.Decimal `json:"rate"`      // Paid ÷ Inquirers, 4 decimal places; 0 without inquirers
}

// dayBounds returns [start, end) of a civil day in loc.
func dayBounds(d shopkit.Date, loc *time.Location) (time.Time, time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	n := d.AddDays(1)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc), time.Date(n.Year, n.Month, n.Day, 0, 0, 0, 0, loc)
}

// InquiryConversion computes the rate of R6.6 for a shop on day (in loc):
// buyers who inquired that day and paid that day ÷ buyers who inquired that day,
// counting only buyers with no order in the shop in the window before the day.
//
// The window is exact: with day start S (00:00 in loc) and window W
// (Policy.NewBuyerWindow, 21×24 h), a buyer counts when they placed no order in
// [S − W, S). An order placed exactly at S − W excludes the buyer; one placed
// 1 ns earlier does not. Orders placed on the day itself do not exclude (they are
// the conversion). "Paid that day" is PaidAt in [S, next day's 00:00).
//
// Inquiries are read first and only the inquiring buyers are kept in memory;
// orders are then streamed once. A nil sequence is empty; a nil loc is UTC.
func InquiryConversion(shop uuid.UUID, day shopkit.Date, loc *time.Location, window time.Duration,
	inquiries iter.Seq[InquiryFact], orders iter.Seq[OrderFact]) Conversion {
	start, end := dayBounds(day, loc)
	from := start.Add(-window)
	type buyer struct{ recent, paid bool }
	buyers := map[string]*buyer{}
	for q := range orEmpty(inquiries) {
		if q.ShopID == shop && !q.At.Before(start) && q.At.Before(end) && buyers[q.BuyerID] == nil {
			buyers[q.BuyerID] = &buyer{}
		}
	}
	for o := range orEmpty(orders) {
		b := buyers[o.BuyerID]
		if o.ShopID != shop || b == nil {
			continue
		}
		if !o.PlacedAt.Before(from) && o.PlacedAt.Before(start) {
			b.recent = true
		}
		if !o.PaidAt.IsZero() && !o.PaidAt.Before(start) && o.PaidAt.Before(end) {
			b.paid = true
		}
	}
	c := Conversion{Day: day, Rate: decimal.Zero}
	for _, b := range buyers {
		if b.recent {
			continue
		}
		c.Inquirers++
		if b.paid {
			c.Paid++
		}
	}
	if c.Inquirers > 0 {
		c.Rate = decimal.NewFromInt(int64(c.Paid)).DivRound(decimal.NewFromInt(int64(c.Inquirers)), 4)
	}
	return c
}

// ServiceTimes are first-response and resolution times in business time (R6.6).
type ServiceTimes struct {
	Conversations    int           `json:"conversations"`
	Responded        int           `json:"responded"`          // with an agent reply
	FirstResponseAvg time.Duration `json:"first_response_avg"` // opening → first agent reply
	FirstResponseMax time.Duration `json:"first_response_max"`
	Resolved         int           `json:"resolved"`
	ResolutionAvg    time.Duration `json:"resolution_avg"` // opening → last resolution
	Breaches         int           `json:"breaches"`       // SLA breaches recorded (R6.3)
}

// MeasureServiceTimes measures conversations on the business clock (R6.6). A nil
// sequence or clock measures nothing: the zero ServiceTimes.
func MeasureServiceTimes(convs iter.Seq[*Conversation], hours shopkit.BusinessClock) ServiceTimes {
	var s ServiceTimes
	if convs == nil || hours == nil {
		return s
	}
	var fr, res time.Duration
	for c := range convs {
		s.Conversations++
		s.Breaches += len(c.breaches)
		if t, ok := c.FirstReplyAt(); ok {
			d := hours.BusinessTimeBetween(c.openedAt, t)
			s.Responded++
			fr += d
			s.FirstResponseMax = max(s.FirstResponseMax, d)
		}
		if t, ok := c.ResolvedAt(); ok {
			s.Resolved++
			res += hours.BusinessTimeBetween(c.openedAt, t)
		}
	}
	if s.Responded > 0 {
		s.FirstResponseAvg = fr / time.Duration(s.Responded)
	}
	if s.Resolved > 0 {
		s.ResolutionAvg = res / time.Duration(s.Resolved)
	}
	return s
}

// Satisfaction summarises survey answers (R6.4, R6.6).
type Satisfaction struct {
	Count        int             `json:"count"`
	Average      decimal.Decimal `json:"average"`      // 2 decimal places; 0 without answers
	Distribution [5]int          `json:"distribution"` // Distribution[i] counts score i+1
}

// Ratings streams the answers of the conversations that have one; a nil
// sequence is empty.
func Ratings(convs iter.Seq[*Conversation]) iter.Seq[Rating] {
	return func(yield func(Rating) bool) {
		for c := range orEmpty(convs) {
			if r, ok := c.Rating(); ok && !yield(r) {
				return
			}
		}
	}
}

// SummariseSatisfaction returns the average and distribution of the ratings, in
// total and per agent (R6.6). Scores outside 1–5 are ignored; a nil sequence
// is empty.
func SummariseSatisfaction(ratings iter.Seq[Rating]) (Satisfaction, map[string]Satisfaction) {
	var all Satisfaction
	per := map[string]*Satisfaction{}
	sums := map[string]int64{}
	var sum int64
	for r := range orEmpty(ratings) {
		if r.Score < 1 || r.Score > 5 {
			continue
		}
		all.Count++
		all.Distribution[r.Score-1]++
		sum += int64(r.Score)
		p := per[r.AgentID]
		if p == nil {
			p = &Satisfaction{}
			per[r.AgentID] = p
		}
		p.Count++
		p.Distribution[r.Score-1]++
		sums[r.AgentID] += int64(r.Score)
	}
	all.Average = average(sum, all.Count)
	out := make(map[string]Satisfaction, len(per))
	for id, p := range per {
		p.Average = average(sums[id], p.Count)
		out[id] = *p
	}
	return all, out
}

func average(sum int64, n int) decimal.Decimal {
	if n == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(sum).DivRound(decimal.NewFromInt(int64(n)), 2)
}

// Workload is one agent's day for performance reviews (R6.6).
type Workload struct {
	AgentID        string       `json:"agent_id"`
	Day            shopkit.Date `json:"day"`
	Conversations  int          `json:"conversations"`   // resolved by the agent that day
	AssistedOrders int          `json:"assisted_orders"` // orders the agent guided, paid that day
}

// AgentWorkload counts per agent and day (in loc) the conversations each
// resolved and the orders each assisted that were paid that day (R6.6), sorted by
// day then agent. A nil sequence is empty; a nil loc takes each instant's own
// location.
func AgentWorkload(convs iter.Seq[*Conversation], orders iter.Seq[OrderFact], loc *time.Location) []Workload {
	type key struct {
		agent string
		day   shopkit.Date
	}
	m := map[key]*Workload{}
	get := func(agent string, at time.Time) *Workload {
		k := key{agent, shopkit.DateOf(at, loc)}
		w := m[k]
		if w == nil {
			w = &Workload{AgentID: agent, Day: k.day}
			m[k] = w
		}
		return w
	}
	for c := range orEmpty(convs) {
		if t, ok := c.ResolvedAt(); ok && c.resolvedBy != "" {
			get(c.resolvedBy, t).Conversations++
		}
	}
	for o := range orEmpty(orders) {
		if o.AssistedBy != "" && !o.PaidAt.IsZero() {
			get(o.AssistedBy, o.PaidAt).AssistedOrders++
		}
	}
	out := make([]Workload, 0, len(m))
	for _, w := range m {
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b Workload) int {
		if c := a.Day.Compare(b.Day); c != 0 {
			return c
		}
		return cmp.Compare(a.AgentID, b.AgentID)
	})
	return out
}

// TopicCount is how often a topic came up.
type TopicCount struct {
	Topic Topic `json:"topic"`
	Count int   `json:"count"`
}

// TopTopics returns the n most frequent topics (热门问题, R6.6) of the
// conversations opened in [from, to), most frequent first, ties by topic; a
// negative n returns them all, a nil sequence none.
func TopTopics(convs iter.Seq[*Conversation], from, to time.Time, n int) []TopicCount {
	counts := map[Topic]int{}
	for c := range orEmpty(convs) {
		if c.topic != "" && !c.openedAt.Before(from) && c.openedAt.Before(to) {
			counts[c.topic]++
		}
	}
	out := make([]TopicCount, 0, len(counts))
	for t, k := range counts {
		out = append(out, TopicCount{t, k})
	}
	slices.SortFunc(out, func(a, b TopicCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return cmp.Compare(a.Topic, b.Topic)
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// orEmpty returns seq, or the empty sequence for nil: a nil iter.Seq is a
// documented empty input, not a panic.
func orEmpty[T any](seq iter.Seq[T]) iter.Seq[T] {
	if seq == nil {
		return func(func(T) bool) {}
	}
	return seq
}

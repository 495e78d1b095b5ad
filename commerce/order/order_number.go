package order

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/shopkit/shopkit"
)

// Numberer gives each order its human order number on receipt (R0.2,
// R2.3.1): digits only, unique, and sortable by time. A host replaces the default
// SequenceNumberer with its own (a database sequence, a distributed ID service) by
// implementing this interface.
type Numberer interface {
	// Next returns the number of an order received at now. A host's numberer
	// may do I/O (a database sequence), so it gets the caller's ctx and should
	// stop when ctx is done. When Next fails, Service.Place returns its error
	// before it reserves or stores anything.
	Next(ctx context.Context, now time.Time) (string, error)
}

// SequenceConfig configures a SequenceNumberer. The zero value gives numbers like
// 20261122143005000001: the instant in Asia/Shanghai to the second, then a
// six-digit sequence within that second.
type SequenceConfig struct {
	// Location is the zone of the date and time digits; nil means Asia/Shanghai.
	Location *time.Location `json:"location"`
	// Node is an optional fixed string of 1–4 digits placed between the time and
	// the sequence, so several processes can number orders without meeting: give
	// each a different node of the same length.
	Node string `json:"node"`
	// SequenceDigits is the width of the per-second sequence, 1–9; 0 means 6
	// (a million numbers a second).
	SequenceDigits int `json:"sequence_digits"`
}

// SequenceNumberer is the default Numberer: yyyymmddHHMMSS in its zone, the
// node digits, then a zero-padded sequence that restarts every second. All numbers
// of one SequenceNumberer have the same length, so comparing them as strings
// orders them by time and, within a second, by issue. It is safe for concurrent
// use; its state lives in the value, so two numberers share nothing.
//
// A clock that goes back does not break uniqueness: the numberer keeps to the
// latest second it has issued until the clock passes it. When a second's sequence
// is used up, Next returns an error matching shopkit.ErrConflict
// (CodeNumbersExhausted) rather than a duplicate. Build one with
// NewSequenceNumberer.
type SequenceNumberer struct {
	loc    *time.Location
	node   string
	digits int
	limit  int64

	mu   sync.Mutex
	last int64 // the Unix second of the last number issued
	seq  int64 // the last sequence issued in that second
}

// NewSequenceNumberer returns a SequenceNumberer. A node that is not 1–4 digits or
// a sequence width outside 1–9 is a ValidationError (CodeInvalidNumberer).
func NewSequenceNumberer(cfg SequenceConfig) (*SequenceNumberer, error) {
	loc := cfg.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation(shopkit.DefaultTimeZone); err != nil {
			loc = time.FixedZone("CST", 8*60*60) // China has kept UTC+8 without DST since 1991
		}
	}
	if len(cfg.Node) > 4 || !isOrderNumberDigits(cfg.Node) {
		return nil, shopkit.Invalid(CodeInvalidNumberer, "node", "must be empty or 1 to 4 digits")
	}
	digits := cfg.SequenceDigits
	if digits == 0 {
		digits = 6
	}
	if digits < 1 || digits > 9 {
		return nil, shopkit.Invalid(CodeInvalidNumberer, "sequence_digits", "must be between 1 and 9")
	}
	limit := int64(1)
	for range digits {
		limit *= 10
	}
	return &SequenceNumberer{loc: loc, node: cfg.Node, digits: digits, limit: limit, last: -1 << 62}, nil
}

// Next returns the next order number for an order received at now. It does no
// I/O and never blocks on more than its own lock, so it does not read ctx. On a
// SequenceNumberer that NewSequenceNumberer did not build (the zero value) it
// returns shopkit.NotBuilt.
func (n *SequenceNumberer) Next(_ context.Context, now time.Time) (string, error) {
	if n == nil || n.loc == nil || n.digits == 0 {
		return "", shopkit.NotBuilt("order.SequenceNumberer")
	}
	sec := now.Unix()
	n.mu.Lock()
	switch {
	case sec > n.last:
		n.last, n.seq = sec, 1
	case n.seq+1 >= n.limit:
		n.mu.Unlock()
		return "", shopkit.NewError(shopkit.ErrConflict, CodeNumbersExhausted,
			"every order number of "+time.Unix(n.last, 0).In(n.loc).Format(time.DateTime)+" is taken")
	default:
		n.seq++ // same second, or the clock went back: stay on the latest second
	}
	sec, seq := n.last, n.seq
	n.mu.Unlock()

	b := make([]byte, 0, 14+len(n.node)+n.digits)
	b = time.Unix(sec, 0).In(n.loc).AppendFormat(b, "20060102150405")
	b = append(b, n.node...)
	s := strconv.FormatInt(seq, 10)
	for i := len(s); i < n.digits; i++ {
		b = append(b, '0')
	}
	b = append(b, s...)
	return string(b), nil
}

func isOrderNumberDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

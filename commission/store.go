package commission

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
)

// Marker records that an order was settled (R4.5): in which statement, up to which
// cut-off (the end of that statement's period), and the commission charged per line
// then, so later refunds reverse exactly what was charged whatever the rules or the
// merchant's GMV have become since (R4.3).
type Marker struct {
	OrderID    uuid.UUID       `json:"order_id"`
	MerchantID uuid.UUID       `json:"merchant_id"`
	Statement  string          `json:"statement"`
	CutOff     time.Time       `json:"cut_off"`
	Commission []shopkit.Money `json:"commission"`
}

// Equal reports whether two markers hold the same data.
func (m Marker) Equal(o Marker) bool {
	return m.OrderID == o.OrderID && m.MerchantID == o.MerchantID && m.Statement == o.Statement &&
		m.CutOff.Equal(o.CutOff) && slices.EqualFunc(m.Commission, o.Commission, shopkit.Money.Equal)
}

// Clone returns a deep copy.
func (m Marker) Clone() Marker {
	m.Commission = slices.Clone(m.Commission)
	return m
}

// Store is what settlement needs from the host's database (R2.8). No method takes
// a limit: a statement run reads markers and statements by key. Every method is
// safe for concurrent use; commissiontest.NewStore is an in-memory implementation
// and commissiontest.TestStore checks a host's. Instants (cut-offs, booking
// times) are compared to the nanosecond: a store keeps them exactly (see
// docs/storage.md, Time).
type Store interface {
	// SaveRuleSet stores a rule set (replacing one with the same ID). A rule set
	// that is invalid or overlaps another stored one (CodeOverlappingRules) is
	// rejected and nothing is written.
	SaveRuleSet(ctx context.Context, rs RuleSet) error
	// RuleSets returns every stored rule set, by From.
	RuleSets(ctx context.Context) ([]RuleSet, error)

	// MarkSettled records m unless the order is already marked. Marking it again
	// with the same Statement is a no-op returning nil; an order marked by another
	// statement is an ErrConflict error with CodeAlreadySettled and nothing is
	// written: an order settles exactly once, even under concurrent runs.
	MarkSettled(ctx context.Context, m Marker) error
	// Marker returns the order's marker and whether it has one.
	Marker(ctx context.Context, orderID uuid.UUID) (Marker, bool, error)

	// SaveStatement stores a statement. Saving one again with the same key and
	// the same amounts is a no-op; with other amounts it is an ErrConflict error
	// with CodeStatementChanged and nothing is written (R0.4: settled money never
	// changes silently).
	SaveStatement(ctx context.Context, s Statement) error
	// Statement returns the statement with the key, or an ErrNotFound error with
	// CodeStatementNotFound.
	Statement(ctx context.Context, key string) (Statement, error)
	// ListStatements lists a merchant's statements, newest period first
	// (Period.Start descending, ties by Key descending, bytewise), one page at
	// a time: the cursor is (Period.Start, Key) of the page's last statement
	// (shopkit.Page). An invalid page request is shopkit.PageRequest.Check's
	// error. A database serves it from an index on (merchant, period_start,
	// key), the key compared bytewise (COLLATE "C") (docs/storage.md, Lists).
	ListStatements(ctx context.Context, merchant uuid.UUID, page shopkit.PageRequest) (shopkit.Page[Statement], error)
}

// BatchStore is an optional interface of a Store that records settlement markers
// many at a time, found by type assertion (as database/sql/driver's optional
// interfaces are): a statement run on such a store buffers the markers of the
// orders it settles and writes them in batches instead of one MarkSettled call
// per order. A store without it gets one MarkSettled call per order.
//
// Markers are written before the run saves any statement, so a failed batch
// fails the run with no statement saved; lines already passed to Run.Emit belong
// to the failed run.
type BatchStore interface {
	// MarkSettledBatch is MarkSettled for each marker in order (the same rules
	// apply to each: a repeat with the same Statement is a no-op, another
	// statement's marker is a CodeAlreadySettled conflict), stopping at the
	// first error, which it returns: markers after it are not written, those
	// before it may be (one by one) or not (one transaction). It must not keep
	// ms or their Commission slices after it returns: the run reuses them.
	MarkSettledBatch(ctx context.Context, ms []Marker) error
}

// LoadSchedule builds the schedule of every rule set in the store; a nil store is
// a ValidationError with CodeInvalidConfig.
func LoadSchedule(ctx context.Context, s Store) (*Schedule, error) {
	if s == nil {
		return nil, invalid(CodeInvalidConfig, "store", "is required")
	}
	sets, err := s.RuleSets(ctx)
	if err != nil {
		return nil, err
	}
	return NewSchedule(sets...)
}

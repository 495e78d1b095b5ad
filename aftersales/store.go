package aftersales

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Store keeps cases: each case's state, and its audit trail as an append-only
// log (Trail, R0.4). A host implements it over its database; aftersalestest has
// an in-memory one and the conformance suite (TestStore) to check a host's
// (R2.8). Instants are compared to the nanosecond: a store keeps them exactly
// (in the JSON state), and a SQL timestamp column used for an index may round
// them up to the microsecond, since queries compare with it only to find
// candidates.
type Store interface {
	// Trail reads a case's audit trail (shopkit.TrailReader): an unknown ID is
	// an error matching shopkit.ErrNotFound (CodeCaseNotFound).
	shopkit.TrailReader
	// Create stores a new case; an existing ID is a conflict (CodeCaseExists).
	Create(ctx context.Context, c *Case) error
	// Get returns the case or an error matching shopkit.ErrNotFound
	// (CodeCaseNotFound).
	Get(ctx context.Context, id uuid.UUID) (*Case, error)
	// Update loads the case, calls fn, and persists the result together with the
	// audit entries fn added (c.Unsaved(), appended to the trail) atomically,
	// then calls MarkSaved. If fn fails nothing is written. Concurrent updates of
	// one case serialize; none is lost. The store may run fn more than once
	// (after a transient failure); fn changes only the entity it is given. When
	// the store gives up it returns an error matching shopkit.ErrRetry and
	// writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(*Case) error) error
	// Due lists cases whose deadline is at or before t, earliest first, at most
	// limit cases; limit must be at least 1, below 1 it is shopkit.CheckLimit's
	// ErrInvalid error. Its cost grows with the number of due cases (R2.9).
	Due(ctx context.Context, t time.Time, limit int) ([]*Case, error)
	// Claim lists at most limit cases whose deadline is at or before t and that
	// no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (R2.9).
	// limit below 1 and an invalid lease (shopkit.Lease.Check) are ErrInvalid
	// errors.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Case, error)
	// ByOrder lists the cases of an order, open and ended.
	ByOrder(ctx context.Context, orderID uuid.UUID) ([]*Case, error)
	// Pending lists at most limit cases with an unfinished follow-up
	// (Case.PendingStep: a refund not issued yet, an ended case's units not
	// freed yet), oldest step first, ties by ID; limit below 1 is
	// shopkit.CheckLimit's ErrInvalid error. An Update that finishes the step
	// takes the case off the list. It is an indexed query: its cost grows with
	// the cases it lists (Service.Resume).
	Pending(ctx context.Context, limit int) ([]*Case, error)
	// ListByShop lists a shop's cases in the given states (all states when
	// states is empty), newest opened first (Case.OpenedAt descending, ties by
	// ID descending), one page at a time: the cursor is (OpenedAt, ID) of the
	// page's last case (shopkit.Page). An invalid page request is
	// shopkit.PageRequest.Check's error, and a cursor whose ID is not a UUID is
	// shopkit.CodeInvalidPageCursor. An Update that changes a case's state
	// moves it into or out of the lists filtered by state. A database serves
	// it from an index on (merchant, state, opened, id) (docs/storage.md,
	// Lists).
	ListByShop(ctx context.Context, shop uuid.UUID, states []State, page shopkit.PageRequest) (shopkit.Page[*Case], error)
	// ListByBuyer lists a buyer's cases, in every state and of every shop, in
	// the order and pages of ListByShop, from an index on (buyer, opened, id).
	ListByBuyer(ctx context.Context, buyer string, page shopkit.PageRequest) (shopkit.Page[*Case], error)
}

// LedgerStore keeps order ledgers, keyed by order ID (R3.7): each ledger's
// state, and its audit trail as an append-only log (Trail, R0.4). Instants are
// compared to the nanosecond: a store keeps them exactly (in the JSON state),
// and a SQL timestamp column used for an index may round them up to the
// microsecond, since queries compare with it only to find candidates.
type LedgerStore interface {
	// Trail reads a ledger's audit trail (shopkit.TrailReader), keyed by order
	// ID: an unknown ID is an error matching shopkit.ErrNotFound
	// (CodeLedgerNotFound).
	shopkit.TrailReader
	// Create stores a new ledger; an existing order ID is a conflict
	// (CodeLedgerExists).
	Create(ctx context.Context, l *Ledger) error
	// Get returns the order's ledger or an error matching shopkit.ErrNotFound
	// (CodeLedgerNotFound).
	Get(ctx context.Context, orderID uuid.UUID) (*Ledger, error)
	// Update loads the ledger, calls fn, and persists the result and its new
	// audit entries (appended to the trail) atomically; nothing is written if fn
	// fails. Concurrent refunds of one order serialize here, so none is lost and
	// none exceeds what was paid. The store may run fn more than once (after a
	// transient failure); fn changes only the entity it is given. When the store
	// gives up it returns an error matching shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, orderID uuid.UUID, fn func(*Ledger) error) error
	// Due lists ledgers with a refund not confirmed by its money-back deadline
	// (at or before t), earliest first: overdue refunds (R3.8). It returns at most
	// limit ledgers; limit must be at least 1, below 1 it is shopkit.CheckLimit's
	// ErrInvalid error.
	Due(ctx context.Context, t time.Time, limit int) ([]*Ledger, error)
	// Claim lists at most limit ledgers with an overdue refund (deadline at or
	// before t) that no other sweeper holds at t, earliest first, and holds them
	// for lease.Owner until lease.Until; a successful Update ends the hold
	// (R2.9). limit below 1 and an invalid lease (shopkit.Lease.Check) are
	// ErrInvalid errors.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Ledger, error)
	// Debts lists the platform advances a merchant owes (R3.9), for settlement
	// (R4.5).
	Debts(ctx context.Context, merchantID uuid.UUID) ([]MerchantDebt, error)
	// Pending lists at most limit ledgers with an unconfirmed claim
	// (Ledger.PendingClaim), oldest claim first, ties by order ID; limit below
	// 1 is shopkit.CheckLimit's ErrInvalid error. An Update that confirms or
	// frees the last unconfirmed claim takes the ledger off the list. It is an
	// indexed query: its cost grows with the ledgers it lists
	// (Service.Resume).
	Pending(ctx context.Context, limit int) ([]*Ledger, error)
}

package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
)

// Ledgers is the PostgreSQL aftersales.LedgerStore: table aftersales_ledgers
// keyed by the order's ID (indexed by deadline, pending claim and the shops
// owing advances), its trail aftersales_ledgers_trail and the outbox.
type Ledgers struct {
	t *table[*aftersales.Ledger, uuid.UUID]
}

var _ aftersales.LedgerStore = (*Ledgers)(nil)

func newLedgers(db *DB) *Ledgers {
	return &Ledgers{newTable(db, tableDef[*aftersales.Ledger, uuid.UUID]{
		table: "aftersales_ledgers", keyColumn: "id",
		entity: "ledger", notFound: aftersales.CodeLedgerNotFound, exists: aftersales.CodeLedgerExists,
		key:       (*aftersales.Ledger).ID,
		keyText:   func(id uuid.UUID) string { return "ledger:" + id.String() },
		shop:      (*aftersales.Ledger).MerchantID,
		snapshot:  func(l *aftersales.Ledger) any { return l.Snapshot() },
		restore:   restoreJSON(aftersales.RestoreLedger),
		unsaved:   (*aftersales.Ledger).Unsaved,
		markSaved: (*aftersales.Ledger).MarkSaved,
		deadline:  (*aftersales.Ledger).Deadline,
		columns: []column[*aftersales.Ledger]{
			{"claim_ns", func(l *aftersales.Ledger) any {
				if at, ok := l.PendingClaim(); ok {
					return nanos(at)
				}
				return nil
			}},
			{"has_debts", func(l *aftersales.Ledger) any { return len(l.Debts()) > 0 }},
		},
	})}
}

// Create stores a new ledger with its first trail entries and effects; an
// order that has one is ErrConflict (aftersales.CodeLedgerExists).
func (s *Ledgers) Create(ctx context.Context, l *aftersales.Ledger) error { return s.t.create(ctx, l) }

// Get returns the ledger of an order, or ErrNotFound
// (aftersales.CodeLedgerNotFound).
func (s *Ledgers) Get(ctx context.Context, orderID uuid.UUID) (*aftersales.Ledger, error) {
	return s.t.get(ctx, orderID)
}

// Update locks the ledger, calls fn and, if fn returns nil, writes the
// ledger, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Ledgers) Update(ctx context.Context, orderID uuid.UUID, fn func(*aftersales.Ledger) error) error {
	return s.t.update(ctx, orderID, fn)
}

// Trail reads the ledger's audit trail a page at a time
// (shopkit.TrailReader).
func (s *Ledgers) Trail(ctx context.Context, orderID uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, orderID, after, limit)
}

// Due lists at most limit ledgers with a refund due back at or before t,
// earliest first, ties by order ID.
func (s *Ledgers) Due(ctx context.Context, t time.Time, limit int) ([]*aftersales.Ledger, error) {
	return s.t.due(ctx, t, limit)
}

// Claim holds at most limit due ledgers for lease.Owner until lease.Until
// (R2.9) and returns them, earliest deadline first.
func (s *Ledgers) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*aftersales.Ledger, error) {
	return s.t.claim(ctx, t, limit, lease)
}

// Debts lists the platform advances merchantID owes (R3.9), read from the
// ledgers an index lists as owing.
func (s *Ledgers) Debts(ctx context.Context, merchantID uuid.UUID) ([]aftersales.MerchantDebt, error) {
	ls, err := s.t.query(ctx, "list the debts of a shop", "shop_id = $1 AND has_debts ORDER BY id", merchantID)
	if err != nil {
		return nil, err
	}
	var out []aftersales.MerchantDebt
	for _, l := range ls {
		out = append(out, l.Debts()...)
	}
	return out, nil
}

// Pending lists at most limit ledgers with an unconfirmed claim (R2.8),
// oldest claim first, ties by order ID.
func (s *Ledgers) Pending(ctx context.Context, limit int) ([]*aftersales.Ledger, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list ledgers with a pending claim", "claim_ns IS NOT NULL ORDER BY claim_ns, id LIMIT $1", limit)
}

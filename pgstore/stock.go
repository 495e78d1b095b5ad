package pgstore

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
)

// Stock is the PostgreSQL inventory.Store: table stock_items keyed by the
// SKU (text COLLATE "C"), its trail stock_items_trail and the outbox.
//
// Holding reads the refs an item holds from a text[] column, hold_refs, with
// a GIN index: the refs are part of the row every Update writes, so one
// SELECT over that index sees every item as of one moment, and no side table
// has to be kept in step. The unsealed first lines are pairwise arrays of
// refs and instants with their oldest instant in a column of its own, under
// a partial index of the items that hold any; available and the last
// activity have an index each, for LowStock and SlowMoving.
type Stock struct {
	t *table[*inventory.StockItem, string]
}

var _ inventory.Store = (*Stock)(nil)

// unsealed returns the refs of item's unsealed first lines sorted, the
// instant of each (nanoseconds), and the oldest of them (nil when none).
func unsealed(item *inventory.StockItem) (refs []string, at []int64, oldest any) {
	holds := item.UnsealedHolds()
	refs = slices.Sorted(maps.Keys(holds))
	at = make([]int64, len(refs))
	var first int64
	for i, ref := range refs {
		at[i] = nanos(holds[ref])
		if i == 0 || at[i] < first {
			first = at[i]
		}
	}
	if refs == nil {
		return []string{}, at, nil
	}
	return refs, at, first
}

func newStock(db *DB) *Stock {
	return &Stock{newTable(db, tableDef[*inventory.StockItem, string]{
		table: "stock_items", keyColumn: "key",
		entity: "stock item", notFound: inventory.CodeStockItemNotFound, exists: inventory.CodeStockItemExists,
		key:       (*inventory.StockItem).SKU,
		keyText:   func(sku string) string { return sku },
		shop:      (*inventory.StockItem).ShopID,
		snapshot:  func(s *inventory.StockItem) any { return s.Snapshot() },
		restore:   restoreJSON(inventory.RestoreStockItem),
		unsaved:   (*inventory.StockItem).Unsaved,
		markSaved: (*inventory.StockItem).MarkSaved,
		columns: []column[*inventory.StockItem]{
			{"hold_refs", func(s *inventory.StockItem) any { return append([]string{}, s.HoldRefs()...) }},
			{"unsealed_refs", func(s *inventory.StockItem) any { refs, _, _ := unsealed(s); return refs }},
			{"unsealed_ns", func(s *inventory.StockItem) any { _, at, _ := unsealed(s); return at }},
			{"unsealed_first_ns", func(s *inventory.StockItem) any { _, _, first := unsealed(s); return first }},
			{"available", func(s *inventory.StockItem) any { return s.Available() }},
			{"last_activity_ns", func(s *inventory.StockItem) any { return nanos(s.LastActivity()) }},
		},
	})}
}

// Stock returns the stock item store.
func (db *DB) Stock() *Stock { return newStock(db) }

// Create stores a new SKU with its first trail entries and effects; a SKU
// taken is ErrConflict (inventory.CodeStockItemExists).
func (s *Stock) Create(ctx context.Context, item *inventory.StockItem) error {
	return s.t.create(ctx, item)
}

// Get returns the SKU's item, or ErrNotFound
// (inventory.CodeStockItemNotFound).
func (s *Stock) Get(ctx context.Context, sku string) (*inventory.StockItem, error) {
	return s.t.get(ctx, sku)
}

// Update locks the SKU's row, calls fn and, if fn returns nil, writes the
// item, its new entries and effects in one transaction; concurrent updates
// of one SKU wait for each other's row lock, so none is lost. fn may run
// again after a transient failure (see Config.Attempts).
func (s *Stock) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	return s.t.update(ctx, sku, fn)
}

// Trail reads the SKU's audit trail a page at a time (shopkit.TrailReader).
func (s *Stock) Trail(ctx context.Context, sku string, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, sku, after, limit)
}

// Holding lists the items holding a reservation for ref, sorted by SKU: one
// SELECT over the GIN index on hold_refs, so a write to several items is
// never seen in part.
func (s *Stock) Holding(ctx context.Context, ref string) ([]*inventory.StockItem, error) {
	return s.t.query(ctx, "list the stock items holding a reservation", "hold_refs @> ARRAY[$1::text] ORDER BY key", ref)
}

// unsealedSQL reads the refs of the unsealed first lines taken at or before
// $1 from the items the partial index lists as holding any, each ref once at
// its oldest instant, oldest first, ties by ref (bytewise).
const unsealedSQL = `SELECT u.ref FROM stock_items s, unnest(s.unsealed_refs, s.unsealed_ns) AS u(ref, at_ns)
 WHERE s.unsealed_first_ns <= $1 AND u.at_ns <= $1
 GROUP BY u.ref ORDER BY min(u.at_ns), u.ref COLLATE "C" LIMIT $2`

// Unsealed lists at most limit refs of unsealed reservations taken at or
// before before, each once, oldest first (ties by ref): the items with an
// unsealed first line are under a partial index on its time.
func (s *Stock) Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error) {
	if err := s.t.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	const op = "list unsealed reservations"
	rows, err := s.t.db.pool.Query(ctx, unsealedSQL, nanos(before), limit)
	if err != nil {
		return nil, mapError(ctx, op, s.t.codes, err)
	}
	refs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, mapError(ctx, op, s.t.codes, err)
	}
	return refs, nil
}

// LowStock lists at most limit items with available ≤ threshold, lowest
// available first, ties by SKU (an index on available, key).
func (s *Stock) LowStock(ctx context.Context, threshold int64, limit int) ([]*inventory.StockItem, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list stock items low on stock", "available <= $1 ORDER BY available, key LIMIT $2", threshold, limit)
}

// SlowMoving lists at most limit items whose last activity (last sale, or
// creation) is at or before cutoff, oldest first, ties by SKU (an index on
// last_activity_ns, key).
func (s *Stock) SlowMoving(ctx context.Context, cutoff time.Time, limit int) ([]*inventory.StockItem, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list slow-moving stock items",
		"last_activity_ns <= $1 ORDER BY last_activity_ns, key LIMIT $2", nanos(cutoff), limit)
}

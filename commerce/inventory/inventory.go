package inventory

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// Stock actions recorded in a StockItem's journal (R0.4, R2.2).
const (
	StockCreate  = "stock_create"  // the SKU was added with its first on-hand count
	StockReceive = "stock_receive" // goods arrived: on-hand up
	StockReserve = "stock_reserve" // an order reserved units: reserved up
	StockRelease = "stock_release" // the order closed: its reservation is freed
	StockCommit  = "stock_commit"  // the order shipped: on-hand and reserved down
	StockCount   = "stock_count"   // a stock count (盘点) set on-hand, with a reason
)

// StockItem is the inventory of one SKU (R2.2): units on hand, units reserved by
// open orders (one hold per reservation ref), and the time of the last sale.
// Available = on-hand − reserved is never negative: no action lets reserved
// exceed on-hand, so the shop never oversells. Every change is journaled with
// the quantities before and after (R0.4).
//
// A SKU is a hot, long-lived entity: every order adds entries to its trail. So
// unlike workflow aggregates, a StockItem carries only the entries added since
// it was loaded: MarkSaved drops them once the store has appended them, and
// the host's store is the trail. Loading and saving a SKU costs the same after a
// million orders as after one. The item remembers how long its trail is
// (StockItemSnapshot.Entries), so every entry still gets its stable sequence
// number and every effect the stable ID "<sku>#<seq>".
type StockItem struct {
	sku        string
	onHand     int64
	reserved   int64
	holds      map[string]int64 // reservation ref → units
	lastSaleAt time.Time        // last commit; zero: never sold
	createdAt  time.Time
	saved      int             // entries of the trail the store already holds
	journal    shopkit.Journal // the entries added since: their Seq counts from 1
}

// NewStockItem adds a SKU with onHand units (≥ 0).
func NewStockItem(sku string, onHand int64, by shopkit.Actor, now time.Time) (*StockItem, error) {
	if strings.TrimSpace(sku) == "" {
		return nil, shopkit.Invalid(CodeInvalidSKU, "sku", "is required")
	}
	if onHand < 0 {
		return nil, shopkit.Invalid(CodeInvalidQuantity, "on_hand", "must not be negative")
	}
	s := &StockItem{sku: sku, onHand: onHand, createdAt: now, journal: shopkit.NewJournal(sku)}
	s.journal.Change(by, now, StockCreate, "", s.level(), "", nil)
	return s, nil
}

// StockItemSnapshot holds every field of a StockItem, for host stores. The audit
// trail is not part of it: the store appends Unsaved() on every save.
type StockItemSnapshot struct {
	SKU        string
	OnHand     int64
	Reserved   int64
	Holds      map[string]int64
	LastSaleAt time.Time
	CreatedAt  time.Time
	// Entries is the length of the SKU's audit trail in the store: the Seq of
	// the next entry is Entries + 1.
	Entries int
}

// RestoreStockItem rebuilds a stock item from a snapshot. It rejects a snapshot
// that breaks the invariants (reserved ≠ Σ holds, reserved > on-hand, negatives),
// since serving from it could oversell.
func RestoreStockItem(s StockItemSnapshot) (*StockItem, error) {
	var sum int64
	for ref, q := range s.Holds {
		if q <= 0 || ref == "" {
			return nil, shopkit.Invalid(CodeInvalidSnapshot, "holds", "must have refs and positive quantities")
		}
		sum += q
	}
	switch {
	case strings.TrimSpace(s.SKU) == "":
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "sku", "is required")
	case s.OnHand < 0 || s.Reserved < 0:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "on_hand", "quantities must not be negative")
	case sum != s.Reserved:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "reserved", "must equal the sum of holds")
	case s.Reserved > s.OnHand:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "reserved", "must not exceed on-hand")
	case s.Entries < 0:
		return nil, shopkit.Invalid(CodeInvalidSnapshot, "entries", "must not be negative")
	}
	return &StockItem{sku: s.SKU, onHand: s.OnHand, reserved: s.Reserved, holds: maps.Clone(s.Holds),
		lastSaleAt: s.LastSaleAt, createdAt: s.CreatedAt, saved: s.Entries, journal: shopkit.NewJournal(s.SKU)}, nil
}

// Snapshot returns every field, for host stores. Entries counts the unsaved
// entries too: it is what the trail holds once the store has appended them.
func (s *StockItem) Snapshot() StockItemSnapshot {
	return StockItemSnapshot{SKU: s.sku, OnHand: s.onHand, Reserved: s.reserved, Holds: maps.Clone(s.holds),
		LastSaleAt: s.lastSaleAt, CreatedAt: s.createdAt, Entries: s.saved + s.journal.Len()}
}

// Clone returns a deep copy.
func (s *StockItem) Clone() *StockItem {
	c := *s
	c.holds = maps.Clone(s.holds)
	c.journal = s.journal.Clone()
	return &c
}

// SKU returns the item's SKU.
func (s *StockItem) SKU() string { return s.sku }

// OnHand returns the units physically in stock.
func (s *StockItem) OnHand() int64 { return s.onHand }

// Reserved returns the units held for open orders.
func (s *StockItem) Reserved() int64 { return s.reserved }

// Available returns on-hand − reserved (R2.2), never negative.
func (s *StockItem) Available() int64 { return s.onHand - s.reserved }

// Held returns the units held for ref, and whether ref holds any.
func (s *StockItem) Held(ref string) (int64, bool) {
	q, ok := s.holds[ref]
	return q, ok
}

// Holds returns a copy of every hold: reservation ref → units.
func (s *StockItem) Holds() map[string]int64 { return maps.Clone(s.holds) }

// HoldRefs returns the refs holding units, sorted.
func (s *StockItem) HoldRefs() []string { return slices.Sorted(maps.Keys(s.holds)) }

// LastSaleAt returns the time of the last commit (zero: never sold).
func (s *StockItem) LastSaleAt() time.Time { return s.lastSaleAt }

// CreatedAt returns when the SKU was added.
func (s *StockItem) CreatedAt() time.Time { return s.createdAt }

// LastActivity is the time slow-moving is measured from: the last sale, or when
// the SKU was added if it never sold.
func (s *StockItem) LastActivity() time.Time {
	if s.lastSaleAt.IsZero() {
		return s.createdAt
	}
	return s.lastSaleAt
}

// SlowMoving reports whether the SKU had no sale (commit) for at least after at
// now (R2.2: 90 days by default): exactly 90 days after the last sale it is
// slow-moving, 1 ns before it is not.
func (s *StockItem) SlowMoving(now time.Time, after time.Duration) bool {
	return !now.Before(s.LastActivity().Add(after))
}

// LowStock reports whether available ≤ threshold (R2.2).
func (s *StockItem) LowStock(threshold int64) bool { return s.Available() <= threshold }

// Unsaved returns the audit entries added since the item was loaded or last
// saved, oldest first: what the store's Update appends to the SKU's trail. Each
// carries its place in the whole trail as Seq, and an effect the ID
// "<sku>#<seq>" (R0.4).
func (s *StockItem) Unsaved() []shopkit.Entry {
	out := s.journal.Unsaved()
	// The journal numbers only the entries since the last save; the trail
	// before them is s.saved long.
	for i := range out {
		out[i].Seq += s.saved
		if out[i].Kind == shopkit.EntryEffect {
			out[i].Effect.ID = shopkit.EffectID(s.sku, out[i].Seq)
		}
	}
	return out
}

// MarkSaved drops the entries the store has appended; stores call it after
// persisting. The item keeps no saved history (see StockItem).
func (s *StockItem) MarkSaved() {
	s.saved += s.journal.Len()
	s.journal = shopkit.NewJournal(s.sku)
}

// String describes the item for logs.
func (s *StockItem) String() string { return "StockItem{" + s.sku + " " + s.level() + "}" }

// level is the quantity state an audit entry records as from/to.
func (s *StockItem) level() string {
	return "on_hand=" + strconv.FormatInt(s.onHand, 10) + " reserved=" + strconv.FormatInt(s.reserved, 10)
}

func positive(field string, q int64) error {
	if q <= 0 {
		return shopkit.Invalid(CodeInvalidQuantity, field, "must be greater than zero")
	}
	return nil
}

func requireRef(ref string) error {
	if strings.TrimSpace(ref) == "" {
		return shopkit.Invalid(CodeInvalidRef, "ref", "is required")
	}
	return nil
}

// Reserve holds qty units for ref (R2.2). More than available is a conflict
// (CodeInsufficientStock, naming the SKU and the available count); a ref
// that already holds units of this SKU is a conflict
// (CodeReservationExists). Nothing changes on error.
func (s *StockItem) Reserve(ref string, qty int64, by shopkit.Actor, now time.Time) error {
	if err := requireRef(ref); err != nil {
		return err
	}
	if err := positive("quantity", qty); err != nil {
		return err
	}
	if _, ok := s.holds[ref]; ok {
		return shopkit.NewError(shopkit.ErrConflict, CodeReservationExists,
			"reservation "+ref+" already holds stock of SKU "+s.sku)
	}
	if avail := s.Available(); qty > avail {
		return shopkit.NewError(shopkit.ErrConflict, CodeInsufficientStock,
			"SKU "+s.sku+" has "+strconv.FormatInt(avail, 10)+" available, "+strconv.FormatInt(qty, 10)+" requested")
	}
	from := s.level()
	if s.holds == nil {
		s.holds = make(map[string]int64)
	}
	s.holds[ref] = qty
	s.reserved += qty
	s.journal.Change(by, now, StockReserve, from, s.level(), ref, nil)
	return nil
}

// Release frees what ref holds (R2.2: the order was cancelled or closed). It
// reports whether ref held anything; releasing twice is harmless.
func (s *StockItem) Release(ref string, by shopkit.Actor, now time.Time) bool {
	q, ok := s.holds[ref]
	if !ok {
		return false
	}
	from := s.level()
	delete(s.holds, ref)
	s.reserved -= q
	s.journal.Change(by, now, StockRelease, from, s.level(), ref, nil)
	return true
}

// Commit turns ref's hold into a sale at shipment (R2.2): on-hand and reserved
// both go down by the held units, and now becomes the last sale. It reports
// whether ref held anything; committing twice is harmless.
func (s *StockItem) Commit(ref string, by shopkit.Actor, now time.Time) bool {
	q, ok := s.holds[ref]
	if !ok {
		return false
	}
	from := s.level()
	delete(s.holds, ref)
	s.reserved -= q
	s.onHand -= q
	s.lastSaleAt = now
	s.journal.Change(by, now, StockCommit, from, s.level(), ref, nil)
	return true
}

// stockKeeperRole refuses a change of on-hand by a role that does not keep the
// shop's stock: a buyer neither receives goods nor counts them (R2.2, R0.4).
func stockKeeperRole(by shopkit.Actor, action string) error {
	switch by.Role {
	case shopkit.Merchant, shopkit.Platform, shopkit.System:
		return nil
	}
	return shopkit.NewError(shopkit.ErrNotAllowed, CodeWrongRole,
		"role "+strconv.Quote(string(by.Role))+" may not "+action+" stock")
}

// Receive adds qty arrived units to on-hand. Only the merchant, the platform or
// the system receives goods (CodeWrongRole, ErrNotAllowed).
func (s *StockItem) Receive(qty int64, by shopkit.Actor, now time.Time, note string) error {
	if err := stockKeeperRole(by, "receive"); err != nil {
		return err
	}
	if err := positive("quantity", qty); err != nil {
		return err
	}
	if s.onHand > maxInt64-qty {
		return shopkit.NewError(shopkit.ErrOverflow, CodeStockOverflow, "on-hand of SKU "+s.sku+" would overflow")
	}
	from := s.level()
	s.onHand += qty
	s.journal.Change(by, now, StockReceive, from, s.level(), note, nil)
	return nil
}

const maxInt64 = 1<<63 - 1

// Count records a stock count (盘点, R2.2): on-hand becomes counted, with a
// reason (required) and evidence in the audit entry. A count below the units
// reserved for open orders is refused (CodeCountBelowReserved,
// ErrConflict): it would oversell orders already placed, so the host first
// cancels or releases some of them and counts again. Only the merchant, the
// platform or the system counts stock (CodeWrongRole, ErrNotAllowed).
func (s *StockItem) Count(counted int64, by shopkit.Actor, now time.Time, reason string, evidence []string) error {
	if err := stockKeeperRole(by, "count"); err != nil {
		return err
	}
	if counted < 0 {
		return shopkit.Invalid(CodeInvalidQuantity, "counted", "must not be negative")
	}
	if strings.TrimSpace(reason) == "" {
		return shopkit.Invalid(CodeReasonRequired, "reason", "a stock count needs a reason")
	}
	if counted < s.reserved {
		return shopkit.NewError(shopkit.ErrConflict, CodeCountBelowReserved,
			"SKU "+s.sku+" counted "+strconv.FormatInt(counted, 10)+" but "+strconv.FormatInt(s.reserved, 10)+" are reserved")
	}
	from := s.level()
	s.onHand = counted
	s.journal.Change(by, now, StockCount, from, s.level(), reason, evidence)
	return nil
}

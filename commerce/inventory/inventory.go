package inventory

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

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

// StockItem is the inventory of one SKU of one shop (R2.2): units on hand,
// units reserved by open orders (one hold per reservation ref), and the time of
// the last sale.
// Available = on-hand − reserved is never negative: no action lets reserved
// exceed on-hand, so the shop never oversells. Every change is journaled with
// the quantities before and after (R0.4).
//
// A SKU is a hot, long-lived entity: every order adds entries to its trail. Like
// every aggregate, a StockItem carries only the entries added since it was
// loaded, and the host's store is the trail, so loading and saving a SKU costs
// the same after a million orders as after one. The item remembers how long
// its trail is (StockItemSnapshot.Seq), so every entry gets its stable
// sequence number and every effect the stable ID "<sku>#<seq>".
//
// Every action checks its actor against the item's parties (Parties: the
// shop) before it changes anything: the shop's merchant or staff, a platform
// operator of the shop, or the system (R0.4). A StockItem not built by
// NewStockItem or RestoreStockItem refuses every action with
// shopkit.NotBuilt; its accessors return zero values.
type StockItem struct {
	shop       uuid.UUID // the shop whose stock this is: its merchant's ID
	sku        string
	onHand     int64
	reserved   int64
	holds      map[string]int64     // reservation ref → units
	claims     map[string]HoldClaim // reservation ref → the Service.Reserve call that took it (see HoldClaim)
	lastSaleAt time.Time            // last commit; zero: never sold
	createdAt  time.Time
	journal    shopkit.Journal // the entries added since the item was loaded
}

// NewStockItem adds a SKU of shop with onHand units (≥ 0). by must be a party
// of the shop (shopkit.Parties.Check: its merchant or staff, an operator of the
// shop, the system), or the error matches shopkit.ErrNotAllowed with code
// shopkit.CodeNotParty. A nil shop is CodeInvalidShop.
func NewStockItem(shop uuid.UUID, sku string, onHand int64, by shopkit.Actor, now time.Time) (*StockItem, error) {
	if shop == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidShop, "shop", "is required")
	}
	if err := (shopkit.Parties{Shop: shop}).Check(by); err != nil {
		return nil, err
	}
	if strings.TrimSpace(sku) == "" {
		return nil, shopkit.Invalid(CodeInvalidSKU, "sku", "is required")
	}
	if onHand < 0 {
		return nil, shopkit.Invalid(CodeInvalidQuantity, "on_hand", "must not be negative")
	}
	s := &StockItem{shop: shop, sku: sku, onHand: onHand, createdAt: now, journal: shopkit.NewJournal(sku)}
	s.journal.Change(by, now, StockCreate, "", s.level(), "", nil)
	return s, nil
}

// StockItemSnapshot holds every field of a StockItem, for host stores. The audit
// trail is not part of it: the store appends Unsaved() on every save. It holds
// no personal data (a shop ID, a SKU, counts and order refs).
type StockItemSnapshot struct {
	ShopID   uuid.UUID        `json:"shop_id"` // the shop whose stock this is
	SKU      string           `json:"sku"`
	OnHand   int64            `json:"on_hand"`
	Reserved int64            `json:"reserved"`
	Holds    map[string]int64 `json:"holds"`
	// Claims names, per ref, the Service.Reserve or Service.Hold call that
	// made the hold, with whether it is sealed and when it was taken; a hold
	// made by StockItem.Reserve has none. Hosts persist it with Holds.
	Claims     map[string]HoldClaim `json:"claims"`
	LastSaleAt time.Time            `json:"last_sale_at,omitzero"`
	CreatedAt  time.Time            `json:"created_at,omitzero"`
	// Seq is the length of the SKU's audit trail in the store: the next entry
	// is Seq + 1.
	Seq int `json:"seq"`
}

// HoldClaim names the Service.Reserve or Service.Hold call that made a hold:
// Call is an ID of the call's own, on every line it holds; First marks its
// first line (in SKU order), and Whole is set on that line when the
// reservation is sealed — by Reserve once it found every line held, by
// Service.Seal after a Hold. It is how the service tells a whole reservation
// from a part of one still being made or not yet confirmed, and how a failing
// call frees only what it took.
//
// A first line that is not sealed is an unsealed reservation
// (StockItem.UnsealedHolds): a Hold whose caller has not confirmed it yet, or a
// call that stopped before it sealed. At, when the call took the hold (UTC),
// tells how long it has waited; Store.Unsealed lists them by it. Only the
// first line carries the seal, so sealing costs one update whatever the number
// of lines, and First is what lets a store index the unsealed reservations
// alone (a later line of a sealed reservation is not sealed itself).
type HoldClaim struct {
	Call  string    `json:"call"`
	Whole bool      `json:"whole"`
	First bool      `json:"first"`
	At    time.Time `json:"at,omitzero"`
}

// unsealed reports whether c is the first line of a reservation not sealed.
func (c HoldClaim) unsealed() bool { return c.First && !c.Whole }

// RestoreStockItem rebuilds a stock item from a snapshot. It rejects a
// snapshot that breaks the invariants, since serving from it could oversell, as
// a *shopkit.ValidationError (CodeInvalidSnapshot) naming every field at fault:
// no shop (shop_id); no SKU; a negative on_hand or reserved; a hold with an empty ref or fewer
// than one unit (holds[ref]); holds whose sum overflows int64 (holds: a sum
// that wraps could pass as small); reserved ≠ Σ holds; reserved > on_hand; a
// claim without its hold (claims[ref]); an unsealed first line without the
// time it was taken (claims[ref].at); a negative entries count.
func RestoreStockItem(s StockItemSnapshot) (*StockItem, error) {
	var ps []shopkit.FieldProblem
	bad := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	if s.ShopID == uuid.Nil {
		bad("shop_id", "is required")
	}
	if strings.TrimSpace(s.SKU) == "" {
		bad("sku", "is required")
	}
	if s.OnHand < 0 {
		bad("on_hand", "must not be negative")
	}
	if s.Reserved < 0 {
		bad("reserved", "must not be negative")
	}
	sum, sumOK := int64(0), true
	for _, ref := range slices.Sorted(maps.Keys(s.Holds)) {
		q := s.Holds[ref]
		switch {
		case strings.TrimSpace(ref) == "":
			bad("holds", "has a hold without a ref")
			sumOK = false
		case q <= 0:
			bad("holds["+ref+"]", "must be at least 1 unit")
			sumOK = false
		default:
			var ok bool
			if sum, ok = addQuantity(sum, q); !ok && sumOK {
				bad("holds", "sum overflows int64")
				sumOK = false
			}
		}
	}
	if sumOK && s.Reserved >= 0 && sum != s.Reserved {
		bad("reserved", "must equal the sum of holds ("+strconv.FormatInt(sum, 10)+")")
	}
	if s.Reserved > s.OnHand && s.OnHand >= 0 {
		bad("reserved", "must not exceed on_hand")
	}
	for _, ref := range slices.Sorted(maps.Keys(s.Claims)) {
		c := s.Claims[ref]
		if _, held := s.Holds[ref]; !held || strings.TrimSpace(c.Call) == "" {
			bad("claims["+ref+"]", "must name a hold")
		} else if c.unsealed() && c.At.IsZero() {
			bad("claims["+ref+"].at", "is required while the reservation is unsealed")
		}
	}
	if s.Seq < 0 {
		bad("seq", "must not be negative")
	}
	if err := shopkit.Incomplete(CodeInvalidSnapshot, ps); err != nil {
		return nil, err
	}
	return &StockItem{shop: s.ShopID, sku: s.SKU, onHand: s.OnHand, reserved: s.Reserved, holds: maps.Clone(s.Holds),
		claims: maps.Clone(s.Claims), lastSaleAt: s.LastSaleAt, createdAt: s.CreatedAt,
		journal: shopkit.ResumeJournal(s.SKU, s.Seq)}, nil
}

// addQuantity returns a + b for quantities ≥ 0, and false when the sum would
// overflow int64 (R0.1's rule, applied to units: a sum never silently wraps;
// the caller returns shopkit.Overflow). It builds no message, so a hot path
// pays nothing for the check.
func addQuantity(a, b int64) (int64, bool) {
	if a > math.MaxInt64-b {
		return 0, false
	}
	return a + b, true
}

// Snapshot returns every field, for host stores. Seq counts the unsaved
// entries too: it is what the trail holds once the store has appended them.
func (s *StockItem) Snapshot() StockItemSnapshot {
	return StockItemSnapshot{ShopID: s.shop, SKU: s.sku, OnHand: s.onHand, Reserved: s.reserved, Holds: maps.Clone(s.holds),
		Claims: maps.Clone(s.claims), LastSaleAt: s.lastSaleAt, CreatedAt: s.createdAt, Seq: s.journal.Seq()}
}

// Clone returns a deep copy.
func (s *StockItem) Clone() *StockItem {
	c := *s
	c.holds = maps.Clone(s.holds)
	c.claims = maps.Clone(s.claims)
	c.journal = s.journal.Clone()
	return &c
}

// SKU returns the item's SKU.
func (s *StockItem) SKU() string { return s.sku }

// ShopID returns the shop whose stock this is: its merchant's ID.
func (s *StockItem) ShopID() uuid.UUID { return s.shop }

// Parties returns who the item belongs to: its shop (no buyer). Every action
// checks its actor against them (R0.4).
func (s *StockItem) Parties() shopkit.Parties { return shopkit.Parties{Shop: s.shop} }

// authorize refuses an action on an item its constructor did not build
// (shopkit.NotBuilt) and one by an actor who is not a party of its shop
// (shopkit.CodeNotParty); actions call it before they change anything.
func (s *StockItem) authorize(by shopkit.Actor) error {
	if s.sku == "" {
		return shopkit.NotBuilt("inventory.StockItem")
	}
	return s.Parties().Check(by)
}

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

// claim returns the claim of ref's hold (zero for none).
func (s *StockItem) claim(ref string) HoldClaim { return s.claims[ref] }

// UnsealedHolds returns the refs of the unsealed reservations whose first line
// (in SKU order) this item holds, each with when its call took it (UTC): a
// Service.Hold not yet sealed, or a Service.Reserve that stopped before it
// sealed. Store.Unsealed lists them; a store indexes the items that have any.
func (s *StockItem) UnsealedHolds() map[string]time.Time {
	var out map[string]time.Time
	for ref, c := range s.claims {
		if !c.unsealed() {
			continue
		}
		if out == nil {
			out = make(map[string]time.Time)
		}
		out[ref] = c.At
	}
	return out
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
func (s *StockItem) Unsaved() []shopkit.Entry { return s.journal.Unsaved() }

// MarkSaved records that the store has appended the unsaved entries; stores
// call it after persisting.
func (s *StockItem) MarkSaved() { s.journal.MarkSaved() }

// String describes the item for logs: SKU, shop and quantities. The item holds
// no personal data; the actors of its trail are not printed.
func (s *StockItem) String() string {
	return "StockItem{" + s.sku + " shop " + s.shop.String() + " " + s.level() + "}"
}

// GoString is String, so %#v prints the same short form (R0.5).
func (s *StockItem) GoString() string { return s.String() }

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
// (CodeReservationExists), whatever its quantity. by must be a party of the
// item's shop (see StockItem). Nothing changes on error.
func (s *StockItem) Reserve(ref string, qty int64, by shopkit.Actor, now time.Time) error {
	return s.reserve(ref, qty, "", false, by, now)
}

// reserve is Reserve for the Service call with ID call ("" for none); first
// marks the call's first line.
func (s *StockItem) reserve(ref string, qty int64, call string, first bool, by shopkit.Actor, now time.Time) error {
	if err := s.authorize(by); err != nil {
		return err
	}
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
	reserved, ok := addQuantity(s.reserved, qty)
	if !ok {
		return shopkit.Overflow("the reserved units of SKU " + s.sku) // unreachable while reserved ≤ on-hand; checked all the same
	}
	from := s.level()
	if s.holds == nil {
		s.holds = make(map[string]int64)
	}
	s.holds[ref] = qty
	if call != "" {
		if s.claims == nil {
			s.claims = make(map[string]HoldClaim)
		}
		s.claims[ref] = HoldClaim{Call: call, First: first, At: now.UTC()}
	}
	s.reserved = reserved
	s.journal.Change(by, now, StockReserve, from, s.level(), ref, nil)
	return nil
}

// Release frees what ref holds (R2.2: the order was cancelled or closed). It
// reports whether ref held anything; releasing twice is harmless. by must be a
// party of the item's shop (see StockItem).
func (s *StockItem) Release(ref string, by shopkit.Actor, now time.Time) (bool, error) {
	if err := s.authorize(by); err != nil {
		return false, err
	}
	q, ok := s.holds[ref]
	if !ok {
		return false, nil
	}
	from := s.level()
	delete(s.holds, ref)
	delete(s.claims, ref)
	s.reserved -= q
	s.journal.Change(by, now, StockRelease, from, s.level(), ref, nil)
	return true, nil
}

// releaseClaim releases ref's hold only when the Service call with ID call
// took it and has not found it whole, so a failed call never frees what
// another call holds, nor a reservation its caller may have been told is made.
func (s *StockItem) releaseClaim(ref, call string, by shopkit.Actor, now time.Time) error {
	if c, ok := s.claims[ref]; !ok || c.Call != call || c.Whole {
		return nil
	}
	_, err := s.Release(ref, by, now)
	return err
}

// seal marks the hold of ref that the Service call with ID call took as the
// first line of a whole reservation; sealing it again changes nothing. A hold
// of ref that call did not take (or none: it was released meanwhile) is
// CodeReservationExists. It changes no level, so it adds no trail entry.
func (s *StockItem) seal(ref, call string) error {
	c, ok := s.claims[ref]
	if !ok || c.Call != call {
		return errReservationExists(ref)
	}
	if c.Whole {
		return nil
	}
	c.Whole = true
	s.claims[ref] = c
	return nil
}

// Commit turns ref's hold into a sale at shipment (R2.2): on-hand and reserved
// both go down by the held units, and now becomes the last sale. It reports
// whether ref held anything; committing twice is harmless. by must be a party
// of the item's shop (see StockItem).
func (s *StockItem) Commit(ref string, by shopkit.Actor, now time.Time) (bool, error) {
	if err := s.authorize(by); err != nil {
		return false, err
	}
	q, ok := s.holds[ref]
	if !ok {
		return false, nil
	}
	from := s.level()
	delete(s.holds, ref)
	delete(s.claims, ref)
	s.reserved -= q
	s.onHand -= q
	s.lastSaleAt = now
	s.journal.Change(by, now, StockCommit, from, s.level(), ref, nil)
	return true, nil
}

// Receive adds qty arrived units to on-hand. Only a party of the item's shop
// receives goods — its merchant or staff, an operator of the shop, the system —
// never a buyer or another shop (shopkit.CodeNotParty, ErrNotAllowed).
func (s *StockItem) Receive(qty int64, by shopkit.Actor, now time.Time, note string) error {
	if err := s.authorize(by); err != nil {
		return err
	}
	if err := positive("quantity", qty); err != nil {
		return err
	}
	onHand, ok := addQuantity(s.onHand, qty)
	if !ok {
		return shopkit.Overflow("the on-hand units of SKU " + s.sku)
	}
	from := s.level()
	s.onHand = onHand
	s.journal.Change(by, now, StockReceive, from, s.level(), note, nil)
	return nil
}

// Count records a stock count (盘点, R2.2): on-hand becomes counted, with a
// reason (required) and evidence in the audit entry. A count below the units
// reserved for open orders is refused (CodeCountBelowReserved,
// ErrConflict): it would oversell orders already placed, so the host first
// cancels or releases some of them and counts again. Only a party of the
// item's shop counts stock, as for Receive (shopkit.CodeNotParty,
// ErrNotAllowed).
func (s *StockItem) Count(counted int64, by shopkit.Actor, now time.Time, reason string, evidence []string) error {
	if err := s.authorize(by); err != nil {
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

package membership

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// Actions recorded in a member's audit trail (R0.4). From and To of every entry
// are tier names ("none" for no tier).
const (
	ActionJoin          = "join"           // the member record was created
	ActionCompleteOrder = "complete_order" // a completed order added to the figures (R5.2)
	ActionUpgrade       = "upgrade"        // automatic upgrade when an order crossed a threshold (R5.2)
	ActionRefund        = "refund"         // a refund reduced the figures, never the tier (R5.2)
	ActionAdjust        = "adjust"         // a merchant's manual adjustment, up or down (R5.2)
	ActionGrantCoupon   = "grant_coupon"   // a coupon grant recorded, pending its issue (R5.4)
	ActionIssueCoupon   = "issue_coupon"   // a coupon issued to the customer (R5.4)
)

// TierSource says how a member got their current tier.
type TierSource string

// Tier sources.
const (
	SourceNone   TierSource = ""       // no tier yet
	SourceOrders TierSource = "orders" // reached by completed orders (R5.2)
	SourceManual TierSource = "manual" // set by a manual adjustment (R5.2)
)

// tierSources is the strict codec of TierSource.
var tierSources = enum.New(CodeUnknownTierSource, "source", SourceNone, SourceOrders, SourceManual)

// MarshalText implements encoding.TextMarshaler; an unknown source is an error.
func (s TierSource) MarshalText() ([]byte, error) { return tierSources.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler: "", "orders" or "manual";
// anything else is a ValidationError.
func (s *TierSource) UnmarshalText(b []byte) error { return tierSources.Unmarshal(s, b) }

// AppliedOrder is a completed order counted in a member's figures: the member keeps
// every order ID it has applied, so the same order counts once, and the refunds
// applied to it, so a refund never exceeds the order's recorded spend and a
// repeated refund key counts once (R5.2).
type AppliedOrder struct {
	OrderID     uuid.UUID       `json:"order_id"`              // the order's ID (shopkit.Refund.OrderID refers to it), unique per member
	Amount      shopkit.Money   `json:"amount"`                // what the order added to the cumulative amount
	Refunded    shopkit.Money   `json:"refunded"`              // Σ Refunds' amounts, ≤ Amount
	Counted     bool            `json:"counted"`               // still counts as a transaction (false once fully refunded or returned)
	CompletedAt time.Time       `json:"completed_at,omitzero"` // when the order completed (the window looks at it)
	Refunds     []AppliedRefund `json:"refunds"`               // the refunds applied, oldest first
}

// AppliedRefund is a refund counted against an applied order, by its shopkit.Refund
// idempotency key.
type AppliedRefund struct {
	Key    string        `json:"key"`    // shopkit.Refund.Key, unique per member
	Amount shopkit.Money `json:"amount"` // what it took off the figures
	Return bool          `json:"return"` // applied as a whole-order return (ApplyReturn)
}

func (o AppliedOrder) net() int64 { return o.Amount.Amount() - o.Refunded.Amount() }

// Member is a customer's standing in one shop: cumulative figures and the tier
// (R5.2). Every change is journaled; the audit trail is the store's append-only
// log (R0.4), and a loaded member holds only the entries added since. Fields are
// unexported; change it only through its methods; persist it through a Store.
type Member struct {
	id           uuid.UUID
	shopID       uuid.UUID
	customerID   string
	currency     shopkit.Currency
	joinedAt     time.Time
	version      string // the tier set version it joined under (ServiceConfig.TierSets); "" for a plain Tiers
	tier         string
	tierSince    time.Time
	source       TierSource
	adjustReason string
	amount       int64 // lifetime net spend in minor units: Σ applied Amount − Refunded
	orders       int64 // lifetime transactions still counted
	applied      map[uuid.UUID]AppliedOrder
	coupons      []CouponGrant
	pending      []CouponGrant // grants recorded, not yet issued, oldest first
	journal      shopkit.Journal
}

// MemberID is the identity of a shop's customer: derived from both, so that
// concurrent first orders of a new customer create one member (R2.8). It is the
// name-based (SHA-1, version 5) UUID of the customer in the shop's namespace: the
// same shop and customer always give the same ID.
func MemberID(shop uuid.UUID, customerID string) uuid.UUID {
	return uuid.NewSHA1(shop, []byte("shopkit.membership\x00"+customerID))
}

// NewMember returns a customer's member record with no tier and no figures; cur is
// the currency of the shop's tier set (empty means CNY). It records a join entry.
func NewMember(shopID uuid.UUID, customerID string, cur shopkit.Currency, now time.Time) (*Member, error) {
	var problems []shopkit.FieldProblem
	if shopID == uuid.Nil {
		problems = append(problems, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	if strings.TrimSpace(customerID) == "" {
		problems = append(problems, shopkit.FieldProblem{Field: "customer_id", Problem: "is required"})
	}
	if cur == "" {
		cur = shopkit.CurrencyCNY
	}
	if !cur.Valid() {
		problems = append(problems, shopkit.FieldProblem{Field: "currency", Problem: "is not a known currency"})
	}
	if now.IsZero() {
		problems = append(problems, shopkit.FieldProblem{Field: "now", Problem: "is required"})
	}
	if err := shopkit.Incomplete(CodeInvalidMember, problems); err != nil {
		return nil, err
	}
	id := MemberID(shopID, customerID)
	m := &Member{id: id, shopID: shopID, customerID: customerID, currency: cur,
		joinedAt: now, applied: map[uuid.UUID]AppliedOrder{}, journal: shopkit.NewJournal(id.String())}
	m.journal.Change(shopkit.SystemActor(), now, ActionJoin, "", stateName(NoTier), "", nil)
	return m, nil
}

// stateName is a tier name as an audit state.
func stateName(tier string) string {
	if tier == NoTier {
		return "none"
	}
	return tier
}

// built returns shopkit.NotBuilt for a member that NewMember or RestoreMember
// did not build (a nil or zero Member): its actions refuse it rather than
// record changes of nobody's standing.
func (m *Member) built() error {
	if m == nil || m.id == uuid.Nil {
		return shopkit.NotBuilt("membership.Member")
	}
	return nil
}

// Parties returns who the member record belongs to (R0.4): the customer as the
// buyer and the shop. A manual adjustment or a coupon is taken by one of them
// (Adjust, CanGrant check by against it); a completed order or a refund is a
// fact the order or its after-sales ledger reports, applied by the system, so
// CompleteOrder, ApplyRefund and ApplyReturn take no actor. The zero Member has
// no parties but the system.
func (m *Member) Parties() shopkit.Parties {
	return shopkit.Parties{Buyer: m.customerID, Shop: m.shopID}
}

// ID returns the member's identity (MemberID(ShopID, CustomerID)).
func (m *Member) ID() uuid.UUID { return m.id }

// ShopID returns the shop: its merchant's ID.
func (m *Member) ShopID() uuid.UUID { return m.shopID }

// CustomerID returns the customer.
func (m *Member) CustomerID() string { return m.customerID }

// Tier returns the current tier's name; NoTier when none.
func (m *Member) Tier() string { return m.tier }

// TierSince returns when the current tier was reached or set.
func (m *Member) TierSince() time.Time { return m.tierSince }

// Source returns how the current tier was reached.
func (m *Member) Source() TierSource { return m.source }

// Figures returns the lifetime cumulative figures: net spend and transactions
// still counted after refunds (R5.2). A tier set with a window evaluates fewer.
func (m *Member) Figures() Figures {
	return Figures{Amount: m.money(m.amount), Orders: m.orders}
}

func (m *Member) money(amount int64) shopkit.Money {
	mon, _ := shopkit.NewMoney(amount, m.currency.String()) // the currency was validated
	return mon
}

// Applied returns the applied order with the ID, if any.
func (m *Member) Applied(orderID uuid.UUID) (AppliedOrder, bool) {
	o, ok := m.applied[orderID]
	o.Refunds = slices.Clone(o.Refunds)
	return o, ok
}

// Deadline reports that a member never waits on a deadline: tiers do not expire
// (R5.2: no automatic demotion).
func (m *Member) Deadline() (time.Time, bool) { return time.Time{}, false }

// PolicyVersion returns the name of the tier set version in force when the
// member joined (ServiceConfig.TierSets), "" for one created under a plain
// Tiers. The service keeps evaluating and pricing the member on that version's
// tier set, so a later version never changes an existing member's thresholds
// or discounts (R0.3).
func (m *Member) PolicyVersion() string { return m.version }

// History returns the audit entries the member holds, oldest first (R0.4):
// every entry of a member built in memory, only those added since it was
// loaded from a store (the rest is the store's trail, read with Store.Trail).
func (m *Member) History() []shopkit.Entry { return m.journal.History() }

// Unsaved returns the entries added since the member was created or loaded.
func (m *Member) Unsaved() []shopkit.Entry { return m.journal.Unsaved() }

// MarkSaved marks every entry saved; stores call it after persisting.
func (m *Member) MarkSaved() { m.journal.MarkSaved() }

// Clone returns a deep copy.
func (m *Member) Clone() *Member {
	c := *m
	c.applied = make(map[uuid.UUID]AppliedOrder, len(m.applied))
	for k, o := range m.applied {
		o.Refunds = slices.Clone(o.Refunds)
		c.applied[k] = o
	}
	c.coupons = slices.Clone(m.coupons)
	c.pending = slices.Clone(m.pending)
	c.journal = m.journal.Clone()
	return &c
}

// String describes the member for logs, masking the customer ID (R0.5: hosts often
// use a phone number as the customer's key).
func (m *Member) String() string {
	return "member " + m.id.String() + " shop " + m.shopID.String() + " customer " + shopkit.MaskPhone(m.customerID) +
		" tier " + stateName(m.tier) + " " + m.Figures().Amount.String() + "/" + strconv.FormatInt(m.orders, 10) + " orders"
}

// GoString is String, so %#v prints the same masked form (R0.5).
func (m *Member) GoString() string { return m.String() }

// MemberSnapshot holds every persisted field of a Member, for host stores. The
// lifetime figures are derived from AppliedOrders on restore. It keeps the
// customer ID in full, for it is what the store persists; its String and
// GoString mask it (R0.5).
type MemberSnapshot struct {
	ID         uuid.UUID        `json:"id"`                 // MemberID(ShopID, CustomerID)
	ShopID     uuid.UUID        `json:"shop_id"`            // the shop: its merchant's ID
	CustomerID string           `json:"customer_id"`        // the customer (personal data, R0.5)
	Currency   shopkit.Currency `json:"currency"`           // of every amount; empty means CNY
	JoinedAt   time.Time        `json:"joined_at,omitzero"` // when the record was created
	// PolicyVersion is Member.PolicyVersion: "" for a plain Tiers and in
	// snapshots from before versions.
	PolicyVersion string         `json:"policy_version,omitempty"`
	Tier          string         `json:"tier"`                // current tier name; NoTier when none
	TierSince     time.Time      `json:"tier_since,omitzero"` // when Tier was reached or set
	Source        TierSource     `json:"source"`              // how Tier was reached
	AdjustReason  string         `json:"adjust_reason"`       // reason of the manual adjustment, when Source is manual
	AppliedOrders []AppliedOrder `json:"applied_orders"`      // oldest completion first, then by order ID
	Coupons       []CouponGrant  `json:"coupons"`             // in issue order
	// PendingCoupons are the grants recorded and not yet issued, oldest
	// first: no CouponID, each with its issuer Key (Service.Resume finishes
	// them).
	PendingCoupons []CouponGrant `json:"pending_coupons"`
	// Seq is the length of the member's audit trail in the store: the next
	// entry is Seq + 1 (R0.4).
	Seq int `json:"seq"`
}

// String describes the snapshot as Member.String describes the member, the
// customer masked (R0.5).
func (s MemberSnapshot) String() string {
	return "MemberSnapshot{" + s.ID.String() + " shop " + s.ShopID.String() + " customer " + shopkit.MaskPhone(s.CustomerID) +
		" tier " + stateName(s.Tier) + " " + strconv.Itoa(len(s.AppliedOrders)) + " applied orders}"
}

// GoString is String, so %#v prints the same masked form.
func (s MemberSnapshot) GoString() string { return s.String() }

// Snapshot returns every field of m.
func (m *Member) Snapshot() MemberSnapshot {
	s := MemberSnapshot{ID: m.id, ShopID: m.shopID, CustomerID: m.customerID, Currency: m.currency,
		JoinedAt: m.joinedAt, PolicyVersion: m.version, Tier: m.tier, TierSince: m.tierSince, Source: m.source,
		AdjustReason: m.adjustReason, Coupons: slices.Clone(m.coupons), PendingCoupons: slices.Clone(m.pending),
		Seq: m.journal.Seq()}
	for _, o := range m.applied {
		o.Refunds = slices.Clone(o.Refunds)
		s.AppliedOrders = append(s.AppliedOrders, o)
	}
	slices.SortFunc(s.AppliedOrders, func(a, b AppliedOrder) int {
		if c := a.CompletedAt.Compare(b.CompletedAt); c != 0 {
			return c
		}
		return bytes.Compare(a.OrderID[:], b.OrderID[:])
	})
	return s
}

// RestoreMember rebuilds a member from a snapshot without re-running the rules.
// It rejects, with a ValidationError of code CodeInvalidSnapshot naming the
// field, a snapshot that cannot be a member's: no ID, shop or customer, an ID
// that is not MemberID(ShopID, CustomerID), an unknown currency or tier source,
// a negative Seq, repeated order IDs or refund keys, amounts in another
// currency, refunds that do not add up to an order's Refunded or exceed its
// Amount, a coupon without a template or coupon ID, and a pending grant
// without a template, key or time, or with a coupon ID; no two grants, done
// or pending, share a key.
func RestoreMember(s MemberSnapshot) (*Member, error) {
	bad := func(field, problem string) (*Member, error) {
		return nil, shopkit.Invalid(CodeInvalidSnapshot, field, problem)
	}
	cur := s.Currency
	if cur == "" {
		cur = shopkit.CurrencyCNY
	}
	switch {
	case s.ID == uuid.Nil:
		return bad("id", "is required")
	case s.ShopID == uuid.Nil:
		return bad("shop_id", "is required")
	case strings.TrimSpace(s.CustomerID) == "":
		return bad("customer_id", "is required")
	case s.ID != MemberID(s.ShopID, s.CustomerID):
		return bad("id", "is not MemberID(shop_id, customer_id)")
	case !cur.Valid():
		return bad("currency", "is not a known currency")
	case !tierSources.Valid(s.Source):
		return bad("source", "is not a known tier source")
	case s.Seq < 0:
		return bad("seq", "must not be negative")
	}
	m := &Member{id: s.ID, shopID: s.ShopID, customerID: s.CustomerID, currency: cur, joinedAt: s.JoinedAt, version: s.PolicyVersion,
		tier: s.Tier, tierSince: s.TierSince, source: s.Source, adjustReason: s.AdjustReason,
		applied: make(map[uuid.UUID]AppliedOrder, len(s.AppliedOrders)), coupons: slices.Clone(s.Coupons),
		journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}
	if err := checkGrants(s.Coupons, s.PendingCoupons); err != nil {
		return nil, err
	}
	m.pending = slices.Clone(s.PendingCoupons)
	keys := map[string]bool{}
	for _, o := range s.AppliedOrders {
		if _, dup := m.applied[o.OrderID]; dup || o.OrderID == uuid.Nil {
			return bad("applied_orders", "has an empty or repeated order ID "+o.OrderID.String())
		}
		if o.Amount.Currency() != cur || o.Refunded.Currency() != cur || o.Amount.IsNegative() ||
			o.Refunded.IsNegative() || o.Refunded.Amount() > o.Amount.Amount() {
			return bad("applied_orders", "order "+o.OrderID.String()+" has amounts out of range")
		}
		var refunded int64
		for _, r := range o.Refunds {
			if r.Key == "" || keys[r.Key] || r.Amount.Currency() != cur || r.Amount.IsNegative() {
				return bad("applied_orders", "order "+o.OrderID.String()+" has an empty or repeated refund key, or a bad amount")
			}
			keys[r.Key] = true
			var ok bool
			if refunded, ok = addInt64(refunded, r.Amount.Amount()); !ok {
				return nil, errOverflow()
			}
		}
		if refunded != o.Refunded.Amount() {
			return bad("applied_orders", "order "+o.OrderID.String()+" has refunds that do not add up to Refunded")
		}
		o.Refunds = slices.Clone(o.Refunds)
		m.applied[o.OrderID] = o
		sum, ok := addInt64(m.amount, o.net())
		if !ok {
			return nil, errOverflow()
		}
		m.amount = sum
		if o.Counted {
			m.orders++
		}
	}
	return m, nil
}

// checkGrants validates a snapshot's coupon grants: done ones with a template
// and a coupon, pending ones with a template, a key, a time and no coupon, and
// no key on two grants.
func checkGrants(done, pending []CouponGrant) error {
	keys := map[string]bool{}
	for _, g := range done {
		if strings.TrimSpace(g.TemplateID) == "" || strings.TrimSpace(g.CouponID) == "" || (g.Key != "" && keys[g.Key]) {
			return shopkit.Invalid(CodeInvalidSnapshot, "coupons", "has a grant without a template or coupon, or a repeated key")
		}
		if g.Key != "" {
			keys[g.Key] = true
		}
	}
	for _, g := range pending {
		if strings.TrimSpace(g.TemplateID) == "" || strings.TrimSpace(g.Key) == "" || g.CouponID != "" || g.At.IsZero() || keys[g.Key] {
			return shopkit.Invalid(CodeInvalidSnapshot, "pending_coupons",
				"has a grant without a template, key or time, with a coupon, or with a repeated key")
		}
		keys[g.Key] = true
	}
	return nil
}

func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

func errOverflow() error { return shopkit.Overflow("the cumulative amount") }

package aftersales

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// CaseSnapshot is every field of a case, for host stores.
type CaseSnapshot struct {
	ID            uuid.UUID        // Case.ID
	Kind          Kind             // Case.Kind
	ConvertedFrom Kind             // Case.ConvertedFrom; "" when never converted
	OrderID       uuid.UUID        // Case.OrderID
	OrderNumber   string           // the human order number
	OrderState    OrderState       // the order's state when the case opened
	BuyerID       string           // Case.BuyerID
	MerchantID    string           // Case.MerchantID
	Lines         []LineQty        // Case.Lines
	Reason        Reason           // the buyer's reason
	Note          string           // the buyer's note (latest resubmission)
	Evidence      []string         // the buyer's evidence, resubmissions appended
	State         State            // Case.State
	Deadline      time.Time        // Case.Deadline; zero when none
	OpenedAt      time.Time        // when the buyer opened the case
	Conversation  string           // the merchant's prior conversation before a rejection (R3.3)
	ReturnWaybill string           // the buyer's waybill back to the merchant
	OutWaybill    string           // the replacement's or repaired item's waybill
	ReceivedAt    time.Time        // when the merchant signed for the return (carrier's record)
	RepairPeriod  time.Duration    // the stated repair period; 0 means 30 days (R3.4)
	VisitAt       time.Time        // the agreed on-site visit time (R3.5)
	FirstVisitAt  time.Time        // the first on-site visit (R3.5)
	Vouchers      Vouchers         // Case.Vouchers
	Refund        CaseRefund       // Case.Refund
	SelfRepair    SelfRepairTerms  // the self-repair terms (R3.4)
	Dispute       Dispute          // Case.Dispute
	Advanced      commerce.Money   // Case.Advanced
	Advances      []string         // keys of the advances recorded
	Rating        int              // the buyer's rating; 0 when none
	RatingNote    string           // the rating's note
	Tier          MemberTier       // Case.Tier
	History       []commerce.Entry // the audit trail (R0.4)
}

// Snapshot returns every field of the case.
func (c *Case) Snapshot() CaseSnapshot {
	r := c.ro()
	return CaseSnapshot{ID: c.id, Kind: c.kind, ConvertedFrom: r.convertedFrom, OrderID: c.orderID,
		OrderNumber: c.orderNumber, OrderState: c.orderState, BuyerID: c.buyerID, MerchantID: c.merchantID,
		Lines: slices.Clone(c.lines), Reason: c.reason, Note: c.note, Evidence: slices.Clone(c.evidence),
		State: c.state, Deadline: c.deadline, OpenedAt: c.openedAt, Conversation: r.conversation,
		ReturnWaybill: c.returnWaybill, OutWaybill: c.outWaybill, ReceivedAt: c.receivedAt,
		RepairPeriod: r.repairPeriod, VisitAt: r.visitAt, FirstVisitAt: r.firstVisitAt, Vouchers: r.vouchers,
		Refund: c.refund, SelfRepair: r.selfRepair, Dispute: c.Dispute(), Advanced: c.advanced, Advances: slices.Clone(r.advances),
		Rating: r.rating, RatingNote: r.ratingNote, Tier: c.tier, History: c.history()}
}

// RestoreCase rebuilds a case from a snapshot under policy p without re-running
// any rule. An unknown kind or a state the kind's table does not name is an error.
func RestoreCase(p *Policy, s CaseSnapshot) (*Case, error) {
	if p == nil {
		return nil, shopkit.Invalid("aftersales.invalid_policy", "policy", "is required")
	}
	if !s.Kind.Valid() {
		return nil, shopkit.Invalid("aftersales.unknown_kind", "kind", "unknown kind "+quote(string(s.Kind)))
	}
	if _, ok := tableStates[s.Kind][s.State]; !ok {
		return nil, shopkit.Invalid("aftersales.unknown_state", "state", "state "+quote(string(s.State))+" is not in the "+string(s.Kind)+" table")
	}
	c := &Case{pol: p, id: s.ID, kind: s.Kind, orderID: s.OrderID,
		orderNumber: s.OrderNumber, orderState: s.OrderState, buyerID: s.BuyerID, merchantID: s.MerchantID,
		lines: slices.Clone(s.Lines), reason: s.Reason, note: s.Note, evidence: slices.Clone(s.Evidence),
		state: s.State, deadline: s.Deadline, openedAt: s.OpenedAt,
		returnWaybill: s.ReturnWaybill, outWaybill: s.OutWaybill, receivedAt: s.ReceivedAt,
		refund: s.Refund, advanced: s.Advanced, tier: s.Tier}
	if r := (rareFields{convertedFrom: s.ConvertedFrom, conversation: s.Conversation, repairPeriod: s.RepairPeriod,
		visitAt: s.VisitAt, firstVisitAt: s.FirstVisitAt, vouchers: s.Vouchers, selfRepair: s.SelfRepair,
		dispute: s.Dispute, advances: s.Advances, rating: s.Rating, ratingNote: s.RatingNote}); !r.zero() {
		rare := r // a copy, so that r itself stays off the heap when the case needs none
		rare.dispute.Evidence = slices.Clone(r.dispute.Evidence)
		rare.advances = slices.Clone(r.advances)
		c.rare = &rare
	}
	c.log = c.restoreLog(s.History)
	return c, nil
}

// zero reports whether r holds nothing, exactly (a zero time in another location
// is not zero), so that a snapshot round trip keeps every value.
func (r *rareFields) zero() bool {
	var z time.Time
	d := r.dispute
	return r.convertedFrom == "" && r.conversation == "" && r.repairPeriod == 0 && r.visitAt == z &&
		r.firstVisitAt == z && r.vouchers == (Vouchers{}) && r.selfRepair == (SelfRepairTerms{}) &&
		d.RequestedBy == "" && d.RequestedAt == z && d.Reason == "" && d.Evidence == nil && d.Decision == "" &&
		d.DecidedAt == z && r.advances == nil && r.rating == 0 && r.ratingNote == ""
}

// tableStates holds the states each kind's table names, so that RestoreCase checks
// a snapshot's state without copying the table's state list. Immutable after
// package load, like the tables.
var tableStates = func() map[Kind]map[State]struct{} {
	m := make(map[Kind]map[State]struct{}, len(Kinds()))
	for _, k := range Kinds() {
		set := make(map[State]struct{})
		for _, s := range TableOf(k).States() {
			set[s] = struct{}{}
		}
		m[k] = set
	}
	return m
}()

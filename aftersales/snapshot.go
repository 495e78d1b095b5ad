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
	ID            uuid.UUID
	Kind          Kind
	ConvertedFrom Kind
	OrderID       uuid.UUID
	OrderNumber   string
	OrderState    OrderState
	BuyerID       string
	MerchantID    string
	Lines         []LineQty
	Reason        Reason
	Note          string
	Evidence      []string
	State         State
	Deadline      time.Time
	OpenedAt      time.Time
	Conversation  string
	ReturnWaybill string
	OutWaybill    string
	ReceivedAt    time.Time
	RepairPeriod  time.Duration
	VisitAt       time.Time
	FirstVisitAt  time.Time
	Vouchers      Vouchers
	Refund        CaseRefund
	SelfRepair    SelfRepairTerms
	Dispute       Dispute
	Advanced      commerce.Money
	Advances      []string
	Rating        int
	RatingNote    string
	Tier          MemberTier
	History       []commerce.Entry
}

// Snapshot returns every field of the case.
func (c *Case) Snapshot() CaseSnapshot {
	return CaseSnapshot{ID: c.id, Kind: c.kind, ConvertedFrom: c.convertedFrom, OrderID: c.orderID,
		OrderNumber: c.orderNumber, OrderState: c.orderState, BuyerID: c.buyerID, MerchantID: c.merchantID,
		Lines: slices.Clone(c.lines), Reason: c.reason, Note: c.note, Evidence: slices.Clone(c.evidence),
		State: c.state, Deadline: c.deadline, OpenedAt: c.openedAt, Conversation: c.conversation,
		ReturnWaybill: c.returnWaybill, OutWaybill: c.outWaybill, ReceivedAt: c.receivedAt,
		RepairPeriod: c.repairPeriod, VisitAt: c.visitAt, FirstVisitAt: c.firstVisitAt, Vouchers: c.vouchers,
		Refund: c.refund, SelfRepair: c.selfRepair, Dispute: c.Dispute(), Advanced: c.advanced, Advances: slices.Clone(c.advances),
		Rating: c.rating, RatingNote: c.ratingNote, Tier: c.tier, History: c.journal.History()}
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
	if !slices.Contains(TableOf(s.Kind).States(), s.State) {
		return nil, shopkit.Invalid("aftersales.unknown_state", "state", "state "+quote(string(s.State))+" is not in the "+string(s.Kind)+" table")
	}
	d := s.Dispute
	d.Evidence = slices.Clone(d.Evidence)
	c := &Case{pol: p, id: s.ID, kind: s.Kind, convertedFrom: s.ConvertedFrom, orderID: s.OrderID,
		orderNumber: s.OrderNumber, orderState: s.OrderState, buyerID: s.BuyerID, merchantID: s.MerchantID,
		lines: slices.Clone(s.Lines), reason: s.Reason, note: s.Note, evidence: slices.Clone(s.Evidence),
		state: s.State, deadline: s.Deadline, openedAt: s.OpenedAt, conversation: s.Conversation,
		returnWaybill: s.ReturnWaybill, outWaybill: s.OutWaybill, receivedAt: s.ReceivedAt,
		repairPeriod: s.RepairPeriod, visitAt: s.VisitAt, firstVisitAt: s.FirstVisitAt, vouchers: s.Vouchers,
		refund: s.Refund, selfRepair: s.SelfRepair, dispute: d, advanced: s.Advanced, advances: slices.Clone(s.Advances), rating: s.Rating,
		ratingNote: s.RatingNote, tier: s.Tier, journal: commerce.RestoreJournal(s.History)}
	c.derive()
	return c, nil
}

package aftersales

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// CaseSnapshot is every field of a case, for host stores. It keeps the personal
// data in full — the buyer's ID, note and evidence, the waybills, the reasons
// and notes people wrote — for the host's store to persist (and redact as its
// own rules say); its String and GoString print it masked (R0.5).
type CaseSnapshot struct {
	ID            uuid.UUID          `json:"id"`                      // Case.ID
	Kind          Kind               `json:"kind"`                    // Case.Kind
	ConvertedFrom Kind               `json:"converted_from"`          // Case.ConvertedFrom; "" when never converted
	OrderID       uuid.UUID          `json:"order_id"`                // Case.OrderID
	OrderNumber   string             `json:"order_number"`            // the human order number
	OrderState    OrderState         `json:"order_state"`             // the order's state when the case opened
	BuyerID       string             `json:"buyer_id"`                // Case.BuyerID
	MerchantID    uuid.UUID          `json:"merchant_id"`             // Case.MerchantID
	Lines         []LineQty          `json:"lines"`                   // Case.Lines
	Reason        Reason             `json:"reason"`                  // the buyer's reason
	Note          string             `json:"note"`                    // the buyer's note (latest resubmission)
	Evidence      []string           `json:"evidence"`                // the buyer's evidence, resubmissions appended
	State         State              `json:"state"`                   // Case.State
	Deadline      time.Time          `json:"deadline,omitzero"`       // Case.Deadline; zero when none
	OpenedAt      time.Time          `json:"opened_at,omitzero"`      // when the buyer opened the case
	Conversations []string           `json:"conversations"`           // Case.Conversations: the talk before each rejection (R3.3), oldest first
	ReturnWaybill string             `json:"return_waybill"`          // the buyer's waybill back to the merchant
	OutWaybill    string             `json:"out_waybill"`             // the replacement's or repaired item's waybill
	OutShippedAt  time.Time          `json:"out_shipped_at,omitzero"` // when the replacement or repaired item was shipped
	DeliveredAt   time.Time          `json:"delivered_at,omitzero"`   // when the buyer signed for it (R3.3); the time to confirm runs from it
	ReceivedAt    time.Time          `json:"received_at,omitzero"`    // when the merchant signed for the return (carrier's record)
	RepairPeriod  time.Duration      `json:"repair_period"`           // the stated repair period; 0 means the policy's (R3.4)
	VisitAt       time.Time          `json:"visit_at,omitzero"`       // the agreed on-site visit time (R3.5)
	FirstVisitAt  time.Time          `json:"first_visit_at,omitzero"` // the first on-site visit (R3.5)
	Vouchers      Vouchers           `json:"vouchers"`                // Case.Vouchers
	Refund        CaseRefund         `json:"refund"`                  // Case.Refund
	SelfRepair    SelfRepairTerms    `json:"self_repair"`             // the self-repair terms (R3.4)
	Dispute       Dispute            `json:"dispute"`                 // Case.Dispute
	Advanced      shopkit.Money      `json:"advanced"`                // Case.Advanced
	Advances      []string           `json:"advances"`                // keys of the advances recorded
	Rating        int                `json:"rating"`                  // the buyer's rating; 0 when none
	RatingNote    string             `json:"rating_note"`             // the rating's note
	Tier          shopkit.MemberTier `json:"tier"`                    // Case.Tier
	Policy        Policy             `json:"policy"`                  // Case.Policy: the policy the case was opened with
	PolicyVersion string             `json:"policy_version"`          // Case.PolicyVersion: that policy's version name; "" for a plain Policy
	// UnitsReleased: the order ledger freed the units of the ended case
	// (Case.UnitsReleased); only an ended case has.
	UnitsReleased bool `json:"units_released"`
	// StepSince is when the case's unfinished follow-up began
	// (Case.PendingStep), in UTC; zero when none is pending.
	StepSince time.Time `json:"step_since,omitzero"`
	// Seq is the length of the case's audit trail in the store (R0.4): the
	// next entry is Seq + 1.
	Seq int `json:"seq"`
}

// Snapshot returns every field of the case; it shares no memory with the case.
func (c *Case) Snapshot() CaseSnapshot {
	return CaseSnapshot{ID: c.id, Kind: c.kind, ConvertedFrom: c.convertedFrom, OrderID: c.orderID,
		OrderNumber: c.orderNumber, OrderState: c.orderState, BuyerID: c.buyerID, MerchantID: c.merchantID,
		Lines: slices.Clone(c.lines), Reason: c.reason, Note: c.note, Evidence: slices.Clone(c.evidence),
		State: c.state, Deadline: c.deadline, OpenedAt: c.openedAt, Conversations: slices.Clone(c.conversations),
		ReturnWaybill: c.returnWaybill, OutWaybill: c.outWaybill, OutShippedAt: c.outShippedAt,
		DeliveredAt: c.deliveredAt, ReceivedAt: c.receivedAt,
		RepairPeriod: c.repairPeriod, VisitAt: c.visitAt, FirstVisitAt: c.firstVisitAt, Vouchers: c.vouchers,
		Refund: c.refund, SelfRepair: c.selfRepair, Dispute: c.Dispute(), Advanced: c.advanced,
		Advances: slices.Clone(c.advances), Rating: c.rating, RatingNote: c.ratingNote, Tier: c.tier,
		Policy: c.Policy(), PolicyVersion: c.policyVersion, UnitsReleased: c.released, StepSince: c.stepAt, Seq: c.journal.Seq()}
}

// RestoreCase rebuilds a case from a snapshot without re-running any rule. A
// snapshot without an ID, a buyer or a merchant, with a negative Seq, an
// unknown kind, a state the kind's table does not name, or an invalid policy is
// an error, and so is a follow-up that does not match the state: units
// released by a case that has not ended, or a StepSince with no follow-up
// pending (a refund not issued, an ended case's units not freed). A pending
// follow-up without StepSince (a snapshot written before it was kept) counts
// as the oldest. The case holds no entry of its trail: its journal numbers on from
// Seq.
func RestoreCase(s CaseSnapshot) (*Case, error) {
	if s.ID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidCase, "id", "is required")
	}
	// R0.4: a case without a buyer or a shop would have a party nobody is.
	if s.BuyerID == "" {
		return nil, shopkit.Invalid(CodeInvalidCase, "buyer_id", "is required")
	}
	if s.MerchantID == uuid.Nil {
		return nil, shopkit.Invalid(CodeInvalidCase, "merchant_id", "is required")
	}
	if s.Seq < 0 {
		return nil, shopkit.Invalid(CodeInvalidCase, "seq", "must not be negative")
	}
	if !s.Kind.Valid() {
		return nil, shopkit.Invalid(CodeUnknownKind, "kind", "unknown kind "+text.Quote(string(s.Kind)))
	}
	if !slices.Contains(tableStates[s.Kind], s.State) {
		return nil, shopkit.Invalid(CodeUnknownState, "state",
			"state "+text.Quote(string(s.State))+" is not in the "+string(s.Kind)+" table")
	}
	if err := s.Policy.Validate(); err != nil {
		return nil, err
	}
	ended := tableOf(s.Kind).Terminal(s.State)
	if s.UnitsReleased && !ended {
		return nil, shopkit.Invalid(CodeInvalidCase, "units_released", "only an ended case has freed its units")
	}
	pending := ((s.State == Refunding || s.State == RefundOverdue) && !s.Refund.Issued) || (ended && !s.UnitsReleased)
	if !pending && !s.StepSince.IsZero() {
		return nil, shopkit.Invalid(CodeInvalidCase, "step_since", "must be zero with no follow-up pending")
	}
	d := s.Dispute
	d.Evidence = slices.Clone(d.Evidence)
	return &Case{policy: s.Policy.clone(), policyVersion: s.PolicyVersion, id: s.ID, kind: s.Kind, convertedFrom: s.ConvertedFrom, orderID: s.OrderID,
		orderNumber: s.OrderNumber, orderState: s.OrderState, buyerID: s.BuyerID, merchantID: s.MerchantID,
		lines: slices.Clone(s.Lines), reason: s.Reason, note: s.Note, evidence: slices.Clone(s.Evidence),
		state: s.State, deadline: s.Deadline, openedAt: s.OpenedAt, conversations: slices.Clone(s.Conversations),
		returnWaybill: s.ReturnWaybill, outWaybill: s.OutWaybill, outShippedAt: s.OutShippedAt,
		deliveredAt: s.DeliveredAt, receivedAt: s.ReceivedAt,
		repairPeriod: s.RepairPeriod, visitAt: s.VisitAt, firstVisitAt: s.FirstVisitAt, vouchers: s.Vouchers,
		selfRepair: s.SelfRepair, dispute: d, refund: s.Refund, advanced: s.Advanced,
		advances: slices.Clone(s.Advances), rating: s.Rating, ratingNote: s.RatingNote, tier: s.Tier,
		released: s.UnitsReleased, stepAt: s.StepSince, journal: shopkit.ResumeJournal(s.ID.String(), s.Seq)}, nil
}

// tableStates holds the states each kind's table names, so that RestoreCase checks
// a snapshot's state without copying the table's state list. Immutable after
// package load, like the tables.
var tableStates = func() map[Kind][]State {
	m := make(map[Kind][]State, len(Kinds()))
	for _, k := range Kinds() {
		m[k] = tableOf(k).States()
	}
	return m
}()

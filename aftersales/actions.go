package aftersales

import (
	"slices"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// Approve is the merchant's approval of a request (or the system's, R3.3, R3.6):
// a refund-only case goes to refunding, a return, exchange or repair waits for the
// buyer to ship the item.
func (c *Case) Approve(by shopkit.Actor, now time.Time, reason string) error {
	to, err := c.check(by, ActApprove, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActApprove, to, reason, nil)
	c.notify(now, ActApprove, c.buyerParty())
	return nil
}

// ApproveRepair approves a mail-in repair request stating the repair period (R3.4);
// a period of 0 means none was agreed: 30 days from receipt.
func (c *Case) ApproveRepair(by shopkit.Actor, now time.Time, period time.Duration, reason string) error {
	if err := c.authorize(by); err != nil {
		return err
	}
	if c.kind != Repair {
		return notAllowed(CodeWrongKind, "a repair period is for repair cases")
	}
	if period < 0 {
		return shopkit.Invalid(CodeInvalidPeriod, "period", "must not be negative")
	}
	to, err := c.check(by, ActApprove, now)
	if err != nil {
		return err
	}
	c.repairPeriod = period
	c.move(by, now, ActApprove, to, reason, nil)
	c.notify(now, ActApprove, c.buyerParty())
	return nil
}

// ApplyInstantRefund approves a refund-only request at once as the system when the
// shop's instant auto-refund rule covers it (R3.6): the order was not shipped when
// the case opened and the refund (quote, from the order ledger) is at or below the
// rule's limit. It reports whether it approved.
func (c *Case) ApplyInstantRefund(rule InstantRefundRule, quote shopkit.Money, now time.Time) (bool, error) {
	if _, err := c.table(); err != nil {
		return false, err
	}
	if !rule.Enabled || c.kind != RefundOnly || c.state != Requested || c.orderState.Shipped() {
		return false, nil
	}
	cmp, err := quote.Cmp(rule.Limit)
	if err != nil || cmp > 0 {
		return false, err
	}
	if err := c.Approve(shopkit.SystemActor(), now, "instant auto-refund (R3.6)"); err != nil {
		return false, err
	}
	return true, nil
}

// Rejection is what a merchant must show to reject a request (R3.3): the reference
// of the conversation it had with the buyer first, and rejection evidence.
type Rejection struct {
	Conversation string   `json:"conversation"` // reference of the talk with the buyer before rejecting; required
	Evidence     []string `json:"evidence"`     // rejection evidence references; required
	Reason       string   `json:"reason"`       // the merchant's reason, shown to the buyer
}

// Reject rejects the request (R3.3; same shape for every kind, R3.6). Without a
// recorded prior conversation or evidence it fails and changes nothing. The
// rejection's entry in the trail cites the conversation ("conversation:<ref>")
// and every evidence reference, so each rejection of a case keeps its own
// (R0.4); Conversations lists them all.
func (c *Case) Reject(by shopkit.Actor, now time.Time, r Rejection) error {
	to, err := c.check(by, ActReject, now)
	if err != nil {
		return err
	}
	var problems []shopkit.FieldProblem
	if r.Conversation == "" {
		problems = append(problems, shopkit.FieldProblem{Field: "conversation", Problem: "is required: talk to the buyer first"})
	}
	if len(r.Evidence) == 0 || slices.Contains(r.Evidence, "") {
		problems = append(problems, shopkit.FieldProblem{Field: "evidence", Problem: "is required"})
	}
	if err := shopkit.Incomplete(CodeEvidenceRequired, problems); err != nil {
		return err
	}
	c.conversations = append(c.conversations, r.Conversation)
	c.move(by, now, ActReject, to, r.Reason, append([]string{EvidenceConversation + r.Conversation}, r.Evidence...))
	c.notify(now, ActReject, c.buyerParty())
	return nil
}

// Resubmit is the buyer's modified request after a rejection (R3.3): a new note and
// evidence; the merchant's 48 h start again.
func (c *Case) Resubmit(by shopkit.Actor, now time.Time, note string, evidence []string) error {
	to, err := c.check(by, ActResubmit, now)
	if err != nil {
		return err
	}
	c.note = note
	c.evidence = append(c.evidence, evidence...)
	c.move(by, now, ActResubmit, to, note, evidence)
	c.notify(now, ActResubmit, c.merchantParty())
	return nil
}

// Cancel withdraws the case (the buyer).
func (c *Case) Cancel(by shopkit.Actor, now time.Time, reason string) error {
	to, err := c.check(by, ActCancel, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActCancel, to, reason, nil)
	c.notify(now, ActCancel, c.merchantParty())
	return nil
}

// Escalate asks the platform to intervene (R3.9): either side, after a rejection or
// in a stalemate. Evidence (chat logs, transaction records) is recorded for the
// platform.
func (c *Case) Escalate(by shopkit.Actor, now time.Time, reason string, evidence []string) error {
	to, err := c.check(by, ActEscalate, now)
	if err != nil {
		return err
	}
	if reason == "" {
		return shopkit.Invalid(CodeReasonRequired, "reason", "is required")
	}
	c.dispute = Dispute{RequestedBy: by.Role, RequestedAt: now, Reason: reason, Evidence: slices.Clone(evidence)}
	c.move(by, now, ActEscalate, to, reason, evidence)
	c.notify(now, ActEscalate, platformParty)
	return nil
}

func (c *Case) decide(by shopkit.Actor, now time.Time, action Action, reason string) error {
	to, err := c.check(by, action, now)
	if err != nil {
		return err
	}
	if reason == "" {
		return shopkit.Invalid(CodeReasonRequired, "reason", "is required")
	}
	if action == ActConvert {
		c.convert()
	}
	c.dispute.Decision, c.dispute.DecidedAt = action, now
	c.move(by, now, action, to, reason, nil)
	c.notify(now, action, c.buyerParty())
	c.notify(now, action, c.merchantParty())
	return nil
}

// DecideForBuyer is the platform's decision for the buyer (R3.9): the case goes on
// as if the merchant had approved it.
func (c *Case) DecideForBuyer(by shopkit.Actor, now time.Time, reason string) error {
	return c.decide(by, now, ActDecideForBuyer, reason)
}

// DecideForMerchant is the platform's decision for the merchant (R3.9): the case
// closes.
func (c *Case) DecideForMerchant(by shopkit.Actor, now time.Time, reason string) error {
	return c.decide(by, now, ActDecideForMerch, reason)
}

// DecideRefund is the platform's decision that the buyer's money goes back now
// (R3.9), e.g. when the merchant already holds the returned item.
func (c *Case) DecideRefund(by shopkit.Actor, now time.Time, reason string) error {
	return c.decide(by, now, ActDecideRefund, reason)
}

// Convert turns a repair case into return and refund (R3.4, R3.5): by the buyer when
// entitled (repair overdue, missed visit), or by the platform after finding a
// refusal to repair unjustified. The case keeps its ID, units and history; its kind
// becomes return_refund and ConvertedFrom remembers the repair kind.
func (c *Case) Convert(by shopkit.Actor, now time.Time, reason string) error {
	if c.state == Disputed {
		return c.decide(by, now, ActConvert, reason)
	}
	to, err := c.check(by, ActConvert, now)
	if err != nil {
		return err
	}
	c.convert()
	c.move(by, now, ActConvert, to, reason, nil)
	c.notify(now, ActConvert, c.merchantParty())
	return nil
}

func (c *Case) convert() {
	c.convertedFrom, c.kind = c.kind, ReturnRefund
}

// ShipBack records the buyer's waybill for the item sent back (R3.3, R3.6); the
// entry cites it as "waybill:<number>".
func (c *Case) ShipBack(by shopkit.Actor, now time.Time, waybill string) error {
	to, err := c.check(by, ActShipBack, now)
	if err != nil {
		return err
	}
	if waybill == "" {
		return shopkit.Invalid(CodeWaybillRequired, "waybill", "is required")
	}
	c.returnWaybill = waybill
	c.move(by, now, ActShipBack, to, waybill, []string{EvidenceWaybill + waybill})
	return nil
}

// ReceiveReturn records that the merchant signed for the returned item at signedAt
// per the carrier's record (R3.3); zero means now. The next deadline (refund 7 days,
// inspection 7 days, repair period) counts from signedAt.
func (c *Case) ReceiveReturn(by shopkit.Actor, now, signedAt time.Time) error {
	to, err := c.check(by, ActReceiveReturn, now)
	if err != nil {
		return err
	}
	if signedAt, err = signingTime(signedAt, now); err != nil {
		return err
	}
	c.receivedAt = signedAt
	// The carrier's signing time is evidence of the deadline that follows: the
	// entry keeps it, whatever a later return of a converted case records.
	c.move(by, now, ActReceiveReturn, to, "signed for at "+signedAt.Format(time.RFC3339Nano), nil)
	return nil
}

// ApproveRefund is the merchant's refund after signing for a return (R3.6).
func (c *Case) ApproveRefund(by shopkit.Actor, now time.Time, reason string) error {
	to, err := c.check(by, ActApproveRefund, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActApproveRefund, to, reason, nil)
	c.notify(now, ActApproveRefund, c.buyerParty())
	return nil
}

// PassInspection records that the returned exchange item passed inspection (R3.3).
func (c *Case) PassInspection(by shopkit.Actor, now time.Time) error {
	to, err := c.check(by, ActPassInspection, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActPassInspection, to, "", nil)
	return nil
}

// ShipReplacement records the replacement's waybill (R3.3). The buyer's 10 days
// to confirm run from signing for it (SignForDelivery); until then the case waits
// on no deadline, the rule setting none for the carrier.
func (c *Case) ShipReplacement(by shopkit.Actor, now time.Time, waybill string) error {
	return c.shipOut(by, now, ActShipReplacement, waybill)
}

// ReturnRepaired records the waybill of the repaired item sent back (R3.4); the
// time to confirm runs from the buyer's signing for it, as for a replacement.
func (c *Case) ReturnRepaired(by shopkit.Actor, now time.Time, waybill string) error {
	return c.shipOut(by, now, ActReturnRepaired, waybill)
}

func (c *Case) shipOut(by shopkit.Actor, now time.Time, action Action, waybill string) error {
	to, err := c.check(by, action, now)
	if err != nil {
		return err
	}
	if waybill == "" {
		return shopkit.Invalid(CodeWaybillRequired, "waybill", "is required")
	}
	c.outWaybill, c.outShippedAt, c.deliveredAt = waybill, now, time.Time{}
	c.move(by, now, action, to, waybill, []string{EvidenceWaybill + waybill})
	return nil
}

// signingTime is a carrier's signing time as recorded at now: zero means now,
// and it may not be in the future.
func signingTime(signedAt, now time.Time) (time.Time, error) {
	if signedAt.IsZero() {
		return now, nil
	}
	if signedAt.After(now) {
		return time.Time{}, shopkit.Invalid(CodeInvalidTime, "signed_at", "must not be in the future")
	}
	return signedAt, nil
}

// SignForDelivery records that the buyer signed for the replacement (R3.3:
// 签收换货后) or the repaired item (R3.4) at signedAt: recorded by the buyer, or
// by the system from the carrier's record; zero means now. The buyer's time to
// confirm (10 days for a replacement) counts from signedAt, which may be neither
// in the future nor before the shipment.
func (c *Case) SignForDelivery(by shopkit.Actor, now, signedAt time.Time) error {
	to, err := c.check(by, ActSignForDelivery, now)
	if err != nil {
		return err
	}
	if signedAt, err = signingTime(signedAt, now); err != nil {
		return err
	}
	if signedAt.Before(c.outShippedAt) {
		return shopkit.Invalid(CodeInvalidTime, "signed_at", "must not be before the shipment")
	}
	c.deliveredAt = signedAt
	c.move(by, now, ActSignForDelivery, to, "signed for at "+signedAt.Format(time.RFC3339Nano), nil)
	return nil
}

// ConfirmReceipt is the buyer's confirmation of the replacement or repaired item
// (R3.3), before or after signing for it (the system confirms once the time from
// signing has passed); an unhappy buyer opens a new case instead.
func (c *Case) ConfirmReceipt(by shopkit.Actor, now time.Time) error {
	to, err := c.check(by, ActConfirmReceipt, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActConfirmReceipt, to, "", nil)
	return nil
}

// ExtendRepair records the buyer's agreement to a later repair deadline (R3.4:
// overdue without agreement converts).
func (c *Case) ExtendRepair(by shopkit.Actor, now, until time.Time) error {
	to, err := c.check(by, ActExtendRepair, now)
	if err != nil {
		return err
	}
	if !until.After(c.deadline) {
		return shopkit.Invalid(CodeInvalidTime, "until", "must be after the current deadline")
	}
	c.deadline = until
	c.move(by, now, ActExtendRepair, to, "repair deadline agreed: "+until.Format(time.RFC3339), nil)
	return nil
}

// AgreeSelfRepair records the agreement that the buyer repairs the item (R3.4); the
// merchant then pays agreed, or the invoice amount when agreed is zero.
func (c *Case) AgreeSelfRepair(by shopkit.Actor, now time.Time, agreed shopkit.Money) error {
	to, err := c.check(by, ActAgreeSelfRepair, now)
	if err != nil {
		return err
	}
	if agreed.IsNegative() {
		return shopkit.Invalid(CodeNegativeAmount, "agreed", "must not be negative")
	}
	if err := c.checkCurrency("agreed", agreed); err != nil {
		return err
	}
	c.selfRepair.Agreed = agreed
	c.move(by, now, ActAgreeSelfRepair, to, "agreed amount "+agreed.String(), nil)
	return nil
}

// SubmitInvoice is the buyer's repair invoice (R3.4): the merchant pays the agreed
// amount, or the invoice amount when none was agreed (an EffectPay).
func (c *Case) SubmitInvoice(by shopkit.Actor, now time.Time, invoice shopkit.Money, evidence []string) error {
	to, err := c.check(by, ActSubmitInvoice, now)
	if err != nil {
		return err
	}
	if invoice.IsNegative() {
		return shopkit.Invalid(CodeNegativeAmount, "invoice", negativeProblem)
	}
	if invoice.IsZero() {
		return shopkit.Invalid(CodeInvalidAmount, "invoice", "must be positive")
	}
	if len(evidence) == 0 || slices.Contains(evidence, "") {
		return shopkit.Invalid(CodeEvidenceRequired, "evidence", "the invoice is required")
	}
	if err := c.checkCurrency("invoice", invoice); err != nil {
		return err
	}
	pay := invoice
	if c.selfRepair.Agreed.IsPositive() {
		pay = c.selfRepair.Agreed
	}
	c.selfRepair.Invoice = invoice
	c.move(by, now, ActSubmitInvoice, to, "invoice "+invoice.String(), evidence)
	c.journal.Emit(now, string(ActSubmitInvoice), shopkit.Effect{Type: shopkit.EffectPay, Party: c.buyerParty(),
		Amount: pay, Ref: c.id.String() + ":self_repair", Note: "self-repair reimbursement paid by " + c.merchantParty()})
	return nil
}

// ScheduleVisit records the visit time agreed with the buyer (R3.5); missing it
// entitles the buyer to a refund.
func (c *Case) ScheduleVisit(by shopkit.Actor, now, visitAt time.Time) error {
	to, err := c.check(by, ActScheduleVisit, now)
	if err != nil {
		return err
	}
	if visitAt.Before(now) {
		return shopkit.Invalid(CodeInvalidTime, "visit_at", "must not be in the past")
	}
	c.visitAt = visitAt
	c.move(by, now, ActScheduleVisit, to, "visit at "+visitAt.Format(time.RFC3339), nil)
	c.notify(now, ActScheduleVisit, c.buyerParty())
	return nil
}

// RecordVisit records a visit (R3.5). Where no time was agreed within the 3 days,
// the first visit starts the 30-day finish clock; a visit at the agreed time
// starts none (the rule sets the 30 days only for the first case).
func (c *Case) RecordVisit(by shopkit.Actor, now time.Time) error {
	to, err := c.check(by, ActRecordVisit, now)
	if err != nil {
		return err
	}
	if c.firstVisitAt.IsZero() {
		c.firstVisitAt = now
	}
	c.move(by, now, ActRecordVisit, to, "", nil)
	return nil
}

// FinishRepair records that the on-site repair is done (R3.5).
func (c *Case) FinishRepair(by shopkit.Actor, now time.Time) error {
	to, err := c.check(by, ActFinishRepair, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActFinishRepair, to, "", nil)
	return nil
}

// Redeem records n vouchers used (R3.8); using the last one ends the case.
func (c *Case) Redeem(by shopkit.Actor, now time.Time, n int64) error {
	if err := c.authorize(by); err != nil {
		return err
	}
	if c.kind != Voucher {
		return notAllowed(CodeWrongKind, "only vouchers are redeemed")
	}
	if v := c.vouchers; n <= 0 || n > v.Total-v.Used {
		return shopkit.Invalid(CodeInvalidQuantity, "n", "must be between 1 and the unused vouchers")
	}
	action := ActRedeem
	if v := c.vouchers; v.Used+n == v.Total {
		action = ActUseUp
	}
	to, err := c.check(by, action, now)
	if err != nil {
		return err
	}
	c.vouchers.Used += n
	c.move(by, now, action, to, "", nil)
	if to == VoucherValid {
		c.deadline = c.vouchers.ValidUntil
	}
	return nil
}

// RequestVoucherRefund is the buyer's refund of unused vouchers within validity
// (R3.8): approved automatically, money back within 7 working days.
func (c *Case) RequestVoucherRefund(by shopkit.Actor, now time.Time) error {
	to, err := c.check(by, ActRequestRefund, now)
	if err != nil {
		return err
	}
	c.move(by, now, ActRequestRefund, to, "approved automatically (R3.8)", nil)
	c.notify(now, ActRequestRefund, c.buyerParty())
	return nil
}

// Rate records the buyer's rating of the handling, 1–5 by default, once, after
// the case completed or refunded (R3.2). Only the case's own buyer rates it.
func (c *Case) Rate(by shopkit.Actor, now time.Time, stars int, note string) error {
	if err := c.authorize(by); err != nil {
		return err
	}
	refused := &shopkit.TransitionError{Workflow: tableOf(c.kind).Workflow(), State: string(c.state),
		Action: string(ActRate), Role: by.Role}
	if by.Role != shopkit.Buyer {
		refused.WrongRole = true
		return refused
	}
	if c.state != Completed && c.state != Refunded {
		return refused
	}
	if c.rating != 0 {
		return conflict(CodeAlreadyRated, "the case is rated already")
	}
	if stars < c.policy.MinRating || stars > c.policy.MaxRating {
		return shopkit.Invalid(CodeInvalidRating, "stars", "must be between the policy's minimum and maximum")
	}
	c.rating, c.ratingNote = stars, note
	c.journal.Change(by, now, string(ActRate), string(c.state), string(c.state), note, nil)
	return nil
}

// RefundLines returns the lines the case's refund asks the order ledger for: the
// unused vouchers of a voucher case (R3.8), otherwise the case's lines.
func (c *Case) RefundLines() []LineQty {
	if c.kind == Voucher {
		v := c.vouchers
		return []LineQty{{Line: v.Line, Units: v.Total - v.Used}}
	}
	return slices.Clone(c.lines)
}

// PendingRefund reports whether the case is refunding but the order ledger has
// not issued its refund yet: the Service issues it right after saving.
func (c *Case) PendingRefund() bool {
	return (c.state == Refunding || c.state == RefundOverdue) && !c.refund.Issued
}

// RefundRequest returns the ledger request of the case's refund, money back by the
// refunding deadline.
func (c *Case) RefundRequest() RefundRequest {
	return RefundRequest{Key: c.refund.Key, CaseID: c.id, Lines: c.RefundLines(), By: shopkit.SystemActor(),
		DueBy: c.deadline, Reason: string(c.kind) + " " + c.orderNumber}
}

// MarkRefundIssued records the ledger's refund of the case (amount, key).
func (c *Case) MarkRefundIssued(rec shopkit.Refund, now time.Time) error {
	if _, err := c.table(); err != nil {
		return err
	}
	if !c.PendingRefund() || rec.Key != c.refund.Key {
		return conflict(CodeRefundNotPending, "no refund pending with key "+text.Quote(rec.Key))
	}
	if err := c.checkPayment("amount", rec.Amount); err != nil {
		return err
	}
	c.refund.Issued, c.refund.Amount = true, rec.Amount
	c.syncStep(now)
	c.journal.Change(shopkit.SystemActor(), now, string(ActIssueRefund), string(c.state), string(c.state),
		"refund "+rec.Amount.String(), []string{EvidenceRefund + rec.Key})
	return nil
}

// MarkUnitsReleased records that the order ledger freed the units of the ended
// case (Ledger.Release): the case's last follow-up is done. It is bookkeeping
// of the two stores, not a change of the case, so it adds no entry to the
// case's trail (the ledger's has the release). Marking them twice changes
// nothing; a case that has not ended is a conflict (CodeCaseOpen).
func (c *Case) MarkUnitsReleased(now time.Time) error {
	if _, err := c.table(); err != nil {
		return err
	}
	if !c.Terminal() {
		return conflict(CodeCaseOpen, "the case has not ended: it still holds its units")
	}
	if c.released {
		return nil
	}
	c.released = true
	c.syncStep(now)
	return nil
}

// ConfirmRefund records that the money is back with the buyer: the host's gateway
// executed the refund the ledger issued.
func (c *Case) ConfirmRefund(by shopkit.Actor, now time.Time, rec shopkit.Refund) error {
	to, err := c.check(by, ActConfirmRefund, now)
	if err != nil {
		return err
	}
	if !c.refund.Issued || rec.Key != c.refund.Key {
		return conflict(CodeRefundNotPending, "refund "+text.Quote(rec.Key)+" is not this case's issued refund")
	}
	c.refund.Confirmed = true
	c.move(by, now, ActConfirmRefund, to, "refunded "+rec.Amount.String(), []string{EvidenceRefund + rec.Key})
	c.notify(now, ActConfirmRefund, c.buyerParty())
	return nil
}

// CheckAdvance reports whether by may advance money to the buyer now: the platform,
// while it intervenes (R3.9).
func (c *Case) CheckAdvance(by shopkit.Actor, now time.Time) error {
	_, err := c.check(by, ActAdvance, now)
	return err
}

// RecordAdvance records a platform advance (先行赔付, R3.9) the order ledger paid:
// the merchant owes it (Ledger.Debts). Recording the same advance twice changes
// nothing.
func (c *Case) RecordAdvance(by shopkit.Actor, now time.Time, rec shopkit.Refund) error {
	to, err := c.check(by, ActAdvance, now)
	if err != nil {
		return err
	}
	if !rec.Advance || rec.CaseID != c.id {
		return shopkit.Invalid(CodeInvalidAdvance, "record", "is not an advance of this case")
	}
	if err := c.checkPayment("amount", rec.Amount); err != nil {
		return err
	}
	if slices.Contains(c.advances, rec.Key) {
		return nil // recorded before: a retried request
	}
	sum, err := c.advanced.Add(rec.Amount)
	if err != nil {
		return err
	}
	c.advanced = sum
	c.advances = append(c.advances, rec.Key)
	c.move(by, now, ActAdvance, to, "advance "+rec.Amount.String()+" owed by the merchant", []string{EvidenceRefund + rec.Key})
	return nil
}

// The kinds of reference an entry's Evidence cites besides the parties' own
// documents (photos, chat logs, invoices, which it lists as given): each as
// "<kind><reference>", so that the trail says what a reference is (R0.4). Every
// reference an action cites is in that action's entry, so the trail keeps each
// one when a later action cites another.
const (
	EvidenceConversation = "conversation:" // the talk with the buyer before a rejection (R3.3)
	EvidenceWaybill      = "waybill:"      // a carrier's waybill number
	EvidenceRefund       = "refund:"       // a refund's idempotency key in the order ledger
)

// checkCurrency refuses an amount that is not in the order's currency, which
// the case's advanced total carries from its opening on (zero then).
func (c *Case) checkCurrency(field string, m shopkit.Money) error {
	if m.Currency() != c.advanced.Currency() {
		return shopkit.NewError(shopkit.ErrCurrencyMismatch, CodeCurrencyMismatch, field+" is not in the order's currency")
	}
	return nil
}

// checkPayment refuses money to a party that is negative or in another currency
// (R0.1).
func (c *Case) checkPayment(field string, m shopkit.Money) error {
	if m.IsNegative() {
		return shopkit.Invalid(CodeNegativeAmount, field, "must not be negative")
	}
	return c.checkCurrency(field, m)
}

package aftersales

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// table is the checked transition table of one case kind.
type table = shopkit.Table[State, Action]

type row = shopkit.Transition[State, Action]
type timeout = shopkit.Timeout[State, Action]

// Role sets of the table rows; fresh slices so no table shares mutable memory.
func buyer() []shopkit.Role    { return []shopkit.Role{shopkit.Buyer} }
func merchant() []shopkit.Role { return []shopkit.Role{shopkit.Merchant} }
func platform() []shopkit.Role { return []shopkit.Role{shopkit.Platform} }
func system() []shopkit.Role   { return []shopkit.Role{shopkit.System} }
func merchSys() []shopkit.Role { return []shopkit.Role{shopkit.Merchant, shopkit.System} }
func buyerSys() []shopkit.Role { return []shopkit.Role{shopkit.Buyer, shopkit.System} }
func parties() []shopkit.Role  { return []shopkit.Role{shopkit.Buyer, shopkit.Merchant} }
func gateway() []shopkit.Role  { return []shopkit.Role{shopkit.System, shopkit.Platform} }
func buyerPl() []shopkit.Role  { return []shopkit.Role{shopkit.Buyer, shopkit.Platform} }

// The tables are immutable after construction (shopkit.Table is read-only), so they are
// built once at package load; cases check against them. Their timeouts carry no
// label: the labels depend on the policy (CaseWorkflow).
var (
	refundOnlyTable   = shopkit.MustNewTable(WorkflowRefundOnly, refundOnlyRows(), refundOnlyTimeouts()...)
	returnRefundTable = shopkit.MustNewTable(WorkflowReturnRefund, returnRefundRows(), returnRefundTimeouts()...)
	exchangeTable     = shopkit.MustNewTable(WorkflowExchange, exchangeRows(), exchangeTimeouts()...)
	repairTable       = shopkit.MustNewTable(WorkflowRepair, repairRows(), repairTimeouts()...)
	onSiteTable       = shopkit.MustNewTable(WorkflowOnSiteRepair, onSiteRows(), onSiteTimeouts()...)
	voucherTable      = shopkit.MustNewTable(WorkflowVoucher, voucherRows(), voucherTimeouts()...)
)

// CaseWorkflow returns the transition table of kind k (nil for an unknown kind)
// with its timeouts labelled by p's deadlines ("48h", "10 days", "7 working
// days"): what a frontend or a diagram shows for a shop running under p.
func CaseWorkflow(k Kind, p Policy) *shopkit.Table[State, Action] {
	t := tableOf(k)
	if t == nil {
		return nil
	}
	return t.Relabel(func(to timeout) string { return timeoutLabel(k, p, to) })
}

// CaseDiagram draws CaseWorkflow(k, p) as a Mermaid state diagram (DIAGRAMS.md).
func CaseDiagram(k Kind, p Policy) string {
	w := CaseWorkflow(k, p)
	if w == nil {
		return ""
	}
	return w.Mermaid()
}

// timeoutLabel describes the deadline of the timeout to of kind k under p.
func timeoutLabel(k Kind, p Policy, to timeout) string {
	switch to.State {
	case Requested:
		if k == OnSiteRepair {
			return span(p.OnSiteAgree)
		}
		return span(p.MerchantResponse)
	case Rejected:
		return span(p.BuyerAfterRejection)
	case AwaitingReturn:
		return span(p.BuyerShipBack)
	case RefundDue:
		return span(p.MerchantRefundAfterReceipt)
	case Inspecting:
		return span(p.ExchangeInspection)
	case ReplacementSigned:
		return span(p.BuyerConfirmReplacement) + " from signing"
	case Repairing:
		return "repair period (" + span(p.RepairPeriod) + ")"
	case RepairedSigned:
		return span(p.BuyerConfirmRepaired) + " from signing"
	case VisitScheduled:
		if p.VisitGrace > 0 {
			return span(p.VisitGrace) + " after the agreed visit time"
		}
		return "agreed visit time"
	case VisitPending:
		return span(p.OnSiteVisitAfterWindow) + " after the " + strings.Replace(span(p.OnSiteAgree), " days", "-day", 1) + " window"
	case OnSiteRepairing:
		return span(p.OnSiteFinish) + " from the first visit (no time agreed)"
	case Refunding:
		if k == Voucher {
			return strconv.Itoa(p.VoucherRefundWorkingDays) + " working days"
		}
		return strconv.Itoa(p.RefundWorkingDays) + " working days"
	case VoucherValid:
		return "validity end"
	case VoucherExpired:
		return "expiry, at the first sweep (within " + span(p.VoucherExpiryStart) + ")"
	}
	return ""
}

// span writes a duration as the rules do: whole days from 3 days on ("10 days"),
// whole hours below ("48h"), else Go's form.
func span(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d >= 3*day && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " days"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

// tableOf returns the static table of kind k, or nil for an unknown kind.
func tableOf(k Kind) *table {
	switch k {
	case RefundOnly:
		return refundOnlyTable
	case ReturnRefund:
		return returnRefundTable
	case Exchange:
		return exchangeTable
	case Repair:
		return repairTable
	case OnSiteRepair:
		return onSiteTable
	case Voucher:
		return voucherTable
	}
	return nil
}

// rejectedRows: after a rejection the buyer may modify and resubmit, cancel, or
// ask the platform to intervene (R3.3); the merchant may ask too (R3.9).
func rejectedRows() []row {
	return []row{
		{From: Rejected, Action: ActResubmit, Roles: buyer(), To: Requested},
		{From: Rejected, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: Rejected, Action: ActEscalate, Roles: parties(), To: Disputed},
		{From: Rejected, Action: ActClose, Roles: system(), To: Closed},
	}
}

// disputeRows: the platform decides for the buyer (the kind's approved state, or a
// refund at once) or for the merchant (the case closes) (R3.9).
func disputeRows(forBuyer State, withRefund bool) []row {
	rows := []row{
		{From: Disputed, Action: ActDecideForBuyer, Roles: platform(), To: forBuyer},
		{From: Disputed, Action: ActDecideForMerch, Roles: platform(), To: Closed},
		{From: Disputed, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: Disputed, Action: ActAdvance, Roles: platform(), To: Disputed},
	}
	if withRefund {
		rows = append(rows, row{From: Disputed, Action: ActDecideRefund, Roles: platform(), To: Refunding})
	}
	return rows
}

// refundRows: the host's gateway executes the refund and confirms it; money not back
// in time is marked overdue and stays listable (R0.3, R3.8).
func refundRows() []row {
	return []row{
		{From: Refunding, Action: ActConfirmRefund, Roles: gateway(), To: Refunded},
		{From: Refunding, Action: ActMarkOverdue, Roles: system(), To: RefundOverdue},
		{From: RefundOverdue, Action: ActConfirmRefund, Roles: gateway(), To: Refunded},
	}
}

func commonTimeouts() []timeout {
	return []timeout{
		{State: Rejected, Action: ActClose},
		{State: Refunding, Action: ActMarkOverdue},
	}
}

func concat(parts ...[]row) []row {
	var out []row
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// R3.6 refund only.
func refundOnlyRows() []row {
	return concat([]row{
		{From: Requested, Action: ActApprove, Roles: merchSys(), To: Refunding},
		{From: Requested, Action: ActReject, Roles: merchant(), To: Rejected},
		{From: Requested, Action: ActCancel, Roles: buyer(), To: Cancelled},
	}, rejectedRows(), disputeRows(Refunding, false), refundRows())
}

func refundOnlyTimeouts() []timeout {
	return append([]timeout{{State: Requested, Action: ActApprove}}, commonTimeouts()...)
}

// returnRows: the buyer ships the item back within 10 days or the case closes
// (R3.3, R3.6).
func returnRows(received State) []row {
	return []row{
		{From: AwaitingReturn, Action: ActShipBack, Roles: buyer(), To: Returning},
		{From: AwaitingReturn, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: AwaitingReturn, Action: ActClose, Roles: system(), To: Closed},
		{From: Returning, Action: ActReceiveReturn, Roles: merchSys(), To: received},
		{From: Returning, Action: ActEscalate, Roles: parties(), To: Disputed},
	}
}

// R3.6 return and refund.
func returnRefundRows() []row {
	return concat([]row{
		{From: Requested, Action: ActApprove, Roles: merchSys(), To: AwaitingReturn},
		{From: Requested, Action: ActReject, Roles: merchant(), To: Rejected},
		{From: Requested, Action: ActCancel, Roles: buyer(), To: Cancelled},
	}, returnRows(RefundDue), []row{
		{From: RefundDue, Action: ActApproveRefund, Roles: merchSys(), To: Refunding},
		{From: RefundDue, Action: ActEscalate, Roles: parties(), To: Disputed},
	}, rejectedRows(), disputeRows(AwaitingReturn, true), refundRows())
}

func returnRefundTimeouts() []timeout {
	return append([]timeout{
		{State: Requested, Action: ActApprove},
		{State: AwaitingReturn, Action: ActClose},
		{State: RefundDue, Action: ActApproveRefund},
	}, commonTimeouts()...)
}

// R3.3 exchange.
func exchangeRows() []row {
	return concat([]row{
		{From: Requested, Action: ActApprove, Roles: merchSys(), To: AwaitingReturn},
		{From: Requested, Action: ActReject, Roles: merchant(), To: Rejected},
		{From: Requested, Action: ActCancel, Roles: buyer(), To: Cancelled},
	}, returnRows(Inspecting), []row{
		{From: Inspecting, Action: ActShipReplacement, Roles: merchant(), To: ReplacementShipped},
		{From: Inspecting, Action: ActPassInspection, Roles: merchSys(), To: ReplacementPending},
		{From: Inspecting, Action: ActEscalate, Roles: parties(), To: Disputed},
		{From: ReplacementPending, Action: ActShipReplacement, Roles: merchant(), To: ReplacementShipped},
		{From: ReplacementPending, Action: ActEscalate, Roles: parties(), To: Disputed},
		// R3.3: the buyer's 10 days run from signing for the replacement
		// (签收换货后), recorded by the buyer or by the system from the
		// carrier's record; the rule sets no delivery window, so shipped waits
		// on no deadline. A buyer who has it may confirm at once.
		{From: ReplacementShipped, Action: ActSignForDelivery, Roles: buyerSys(), To: ReplacementSigned},
		{From: ReplacementShipped, Action: ActConfirmReceipt, Roles: buyer(), To: Completed},
		{From: ReplacementSigned, Action: ActConfirmReceipt, Roles: buyerSys(), To: Completed},
	}, rejectedRows(), disputeRows(AwaitingReturn, true), refundRows())
}

func exchangeTimeouts() []timeout {
	return append([]timeout{
		{State: Requested, Action: ActApprove},
		{State: AwaitingReturn, Action: ActClose},
		{State: Inspecting, Action: ActPassInspection},
		{State: ReplacementSigned, Action: ActConfirmReceipt},
	}, commonTimeouts()...)
}

// R3.4 mail-in repair. Converting moves the case to the return-and-refund table:
// refund_due when the merchant holds the item, awaiting_return when the buyer does.
func repairRows() []row {
	return concat([]row{
		{From: Requested, Action: ActApprove, Roles: merchSys(), To: AwaitingReturn},
		{From: Requested, Action: ActReject, Roles: merchant(), To: Rejected},
		{From: Requested, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: Requested, Action: ActAgreeSelfRepair, Roles: merchant(), To: SelfRepair},
	}, returnRows(Repairing), []row{
		{From: Repairing, Action: ActReturnRepaired, Roles: merchant(), To: RepairedShipped},
		{From: Repairing, Action: ActExtendRepair, Roles: buyer(), To: Repairing},
		{From: Repairing, Action: ActEntitleRefund, Roles: system(), To: RefundEntitled},
		{From: Repairing, Action: ActEscalate, Roles: parties(), To: Disputed},
		// Like the replacement (R3.3): the time to confirm runs from the
		// buyer's signing for the repaired item.
		{From: RepairedShipped, Action: ActSignForDelivery, Roles: buyerSys(), To: RepairedSigned},
		{From: RepairedShipped, Action: ActConfirmReceipt, Roles: buyer(), To: Completed},
		{From: RepairedSigned, Action: ActConfirmReceipt, Roles: buyerSys(), To: Completed},
		{From: RefundEntitled, Action: ActConvert, Roles: buyerPl(), To: RefundDue},
		{From: RefundEntitled, Action: ActEscalate, Roles: parties(), To: Disputed},
		{From: SelfRepair, Action: ActSubmitInvoice, Roles: buyer(), To: Completed},
		{From: SelfRepair, Action: ActCancel, Roles: buyer(), To: Cancelled},
		// An unjustified refusal to repair, found by the platform: return and refund.
		{From: Disputed, Action: ActConvert, Roles: platform(), To: AwaitingReturn},
	}, rejectedRows(), disputeRows(AwaitingReturn, true), refundRows())
}

func repairTimeouts() []timeout {
	return append([]timeout{
		{State: Requested, Action: ActApprove},
		{State: AwaitingReturn, Action: ActClose},
		{State: Repairing, Action: ActEntitleRefund},
		{State: RepairedSigned, Action: ActConfirmReceipt},
	}, commonTimeouts()...)
}

// R3.5 on-site repair. Converting moves the case to the return-and-refund table at
// refund_due: the merchant collects the item itself.
func onSiteRows() []row {
	return concat([]row{
		{From: Requested, Action: ActScheduleVisit, Roles: merchant(), To: VisitScheduled},
		{From: Requested, Action: ActMissAgreement, Roles: system(), To: VisitPending},
		{From: Requested, Action: ActReject, Roles: merchant(), To: Rejected},
		{From: Requested, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: VisitScheduled, Action: ActRecordVisit, Roles: merchant(), To: OnSiteRepairing},
		{From: VisitScheduled, Action: ActEntitleRefund, Roles: system(), To: RefundEntitled},
		{From: VisitScheduled, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: VisitPending, Action: ActRecordVisit, Roles: merchant(), To: OnSiteRepairing},
		{From: VisitPending, Action: ActEntitleRefund, Roles: system(), To: RefundEntitled},
		{From: VisitPending, Action: ActCancel, Roles: buyer(), To: Cancelled},
		{From: OnSiteRepairing, Action: ActRecordVisit, Roles: merchant(), To: OnSiteRepairing},
		{From: OnSiteRepairing, Action: ActFinishRepair, Roles: merchant(), To: Completed},
		{From: OnSiteRepairing, Action: ActEntitleRefund, Roles: system(), To: RefundEntitled},
		{From: OnSiteRepairing, Action: ActEscalate, Roles: parties(), To: Disputed},
		{From: RefundEntitled, Action: ActConvert, Roles: buyerPl(), To: RefundDue},
		{From: RefundEntitled, Action: ActEscalate, Roles: parties(), To: Disputed},
		{From: Disputed, Action: ActConvert, Roles: platform(), To: RefundDue},
	}, rejectedRows(), disputeRows(Requested, true), refundRows())
}

func onSiteTimeouts() []timeout {
	return append([]timeout{
		{State: Requested, Action: ActMissAgreement},
		{State: VisitScheduled, Action: ActEntitleRefund},
		{State: VisitPending, Action: ActEntitleRefund},
		{State: OnSiteRepairing, Action: ActEntitleRefund},
	}, commonTimeouts()...)
}

// R3.8 local-life vouchers: refund any time while unused and valid, auto refund on
// expiry; both approved by the system, money back within 7 working days.
func voucherRows() []row {
	return concat([]row{
		{From: VoucherValid, Action: ActRedeem, Roles: merchSys(), To: VoucherValid},
		{From: VoucherValid, Action: ActUseUp, Roles: merchSys(), To: UsedUp},
		{From: VoucherValid, Action: ActRequestRefund, Roles: buyer(), To: Refunding},
		{From: VoucherValid, Action: ActExpire, Roles: system(), To: VoucherExpired},
		{From: VoucherExpired, Action: ActAutoRefund, Roles: system(), To: Refunding},
	}, refundRows())
}

func voucherTimeouts() []timeout {
	return []timeout{
		{State: VoucherValid, Action: ActExpire},
		{State: VoucherExpired, Action: ActAutoRefund},
		{State: Refunding, Action: ActMarkOverdue},
	}
}

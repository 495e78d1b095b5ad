package aftersales

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/fsm"
)

// Table is the checked transition table of one case kind.
type Table = fsm.Table[State, Action]

type row = fsm.Transition[State, Action]
type timeout = fsm.Timeout[State, Action]

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

// The tables are immutable after construction (fsm.Table is read-only), so they are
// built once at package load.
var (
	refundOnlyTable   = fsm.MustNew("aftersales.refund_only", refundOnlyRows(), refundOnlyTimeouts()...)
	returnRefundTable = fsm.MustNew("aftersales.return_refund", returnRefundRows(), returnRefundTimeouts()...)
	exchangeTable     = fsm.MustNew("aftersales.exchange", exchangeRows(), exchangeTimeouts()...)
	repairTable       = fsm.MustNew("aftersales.repair", repairRows(), repairTimeouts()...)
	onSiteTable       = fsm.MustNew("aftersales.onsite_repair", onSiteRows(), onSiteTimeouts()...)
	voucherTable      = fsm.MustNew("aftersales.voucher", voucherRows(), voucherTimeouts()...)
)

// TableOf returns the transition table of kind k, or nil for an unknown kind.
func TableOf(k Kind) *Table {
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
		{State: Rejected, Action: ActClose, Label: "7 days (policy)"},
		{State: Refunding, Action: ActMarkOverdue, Label: "7 working days"},
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
	return append([]timeout{{State: Requested, Action: ActApprove, Label: "48h"}}, commonTimeouts()...)
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
		{State: Requested, Action: ActApprove, Label: "48h"},
		{State: AwaitingReturn, Action: ActClose, Label: "10 days"},
		{State: RefundDue, Action: ActApproveRefund, Label: "7 days"},
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
		{From: ReplacementShipped, Action: ActConfirmReceipt, Roles: buyerSys(), To: Completed},
	}, rejectedRows(), disputeRows(AwaitingReturn, true), refundRows())
}

func exchangeTimeouts() []timeout {
	return append([]timeout{
		{State: Requested, Action: ActApprove, Label: "48h"},
		{State: AwaitingReturn, Action: ActClose, Label: "10 days"},
		{State: Inspecting, Action: ActPassInspection, Label: "7 days"},
		{State: ReplacementShipped, Action: ActConfirmReceipt, Label: "10 days"},
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
		{From: RepairedShipped, Action: ActConfirmReceipt, Roles: buyerSys(), To: Completed},
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
		{State: Requested, Action: ActApprove, Label: "48h"},
		{State: AwaitingReturn, Action: ActClose, Label: "10 days"},
		{State: Repairing, Action: ActEntitleRefund, Label: "repair period (30 days)"},
		{State: RepairedShipped, Action: ActConfirmReceipt, Label: "10 days"},
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
		{State: Requested, Action: ActMissAgreement, Label: "3 days"},
		{State: VisitScheduled, Action: ActEntitleRefund, Label: "agreed visit time"},
		{State: VisitPending, Action: ActEntitleRefund, Label: "15 days after the 3-day window"},
		{State: OnSiteRepairing, Action: ActEntitleRefund, Label: "30 days from the first visit"},
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
		{State: VoucherValid, Action: ActExpire, Label: "validity end"},
		{State: VoucherExpired, Action: ActAutoRefund, Label: "24h"},
		{State: Refunding, Action: ActMarkOverdue, Label: "7 working days"},
	}
}

package aftersales

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// Kind is the kind of an after-sales case (R3.1).
type Kind string

// The case kinds of R3.1. A dispute (R3.9) is not a kind of its own: it attaches to
// a case of any kind as the disputed state of that kind's table.
const (
	RefundOnly   Kind = "refund_only"   // 仅退款 (R3.6)
	ReturnRefund Kind = "return_refund" // 退货退款 (R3.6)
	Exchange     Kind = "exchange"      // 换货 (R3.3)
	Repair       Kind = "repair"        // mail-in repair, 维修 (R3.4)
	OnSiteRepair Kind = "onsite_repair" // 上门维修 (R3.5)
	Voucher      Kind = "voucher"       // local-life voucher refunds (R3.8)
)

// Kinds lists every case kind.
func Kinds() []Kind {
	return []Kind{RefundOnly, ReturnRefund, Exchange, Repair, OnSiteRepair, Voucher}
}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	switch k {
	case RefundOnly, ReturnRefund, Exchange, Repair, OnSiteRepair, Voucher:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler; an unknown kind is an error.
func (k Kind) MarshalText() ([]byte, error) {
	return marshalEnum(CodeUnknownKind, "kind", k, k.Valid())
}

// UnmarshalText implements encoding.TextUnmarshaler; an unknown kind is a
// ValidationError with code aftersales.unknown_kind.
func (k *Kind) UnmarshalText(b []byte) error {
	return unmarshalEnum(CodeUnknownKind, "kind", b, k, Kind.Valid)
}

// State is where a case stands in its kind's table. All kinds share one set of
// state names so a converted case (R3.4, R3.5) keeps its state.
type State string

// Case states. Which of them a kind uses is its table's business (see Table and
// DIAGRAMS.md).
const (
	Requested          State = "requested"           // waiting for the merchant's decision
	Rejected           State = "rejected"            // merchant rejected; buyer may resubmit, cancel or escalate
	Disputed           State = "disputed"            // the platform intervenes (R3.9)
	AwaitingReturn     State = "awaiting_return"     // buyer ships the item to the merchant
	Returning          State = "returning"           // item on its way to the merchant
	RefundDue          State = "refund_due"          // merchant has the item back; it refunds
	Refunding          State = "refunding"           // refund handed to the host's gateway
	RefundOverdue      State = "refund_overdue"      // money not back in time; still waiting for the gateway
	Refunded           State = "refunded"            // money back (terminal)
	Inspecting         State = "inspecting"          // exchange: merchant inspects the returned item
	ReplacementPending State = "replacement_pending" // exchange: inspection passed, replacement not shipped yet
	ReplacementShipped State = "replacement_shipped" // exchange: replacement on its way; waits for the buyer's signing (R3.3)
	ReplacementSigned  State = "replacement_signed"  // exchange: buyer signed for the replacement; confirms within 10 days (R3.3)
	Repairing          State = "repairing"           // mail-in: merchant repairs within the period
	RepairedShipped    State = "repaired_shipped"    // mail-in: repaired item on its way back; waits for the buyer's signing
	RepairedSigned     State = "repaired_signed"     // mail-in: buyer signed for the repaired item; confirms in time
	SelfRepair         State = "self_repair"         // buyer repairs it by agreement
	RefundEntitled     State = "refund_entitled"     // repair failed its deadline: buyer may convert to a refund
	VisitPending       State = "visit_pending"       // on-site: no time agreed, merchant must visit
	VisitScheduled     State = "visit_scheduled"     // on-site: visit time agreed
	OnSiteRepairing    State = "onsite_repairing"    // on-site: first visit made, repair under way
	VoucherValid       State = "voucher_valid"       // vouchers within validity
	VoucherExpired     State = "voucher_expired"     // validity ended; refund of unused vouchers to start
	UsedUp             State = "used_up"             // every voucher used (terminal)
	Completed          State = "completed"           // done without a refund (terminal)
	Cancelled          State = "cancelled"           // withdrawn by the buyer (terminal)
	Closed             State = "closed"              // closed by a deadline or a decision for the merchant (terminal)
)

// States lists every state name.
func States() []State {
	return []State{Requested, Rejected, Disputed, AwaitingReturn, Returning, RefundDue, Refunding,
		RefundOverdue, Refunded, Inspecting, ReplacementPending, ReplacementShipped, ReplacementSigned, Repairing,
		RepairedShipped, RepairedSigned, SelfRepair, RefundEntitled, VisitPending, VisitScheduled, OnSiteRepairing,
		VoucherValid, VoucherExpired, UsedUp, Completed, Cancelled, Closed}
}

// Valid reports whether s is a state name.
func (s State) Valid() bool {
	for _, x := range States() {
		if x == s {
			return true
		}
	}
	return false
}

// MarshalText implements encoding.TextMarshaler; an unknown state is an error.
func (s State) MarshalText() ([]byte, error) {
	return marshalEnum(CodeUnknownState, "state", s, s.Valid())
}

// UnmarshalText implements encoding.TextUnmarshaler; an unknown state is a
// ValidationError with code aftersales.unknown_state.
func (s *State) UnmarshalText(b []byte) error {
	return unmarshalEnum(CodeUnknownState, "state", b, s, State.Valid)
}

// Action is a row label of a case table: what a role does to a case.
type Action string

// Case actions.
const (
	ActOpen            Action = "open"
	ActApprove         Action = "approve"
	ActReject          Action = "reject"
	ActResubmit        Action = "resubmit"
	ActCancel          Action = "cancel"
	ActEscalate        Action = "escalate"
	ActDecideForBuyer  Action = "decide_for_buyer"
	ActDecideForMerch  Action = "decide_for_merchant"
	ActDecideRefund    Action = "decide_refund"
	ActAdvance         Action = "advance"
	ActShipBack        Action = "ship_back"
	ActClose           Action = "close"
	ActReceiveReturn   Action = "receive_return"
	ActApproveRefund   Action = "approve_refund"
	ActIssueRefund     Action = "issue_refund"
	ActConfirmRefund   Action = "confirm_refund"
	ActMarkOverdue     Action = "mark_overdue"
	ActPassInspection  Action = "pass_inspection"
	ActShipReplacement Action = "ship_replacement"
	ActSignForDelivery Action = "sign_for_delivery"
	ActConfirmReceipt  Action = "confirm_receipt"
	ActReturnRepaired  Action = "return_repaired"
	ActExtendRepair    Action = "extend_repair"
	ActEntitleRefund   Action = "entitle_refund"
	ActConvert         Action = "convert"
	ActAgreeSelfRepair Action = "agree_self_repair"
	ActSubmitInvoice   Action = "submit_invoice"
	ActScheduleVisit   Action = "schedule_visit"
	ActMissAgreement   Action = "miss_agreement"
	ActRecordVisit     Action = "record_visit"
	ActFinishRepair    Action = "finish_repair"
	ActRedeem          Action = "redeem"
	ActUseUp           Action = "use_up"
	ActRequestRefund   Action = "request_refund"
	ActExpire          Action = "expire"
	ActAutoRefund      Action = "auto_refund"
	ActRate            Action = "rate"
)

// Actions lists every action name.
func Actions() []Action {
	return []Action{ActOpen, ActApprove, ActReject, ActResubmit, ActCancel, ActEscalate, ActDecideForBuyer,
		ActDecideForMerch, ActDecideRefund, ActAdvance, ActShipBack, ActClose, ActReceiveReturn,
		ActApproveRefund, ActIssueRefund, ActConfirmRefund, ActMarkOverdue, ActPassInspection,
		ActShipReplacement, ActSignForDelivery, ActConfirmReceipt, ActReturnRepaired, ActExtendRepair, ActEntitleRefund,
		ActConvert, ActAgreeSelfRepair, ActSubmitInvoice, ActScheduleVisit, ActMissAgreement,
		ActRecordVisit, ActFinishRepair, ActRedeem, ActUseUp, ActRequestRefund, ActExpire, ActAutoRefund,
		ActRate}
}

// Valid reports whether a is an action name.
func (a Action) Valid() bool {
	for _, x := range Actions() {
		if x == a {
			return true
		}
	}
	return false
}

// MarshalText implements encoding.TextMarshaler; an unknown action is an error.
func (a Action) MarshalText() ([]byte, error) {
	return marshalEnum(CodeUnknownAction, "action", a, a.Valid())
}

// UnmarshalText implements encoding.TextUnmarshaler; an unknown action is a
// ValidationError with code aftersales.unknown_action.
func (a *Action) UnmarshalText(b []byte) error {
	return unmarshalEnum(CodeUnknownAction, "action", b, a, Action.Valid)
}

// marshalEnum and unmarshalEnum reject unknown names. The empty name is the zero
// value ("none": a case never converted has ConvertedFrom "", an undecided dispute
// a Decision "") and round-trips, so every snapshot can be stored as JSON; the
// constructors (NewCase, RestoreCase, CheckEligibility) reject it where a value
// is required.
func marshalEnum[T ~string](code, field string, v T, ok bool) ([]byte, error) {
	if !ok && v != "" {
		return nil, shopkit.Invalid(code, field, "unknown "+field+" "+text.Quote(string(v)))
	}
	return []byte(v), nil
}

func unmarshalEnum[T ~string](code, field string, b []byte, dst *T, valid func(T) bool) error {
	v := T(b)
	if v != "" && !valid(v) {
		return shopkit.Invalid(code, field, "unknown "+field+" "+text.Quote(string(b)))
	}
	*dst = v
	return nil
}

package consoleapp

import (
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/messages"
)

// The console's Chinese labels of the states and actions it shows. The
// messages package renders errors and explanations; the names of states and
// actions on a screen are the frontend's own words, so a host can word its
// buttons as its product does. English keeps the machine names.

var zhCase = map[string]string{
	"requested": "待商家处理", "rejected": "商家已拒绝", "disputed": "平台介入中", "awaiting_return": "待买家退货",
	"returning": "退货寄回中", "refund_due": "待商家退款", "refunding": "退款中", "refund_overdue": "退款超时",
	"refunded": "退款成功", "inspecting": "商家验货中", "replacement_pending": "待商家发出换货",
	"replacement_shipped": "换货已发出", "replacement_signed": "换货已签收", "repairing": "维修中",
	"repaired_shipped": "维修完成已寄回", "repaired_signed": "维修件已签收", "self_repair": "买家自行维修",
	"refund_entitled": "可申请退款", "visit_pending": "待预约上门", "visit_scheduled": "已预约上门",
	"onsite_repairing": "上门维修中", "voucher_valid": "券码可用", "voucher_expired": "券码已过期",
	"used_up": "已全部使用", "completed": "售后完成", "cancelled": "已撤销", "closed": "售后关闭",

	"open": "申请售后", "approve": "同意", "reject": "拒绝", "resubmit": "重新提交申请", "cancel": "撤销申请",
	"escalate": "申请平台介入", "decide_for_buyer": "判定支持买家", "decide_for_merchant": "判定支持商家",
	"decide_refund": "判定退款", "advance": "平台先行垫付", "ship_back": "寄回商品", "close": "关闭售后",
	"receive_return": "确认收到退货", "approve_refund": "同意退款", "issue_refund": "发起退款",
	"confirm_refund": "确认退款到账", "mark_overdue": "标记超时", "pass_inspection": "验货通过",
	"ship_replacement": "发出换货", "sign_for_delivery": "签收", "confirm_receipt": "确认收货",
	"return_repaired": "寄回维修件", "extend_repair": "延长维修期限", "entitle_refund": "转为可退款",
	"convert": "转为退款", "agree_self_repair": "同意自行维修", "submit_invoice": "提交维修发票",
	"schedule_visit": "预约上门", "miss_agreement": "未约定上门时间", "record_visit": "登记上门",
	"finish_repair": "完成维修", "redeem": "核销券码", "use_up": "全部核销", "request_refund": "申请退款",
	"expire": "过期", "auto_refund": "自动退款", "rate": "评价售后服务",
}

var zhKind = map[aftersales.Kind]string{
	aftersales.RefundOnly: "仅退款", aftersales.ReturnRefund: "退货退款", aftersales.Exchange: "换货",
	aftersales.Repair: "维修", aftersales.OnSiteRepair: "上门维修", aftersales.Voucher: "券码退款",
}

var zhOrder = map[string]string{
	"pending_payment": "待付款", "paid": "已付款", "confirmed": "待发货", "shipped": "已发货",
	"delivered": "已签收", "completed": "交易成功", "closed": "交易关闭", "refund_requested": "退款中",
	"refunded": "已退款",
}

var zhConversation = map[string]string{
	"open": "待接入", "assigned": "已分配", "in_progress": "处理中", "waiting_customer": "等待客户回复",
	"resolved": "已解决", "closed": "已关闭",
}

func labelIn(lang messages.Lang, zh map[string]string, name string) string {
	if lang == messages.En {
		return name
	}
	if l, ok := zh[name]; ok {
		return l
	}
	return name
}

func caseLabel(lang messages.Lang, name string) string  { return labelIn(lang, zhCase, name) }
func orderLabel(lang messages.Lang, name string) string { return labelIn(lang, zhOrder, name) }
func conversationLabel(lang messages.Lang, name string) string {
	return labelIn(lang, zhConversation, name)
}

func kindLabel(lang messages.Lang, k aftersales.Kind) string {
	if l, ok := zhKind[k]; ok && lang != messages.En {
		return l
	}
	return string(k)
}

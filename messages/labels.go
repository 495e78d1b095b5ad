package messages

import (
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// label is the Chinese label of a state or action name of a workflow ("pkg.name"):
// the workflow's own label where a package has several workflows, else the
// package's; English and a name without a label keep the machine name, which a
// frontend may map itself.
func label(lang Lang, workflow, pkg, name string) string {
	if lang == En {
		return name
	}
	if l, ok := zhWorkflowLabels[workflow][name]; ok {
		return l
	}
	if l, ok := zhLabels[pkg][name]; ok {
		return l
	}
	return name
}

// roleLabel is the label of a role: 买家, 商家, 平台, 系统, 客服 in zh-CN.
func roleLabel(lang Lang, r shopkit.Role) string {
	if lang == En {
		return string(r)
	}
	if l, ok := zhRoles[r]; ok {
		return l
	}
	return string(r)
}

var zhRoles = map[shopkit.Role]string{
	shopkit.Buyer: "买家", shopkit.Merchant: "商家", shopkit.Platform: "平台", shopkit.System: "系统", "agent": "客服",
}

// zhLabels are the states and actions of the workflows a buyer or merchant sees:
// after-sales cases, orders, reviews, merchant applications, support conversations.
// Keys are the package and the name; a state and an action of one package never share a name
// with different meanings.
var zhLabels = map[string]map[string]string{
	// after-sales (R3)
	"aftersales": {
		"requested":           "待商家处理",
		"rejected":            "商家已拒绝",
		"disputed":            "平台介入中",
		"awaiting_return":     "待买家退货",
		"returning":           "退货寄回中",
		"refund_due":          "待商家退款",
		"refunding":           "退款中",
		"refund_overdue":      "退款超时",
		"refunded":            "退款成功",
		"inspecting":          "商家验货中",
		"replacement_pending": "待商家发出换货",
		"replacement_shipped": "换货已发出",
		"replacement_signed":  "换货已签收",
		"repairing":           "维修中",
		"repaired_shipped":    "维修完成已寄回",
		"repaired_signed":     "维修件已签收",
		"self_repair":         "买家自行维修",
		"refund_entitled":     "可申请退款",
		"visit_pending":       "待预约上门",
		"visit_scheduled":     "已预约上门",
		"onsite_repairing":    "上门维修中",
		"voucher_valid":       "券码可用",
		"voucher_expired":     "券码已过期",
		"used_up":             "已全部使用",
		"completed":           "售后完成",
		"cancelled":           "已撤销",
		"closed":              "售后关闭",
		"open":                "申请售后",
		"approve":             "同意申请",
		"reject":              "拒绝申请",
		"resubmit":            "重新提交申请",
		"cancel":              "撤销申请",
		"escalate":            "申请平台介入",
		"decide_for_buyer":    "判定支持买家",
		"decide_for_merchant": "判定支持商家",
		"decide_refund":       "判定退款",
		"advance":             "平台先行垫付",
		"ship_back":           "寄回商品",
		"close":               "关闭售后",
		"receive_return":      "确认收到退货",
		"approve_refund":      "同意退款",
		"issue_refund":        "发起退款",
		"confirm_refund":      "确认退款到账",
		"mark_overdue":        "标记超时",
		"pass_inspection":     "验货通过",
		"ship_replacement":    "发出换货",
		"sign_for_delivery":   "签收",
		"confirm_receipt":     "确认收货",
		"return_repaired":     "寄回维修件",
		"extend_repair":       "延长维修期限",
		"entitle_refund":      "转为可退款",
		"convert":             "转为退款",
		"agree_self_repair":   "同意自行维修",
		"submit_invoice":      "提交维修发票",
		"schedule_visit":      "预约上门",
		"miss_agreement":      "未约定上门时间",
		"record_visit":        "登记上门",
		"finish_repair":       "完成维修",
		"redeem":              "核销券码",
		"use_up":              "全部核销",
		"request_refund":      "申请退款",
		"expire":              "过期",
		"auto_refund":         "自动退款",
		"rate":                "评价售后服务",
	},
	// orders (R2.3)
	"order": {
		"pending_payment":   "待付款",
		"paid":              "已付款",
		"confirmed":         "待发货",
		"shipped":           "已发货",
		"delivered":         "已签收",
		"completed":         "交易成功",
		"closed":            "交易关闭",
		"refund_requested":  "退款中",
		"refunded":          "已退款",
		"place":             "下单",
		"pay":               "付款",
		"confirm":           "确认订单",
		"ship":              "发货",
		"deliver":           "签收",
		"complete":          "确认收货",
		"cancel":            "取消订单",
		"close":             "关闭订单",
		"remind":            "提醒付款",
		"change_address":    "修改收货地址",
		"flag_ship_overdue": "标记发货超时",
		"track":             "更新物流",
		"flag_slow":         "标记物流停滞",
		"mark_lost":         "标记包裹丢失",
		"refund":            "退款",
		"reject_refund":     "拒绝退款",
	},
	// reviews (R2.6)
	"review": {
		"unreviewed": "待评价",
		"reviewed":   "已评价",
		"replied":    "商家已回复",
		"review":     "评价",
		"reply":      "回复评价",
	},
	// merchant applications (R1.1)
	"merchant": {
		"registered":            "已注册",
		"draft":                 "资料填写中",
		"under_review":          "审核中",
		"review_overdue":        "审核超时",
		"active":                "已入驻",
		"rejected":              "审核未通过",
		"withdrawn":             "已撤回",
		"register":              "注册",
		"resend_verification":   "重新发送验证邮件",
		"verify_email":          "验证邮箱",
		"update_profile":        "修改资料",
		"choose_categories":     "选择经营类目",
		"submit":                "提交审核",
		"approve":               "审核通过",
		"reject":                "驳回",
		"mark_overdue":          "标记审核超时",
		"edit":                  "修改申请",
		"withdraw":              "撤回申请",
		"tag_global_purchase":   "标记全球购",
		"untag_global_purchase": "取消全球购标记",
	},
	// support conversations (R6)
	"support": {
		"open":             "待接入",
		"assigned":         "已分配",
		"in_progress":      "处理中",
		"waiting_customer": "等待客户回复",
		"resolved":         "已解决",
		"closed":           "已关闭",
		"message":          "发送消息",
		"assign":           "分配客服",
		"reply":            "回复",
		"await_customer":   "等待客户回复",
		"transfer":         "转接",
		"requeue":          "重新排队",
		"resolve":          "标记已解决",
		"reopen":           "重新打开",
		"close":            "关闭会话",
		"abandon":          "放弃会话",
	},
	// listings (R2.1)
	"catalog": {
		"draft":         "草稿",
		"submitted":     "待审核",
		"manual_review": "人工审核中",
		"approved":      "审核通过",
		"rejected":      "审核未通过",
		"published":     "已上架",
		"unpublished":   "已下架",
		"removed":       "已删除",
		"create":        "创建商品",
		"submit":        "提交审核",
		"approve":       "审核通过",
		"reject":        "驳回",
		"escalate":      "转人工审核",
		"publish":       "上架",
		"unpublish":     "下架",
		"edit":          "编辑商品",
		"revise":        "修改后重新提交",
		"take_down":     "强制下架",
		"remove":        "删除商品",
	},
	// coupons (R2.4)
	"promotion": {
		"issued":  "未使用",
		"used":    "已使用",
		"expired": "已过期",
		"use":     "使用",
		"release": "退回",
		"expire":  "过期",
	},
}

// zhWorkflowLabels are the labels of a package's second workflow where its
// names mean something else than in the first: support's complaints.
var zhWorkflowLabels = map[string]map[string]string{
	support.WorkflowComplaint: {
		"filed":                  "已登记",
		"handling":               "处理中",
		"follow_up":              "待回访",
		"follow_up_overdue":      "回访超时",
		"done":                   "已完结",
		"assign_handler":         "指派处理人",
		"close":                  "结案",
		"mark_follow_up_overdue": "标记回访超时",
		"complete_follow_up":     "完成回访",
	},
}

package messages

import (
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/membership"
)

// textMessages are the templates of the explanations packages return as a
// shopkit.Text, keyed by the packages' Text… constants. {N} is argument N and
// {N|one|other} an English plural by argument N. The en template says exactly
// what the package's English method says where it has one (membership's
// Evaluation.Why and Missing), so a test holds them to each other; after-sales
// refund breakdowns (aftersales.RefundBreakdown) have no English method.
var textMessages = map[string]entry{
	membership.TextWhyNotInSet:     {"{0}：该等级已不在当前会员体系中", "{0}: no longer a tier of the set"},
	membership.TextWhyManualNoTier: {"暂无会员等级：商家手动调整（{0}）", "no tier: set by hand: {0}"},
	membership.TextWhyManual:       {"{0}：商家手动调整（{1}）", "{0}: set by hand: {1}"},
	membership.TextWhyBelowAmount:  {"暂无会员等级：未达到任何等级门槛（已消费{0}）", "no tier: below every threshold ({0} spent)"},
	membership.TextWhyBelowCount:   {"暂无会员等级：未达到任何等级门槛（已下单{0}笔）", "no tier: below every threshold ({0} {0|order|orders})"},
	membership.TextWhyBelowBoth: {"暂无会员等级：未达到任何等级门槛（已消费{0}，下单{1}笔）",
		"no tier: below every threshold ({0} spent, {1} {1|order|orders})"},
	membership.TextWhyNotCrossedAmount: {"暂无会员等级：还没有订单跨过升级门槛（已消费{0}）",
		"no tier: no order has crossed a threshold yet ({0} spent)"},
	membership.TextWhyNotCrossedCount: {"暂无会员等级：还没有订单跨过升级门槛（已下单{0}笔）",
		"no tier: no order has crossed a threshold yet ({0} {0|order|orders})"},
	membership.TextWhyNotCrossedBoth: {"暂无会员等级：还没有订单跨过升级门槛（已消费{0}，下单{1}笔）",
		"no tier: no order has crossed a threshold yet ({0} spent, {1} {1|order|orders})"},
	membership.TextWhyKept: {"{0}：会员等级不会自动降级，继续保留（当前消费{1}，下单{2}笔）",
		"{0}: kept, tiers never go down automatically (now {1}, {2} {2|order|orders})"},
	membership.TextWhyMetAmount: {"{0}：累计消费{1}，已达到{2}", "{0}: {1} spent ≥ {2}"},
	membership.TextWhyMetCount:  {"{0}：累计下单{1}笔，已达到{2}笔", "{0}: {1} {1|order|orders} ≥ {2}"},
	membership.TextWhyMetBoth: {"{0}：累计消费{1}，已达到{2}；累计下单{3}笔，已达到{4}笔",
		"{0}: {1} spent ≥ {2} and {3} {3|order|orders} ≥ {4}"},
	membership.TextMissingTop:      {"已是最高等级", "highest tier reached"},
	membership.TextMissingEither:   {"再消费{0}或再下{1}单即可升级为{2}", "{0} or {1} more {1|order|orders} to {2}"},
	membership.TextMissingBoth:     {"再消费{0}并再下{1}单即可升级为{2}", "{0} and {1} more {1|order|orders} to {2}"},
	membership.TextMissingAmount:   {"再消费{0}即可升级为{1}", "{0} more to {1}"},
	membership.TextMissingCount:    {"再下{0}单即可升级为{1}", "{0} more {0|order|orders} to {1}"},
	aftersales.TextRefundUnits:     {"{0} 退{1}件：{2}", "{0} × {1}: {2}"},
	aftersales.TextRefundMoneyOnly: {"{0} 仅退款：{1}", "{0}, money only: {1}"},
	aftersales.TextRefundShipping:  {"退运费：{0}", "shipping: {0}"},
	aftersales.TextRefundTotal:     {"共退款{0}", "{0} refunded in total"},
	aftersales.TextRefundAdvance:   {"由平台先行垫付", "paid first by the platform"},
	aftersales.TextRefundDue:       {"预计{0}前退回原支付账户", "back to the original payment by {0}"},
	aftersales.TextRefundConfirmed: {"已于{0}退回原支付账户", "back to the original payment on {0}"},
}

package messages

import (
	"maps"
	"slices"

	"github.com/shopkit/shopkit"
)

// codeMessages is the catalogue of error codes: every code a package of the
// module declares, in zh-CN and en, one map per package. The messages are what
// a buyer, a merchant or an operator reads; the details an error carries (the
// field, the state) are added by For.
var codeMessages = merge(kernelMessages, ownMessages, aftersalesMessages, membershipMessages,
	supportMessages, analyticsMessages, catalogMessages, inventoryMessages, merchantMessages,
	orderMessages, promotionMessages, reviewMessages, commissionMessages)

func merge(parts ...map[string]entry) map[string]entry {
	out := map[string]entry{}
	for _, p := range parts {
		maps.Copy(out, p)
	}
	return out
}

func sortedKeys(m map[string]entry) []string {
	return slices.Sorted(maps.Keys(m))
}

var ownMessages = map[string]entry{
	CodeUnknownLang: {"不支持该语言", "This language is not supported"},
}

var kernelMessages = map[string]entry{
	shopkit.CodeAllocateDstLength:      {"分摊结果的行数与权重数不一致", "The allocation has a different number of lines than weights"},
	shopkit.CodeAllocateNegativeWeight: {"分摊权重不能为负数", "An allocation weight is negative"},
	shopkit.CodeAllocateNoWeights:      {"没有可用于分摊的行", "There is nothing to allocate the amount to"},
	shopkit.CodeAllocateZeroWeights:    {"分摊权重合计为0，无法分摊金额", "The allocation weights add up to zero"},
	shopkit.CodeBadTimeout:             {"超时设置有误", "A timeout of the workflow is not valid"},
	shopkit.CodeCurrencyMismatch:       {"金额币种不一致", "The amounts are in different currencies"},
	shopkit.CodeDuplicateTransition:    {"流程中存在重复的状态流转", "The workflow lists a transition twice"},
	shopkit.CodeHolidayMakeupConflict:  {"同一天不能既是节假日又是调休工作日", "A date cannot be both a holiday and a make-up working day"},
	shopkit.CodeInvalidAmount:          {"金额格式有误", "The amount is not valid"},
	shopkit.CodeInvalidCursor:          {"分页参数有误，请从第一页重新加载", "The page cursor is not valid; start again from the first page"},
	shopkit.CodeInvalidDate:            {"日期有误，请按“2026-01-02”的格式填写", "The date is not valid; use the form 2026-01-02"},
	shopkit.CodeInvalidEntry:           {"操作记录数据格式有误", "The audit record in the data is malformed"},
	shopkit.CodeInvalidHours:           {"营业时间设置有误", "The business hours are not valid"},
	shopkit.CodeInvalidInstalments:     {"分期期数有误", "The number of instalments is not valid"},
	shopkit.CodeInvalidLease:           {"处理锁定时长有误", "The lease is not valid"},
	shopkit.CodeInvalidLimit:           {"每页条数超出允许范围", "The page size is out of range"},
	shopkit.CodeInvalidPageCursor:      {"翻页位置无效，请从第一页重新加载", "The page position is not valid; load the list from its first page"},
	shopkit.CodeInvalidLocation:        {"时区设置有误", "The time zone is not valid"},
	shopkit.CodeInvalidMoneyJson:       {"金额数据格式有误", "The amount in the data is malformed"},
	shopkit.CodeInvalidSchedule:        {"规则版本的生效时间设置有误", "The policy versions and their start times are not valid"},
	shopkit.CodeInvalidWeekday:         {"星期设置有误", "The weekday is not valid"},
	shopkit.CodeInvertedHours:          {"营业结束时间须晚于开始时间", "The business hours end before they start"},
	shopkit.CodeMakeupNotRestDay:       {"调休工作日必须是原本的休息日", "A make-up working day must fall on a rest day"},
	shopkit.CodeNoBusinessHours:        {"未设置营业时间", "No business hours are set"},
	shopkit.CodeNoRoles:                {"该操作未指定可执行的角色", "No role may take this action"},
	shopkit.CodeNoVersionInForce:       {"该时间没有生效中的规则版本", "No policy version is in force at that time"},
	shopkit.CodeNoWorkingDays:          {"日历中没有工作日", "The calendar has no working days"},
	shopkit.CodeNotDue:                 {"尚未到处理时间", "It is not due yet"},
	shopkit.CodeNotParty:               {"您不是该订单或记录的相关方，无权操作", "You are not a party to this and may not act on it"},
	shopkit.CodeNotBuilt:               {"对象未正确创建，无法使用", "This value was not built by its constructor"},
	shopkit.CodeNilArgument:            {"缺少必要的参数", "A required argument is missing"},
	shopkit.CodeOverflow:               {"金额超出可处理范围", "The amount is too large to handle"},
	shopkit.CodeOverlappingHours:       {"营业时间段有重叠", "The business hours overlap"},
	shopkit.CodeRateOutOfRange:         {"比例超出允许范围", "The rate is out of range"},
	shopkit.CodeRetry:                  {"系统繁忙，请稍后重试", "The system is busy; please try again"},
	shopkit.CodeUnknownCurrency:        {"不支持该币种", "The currency is not supported"},
	shopkit.CodeUnknownRoundingMode:    {"不支持该舍入方式", "The rounding mode is not supported"},
}

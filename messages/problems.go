package messages

import "strings"

// problemZh translates the most common problem phrases of validation errors
// into Chinese; any other phrase is kept as the library wrote it, after the
// Chinese field detail. A phrase with a value after it ("must be at most 500")
// keeps the value.
func problemZh(p string) string {
	if zh, ok := zhProblems[p]; ok {
		return zh
	}
	for _, pre := range zhProblemPrefixes {
		if rest, ok := strings.CutPrefix(p, pre.en); ok {
			return pre.zh + rest
		}
	}
	return p
}

var zhProblems = map[string]string{
	"is required":                "必填",
	"must not be negative":       "不能为负数",
	"must be greater than zero":  "必须大于0",
	"must not be empty":          "不能为空",
	"must be positive":           "必须大于0",
	"must be at least 1":         "至少为1",
	"is not a line of the order": "不是该订单的商品行",
	"must be between 1 and 5":    "须在1到5之间",
	"must not be in the past":    "不能早于当前时间",
	"must not be in the future":  "不能晚于当前时间",
	"needs at least one line":    "至少需要一行",
	"needs at least one tier":    "至少需要一个等级",
}

var zhProblemPrefixes = []struct{ en, zh string }{
	{"must be at most ", "不能超过"},
	{"must equal the order total ", "须等于订单总额"},
	{"unknown value ", "未知取值"},
	{"is not a known ISO 4217 code: ", "不是有效的ISO 4217币种代码："},
}

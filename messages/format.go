package messages

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// Amount formats m for lang. A CNY amount is ¥12.34 in both languages (-¥0.05
// when negative, no digit grouping, so it reads back as typed). An amount in
// another currency is written with its ISO code in zh-CN (USD 1.00, JPY 1), since
// a Chinese reader takes a bare ¥ or $ for yuan; in en it is Money.String (US$ is
// written $1.00, JPY JP¥1), as the library's English texts print it.
func Amount(lang Lang, m shopkit.Money) string {
	if normal(lang) == ZhCN && m.Currency() != shopkit.CurrencyCNY {
		return m.StringCode()
	}
	return m.String()
}

// Date formats d for lang: 2026年12月4日 in zh-CN, 4 Dec 2026 in en.
func Date(lang Lang, d shopkit.Date) string {
	if normal(lang) == En {
		return strconv.Itoa(d.Day) + " " + d.Month.String()[:3] + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Year) + "年" + strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
}

// Instant formats t as a reader in China sees it: the date and the time of day in
// Asia/Shanghai (R0.3), 2026年12月4日 20:58 in zh-CN, 4 Dec 2026 20:58 CST in en.
// A deadline at midnight is 00:00 of the day it starts.
func Instant(lang Lang, t time.Time) string {
	t = t.In(chinaTime())
	d := shopkit.DateOf(t, nil)
	clock := t.Format("15:04")
	if normal(lang) == En {
		return Date(lang, d) + " " + clock + " CST"
	}
	return Date(lang, d) + " " + clock
}

// chinaTime is Asia/Shanghai (shopkit.DefaultTimeZone) as a fixed zone: China has
// kept UTC+8 without daylight saving since 1991, as the kernel's DefaultCalendar
// notes, so formatting needs no zone database read on every message. A test holds
// it to the loaded zone.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*60*60) }

// Duration formats d for lang in the largest whole unit it is made of: 48小时 /
// 48 h, 90分钟 / 90 min, 30秒 / 30 s; a duration of mixed units lists them, e.g.
// 1小时30分钟 / 1 h 30 min. Durations in days or working days are integers in
// a template ("{0}天", "{0}个工作日"), since a day is not a fixed duration.
func Duration(lang Lang, d time.Duration) string {
	en := normal(lang) == En
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	h, m, s := int64(d/time.Hour), int64(d%time.Hour/time.Minute), d%time.Minute
	parts := 0
	add := func(n int64, zh, enUnit string) {
		if en && parts > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(n, 10))
		if en {
			b.WriteString(" " + enUnit)
		} else {
			b.WriteString(zh)
		}
		parts++
	}
	if h > 0 {
		add(h, "小时", "h")
	}
	if m > 0 {
		add(m, "分钟", "min")
	}
	if s > 0 || parts == 0 {
		secs := strconv.FormatFloat(s.Seconds(), 'f', -1, 64)
		if en && parts > 0 {
			b.WriteByte(' ')
		}
		if en {
			b.WriteString(secs + " s")
		} else {
			b.WriteString(secs + "秒")
		}
	}
	return b.String()
}

// arg formats one template argument for lang.
func arg(lang Lang, v any) string {
	switch v := v.(type) {
	case string:
		return v
	case shopkit.Money:
		return Amount(lang, v)
	case shopkit.Date:
		return Date(lang, v)
	case time.Time:
		return Instant(lang, v)
	case time.Duration:
		return Duration(lang, v)
	case shopkit.Text:
		return Text(lang, v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case uint:
		return strconv.FormatUint(uint64(v), 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case interface{ String() string }:
		return v.String()
	case nil:
		return ""
	}
	return "?"
}

// isOne reports whether v is the integer 1, for a template's singular form.
func isOne(v any) bool {
	switch v := v.(type) {
	case int:
		return v == 1
	case int64:
		return v == 1
	case int32:
		return v == 1
	case uint:
		return v == 1
	case uint64:
		return v == 1
	}
	return false
}

// render fills a template: {N} is argument N formatted for lang, {N|one|other}
// is "one" when argument N is 1 and "other" otherwise (English plurals). A
// reference to a missing argument renders as "".
func render(lang Lang, tpl string, args []any) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		ref := tpl[i+1 : i+j]
		tpl = tpl[i+j+1:]
		idx, forms, plural := strings.Cut(ref, "|")
		n, err := strconv.Atoi(idx)
		if err != nil || n < 0 {
			b.WriteString("{" + ref + "}")
			continue
		}
		var v any
		if n < len(args) {
			v = args[n]
		}
		if !plural {
			b.WriteString(arg(lang, v))
			continue
		}
		one, other, _ := strings.Cut(forms, "|")
		if isOne(v) {
			b.WriteString(one)
		} else {
			b.WriteString(other)
		}
	}
}

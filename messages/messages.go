package messages

import (
	"errors"
	"strings"

	"github.com/shopkit/shopkit"
)

// Lang is a language the catalogue has every message in.
type Lang string

// The languages of the catalogue.
const (
	ZhCN Lang = "zh-CN" // simplified Chinese, as the platform shows it
	En   Lang = "en"    // English
)

// Langs lists the languages of the catalogue.
func Langs() []Lang { return []Lang{ZhCN, En} }

// CodeUnknownLang: a language tag the catalogue has no messages in.
const CodeUnknownLang = "messages.unknown_lang"

// Codes lists every code of the package's errors.
func Codes() []string { return []string{CodeUnknownLang} }

// ParseLang reads a language tag as a frontend gets it (an Accept-Language
// entry, a user setting): "zh", "zh-CN", "zh_Hans", "zh-Hans-CN" are ZhCN, "en"
// and "en-GB" are En, case aside. Traditional Chinese (zh-TW, zh-HK, zh-Hant) and
// other languages are a *shopkit.ValidationError with CodeUnknownLang, so a host
// chooses its own fallback.
func ParseLang(tag string) (Lang, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	base, rest, _ := strings.Cut(t, "-")
	switch base {
	case "en":
		return En, nil
	case "zh":
		switch rest {
		case "", "cn", "hans", "hans-cn", "sg", "hans-sg":
			return ZhCN, nil
		}
	}
	return "", shopkit.Invalid(CodeUnknownLang, "lang", "is not zh-CN or en")
}

// For returns the message of err in lang: the catalogue's message for err's code
// (shopkit.CodeOf), followed by what the error carries — the fields at fault of
// a *shopkit.ValidationError, the state, action or role of a
// *shopkit.TransitionError, with Chinese labels for states, actions and roles
// where the catalogue has them. An error without a known code gets the generic
// message of its kind, never its own text (it may hold a driver's detail). A
// language other than ZhCN and En is treated as ZhCN, the platform's language.
// A nil err has no message.
func For(lang Lang, err error) string {
	if err == nil {
		return ""
	}
	lang = normal(lang)
	code := shopkit.CodeOf(err)
	msg, ok := lookup(lang, code)
	if !ok {
		msg = generic(lang, shopkit.KindName(err))
	}
	var ve *shopkit.ValidationError
	var te *shopkit.TransitionError
	switch {
	case errors.As(err, &ve):
		return msg + problems(lang, ve)
	case errors.As(err, &te):
		return msg + transition(lang, te)
	}
	return msg
}

// Code returns the catalogue's message for a bare code in lang, e.g. the code of
// an error's JSON form; an unknown code gets a generic message. It is For
// without the details an error value carries.
func Code(lang Lang, code string) string {
	lang = normal(lang)
	if msg, ok := lookup(lang, code); ok {
		return msg
	}
	return generic(lang, shopkit.KindInternal)
}

// Has reports whether the catalogue has a message for code in both languages.
func Has(code string) bool {
	e, ok := codeMessages[code]
	return ok && e.zh != "" && e.en != ""
}

// Text renders an explanation in lang: the key's template with its arguments
// formatted for the language (amounts, dates, instants, durations). An unknown
// key renders as the key itself, so a missing template shows rather than hides;
// the zero Text renders as "".
func Text(lang Lang, t shopkit.Text) string {
	if t.Key == "" {
		return ""
	}
	lang = normal(lang)
	e, ok := textMessages[t.Key]
	if !ok {
		return t.Key
	}
	tpl := e.zh
	if lang == En {
		tpl = e.en
	}
	return render(lang, tpl, t.Args)
}

// HasText reports whether the catalogue has templates for key in both languages.
func HasText(key string) bool {
	e, ok := textMessages[key]
	return ok && e.zh != "" && e.en != ""
}

// CatalogueCodes lists every code the catalogue has messages for, sorted.
func CatalogueCodes() []string { return sortedKeys(codeMessages) }

// CatalogueTextKeys lists every explanation key the catalogue has templates for,
// sorted.
func CatalogueTextKeys() []string { return sortedKeys(textMessages) }

// entry is one message in both languages.
type entry struct{ zh, en string }

func normal(lang Lang) Lang {
	if lang == En {
		return En
	}
	return ZhCN
}

func lookup(lang Lang, code string) (string, bool) {
	e, ok := codeMessages[code]
	if !ok || code == "" {
		return "", false
	}
	if lang == En {
		return e.en, e.en != ""
	}
	return e.zh, e.zh != ""
}

// generic is the message of an error whose code the catalogue does not have,
// by kind.
func generic(lang Lang, kind string) string {
	e, ok := kindMessages[kind]
	if !ok {
		e = kindMessages[shopkit.KindInternal]
	}
	if lang == En {
		return e.en
	}
	return e.zh
}

var kindMessages = map[string]entry{
	shopkit.KindNotFound:         {"未找到相关记录", "Not found"},
	shopkit.KindConflict:         {"操作未能完成，与当前情况冲突", "The request conflicts with the current state"},
	shopkit.KindRetry:            {"系统繁忙，请稍后重试", "The system is busy; please try again"},
	shopkit.KindNotAllowed:       {"当前不允许此操作", "This action is not allowed now"},
	shopkit.KindInvalid:          {"填写的信息有误，请检查后重试", "Some of the input is not valid"},
	shopkit.KindOverflow:         {"金额超出可处理范围", "The amount is too large"},
	shopkit.KindCurrencyMismatch: {"币种不一致", "The amounts are in different currencies"},
	shopkit.KindInternal:         {"系统出了点问题，请稍后重试", "Something went wrong; please try again later"},
}

// problems is the detail of a validation error: every field at fault.
func problems(lang Lang, ve *shopkit.ValidationError) string {
	ps := ve.Problems
	if len(ps) == 0 && ve.Field != "" {
		ps = []shopkit.FieldProblem{{Field: ve.Field, Problem: ve.Problem}}
	}
	if len(ps) == 0 {
		return ""
	}
	var b strings.Builder
	if lang == En {
		b.WriteString(" (")
	} else {
		b.WriteString("（")
	}
	for i, p := range ps {
		if i > 0 {
			if lang == En {
				b.WriteString("; ")
			} else {
				b.WriteString("；")
			}
		}
		b.WriteString(p.Field)
		if lang == En {
			b.WriteString(": ")
			b.WriteString(p.Problem)
		} else {
			b.WriteString("：")
			b.WriteString(problemZh(p.Problem))
		}
	}
	if lang == En {
		b.WriteString(")")
	} else {
		b.WriteString("）")
	}
	return b.String()
}

// transition is the detail of a transition error: the state and action, and
// the role when the role is at fault.
func transition(lang Lang, te *shopkit.TransitionError) string {
	pkg, _, _ := strings.Cut(te.Workflow, ".")
	state, action := label(lang, te.Workflow, pkg, te.State), label(lang, te.Workflow, pkg, te.Action)
	if lang == En {
		if te.WrongRole {
			return " (role: " + roleLabel(lang, te.Role) + ", state: " + state + ", action: " + action + ")"
		}
		return " (state: " + state + ", action: " + action + ")"
	}
	if te.WrongRole {
		return "（" + roleLabel(lang, te.Role) + "不能在“" + state + "”状态下" + action + "）"
	}
	return "（当前状态“" + state + "”下不能" + action + "）"
}

package shopkit

// Text is an explanation for a person in a form that does not depend on a
// language: a stable message key and the values its templates fill in, in order.
// Packages that explain something (membership's Evaluation.WhyText) return one;
// the messages package renders it in zh-CN or en, so a frontend shows the same
// explanation in the buyer's language. The zero Text says nothing.
//
// Args hold strings, integers, Money, Date, time.Time (an instant) and
// time.Duration values; the renderer formats each for the language, e.g. an
// amount as ¥12.34 and a date as 2026年12月4日.
type Text struct {
	Key  string `json:"key"`  // stable key, e.g. "membership.why.by_amount"; "" for no text
	Args []any  `json:"args"` // the values the key's templates refer to as {0}, {1}, …
}

// IsZero reports whether t says nothing (it has no key).
func (t Text) IsZero() bool { return t.Key == "" }

package support

import (
	"strconv"
	"strings"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// Severity grades a complaint by emotional intensity and stakes (R6.4).
type Severity int

// The severity levels, lowest first.
const (
	Low Severity = iota + 1
	Medium
	High
)

// String returns "low", "medium" or "high".
func (s Severity) String() string {
	switch s {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "invalid"
}

// Validate rejects a level outside Low..High.
func (s Severity) Validate() error {
	if s < Low || s > High {
		return shopkit.Invalid(CodeInvalidSeverity, "severity", "must be low, medium or high")
	}
	return nil
}

// MarshalText writes the level's name ("low", "medium", "high"), so JSON carries
// names, not numbers, and the zero Severity (not set: the handler of a complaint
// not assigned yet) as ""; any other level is an error.
func (s Severity) MarshalText() ([]byte, error) {
	if s == 0 {
		return []byte{}, nil
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads only a level's name, or "" for the zero Severity
// (CodeInvalidSeverity, field "severity"); on error *s is unchanged.
func (s *Severity) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	for l := Low; l <= High; l++ {
		if string(b) == l.String() {
			*s = l
			return nil
		}
	}
	return shopkit.Invalid(CodeInvalidSeverity, "severity", "must be low, medium or high, not "+text.Quote(string(b)))
}

// Signals are what a complaint's severity is graded from (R6.4).
type Signals struct {
	Text          string        `json:"text"`           // the customer's words
	PriorContacts int           `json:"prior_contacts"` // earlier contacts about the same matter
	OrderValue    shopkit.Money `json:"order_value"`    // the related order's paid amount
}

// SeverityWord raises a complaint that contains Phrase to Level.
type SeverityWord struct {
	Phrase string   `json:"phrase"`
	Level  Severity `json:"level"`
}

// SeverityPolicy maps signals to a level (R6.4): the highest level any signal
// reaches, Low when none does.
type SeverityPolicy struct {
	Words []SeverityWord `json:"words"`
	// RepeatContacts: this many prior contacts or more raise to RepeatLevel.
	RepeatContacts int      `json:"repeat_contacts"`
	RepeatLevel    Severity `json:"repeat_level"`
	// OrderValueAt: an order paid at or above it raises to OrderValueLevel.
	OrderValueAt    shopkit.Money `json:"order_value_at"`
	OrderValueLevel Severity      `json:"order_value_level"`
}

// DefaultSeverityPolicy returns the library's grading: threats to go to the
// regulator or the press, or insults, are High; "complaint" and "bad review"
// Medium; two or more earlier contacts about the same matter (the customer is
// writing for at least the third time) Medium; an order of 1,000 yuan or more
// High.
func DefaultSeverityPolicy() SeverityPolicy {
	return SeverityPolicy{
		Words: []SeverityWord{
			{"12315", High}, {"工商", High}, {"曝光", High}, {"律师", High}, {"骗子", High},
			{"投诉", Medium}, {"差评", Medium}, {"生气", Medium},
		},
		RepeatContacts: 2, RepeatLevel: Medium,
		OrderValueAt: shopkit.CNY(100000), OrderValueLevel: High,
	}
}

// Validate checks that the policy grades something and that every rule raises to
// a valid level: a ValidationError (CodeInvalidSeverityPolicy) names every field
// at fault. The zero SeverityPolicy, which would grade every complaint Low, is
// invalid; DefaultSeverityPolicy is valid.
func (p SeverityPolicy) Validate() error {
	var ps []shopkit.FieldProblem
	add := func(field, problem string) { ps = append(ps, shopkit.FieldProblem{Field: field, Problem: problem}) }
	level := func(field string, l Severity) {
		if l.Validate() != nil {
			add(field, "must be low, medium or high")
		}
	}
	if len(p.Words) == 0 && p.RepeatContacts == 0 && p.OrderValueAt.IsZero() {
		add("words", "a policy needs words, repeat_contacts or order_value_at to grade by")
	}
	for i, w := range p.Words {
		field := "words[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(w.Phrase) == "" {
			add(field+".phrase", "must not be empty")
		}
		level(field+".level", w.Level)
	}
	if p.RepeatContacts < 0 {
		add("repeat_contacts", "must not be negative")
	}
	if p.RepeatContacts > 0 {
		level("repeat_level", p.RepeatLevel)
	}
	if p.OrderValueAt.IsNegative() {
		add("order_value_at", "must not be negative")
	}
	if p.OrderValueAt.IsPositive() {
		level("order_value_level", p.OrderValueLevel)
	}
	return shopkit.Incomplete(CodeInvalidSeverityPolicy, ps)
}

// Grade returns the severity of the signals.
func (p SeverityPolicy) Grade(s Signals) Severity {
	level := Low
	raise := func(l Severity) {
		if l > level {
			level = l
		}
	}
	for _, w := range p.Words {
		if w.Phrase != "" && strings.Contains(s.Text, w.Phrase) {
			raise(w.Level)
		}
	}
	if p.RepeatContacts > 0 && s.PriorContacts >= p.RepeatContacts {
		raise(p.RepeatLevel)
	}
	if p.OrderValueAt.IsPositive() && s.OrderValue.Currency() == p.OrderValueAt.Currency() {
		if c, err := s.OrderValue.Cmp(p.OrderValueAt); err == nil && c >= 0 {
			raise(p.OrderValueLevel)
		}
	}
	if level > High {
		level = High
	}
	return level
}

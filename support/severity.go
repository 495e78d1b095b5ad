package support

import (
	"strings"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
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
		return shopkit.Invalid("support.invalid_severity", "severity", "must be low, medium or high")
	}
	return nil
}

// Signals are what a complaint's severity is graded from (R6.4).
type Signals struct {
	Text          string         // the customer's words
	PriorContacts int            // earlier contacts about the same matter
	OrderValue    commerce.Money // the related order's paid amount
}

// SeverityWord raises a complaint that contains Phrase to Level.
type SeverityWord struct {
	Phrase string
	Level  Severity
}

// SeverityPolicy maps signals to a level (R6.4): the highest level any signal
// reaches, Low when none does.
type SeverityPolicy struct {
	Words []SeverityWord
	// RepeatContacts: this many prior contacts or more raise to RepeatLevel.
	RepeatContacts int
	RepeatLevel    Severity
	// OrderValueAt: an order paid at or above it raises to OrderValueLevel.
	OrderValueAt    commerce.Money
	OrderValueLevel Severity
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
		OrderValueAt: commerce.CNY(100000), OrderValueLevel: High,
	}
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

package support

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// QualityRules are a shop's chat inspection rules over agent messages (聊天质检,
// R6.5).
type QualityRules struct {
	// ForbiddenPhrases must not appear in any agent message.
	ForbiddenPhrases []string `json:"forbidden_phrases"`
	// Greetings: the first agent reply must contain one of them (none: no rule).
	Greetings []string `json:"greetings"`
	// MaxReplyGap is the longest business time allowed between a customer
	// message and the agent's next reply (0: no rule).
	MaxReplyGap time.Duration `json:"max_reply_gap"`
}

// ViolationKind names a broken quality rule.
type ViolationKind string

// The quality violations of R6.5.
const (
	ForbiddenPhrase ViolationKind = "forbidden_phrase"
	MissingGreeting ViolationKind = "missing_greeting"
	SlowReply       ViolationKind = "slow_reply"
)

// Violation is one broken rule in one conversation (R6.5).
type Violation struct {
	Kind         ViolationKind `json:"kind"`
	MessageIndex int           `json:"message_index"` // the agent message at fault
	AgentID      string        `json:"agent_id"`
	At           time.Time     `json:"at,omitzero"`
	Detail       string        `json:"detail"` // the phrase, or the gap
}

// Inspector applies QualityRules; build it once per rule set. It is immutable and
// safe for concurrent use.
type Inspector struct {
	rules     QualityRules
	forbidden *FAQ // one entry per phrase, used as a multi-pattern matcher
	hours     shopkit.BusinessClock
}

// NewInspector compiles the rules. Empty phrases and a negative gap are invalid.
func NewInspector(r QualityRules, hours shopkit.BusinessClock) (*Inspector, error) {
	if r.MaxReplyGap < 0 {
		return nil, shopkit.Invalid(CodeInvalidQualityRules, "max_reply_gap", "must not be negative")
	}
	if r.MaxReplyGap > 0 && hours == nil {
		return nil, shopkit.Invalid(CodeInvalidQualityRules, "hours", "is required for a reply gap rule")
	}
	for _, g := range r.Greetings {
		if strings.TrimSpace(g) == "" {
			return nil, shopkit.Invalid(CodeInvalidQualityRules, "greetings", "must not contain an empty greeting")
		}
	}
	entries := make([]FAQEntry, len(r.ForbiddenPhrases))
	for i, p := range r.ForbiddenPhrases {
		if strings.TrimSpace(p) == "" {
			return nil, shopkit.Invalid(CodeInvalidQualityRules, "forbidden_phrases", "must not contain an empty phrase")
		}
		entries[i] = FAQEntry{ID: "p" + strconv.Itoa(i), Keywords: []string{p}, Answer: p}
	}
	f, err := NewFAQ(entries)
	if err != nil {
		return nil, err
	}
	r.Greetings = append([]string(nil), r.Greetings...)
	return &Inspector{rules: r, forbidden: f, hours: hours}, nil
}

// Inspect returns the violations of a conversation's messages, in message order
// (R6.5). Only agent messages (Role shopkit.Merchant) are judged, against the
// customer's (shopkit.Buyer); gaps are measured in business time.
func (in *Inspector) Inspect(msgs []Message) []Violation {
	var out []Violation
	firstReply := true
	var waitingSince time.Time // first customer message not yet answered
	for i, m := range msgs {
		switch m.Role {
		case shopkit.Buyer:
			if waitingSince.IsZero() {
				waitingSince = m.At
			}
			continue
		case shopkit.Merchant:
		default:
			continue
		}
		if len(in.rules.ForbiddenPhrases) > 0 {
			var seen [8]int32
			hit := seen[:0]
			in.forbidden.scan(m.Content, func(k int32) {
				for _, h := range hit {
					if h == k {
						return
					}
				}
				hit = append(hit, k)
				out = append(out, Violation{Kind: ForbiddenPhrase, MessageIndex: i, AgentID: m.Author, At: m.At,
					Detail: in.rules.ForbiddenPhrases[in.forbidden.kwEntry[k]]})
			})
		}
		if firstReply && len(in.rules.Greetings) > 0 && !containsAny(m.Content, in.rules.Greetings) {
			out = append(out, Violation{Kind: MissingGreeting, MessageIndex: i, AgentID: m.Author, At: m.At})
		}
		firstReply = false
		if !waitingSince.IsZero() && in.rules.MaxReplyGap > 0 {
			if gap := in.hours.BusinessTimeBetween(waitingSince, m.At); gap > in.rules.MaxReplyGap {
				out = append(out, Violation{Kind: SlowReply, MessageIndex: i, AgentID: m.Author, At: m.At, Detail: gap.String()})
			}
		}
		waitingSince = time.Time{}
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

package support

import (
	"slices"

	"github.com/shopkit/shopkit/internal/strictjson"
)

// Strict JSON decoding of the configuration and rules a host supplies (a
// policy file, a shop's settings page): a key that is not a field is a
// ValidationError naming it, and a value of the wrong JSON type one naming its
// field, so a misspelt setting never leaves a zero value in force silently.
// Fields the JSON does not name keep their value, so a host may overlay its
// settings on DefaultPolicy or DefaultSeverityPolicy. Decoding does not
// validate: a policy is validated where it is used (NewService,
// NewConversation, NewInspector …).

// UnmarshalJSON decodes a policy strictly (CodeInvalidPolicy). Durations are
// ISO 8601 ("PT24H"; docs/json.md); Hours is not
// part of the JSON form.
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy
	v := plain(p.clone()) // decoding into a map adds to it: leave the caller's alone
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = Policy(v)
	return nil
}

// UnmarshalJSON decodes a severity policy strictly
// (CodeInvalidSeverityPolicy); levels are names ("high").
func (p *SeverityPolicy) UnmarshalJSON(data []byte) error {
	type plain SeverityPolicy
	v := plain(*p)
	v.Words = slices.Clone(p.Words) // decoding reuses a slice's array: leave the caller's alone
	if err := strictjson.Decode(data, &v, CodeInvalidSeverityPolicy); err != nil {
		return err
	}
	*p = SeverityPolicy(v)
	return nil
}

// UnmarshalJSON decodes quality rules strictly (CodeInvalidQualityRules).
func (r *QualityRules) UnmarshalJSON(data []byte) error {
	type plain QualityRules
	v := plain{ForbiddenPhrases: slices.Clone(r.ForbiddenPhrases), Greetings: slices.Clone(r.Greetings), MaxReplyGap: r.MaxReplyGap}
	if err := strictjson.Decode(data, &v, CodeInvalidQualityRules); err != nil {
		return err
	}
	*r = QualityRules(v)
	return nil
}

// UnmarshalJSON decodes an agent's configuration strictly (CodeInvalidAgent);
// skill groups must be well-formed names.
func (a *AgentConfig) UnmarshalJSON(data []byte) error {
	type plain AgentConfig
	v := plain{ID: a.ID, Shops: slices.Clone(a.Shops), Groups: slices.Clone(a.Groups), Capacity: a.Capacity}
	if err := strictjson.Decode(data, &v, CodeInvalidAgent); err != nil {
		return err
	}
	*a = AgentConfig(v)
	return nil
}

// UnmarshalJSON decodes an FAQ entry strictly (CodeInvalidFAQ); NewFAQ
// validates the entries.
func (e *FAQEntry) UnmarshalJSON(data []byte) error {
	type plain FAQEntry
	v := plain{ID: e.ID, Keywords: slices.Clone(e.Keywords), Answer: e.Answer, Topic: e.Topic}
	if err := strictjson.Decode(data, &v, CodeInvalidFAQ); err != nil {
		return err
	}
	*e = FAQEntry(v)
	return nil
}

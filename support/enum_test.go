package support_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The string enumerations keep their error codes on the shared strict codec:
// an unknown value is a ValidationError and the target is left unchanged.
func TestEnumCodecCodes_R6_1(t *testing.T) {
	phase, state, cstate := support.InSale, support.Assigned, support.FollowUp
	for _, tc := range []struct {
		name string
		dst  any
		code string
		keep any
	}{
		{"phase", &phase, support.CodeInvalidPhase, support.InSale},
		{"state", &state, support.CodeInvalidState, support.Assigned},
		{"complaint state", &cstate, support.CodeInvalidState, support.FollowUp},
	} {
		err := json.Unmarshal([]byte(`"nope"`), tc.dst)
		require.ErrorIs(t, err, shopkit.ErrInvalid, tc.name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), tc.name)
		assert.Equal(t, tc.keep, reflectElem(tc.dst), tc.name)
	}
	b, err := json.Marshal(support.WaitingCustomer)
	require.NoError(t, err)
	assert.Equal(t, `"waiting_customer"`, string(b))
	_, err = json.Marshal(support.Phase("during"))
	assert.Equal(t, support.CodeInvalidPhase, shopkit.CodeOf(err))
	assert.Equal(t, support.CodeInvalidStatus, shopkit.CodeOf(support.AgentStatus("sleeping").Validate()))
	assert.NoError(t, support.Busy.Validate())
}

func reflectElem(p any) any {
	switch v := p.(type) {
	case *support.Phase:
		return *v
	case *support.State:
		return *v
	case *support.ComplaintState:
		return *v
	}
	return nil
}

// R0: every code is declared once, in the package's own namespace.
func TestCodesAreDeclaredOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range support.Codes() {
		assert.False(t, seen[c], "%s listed twice", c)
		seen[c] = true
		assert.Regexp(t, `^support\.[a-z_]+$`, c)
	}
	assert.True(t, seen[support.CodeWrongState] && seen[support.CodeWrongRole])
}

// fieldOf returns the field a validation error names.
func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.NotEmpty(t, ve.Problems)
	return ve.Problems[0].Field
}

// R6.1, R6.2: channel, skill group and topic decode strictly — a malformed name
// is a ValidationError naming the field, and the target keeps its value; they
// no longer take any string. The empty group and topic mean "not given".
func TestNamesDecodeStrictly_R6_1(t *testing.T) {
	for _, tc := range []struct {
		name, json  string
		dst         any
		code, field string
	}{
		{"upper-case channel", `"WEB"`, new(support.Channel), support.CodeInvalidChannel, "channel"},
		{"empty channel", `""`, new(support.Channel), support.CodeInvalidChannel, "channel"},
		{"channel with a space", `"web chat"`, new(support.Channel), support.CodeInvalidChannel, "channel"},
		{"33-character channel", `"` + strings.Repeat("a", 33) + `"`, new(support.Channel), support.CodeInvalidChannel, "channel"},
		{"group with a dash", `"pre-sale"`, new(support.SkillGroup), support.CodeInvalidGroup, "group"},
		{"group in Chinese", `"售前"`, new(support.SkillGroup), support.CodeInvalidGroup, "group"},
		{"topic with a space", `"bad review"`, new(support.Topic), support.CodeInvalidTopic, "topic"},
		{"upper-case topic", `"Size"`, new(support.Topic), support.CodeInvalidTopic, "topic"},
		{"65-character topic", `"` + strings.Repeat("物", 65) + `"`, new(support.Topic), support.CodeInvalidTopic, "topic"},
		{"topic with a newline", `"size\n"`, new(support.Topic), support.CodeInvalidTopic, "topic"},
	} {
		err := json.Unmarshal([]byte(tc.json), tc.dst)
		require.ErrorIs(t, err, shopkit.ErrInvalid, tc.name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), tc.name)
		assert.Equal(t, tc.field, fieldOf(t, err), tc.name)
	}
	ch, g, topic := support.WebChat, support.SkillGroup("returns"), support.Topic("size")
	require.Error(t, json.Unmarshal([]byte(`"Douyin"`), &ch))
	require.Error(t, json.Unmarshal([]byte(`"x y"`), &g))
	require.Error(t, json.Unmarshal([]byte(`"X"`), &topic))
	assert.Equal(t, []any{support.WebChat, support.SkillGroup("returns"), support.Topic("size")}, []any{ch, g, topic}, "unchanged on error")

	require.NoError(t, json.Unmarshal([]byte(`"douyin"`), &ch), "the channel list is open")
	require.NoError(t, json.Unmarshal([]byte(`"after_sale"`), &g))
	require.NoError(t, json.Unmarshal([]byte(`"物流"`), &topic), "a topic may be Chinese")
	assert.Equal(t, []any{support.Channel("douyin"), support.SkillGroup("after_sale"), support.Topic("物流")}, []any{ch, g, topic})
	require.NoError(t, json.Unmarshal([]byte(`""`), &g))
	require.NoError(t, json.Unmarshal([]byte(`""`), &topic))
	assert.Equal(t, []any{support.SkillGroup(""), support.Topic("")}, []any{g, topic})

	// Inside an inquiry a frontend sends, the error names the field.
	var in support.Inquiry
	err := json.Unmarshal([]byte(`{"channel":"app","phase":"pre_sale","group":"VIP desk"}`), &in)
	assert.Equal(t, support.CodeInvalidGroup, shopkit.CodeOf(err))
	assert.Equal(t, "group", fieldOf(t, err))
	_, err = json.Marshal(support.Summary{Text: "x", Topic: "Bad Topic"})
	assert.Equal(t, support.CodeInvalidTopic, shopkit.CodeOf(err), "nor is a malformed topic written")

	// The same names are checked where they come in through Go.
	bad := inquiry("在吗")
	bad.Topic = "Size?"
	_, err = support.NewConversation(bad, support.DefaultPolicy(), at(23, 10, 0, 0))
	assert.Equal(t, support.CodeInvalidInquiry, shopkit.CodeOf(err))
	assert.Equal(t, "topic", fieldOf(t, err))
	c := working(t, support.DefaultPolicy(), at(23, 10, 0, 0), at(23, 10, 1, 0))
	assert.Equal(t, support.CodeInvalidTopic, shopkit.CodeOf(c.Resolve(agent1, at(23, 10, 2, 0), support.Summary{Text: "ok", Topic: "Size"})))
	assert.Equal(t, support.CodeInvalidGroup, shopkit.CodeOf(c.Requeue(agent1, at(23, 10, 2, 0), "After Sale", "", "")))
	_, err = support.NewFAQ([]support.FAQEntry{{ID: "ship", Keywords: []string{"发货"}, Answer: "48h", Topic: "Shipping Time"}})
	assert.Equal(t, support.CodeInvalidFAQ, shopkit.CodeOf(err))
	r, err := support.NewRouter(uuid.New(), support.RoundRobin)
	require.NoError(t, err)
	err = r.AddAgent(support.AgentConfig{ID: "a", Shops: []uuid.UUID{shop1}, Groups: []support.SkillGroup{"pre_sale", ""}, Capacity: 1})
	assert.Equal(t, support.CodeInvalidAgent, shopkit.CodeOf(err))
	assert.Equal(t, "groups[1]", fieldOf(t, err))
}

// R0.5 (strict decoding): the other enumerations a host or frontend sends in —
// severity (by name), strategy, agent status, compensation kind — decode only
// their names.
func TestEnumsDecodeOnlyTheirNames(t *testing.T) {
	var sev support.Severity
	require.NoError(t, json.Unmarshal([]byte(`"medium"`), &sev))
	assert.Equal(t, support.Medium, sev)
	b, err := json.Marshal(support.Handler{ID: "a", Level: support.High})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"a","level":"high"}`, string(b), "a level is written by name")
	b, err = json.Marshal(support.Handler{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"","level":""}`, string(b), "no handler yet")
	for _, tc := range []struct {
		json, code string
		dst        any
	}{
		{`"extreme"`, support.CodeInvalidSeverity, &sev},
		{`2`, "", &sev},
		{`"fastest"`, support.CodeInvalidStrategy, new(support.Strategy)},
		{`"asleep"`, support.CodeInvalidStatus, new(support.AgentStatus)},
		{`"cash"`, support.CodeInvalidCompensation, new(support.CompensationKind)},
	} {
		err := json.Unmarshal([]byte(tc.json), tc.dst)
		require.Error(t, err, tc.json)
		if tc.code != "" {
			assert.Equal(t, tc.code, shopkit.CodeOf(err), tc.json)
		}
	}
	assert.Equal(t, support.Medium, sev, "unchanged on error")
	var k support.CompensationKind
	require.NoError(t, json.Unmarshal([]byte(`""`), &k), "no compensation yet")
	require.NoError(t, json.Unmarshal([]byte(`"apology_letter"`), &k))
	assert.Equal(t, support.ApologyLetter, k)
	var st support.AgentStatus
	require.NoError(t, json.Unmarshal([]byte(`"away"`), &st))
	assert.Equal(t, support.Away, st)
}

// R6.2–R6.5 (strict decoding): the configuration a host sends in — the policy,
// the severity policy, quality rules, agents, FAQ entries — rejects an unknown
// key, naming it, and a value of the wrong type; the keys the JSON leaves out
// keep their value, so a host overlays its settings on the defaults.
func TestConfigDecodesStrictly(t *testing.T) {
	p := support.DefaultPolicy()
	require.NoError(t, json.Unmarshal([]byte(`{"reopen_window": "PT2H"}`), &p))
	assert.Equal(t, 2*time.Hour, p.ReopenWindow)
	assert.Equal(t, support.DefaultPolicy().SLA, p.SLA, "the other settings keep the defaults")
	assert.NotNil(t, p.Hours)
	for name, tc := range map[string]struct {
		json        string
		dst         any
		code, field string
	}{
		"misspelt policy key":     {`{"reopen_windw": 1}`, &p, support.CodeInvalidPolicy, "reopen_windw"},
		"calendar in JSON":        {`{"hours": {}}`, &p, support.CodeInvalidPolicy, "hours"},
		"duration as text":        {`{"customer_silence": "24h"}`, &p, support.CodeInvalidPolicy, "customer_silence"},
		"nested SLA key":          {`{"sla": {"first_responce": 1}}`, &p, support.CodeInvalidPolicy, "first_responce"},
		"severity policy key":     {`{"repeat_contact": 3}`, new(support.SeverityPolicy), support.CodeInvalidSeverityPolicy, "repeat_contact"},
		"severity word level":     {`{"words": [{"phrase": "x", "level": "extreme"}]}`, new(support.SeverityPolicy), support.CodeInvalidSeverity, "severity"},
		"quality rules key":       {`{"max_gap": 5}`, new(support.QualityRules), support.CodeInvalidQualityRules, "max_gap"},
		"agent key":               {`{"id": "a", "capacty": 3}`, new(support.AgentConfig), support.CodeInvalidAgent, "capacty"},
		"agent group":             {`{"groups": ["Pre Sale"]}`, new(support.AgentConfig), support.CodeInvalidGroup, "group"},
		"FAQ key":                 {`{"id": "ship", "keyword": ["发货"]}`, new(support.FAQEntry), support.CodeInvalidFAQ, "keyword"},
		"FAQ topic":               {`{"id": "ship", "topic": "Ship Time"}`, new(support.FAQEntry), support.CodeInvalidTopic, "topic"},
		"group of the wrong type": {`{"groups": [1]}`, new(support.AgentConfig), support.CodeInvalidAgent, "groups"},
	} {
		err := json.Unmarshal([]byte(tc.json), tc.dst)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, tc.code, shopkit.CodeOf(err), name)
		assert.Equal(t, tc.field, fieldOf(t, err), name)
	}
	assert.Equal(t, 2*time.Hour, p.ReopenWindow, "a refused overlay leaves the policy as it was")

	sp := support.DefaultSeverityPolicy()
	words := sp.Words
	require.NoError(t, json.Unmarshal([]byte(`{"words": [{"phrase": "退货", "level": "high"}]}`), &sp))
	assert.Equal(t, []support.SeverityWord{{Phrase: "退货", Level: support.High}}, sp.Words)
	assert.Equal(t, support.DefaultSeverityPolicy().Words, words, "the caller's slice is not written through")
	assert.Equal(t, support.DefaultSeverityPolicy().RepeatContacts, sp.RepeatContacts)
}

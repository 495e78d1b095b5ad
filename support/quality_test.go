package support_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func msg(role string, t time.Time, content string) support.Message {
	r := shopkit.Buyer
	author := "buyer-a"
	if role == "agent" {
		r, author = shopkit.Merchant, "agent-1"
	}
	return support.Message{At: t, Role: r, Author: author, Content: content}
}

// R6.5: forbidden phrases, a greeting in the first reply, and the maximum reply
// gap in business time (a gap across closed hours counts only open time; exactly
// the maximum is allowed, 1 s more is a violation).
func TestQualityInspection_R6_5(t *testing.T) {
	in, err := support.NewInspector(support.QualityRules{
		ForbiddenPhrases: []string{"不知道", "滚"},
		Greetings:        []string{"您好", "亲"},
		MaxReplyGap:      2 * time.Minute,
	}, support.DefaultPolicy().Hours)
	require.NoError(t, err)

	msgs := []support.Message{
		msg("customer", at(23, 10, 0, 0), "在吗"),
		msg("agent", at(23, 10, 2, 0), "在的，请说"), // no greeting; gap exactly 2 min
		msg("customer", at(23, 10, 3, 0), "什么时候到"),
		msg("customer", at(23, 10, 4, 0), "？？"),
		msg("agent", at(23, 10, 5, 1), "不知道"), // gap 2m1s from the first unanswered; forbidden
		msg("customer", at(23, 23, 59, 0), "人呢"),
		msg("agent", at(24, 9, 1, 0), "亲，早上好"), // 1 min before midnight + 1 min after 09:00 = 2 min: fine
	}
	v := in.Inspect(msgs)
	type got struct {
		kind support.ViolationKind
		idx  int
	}
	var gs []got
	for _, x := range v {
		gs = append(gs, got{x.Kind, x.MessageIndex})
	}
	assert.Equal(t, []got{{support.MissingGreeting, 1}, {support.ForbiddenPhrase, 4}, {support.SlowReply, 4}}, gs)
	assert.Equal(t, "不知道", v[1].Detail)
	assert.Equal(t, "agent-1", v[0].AgentID)

	_, err = support.NewInspector(support.QualityRules{ForbiddenPhrases: []string{" "}}, nil)
	assert.Equal(t, support.CodeInvalidQualityRules, shopkit.CodeOf(err))
	_, err = support.NewInspector(support.QualityRules{MaxReplyGap: time.Minute}, nil)
	assert.Equal(t, support.CodeInvalidQualityRules, shopkit.CodeOf(err))
}

// Canned replies: short codes are validated.
func TestCannedReplyValidate(t *testing.T) {
	assert.NoError(t, support.CannedReply{ShopID: shop1, Code: "/发货", Text: "48小时内发货"}.Validate())
	for _, r := range []support.CannedReply{
		{ShopID: shop1, Code: "", Text: "x"},
		{ShopID: shop1, Code: "a b", Text: "x"},
		{ShopID: shop1, Code: "/ok", Text: " "},
		{Code: "/ok", Text: "x"},
	} {
		assert.Equal(t, support.CodeInvalidCannedReply, shopkit.CodeOf(r.Validate()), r.Code)
	}
}

// R6.5: the reply gap is measured in business time and exactly the maximum is
// allowed; 1 ns more is a slow reply. Across closed hours only open time counts.
func TestQualityReplyGapEdge_R6_5(t *testing.T) {
	in, err := support.NewInspector(support.QualityRules{MaxReplyGap: 2 * time.Minute}, support.DefaultPolicy().Hours)
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		asked, replied time.Time
		slow           bool
	}{
		"exactly 2 min":      {at(23, 10, 0, 0), at(23, 10, 2, 0), false},
		"2 min + 1 ns":       {at(23, 10, 0, 0), at(23, 10, 2, 0).Add(time.Nanosecond), true},
		"23:59 to 09:01":     {at(23, 23, 59, 0), at(24, 9, 1, 0), false},
		"23:59 to 09:01+1ns": {at(23, 23, 59, 0), at(24, 9, 1, 0).Add(time.Nanosecond), true},
	} {
		v := in.Inspect([]support.Message{msg("customer", tc.asked, "在吗"), msg("agent", tc.replied, "在的")})
		if tc.slow {
			require.Len(t, v, 1, name)
			assert.Equal(t, support.SlowReply, v[0].Kind, name)
		} else {
			assert.Empty(t, v, name)
		}
	}
}

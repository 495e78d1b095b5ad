package support_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func shopFAQ(t testing.TB) *support.FAQ {
	f, err := support.NewFAQ([]support.FAQEntry{
		{ID: "shipping", Keywords: []string{"发货", "什么时候发", "ship"}, Answer: "付款后48小时内发货。", Topic: "shipping"},
		{ID: "invoice", Keywords: []string{"发票"}, Answer: "可以开电子发票。", Topic: "invoice"},
		{ID: "return", Keywords: []string{"退货", "七天无理由"}, Answer: "支持七天无理由退货。", Topic: "return"},
	})
	require.NoError(t, err)
	return f
}

// R6.2: FAQ matching by keyword substrings works on Chinese text without word
// segmentation; the entry with the most keywords found wins; no keyword → a
// human.
func TestFAQClassify_R6_2(t *testing.T) {
	f := shopFAQ(t)
	for msg, want := range map[string]string{
		"你好，请问什么时候发货呀？":       "shipping", // two keywords of one entry
		"能开发票吗":               "invoice",
		"发票和发货":               "shipping", // one keyword each, equal length: the earlier entry
		"想退货，支持七天无理由吗":        "return",
		"When will you SHIP?": "shipping", // ASCII is case-insensitive
		"这个颜色好看吗":             "",
		"":                    "",
	} {
		e, ok := f.Classify(t.Context(), msg)
		if want == "" {
			assert.False(t, ok, msg)
			continue
		}
		require.True(t, ok, msg)
		assert.Equal(t, want, e.ID, msg)
	}
	_, err := support.NewFAQ([]support.FAQEntry{{ID: "a", Keywords: []string{""}, Answer: "x"}})
	assert.Equal(t, support.CodeInvalidFAQ, shopkit.CodeOf(err))
	_, err = support.NewFAQ([]support.FAQEntry{{ID: "a", Keywords: []string{"x"}, Answer: "x"}, {ID: "a", Keywords: []string{"y"}, Answer: "y"}})
	assert.Equal(t, support.CodeInvalidFAQ, shopkit.CodeOf(err))
}

// R6.2: overlapping keywords are all found (the automaton follows suffix links).
func TestFAQOverlappingKeywords_R6_2(t *testing.T) {
	f, err := support.NewFAQ([]support.FAQEntry{
		{ID: "long", Keywords: []string{"abcd"}, Answer: "1"},
		{ID: "inner", Keywords: []string{"bc", "c"}, Answer: "2"},
	})
	require.NoError(t, err)
	e, ok := f.Classify(t.Context(), "xabcdx")
	require.True(t, ok)
	assert.Equal(t, "inner", e.ID, "two keywords of inner beat one of long")
	e, _ = f.Classify(t.Context(), "xabcx")
	assert.Equal(t, "inner", e.ID)
}

// R6.2: the Service answers a common question from the FAQ and resolves it
// without an agent; anything else waits for a human.
func TestServiceAnswersFAQ_R6_2(t *testing.T) {
	svc, _ := newServiceWith(t, func(cfg *support.ServiceConfig) { cfg.Classifier = shopFAQ(t) },
		support.LeastLoaded, agentCfg("agent-1", 1))
	ctx := context.Background()
	c, err := svc.Open(ctx, inquiry("亲，什么时候发货"))
	require.NoError(t, err)
	assert.Equal(t, support.Resolved, c.State())
	assert.Equal(t, support.Topic("shipping"), c.Topic())
	msgs := c.Messages()
	require.Len(t, msgs, 2)
	assert.Equal(t, "shipping", msgs[1].FAQ)
	assert.True(t, strings.Contains(msgs[1].Content, "48小时"))
	assert.Zero(t, svc.Router(t).Waiting(shop1, "pre_sale"))

	c, err = svc.Open(ctx, inquiry("我的快递好像丢了"))
	require.NoError(t, err)
	assert.Equal(t, support.Open, c.State())
	assert.Equal(t, 1, svc.Router(t).Waiting(shop1, "pre_sale"))
}

// R6.2: Classify returns a copy: changing its keywords changes neither the
// matcher nor the next answer. Match finds the same entry by index without
// allocating.
func TestFAQClassifyReturnsCopy_R6_2(t *testing.T) {
	f := shopFAQ(t)
	e, ok := f.Classify(t.Context(), "什么时候发货")
	require.True(t, ok)
	e.Keywords[0] = "颜色"
	e.Keywords = append(e.Keywords, "尺码")

	again, ok := f.Classify(t.Context(), "什么时候发货")
	require.True(t, ok)
	assert.Equal(t, []string{"发货", "什么时候发", "ship"}, again.Keywords)
	_, ok = f.Classify(t.Context(), "这个颜色好看吗")
	assert.False(t, ok, "the matcher did not learn the caller's keyword")

	i, ok := f.Match("什么时候发货")
	require.True(t, ok)
	byIndex, ok := f.Entry(i)
	require.True(t, ok)
	assert.Equal(t, again, byIndex)
	_, ok = f.Entry(f.Len())
	assert.False(t, ok)
	_, ok = f.Entry(-1)
	assert.False(t, ok)
	assert.Zero(t, testing.AllocsPerRun(100, func() { f.Match("什么时候发货") }))
}

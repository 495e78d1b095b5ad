package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.1: the banned-words checker works on Chinese text (no spaces between words)
// by substring, Latin case-insensitively, and reports which words matched.
func TestBannedWordsR2_1(t *testing.T) {
	b, err := catalog.NewBannedWordsChecker([]string{"最好", "假货", "第一", "国家级", "FAKE", "高仿", "仿"})
	require.NoError(t, err)
	cases := []struct {
		text string
		want []string
	}{
		{"这是最好的产品，绝非假货", []string{"最好", "假货"}},
		{"最好最好最好", []string{"最好"}},
		{"销量第一的国家级品牌", []string{"第一", "国家级"}},
		{"not a Fake bag", []string{"FAKE"}},
		{"ｆａｋｅ (full width)", []string{"FAKE"}},
		{"高仿包", []string{"仿", "高仿"}}, // both end at 仿: the longer word is reported after the shorter
		{"手工编织的羊毛围巾", nil},
		{"最 好", nil},
		{"", nil},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got := b.Match(c.text)
			assert.ElementsMatch(t, c.want, got)
			assert.Equal(t, len(c.want) > 0, b.Contains(c.text))
		})
	}
	findings, err := b.Check(context.Background(), catalog.ListingContent{Name: "最好的围巾", Description: "不是假货，也不是最好"})
	require.NoError(t, err)
	require.Len(t, findings, 3)
	assert.Equal(t, catalog.Finding{Code: catalog.CodeBannedWord, Field: "name", Detail: `name contains banned word "最好"`}, findings[0])
	assert.Equal(t, "description", findings[1].Field)
	assert.Contains(t, findings[1].Detail, "假货")
	assert.Contains(t, findings[2].Detail, "最好")
}

// Overlapping words and failure links: every word is found wherever it ends.
func TestBannedWordsOverlaps(t *testing.T) {
	b, err := catalog.NewBannedWordsChecker([]string{"he", "she", "his", "hers", "Hers"})
	require.NoError(t, err)
	assert.Equal(t, 4, b.Len()) // "Hers" folds to "hers"
	assert.Equal(t, []string{"she", "he", "hers"}, b.Match("ushers"))
	assert.Equal(t, []string{"his"}, b.Match("ahishe"[:4]))
	_, err = catalog.NewBannedWordsChecker([]string{"ok", " "})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	empty, err := catalog.NewBannedWordsChecker(nil)
	require.NoError(t, err)
	assert.Nil(t, empty.Match("anything"))
}

// The automaton agrees with a naive substring search on random text.
func TestBannedWordsMatchesNaive(t *testing.T) {
	alphabet := []rune("最好假货第一ab")
	words := []string{"最好", "好假", "假货第一", "a", "ab", "ba", "一a", "第一ab"}
	b, err := catalog.NewBannedWordsChecker(words)
	require.NoError(t, err)
	seed := uint32(7)
	next := func() int { seed = seed*1664525 + 1013904223; return int(seed >> 16) }
	for range 500 {
		n := next() % 12
		var sb strings.Builder
		for range n {
			sb.WriteRune(alphabet[next()%len(alphabet)])
		}
		text := sb.String()
		var want []string
		for _, w := range words {
			if strings.Contains(text, w) {
				want = append(want, w)
			}
		}
		assert.ElementsMatch(t, want, b.Match(text), text)
	}
}

func ExampleBannedWordsChecker() {
	checker, _ := catalog.NewBannedWordsChecker([]string{"最好", "假货", "FAKE"})
	fmt.Println(checker.Match("全网最好的包，绝非假货 (not fake)"))
	findings, _ := checker.Check(context.Background(), catalog.ListingContent{Name: "最好的围巾"})
	for _, f := range findings {
		fmt.Println(f.Code, f.Field, f.Detail)
	}
	// Output:
	// [最好 假货 FAKE]
	// catalog.banned_word name name contains banned word "最好"
}

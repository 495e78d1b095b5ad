package text_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopkit/shopkit/internal/text"
	"github.com/stretchr/testify/assert"
)

func TestQuote(t *testing.T) {
	assert.Equal(t, `"abc"`, text.Quote("abc"))
	exact := strings.Repeat("茶", text.MaxQuoted)
	assert.Equal(t, `"`+exact+`"`, text.Quote(exact), "exactly MaxQuoted runes are shown whole")
	long := exact + "叶"
	got := text.Quote(long)
	assert.Equal(t, `"`+exact+`"…`, got, "cut after MaxQuoted runes, never inside a character")
	assert.True(t, utf8.ValidString(got))
	assert.Equal(t, `"a\nb"`, text.Quote("a\nb"), "control characters are escaped")
	assert.Equal(t, `"\xff"`, text.Quote("\xff"), "invalid UTF-8 is escaped")
}

func FuzzQuote(f *testing.F) {
	f.Add("茶叶")
	f.Add(strings.Repeat("é", 50))
	f.Fuzz(func(t *testing.T, s string) {
		q := text.Quote(s)
		if !utf8.ValidString(q) {
			t.Fatalf("Quote(%q) = %q is not valid UTF-8", s, q)
		}
		if utf8.RuneCountInString(s) <= text.MaxQuoted && strings.HasSuffix(q, "…") {
			t.Fatalf("Quote(%q) cut a short value", s)
		}
	})
}

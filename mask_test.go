package shopkit_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
)

// R0.5: personal data is masked in printed forms; the helpers work on runes, so
// Chinese text is never cut inside a character, and short values keep at most a
// quarter at each end.
func TestMasking_R0_5(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"phone", shopkit.MaskPhone, "13812345678", "138****5678"},
		{"phone with country code", shopkit.MaskPhone, "+8613812345678", "+86*******5678"},
		{"short phone keeps a quarter", shopkit.MaskPhone, "1234567", "1*****7"},
		{"tiny phone", shopkit.MaskPhone, "123", "***"},
		{"empty phone", shopkit.MaskPhone, "", ""},
		{"ID card", shopkit.MaskIDNumber, "110101199003074518", "110***********4518"},
		{"passport", shopkit.MaskIDNumber, "E12345678", "E1*****78"},
		{"bank account with spaces", shopkit.MaskBankAccount, "6222 0212 3456 7890", "****7890"},
		{"short bank account", shopkit.MaskBankAccount, "12345678", "****78"},
		{"empty bank account", shopkit.MaskBankAccount, "", ""},
		{"Chinese address", shopkit.MaskAddress, "北京市朝阳区建国路88号", "北京市朝阳区****"},
		{"short address keeps half", shopkit.MaskAddress, "上海", "上****"},
		{"Latin address", shopkit.MaskAddress, "12 Long Street, Berlin", "12 Lon****"},
		{"email", shopkit.MaskEmail, "zhangsan@example.com", "z***@example.com"},
		{"Chinese local part", shopkit.MaskEmail, "张三@例子.中国", "张***@例子.中国"},
		{"one-letter local part", shopkit.MaskEmail, "a@b.cn", "*@b.cn"},
		{"not an email", shopkit.MaskEmail, "zhangsan", "z*******"},
		{"no local part", shopkit.MaskEmail, "@13812345678", "@***********"},
		{"short value", shopkit.MaskPhone, "12345", "1***5"},
		{"Chinese name", shopkit.MaskName, "张三丰", "张**"},
		{"one-character name", shopkit.MaskName, "张", "*"},
		{"Latin name", shopkit.MaskName, "Li Lei", "L*****"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.fn(c.in))
		})
	}
}

// fuzzMask checks one mask function: whatever the input, it never panics,
// returns valid UTF-8 for valid input, and never returns a value of two or more
// characters unchanged (an input holding the mask character itself aside) (R0.5).
func fuzzMask(f *testing.F, mask func(string) string) {
	for _, s := range []string{"13812345678", "", "张三丰", "\xff\xfe", "1", "@13812345678", "ab", "zhangsan@example.com", "北京市朝阳区建国路88号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := mask(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("mask(%q) = %q is not valid UTF-8", s, out)
		}
		if utf8.RuneCountInString(s) >= 2 && !strings.ContainsRune(s, '*') && out == s {
			t.Fatalf("%q came back unmasked", s)
		}
	})
}

func FuzzMaskPhone(f *testing.F)       { fuzzMask(f, shopkit.MaskPhone) }
func FuzzMaskIDNumber(f *testing.F)    { fuzzMask(f, shopkit.MaskIDNumber) }
func FuzzMaskBankAccount(f *testing.F) { fuzzMask(f, shopkit.MaskBankAccount) }
func FuzzMaskAddress(f *testing.F)     { fuzzMask(f, shopkit.MaskAddress) }
func FuzzMaskEmail(f *testing.F)       { fuzzMask(f, shopkit.MaskEmail) }
func FuzzMaskName(f *testing.F)        { fuzzMask(f, shopkit.MaskName) }

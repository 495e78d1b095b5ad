package commerce_test

import (
	"strings"
	"testing"

	"github.com/shopkit/shopkit/commerce"
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
		{"phone", commerce.MaskPhone, "13812345678", "138****5678"},
		{"phone with country code", commerce.MaskPhone, "+8613812345678", "+86*******5678"},
		{"short phone keeps a quarter", commerce.MaskPhone, "1234567", "1*****7"},
		{"tiny phone", commerce.MaskPhone, "123", "***"},
		{"empty phone", commerce.MaskPhone, "", ""},
		{"ID card", commerce.MaskIDNumber, "110101199003074518", "110***********4518"},
		{"passport", commerce.MaskIDNumber, "E12345678", "E1*****78"},
		{"bank account with spaces", commerce.MaskBankAccount, "6222 0212 3456 7890", "****7890"},
		{"short bank account", commerce.MaskBankAccount, "12345678", "****78"},
		{"empty bank account", commerce.MaskBankAccount, "", ""},
		{"Chinese address", commerce.MaskAddress, "北京市朝阳区建国路88号", "北京市朝阳区****"},
		{"short address keeps half", commerce.MaskAddress, "上海", "上****"},
		{"Latin address", commerce.MaskAddress, "12 Long Street, Berlin", "12 Lon****"},
		{"email", commerce.MaskEmail, "zhangsan@example.com", "z***@example.com"},
		{"Chinese local part", commerce.MaskEmail, "张三@例子.中国", "张***@例子.中国"},
		{"one-letter local part", commerce.MaskEmail, "a@b.cn", "*@b.cn"},
		{"not an email", commerce.MaskEmail, "zhangsan", "z*******"},
		{"Chinese name", commerce.MaskName, "张三丰", "张**"},
		{"one-character name", commerce.MaskName, "张", "*"},
		{"Latin name", commerce.MaskName, "Li Lei", "L*****"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.fn(c.in))
		})
	}
}

// R0.5: whatever the input, a mask never shows more than half of a value that is
// long enough to hide anything, and never panics (invalid UTF-8 included).
func FuzzMaskPhone(f *testing.F) {
	for _, s := range []string{"13812345678", "", "张三丰", "\xff\xfe", "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{commerce.MaskPhone, commerce.MaskIDNumber, commerce.MaskBankAccount,
			commerce.MaskAddress, commerce.MaskEmail, commerce.MaskName} {
			out := fn(s)
			if len([]rune(s)) >= 4 && !strings.Contains(s, "*") && out == s {
				t.Fatalf("%q came back unmasked", s)
			}
		}
	})
}

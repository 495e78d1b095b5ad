package merchant_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// creditCodeAlphabet is the GB 32100-2015 alphabet in order of value.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// mtCheckChar computes the check character independently of the library: the
// weights written out as in the standard.
func mtCheckChar(first17 string) byte {
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditCodeAlphabet, first17[i]) * weights[i]
	}
	return creditCodeAlphabet[(31-sum%31)%31]
}

// R1.1: valid unified social credit codes pass; changing any single character
// (including the check character) is caught.
func TestValidateCreditCode_R1_1(t *testing.T) {
	valid := []string{
		"91350100M000100Y43", // the commonly cited example
		"91110000600037341L", // a check character that is a letter
		"92110105MA00000000"[:17] + string(mtCheckChar("92110105MA0000000")), // an individual business
		"12100000400012345"[:17] + string(mtCheckChar("12100000400012345")),
	}
	for _, code := range valid {
		require.NoError(t, merchant.ValidateCreditCode(code), code)
	}
	// A check value of 0 (31 − 0 … written as '0') is produced too.
	for _, code := range valid {
		for i := 0; i < len(code); i++ {
			for _, c := range []byte{'0', '7', 'A', 'Y'} {
				if code[i] == c {
					continue
				}
				mut := code[:i] + string(c) + code[i+1:]
				err := merchant.ValidateCreditCode(mut)
				assert.Equal(t, merchant.CodeCreditCodeCheck, shopkit.CodeOf(err), "%s changed at %d", mut, i+1)
			}
		}
	}
}

// R1.1: wrong length, a character outside the alphabet and a wrong check character
// are distinct errors, all naming profile.credit_code.
func TestValidateCreditCodeErrors_R1_1(t *testing.T) {
	cases := []struct {
		code, want, problem string
	}{
		{"", merchant.CodeCreditCodeLength, "has 0"},
		{"91350100M000100Y4", merchant.CodeCreditCodeLength, "has 17"},
		{"91350100M000100Y433", merchant.CodeCreditCodeLength, "has 19"},
		{"91350100M000100Y4三", merchant.CodeCreditCodeCharset, "position 18"}, // 18 runes, not 18 bytes
		{"91350100I000100Y43", merchant.CodeCreditCodeCharset, "position 9"},
		{"91350100m000100Y43", merchant.CodeCreditCodeCharset, "position 9"},
		{"91350100M000100Y4O", merchant.CodeCreditCodeCharset, "position 18"},
		{"91350100M000100Y4S", merchant.CodeCreditCodeCharset, "position 18"},
		{"91350100M000100Y44", merchant.CodeCreditCodeCheck, "should be 3"},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			err := merchant.ValidateCreditCode(c.code)
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, c.want, ve.Code())
			assert.Equal(t, "profile.credit_code", ve.Field)
			assert.Contains(t, ve.Error(), c.problem)
		})
	}
}

// R1.1: for every 17-character body the computed check character is accepted and
// every other character of the alphabet is refused.
func FuzzValidateCreditCode(f *testing.F) {
	f.Add("91350100M000100Y4")
	f.Add("00000000000000000")
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) != 17 {
			return
		}
		for i := 0; i < 17; i++ {
			if strings.IndexByte(creditCodeAlphabet, body[i]) < 0 {
				require.Error(t, merchant.ValidateCreditCode(body+"0"))
				return
			}
		}
		want := mtCheckChar(body)
		for i := 0; i < len(creditCodeAlphabet); i++ {
			err := merchant.ValidateCreditCode(body + string(creditCodeAlphabet[i]))
			if creditCodeAlphabet[i] == want {
				require.NoError(t, err)
			} else {
				require.Equal(t, merchant.CodeCreditCodeCheck, shopkit.CodeOf(err))
			}
		}
	})
}

func BenchmarkValidateCreditCode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := merchant.ValidateCreditCode("91350100M000100Y43"); err != nil {
			b.Fatal(err)
		}
	}
}

// ExampleValidateCreditCode checks a mainland company's unified social credit code
// (R1.1).
func ExampleValidateCreditCode() {
	fmt.Println(merchant.ValidateCreditCode("91350100M000100Y43"))
	err := merchant.ValidateCreditCode("91350100M000100Y44")
	fmt.Println(shopkit.CodeOf(err))
	fmt.Println(err)
	// Output:
	// <nil>
	// merchant.credit_code_check
	// merchant: profile.credit_code has a wrong check character: the 18th character should be 3
}

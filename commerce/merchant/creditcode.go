package merchant

import (
	"strconv"
	"unicode/utf8"

	"github.com/shopkit/shopkit"
)

// The unified social credit code (统一社会信用代码) of GB 32100-2015 (R1.1).
const (
	// CreditCodeLength is the number of characters of a unified social credit code.
	CreditCodeLength = 18
	// creditCodeField names the field a credit code error is about.
	creditCodeField = "profile.credit_code"
	// creditCodeChars is the code's alphabet in order of value: the digits and the
	// capital letters without I, O, S, V and Z, which look like digits.
	creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
)

// creditCodeValue returns the value of c in the code's alphabet, or -1.
func creditCodeValue(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Y':
		for i := 10; i < len(creditCodeChars); i++ {
			if rune(creditCodeChars[i]) == c {
				return i
			}
		}
	}
	return -1
}

// ValidateCreditCode checks a mainland unified social credit code (GB 32100-2015,
// R1.1): 18 characters from 0-9 and A-Z without I, O, S, V and Z, the last of which
// is the check character computed from the other 17 with the weights 3^i mod 31
// (check = 31 − Σ value×weight mod 31, where 31 stands for 0). The code must be
// given exactly, in capitals and without spaces; a host normalises user input
// first if it wants to.
//
// A bad code is a *shopkit.ValidationError for the field "profile.credit_code" with
// code CodeCreditCodeLength, CodeCreditCodeCharset (naming the first
// bad position) or CodeCreditCodeCheck (naming the expected character).
// It does not allocate for a valid code.
func ValidateCreditCode(code string) error {
	if n := utf8.RuneCountInString(code); n != CreditCodeLength {
		return shopkit.Invalid(CodeCreditCodeLength, creditCodeField,
			"must have "+strconv.Itoa(CreditCodeLength)+" characters, has "+strconv.Itoa(n))
	}
	// The weights 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
	// of the standard are 3^i mod 31, computed as we go.
	sum, pos, weight := 0, 0, 1
	var last int
	for _, c := range code {
		v := creditCodeValue(c)
		if v < 0 {
			return shopkit.Invalid(CodeCreditCodeCharset, creditCodeField,
				"has "+strconv.QuoteRune(c)+" at position "+strconv.Itoa(pos+1)+
					"; only 0-9 and A-Z without I, O, S, V, Z are allowed")
		}
		if pos < CreditCodeLength-1 {
			sum += v * weight
			weight = weight * 3 % 31
		} else {
			last = v
		}
		pos++
	}
	want := (31 - sum%31) % 31
	if last != want {
		return shopkit.Invalid(CodeCreditCodeCheck, creditCodeField,
			"has a wrong check character: the 18th character should be "+string(creditCodeChars[want]))
	}
	return nil
}

package shopkit

import "strings"

// Masking helpers for the String and log forms of entities (R0.5). Personal data
// (phone numbers, ID numbers, bank accounts, addresses, e-mail addresses, names) is
// held in full in fields the host can redact; whatever the library prints goes
// through these helpers first. They work on runes, so Chinese text is never cut in
// the middle of a character, and they never panic.

// maskRune is the character that replaces hidden runes.
const maskRune = '*'

// MaskPhone keeps the first 3 and the last 4 characters of a phone number and
// masks the rest, one '*' per hidden character: "13812345678" → "138****5678"
// (R0.5). A value too short to keep 7 characters and still hide at least 4 keeps
// only a quarter of its characters at each end.
func MaskPhone(phone string) string { return maskMiddle(phone, 3, 4) }

// MaskIDNumber keeps the first 3 and the last 4 characters of an identity-document
// number (resident ID card, passport, credit code) and masks the rest:
// "110101199003074518" → "110***********4518" (R0.5).
func MaskIDNumber(id string) string { return maskMiddle(id, 3, 4) }

// MaskBankAccount shows only the last 4 digits of a bank account or card number,
// after a fixed "****" so the length of the number is not revealed either:
// "6222 0212 3456 7890" → "****7890" (R0.5). Spaces and hyphens are ignored.
func MaskBankAccount(account string) string {
	rs := []rune(strings.NewReplacer(" ", "", "-", "").Replace(account))
	if len(rs) == 0 {
		return ""
	}
	keep := 4
	if len(rs) <= 2*keep {
		keep = len(rs) / 4
	}
	return "****" + string(rs[len(rs)-keep:])
}

// MaskAddress keeps the first 6 characters of an address, which in a Chinese
// address is about the province and city ("北京市朝阳区"), and replaces the rest
// with a fixed "****" (R0.5): "北京市朝阳区建国路88号" → "北京市朝阳区****". An
// address of 6 characters or fewer keeps its first half.
func MaskAddress(address string) string {
	rs := []rune(address)
	if len(rs) == 0 {
		return ""
	}
	keep := 6
	if len(rs) <= keep {
		keep = len(rs) / 2
	}
	return string(rs[:keep]) + "****"
}

// MaskEmail keeps the first character of the local part and the whole domain:
// "zhangsan@example.com" → "z***@example.com" (R0.5). A one-character local part is
// masked entirely; a value without a local part before its '@' ("@13812345678")
// is masked like a name, so nothing that is not an e-mail address leaks whole.
func MaskEmail(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return MaskName(email)
	}
	local := []rune(email[:at])
	if len(local) == 1 {
		return "*" + email[at:]
	}
	return string(local[0]) + "***" + email[at:]
}

// MaskName keeps the first character of a person's name and masks the rest, as
// Chinese platforms show a buyer or contact: "张三丰" → "张**", "Li Lei" → "L*****"
// (R0.5). A one-character name is masked entirely.
func MaskName(name string) string {
	rs := []rune(name)
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return "*"
	}
	return string(rs[0]) + strings.Repeat(string(maskRune), len(rs)-1)
}

// maskMiddle keeps head runes at the start and tail runes at the end of s and
// replaces each rune between with '*'. When s is too short for that to hide at
// least 4 runes, it keeps a quarter of s (rounded down) at each end instead, so at
// least half of a short value is always hidden.
func maskMiddle(s string, head, tail int) string {
	rs := []rune(s)
	n := len(rs)
	if n == 0 {
		return ""
	}
	if n-head-tail < 4 {
		head, tail = n/4, n/4
	}
	out := make([]rune, n)
	copy(out, rs[:head])
	for i := head; i < n-tail; i++ {
		out[i] = maskRune
	}
	copy(out[n-tail:], rs[n-tail:])
	return string(out)
}

// Package text holds the one way error messages quote untrusted input.
package text

import "strconv"

// MaxQuoted is how many runes of an untrusted value a message shows.
const MaxQuoted = 40

// Quote quotes an untrusted value for an error message: Go-quoted, so control
// characters and invalid UTF-8 are escaped, and cut to MaxQuoted runes (never
// inside a character) with "…" after it.
func Quote(s string) string {
	n := 0
	for i := range s {
		if n == MaxQuoted {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

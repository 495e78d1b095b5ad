package analytics

// The codes of the package's own errors, stable for a frontend's messages.
// Totals beyond int64 are the kernel's shopkit.Overflow error
// (shopkit.CodeOverflow) and mixed currencies its shopkit.CurrencyMismatch
// (shopkit.CodeCurrencyMismatch).
const (
	CodeInvalidListingStats = "analytics.invalid_listing_stats" // a negative view or purchase count
	CodeTooManyGroups       = "analytics.too_many_groups"       // more than MaxGroups days, sources, campaigns or listings
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{CodeInvalidListingStats, CodeTooManyGroups}
}

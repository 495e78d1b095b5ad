package catalog

// WorkflowName names the listing workflow table (R2.1): the Workflow of every
// *shopkit.TransitionError a listing action returns.
const WorkflowName = "catalog.listing"

// The codes of the package's errors, stable for a frontend's messages. A wrong
// state or role is a *shopkit.TransitionError with CodeWrongState or
// CodeWrongRole; bad input is a *shopkit.ValidationError (errors.Is
// shopkit.ErrInvalid); the others are *shopkit.Error of the kind noted.
const (
	CodeWrongState = "catalog.wrong_state" // the action is not allowed in the listing's state (R2.1)
	CodeWrongRole  = "catalog.wrong_role"  // the action is not allowed for the actor's role (R2.1)

	CodeListingNotFound = "catalog.listing_not_found" // ErrNotFound: the store has no listing with that ID
	CodeListingExists   = "catalog.listing_exists"    // ErrConflict: the store already has a listing with that ID

	CodeInvalidConfig   = "catalog.invalid_config"   // NewListingService: a nil store, clock or checker, or an invalid policy
	CodeInvalidPolicy   = "catalog.invalid_policy"   // a ListingPolicy field out of range
	CodeInvalidSnapshot = "catalog.invalid_snapshot" // RestoreListing: no ID or merchant, or negative counters
	CodeUnknownState    = "catalog.unknown_state"    // a state text that is not a ListingState
	CodeUnknownAction   = "catalog.unknown_action"   // an action text that is not a ListingAction
	CodeUnknownKind     = "catalog.unknown_kind"     // a kind text that is not a ListingKind
	CodeUnknownField    = "catalog.unknown_field"    // a field text that is not a ListingField (ListingPolicy.ReviewOnEdit)

	CodeInvalidMerchant    = "catalog.invalid_merchant"     // a listing without a merchant ID
	CodeInvalidListing     = "catalog.invalid_listing"      // several content fields at fault, each named
	CodeInvalidName        = "catalog.invalid_name"         // a blank name (R2.1)
	CodeInvalidPrice       = "catalog.invalid_price"        // a price or tier price not above zero (R2.1)
	CodeInvalidStock       = "catalog.invalid_stock"        // a negative stock (R2.1)
	CodeInvalidImage       = "catalog.invalid_image"        // a blank image reference
	CodeInvalidSKU         = "catalog.invalid_sku"          // a blank or repeated SKU
	CodeInvalidServiceTime = "catalog.invalid_service_time" // a negative duration, or a service time on goods
	CodeCurrencyMismatch   = "catalog.currency_mismatch"    // tier prices in another currency than the price (R0.1)
	CodeInvalidQuantity    = "catalog.invalid_quantity"     // a quantity or tier bound out of range
	CodeListingChanged     = "catalog.listing_changed"      // ErrConflict: a review of an older revision
	CodeReasonRequired     = "catalog.reason_required"      // a rejection or take-down without reasons
	CodeInvalidBannedWord  = "catalog.invalid_banned_word"  // an empty word given to NewBannedWordsChecker

	CodeInvalidTiers      = "catalog.invalid_tiers"       // a wholesale tier table without tiers (R2.1)
	CodeTiersUnordered    = "catalog.tiers_unordered"     // tiers not in ascending order of MinQty
	CodeTiersOverlap      = "catalog.tiers_overlap"       // two tiers covering one quantity
	CodeTiersGap          = "catalog.tiers_gap"           // a quantity between two tiers without a price
	CodeBelowMinimumOrder = "catalog.below_minimum_order" // a line below the minimum order quantity (R2.1)
	CodeAboveMaximumOrder = "catalog.above_maximum_order" // a line above a closed last tier
	CodeNotWholesale      = "catalog.not_wholesale"       // ErrNotAllowed: tier prices of a listing without tiers
)

// The codes of review findings (Finding.Code) of the checks the package ships.
const (
	CodeIncompleteListing = "catalog.incomplete_listing" // the completeness check found a missing field (R2.1)
	CodeBannedWord        = "catalog.banned_word"        // BannedWordsChecker found a banned word (R2.1)
)

// Codes lists every error and finding code of the package, for a frontend's
// message catalogue.
func Codes() []string {
	return []string{
		CodeWrongState, CodeWrongRole, CodeListingNotFound, CodeListingExists,
		CodeInvalidConfig, CodeInvalidPolicy, CodeInvalidSnapshot, CodeUnknownState, CodeUnknownAction, CodeUnknownKind,
		CodeUnknownField,
		CodeInvalidMerchant, CodeInvalidListing, CodeInvalidName, CodeInvalidPrice, CodeInvalidStock, CodeInvalidImage,
		CodeInvalidSKU, CodeInvalidServiceTime, CodeCurrencyMismatch, CodeInvalidQuantity, CodeListingChanged,
		CodeReasonRequired, CodeInvalidBannedWord,
		CodeInvalidTiers, CodeTiersUnordered, CodeTiersOverlap, CodeTiersGap, CodeBelowMinimumOrder,
		CodeAboveMaximumOrder, CodeNotWholesale,
		CodeIncompleteListing, CodeBannedWord,
	}
}

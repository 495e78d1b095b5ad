package review

// WorkflowName names the review's workflow: the Workflow of the
// *shopkit.TransitionError a wrong role's reply returns.
const WorkflowName = "review.review"

// The codes of the package's errors, stable for a frontend's messages.
const (
	CodeWrongRole = "review.wrong_role" // only a merchant replies (R2.6)

	CodeReviewNotFound = "review.review_not_found" // the store has no review with that ID
	CodeReviewExists   = "review.review_exists"    // the order already has its review (R2.6)

	CodeInvalidConfig = "review.invalid_config" // NewService: a nil dependency or an invalid policy
	CodeInvalidPolicy = "review.invalid_policy" // a Policy number that is not positive

	CodeInvalidReview     = "review.invalid_review"      // a text too long, an empty reply, a snapshot without IDs
	CodeInvalidRating     = "review.invalid_rating"      // stars outside 1–5 (R2.6)
	CodeNotBuyer          = "review.not_buyer"           // a reviewer who is not the order's buyer
	CodeOrderNotCompleted = "review.order_not_completed" // only a completed order is reviewed (R2.6)
	CodeWindowClosed      = "review.window_closed"       // the review window has passed (R2.6: 15 days)
	CodeAlreadyReplied    = "review.already_replied"     // the merchant replies once (R2.6)
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeWrongRole, CodeReviewNotFound, CodeReviewExists, CodeInvalidConfig, CodeInvalidPolicy,
		CodeInvalidReview, CodeInvalidRating, CodeNotBuyer, CodeOrderNotCompleted, CodeWindowClosed, CodeAlreadyReplied,
	}
}

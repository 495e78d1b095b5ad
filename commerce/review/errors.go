package review

import "github.com/shopkit/shopkit"

// WorkflowName names the review workflow table (R2.6): the Workflow of every
// *shopkit.TransitionError a review returns.
const WorkflowName = "review.review"

// The codes of the package's errors, stable for a frontend's messages. An
// action the workflow does not allow in the review's state or for the actor's
// role is a *shopkit.TransitionError with CodeWrongState or CodeWrongRole.
const (
	CodeWrongState = "review.wrong_state" // the action is not allowed in the review's state: a second review, a second reply (R2.6)
	CodeWrongRole  = "review.wrong_role"  // a party of another role: only the buyer reviews, only the merchant replies (R2.6)

	CodeReviewNotFound = "review.review_not_found" // the store has no review with that ID
	CodeReviewExists   = "review.review_exists"    // the order already has its review (R2.6)

	CodeInvalidConfig = "review.invalid_config" // NewService: a nil dependency or an invalid policy
	CodeInvalidPolicy = "review.invalid_policy" // a Policy number that is not positive, an unknown Policy JSON key
	CodeInvalidState  = "review.invalid_state"  // a state text that is not a State
	CodeInvalidAction = "review.invalid_action" // an action text that is not an Action

	CodeInvalidReview     = "review.invalid_review"      // a text too long, an empty reply, a snapshot that is not a review's
	CodeInvalidRating     = "review.invalid_rating"      // stars outside 1–5 (R2.6)
	CodeOrderNotCompleted = "review.order_not_completed" // only a completed order is reviewed (R2.6)
	CodeWindowClosed      = "review.window_closed"       // the review window has passed (R2.6: 15 days)
	// CodeNotParty: the actor is not a party of the order or review — another
	// buyer, another shop's merchant, an operator of another shop, an actor
	// without an ID (R0.4). It is the kernel's code, the same in every package,
	// so shopkit.Codes lists it, not Codes.
	CodeNotParty = shopkit.CodeNotParty
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeWrongState, CodeWrongRole, CodeReviewNotFound, CodeReviewExists, CodeInvalidConfig, CodeInvalidPolicy,
		CodeInvalidState, CodeInvalidAction, CodeInvalidReview, CodeInvalidRating, CodeOrderNotCompleted, CodeWindowClosed,
	}
}

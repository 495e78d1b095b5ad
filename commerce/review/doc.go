// Package review holds buyers' ratings of their orders and the averages built
// from them (R2.6).
//
// Review is a buyer's rating of a completed order: 1–5 stars and a text, given
// within Policy.ReviewWindow of completion (R2.6: 15 days; exactly at the end is
// in time, one nanosecond later CodeWindowClosed), with at most one merchant
// reply. Its ID is IDFor(order ID), so a store refuses a second review of the
// same order. NewReview gives one, RestoreReview rebuilds one from its
// Snapshot, which carries the policy it was given under; a snapshot no review
// could have (a missing party, an ID not derived from the order, a reply half
// recorded) is a *shopkit.ValidationError naming the field.
//
// The workflow is one table, ReviewWorkflow (drawn by ReviewDiagram, in
// DIAGRAMS.md): unreviewed --review (buyer)--> reviewed --reply (merchant)-->
// replied. A review's State and AllowedActions come from it; an action it does
// not allow is a *shopkit.TransitionError (CodeWrongState: a second reply;
// CodeWrongRole). State and Action decode only their names, and Policy's JSON
// form only its fields (an unknown key is CodeInvalidPolicy naming it).
//
// Who may act (R0.4): a review's parties are its order's buyer and shop
// (Review.Parties, the order's Parties). Only the order's buyer reviews it, and
// only the reviewed shop's merchant replies — a merchant whose ID is the shop's
// (actor.ID == MerchantID().String()), or the shop's staff listing it in
// Actor.Shops. Every action authorizes through the kernel
// (shopkit.Table.Authorize) before it changes anything: an actor who is not a
// party — another buyer, another shop's merchant or staff, an operator of
// another shop, and any actor with an empty ID whatever its role — is refused
// with shopkit.CodeNotParty (CodeNotParty) and learns nothing of the review; a
// party of another role (the order's merchant reviewing, the buyer replying) is
// CodeWrongRole.
//
// Every review and reply is an audit entry with a notification effect whose ID
// is "<review id>#<seq>" (R0.4). A store keeps the trail apart from the
// review's state (Snapshot, whose Seq is the trail's length) and reads it back
// with Store.Trail: a review loaded from a store holds no history. The printed forms (%v, %+v, %#v, %s) of a
// Review, a Snapshot and a Reply mask the buyer ID and show texts only by their
// length (R0.5); the Snapshot's fields keep them in full, for the store.
//
// Rating is an exact average (Stars / Count, rounded only when asked):
// ListingRating, MerchantRating and RatingsByListing stream over iter.Seq, so
// memory does not grow with the number of reviews; a nil stream counts nothing.
//
// Service, built with NewService from a ServiceConfig (a Store, an OrderReader,
// a Policy and a Clock), reviews a stored order, records the reply and averages
// the stored reviews; a zero Service or Review returns shopkit.NotBuilt. Hosts
// implement Store over their database (R2.8); package reviewtest has an
// in-memory one and the conformance suite. Error codes are the Code…
// constants, listed by Codes.
package review

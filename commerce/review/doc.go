// Package review holds buyers' ratings of their orders and the averages built
// from them (R2.6).
//
// Review is a buyer's rating of a completed order: 1–5 stars and a text, given
// within Policy.ReviewWindow of completion (R2.6: 15 days; exactly at the end is
// in time, one nanosecond later CodeWindowClosed), with at most one merchant
// reply (CodeAlreadyReplied). Its ID is IDFor(order ID), so a store refuses a
// second review of the same order. NewReview gives one, RestoreReview rebuilds
// one from its Snapshot, which carries the policy it was given under. Every
// review and reply is an audit entry with a notification effect whose ID is
// "<review id>#<seq>" (R0.4).
//
// Rating is an exact average (Stars / Count, rounded only when asked):
// ListingRating, MerchantRating and RatingsByListing stream over iter.Seq, so
// memory does not grow with the number of reviews.
//
// Service, built with NewService from a ServiceConfig (a Store, an OrderReader,
// a Policy and a Clock), reviews a stored order, records the reply and averages
// the stored reviews. Hosts implement Store over their database (R2.8); package
// reviewtest has an in-memory one and the conformance suite. Error codes are the
// Code… constants, listed by Codes.
package review

// Package promotiontest has in-memory implementations of the promotion stores
// and the conformance suites a host runs against its own (R2.4, R2.8), in the
// style of testing/fstest.
//
// NewCouponStore, NewCouponTemplateStore, NewCouponQuotaStore and
// NewCampaignStore return stores safe for concurrent use; the coupon, quota
// and campaign stores keep each entity's audit trail apart from its state
// (Trail), the coupon store indexes Due and Claim by deadline, so a sweep
// costs what is due, and every store indexes Pending (the entities with a step
// or hold that CouponService.Resume finishes), so Resume costs what is
// pending. Every query with a limit rejects a limit below 1
// (shopkit.CheckLimit). NewCouponServiceConfig wires fresh stores and a clock
// for promotion.NewCouponService.
//
// TestCouponStore, TestCouponQuotaStore and TestCampaignStore check a host's
// store: an exact round trip of every snapshot (also through its JSON), the
// audit trail appended once and in order while a loaded entity holds none of
// it, ErrConflict on a second Create, ErrNotFound, nothing written by a failed
// update, no update (or audit entry) lost under concurrent writers, claims
// that split the due coupons between sweepers, the order and limit of Due,
// ListByCustomer and ListByShop, and Pending (R2.8): oldest first, ties by ID,
// at most limit, an entity leaving the list once its step is done or its hold
// settled. The full entities carry pending steps and holds, so the round
// trips check that a snapshot keeps them.
//
// TestCouponTemplateStore checks a host's template store: a template of each
// kind with every field set (and a bare platform template) round-trips
// exactly, also through its snapshot's JSON; the validity window is kept to
// the nanosecond (in time at ValidTo, expired 1 ns later); a second Create of
// an ID is ErrConflict and keeps the first, under racing creators too; an
// unknown ID is ErrNotFound.
package promotiontest

// Package promotiontest has in-memory implementations of the promotion stores
// and the conformance suites a host runs against its own (R2.4, R2.8), in the
// style of testing/fstest.
//
// NewCouponStore, NewCouponTemplateStore, NewCouponQuotaStore and
// NewCampaignStore return stores safe for concurrent use; the coupon store
// indexes Due by deadline, so a sweep costs what is due. Every query with a
// limit rejects a limit below 1 (shopkit.CheckLimit). NewCouponServiceConfig
// wires fresh stores and a clock for promotion.NewCouponService.
//
// TestCouponStore, TestCouponQuotaStore and TestCampaignStore check a host's
// store: an exact round trip of every snapshot with its audit trail,
// ErrConflict on a second Create, ErrNotFound, nothing written by a failed
// update, no update (or audit entry) lost under concurrent writers, and the
// order and limit of Due, ListByCustomer and ListByShop.
package promotiontest

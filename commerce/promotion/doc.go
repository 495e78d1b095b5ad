// Package promotion prices an order under coupons and a member discount, and
// keeps the coupons, their per-customer limits and the campaigns that fund them
// (R2.4).
//
// # Coupons (R2.4)
//
// A CouponTemplate is a validated CouponTemplateSpec: the kind (amount off with
// a threshold 满 X 减 Y, percent off optionally capped, a fixed price cut per
// item, free shipping), the issuer (platform or shop), the scope (whole shop,
// categories, listings), the validity window, the minimum spend and the
// per-customer issue and use limits. IssueCoupon gives one customer a Coupon,
// which an order uses once, inside its window (both ends in time), and which
// returns to issued when that order is cancelled before payment; a sweep
// expires an unused coupon 1 ns after its ValidTo. Each action is checked
// against the coupon workflow (CouponWorkflow, drawn by CouponDiagram in
// DIAGRAMS.md): a wrong state or role is a *shopkit.TransitionError
// (CodeWrongState, CodeWrongRole) that changes nothing. CouponQuota counts one
// customer's coupons of one template, so the limits hold under concurrent
// requests.
//
// # Pricing and apportionment (R2.4, R5.3, R0.1)
//
// Price is a pure function: each line's subtotal, then the member tier
// discount (order.MemberDiscounter, R5.3), then per-item price cuts, shop
// coupons, platform coupons and free shipping, each on what its eligible lines
// still cost. An order-level discount is apportioned to the eligible lines in
// proportion to those amounts by largest remainder (shopkit.AllocateInto), so
// each line knows what the buyer paid for it in whole fen and no line goes
// below zero. StackingPolicy limits the coupons of each issuer (one platform and
// one shop coupon by default). PriceInto prices into reused memory.
//
// # Campaigns (R2.4)
//
// A Campaign groups templates under a total discount budget and a time window.
// Issuing a coupon reserves its maximum discount, and issuing stops before the
// reservations would exceed the budget; Spent records the discounts actually
// given, for the campaign's return (package analytics, R2.7). CheckCampaignGap
// keeps a shop's campaigns at least CampaignPolicy.MinGap apart (7 days by
// default), so promotions do not run back to back.
//
// # Services and storage (R2.8, R2.9, R0.4)
//
// CouponService (NewCouponService from a CouponServiceConfig) creates
// templates, issues, redeems and releases coupons, changing each quota,
// campaign and coupon inside its store's atomic Update, and sweeps expired
// coupons. CampaignService (NewCampaignService) creates campaigns under the gap
// rule. Hosts implement CouponTemplateStore, CouponQuotaStore, CouponStore and
// CampaignStore; every query's limit is at least 1. Package promotiontest has
// in-memory stores and the conformance suites. Every change is an audit entry in
// the entity's journal, saved with it (R0.4). Restore… functions rebuild
// entities from their snapshots and reject invalid ones. Error codes are the
// Code… constants, listed by Codes.
package promotion

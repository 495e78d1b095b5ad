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
// # Who may act (R0.4)
//
// Every coupon, template and campaign action checks its actor through the
// kernel (shopkit.Parties.Check, Table.Authorize for the coupon workflow)
// before it changes anything. An actor with an empty ID is never a party,
// whatever its role; anyone who is not a party is refused with
// shopkit.CodeNotParty (ErrNotAllowed) and nothing changes.
//
//   - A template and a campaign belong to their shop (CouponTemplate.Parties,
//     Campaign.Parties): only that shop's merchant (actor.ID ==
//     ShopID.String(), or its staff listing the shop in Actor.Shops), an
//     operator for the shop (Actor.Shops names it, or is empty: the whole
//     platform) or the system defines a shop coupon, creates a campaign or
//     adds a template to it. A merchant of shop B never acts on shop A's.
//   - A platform coupon belongs to no shop (Parties.Shop is uuid.Nil, even
//     when its scope is one shop's orders): the platform pays for it, so only
//     an operator of the whole platform (no Actor.Shops) or the system defines
//     and issues it; an operator scoped to shops does not.
//   - A coupon's parties are its customer (Parties.Buyer) and, for a shop
//     coupon, its shop (Coupon.Parties). IssueCoupon admits the shop's side and
//     the customer claiming for themselves; Use the customer or the system;
//     Release the customer, an operator for the coupon's shop, or the system —
//     never another buyer, so nobody can hand a customer a second discount past
//     the use limit. The shop is a party but takes no coupon action
//     (CodeWrongRole).
//   - The counters the coupon actions move (CouponQuota; Campaign.Reserve,
//     Unreserve, RecordSpend) check the same parties; a campaign's counters
//     also admit the buyer whose checked coupon action moved them.
//
// Coupon.AllowedActions(by) answers for that actor (Table.AllowedFor): empty
// for anyone who is not a party. Campaigns have no workflow table.
//
// # Idempotency and input (R2.4, R2.8)
//
// Redeem's order ref is its idempotency key: the same order with the same
// coupons and discounts returns the first result, nil, changing nothing (but
// finishing what a crash left of the first run); other coupons or discounts
// under it are CodeKeyReused (ErrConflict). A campaign's spend is idempotent
// by the key of the coupon's step, and a quota's counts by their refs. Specs and
// policies a host sends in as JSON decode strictly (an unknown key is a
// *shopkit.ValidationError naming it), and the kind, issuer and state decode
// only their names. Restore… functions validate their snapshot (states,
// counts, used ≤ issued, reserved and spent ≤ budget) and build nothing on
// error. Snapshots keep the customer ID in full for the store; every printed
// form (String, GoString, so %v, %+v, %#v) masks it (R0.5). A zero service or
// entity that its constructor did not build returns shopkit.NotBuilt.
//
// # Pricing and apportionment (R2.4, R5.3, R0.1)
//
// Price is a pure function: each line's subtotal (a wholesale line's unit
// price is the tier of catalog.PriceTiers its quantity falls in, R2.1), then the member tier
// discount (order.MemberDiscounter, R5.3), then per-item price cuts, shop
// coupons, platform coupons and free shipping, each on what its eligible lines
// still cost. An order-level discount is apportioned to the eligible lines in
// proportion to those amounts by largest remainder (shopkit.AllocateInto), so
// each line knows what the buyer paid for it in whole fen and no line goes
// below zero. StackingPolicy limits the coupons of each issuer, each count
// taken as written (0 allows no coupon of that issuer); PriceInput.Stacking nil
// is DefaultStackingPolicy, one platform and one shop coupon. PriceInto prices
// into reused memory.
//
// # Campaigns (R2.4)
//
// A Campaign groups templates under a total discount budget and a time window.
// Issuing a coupon reserves its maximum discount, and issuing stops before the
// reservations would exceed the budget; Spent records the discounts actually
// given, for the campaign's return (package analytics, R2.7), each exactly
// once (RecordSpend is idempotent by its key). CheckCampaignGap keeps a shop's
// campaigns at least CampaignPolicy.MinGap apart (7 days by default), so
// promotions do not run back to back.
//
// # Services and storage (R2.8, R2.9, R0.4)
//
// CouponService (NewCouponService from a CouponServiceConfig) creates
// templates, issues, redeems and releases coupons, changing each quota,
// campaign and coupon inside its store's atomic Update, sweeps expired
// coupons, and resumes the steps between stores that a crash interrupted
// (Resume, see below). CampaignService (NewCampaignService) creates campaigns under the gap
// rule. Hosts implement CouponTemplateStore, CouponQuotaStore, CouponStore and
// CampaignStore; every query's limit is at least 1. Package promotiontest has
// in-memory stores and the conformance suites. Every change is an audit entry
// that the entity's store appends to its trail in the same write as the
// entity's state (R0.4); a loaded entity holds its state, not its trail.
// Restore… functions rebuild entities from their snapshots and reject invalid
// ones. Error codes are the
// Code… constants, listed by Codes.
//
// # Steps across stores (R2.8)
//
// An action that changes a coupon, its quota and its campaign changes them in
// separate store calls, never one inside another's Update; a crash or a failed
// call between two of them loses nothing and counts nothing twice:
//
//   - Using a campaign coupon records its campaign spend as a step
//     (CouponStep) in the coupon's state, in the same write as the use;
//     releasing a coupon records its give-back (the spend, and the use on the
//     quota) the same way. The service then carries the step out —
//     Campaign.RecordSpend under the step's key (CouponStep.Key: the coupon,
//     the entry, the kind and the order), CouponQuota.Unuse under the use's ref
//     — and marks it done with a second write of the coupon. Carried out twice,
//     a step changes nothing the second time. If the follow-up fails, the
//     action has taken effect and returns CodeStepPending (its cause wrapped):
//     the step stays pending.
//   - Issuing counts the coupon on its quota and reserves its maximum discount
//     on its campaign as holds (QuotaHold, CampaignHold) before the coupon is
//     stored, so the limit and the budget are never exceeded. A hold is
//     tentative: Resume confirms it once the coupon is stored, and gives it
//     back when the coupon is still not stored CouponPolicy.Grace (15 minutes
//     by default) after the hold was made. Adding a template to a campaign is
//     a hold (TemplateHold) in the same way, so a campaign never keeps listing
//     a template that was never stored.
//   - A use is counted on the quota under a ref of the coupon, its entry and
//     the order, so a retried Redeem of the same order counts it once; and a
//     Redeem of several coupons that a crash stopped half-way resumes when the
//     host retries it (Coupon.Snapshot's RedeemKey is the request's digest).
//
// CouponStore.Pending, CouponQuotaStore.Pending and CampaignStore.Pending list
// the entities with an unfinished step or hold, oldest first (each entity's
// PendingSince; a store indexes it). CouponService.Resume finishes every
// coupon's steps, then settles every quota and campaign in one write each; it
// reports what failed and goes on, and running it twice is harmless. A host
// runs Resume periodically (with its sweeps) and after a restart: between two
// runs a busy campaign keeps its new holds and spend keys in its state, so
// Resume's period bounds its size. A snapshot carries its steps and holds, and
// restoring validates them.
//
// Rules that change over time (R0.3) are a shopkit.Schedule of policy versions
// (CouponServiceConfig.Policies, CampaignServiceConfig.Policies, instead of
// Policy): a coupon is issued, and a campaign created (and checked against
// MinGap), under the version in force then, and records its name
// (Coupon.PolicyVersion, Campaign.PolicyVersion; "" for a plain policy).
package promotion

// Package membership implements shop membership (店铺会员, RULES R5): ordered tiers
// with thresholds, automatic upgrades from completed orders, refunds that lower
// the figures but never the tier, manual adjustments, the member price of order
// lines, and coupons issued to customers or tiers. It also answers the kernel's
// shopkit.TierReader, through which support and aftersales serve members first.
//
// # Types
//
//   - TierSet (NewTierSet, TierSetConfig): a shop's tiers, lowest first (at most
//     MaxTiers), with thresholds on cumulative amount and/or number of
//     transactions (ThresholdMode: ByAmount, ByCount, ByEither, ByBoth) and
//     Benefits per tier: discount rate, priority service / shipping /
//     after-sales, member-only access, gifts (R5.1). Optional rolling Window for
//     upgrades. TierSetConfig's JSON (snake_case keys) decodes strictly: a key
//     that is not a field, at any depth, is CodeInvalidTierSetConfig naming it.
//   - Member: one customer's figures and tier in one shop (a uuid.UUID, the
//     merchant's ID), identified by MemberID(shop, customer).
//     Changed by CompleteOrder (a CompletedOrder), ApplyRefund / ApplyReturn (a
//     shopkit.Refund as the after-sales ledger issues it), Adjust, and the
//     coupon grants RequestCoupon / FinishCoupon (or RecordCoupon in one step)
//     (R5.2, R5.4); Snapshot / RestoreMember for host stores (the snapshot is
//     state, pending grants included; its Seq is the length of the trail the
//     store keeps).
//     Parties are the customer (buyer) and the shop.
//   - Evaluation (TierSet.Evaluate): the tier, Why, and what is Missing for the
//     next tier, for frontends; TierSet.WhatIf simulates orders.
//   - Pricer (TierSet.PricerFor): an order.MemberDiscounter giving each line's
//     member discount before coupons (R5.3).
//   - CouponIssuer: the coupon side (promotion's coupons behind an adapter),
//     idempotent by key (at most one coupon per key), used by
//     Service.IssueCoupon and Service.IssueToTier with per-customer limits
//     (R5.4).
//   - Store and Service: persistence the host implements, with the member's
//     audit trail as an append-only log read by Store.Trail and the members
//     with a pending coupon grant listed by Store.Pending (membershiptest has
//     an in-memory one and the conformance suite), and the thin load → act →
//     save layer, built by NewService(ServiceConfig). Service.MemberTier
//     implements shopkit.TierReader (name, rank and the three priority flags
//     of the tier); Service.Benefits gives every benefit to callers that
//     import membership; Service.Resume finishes pending coupon grants.
//
// Order IDs are uuid.UUID, the order's own ID, so that a shopkit.Refund's
// OrderID names the applied order without any mapping. Error codes are the
// Code… constants of errors.go, all listed by Codes.
//
// # Rules
//
//   - R5.1: thresholds increase strictly from tier to tier on every figure the
//     mode uses; rates are in (0, 1]; names are unique. Bad sets are
//     *shopkit.ValidationError naming the tier ("tiers.Gold.min_amount"). A nil
//     TierSet, or one not built by NewTierSet, is a CodeInvalidTierSet error
//     wherever it is used.
//   - R5.2: a completed order adds its amount and one transaction; when it
//     crosses a tier's thresholds (met after, not before) the member moves up to
//     the highest tier crossed, several at once if need be. An order ID counts
//     once. Refunds lower the figures (an order fully refunded, or returned
//     whole, stops counting) but never the tier; a refund above what is left of
//     the order's recorded spend is refused (CodeRefundExceeds). A refund's Key
//     counts once; the same Key with another amount or order is a conflict
//     (CodeRefundMismatch). Only the shop's merchant or the platform moves a
//     tier down (or up) by hand, with a reason, audited. After a manual demotion, the member
//     goes up again only when an order crosses a threshold above the adjusted
//     tier. With a Window, upgrades look at orders completed within the window
//     (inclusive at its start); tiers still never go down by themselves.
//   - R5.3: the member unit price is the unit price × the tier's rate, rounded
//     to the fen by the set's RoundingMode; the discount is the difference ×
//     quantity, before coupon apportionment (R2.4). Member-only lines refuse
//     tiers without member-only access and non-members (ErrNotAllowed,
//     CodeMemberOnly); excluded categories and listings get no discount.
//   - R5.4: a coupon template is issued to a customer at most the per-customer
//     limit times (CodeCouponLimit, ErrConflict), to one customer (for example
//     after a support conversation) or to every member of a tier. A grant
//     counts toward the limit from the moment it is recorded, pending, before
//     the issuer is called, so concurrent grants cannot pass the limit
//     together; and the issuer is called with the grant's key, so a grant is
//     never issued twice.
//   - R2.8: Store.ByTier and Store.Pending are bounded: at most limit (≥ 1)
//     members per call, ByTier paged by ascending member ID.
//
// # Who may act
//
// Every action taken by an actor checks first that the actor is a party of the
// member (Member.Parties: shopkit.Parties{Buyer: customer, Shop: shop}) with the
// kernel's Parties.Check, so another shop's merchant or staff, an operator of
// another shop, another buyer and an actor without an ID are refused with
// shopkit.ErrNotAllowed and shopkit.CodeNotParty, and nothing changes (R0.4).
// Then the role: a manual adjustment is the shop's merchant's (its own ID, or
// staff with the shop in Actor.Shops) or an operator's for the shop — the
// customer and the system get CodeWrongRole; a coupon may be issued by the
// merchant, its staff (a customer-service agent after a conversation, R6.1), an
// operator or the system, never by the customer. Service.Adjust and
// IssueCoupon check the actor before they load or create the member record,
// and IssueToTier checks it against the shop. Completed orders and refunds
// take no actor: they are facts the order (R2.3.4) and its after-sales ledger
// (R3.7) report, applied by the system (the audit entries name
// shopkit.SystemActor); the host decides who may trigger them. Reads
// (Evaluate, WhatIf, PricerFor, Benefits, MemberTier) take no actor either.
//
// # Printing, zero values and bounds
//
// String and GoString of Member, MemberSnapshot, CompletedOrder and
// CampaignSkip mask the customer with shopkit.MaskPhone (hosts often key
// customers by phone number, R0.5); the snapshot keeps it in full for the
// store. A zero Service or Member refuses every action with shopkit.NotBuilt
// (code shopkit.not_built); a nil TierSet's accessors return zero values. Every
// loop over host data is bounded: a tier set has at most MaxTiers tiers, and
// IssueToTier pages by ascending member ID, ending with CodeStoreOutOfOrder
// when a store's page does not move on.
//
// Members have no deadlines (tiers do not expire), so there is no sweep, no
// workflow table and no state diagram: the audit trail (R0.4) records join,
// complete_order, upgrade, refund, adjust, grant_coupon and issue_coupon
// entries with the tier before and after, and an upgrade, adjustment or coupon
// emits a notify effect for the buyer whose ID is "<member id>#<seq>".
//
// # Coupon grants across two stores
//
// A coupon grant changes the member and the host's coupon system (the
// promotion stores behind the CouponIssuer), which no transaction spans
// (docs/storage.md, "Steps across two stores"). Service.IssueCoupon is a saga
// of resumable steps, and no call is made inside a member Update closure:
//
//  1. a member Update checks the limit and records a pending grant
//     (Member.RequestCoupon): template, actor, reason, time and the issuer key
//     "<member id>/<n>/<template>", n the grant's ordinal among the template's
//     grants; it counts toward the limit at once;
//  2. the issuer's Issue with that key, outside any closure;
//  3. a second member Update records the coupon on the grant
//     (Member.FinishCoupon), which is then done, with a notify effect.
//
// If step 2 or 3 fails, IssueCoupon returns the pending grant with the error,
// and the grant stays pending (Member.PendingCoupons, listed by
// Store.Pending, oldest first). Service.Resume finishes the pending grants:
// Issue with the same key (the issuer returns the coupon it issued before,
// never a second one), then the recording. A host runs Resume periodically,
// with its sweeps, and after a restart; running it twice is harmless. A host
// retries IssueCoupon only when the grant it got back has no key (nothing was
// recorded): a retry after a recorded grant would be another grant.
//
// # Example
//
//	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
//		Mode: membership.ByEither,
//		Tiers: []membership.Tier{
//			{Name: "Silver", MinAmount: shopkit.CNY(1000_00), MinOrders: 3,
//				Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
//			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), MinOrders: 10,
//				Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9"),
//					PriorityService: true, MemberOnlyAccess: true}},
//		},
//	})
//	svc, err := membership.NewService(membership.ServiceConfig{
//		Store: membershiptest.NewStore(), Tiers: tiers, ShopID: merchantID, Clock: clock})
//	out, _ := svc.Complete(ctx, membership.CompletedOrder{OrderID: o.ID(),
//		CustomerID: "c1", Amount: shopkit.CNY(1200_00), CompletedAt: clock()})
//	// out.Upgraded, out.To == "Silver"
//	e, _ := svc.Evaluate(ctx, "c1")
//	// e.Missing() == "¥3800.00 or 9 more orders to Gold"
//	_ = svc.Refund(ctx, refund) // a shopkit.Refund from the after-sales ledger
//	tier, _ := svc.MemberTier(ctx, merchantID, "c1") // what support and aftersales read
//	pricer, _ := svc.PricerFor(ctx, "c1")            // an order.MemberDiscounter
//
// examples/membership runs a customer's year of orders end to end.
//
// Rules that change over time (R0.3): membership's policy is its tier set.
// ServiceConfig.TierSets, instead of Tiers, is a shopkit.Schedule of tier set
// versions; a member joins under the version in force when its record is
// created and records its name (Member.PolicyVersion), and the service keeps
// evaluating and pricing it on that set.
package membership

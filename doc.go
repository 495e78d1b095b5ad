// Package shopkit is the root of an embeddable Go library that encodes how a Chinese
// e-commerce platform runs: merchant onboarding, listing review, orders and
// inventory, coupons apportioned to the fen, after-sales, commission and settlement,
// shop member tiers and customer service.
//
// A shop that already has its own web server, database and payment gateway imports
// shopkit to get the platform rules right: exact money (int64 minor units, decimal
// rates, allocations that add up to the last fen, R0.1), checked state changes with
// an audit trail (R0.4), and deadlines on the host's working-day calendar (R0.3). It
// runs inside the host's process and owns no server, database, goroutine or clock:
// domain functions take now as an argument and the host implements small store
// interfaces.
//
// # Package map
//
//	shopkit               error kinds, typed errors with stable codes, roles (R0)
//	commerce              Money, rates, Allocate, Calendar, audit journal and sweeps;
//	                      merchants, listings, inventory, orders, coupons, payments,
//	                      reviews, analytics (R0–R2)
//	commerce/commercetest in-memory stores and conformance suites for host stores
//	aftersales            after-sales cases, refund math, vouchers, disputes (R3)
//	commission            plans, rule sets, the calculator, settlement (R4)
//	membership            tiers, members, upgrades, member price (R5)
//	support               conversations, routing, SLAs, complaints, metrics (R6)
//	internal/fsm          the table-driven state machine of every workflow
//
// Dependencies point one way: the domain packages use commerce, and commerce uses
// this package. Each package's own doc says what it is for, its main types and the
// rules it implements.
//
// # Errors
//
// This package holds what every other package shares: the error kinds
// (ErrNotFound, ErrConflict, ErrNotAllowed, ErrInvalid, ErrOverflow,
// ErrCurrencyMismatch), the typed errors that carry detail and a stable Code
// (ValidationError, TransitionError, Error), and the roles of the platform rules
// (Buyer, Merchant, Platform, System). Every error a shopkit package returns
// matches one kind with errors.Is, its message starts with the package name, and
// CodeOf gives the code a frontend maps to a message:
//
//	price := commerce.CNY(1999)                       // ¥19.99
//	_, err := price.Add(commerce.MustMoney(100, "EUR"))
//	errors.Is(err, shopkit.ErrCurrencyMismatch)      // true
//	shopkit.CodeOf(err)                              // "commerce.currency_mismatch"
//	parts, _ := commerce.Allocate(commerce.CNY(100), []int64{1, 1, 1})
//	fmt.Println(parts)                               // [¥0.34 ¥0.33 ¥0.33]
package shopkit

// Package shopkit is the root of an embeddable Go library that encodes how a Chinese
// e-commerce platform runs: merchant onboarding, listing review, orders and
// inventory, coupons apportioned to the fen, after-sales, commission and settlement,
// shop member tiers and customer service.
//
// This package holds only what every other package shares: the error kinds
// (ErrNotFound, ErrConflict, ErrNotAllowed, ErrInvalid, ErrOverflow,
// ErrCurrencyMismatch), the typed errors that carry detail and a stable Code, and
// the roles of the platform rules.
package shopkit

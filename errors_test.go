package shopkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorKindsMatch(t *testing.T) {
	e := shopkit.NewError(shopkit.ErrConflict, "commerce.insufficient_stock", "sku A: 3 available, 5 asked")
	assert.ErrorIs(t, e, shopkit.ErrConflict)
	assert.NotErrorIs(t, e, shopkit.ErrInvalid)
	assert.Equal(t, "commerce.insufficient_stock", e.Code())
	assert.Equal(t, "commerce: sku A: 3 available, 5 asked", e.Error())
	wrapped := fmt.Errorf("placing order: %w", e)
	assert.ErrorIs(t, wrapped, shopkit.ErrConflict)
	assert.Equal(t, "commerce.insufficient_stock", shopkit.CodeOf(wrapped))
	assert.Equal(t, "", shopkit.CodeOf(errors.New("plain")))
	assert.Equal(t, "commerce: overflow", shopkit.NewError(shopkit.ErrOverflow, "commerce.overflow", "").Error())
}

func TestValidationError(t *testing.T) {
	v := shopkit.Invalid("commerce.invalid_price", "price", "must be greater than zero")
	assert.ErrorIs(t, v, shopkit.ErrInvalid)
	assert.Equal(t, "commerce.invalid_price", v.Code())
	assert.Equal(t, "commerce: price must be greater than zero", v.Error())

	assert.NoError(t, shopkit.Incomplete("commerce.incomplete", nil))
	err := shopkit.Incomplete("commerce.incomplete_application", []shopkit.FieldProblem{
		{Field: "profile.name", Problem: "is required"},
		{Field: "profile.licence", Problem: "is required"},
	})
	var ve *shopkit.ValidationError
	assert.True(t, errors.As(err, &ve))
	assert.Equal(t, "profile.name", ve.Field)
	assert.Len(t, ve.Problems, 2)
	assert.Equal(t, "commerce: profile.name is required; profile.licence is required", err.Error())
	assert.Equal(t, "commerce: f p", (&shopkit.ValidationError{Pkg: "commerce", Field: "f", Problem: "p"}).Error())
}

func TestTransitionErrorMessages(t *testing.T) {
	e := &shopkit.TransitionError{Workflow: "aftersales.exchange", State: "closed", Action: "approve", Role: shopkit.Merchant}
	assert.Equal(t, "aftersales: exchange: cannot approve in state closed", e.Error())
	assert.Equal(t, "aftersales.wrong_state", e.Code())
	e.WrongRole = true
	assert.Equal(t, "aftersales: exchange: role merchant may not approve in state closed", e.Error())
	assert.Equal(t, "aftersales.wrong_role", e.Code())
	assert.ErrorIs(t, e, shopkit.ErrNotAllowed)
}

func ExampleCodeOf() {
	err := fmt.Errorf("checkout: %w", shopkit.Invalid("commerce.invalid_quantity", "lines[0].quantity", "must be greater than zero"))
	fmt.Println(shopkit.CodeOf(err))
	fmt.Println(errors.Is(err, shopkit.ErrInvalid))
	// Output:
	// commerce.invalid_quantity
	// true
}

// Every kind has a typed error that matches it, and only it, with errors.Is; the
// code is stable and the message starts with the package name (R0).
func TestEveryKindHasATypedError(t *testing.T) {
	kinds := []error{shopkit.ErrNotFound, shopkit.ErrConflict, shopkit.ErrNotAllowed,
		shopkit.ErrInvalid, shopkit.ErrOverflow, shopkit.ErrCurrencyMismatch}
	typed := map[error]error{
		shopkit.ErrNotFound:         shopkit.NewError(shopkit.ErrNotFound, "commerce.order_not_found", "order 7 not found"),
		shopkit.ErrConflict:         shopkit.NewError(shopkit.ErrConflict, "commerce.insufficient_stock", "sku A: 3 available"),
		shopkit.ErrNotAllowed:       &shopkit.TransitionError{Workflow: "commerce.order", State: "paid", Action: "pay", Role: shopkit.Buyer},
		shopkit.ErrInvalid:          shopkit.Invalid("commerce.invalid_price", "price", "must be greater than zero"),
		shopkit.ErrOverflow:         shopkit.NewError(shopkit.ErrOverflow, "commerce.overflow", "add overflows int64 minor units"),
		shopkit.ErrCurrencyMismatch: shopkit.NewError(shopkit.ErrCurrencyMismatch, "commerce.currency_mismatch", "cannot add CNY and EUR"),
	}
	require.Len(t, typed, len(kinds))
	for _, kind := range kinds {
		err := typed[kind]
		t.Run(kind.Error(), func(t *testing.T) {
			for _, other := range kinds {
				assert.Equal(t, other == kind, errors.Is(err, other), "errors.Is(%v, %v)", err, other)
				assert.Equal(t, other == kind, errors.Is(fmt.Errorf("wrapped: %w", err), other))
			}
			code := shopkit.CodeOf(err)
			assert.Regexp(t, `^commerce\.[a-z]+(_[a-z]+)*$`, code, "stable snake_case pkg.reason")
			assert.Equal(t, code, shopkit.CodeOf(err), "Code is a pure function of the error")
			assert.Regexp(t, `^commerce: `, err.Error(), "messages start with the package name")
		})
	}
	// The kinds themselves name the root package.
	for _, kind := range kinds {
		assert.Regexp(t, `^shopkit: `, kind.Error())
	}
}

// Codes are part of the API: a frontend maps them to messages, so the same input
// gives the same code in every release.
func TestCodesAreStable(t *testing.T) {
	assert.Equal(t, "commerce.unknown_currency", shopkit.CodeOf(func() error { _, err := commerce.NewMoney(1, "ZZZ"); return err }()))
	assert.Equal(t, "commerce.overflow", shopkit.CodeOf(func() error { _, err := commerce.CNY(1 << 62).Mul(2); return err }()))
	assert.Equal(t, "commerce.currency_mismatch", shopkit.CodeOf(func() error { _, err := commerce.CNY(1).Add(commerce.MustMoney(1, "EUR")); return err }()))
	assert.Equal(t, "commerce.allocate_zero_weights", shopkit.CodeOf(func() error { _, err := commerce.Allocate(commerce.CNY(1), []int64{0}); return err }()))
}

// Example shows the error kinds on commerce calls: every error matches one kind
// with errors.Is, carries a stable code for a frontend, and starts with the
// package that raised it.
func Example() {
	price := commerce.CNY(1999) // ¥19.99
	total, err := price.Mul(3)
	fmt.Println(total, err)

	_, err = total.Add(commerce.MustMoney(100, "EUR"))
	fmt.Println(errors.Is(err, shopkit.ErrCurrencyMismatch), shopkit.CodeOf(err), err)

	_, err = commerce.NewMoney(100, "XYZ")
	fmt.Println(errors.Is(err, shopkit.ErrInvalid), shopkit.CodeOf(err))

	_, err = commerce.CNY(1 << 62).Mul(2)
	fmt.Println(errors.Is(err, shopkit.ErrOverflow), shopkit.CodeOf(err))

	parts, _ := commerce.Allocate(commerce.CNY(100), []int64{1, 1, 1}) // R0.1: ties to the earlier part
	fmt.Println(parts)
	// Output:
	// ¥59.97 <nil>
	// true commerce.currency_mismatch commerce: cannot add CNY and EUR
	// true commerce.unknown_currency
	// true commerce.overflow
	// [¥0.34 ¥0.33 ¥0.33]
}

package shopkit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorKindsMatch(t *testing.T) {
	e := shopkit.NewError(shopkit.ErrConflict, "shopkit.insufficient_stock", "sku A: 3 available, 5 asked")
	assert.ErrorIs(t, e, shopkit.ErrConflict)
	assert.NotErrorIs(t, e, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.insufficient_stock", e.Code())
	assert.Equal(t, "shopkit: sku A: 3 available, 5 asked", e.Error())
	wrapped := fmt.Errorf("placing order: %w", e)
	assert.ErrorIs(t, wrapped, shopkit.ErrConflict)
	assert.Equal(t, "shopkit.insufficient_stock", shopkit.CodeOf(wrapped))
	assert.Equal(t, "", shopkit.CodeOf(errors.New("plain")))
	assert.Equal(t, "shopkit: overflow", shopkit.NewError(shopkit.ErrOverflow, "shopkit.overflow", "").Error())
}

func TestValidationError(t *testing.T) {
	v := shopkit.Invalid("shopkit.invalid_price", "price", "must be greater than zero")
	assert.ErrorIs(t, v, shopkit.ErrInvalid)
	assert.Equal(t, "shopkit.invalid_price", v.Code())
	assert.Equal(t, "shopkit: price must be greater than zero", v.Error())

	assert.NoError(t, shopkit.Incomplete("shopkit.incomplete", nil))
	err := shopkit.Incomplete("shopkit.incomplete_application", []shopkit.FieldProblem{
		{Field: "profile.name", Problem: "is required"},
		{Field: "profile.licence", Problem: "is required"},
	})
	var ve *shopkit.ValidationError
	assert.True(t, errors.As(err, &ve))
	assert.Equal(t, "profile.name", ve.Field)
	assert.Len(t, ve.Problems, 2)
	assert.Equal(t, "shopkit: profile.name is required; profile.licence is required", err.Error())
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
	err := fmt.Errorf("checkout: %w", shopkit.Invalid("shopkit.invalid_quantity", "lines[0].quantity", "must be greater than zero"))
	fmt.Println(shopkit.CodeOf(err))
	fmt.Println(errors.Is(err, shopkit.ErrInvalid))
	// Output:
	// shopkit.invalid_quantity
	// true
}

// Every kind has a typed error that matches it, and only it, with errors.Is; the
// code is stable and the message starts with the package name (R0).
func TestEveryKindHasATypedError(t *testing.T) {
	kinds := []error{shopkit.ErrNotFound, shopkit.ErrConflict, shopkit.ErrRetry, shopkit.ErrNotAllowed,
		shopkit.ErrInvalid, shopkit.ErrOverflow, shopkit.ErrCurrencyMismatch}
	typed := map[error]error{
		shopkit.ErrNotFound:         shopkit.NewError(shopkit.ErrNotFound, "shopkit.order_not_found", "order 7 not found"),
		shopkit.ErrConflict:         shopkit.NewError(shopkit.ErrConflict, "shopkit.insufficient_stock", "sku A: 3 available"),
		shopkit.ErrRetry:            shopkit.Retry("update order", errors.New("lock timeout")),
		shopkit.ErrNotAllowed:       &shopkit.TransitionError{Workflow: "shopkit.order", State: "paid", Action: "pay", Role: shopkit.Buyer},
		shopkit.ErrInvalid:          shopkit.Invalid("shopkit.invalid_price", "price", "must be greater than zero"),
		shopkit.ErrOverflow:         shopkit.NewError(shopkit.ErrOverflow, "shopkit.overflow", "add overflows int64 minor units"),
		shopkit.ErrCurrencyMismatch: shopkit.NewError(shopkit.ErrCurrencyMismatch, "shopkit.currency_mismatch", "cannot add CNY and EUR"),
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
			assert.Regexp(t, `^shopkit\.[a-z]+(_[a-z]+)*$`, code, "stable snake_case pkg.reason")
			assert.Equal(t, code, shopkit.CodeOf(err), "Code is a pure function of the error")
			assert.Regexp(t, `^shopkit: `, err.Error(), "messages start with the package name")
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
	assert.Equal(t, "shopkit.unknown_currency", shopkit.CodeOf(func() error { _, err := shopkit.NewMoney(1, "ZZZ"); return err }()))
	assert.Equal(t, "shopkit.overflow", shopkit.CodeOf(func() error { _, err := shopkit.CNY(1 << 62).Mul(2); return err }()))
	assert.Equal(t, "shopkit.currency_mismatch", shopkit.CodeOf(func() error { _, err := shopkit.CNY(1).Add(shopkit.MustMoney(1, "EUR")); return err }()))
	assert.Equal(t, "shopkit.allocate_zero_weights", shopkit.CodeOf(func() error { _, err := shopkit.Allocate(shopkit.CNY(1), []int64{0}); return err }()))
}

// Example shows the error kinds on commerce calls: every error matches one kind
// with errors.Is, carries a stable code for a frontend, and starts with the
// package that raised it.
func Example() {
	price := shopkit.CNY(1999) // ¥19.99
	total, err := price.Mul(3)
	fmt.Println(total, err)

	_, err = total.Add(shopkit.MustMoney(100, "EUR"))
	fmt.Println(errors.Is(err, shopkit.ErrCurrencyMismatch), shopkit.CodeOf(err), err)

	_, err = shopkit.NewMoney(100, "XYZ")
	fmt.Println(errors.Is(err, shopkit.ErrInvalid), shopkit.CodeOf(err))

	_, err = shopkit.CNY(1 << 62).Mul(2)
	fmt.Println(errors.Is(err, shopkit.ErrOverflow), shopkit.CodeOf(err))

	parts, _ := shopkit.Allocate(shopkit.CNY(100), []int64{1, 1, 1}) // R0.1: ties to the earlier part
	fmt.Println(parts)
	// Output:
	// ¥59.97 <nil>
	// true shopkit.currency_mismatch shopkit: cannot add CNY and EUR
	// true shopkit.unknown_currency
	// true shopkit.overflow
	// [¥0.34 ¥0.33 ¥0.33]
}

// A transient store failure is ErrRetry, not ErrConflict, and keeps the driver's
// error reachable, so a host's retry loop never spins on a business refusal.
func TestRetryWrapsItsCause(t *testing.T) {
	cause := &net.OpError{Op: "read", Err: errors.New("connection reset")}
	err := fmt.Errorf("saving: %w", shopkit.Retry("update order", cause))
	assert.ErrorIs(t, err, shopkit.ErrRetry)
	assert.NotErrorIs(t, err, shopkit.ErrConflict)
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Same(t, cause, op)
	assert.Equal(t, shopkit.CodeRetry, shopkit.CodeOf(err))
	assert.Equal(t, "saving: shopkit: update order failed transiently: read: connection reset", err.Error())
	assert.EqualError(t, shopkit.Retry("update order", nil), "shopkit: update order failed transiently")
}

// A nested value's problems are reported under its field, and an error that is
// not a ValidationError is not dropped.
func TestProblemsUnder(t *testing.T) {
	nested := shopkit.Incomplete("demo.invalid_policy", []shopkit.FieldProblem{
		{Field: "window", Problem: "must be greater than zero"}, {Field: "limit", Problem: "must be at least 1"}})
	assert.Equal(t, []shopkit.FieldProblem{
		{Field: "policy.window", Problem: "must be greater than zero"},
		{Field: "policy.limit", Problem: "must be at least 1"},
	}, shopkit.ProblemsUnder("policy", fmt.Errorf("checking: %w", nested)))
	assert.Nil(t, shopkit.ProblemsUnder("policy", nil))
	assert.Equal(t, []shopkit.FieldProblem{{Field: "policy", Problem: "broken"}},
		shopkit.ProblemsUnder("policy", errors.New("broken")))
}

// The JSON form of each typed error, held to golden files: kind, code, message,
// and the fields of a validation error; a cause's text never shows (R0.5).
func TestErrorJSONForm(t *testing.T) {
	cause := errors.New("pq: deadlock detected for 13800138000")
	cases := []struct {
		name string
		err  error
	}{
		{"error_json_error", shopkit.NewError(shopkit.ErrNotFound, "order.order_not_found", "no order 2026120400001")},
		{"error_json_retry", shopkit.Retry("update order", cause)},
		{"error_json_validation", shopkit.Incomplete("merchant.incomplete_application", []shopkit.FieldProblem{
			{Field: "profile.credit_code", Problem: "is required"}, {Field: "categories", Problem: "must not be empty"}})},
		{"error_json_transition", &shopkit.TransitionError{Workflow: "aftersales.exchange", State: "requested",
			Action: "ship_back", Role: shopkit.Buyer}},
		{"error_json_wrapped", fmt.Errorf("place: %w", shopkit.Overflow("line subtotal"))},
		{"error_json_sentinel", fmt.Errorf("lookup: %w", shopkit.ErrConflict)},
		{"error_json_internal", cause},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := shopkit.ErrorJSON(c.err)
			require.NoError(t, err)
			assert.NotContains(t, string(got), "13800138000")
			var pretty bytes.Buffer
			require.NoError(t, json.Indent(&pretty, got, "", "  "))
			golden.Assert(t, filepath.Join("testdata", c.name+".json"), pretty.String()+"\n")
			if _, typed := c.err.(json.Marshaler); typed {
				direct, err := json.Marshal(c.err)
				require.NoError(t, err)
				assert.JSONEq(t, string(got), string(direct), "json.Marshal of the error itself gives the same form")
			}
		})
	}
	null, err := shopkit.ErrorJSON(nil)
	require.NoError(t, err)
	assert.Equal(t, "null", string(null))
}

// Every sentinel has its stable kind name.
func TestKindNames(t *testing.T) {
	for sentinel, want := range map[error]string{
		shopkit.ErrNotFound: "not_found", shopkit.ErrConflict: "conflict", shopkit.ErrRetry: "retry",
		shopkit.ErrNotAllowed: "not_allowed", shopkit.ErrInvalid: "invalid", shopkit.ErrOverflow: "overflow",
		shopkit.ErrCurrencyMismatch: "currency_mismatch",
	} {
		assert.Equal(t, want, shopkit.KindName(shopkit.NewError(sentinel, "shopkit.retry", "x")))
		assert.Equal(t, want, shopkit.KindName(fmt.Errorf("w: %w", sentinel)))
	}
	assert.Equal(t, "internal", shopkit.KindName(errors.New("boom")))
	assert.Equal(t, "internal", shopkit.KindName(&shopkit.Error{Pkg: "x", Reason: "y"}))
	assert.Empty(t, shopkit.KindName(nil))
	assert.Equal(t, "invalid", shopkit.KindName(shopkit.Invalid("shopkit.invalid_date", "date", "bad")))
}

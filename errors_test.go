package shopkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
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

package shopkit_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// R0.4: a role means the party of this entity: its buyer, its shop, an operator
// for its shop, or the system; an empty ID is never a party.
func TestParties_Check_R0_4(t *testing.T) {
	shop, other := uuid.MustParse("7a1c0000-0000-4000-8000-000000000001"), uuid.MustParse("7a1c0000-0000-4000-8000-000000000002")
	p := shopkit.Parties{Buyer: "b-1", Shop: shop}
	cases := []struct {
		name string
		by   shopkit.Actor
		ok   bool
	}{
		{"the buyer", shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}, true},
		{"another buyer", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}, false},
		{"a buyer without an ID", shopkit.Actor{Role: shopkit.Buyer}, false},
		{"the shop", shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}, true},
		{"another shop", shopkit.Actor{Role: shopkit.Merchant, ID: other.String()}, false},
		{"a merchant named like the buyer", shopkit.Actor{Role: shopkit.Merchant, ID: "b-1"}, false},
		{"a buyer named like the shop", shopkit.Actor{Role: shopkit.Buyer, ID: shop.String()}, false},
		{"a merchant without an ID", shopkit.Actor{Role: shopkit.Merchant}, false},
		{"the shop's staff", shopkit.Actor{Role: shopkit.Merchant, ID: "xiaomei", Shops: []uuid.UUID{shop}}, true},
		{"another shop's staff", shopkit.Actor{Role: shopkit.Merchant, ID: "xiaomei", Shops: []uuid.UUID{other}}, false},
		{"staff without an ID", shopkit.Actor{Role: shopkit.Merchant, Shops: []uuid.UUID{shop}}, false},
		{"a buyer listing the shop", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2", Shops: []uuid.UUID{shop}}, false},
		{"an operator of every shop", shopkit.Actor{Role: shopkit.Platform, ID: "ops-1"}, true},
		{"an operator of this shop", shopkit.Actor{Role: shopkit.Platform, ID: "ops-1", Shops: []uuid.UUID{other, shop}}, true},
		{"an operator of other shops", shopkit.Actor{Role: shopkit.Platform, ID: "ops-1", Shops: []uuid.UUID{other}}, false},
		{"an operator without an ID", shopkit.Actor{Role: shopkit.Platform}, false},
		{"the system", shopkit.SystemActor(), true},
		{"a system actor without an ID", shopkit.Actor{Role: shopkit.System}, false},
		{"an unknown role", shopkit.Actor{Role: "auditor", ID: "a-1"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.ok, p.Has(c.by))
			err := p.Check(c.by)
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, shopkit.ErrNotAllowed)
			assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
			assert.NotContains(t, err.Error(), "b-1", "a buyer's ID is personal data (R0.5)")
		})
	}
}

// R0.4: an entity without a buyer or a shop has no such party, even for an
// actor whose ID is the zero value's text.
func TestParties_NoBuyerNoShop_R0_4(t *testing.T) {
	var p shopkit.Parties
	assert.False(t, p.Has(shopkit.Actor{Role: shopkit.Merchant, ID: uuid.Nil.String()}))
	assert.False(t, p.Has(shopkit.Actor{Role: shopkit.Platform, ID: "ops", Shops: []uuid.UUID{uuid.Nil}}))
	assert.True(t, p.Has(shopkit.Actor{Role: shopkit.Platform, ID: "ops"}))
}

// R0.4: Authorize checks the party first (a stranger learns nothing of the
// state), then the row (wrong state or role is a *TransitionError); AllowedFor
// answers for the actor.
func TestTable_AuthorizeAndAllowedFor_R0_4(t *testing.T) {
	table := shopkit.MustNewTable("shopkit.test", []shopkit.Transition[string, string]{
		{From: "open", Action: "pay", Roles: []shopkit.Role{shopkit.Buyer}, To: "paid"},
		{From: "open", Action: "cancel", Roles: []shopkit.Role{shopkit.Buyer, shopkit.Merchant}, To: "closed"},
	})
	shop := uuid.MustParse("7a1c0000-0000-4000-8000-000000000001")
	p := shopkit.Parties{Buyer: "b-1", Shop: shop}
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}

	to, err := table.Authorize("open", "pay", buyer, p)
	require.NoError(t, err)
	assert.Equal(t, "paid", to)

	to, err = table.Authorize("open", "pay", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}, p)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
	assert.Equal(t, "open", to)

	_, err = table.Authorize("open", "pay", shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}, p)
	var te *shopkit.TransitionError
	require.True(t, errors.As(err, &te), "a role the row does not name is a transition error, party or not")
	assert.True(t, te.WrongRole)

	_, err = table.Authorize("closed", "pay", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}, p)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "a stranger is refused as one in any state")
	_, err = table.Authorize("closed", "pay", buyer, p)
	require.True(t, errors.As(err, &te), "the party is told the state is wrong")
	assert.False(t, te.WrongRole)

	assert.Equal(t, []string{"pay", "cancel"}, table.AllowedFor("open", buyer, p))
	assert.Equal(t, []string{"cancel"}, table.AllowedFor("open", shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}, p))
	assert.Empty(t, table.AllowedFor("open", shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}, p))
	assert.Empty(t, table.AllowedFor("open", shopkit.Actor{Role: shopkit.Buyer}, p))
}

// R0.4: the shop's ID counts in its canonical text form only, and checking it
// allocates nothing (every merchant action asks).
func TestParties_ShopIDForms_R0_4(t *testing.T) {
	shop := uuid.MustParse("7a1c0000-0000-4000-8000-000000000001")
	p := shopkit.Parties{Shop: shop}
	assert.True(t, p.Has(shopkit.Actor{Role: shopkit.Merchant, ID: "7a1c0000-0000-4000-8000-000000000001"}))
	assert.True(t, p.Has(shopkit.Actor{Role: shopkit.Merchant, ID: "7A1C0000-0000-4000-8000-000000000001"}), "hex case does not matter")
	assert.False(t, p.Has(shopkit.Actor{Role: shopkit.Merchant, ID: "{7a1c0000-0000-4000-8000-000000000001}"}))
	assert.False(t, p.Has(shopkit.Actor{Role: shopkit.Merchant, ID: "7a1c0000000040008000000000000001"}))
	by := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = p.Has(by) }))
}

package aftersales_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (w faultyCases) ListByShop(ctx context.Context, shop uuid.UUID, states []aftersales.State, page shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
	if err := w.C.Hit("cases.ListByShop"); err != nil {
		return shopkit.Page[*aftersales.Case]{}, err
	}
	return w.s.ListByShop(ctx, shop, states, page)
}

func (w faultyCases) ListByBuyer(ctx context.Context, buyer string, page shopkit.PageRequest) (shopkit.Page[*aftersales.Case], error) {
	if err := w.C.Hit("cases.ListByBuyer"); err != nil {
		return shopkit.Page[*aftersales.Case]{}, err
	}
	return w.s.ListByBuyer(ctx, buyer, page)
}

// caseIDsOf lists the IDs of a page's cases.
func caseIDsOf(p shopkit.Page[*aftersales.Case]) []uuid.UUID {
	out := []uuid.UUID{}
	for _, c := range p.Items {
		out = append(out, c.ID())
	}
	return out
}

// R0.4, R2.8: a buyer lists only their own cases, newest opened first; no
// other role lists a buyer's cases.
func TestCasesOfBuyer_R0_4(t *testing.T) {
	f := newFixture(t)
	first := f.open(t, sampleOrder(t0(t).Add(-time.Hour)), aftersales.RefundOnly)
	f.clock.Advance(time.Minute)
	second := f.open(t, sampleOrder(t0(t).Add(-time.Hour)), aftersales.RefundOnly)
	o := sampleOrder(t0(t).Add(-time.Hour))
	o.BuyerID = "buyer-other"
	f.open(t, o, aftersales.RefundOnly)

	p, err := f.svc.CasesOfBuyer(f.ctx, buyer, shopkit.PageRequest{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{second.ID()}, caseIDsOf(p))
	require.NotEmpty(t, p.Next)
	p, err = f.svc.CasesOfBuyer(f.ctx, buyer, shopkit.PageRequest{After: p.Next, Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{first.ID()}, caseIDsOf(p))
	assert.Empty(t, p.Next)

	for _, by := range []shopkit.Actor{merchant, {Role: shopkit.Buyer}, {Role: shopkit.Platform, ID: "op-1"}, shopkit.SystemActor()} {
		_, err := f.svc.CasesOfBuyer(f.ctx, by, shopkit.PageRequest{Limit: 1})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	_, err = f.svc.CasesOfBuyer(f.ctx, buyer, shopkit.PageRequest{Limit: 0})
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
}

// R0.4, R2.8: a shop's cases are listed by the shop, its staff, an operator
// of the platform or of the shop and the system, filtered by state; a buyer,
// another shop and another shop's operator are refused; bad input names its
// field.
func TestCasesOfShop_R0_4(t *testing.T) {
	f := newFixture(t)
	requested := f.open(t, sampleOrder(t0(t).Add(-time.Hour)), aftersales.RefundOnly)
	f.clock.Advance(time.Minute)
	rejected := f.open(t, sampleOrder(t0(t).Add(-time.Hour)), aftersales.RefundOnly)
	f.act(t, rejected.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) })
	o := sampleOrder(t0(t).Add(-time.Hour))
	other := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f89")
	o.MerchantID = other
	f.open(t, o, aftersales.RefundOnly)

	everyone := []shopkit.Actor{merchant, {Role: shopkit.Merchant, ID: "agent-7", Shops: []uuid.UUID{shopID}},
		{Role: shopkit.Platform, ID: "op-1"}, {Role: shopkit.Platform, ID: "op-2", Shops: []uuid.UUID{shopID}}, shopkit.SystemActor()}
	for _, by := range everyone {
		p, err := f.svc.CasesOfShop(f.ctx, by, shopID, nil, shopkit.PageRequest{Limit: 10})
		require.NoError(t, err, "%+v", by)
		assert.Equal(t, []uuid.UUID{rejected.ID(), requested.ID()}, caseIDsOf(p), "%+v", by)
	}
	p, err := f.svc.CasesOfShop(f.ctx, merchant, shopID, []aftersales.State{aftersales.Requested}, shopkit.PageRequest{Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{requested.ID()}, caseIDsOf(p))
	p, err = f.svc.CasesOfShop(f.ctx, merchant, shopID, []aftersales.State{aftersales.Rejected, aftersales.Disputed}, shopkit.PageRequest{Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{rejected.ID()}, caseIDsOf(p))

	for _, by := range []shopkit.Actor{buyer, {Role: shopkit.Merchant, ID: other.String()}, {Role: shopkit.Merchant, ID: "agent-9", Shops: []uuid.UUID{other}},
		{Role: shopkit.Platform, ID: "op-3", Shops: []uuid.UUID{other}}, {Role: shopkit.Merchant}} {
		_, err := f.svc.CasesOfShop(f.ctx, by, shopID, nil, shopkit.PageRequest{Limit: 10})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	_, err = f.svc.CasesOfShop(f.ctx, merchant, uuid.Nil, nil, shopkit.PageRequest{Limit: 10})
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	_, err = f.svc.CasesOfShop(f.ctx, merchant, shopID, []aftersales.State{aftersales.Requested, "lost"}, shopkit.PageRequest{Limit: 10})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, aftersales.CodeUnknownState, ve.Code())
	assert.Equal(t, "states[1]", ve.Field)
	_, err = f.svc.CasesOfShop(f.ctx, merchant, shopID, nil, shopkit.PageRequest{Limit: shopkit.MaxPageLimit + 1})
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	_, err = f.svc.CasesOfShop(f.ctx, merchant, shopID, nil, shopkit.PageRequest{After: "x", Limit: 1})
	assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err))
}

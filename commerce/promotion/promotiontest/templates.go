package promotiontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullTemplate is a template of kind with every field its kind allows set to
// a value that is not the default: a shop coupon of a fresh shop and campaign,
// a name, listing and category of its own (so a store with unique keys
// passes), a cap and threshold, a rounding mode other than Down, limits above
// 1, and a validity window whose ends are not whole seconds (R2.4, R0.3).
func fullTemplate(t testing.TB, kind promotion.CouponKind) *promotion.CouponTemplate {
	t.Helper()
	up := shopkit.HalfUp
	id := uuid.NewString()
	spec := promotion.CouponTemplateSpec{
		Name: "full " + string(kind) + " " + id, Kind: kind, Issuer: promotion.IssuerShop,
		ShopID: uuid.New(), CampaignID: uuid.New(),
		Cap: shopkit.CNY(3000), MinSpend: shopkit.CNY(10000),
		ValidFrom: couponT0.Add(123456789 * time.Nanosecond), ValidTo: couponT0.Add(240*time.Hour + 987654321*time.Nanosecond),
		IssueLimit: 5, UseLimit: 4,
		Scope: promotion.CouponScope{Categories: []string{"tea-" + id, "teaware-" + id}, Listings: []uuid.UUID{uuid.New(), uuid.New()}},
	}
	switch kind {
	case promotion.CouponAmountOff, promotion.CouponPriceCut:
		spec.Amount = shopkit.CNY(2000)
	case promotion.CouponPercentOff:
		spec.Rate = decimal.RequireFromString("0.15")
		spec.Rounding = &up
	}
	tpl, err := promotion.NewCouponTemplate(shopkit.SystemActor(), spec, couponT0.Add(42*time.Nanosecond))
	require.NoError(t, err)
	return tpl
}

// platformTemplate is a platform coupon for every shop (no ShopID, no
// campaign, no scope): the fields a full shop template sets left at their
// zero values, which a store must keep as they are.
func platformTemplate(t testing.TB) *promotion.CouponTemplate {
	t.Helper()
	tpl, err := promotion.NewCouponTemplate(shopkit.SystemActor(), promotion.CouponTemplateSpec{
		Name: "platform " + uuid.NewString(), Kind: promotion.CouponFreeShipping, Issuer: promotion.IssuerPlatform,
		ValidFrom: couponT0, ValidTo: couponT0.Add(time.Hour),
	}, couponT0)
	require.NoError(t, err)
	return tpl
}

// TestCouponTemplateStore is the conformance suite for a
// promotion.CouponTemplateStore (R2.4, R2.8): a round trip of every field of a
// template of each kind and of a bare platform template (also through the
// snapshot's JSON, as a store with a JSON state column keeps it, via
// storetest.ViaJSON), the validity window kept to the nanosecond (R0.3: a
// loaded coupon template is valid at ValidTo and expired 1 ns later), a second
// Create of an ID conflicting (ErrConflict, the first template kept, also
// under racing creators: exactly one wins), and Get of an unknown ID
// ErrNotFound. Get is the interface's only query. Every fixture has its own
// IDs, names, shop, campaign, categories and listings, so a store with unique
// keys passes.
func TestCouponTemplateStore(t *testing.T, newStore func() promotion.CouponTemplateStore) {
	ctx := context.Background()
	kinds := []promotion.CouponKind{promotion.CouponAmountOff, promotion.CouponPercentOff, promotion.CouponPriceCut, promotion.CouponFreeShipping}
	t.Run("RoundTripEveryField_R2_4", func(t *testing.T) {
		s := newStore()
		want := []*promotion.CouponTemplate{platformTemplate(t)}
		for _, k := range kinds {
			want = append(want, fullTemplate(t, k))
		}
		for _, tpl := range want {
			require.NoError(t, s.Create(ctx, tpl))
		}
		for _, tpl := range want {
			got, err := s.Get(ctx, tpl.ID())
			require.NoError(t, err, tpl.Spec().Name)
			assert.Equal(t, tpl.Snapshot(), got.Snapshot(), tpl.Spec().Name)
			assert.Equal(t, tpl.Parties(), got.Parties(), tpl.Spec().Name)
			m, ok := tpl.MaxDiscount()
			gm, gok := got.MaxDiscount()
			assert.Equal(t, []any{m, ok}, []any{gm, gok}, "%s: the loaded template reserves the same budget", tpl.Spec().Name)
		}
	})
	t.Run("RoundTripViaJSON_R2_8", func(t *testing.T) {
		s := newStore()
		for _, tpl := range []*promotion.CouponTemplate{platformTemplate(t), fullTemplate(t, promotion.CouponAmountOff),
			fullTemplate(t, promotion.CouponPercentOff), fullTemplate(t, promotion.CouponPriceCut), fullTemplate(t, promotion.CouponFreeShipping)} {
			back := storetest.ViaJSON(t, tpl.Snapshot(), promotion.RestoreCouponTemplate, nil)
			assert.Equal(t, tpl.Snapshot(), back.Snapshot(), "%s: the snapshot's JSON keeps every field", tpl.Spec().Name)
			require.NoError(t, s.Create(ctx, back))
			got, err := s.Get(ctx, tpl.ID())
			require.NoError(t, err)
			assert.Equal(t, tpl.Snapshot(), got.Snapshot())
			again := storetest.ViaJSON(t, got.Snapshot(), promotion.RestoreCouponTemplate, nil)
			assert.Equal(t, tpl.Snapshot(), again.Snapshot(), "%s: what the store returns encodes the same", tpl.Spec().Name)
		}
	})
	t.Run("ValidityWindowToTheNanosecond_R0_3", func(t *testing.T) {
		s := newStore()
		tpl := fullTemplate(t, promotion.CouponAmountOff)
		require.NoError(t, s.Create(ctx, tpl))
		got, err := s.Get(ctx, tpl.ID())
		require.NoError(t, err)
		spec := tpl.Spec() // the instants created, not the ones loaded
		require.NoError(t, got.CheckValid(spec.ValidFrom), "valid from ValidFrom")
		assert.Equal(t, promotion.CodeCouponNotValidYet, shopkit.CodeOf(got.CheckValid(spec.ValidFrom.Add(-time.Nanosecond))))
		require.NoError(t, got.CheckValid(spec.ValidTo), "used exactly at ValidTo is in time")
		assert.Equal(t, promotion.CodeCouponExpired, shopkit.CodeOf(got.CheckValid(spec.ValidTo.Add(time.Nanosecond))), "1 ns later is expired")
		assert.Equal(t, tpl.CreatedAt(), got.CreatedAt())
	})
	t.Run("CreateTwiceConflicts_R2_8", func(t *testing.T) {
		s := newStore()
		tpl := fullTemplate(t, promotion.CouponPercentOff)
		require.NoError(t, s.Create(ctx, tpl))
		// Another definition under the same ID: refused, the first one kept.
		other := platformTemplate(t).Snapshot()
		other.ID = tpl.ID()
		dup, err := promotion.RestoreCouponTemplate(other)
		require.NoError(t, err)
		require.ErrorIs(t, s.Create(ctx, dup), shopkit.ErrConflict)
		require.ErrorIs(t, s.Create(ctx, tpl), shopkit.ErrConflict, "the same template again")
		got, err := s.Get(ctx, tpl.ID())
		require.NoError(t, err)
		assert.Equal(t, tpl.Snapshot(), got.Snapshot(), "the first template is kept")
	})
	t.Run("RacingCreatesOneWins_R2_8", func(t *testing.T) {
		s := newStore()
		tpl := fullTemplate(t, promotion.CouponAmountOff)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Create(ctx, tpl.Clone())
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			assert.ErrorIs(t, err, shopkit.ErrConflict)
		}
		assert.Equal(t, 1, ok, "exactly one Create of an ID succeeds")
		got, err := s.Get(ctx, tpl.ID())
		require.NoError(t, err)
		assert.Equal(t, tpl.Snapshot(), got.Snapshot())
	})
	t.Run("NotFound_R2_8", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound, "an empty store")
		require.NoError(t, s.Create(ctx, fullTemplate(t, promotion.CouponAmountOff)))
		_, err = s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound, "an ID not stored")
		_, err = s.Get(ctx, uuid.Nil)
		require.ErrorIs(t, err, shopkit.ErrNotFound, "the nil ID")
	})
}

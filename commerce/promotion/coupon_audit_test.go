package promotion_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cpWorld is a coupon service with one campaign template (limits 2 issued, 1
// used per customer, budget for exactly 3 coupons) and the state to compare.
type cpWorld struct {
	s     *promotion.CouponService
	st    promotion.CouponServiceConfig // the service's stores
	now   *time.Time
	camp  uuid.UUID
	tpl   *promotion.CouponTemplate
	other *promotion.CouponTemplate // a second shop template, no campaign
}

func newCPWorld(t *testing.T) *cpWorld {
	t.Helper()
	ctx := context.Background()
	now := cpStart.Add(time.Hour)
	s, st := cpService(t, &now)
	camps := cpCampaigns(t, st.Campaigns, &now)
	camp, err := camps.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "double 11", From: cpStart,
		To: cpStart.Add(72 * time.Hour), Budget: shopkit.CNY(3 * 2000)})
	require.NoError(t, err)
	sp := cpSpec()
	sp.CampaignID, sp.IssueLimit, sp.UseLimit = camp.ID(), 2, 1
	tpl, err := s.CreateTemplate(ctx, cpClerk, sp)
	require.NoError(t, err)
	other, err := s.CreateTemplate(ctx, cpClerk, cpSpec())
	require.NoError(t, err)
	return &cpWorld{s: s, st: st, now: &now, camp: camp.ID(), tpl: tpl, other: other}
}

// cpState is every stored snapshot the coupon service may change.
type cpState struct {
	Campaign promotion.CampaignSnapshot
	Quotas   map[string]*promotion.CouponQuotaSnapshot
	Coupons  map[string][]promotion.CouponSnapshot
}

func (w *cpWorld) state(t *testing.T) cpState {
	t.Helper()
	ctx := context.Background()
	c, err := w.st.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	st := cpState{Campaign: c.Snapshot(), Quotas: map[string]*promotion.CouponQuotaSnapshot{}, Coupons: map[string][]promotion.CouponSnapshot{}}
	for _, cust := range []string{"alice", "bob", "carol", "dave"} {
		for _, tpl := range []*promotion.CouponTemplate{w.tpl, w.other} {
			if q, err := w.st.Quotas.Get(ctx, promotion.QuotaID(tpl.ID(), cust)); err == nil {
				snap := q.Snapshot()
				st.Quotas[cust+"/"+tpl.ID().String()] = &snap
			}
		}
		cs, err := w.st.Coupons.ListByCustomer(ctx, cust, 100)
		require.NoError(t, err)
		for _, c := range cs {
			st.Coupons[cust] = append(st.Coupons[cust], c.Snapshot())
		}
	}
	return st
}

func (w *cpWorld) issue(t *testing.T, tpl *promotion.CouponTemplate, cust string) *promotion.Coupon {
	t.Helper()
	c, err := w.s.Issue(context.Background(), cpClerk, tpl.ID(), cust)
	require.NoError(t, err)
	return c
}

func cpBuyer(id string) shopkit.Actor { return shopkit.Actor{Role: shopkit.Buyer, ID: id} }

func cpApplied(c *promotion.Coupon, tpl *promotion.CouponTemplate, fen int64) promotion.AppliedCoupon {
	return promotion.AppliedCoupon{CouponID: c.ID(), TemplateID: tpl.ID(), CampaignID: tpl.CampaignID(), Discount: shopkit.CNY(fen)}
}

// R2.4 bad input: a coupon outside its validity, used twice, over the issue or
// use limit, another customer's, listed twice, claiming more than it takes off;
// a campaign outside its window or over budget. Each is a typed error with a
// stable code, and every stored quota, campaign and coupon is exactly as before.
func TestCouponServiceR2_4BadInputChangesNothing(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		kind error
		code string
		// setup prepares the world (its changes are part of "before"); act is the bad request.
		setup func(t *testing.T, w *cpWorld) func() error
	}{
		{"issue over the per-customer issue limit", shopkit.ErrConflict, promotion.CodeCouponIssueLimit,
			func(t *testing.T, w *cpWorld) func() error {
				w.issue(t, w.tpl, "alice")
				w.issue(t, w.tpl, "alice") // IssueLimit 2
				return func() error { _, err := w.s.Issue(ctx, cpClerk, w.tpl.ID(), "alice"); return err }
			}},
		{"issue over the campaign budget by one coupon", shopkit.ErrConflict, promotion.CodeCampaignBudget,
			func(t *testing.T, w *cpWorld) func() error {
				w.issue(t, w.tpl, "alice")
				w.issue(t, w.tpl, "bob")
				w.issue(t, w.tpl, "carol") // 3 × 20.00 = the whole budget: fits exactly
				return func() error { _, err := w.s.Issue(ctx, cpClerk, w.tpl.ID(), "dave"); return err }
			}},
		{"issue 1ns after the campaign ends", shopkit.ErrNotAllowed, promotion.CodeCampaignNotActive,
			func(t *testing.T, w *cpWorld) func() error {
				*w.now = cpStart.Add(72*time.Hour + time.Nanosecond)
				return func() error { _, err := w.s.Issue(ctx, cpClerk, w.tpl.ID(), "alice"); return err }
			}},
		{"issue 1ns before the campaign starts", shopkit.ErrNotAllowed, promotion.CodeCampaignNotActive,
			func(t *testing.T, w *cpWorld) func() error {
				*w.now = cpStart.Add(-time.Nanosecond)
				return func() error { _, err := w.s.Issue(ctx, cpClerk, w.tpl.ID(), "alice"); return err }
			}},
		{"issue 1ns after the coupon's validity", shopkit.ErrNotAllowed, promotion.CodeCouponExpired,
			func(t *testing.T, w *cpWorld) func() error {
				*w.now = cpSpec().ValidTo.Add(time.Nanosecond)
				return func() error { _, err := w.s.Issue(ctx, cpClerk, w.other.ID(), "alice"); return err }
			}},
		{"redeem a coupon twice", shopkit.ErrConflict, promotion.CodeCouponUsed,
			func(t *testing.T, w *cpWorld) func() error {
				c := w.issue(t, w.other, "alice")
				require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", []promotion.AppliedCoupon{cpApplied(c, w.other, 2000)}))
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "order-2", []promotion.AppliedCoupon{cpApplied(c, w.other, 2000)})
				}
			}},
		{"redeem over the per-customer use limit", shopkit.ErrConflict, promotion.CodeCouponUseLimit,
			func(t *testing.T, w *cpWorld) func() error {
				a, b := w.issue(t, w.tpl, "alice"), w.issue(t, w.tpl, "alice")
				require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", []promotion.AppliedCoupon{cpApplied(a, w.tpl, 2000)}))
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "order-2", []promotion.AppliedCoupon{cpApplied(b, w.tpl, 2000)})
				}
			}},
		{"redeem two coupons of one template in one order over the use limit", shopkit.ErrConflict, promotion.CodeCouponUseLimit,
			func(t *testing.T, w *cpWorld) func() error {
				a, b := w.issue(t, w.tpl, "alice"), w.issue(t, w.tpl, "alice")
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "order-1",
						[]promotion.AppliedCoupon{cpApplied(a, w.tpl, 1000), cpApplied(b, w.tpl, 1000)})
				}
			}},
		{"redeem a good coupon with one listed twice", shopkit.ErrConflict, promotion.CodeCouponUsed,
			func(t *testing.T, w *cpWorld) func() error {
				a, o := w.issue(t, w.tpl, "alice"), w.issue(t, w.other, "alice")
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "order-1",
						[]promotion.AppliedCoupon{cpApplied(a, w.tpl, 2000), cpApplied(o, w.other, 2000), cpApplied(o, w.other, 2000)})
				}
			}},
		{"redeem a good coupon then an expired one", shopkit.ErrNotAllowed, promotion.CodeCouponExpired,
			func(t *testing.T, w *cpWorld) func() error {
				a := w.issue(t, w.tpl, "alice")
				sp := cpSpec()
				sp.ValidTo = cpStart.Add(2 * time.Hour)
				short, err := w.s.CreateTemplate(ctx, cpClerk, sp)
				require.NoError(t, err)
				x := w.issue(t, short, "alice")
				*w.now = sp.ValidTo.Add(time.Nanosecond)
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "order-1",
						[]promotion.AppliedCoupon{cpApplied(a, w.tpl, 2000), cpApplied(x, short, 2000)})
				}
			}},
		{"redeem another customer's coupon", shopkit.ErrNotAllowed, shopkit.CodeNotParty,
			func(t *testing.T, w *cpWorld) func() error {
				c := w.issue(t, w.tpl, "alice")
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("bob"), "order-1", []promotion.AppliedCoupon{cpApplied(c, w.tpl, 2000)})
				}
			}},
		{"redeem claiming 1 fen more than the coupon takes off", shopkit.ErrInvalid, promotion.CodeInvalidCoupon,
			func(t *testing.T, w *cpWorld) func() error {
				c := w.issue(t, w.tpl, "alice")
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "order-1", []promotion.AppliedCoupon{cpApplied(c, w.tpl, 2001)})
				}
			}},
		{"redeem without an order", shopkit.ErrInvalid, promotion.CodeInvalidCoupon,
			func(t *testing.T, w *cpWorld) func() error {
				c := w.issue(t, w.tpl, "alice")
				return func() error {
					return w.s.Redeem(ctx, cpBuyer("alice"), "", []promotion.AppliedCoupon{cpApplied(c, w.tpl, 2000)})
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newCPWorld(t)
			act := tc.setup(t, w)
			before := w.state(t)
			err := act()
			require.ErrorIs(t, err, tc.kind)
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
			assert.Equal(t, before, w.state(t), "bad input changes nothing")
		})
	}
}

// R0.4: issuing, redeeming and releasing a campaign's coupon leave an audit
// entry on the quota, the campaign and the coupon: who (role and id), when,
// action, from and to.
func TestCouponServiceR0_4AuditTrail(t *testing.T) {
	ctx := context.Background()
	w := newCPWorld(t)
	issuedAt := *w.now
	c := w.issue(t, w.tpl, "alice")
	*w.now = issuedAt.Add(time.Hour)
	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", []promotion.AppliedCoupon{cpApplied(c, w.tpl, 1500)}))
	*w.now = issuedAt.Add(2 * time.Hour)
	support := shopkit.Actor{Role: shopkit.Platform, ID: "agent-7"}
	require.NoError(t, w.s.Release(ctx, support, c.ID(), "order cancelled before payment"))

	type row struct {
		Action, Role, Actor, From, To string
		At                            time.Time
	}
	// The trail is the store's: each entry once, in order, numbered from 1.
	rows := func(r shopkit.TrailReader, id uuid.UUID) []row {
		es, err := shopkit.ReadTrail(ctx, r, id, 3)
		require.NoError(t, err)
		out := make([]row, len(es))
		for i, e := range es {
			require.Equal(t, shopkit.EntryChange, e.Kind)
			require.Equal(t, i+1, e.Seq)
			out[i] = row{e.Action, string(e.Role), e.Actor, e.From, e.To, e.At}
		}
		return out
	}
	q, err := w.st.Quotas.Get(ctx, promotion.QuotaID(w.tpl.ID(), "alice"))
	require.NoError(t, err)
	assert.Equal(t, []row{
		{"issue", "merchant", cpClerk.ID, "issued 0", "issued 1", issuedAt},
		{"use", "buyer", "alice", "used 0", "used 1", issuedAt.Add(time.Hour)},
		{"unuse", "platform", "agent-7", "used 1", "used 0", issuedAt.Add(2 * time.Hour)},
	}, rows(w.st.Quotas, q.ID()))

	camp, err := w.st.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	assert.Equal(t, []row{
		{"create", "merchant", cpClerk.ID, "", "budget ¥60.00", issuedAt},
		{"add_template", "merchant", cpClerk.ID, "templates 0", "templates 1", issuedAt},
		{"reserve", "merchant", cpClerk.ID, "reserved ¥0.00", "reserved ¥20.00", issuedAt},
		{"spend", "buyer", "alice", "spent ¥0.00", "spent ¥15.00", issuedAt.Add(time.Hour)},
		{"spend", "platform", "agent-7", "spent ¥15.00", "spent ¥0.00", issuedAt.Add(2 * time.Hour)},
	}, rows(w.st.Campaigns, camp.ID()))

	got, err := w.st.Coupons.Get(ctx, c.ID())
	require.NoError(t, err)
	assert.Equal(t, []row{
		{"issue", "merchant", cpClerk.ID, "", "issued", issuedAt},
		{"use", "buyer", "alice", "issued", "used", issuedAt.Add(time.Hour)},
		{"release", "platform", "agent-7", "used", "issued", issuedAt.Add(2 * time.Hour)},
	}, rows(w.st.Coupons, got.ID()))
	for _, h := range [][]shopkit.Entry{q.Unsaved(), camp.Unsaved(), got.Unsaved(), q.History(), camp.History(), got.History()} {
		assert.Empty(t, h, "a loaded entity holds its state, not its trail")
	}
}

// R0.4, R2.7: a campaign's spend never changes silently: another currency, a
// take-back of more than was spent, or an int64 overflow is an error and
// changes nothing; taking back exactly what was spent reaches zero.
func TestCampaignR0_4RecordSpendRefusesSilentChanges(t *testing.T) {
	c, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.RecordSpend(cpClerk, "spend-1", "order-1", shopkit.CNY(1200), cpStart))
	before := c.Snapshot()
	for _, tc := range []struct {
		d    shopkit.Money
		kind error
		code string
	}{
		{shopkit.MustMoney(1, "EUR"), shopkit.ErrCurrencyMismatch, shopkit.CodeCurrencyMismatch},
		{shopkit.CNY(-1201), shopkit.ErrInvalid, promotion.CodeInvalidCampaign},
		{shopkit.CNY(1<<63 - 1), shopkit.ErrOverflow, shopkit.CodeOverflow},
	} {
		err := c.RecordSpend(cpClerk, "spend-2", "order-2", tc.d, cpStart)
		require.ErrorIs(t, err, tc.kind, tc.d.String())
		assert.Equal(t, tc.code, shopkit.CodeOf(err))
		assert.Equal(t, before, c.Snapshot())
	}
	require.NoError(t, c.RecordSpend(cpClerk, "back-1", "order-1", shopkit.CNY(-1200), cpStart))
	assert.True(t, c.Spent().IsZero())
}

// R2.4: Price is pure: a refused order (below the threshold, over the stacking
// limit, out of scope, zero quantity) leaves its coupons exactly as they were.
func TestPriceR2_4BadInputChangesNothing(t *testing.T) {
	tea := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Scope.Categories = []string{"tea"} })
	shop1, shop2 := cpUse(t, cpTemplate(t, nil)), cpUse(t, cpTemplate(t, nil))
	for _, tc := range []struct {
		name    string
		lines   []promotion.PriceLine
		coupons []promotion.CouponUse
		code    string
	}{
		{"below threshold by 1 fen", []promotion.PriceLine{cpLine("a", "tea", 9999, 1)}, []promotion.CouponUse{shop1}, promotion.CodeCouponBelowThreshold},
		{"two shop coupons", []promotion.PriceLine{cpLine("a", "tea", 50000, 1)}, []promotion.CouponUse{shop1, shop2}, promotion.CodeCouponStacking},
		{"out of scope", []promotion.PriceLine{cpLine("cup", "ware", 50000, 1)}, []promotion.CouponUse{cpUse(t, tea)}, promotion.CodeCouponOutOfScope},
		{"zero quantity", []promotion.PriceLine{cpLine("a", "tea", 50000, 0)}, []promotion.CouponUse{shop1}, promotion.CodeInvalidPriceInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before []promotion.CouponSnapshot
			for _, cu := range tc.coupons {
				before = append(before, cu.Coupon.Snapshot())
			}
			lines := append([]promotion.PriceLine(nil), tc.lines...)
			p, err := cpPrice(t, tc.lines, cpStart, tc.coupons...)
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
			assert.Equal(t, promotion.Priced{}, p)
			assert.Equal(t, lines, tc.lines)
			for i, cu := range tc.coupons {
				assert.Equal(t, before[i], cu.Coupon.Snapshot())
			}
		})
	}
}

package promotion_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/shopkit/shopkit/internal/faults"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The wrapped stores send their calls through one faults.Counter (Transient:
// its failures are the shopkit.Retry errors the services retry on), which fails
// the k-th: only that call (an error), or — crashed — that call and every
// later one, until the test restarts the stores (Disarm). A failed call
// returns without calling through, as a crash before it would.

// faultyCoupons is a coupon store whose every call goes through the fault
// counter first: the embedded Entity counts Create, Get, Update and Trail
// ("coupons.Create" and so on), the store's own queries are here.
type faultyCoupons struct {
	faults.Entity[*promotion.Coupon]
	in promotion.CouponStore
}

func newFaultyCoupons(in promotion.CouponStore, f *faults.Counter) faultyCoupons {
	return faultyCoupons{faults.Entity[*promotion.Coupon]{Store: in, C: f, Name: "coupons"}, in}
}

func (s faultyCoupons) Due(ctx context.Context, t time.Time, limit int) ([]*promotion.Coupon, error) {
	if err := s.C.Hit("coupons.Due"); err != nil {
		return nil, err
	}
	return s.in.Due(ctx, t, limit)
}

func (s faultyCoupons) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*promotion.Coupon, error) {
	if err := s.C.Hit("coupons.Claim"); err != nil {
		return nil, err
	}
	return s.in.Claim(ctx, t, limit, lease)
}

func (s faultyCoupons) ListByCustomer(ctx context.Context, customerID string, limit int) ([]*promotion.Coupon, error) {
	if err := s.C.Hit("coupons.ListByCustomer"); err != nil {
		return nil, err
	}
	return s.in.ListByCustomer(ctx, customerID, limit)
}

func (s faultyCoupons) Pending(ctx context.Context, limit int) ([]*promotion.Coupon, error) {
	if err := s.C.Hit("coupons.Pending"); err != nil {
		return nil, err
	}
	return s.in.Pending(ctx, limit)
}

// faultyCampaigns is faultyCoupons for the campaign store, on the same
// counter.
type faultyCampaigns struct {
	faults.Entity[*promotion.Campaign]
	in promotion.CampaignStore
}

func newFaultyCampaigns(in promotion.CampaignStore, f *faults.Counter) faultyCampaigns {
	return faultyCampaigns{faults.Entity[*promotion.Campaign]{Store: in, C: f, Name: "campaigns"}, in}
}

func (s faultyCampaigns) ListByShop(ctx context.Context, shopID uuid.UUID, endsAfter time.Time, limit int) ([]*promotion.Campaign, error) {
	if err := s.C.Hit("campaigns.ListByShop"); err != nil {
		return nil, err
	}
	return s.in.ListByShop(ctx, shopID, endsAfter, limit)
}

func (s faultyCampaigns) Pending(ctx context.Context, limit int) ([]*promotion.Campaign, error) {
	if err := s.C.Hit("campaigns.Pending"); err != nil {
		return nil, err
	}
	return s.in.Pending(ctx, limit)
}

// faultyQuotas is faultyCoupons for the quota store, on the same counter.
type faultyQuotas struct {
	faults.Entity[*promotion.CouponQuota]
	in promotion.CouponQuotaStore
}

func newFaultyQuotas(in promotion.CouponQuotaStore, f *faults.Counter) faultyQuotas {
	return faultyQuotas{faults.Entity[*promotion.CouponQuota]{Store: in, C: f, Name: "quotas"}, in}
}

func (s faultyQuotas) Pending(ctx context.Context, limit int) ([]*promotion.CouponQuota, error) {
	if err := s.C.Hit("quotas.Pending"); err != nil {
		return nil, err
	}
	return s.in.Pending(ctx, limit)
}

// faultyTemplates counts (and fails) only while count is set.
type faultyTemplates struct {
	in    promotion.CouponTemplateStore
	f     *faults.Counter
	count bool // count the template store's calls too
}

func (s *faultyTemplates) Create(ctx context.Context, t *promotion.CouponTemplate) error {
	if s.count {
		if err := s.f.Hit("templates.Create"); err != nil {
			return err
		}
	}
	return s.in.Create(ctx, t)
}

func (s *faultyTemplates) Get(ctx context.Context, id uuid.UUID) (*promotion.CouponTemplate, error) {
	if s.count {
		if err := s.f.Hit("templates.Get"); err != nil {
			return nil, err
		}
	}
	return s.in.Get(ctx, id)
}

// sagaWorld is a coupon service whose stores fail on demand, with one
// campaign template (2 issued and 1 used per customer, budget for 3 coupons)
// and one template without campaign, and the stores themselves to inspect.
type sagaWorld struct {
	s         *promotion.CouponService
	raw       promotion.CouponServiceConfig // the stores behind the faults
	f         *faults.Counter
	templates *faultyTemplates
	now       *time.Time
	grace     time.Duration
	camp      uuid.UUID
	tpl       *promotion.CouponTemplate
	other     *promotion.CouponTemplate
}

func newSagaWorld(t *testing.T) *sagaWorld {
	t.Helper()
	ctx := context.Background()
	now := cpStart.Add(time.Hour)
	clock := func() time.Time { return now }
	raw := promotiontest.NewCouponServiceConfig(clock)
	f := &faults.Counter{Transient: true}
	templates := &faultyTemplates{in: raw.Templates, f: f}
	cfg := promotion.CouponServiceConfig{Templates: templates, Quotas: newFaultyQuotas(raw.Quotas, f),
		Coupons: newFaultyCoupons(raw.Coupons, f), Campaigns: newFaultyCampaigns(raw.Campaigns, f), Clock: clock,
		Policy: promotion.DefaultCouponPolicy()}
	s, err := promotion.NewCouponService(cfg)
	require.NoError(t, err)
	camps := cpCampaigns(t, raw.Campaigns, &now)
	camp, err := camps.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "double 11", From: cpStart,
		To: cpStart.Add(72 * time.Hour), Budget: shopkit.CNY(3 * 2000)})
	require.NoError(t, err)
	sp := cpSpec()
	sp.CampaignID, sp.IssueLimit, sp.UseLimit = camp.ID(), 2, 1
	tpl, err := s.CreateTemplate(ctx, cpClerk, sp)
	require.NoError(t, err)
	other, err := s.CreateTemplate(ctx, cpClerk, cpSpec())
	require.NoError(t, err)
	w := &sagaWorld{s: s, raw: raw, f: f, templates: templates, now: &now, grace: cfg.Policy.Grace, camp: camp.ID(),
		tpl: tpl, other: other}
	w.settle(t)
	return w
}

// settle moves the clock past the grace period and resumes, three times:
// enough for every hold to be confirmed or given back and every remembered
// spend to be marked done and forgotten. Nothing may fail, and nothing may be
// left pending.
func (w *sagaWorld) settle(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for range 3 {
		*w.now = w.now.Add(w.grace + time.Nanosecond)
		res, err := w.s.Resume(ctx)
		require.NoError(t, err)
		require.Empty(t, res.Failures)
	}
	res, err := w.s.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "a second Resume finds nothing to do")
	cs, err := w.raw.Coupons.Pending(ctx, 10)
	require.NoError(t, err)
	qs, err := w.raw.Quotas.Pending(ctx, 10)
	require.NoError(t, err)
	ks, err := w.raw.Campaigns.Pending(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, cs, "no coupon step left")
	require.Empty(t, qs, "no quota hold left")
	require.Empty(t, ks, "no campaign hold or spend left")
}

func (w *sagaWorld) issue(t *testing.T, tpl *promotion.CouponTemplate, cust string) *promotion.Coupon {
	t.Helper()
	c, err := w.s.Issue(context.Background(), cpClerk, tpl.ID(), cust)
	require.NoError(t, err)
	return c
}

// sagaCoupon is what a coupon's state says, without its identity and times.
type sagaCoupon struct {
	Template string
	State    promotion.CouponState
	OrderRef string
	Discount int64
	Together int
	Steps    int
}

// sagaQuota is a quota's counts.
type sagaQuota struct{ Issued, Used, Holds int }

// sagaOutcome is everything the tests compare with the fault-free run, to
// the fen.
type sagaOutcome struct {
	Budget, Reserved, Spent int64
	Issued                  int64
	Templates               int
	Quotas                  map[string]sagaQuota
	Coupons                 []sagaCoupon
}

func (w *sagaWorld) outcome(t *testing.T) sagaOutcome {
	t.Helper()
	ctx := context.Background()
	c, err := w.raw.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	out := sagaOutcome{Budget: c.Budget().Amount(), Reserved: c.Reserved().Amount(), Spent: c.Spent().Amount(),
		Issued: c.Issued(), Templates: len(c.Templates()), Quotas: map[string]sagaQuota{}}
	name := map[uuid.UUID]string{w.tpl.ID(): "campaign", w.other.ID(): "other"}
	for id, n := range name {
		q, err := w.raw.Quotas.Get(ctx, promotion.QuotaID(id, "alice"))
		if errors.Is(err, shopkit.ErrNotFound) {
			out.Quotas[n] = sagaQuota{} // none stored counts as nothing counted
			continue
		}
		require.NoError(t, err)
		out.Quotas[n] = sagaQuota{Issued: q.Issued(), Used: q.Used(), Holds: len(q.Snapshot().Holds)}
	}
	cs, err := w.raw.Coupons.ListByCustomer(ctx, "alice", 100)
	require.NoError(t, err)
	for _, c := range cs {
		s := c.Snapshot()
		out.Coupons = append(out.Coupons, sagaCoupon{Template: name[s.TemplateID], State: s.State, OrderRef: s.OrderRef,
			Discount: s.Discount.Amount(), Together: s.OrderCoupons, Steps: len(s.Steps)})
	}
	slices.SortFunc(out.Coupons, func(a, b sagaCoupon) int {
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	// Nothing applied twice: each spend key moved the campaign's Spent once.
	trail, err := shopkit.ReadTrail(ctx, w.raw.Campaigns, w.camp, 50)
	require.NoError(t, err)
	keys := map[string]int{}
	for _, e := range trail {
		if e.Action == "spend" {
			keys[e.Reason]++
		}
	}
	for k, n := range keys {
		assert.Equal(t, 1, n, "spend %s recorded %d times", k, n)
	}
	return out
}

// sagaCase is an action under test: setup prepares the world (without
// faults), act runs the action, and retry reports whether a host would run it
// again after act's result.
type sagaCase struct {
	name  string
	setup func(t *testing.T, w *sagaWorld) any
	act   func(w *sagaWorld, arg any) error
	retry func(err error) bool
	calls []string // the store calls of the fault-free run
}

// hostRetries is what a host does after Redeem or Release: run it again,
// unless it took effect and only a follow-up is pending (Resume finishes
// that).
func hostRetries(err error) bool {
	return err != nil && shopkit.CodeOf(err) != promotion.CodeStepPending
}

var sagaCases = []sagaCase{
	{
		name:  "issue",
		setup: func(t *testing.T, w *sagaWorld) any { return nil },
		act: func(w *sagaWorld, _ any) error {
			c, err := w.s.Issue(context.Background(), cpClerk, w.tpl.ID(), "alice")
			if c == nil && err == nil {
				return errors.New("no coupon and no error")
			}
			if c != nil {
				return nil // stored: the host keeps it, whatever else happened
			}
			return err
		},
		retry: func(err error) bool { return err != nil },
		calls: []string{"quotas.Get", "campaigns.Get", "quotas.Create", "campaigns.Update", "coupons.Create"},
	},
	{
		name: "use",
		setup: func(t *testing.T, w *sagaWorld) any {
			c := w.issue(t, w.tpl, "alice")
			w.settle(t)
			return []promotion.AppliedCoupon{cpApplied(c, w.tpl, 1500)}
		},
		act: func(w *sagaWorld, arg any) error {
			return w.s.Redeem(context.Background(), cpBuyer("alice"), "order-1", arg.([]promotion.AppliedCoupon))
		},
		retry: hostRetries,
		calls: []string{"coupons.Get", "quotas.Get", "quotas.Update", "coupons.Update", "campaigns.Update", "coupons.Update"},
	},
	{
		name: "use two in one order",
		setup: func(t *testing.T, w *sagaWorld) any {
			a, b := w.issue(t, w.tpl, "alice"), w.issue(t, w.other, "alice")
			w.settle(t)
			return []promotion.AppliedCoupon{cpApplied(a, w.tpl, 1500), cpApplied(b, w.other, 500)}
		},
		act: func(w *sagaWorld, arg any) error {
			return w.s.Redeem(context.Background(), cpBuyer("alice"), "order-1", arg.([]promotion.AppliedCoupon))
		},
		retry: hostRetries,
		calls: []string{"coupons.Get", "coupons.Get", "quotas.Get", "quotas.Get",
			"quotas.Update", "coupons.Update", "quotas.Update", "coupons.Update", "campaigns.Update", "coupons.Update"},
	},
	{
		name: "release",
		setup: func(t *testing.T, w *sagaWorld) any {
			c := w.issue(t, w.tpl, "alice")
			require.NoError(t, w.s.Redeem(context.Background(), cpBuyer("alice"), "order-1",
				[]promotion.AppliedCoupon{cpApplied(c, w.tpl, 1500)}))
			w.settle(t)
			return c.ID()
		},
		act: func(w *sagaWorld, arg any) error {
			return w.s.Release(context.Background(), cpBuyer("alice"), arg.(uuid.UUID), "order cancelled before payment")
		},
		retry: hostRetries,
		calls: []string{"coupons.Update", "campaigns.Update", "quotas.Update", "coupons.Update"},
	},
}

// R2.4, R2.8 (_Crash): using, releasing and issuing a campaign's coupon each
// take several store calls. Whichever one fails — only that call, or (a
// crash) every call from it on — Resume with the clock past the grace period,
// and the host's retry where a host would retry, leave exactly what the
// fault-free run leaves: the campaign's budget, reserved and spent amounts to
// the fen, its issued count, the coupons' states, orders and discounts, the
// quota's issued and used counts, nothing pending, and no spend recorded
// twice.
func TestCouponServiceR2_8StepsAcrossStores_Crash(t *testing.T) {
	ctx := context.Background()
	for _, tc := range sagaCases {
		t.Run(tc.name, func(t *testing.T) {
			w := newSagaWorld(t)
			arg := tc.setup(t, w)
			w.f.Arm(0, false)
			require.NoError(t, tc.act(w, arg))
			calls := w.f.Calls()
			assert.Equal(t, tc.calls, calls, "the fault-free run's store calls")
			w.settle(t)
			want := w.outcome(t)

			for k := 1; k <= len(calls); k++ {
				for _, crash := range []bool{false, true} {
					t.Run(fmt.Sprintf("fail %d %s crash=%v", k, calls[k-1], crash), func(t *testing.T) {
						w := newSagaWorld(t)
						arg := tc.setup(t, w)
						w.f.Arm(k, crash)
						err := tc.act(w, arg)
						w.f.Disarm() // the stores are back (after a restart)
						w.settle(t)
						if tc.retry(err) {
							require.NoError(t, tc.act(w, arg), "the host's retry (after %v)", err)
							w.settle(t)
						}
						assert.Equal(t, want, w.outcome(t))
					})
				}
			}
		})
	}
	_ = ctx
}

// R2.8 (_Resume): a use whose campaign spend failed stands, its step pending;
// Resume records the spend once and marks the step done, and running Resume
// again changes nothing. A host's retry of the same Redeem meanwhile finishes
// the step too, and nothing is counted twice.
func TestCouponServiceR2_8UseFinishedByResume_Resume(t *testing.T) {
	ctx := context.Background()
	for _, retry := range []bool{false, true} {
		t.Run(fmt.Sprintf("retry=%v", retry), func(t *testing.T) {
			w := newSagaWorld(t)
			c := w.issue(t, w.tpl, "alice")
			w.settle(t)
			applied := []promotion.AppliedCoupon{cpApplied(c, w.tpl, 1500)}
			w.f.Arm(5, true) // the campaign's spend, and everything after it
			err := w.s.Redeem(ctx, cpBuyer("alice"), "order-1", applied)
			w.f.Disarm()
			require.ErrorIs(t, err, shopkit.ErrRetry)
			require.ErrorIs(t, err, faults.ErrInjected)
			assert.Equal(t, promotion.CodeStepPending, shopkit.CodeOf(err), "the use took effect")

			got, err := w.raw.Coupons.Get(ctx, c.ID())
			require.NoError(t, err)
			assert.Equal(t, promotion.CouponUsed, got.State())
			require.Len(t, got.Steps(), 1)
			step := got.Steps()[0]
			assert.Equal(t, promotion.CouponStep{Kind: promotion.StepSpend, OrderRef: "order-1", Discount: shopkit.CNY(1500),
				Seq: got.Snapshot().Seq, At: step.At}, step)
			pending, err := w.raw.Coupons.Pending(ctx, 10)
			require.NoError(t, err)
			require.Len(t, pending, 1)
			camp, err := w.raw.Campaigns.Get(ctx, w.camp)
			require.NoError(t, err)
			assert.True(t, camp.Spent().IsZero(), "not spent yet")

			if retry {
				require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", applied), "the same request again")
			}
			res, err := w.s.Resume(ctx)
			require.NoError(t, err)
			assert.Empty(t, res.Failures)
			camp, err = w.raw.Campaigns.Get(ctx, w.camp)
			require.NoError(t, err)
			assert.Equal(t, int64(1500), camp.Spent().Amount(), "spent once")
			w.settle(t)
			camp, err = w.raw.Campaigns.Get(ctx, w.camp)
			require.NoError(t, err)
			assert.Equal(t, int64(1500), camp.Spent().Amount())
			assert.Empty(t, camp.Snapshot().Spends, "the key is forgotten once the step is done and the grace period over")
		})
	}
}

// R2.8 (_Resume): an issue that stopped after the holds — before its coupon
// was stored — keeps the budget and the issue limit strict until Resume gives
// the holds back, and only after the grace period: within it the coupon may
// still be on its way.
func TestCouponServiceR2_8IssueHoldsGivenBackAfterGrace_Resume(t *testing.T) {
	ctx := context.Background()
	w := newSagaWorld(t)
	w.f.Arm(5, true) // storing the coupon, and the take-backs after it
	c, err := w.s.Issue(ctx, cpClerk, w.tpl.ID(), "alice")
	w.f.Disarm()
	require.Nil(t, c)
	require.ErrorIs(t, err, faults.ErrInjected)
	camp, err := w.raw.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	assert.Equal(t, int64(2000), camp.Reserved().Amount(), "held: the budget stays strict")
	assert.Len(t, camp.Snapshot().Holds, 1)
	q, err := w.raw.Quotas.Get(ctx, promotion.QuotaID(w.tpl.ID(), "alice"))
	require.NoError(t, err)
	assert.Equal(t, 1, q.Issued(), "held: the issue limit stays strict")

	*w.now = w.now.Add(w.grace) // exactly the grace period: still in time
	res, err := w.s.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Applied)
	camp, err = w.raw.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	assert.Equal(t, int64(2000), camp.Reserved().Amount())

	*w.now = w.now.Add(time.Nanosecond)
	res, err = w.s.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Applied, "the quota and the campaign")
	camp, err = w.raw.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	assert.True(t, camp.Reserved().IsZero())
	assert.Zero(t, camp.Issued())
	q, err = w.raw.Quotas.Get(ctx, promotion.QuotaID(w.tpl.ID(), "alice"))
	require.NoError(t, err)
	assert.Zero(t, q.Issued())
	h, err := shopkit.ReadTrail(ctx, w.raw.Campaigns, w.camp, 50)
	require.NoError(t, err)
	assert.Equal(t, "unreserve", h[len(h)-1].Action)
	assert.Equal(t, shopkit.System, h[len(h)-1].Role)
	res, err = w.s.Resume(ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "running it twice is harmless")
}

// R2.8 (_Resume): Resume reports an entity it could not finish, with the
// cause, goes on with the others, and finishes it on a later run.
func TestCouponServiceR2_8ResumeReportsFailures_Resume(t *testing.T) {
	ctx := context.Background()
	w := newSagaWorld(t)
	a, b := w.issue(t, w.tpl, "alice"), w.issue(t, w.tpl, "bob")
	w.settle(t)
	for _, c := range []*promotion.Coupon{a, b} {
		w.f.Arm(5, false) // each redemption's campaign spend
		err := w.s.Redeem(ctx, cpBuyer(c.CustomerID()), "order-"+c.CustomerID(), []promotion.AppliedCoupon{cpApplied(c, w.tpl, 1000)})
		assert.Equal(t, promotion.CodeStepPending, shopkit.CodeOf(err))
	}
	w.f.Arm(3, false) // Resume: the pending list, the first coupon's campaign spend
	res, err := w.s.Resume(ctx)
	w.f.Disarm()
	require.NoError(t, err)
	require.Len(t, res.Failures, 1)
	require.ErrorIs(t, res.Failures[0].Err, faults.ErrInjected)
	assert.GreaterOrEqual(t, res.Applied, 1, "the other coupon is finished")
	w.settle(t)
	camp, err := w.raw.Campaigns.Get(ctx, w.camp)
	require.NoError(t, err)
	assert.Equal(t, int64(2000), camp.Spent().Amount(), "both spends, once each")
}

// R2.8 (_Crash): an action that runs for longer than half the grace period
// takes no step that Resume may meanwhile have given up on: Issue stores no
// coupon and gives its holds back.
func TestCouponServiceR2_8SlowIssueStoresNoCoupon_Crash(t *testing.T) {
	ctx := context.Background()
	w := newSagaWorld(t)
	before := w.outcome(t)
	start := *w.now
	calls := 0
	slow, err := promotion.NewCouponService(promotion.CouponServiceConfig{Templates: w.raw.Templates, Quotas: w.raw.Quotas,
		Coupons: w.raw.Coupons, Campaigns: w.raw.Campaigns, Policy: promotion.DefaultCouponPolicy(),
		Clock: func() time.Time {
			calls++
			if calls == 1 {
				return start
			}
			return start.Add(w.grace / 2) // the action stalled
		}})
	require.NoError(t, err)
	c, err := slow.Issue(ctx, cpClerk, w.tpl.ID(), "alice")
	require.Nil(t, c)
	require.ErrorIs(t, err, shopkit.ErrRetry)
	assert.Equal(t, before, w.outcome(t), "the holds are given back, no coupon stored")
}

// R2.8 (_Crash): creating a campaign's template lists it on the campaign
// before storing it. When storing fails, the campaign takes it out again at
// once; after a crash between the two, Resume takes it out once the grace
// period has passed; the host's retry then leaves one template, as the
// fault-free run does.
func TestCouponServiceR2_8CreateTemplate_Crash(t *testing.T) {
	ctx := context.Background()
	create := func(w *sagaWorld) (*promotion.CouponTemplate, error) {
		sp := cpSpec()
		sp.Name, sp.CampaignID = "second", w.camp
		return w.s.CreateTemplate(ctx, cpClerk, sp)
	}
	w := newSagaWorld(t)
	w.templates.count = true
	w.f.Arm(0, false)
	_, err := create(w)
	require.NoError(t, err)
	calls := w.f.Calls()
	assert.Equal(t, []string{"campaigns.Update", "templates.Create"}, calls)
	w.templates.count = false
	w.settle(t)
	want := w.outcome(t)
	for k := 1; k <= len(calls); k++ {
		for _, crash := range []bool{false, true} {
			t.Run(fmt.Sprintf("fail %d %s crash=%v", k, calls[k-1], crash), func(t *testing.T) {
				w := newSagaWorld(t)
				w.templates.count = true
				w.f.Arm(k, crash)
				tpl, err := create(w)
				w.f.Disarm()
				w.templates.count = false
				require.Error(t, err)
				require.Nil(t, tpl)
				w.settle(t)
				camp, err := w.raw.Campaigns.Get(ctx, w.camp)
				require.NoError(t, err)
				for _, id := range camp.Templates() {
					_, err := w.raw.Templates.Get(ctx, id)
					require.NoError(t, err, "the campaign lists only stored templates")
				}
				_, err = create(w)
				require.NoError(t, err, "the host's retry")
				w.settle(t)
				assert.Equal(t, want, w.outcome(t))
			})
		}
	}
}

// R2.8: the grace period is a policy a host may change; the zero policy in a
// service's configuration is the default, and a negative or zero grace on its
// own is refused, naming the field.
func TestCouponPolicyR2_8Validates(t *testing.T) {
	require.NoError(t, promotion.DefaultCouponPolicy().Validate())
	assert.Equal(t, 15*time.Minute, promotion.DefaultCouponPolicy().Grace)
	assert.Equal(t, []string{"grace"}, fields(t, promotion.CouponPolicy{}.Validate(), promotion.CodeInvalidPolicy))
	cfg := promotiontest.NewCouponServiceConfig(func() time.Time { return cpStart })
	cfg.Policy = promotion.CouponPolicy{Grace: -time.Second}
	_, err := promotion.NewCouponService(cfg)
	assert.Equal(t, []string{"policy.grace"}, fields(t, err, promotion.CodeInvalidConfig))
	cfg.Policy = promotion.CouponPolicy{}
	_, err = promotion.NewCouponService(cfg)
	require.NoError(t, err, "the zero policy is the default")
	var p promotion.CouponPolicy
	err = p.UnmarshalJSON([]byte(`{"Grase": 1}`))
	assert.Equal(t, promotion.CodeInvalidPolicy, shopkit.CodeOf(err), "strict decoding")
	require.NoError(t, p.UnmarshalJSON([]byte(`{"grace": "PT1M"}`)))
	assert.Equal(t, time.Minute, p.Grace)
}

// R2.8: a campaign's spend is idempotent by its key: the same key and
// discount again changes nothing, the same key with another discount is
// CodeKeyReused and changes nothing, an empty key is refused; totals stay
// exact to the fen.
func TestCampaignR2_8RecordSpendIsIdempotentByKey(t *testing.T) {
	c, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.RecordSpend(cpClerk, "k1", "order-1", shopkit.CNY(1201), cpStart))
	before := c.Snapshot()
	require.NoError(t, c.RecordSpend(cpClerk, "k1", "order-1", shopkit.CNY(1201), cpStart), "carried out again")
	assert.Equal(t, before, c.Snapshot())
	err = c.RecordSpend(cpClerk, "k1", "order-1", shopkit.CNY(1200), cpStart)
	assert.Equal(t, promotion.CodeKeyReused, shopkit.CodeOf(err))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, before, c.Snapshot())
	err = c.RecordSpend(cpClerk, "", "order-1", shopkit.CNY(1), cpStart)
	assert.Equal(t, promotion.CodeInvalidCampaign, shopkit.CodeOf(err))
	require.NoError(t, c.RecordSpend(cpClerk, "k2", "order-1", shopkit.CNY(-1201), cpStart))
	assert.True(t, c.Spent().IsZero())
}

// R2.8: a snapshot carries the pending steps and holds, round-trips, and
// restoring validates them, naming the field.
func TestRestoreValidatesSteps_R2_8(t *testing.T) {
	tpl := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.CampaignID = uuid.New() })
	c := cpUse(t, tpl).Coupon
	require.NoError(t, c.Use(cpBuyer("cust-1"), "order-1", shopkit.CNY(2000), cpStart.Add(time.Hour)))
	require.NoError(t, c.Release(cpBuyer("cust-1"), cpStart.Add(2*time.Hour), "order cancelled"))
	require.Len(t, c.Steps(), 2, "the spend, then the give-back")
	back, err := promotion.RestoreCoupon(c.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, c.Snapshot(), back.Snapshot())
	for name, edit := range map[string]func(*promotion.CouponSnapshot){
		"unknown kind":         func(s *promotion.CouponSnapshot) { s.Steps[0].Kind = "refund" },
		"no order":             func(s *promotion.CouponSnapshot) { s.Steps[0].OrderRef = "" },
		"no time":              func(s *promotion.CouponSnapshot) { s.Steps[1].At = time.Time{} },
		"negative discount":    func(s *promotion.CouponSnapshot) { s.Steps[0].Discount = shopkit.CNY(-1) },
		"seq beyond the trail": func(s *promotion.CouponSnapshot) { s.Steps[1].Seq = s.Seq + 1 },
		"twice":                func(s *promotion.CouponSnapshot) { s.Steps[1] = s.Steps[0] },
		"spend without campaign": func(s *promotion.CouponSnapshot) {
			s.CampaignID = uuid.Nil
		},
	} {
		s := c.Snapshot()
		edit(&s)
		got, err := promotion.RestoreCoupon(s)
		assert.Nil(t, got, name)
		assert.Equal(t, []string{"steps"}, fields(t, err, promotion.CodeInvalidSnapshot), name)
	}

	q := promotion.NewCouponQuota(tpl.ID(), "alice")
	require.NoError(t, q.Issue(cpClerk, tpl, "coupon-1", cpStart))
	qs := q.Snapshot()
	qs.Holds = append(qs.Holds, qs.Holds[0])
	_, err = promotion.RestoreCouponQuota(qs)
	assert.Equal(t, []string{"holds"}, fields(t, err, promotion.CodeInvalidSnapshot))
	qs = q.Snapshot()
	qs.UsedBy = []string{"coupon-1 order-1"}
	_, err = promotion.RestoreCouponQuota(qs)
	assert.Equal(t, []string{"used_by"}, fields(t, err, promotion.CodeInvalidSnapshot))

	camp, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, camp.Reserve(cpClerk, "coupon-1", shopkit.CNY(2000), cpStart))
	require.NoError(t, camp.RecordSpend(cpClerk, "k1", "order-1", shopkit.CNY(100), cpStart))
	ks := camp.Snapshot()
	ks.Holds[0].Amount = shopkit.CNY(2001) // more than reserved
	ks.Spends = append(ks.Spends, ks.Spends[0])
	_, err = promotion.RestoreCampaign(ks)
	assert.Equal(t, []string{"holds", "spends"}, fields(t, err, promotion.CodeInvalidSnapshot))
}

// R2.4, R2.8 (_Resume): a coupon released while its give-back is still
// pending can be used again at once (UseLimit 1): Redeem carries the
// give-back out first, so the released use no longer counts, and the spend
// of the new use is recorded apart from the old one's.
func TestCouponServiceR2_8ReuseAfterPendingRelease_Resume(t *testing.T) {
	ctx := context.Background()
	w := newSagaWorld(t)
	c := w.issue(t, w.tpl, "alice")
	applied := []promotion.AppliedCoupon{cpApplied(c, w.tpl, 1500)}
	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", applied))
	w.f.Arm(2, true) // the release's give-back, and everything after it
	err := w.s.Release(ctx, cpBuyer("alice"), c.ID(), "order cancelled")
	w.f.Disarm()
	assert.Equal(t, promotion.CodeStepPending, shopkit.CodeOf(err))
	q, err := w.raw.Quotas.Get(ctx, promotion.QuotaID(w.tpl.ID(), "alice"))
	require.NoError(t, err)
	assert.Equal(t, 1, q.Used(), "the give-back is pending")

	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1", applied), "the same order uses it again")
	w.settle(t)
	out := w.outcome(t)
	assert.Equal(t, int64(1500), out.Spent, "spent, given back, spent again")
	assert.Equal(t, sagaQuota{Issued: 1, Used: 1}, out.Quotas["campaign"])
	assert.Equal(t, []sagaCoupon{{Template: "campaign", State: promotion.CouponUsed, OrderRef: "order-1", Discount: 1500, Together: 1}}, out.Coupons)
}

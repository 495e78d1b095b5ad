package membership_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/faults"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A coupon grant spans the member store and the host's coupon issuer (R5.4):
// a member Update records the pending grant, the issuer issues by the grant's
// key, a second member Update records the coupon (docs/storage.md, "Steps
// across two stores"). A failed call, or a crash before it, loses nothing and
// doubles nothing once Resume has run (and, where a host would, the action is
// retried), and no call is made inside a member Update closure (R2.8).

// sagaWorld is a service over a member store and an issuer whose every call
// goes through one fault counter first; a failed call does not reach them.
// store and iss are the real ones, which the assertions read directly.
type sagaWorld struct {
	svc    *membership.Service
	store  *membershiptest.Store
	iss    *fakeIssuer
	faults *faults.Counter
	ctx    context.Context
	inFn   atomic.Int32 // member Update closures running
	nested atomic.Int32 // calls made while one was running (actions run one at a time)
	// parallel turns the nesting check off: with actions running at once,
	// another action's closure may be running.
	parallel bool
	mu       sync.Mutex
	where    []string // the nested calls, by name
}

func newSagaWorld(t testing.TB) *sagaWorld {
	t.Helper()
	w := &sagaWorld{store: membershiptest.NewStore(), iss: &fakeIssuer{}, faults: &faults.Counter{}, ctx: context.Background()}
	w.svc = w.service(t, shop, w.store)
	return w
}

// service builds a service of the shop over store (wrapped) and the world's
// issuer (wrapped).
func (w *sagaWorld) service(t testing.TB, shopID uuid.UUID, store membership.Store) *membership.Service {
	t.Helper()
	s, err := membership.NewService(membership.ServiceConfig{Store: faultyMembers{store, w}, Tiers: newSet(t, membership.ByAmount),
		ShopID: shopID, Clock: start, Coupons: faultyIssuer{w.iss, w}})
	require.NoError(t, err)
	return s
}

// hit counts a call, notes it when it is made inside a member Update closure,
// and returns the injected failure when it is the armed one.
func (w *sagaWorld) hit(op string) error {
	if !w.parallel && w.inFn.Load() > 0 {
		w.nested.Add(1)
		w.mu.Lock()
		w.where = append(w.where, op)
		w.mu.Unlock()
	}
	return w.faults.Hit(op)
}

type faultyMembers struct {
	s membership.Store
	w *sagaWorld
}

func (f faultyMembers) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	if err := f.w.hit("members.Trail"); err != nil {
		return nil, err
	}
	return f.s.Trail(ctx, id, after, limit)
}

func (f faultyMembers) Create(ctx context.Context, m *membership.Member) error {
	if err := f.w.hit("members.Create"); err != nil {
		return err
	}
	return f.s.Create(ctx, m)
}

func (f faultyMembers) Get(ctx context.Context, id uuid.UUID) (*membership.Member, error) {
	if err := f.w.hit("members.Get"); err != nil {
		return nil, err
	}
	return f.s.Get(ctx, id)
}

func (f faultyMembers) Update(ctx context.Context, id uuid.UUID, fn func(*membership.Member) error) error {
	if err := f.w.hit("members.Update"); err != nil {
		return err
	}
	return f.s.Update(ctx, id, func(m *membership.Member) error {
		f.w.inFn.Add(1)
		defer f.w.inFn.Add(-1)
		return fn(m)
	})
}

func (f faultyMembers) ByTier(ctx context.Context, shopID uuid.UUID, tier string, after uuid.UUID, limit int) ([]*membership.Member, error) {
	if err := f.w.hit("members.ByTier"); err != nil {
		return nil, err
	}
	return f.s.ByTier(ctx, shopID, tier, after, limit)
}

func (f faultyMembers) Pending(ctx context.Context, limit int) ([]*membership.Member, error) {
	if err := f.w.hit("members.Pending"); err != nil {
		return nil, err
	}
	return f.s.Pending(ctx, limit)
}

type faultyIssuer struct {
	iss *fakeIssuer
	w   *sagaWorld
}

func (f faultyIssuer) Issue(ctx context.Context, key, templateID, customerID string, now time.Time) (string, error) {
	if err := f.w.hit("issuer.Issue"); err != nil {
		return "", err
	}
	return f.iss.Issue(ctx, key, templateID, customerID, now)
}

// agent is the shop's customer-service agent (R6.1).
func agent() shopkit.Actor {
	return shopkit.Actor{Role: shopkit.Merchant, ID: "agent-3", Shops: []uuid.UUID{shop}}
}

// grantOut is a grant as the outcome compares it: its coupon is checked
// against the issuer's record of its key, for the issuer numbers coupons in
// the order it is called.
type grantOut struct {
	TemplateID, Key, Reason string
	At                      time.Time
	By                      shopkit.Actor
}

// memberOut is a member's coupons at the end of a run.
type memberOut struct {
	Coupons []grantOut
	Pending int
	Granted map[string]int // by template
	Entries map[string]int // grant_coupon and issue_coupon entries
}

// outcome reads the customers' members and checks what must hold in every run
// (R5.4): exactly one coupon issued per grant, each grant's coupon the one the
// issuer issued for its key, one grant entry and one issue entry with one
// notify effect per grant, no effect ID twice, and no call made inside a
// member Update closure.
func (w *sagaWorld) outcome(t testing.TB, customers ...string) map[string]memberOut {
	t.Helper()
	issued := w.iss.issued()
	out := map[string]memberOut{}
	keys := 0
	for _, c := range customers {
		id := membership.MemberID(shop, c)
		m, err := w.store.Get(w.ctx, id)
		require.NoError(t, err)
		mo := memberOut{Pending: len(m.PendingCoupons()), Granted: map[string]int{}, Entries: map[string]int{}}
		for _, g := range m.Coupons() {
			mo.Coupons = append(mo.Coupons, grantOut{TemplateID: g.TemplateID, Key: g.Key, Reason: g.Reason, At: g.At, By: g.By})
			mo.Granted[g.TemplateID] = m.Granted(g.TemplateID)
			assert.Equal(t, issued[g.Key], g.CouponID, "R5.4: grant %s holds the coupon issued for its key", g.Key)
			keys++
		}
		trail, err := shopkit.ReadTrail(w.ctx, w.store, id, 50)
		require.NoError(t, err)
		effects := map[string]bool{}
		notified := map[string]int{}
		for _, e := range trail {
			if e.Kind == shopkit.EntryEffect {
				assert.False(t, effects[e.Effect.ID], "effect %s twice", e.Effect.ID)
				effects[e.Effect.ID] = true
				notified[e.Effect.Ref]++
				continue
			}
			if e.Action == membership.ActionGrantCoupon || e.Action == membership.ActionIssueCoupon {
				mo.Entries[e.Action]++
			}
		}
		for _, g := range m.Coupons() {
			assert.Equal(t, 1, notified[g.CouponID], "R5.4: the buyer is told of coupon %s once", g.CouponID)
		}
		out[c] = mo
	}
	assert.Len(t, issued, keys, "R5.4: exactly one coupon issued per grant, none without its grant")
	assert.Zero(t, w.nested.Load(), "R2.8: no call inside a member Update closure: %v", w.where)
	return out
}

// couponSaga is an action under faults, with its fault-free setup.
type couponSaga struct {
	name      string
	customers []string
	setup     func(t testing.TB, w *sagaWorld)
	// act is the action; retry reports whether a host would run it again: it
	// failed and nothing was recorded (the grant it got back has no key).
	act func(w *sagaWorld) (retry bool, err error)
	// calls are the calls the action makes fault-free: no round trip creeps
	// in.
	calls []string
}

func issueAct(customer, template string, limit int) func(w *sagaWorld) (bool, error) {
	return func(w *sagaWorld) (bool, error) {
		g, err := w.svc.IssueCoupon(w.ctx, customer, template, limit, agent(), "conversation c-42")
		return err != nil && g.Key == "", err
	}
}

var couponSagas = []couponSaga{
	{
		name:      "first use creates the member",
		customers: []string{customer},
		act:       issueAct(customer, "tpl-10off", 1),
		calls:     []string{"members.Update", "members.Create", "members.Update", "issuer.Issue", "members.Update"},
	},
	{
		name:      "second coupon of two",
		customers: []string{customer},
		setup: func(t testing.TB, w *sagaWorld) {
			_, err := w.svc.Complete(w.ctx, sampleOrder("o1", 1200_00))
			require.NoError(t, err)
			_, err = w.svc.IssueCoupon(w.ctx, customer, "tpl-10off", 2, agent(), "first")
			require.NoError(t, err)
		},
		act:   issueAct(customer, "tpl-10off", 2),
		calls: []string{"members.Update", "issuer.Issue", "members.Update"},
	},
	{
		name:      "a tier campaign",
		customers: []string{"a", "b"},
		setup: func(t testing.TB, w *sagaWorld) {
			for _, c := range []string{"a", "b"} {
				require.NoError(t, w.svc.Adjust(w.ctx, c, "Gold", merchant(), "campaign test"))
			}
		},
		act: func(w *sagaWorld) (bool, error) {
			rep, err := w.svc.IssueToTier(w.ctx, membership.TierCampaign{TemplateID: "tpl-gold", Tier: "Gold",
				PerCustomer: 1, Reason: "autumn"}, merchant())
			if err != nil {
				return true, err
			}
			retry := false
			for _, sk := range rep.Skipped {
				if shopkit.CodeOf(sk.Err) == membership.CodeCouponLimit {
					continue // given before: nothing to do
				}
				err = errors.Join(err, sk.Err)
				retry = retry || sk.Pending.Key == ""
			}
			return retry, err
		},
		calls: []string{"members.ByTier", "members.Update", "issuer.Issue", "members.Update",
			"members.Update", "issuer.Issue", "members.Update"},
	},
}

// run plays the saga with call k failing (none when k is 0; with crash, every
// later call too, until the host comes back), then Resume, the host's retry
// where it would retry, and Resume again, and returns the outcome and the
// calls the action made.
func (sg couponSaga) run(t *testing.T, k int, crash bool) (map[string]memberOut, []string) {
	t.Helper()
	w := newSagaWorld(t)
	if sg.setup != nil {
		sg.setup(t, w)
	}
	w.faults.Arm(k, crash)
	retry, err := sg.act(w)
	ops := w.faults.Disarm()
	if k > 0 {
		require.ErrorIs(t, err, faults.ErrInjected, "a failed call is never swallowed (call %d of %v)", k, ops)
	} else {
		require.NoError(t, err)
	}
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	require.Empty(t, res.Failures)
	if k == 0 {
		assert.Zero(t, res.Applied, "a fault-free run leaves nothing to resume")
	}
	if retry {
		again, err := sg.act(w)
		require.NoError(t, err, "the host's retry")
		require.False(t, again)
	}
	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "Resume twice is harmless")
	return w.outcome(t, sg.customers...), ops
}

// R5.4, R2.8: every call of a coupon grant (member writes and the issuer's
// Issue) failed in turn, as a store error and as a crash: after Resume and
// the host's retry, each customer has the grants of the fault-free run, none
// pending, and exactly one coupon issued per grant.
func TestIssueCouponR5_4_Crash(t *testing.T) {
	for _, sg := range couponSagas {
		t.Run(sg.name, func(t *testing.T) {
			want, ops := sg.run(t, 0, false)
			require.Equal(t, sg.calls, ops, "the fault-free calls")
			for _, mo := range want {
				assert.Zero(t, mo.Pending)
				assert.NotEmpty(t, mo.Coupons)
			}
			for _, crash := range []bool{false, true} {
				for k := 1; k <= len(ops); k++ {
					t.Run(fmt.Sprintf("crash=%v/call %d %s", crash, k, ops[k-1]), func(t *testing.T) {
						got, _ := sg.run(t, k, crash)
						assert.Equal(t, want, got)
					})
				}
			}
		})
	}
}

// R5.4, R2.8: Resume's own calls failed in turn (its Pending query, the
// issuer, the member write), as a store error and as a crash: the grant stays
// pending, and the next Resume finishes it with one coupon.
func TestResumeR5_4_Crash(t *testing.T) {
	pendingWorld := func(t *testing.T) *sagaWorld {
		w := newSagaWorld(t)
		w.faults.Arm(4, false) // the issuer's call, after the new member's grant is recorded
		g, err := w.svc.IssueCoupon(w.ctx, "c", "tpl", 1, agent(), "x")
		require.ErrorIs(t, err, faults.ErrInjected)
		w.faults.Disarm()
		require.NotEmpty(t, g.Key, "the pending grant is returned with the error")
		require.Empty(t, g.CouponID)
		return w
	}
	w := pendingWorld(t)
	w.faults.Arm(0, false)
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	ops := w.faults.Disarm()
	require.Equal(t, []string{"members.Pending", "issuer.Issue", "members.Update"}, ops)
	want := w.outcome(t, "c")

	for _, crash := range []bool{false, true} {
		for k := 1; k <= len(ops); k++ {
			t.Run(fmt.Sprintf("crash=%v/call %d %s", crash, k, ops[k-1]), func(t *testing.T) {
				w := pendingWorld(t)
				w.faults.Arm(k, crash)
				res, err := w.svc.Resume(w.ctx)
				w.faults.Disarm()
				if k == 1 {
					require.ErrorIs(t, err, faults.ErrInjected, "a failing Pending query ends the run")
				} else {
					require.NoError(t, err)
					require.Len(t, res.Failures, 1)
					assert.ErrorIs(t, res.Failures[0].Err, faults.ErrInjected)
					assert.Equal(t, membership.MemberID(shop, "c"), res.Failures[0].ID)
				}
				m, err := w.store.Get(w.ctx, membership.MemberID(shop, "c"))
				require.NoError(t, err)
				assert.Len(t, m.PendingCoupons(), 1, "the grant stays pending")
				res, err = w.svc.Resume(w.ctx)
				require.NoError(t, err)
				assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
				assert.Equal(t, want, w.outcome(t, "c"))
			})
		}
	}
}

// R5.4: a pending grant counts toward the per-customer limit at once: while
// the issuer is down, a second grant of the same template is refused without
// calling it; Resume issues the pending one, with one coupon.
func TestPendingGrantCountsR5_4_Resume(t *testing.T) {
	w := newSagaWorld(t)
	w.iss.fail = errors.New("coupon system down")
	g, err := w.svc.IssueCoupon(w.ctx, customer, "tpl", 1, agent(), "conversation c-1")
	require.Error(t, err)
	assert.Equal(t, "tpl", g.TemplateID)
	assert.Equal(t, agent(), g.By)
	require.NotEmpty(t, g.Key)

	_, err = w.svc.IssueCoupon(w.ctx, customer, "tpl", 1, agent(), "again")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, membership.CodeCouponLimit, shopkit.CodeOf(err))
	assert.Equal(t, 1, w.iss.calls, "a grant refused by the limit does not reach the issuer")
	pending, err := w.store.Pending(w.ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1)
	assert.Equal(t, []membership.CouponGrant{g}, pending[0].PendingCoupons(), "the grant as IssueCoupon returned it")

	res, err := w.svc.Resume(w.ctx) // still down
	require.NoError(t, err)
	require.Len(t, res.Failures, 1)
	assert.Zero(t, res.Applied)

	w.iss.fail = nil
	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	m, err := w.store.Get(w.ctx, membership.MemberID(shop, customer))
	require.NoError(t, err)
	require.Len(t, m.Coupons(), 1)
	done := g
	done.CouponID = m.Coupons()[0].CouponID
	assert.Equal(t, done, m.Coupons()[0], "the pending grant, done with the issuer's coupon")
	assert.Empty(t, m.PendingCoupons())
	trail, err := shopkit.ReadTrail(w.ctx, w.store, m.ID(), 50)
	require.NoError(t, err)
	last := trail[len(trail)-2]
	assert.Equal(t, membership.ActionIssueCoupon, last.Action)
	assert.Equal(t, shopkit.System, last.Role, "Resume finishes the grant as the system")
	w.outcome(t, customer)

	// A tier campaign while the issuer is down: the skip carries the pending
	// grant; run again, the campaign counts it, and Resume issues it once.
	require.NoError(t, w.svc.Adjust(w.ctx, "g1", "Gold", merchant(), "vip"))
	w.iss.fail = errors.New("coupon system down")
	c := membership.TierCampaign{TemplateID: "tpl-gold", Tier: "Gold", PerCustomer: 1, Reason: "spring"}
	rep, err := w.svc.IssueToTier(w.ctx, c, merchant())
	require.NoError(t, err)
	require.Len(t, rep.Skipped, 1)
	assert.NotEmpty(t, rep.Skipped[0].Pending.Key)
	assert.Contains(t, rep.Skipped[0].String(), "pending")
	w.iss.fail = nil
	rep, err = w.svc.IssueToTier(w.ctx, c, merchant())
	require.NoError(t, err)
	require.Len(t, rep.Skipped, 1)
	assert.Equal(t, membership.CodeCouponLimit, shopkit.CodeOf(rep.Skipped[0].Err))
	assert.Empty(t, rep.Skipped[0].Pending.Key)
	res, err = w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	w.outcome(t, customer, "g1")
}

// R2.8: neither the issuer nor any store is called inside a member Update
// closure, in any action that grants coupons or in Resume (the wrapper counts
// every call made while a closure runs; the actions run one at a time).
func TestIssuerOutsideUpdateR2_8(t *testing.T) {
	w := newSagaWorld(t)
	_, err := w.svc.IssueCoupon(w.ctx, "new", "tpl", 2, agent(), "x")
	require.NoError(t, err)
	_, err = w.svc.IssueCoupon(w.ctx, "new", "tpl", 2, agent(), "y")
	require.NoError(t, err)
	require.NoError(t, w.svc.Adjust(w.ctx, "gold", "Gold", merchant(), "vip"))
	_, err = w.svc.IssueToTier(w.ctx, membership.TierCampaign{TemplateID: "tpl", Tier: "Gold", PerCustomer: 1}, merchant())
	require.NoError(t, err)
	w.faults.Arm(4, false) // the issuer, after the new member's grant
	_, err = w.svc.IssueCoupon(w.ctx, "other", "tpl", 1, agent(), "z")
	require.ErrorIs(t, err, faults.ErrInjected)
	w.faults.Disarm()
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	w.outcome(t, "new", "gold", "other")
	assert.Zero(t, w.nested.Load(), "calls inside an Update closure: %v", w.where)
	assert.Positive(t, w.faults.Count(), "the wrappers were in the path")
}

// R5.4, R2.8: concurrent grants of one template to one customer never pass
// the per-customer limit: exactly limit are issued, one coupon each, and the
// others are refused with CodeCouponLimit before reaching the issuer.
func TestConcurrentGrantsKeepLimitR5_4(t *testing.T) {
	w := newSagaWorld(t)
	w.parallel = true
	const tries, limit = 20, 3
	var wg sync.WaitGroup
	errs := make(chan error, tries)
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := w.svc.IssueCoupon(w.ctx, customer, "tpl", limit, agent(), "try "+strconv.Itoa(i))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		if err == nil {
			ok++
			continue
		}
		assert.Equal(t, membership.CodeCouponLimit, shopkit.CodeOf(err))
	}
	assert.Equal(t, limit, ok)
	assert.Len(t, w.iss.issued(), limit)
	out := w.outcome(t, customer)[customer]
	assert.Len(t, out.Coupons, limit)
	assert.Zero(t, out.Pending)
	var keys []string
	for _, g := range out.Coupons {
		keys = append(keys, g.Key)
	}
	slices.Sort(keys)
	assert.Len(t, slices.Compact(keys), limit, "each grant its own key")
}

// R5.4, R2.8: Resume finishes only the grants of its own shop on a store two
// shops share; a service without an issuer refuses to resume only when grants
// are pending.
func TestResumeSharedStoreR5_4_Resume(t *testing.T) {
	w := newSagaWorld(t)
	other := uuid.MustParse("0c9d4f7a-3b2e-4a1c-9e8d-7f6a5b4c3d21")
	svcB := w.service(t, other, w.store)
	w.iss.fail = errors.New("coupon system down")
	_, err := svcB.IssueCoupon(w.ctx, customer, "tpl", 1, shopkit.Actor{Role: shopkit.Merchant, ID: other.String()}, "x")
	require.Error(t, err)
	w.iss.fail = nil
	res, err := w.svc.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "another shop's grant is left to its own service")

	bare, err := membership.NewService(membership.ServiceConfig{Store: w.store, Tiers: newSet(t, membership.ByAmount),
		ShopID: shop, Clock: start})
	require.NoError(t, err)
	_, err = bare.Resume(w.ctx)
	assert.Equal(t, membership.CodeInvalidConfig, shopkit.CodeOf(err), "grants are pending and there is no issuer")

	res, err = svcB.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
	res, err = bare.Resume(w.ctx)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "nothing pending: nothing to do")
}

// R5.4: the two steps of a grant on the member: the key is derived from the
// member and the ordinal, the same when a store re-runs the closure;
// finishing is idempotent by key and checked.
func TestGrantStepsR5_4(t *testing.T) {
	m := newMember(t)
	a := m.Clone()
	g1, err := m.RequestCoupon(merchant(), "tpl", 2, "first", start())
	require.NoError(t, err)
	ga, err := a.RequestCoupon(merchant(), "tpl", 2, "first", start())
	require.NoError(t, err)
	assert.Equal(t, g1, ga, "a re-run closure records the same grant")
	assert.Equal(t, m.Unsaved(), a.Unsaved())
	g2, err := m.RequestCoupon(merchant(), "tpl", 2, "second", start())
	require.NoError(t, err)
	assert.NotEqual(t, g1.Key, g2.Key)
	assert.Equal(t, membership.MemberID(shop, customer).String()+"/2/tpl", g2.Key)
	_, err = m.RequestCoupon(merchant(), "tpl", 2, "third", start())
	assert.Equal(t, membership.CodeCouponLimit, shopkit.CodeOf(err), "pending grants count toward the limit")
	assert.Zero(t, m.Granted("tpl"), "nothing received yet")

	done, changed, err := m.FinishCoupon(merchant(), g2.Key, "c-2", start())
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, "c-2", done.CouponID)
	assert.Equal(t, []membership.CouponGrant{g1}, m.PendingCoupons())
	n := len(m.History())
	again, changed, err := m.FinishCoupon(merchant(), g2.Key, "c-2", start())
	require.NoError(t, err)
	assert.False(t, changed, "the same coupon again changes nothing")
	assert.Equal(t, done, again)
	assert.Len(t, m.History(), n)

	_, _, err = m.FinishCoupon(merchant(), g2.Key, "c-other", start())
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, membership.CodeGrantMismatch, shopkit.CodeOf(err))
	_, _, err = m.FinishCoupon(merchant(), "no-such-key", "c-3", start())
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, membership.CodeUnknownGrant, shopkit.CodeOf(err))
	_, _, err = m.FinishCoupon(merchant(), "", "c-3", start())
	assert.Equal(t, membership.CodeUnknownGrant, shopkit.CodeOf(err))
	_, _, err = m.FinishCoupon(merchant(), g1.Key, " ", start())
	assert.Equal(t, membership.CodeInvalidCoupon, shopkit.CodeOf(err))
	_, _, err = m.FinishCoupon(shopkit.Actor{Role: shopkit.Buyer, ID: customer}, g1.Key, "c-1", start())
	assert.Equal(t, membership.CodeWrongRole, shopkit.CodeOf(err))
	_, _, err = m.FinishCoupon(shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}, g1.Key, "c-1", start())
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
	assert.Equal(t, []membership.CouponGrant{g1}, m.PendingCoupons(), "a refused finish changes nothing")

	at, ok := m.PendingSince()
	assert.True(t, ok)
	assert.Equal(t, start(), at)
	_, _, err = m.FinishCoupon(shopkit.SystemActor(), g1.Key, "c-1", start())
	require.NoError(t, err)
	_, ok = m.PendingSince()
	assert.False(t, ok)
	assert.Equal(t, 2, m.Granted("tpl"))

	back, err := membership.RestoreMember(m.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, m.Snapshot(), back.Snapshot())
}

package merchant_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/require"
)

// R1.1, R0.4 model test: random action sequences by random roles (the party of
// the role, sometimes an intruder) at random times, with sweeps in between,
// never break the workflow's invariants: the state is always a state of the
// table; a terminal state is final; every waiting state has a deadline and no
// other state has one; a failed action changes nothing and adds no audit entry;
// a successful one adds a change entry whose from/to match.
func TestMerchantWorkflowModel_R1_1(t *testing.T) {
	cal := merchantTestCalendar(t)
	pol := merchant.DefaultPolicy()
	roles := []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System, shopkit.Buyer}
	start := time.Date(2026, 9, 20, 9, 0, 0, 0, mtShanghai(t))
	visited := map[merchant.State]bool{}
	allActions := []merchant.Action{merchant.MerchantVerifyEmail, merchant.MerchantResendVerification,
		merchant.MerchantUpdateProfile, merchant.MerchantChooseCategories, merchant.MerchantSubmit,
		merchant.MerchantApprove, merchant.MerchantReject, merchant.MerchantEdit, merchant.MerchantWithdraw,
		merchant.MerchantMarkOverdue, merchant.MerchantMarkOverdue}
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		now := start
		m := mtRegistered(t, now)
		for step := 0; step < 60; step++ {
			now = now.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
			// The rightful party of the role, sometimes someone else (R0.4).
			by := authztest.Rightful(roles[rng.IntN(len(roles))], m.Parties())
			if rng.IntN(5) == 0 {
				by.ID = "intruder"
			}
			before := m.Snapshot()
			n := len(m.History())
			// Mostly an action the table allows the role (so the walk gets
			// somewhere), sometimes any action (so refusals are exercised too).
			action := allActions[rng.IntN(len(allActions))]
			if allowed := m.AllowedActions(by); len(allowed) > 0 && rng.IntN(3) > 0 {
				action = allowed[rng.IntN(len(allowed))]
			}
			var err error
			switch action {
			case merchant.MerchantVerifyEmail:
				tok := mtToken
				if rng.IntN(3) == 0 {
					tok = "wrong"
				}
				err = m.VerifyEmail(by, now, tok)
			case merchant.MerchantResendVerification:
				err = m.ResendVerification(by, now, merchant.EmailVerification{Token: mtToken, ExpiresAt: now.Add(time.Duration(rng.IntN(49)-1) * time.Hour)})
			case merchant.MerchantUpdateProfile:
				p := mtCompanyProfile()
				if rng.IntN(3) == 0 {
					p.CreditCode = "91350100M000100Y44"
				}
				if rng.IntN(3) == 0 {
					p.TaxRegistration = ""
				}
				err = m.UpdateProfile(by, now, p)
			case merchant.MerchantChooseCategories:
				err = m.ChooseCategories(by, now, []string{"维修"}[:rng.IntN(2)])
			case merchant.MerchantSubmit:
				err = m.Submit(by, now, pol, cal)
			case merchant.MerchantApprove:
				err = m.Approve(by, now, merchant.Terms{Deposit: shopkit.CNY(int64(rng.IntN(3) - 1)), CommissionPlanID: "p"}, "")
			case merchant.MerchantReject:
				reasons := []string{"licence unreadable"}
				if rng.IntN(3) == 0 {
					reasons = nil // refused: reasons are required
				}
				err = m.Reject(by, now, reasons)
			case merchant.MerchantEdit:
				err = m.Edit(by, now)
			case merchant.MerchantWithdraw:
				if rng.IntN(8) != 0 { // withdrawing ends the run; do it rarely
					continue
				}
				err = m.Withdraw(by, now, "changed my mind")
			default:
				action = merchant.MerchantMarkOverdue
				err = m.ApplyDue(now)
			}
			after := m.Snapshot()
			if err != nil {
				require.Equal(t, before, after, "seed %d step %d: failed %s changed the merchant", seed, step, action)
			} else {
				h := m.History()
				require.Greater(t, len(h), n)
				require.Equal(t, len(h), after.Seq, "the snapshot counts every entry")
				var change shopkit.Entry
				for _, e := range h[n:] {
					if e.Kind == shopkit.EntryChange {
						change = e
					}
				}
				require.Equal(t, string(action), change.Action)
				require.Equal(t, string(before.State), change.From)
				require.Equal(t, string(after.State), change.To)
				require.False(t, before.State.Terminal(), "seed %d: %s left terminal state %s", seed, action, before.State)
				if action == merchant.MerchantMarkOverdue {
					require.True(t, change.At.Equal(before.ReviewDue), "a consequence is stamped with its deadline")
				}
			}
			visited[m.State()] = true
			require.True(t, m.State().Valid())
			require.True(t, slices.Contains(merchant.MerchantStates(), m.State()))
			_, has := m.Deadline()
			require.Equal(t, m.State().Waiting(), has, "seed %d: state %s deadline %v", seed, m.State(), has)
			if m.State() == merchant.MerchantActive {
				_, ok := m.ActivatedAt()
				require.True(t, ok)
				require.NotEmpty(t, m.Terms().CommissionPlanID)
			}
		}
	}
	for _, st := range merchant.MerchantStates() {
		require.True(t, visited[st], "the random walk never reached %s", st)
	}
}

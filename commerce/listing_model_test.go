package commerce_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/require"
)

// Model test (R2.1, R0.4, R2.9): random action sequences by random roles, with
// random time jumps and sweeps, never break the workflow's invariants: one valid
// state; a removed listing stays removed; published only after an approval since
// the last edit that needs review; a submitted listing has its deadline; a
// successful action journals one change, a refused one changes nothing.
func TestListingModel_R2_1(t *testing.T) {
	p := commerce.DefaultListingPolicy()
	roles := []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System, shopkit.Buyer}
	states := []commerce.ListingState{commerce.ListingDraft, commerce.ListingSubmitted, commerce.ListingManualReview,
		commerce.ListingApproved, commerce.ListingRejected, commerce.ListingPublished, commerce.ListingUnpublished, commerce.ListingRemoved}
	seen := map[commerce.ListingState]bool{}
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 42))
		l := lstNew(t)
		now := lstT0
		needsReview := true // no approval covers the current content
		removed := false
		for step := range 60 {
			now = now.Add(time.Duration(rng.IntN(30)) * time.Hour)
			by := commerce.Actor{Role: roles[rng.IntN(len(roles))], ID: "actor"}
			before := l.Snapshot()
			dueBefore, _ := l.Deadline()
			allowed := l.AllowedActions(by.Role)
			changes := len(before.Journal)
			rev := l.Revision()
			if rng.IntN(5) == 0 {
				rev-- // a stale review
			}
			reviewEdit := false
			var err error
			var action commerce.ListingAction
			switch rng.IntN(10) {
			case 0:
				action, err = commerce.ListingSubmit, l.Submit(by, now, p)
			case 1:
				action, err = commerce.ListingApprove, l.Approve(by, now, rev, "")
			case 2:
				var reasons []commerce.Finding
				if rng.IntN(4) > 0 {
					reasons = []commerce.Finding{{Code: "x", Detail: "reason"}}
				}
				action, err = commerce.ListingReject, l.Reject(by, now, rev, reasons)
			case 3:
				action, err = commerce.ListingPublish, l.Publish(by, now)
			case 4:
				action, err = commerce.ListingUnpublish, l.Unpublish(by, now, "")
			case 5, 6:
				c := l.Content()
				switch rng.IntN(4) {
				case 0:
					c.Name += "+"
					reviewEdit = true
				case 1:
					c.Price = commerce.CNY(int64(rng.IntN(3)) - 1 + 100)
				case 2:
					c.Price = commerce.CNY(0) // invalid
				case 3:
					c.Images = append(c.Images, "img/x.jpg")
					reviewEdit = true
				}
				var toReview bool
				toReview, err = l.Edit(by, now, c, p)
				action = commerce.ListingEdit
				if toReview {
					action = commerce.ListingRevise
				}
			case 7:
				action, err = commerce.ListingTakeDown, l.TakeDown(by, now, []commerce.Finding{{Detail: "violation"}})
			case 8:
				action, err = commerce.ListingRemove, l.Remove(by, now, "")
			case 9:
				action = commerce.ListingEscalate
				if d, ok := l.Deadline(); ok && !now.After(d) && rng.IntN(2) == 0 {
					now = d // exactly at the deadline: still in time
					err = l.ApplyDue(now)
					require.ErrorIs(t, err, shopkit.ErrConflict, "seed %d step %d", seed, step)
					break
				}
				err = l.ApplyDue(now)
			}
			if err != nil {
				require.Equal(t, before, l.Snapshot(), "seed %d step %d: refused %s changed the listing", seed, step, action)
			} else {
				hist := l.History()
				var added []commerce.Entry
				for _, e := range hist[changes:] {
					if e.Kind == commerce.EntryChange {
						added = append(added, e)
					}
				}
				require.Len(t, added, 1, "seed %d step %d", seed, step)
				require.Equal(t, string(action), added[0].Action)
				require.Equal(t, string(before.State), added[0].From)
				require.Equal(t, string(l.State()), added[0].To)
				if action != commerce.ListingEscalate {
					require.Contains(t, allowed, action, "seed %d step %d", seed, step)
				} else {
					// R2.9: the consequence is stamped with the deadline, which
					// had passed.
					require.Equal(t, dueBefore, added[0].At, "seed %d step %d", seed, step)
					require.True(t, now.After(dueBefore), "seed %d step %d", seed, step)
				}
				switch {
				case action == commerce.ListingApprove:
					needsReview = false
				case (action == commerce.ListingEdit || action == commerce.ListingRevise) && reviewEdit:
					needsReview = true
				}
			}
			s := l.State()
			require.Contains(t, states, s)
			seen[s] = true
			if removed {
				require.Equal(t, commerce.ListingRemoved, s, "seed %d step %d: removed is final", seed, step)
			}
			removed = s == commerce.ListingRemoved
			if s == commerce.ListingPublished {
				require.False(t, needsReview, "seed %d step %d: published without approval of the current content", seed, step)
				require.Equal(t, l.Revision(), l.ApprovedRevision())
			}
			_, has := l.Deadline()
			require.Equal(t, s == commerce.ListingSubmitted, has, "seed %d step %d: deadline in %s", seed, step, s)
		}
	}
	// The walk reaches every state, so the invariants were tested everywhere.
	for _, s := range states {
		require.True(t, seen[s], "state %s never reached", s)
	}
}

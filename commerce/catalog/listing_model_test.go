package catalog_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/require"
)

// Model test (R2.1, R0.4, R2.9): random action sequences by random roles (the
// party of the role, sometimes an intruder), with random time jumps and sweeps,
// never break the workflow's invariants: one valid state; a removed listing
// stays removed; published only after an approval since the last edit that
// needs review; a submitted listing has its deadline; a successful action
// journals one change, a refused one changes nothing.
func TestListingModel_R2_1(t *testing.T) {
	p := catalog.DefaultListingPolicy()
	roles := []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System, shopkit.Buyer}
	states := []catalog.ListingState{catalog.ListingDraft, catalog.ListingSubmitted, catalog.ListingManualReview,
		catalog.ListingApproved, catalog.ListingRejected, catalog.ListingPublished, catalog.ListingUnpublished, catalog.ListingRemoved}
	seen := map[catalog.ListingState]bool{}
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 42))
		l := lstNew(t)
		now := lstT0
		needsReview := true // no approval covers the current content
		removed := false
		for step := range 60 {
			now = now.Add(time.Duration(rng.IntN(30)) * time.Hour)
			// The rightful party of the role, sometimes someone else (R0.4).
			by := authztest.Rightful(roles[rng.IntN(len(roles))], l.Parties())
			if rng.IntN(5) == 0 {
				by.ID = "intruder"
			}
			before := l.Snapshot()
			dueBefore, _ := l.Deadline()
			allowed := l.AllowedActions(by)
			changes := len(l.History())
			rev := l.Revision()
			if rng.IntN(5) == 0 {
				rev-- // a stale review
			}
			reviewEdit := false
			var err error
			var action catalog.ListingAction
			switch rng.IntN(10) {
			case 0:
				action, err = catalog.ListingSubmit, l.Submit(by, now, p)
			case 1:
				action, err = catalog.ListingApprove, l.Approve(by, now, rev, "")
			case 2:
				var reasons []catalog.Finding
				if rng.IntN(4) > 0 {
					reasons = []catalog.Finding{{Code: "x", Detail: "reason"}}
				}
				action, err = catalog.ListingReject, l.Reject(by, now, rev, reasons)
			case 3:
				action, err = catalog.ListingPublish, l.Publish(by, now)
			case 4:
				action, err = catalog.ListingUnpublish, l.Unpublish(by, now, "")
			case 5, 6:
				c := l.Content()
				switch rng.IntN(4) {
				case 0:
					c.Name += "+"
					reviewEdit = true
				case 1:
					c.Price = shopkit.CNY(int64(rng.IntN(3)) - 1 + 100)
				case 2:
					c.Price = shopkit.CNY(0) // invalid
				case 3:
					c.Images = append(c.Images, "img/x.jpg")
					reviewEdit = true
				}
				var toReview bool
				toReview, err = l.Edit(by, now, c, p)
				action = catalog.ListingEdit
				if toReview {
					action = catalog.ListingRevise
				}
			case 7:
				action, err = catalog.ListingTakeDown, l.TakeDown(by, now, []catalog.Finding{{Detail: "violation"}})
			case 8:
				action, err = catalog.ListingRemove, l.Remove(by, now, "")
			case 9:
				action = catalog.ListingEscalate
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
				var added []shopkit.Entry
				for _, e := range hist[changes:] {
					if e.Kind == shopkit.EntryChange {
						added = append(added, e)
					}
				}
				require.Len(t, added, 1, "seed %d step %d", seed, step)
				require.Equal(t, string(action), added[0].Action)
				require.Equal(t, string(before.State), added[0].From)
				require.Equal(t, string(l.State()), added[0].To)
				if action != catalog.ListingEscalate {
					require.Contains(t, allowed, action, "seed %d step %d", seed, step)
				} else {
					// R2.9: the consequence is stamped with the deadline, which
					// had passed.
					require.Equal(t, dueBefore, added[0].At, "seed %d step %d", seed, step)
					require.True(t, now.After(dueBefore), "seed %d step %d", seed, step)
				}
				switch {
				case action == catalog.ListingApprove:
					needsReview = false
				case (action == catalog.ListingEdit || action == catalog.ListingRevise) && reviewEdit:
					needsReview = true
				}
			}
			s := l.State()
			require.Contains(t, states, s)
			seen[s] = true
			if removed {
				require.Equal(t, catalog.ListingRemoved, s, "seed %d step %d: removed is final", seed, step)
			}
			removed = s == catalog.ListingRemoved
			if s == catalog.ListingPublished {
				require.False(t, needsReview, "seed %d step %d: published without approval of the current content", seed, step)
				require.Equal(t, l.Revision(), l.ApprovedRevision())
			}
			_, has := l.Deadline()
			require.Equal(t, s == catalog.ListingSubmitted, has, "seed %d step %d: deadline in %s", seed, step, s)
		}
	}
	// The walk reaches every state, so the invariants were tested everywhere.
	for _, s := range states {
		require.True(t, seen[s], "state %s never reached", s)
	}
}

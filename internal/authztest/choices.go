package authztest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
)

// Choices is what ActionsHold needs of one workflow: how to list an entity's
// actions for an actor at an instant, and how to take each on a copy.
type Choices[A ~string, E any] struct {
	// Actions are every action Act can take.
	Actions []A
	// List is the entity's ActionsAt.
	List func(e E, by shopkit.Actor, at time.Time) []shopkit.Choice[A]
	// Act takes action on a copy of the entity as by at at, with valid arguments.
	Act func(e E, action A, by shopkit.Actor, at time.Time) error
	// Clone copies the entity, so that each action is taken on its own copy.
	Clone func(e E) E
	// Own names the actions that, when not listed, may be refused for the
	// entity's own conditions with an error other than ErrNotAllowed (a
	// conflict, a limit reached), with the reason.
	Own map[A]string
}

// Actors returns the parties of an entity with parties p in every role (the
// buyer only when p has one) and a stranger of each role.
func Actors(p shopkit.Parties) []shopkit.Actor {
	var out []shopkit.Actor
	for _, role := range []shopkit.Role{shopkit.Buyer, shopkit.Merchant, shopkit.Platform, shopkit.System} {
		if role == shopkit.Buyer && p.Buyer == "" {
			continue
		}
		out = append(out, Rightful(role, p))
	}
	return append(out, intruders(shopkit.Buyer, p)[0], intruders(shopkit.Merchant, p)[0], intruders(shopkit.Platform, p)[0])
}

// Around returns the instants around each deadline (R0.3): one nanosecond
// before, at, and one nanosecond after; zero deadlines are skipped.
func Around(deadlines ...time.Time) []time.Time {
	var out []time.Time
	for _, d := range deadlines {
		if !d.IsZero() {
			out = append(out, d.Add(-time.Nanosecond), d, d.Add(time.Nanosecond))
		}
	}
	return out
}

// ActionsHold checks, for e, every actor and every instant, that the entity's
// list is trustworthy (R0.3, R0.4): each listed action is in time at the
// instant by its own Until and, taken on a copy, is not refused with
// ErrNotAllowed (not a party, not the role, not the state, deadline passed);
// each action not listed fails, with ErrNotAllowed unless Own names it. It
// returns how many listed actions were taken, so a caller can tell the check
// exercised something.
func ActionsHold[A ~string, E any](t *testing.T, w Choices[A, E], e E, actors []shopkit.Actor, instants []time.Time) int {
	t.Helper()
	taken := 0
	for _, by := range actors {
		for _, at := range instants {
			listed := w.List(e, by, at)
			for _, ch := range listed {
				if !shopkit.InTime(at, ch.Until) {
					t.Errorf("%+v at %v: %s listed past its Until %v", by, at, ch.Action, ch.Until)
				}
			}
			for _, a := range w.Actions {
				in := slices.ContainsFunc(listed, func(ch shopkit.Choice[A]) bool { return ch.Action == a })
				err := w.Act(w.Clone(e), a, by, at)
				switch {
				case in:
					taken++
					if errors.Is(err, shopkit.ErrNotAllowed) {
						t.Errorf("%+v at %v: %s is listed but refused: %v", by, at, a, err)
					}
				case err == nil:
					t.Errorf("%+v at %v: %s is not listed but succeeds", by, at, a)
				case !errors.Is(err, shopkit.ErrNotAllowed):
					if _, own := w.Own[a]; !own {
						t.Errorf("%+v at %v: %s is not listed and fails with %v, not ErrNotAllowed", by, at, a, err)
					}
				}
			}
		}
	}
	return taken
}

// Untils returns the deadlines the entity's list gives any of actors at at:
// the instants whose edges ActionsHold should also visit.
func Untils[A ~string, E any](w Choices[A, E], e E, actors []shopkit.Actor, at time.Time) []time.Time {
	var out []time.Time
	for _, by := range actors {
		for _, ch := range w.List(e, by, at) {
			if !ch.Until.IsZero() && !slices.Contains(out, ch.Until) {
				out = append(out, ch.Until)
			}
		}
	}
	return out
}

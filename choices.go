package shopkit

// What a person may do now, and the next deadline that matters to them: one
// shape for every workflow, so a screen draws its buttons and its countdown the
// same way whatever the entity (R0.3, R0.4).

import (
	"slices"
	"time"
)

// Choice is an action an actor may take now, and the last instant it is
// accepted. Until is zero when nothing in the entity cuts the action off.
//
// Deadlines follow R0.3: an action exactly at its deadline is in time, one
// nanosecond later it is late. So an action whose Until is D is listed at D and
// not at D+1ns; a deadline whose passing only marks the actor late (the action
// is still accepted) is no Until, it is the entity's NextDeadline.
type Choice[A ~string] struct {
	Action A         `json:"action"`
	Until  time.Time `json:"until,omitzero"`
}

// Upcoming is the next deadline that matters to a party of an entity: when it
// passes (At; the consequence applies strictly after it, R0.3), what the system
// does then (Action, a transition the sweep takes as the system) and the state
// that leads to (To). Awaits names the roles whose actions the deadline is
// about: those who may still act in the state before it passes.
type Upcoming[S, A ~string] struct {
	At     time.Time `json:"at"`
	Action A         `json:"action"`
	To     S         `json:"to"`
	Awaits []Role    `json:"awaits,omitempty"`
}

// InTime reports whether an action at now meets deadline (R0.3): a zero
// deadline is none, an action at exactly the deadline is in time, and one
// nanosecond after it is late.
func InTime(now, deadline time.Time) bool {
	return deadline.IsZero() || !now.After(deadline)
}

// ChoicesFor lists, in table order, the actions by may take at now in state on
// an entity with parties p: none when by is not a party; the rows that allow
// by's role, except the actions in sweep (consequences only a sweep applies,
// through the entity's ApplyDue, with no method a button could call); each
// with its deadline until(action) (zero for none), and without those whose
// deadline has passed at now. until may be nil: no action has a deadline.
func (t *Table[S, A]) ChoicesFor(state S, by Actor, p Parties, now time.Time, until func(A) time.Time, sweep ...A) []Choice[A] {
	if !p.Has(by) {
		return nil
	}
	var out []Choice[A]
	for _, i := range t.byState[state] {
		tr := t.transitions[i]
		if !hasRole(tr.Roles, by.Role) || slices.Contains(sweep, tr.Action) {
			continue
		}
		var d time.Time
		if until != nil {
			d = until(tr.Action)
		}
		if InTime(now, d) {
			out = append(out, Choice[A]{Action: tr.Action, Until: d})
		}
	}
	return out
}

// UpcomingFor returns the next deadline of an entity with parties p in state,
// as it matters to by: at is the state's deadline (zero: none), the
// consequence is the table's Timeout for state. It is false when by is not a
// party, when state waits on no deadline, or when at is zero. Awaits lists the
// roles other than the system that may act in state, in table order.
func (t *Table[S, A]) UpcomingFor(state S, by Actor, p Parties, at time.Time) (Upcoming[S, A], bool) {
	if !p.Has(by) || at.IsZero() {
		return Upcoming[S, A]{}, false
	}
	to, ok := t.timeoutOf[state]
	if !ok {
		return Upcoming[S, A]{}, false
	}
	next := t.edges[key[S, A]{state, to.Action}].to
	return Upcoming[S, A]{At: at, Action: to.Action, To: next, Awaits: t.actingRoles(state)}, true
}

// actingRoles lists the roles other than the system of the rows from state,
// each once, in table order.
func (t *Table[S, A]) actingRoles(state S) []Role {
	var out []Role
	for _, i := range t.byState[state] {
		for _, r := range t.transitions[i].Roles {
			if r != System && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

package shopkit

// Every shopkit workflow is one table of transitions {from, action, roles, to};
// the same table checks each action, tells a frontend which actions a role may take
// in a state, names the consequence a sweep applies when a waiting state's deadline
// passes, and draws itself as a Mermaid diagram (R0.4).

import (
	"sort"
	"strings"
)

// Transition is one row of a workflow table: in state From, any of Roles may take
// Action, which moves the entity to To.
type Transition[S, A ~string] struct {
	From   S      `json:"from"`
	Action A      `json:"action"`
	Roles  []Role `json:"roles"`
	To     S      `json:"to"`
}

// Timeout names the consequence of a waiting state: when the entity's deadline in
// State passes, the system takes Action (a transition of the table with role
// System). Label describes the deadline for diagrams ("48h", "10 days").
type Timeout[S, A ~string] struct {
	State  S      `json:"state"`
	Action A      `json:"action"`
	Label  string `json:"label"`
}

type key[S, A ~string] struct {
	from   S
	action A
}

type edge[S ~string] struct {
	to    S
	roles []Role
}

// Table is a checked workflow table. It is immutable after NewTable and safe for
// concurrent use.
type Table[S, A ~string] struct {
	workflow    string
	transitions []Transition[S, A]
	timeouts    []Timeout[S, A]
	edges       map[key[S, A]]edge[S]
	byState     map[S][]int // indexes into transitions, in table order
	timeoutOf   map[S]Timeout[S, A]
	states      []S
}

// NewTable builds a table for workflow ("pkg.name"). It rejects a table that names the
// same (from, action) twice, a transition without roles, and a timeout whose action
// the system may not take in its state.
func NewTable[S, A ~string](workflow string, transitions []Transition[S, A], timeouts ...Timeout[S, A]) (*Table[S, A], error) {
	t := &Table[S, A]{
		workflow:    workflow,
		transitions: cloneTransitions(transitions),
		timeouts:    append([]Timeout[S, A](nil), timeouts...),
		edges:       make(map[key[S, A]]edge[S], len(transitions)),
		byState:     make(map[S][]int),
		timeoutOf:   make(map[S]Timeout[S, A], len(timeouts)),
	}
	seen := map[S]bool{}
	addState := func(s S) {
		if !seen[s] {
			seen[s] = true
			t.states = append(t.states, s)
		}
	}
	for i, tr := range t.transitions {
		k := key[S, A]{tr.From, tr.Action}
		if _, dup := t.edges[k]; dup {
			return nil, Invalid(CodeDuplicateTransition, "transitions", workflow+": "+string(tr.From)+" --"+string(tr.Action)+"--> appears twice")
		}
		if len(tr.Roles) == 0 {
			return nil, Invalid(CodeNoRoles, "transitions", workflow+": "+string(tr.From)+" --"+string(tr.Action)+"--> has no roles")
		}
		t.edges[k] = edge[S]{to: tr.To, roles: tr.Roles}
		t.byState[tr.From] = append(t.byState[tr.From], i)
		addState(tr.From)
		addState(tr.To)
	}
	for _, to := range t.timeouts {
		e, ok := t.edges[key[S, A]{to.State, to.Action}]
		if !ok || !hasRole(e.roles, System) {
			return nil, Invalid(CodeBadTimeout, "timeouts", workflow+": timeout "+string(to.Action)+" in "+string(to.State)+" is not a system transition")
		}
		if _, dup := t.timeoutOf[to.State]; dup {
			return nil, Invalid(CodeBadTimeout, "timeouts", workflow+": two timeouts in "+string(to.State))
		}
		t.timeoutOf[to.State] = to
	}
	return t, nil
}

// MustNewTable is NewTable for tables written in source: it panics on a malformed table.
func MustNewTable[S, A ~string](workflow string, transitions []Transition[S, A], timeouts ...Timeout[S, A]) *Table[S, A] {
	t, err := NewTable(workflow, transitions, timeouts...)
	if err != nil {
		panic(err) // Must… helpers alone may panic
	}
	return t
}

func hasRole(roles []Role, r Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// Workflow returns the table's "pkg.name".
func (t *Table[S, A]) Workflow() string { return t.workflow }

// Check returns the state that action by role leads to from state, or a
// *TransitionError (errors.Is ErrNotAllowed). It does not allocate
// when the transition is allowed.
func (t *Table[S, A]) Check(from S, action A, role Role) (S, error) {
	e, ok := t.edges[key[S, A]{from, action}]
	if ok && hasRole(e.roles, role) {
		return e.to, nil
	}
	return from, &TransitionError{
		Workflow: t.workflow, State: string(from), Action: string(action), Role: role, WrongRole: ok,
	}
}

// Can reports whether role may take action in state.
func (t *Table[S, A]) Can(state S, action A, role Role) bool {
	e, ok := t.edges[key[S, A]{state, action}]
	return ok && hasRole(e.roles, role)
}

// AllowedActions lists the actions role may take in state, in table order: the
// buttons a frontend shows.
func (t *Table[S, A]) AllowedActions(state S, role Role) []A {
	var out []A
	for _, i := range t.byState[state] {
		if hasRole(t.transitions[i].Roles, role) {
			out = append(out, t.transitions[i].Action)
		}
	}
	return out
}

// Timeout returns the consequence the sweep applies when state's deadline passes,
// and whether state is a waiting state.
func (t *Table[S, A]) Timeout(state S) (Timeout[S, A], bool) {
	to, ok := t.timeoutOf[state]
	return to, ok
}

// Terminal reports whether no transition leaves state.
func (t *Table[S, A]) Terminal(state S) bool { return len(t.byState[state]) == 0 }

// States lists every state the table names, in order of first appearance.
func (t *Table[S, A]) States() []S { return append([]S(nil), t.states...) }

// Timeouts returns a copy of the table's timeouts, in table order.
func (t *Table[S, A]) Timeouts() []Timeout[S, A] { return append([]Timeout[S, A](nil), t.timeouts...) }

// Relabel returns a copy of the table whose timeout labels are label(timeout):
// a workflow draws its diagram with the deadlines of the policy in force, not the
// defaults written in its source.
func (t *Table[S, A]) Relabel(label func(Timeout[S, A]) string) *Table[S, A] {
	c := *t
	c.timeouts = make([]Timeout[S, A], len(t.timeouts))
	c.timeoutOf = make(map[S]Timeout[S, A], len(t.timeouts))
	for i, to := range t.timeouts {
		to.Label = label(to)
		c.timeouts[i] = to
		c.timeoutOf[to.State] = to
	}
	return &c
}

// Transitions returns a copy of the table's rows.
func (t *Table[S, A]) Transitions() []Transition[S, A] { return cloneTransitions(t.transitions) }

// cloneTransitions deep-copies rows, Roles included, so that neither the slice
// given to NewTable nor one returned by Transitions shares memory with the table: the
// table stays immutable whatever callers do with theirs.
func cloneTransitions[S, A ~string](rows []Transition[S, A]) []Transition[S, A] {
	out := make([]Transition[S, A], len(rows))
	for i, tr := range rows {
		tr.Roles = append([]Role(nil), tr.Roles...)
		out[i] = tr
	}
	return out
}

// Mermaid draws the table as a Mermaid state diagram. Each edge is labelled with its
// action and roles; a timeout edge also carries its deadline label.
func (t *Table[S, A]) Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	if len(t.states) > 0 {
		b.WriteString("    [*] --> " + mermaidID(string(t.states[0])) + "\n")
	}
	for _, tr := range t.transitions {
		roles := make([]string, len(tr.Roles))
		for i, r := range tr.Roles {
			roles[i] = string(r)
		}
		sort.Strings(roles)
		label := string(tr.Action) + " (" + strings.Join(roles, ", ") + ")"
		if to, ok := t.timeoutOf[tr.From]; ok && to.Action == tr.Action && to.Label != "" {
			label += " after " + to.Label
		}
		b.WriteString("    " + mermaidID(string(tr.From)) + " --> " + mermaidID(string(tr.To)) + ": " + label + "\n")
	}
	for _, s := range t.states {
		if t.Terminal(s) {
			b.WriteString("    " + mermaidID(string(s)) + " --> [*]\n")
		}
	}
	return b.String()
}

func mermaidID(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_", ".", "_").Replace(s)
}

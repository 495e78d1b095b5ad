package shopkit

import (
	"slices"
	"strconv"
	"time"
)

// Version is a policy as it stands from an instant on. Platform rules change
// over time, and an act follows the rule in force when it happened: an entity
// records the version in force when it starts (an order placed, a case
// opened), so a later version never moves its deadlines.
type Version[P any] struct {
	Name   string    `json:"name"`          // names the version in the entity's state, e.g. "aftersales-2022-09-30"
	From   time.Time `json:"from,omitzero"` // the instant it takes effect; zero for a first version in force from the start
	Policy P         `json:"policy"`
}

// Schedule is a policy's versions by the instant each takes effect. Build one
// with NewSchedule or Always; the zero Schedule has no version in force.
type Schedule[P any] struct {
	versions []Version[P] // by From, ascending
}

// CodeInvalidSchedule is the code of a schedule whose versions are missing,
// unnamed, named twice or not in force from distinct instants.
const CodeInvalidSchedule = "shopkit.invalid_schedule"

// CodeNoVersionInForce is the code of an instant before a schedule's first
// version.
const CodeNoVersionInForce = "shopkit.no_version_in_force"

// NewSchedule returns the schedule of versions, in any order. It needs at
// least one version; each needs a name of its own and an instant of its own,
// and only the earliest may have a zero From. A fault is a *ValidationError
// (CodeInvalidSchedule) naming every version at fault ("versions[1].from").
func NewSchedule[P any](versions ...Version[P]) (Schedule[P], error) {
	var ps []FieldProblem
	bad := func(i int, field, problem string) {
		ps = append(ps, FieldProblem{Field: "versions[" + strconv.Itoa(i) + "]." + field, Problem: problem})
	}
	if len(versions) == 0 {
		ps = append(ps, FieldProblem{Field: "versions", Problem: "needs at least one version"})
	}
	names := map[string]bool{}
	for i, v := range versions {
		switch {
		case v.Name == "":
			bad(i, "name", "is required")
		case names[v.Name]:
			bad(i, "name", "is used by another version")
		}
		names[v.Name] = true
	}
	sorted := slices.Clone(versions)
	slices.SortStableFunc(sorted, func(a, b Version[P]) int { return a.From.Compare(b.From) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].From.Equal(sorted[i-1].From) {
			at := slices.IndexFunc(versions, func(v Version[P]) bool { return v.Name == sorted[i].Name })
			bad(at, "from", "takes effect at the same instant as "+strconv.Quote(sorted[i-1].Name))
		}
	}
	if err := Incomplete(CodeInvalidSchedule, ps); err != nil {
		return Schedule[P]{}, err
	}
	return Schedule[P]{versions: sorted}, nil
}

// Always returns the schedule of one policy, in force from the start: what a
// host with a single policy passes.
func Always[P any](name string, p P) Schedule[P] {
	return Schedule[P]{versions: []Version[P]{{Name: name, Policy: p}}}
}

// At returns the version in force at t: the one with the latest From at or
// before t (a version is in force from its From exactly). Before the first
// version, or on the zero Schedule, it is CodeNoVersionInForce (ErrInvalid).
func (s Schedule[P]) At(t time.Time) (Version[P], error) {
	i, found := slices.BinarySearchFunc(s.versions, t, func(v Version[P], t time.Time) int { return v.From.Compare(t) })
	if !found {
		i--
	}
	if i < 0 {
		return Version[P]{}, NewError(ErrInvalid, CodeNoVersionInForce, "no policy version is in force at "+t.Format(time.RFC3339Nano))
	}
	return s.versions[i], nil
}

// Versions returns a copy of the versions, earliest first.
func (s Schedule[P]) Versions() []Version[P] { return slices.Clone(s.versions) }

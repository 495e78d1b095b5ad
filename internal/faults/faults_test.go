package faults_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/faults"
)

func TestCounterFailsTheArmedCall(t *testing.T) {
	var c faults.Counter
	assert.NoError(t, c.Hit("a"), "the zero Counter fails nothing")
	c.Arm(2, false)
	assert.NoError(t, c.Hit("a"))
	assert.ErrorIs(t, c.Hit("b"), faults.ErrInjected)
	assert.NoError(t, c.Hit("c"), "only the k-th")
	assert.Equal(t, []string{"a", "b", "c"}, c.Calls())

	c.Arm(1, true)
	assert.ErrorIs(t, c.Hit("a"), faults.ErrInjected)
	assert.ErrorIs(t, c.Hit("b"), faults.ErrInjected, "a crash fails every later call")
	assert.Equal(t, []string{"a", "b"}, c.Disarm())
	assert.NoError(t, c.Hit("c"), "until the restart")
	assert.Equal(t, 3, c.Count())
}

// things is a tiny EntityStore that records what reached it.
type things struct{ calls []string }

func (s *things) Create(context.Context, string) error {
	s.calls = append(s.calls, "Create")
	return nil
}
func (s *things) Get(context.Context, uuid.UUID) (string, error) {
	s.calls = append(s.calls, "Get")
	return "x", nil
}
func (s *things) Update(context.Context, uuid.UUID, func(string) error) error {
	s.calls = append(s.calls, "Update")
	return nil
}
func (s *things) Trail(context.Context, uuid.UUID, int, int) ([]shopkit.Entry, error) {
	s.calls = append(s.calls, "Trail")
	return nil, nil
}

func TestEntityCountsAndStopsFailedCalls(t *testing.T) {
	ctx := context.Background()
	var c faults.Counter
	in := &things{}
	e := faults.Entity[string]{Store: in, C: &c, Name: "things"}
	c.Arm(2, false)
	assert.NoError(t, e.Create(ctx, "x"))
	_, err := e.Get(ctx, uuid.New())
	assert.ErrorIs(t, err, faults.ErrInjected)
	assert.NoError(t, e.Update(ctx, uuid.New(), nil))
	_, err = e.Trail(ctx, uuid.New(), 0, 1)
	assert.NoError(t, err)
	assert.Equal(t, []string{"things.Create", "things.Get", "things.Update", "things.Trail"}, c.Calls())
	assert.Equal(t, []string{"Create", "Update", "Trail"}, in.calls, "the failed call never reached the store")
	assert.Equal(t, 1, c.Failed())
}

// A Transient counter's failure is a shopkit.Retry error, the injected
// failure still reachable; a plain counter's is the injected failure alone.
func TestTransientFailuresAreRetry(t *testing.T) {
	plain, transient := &faults.Counter{}, &faults.Counter{Transient: true}
	plain.Arm(1, false)
	transient.Arm(1, false)
	perr, terr := plain.Hit("x.Get"), transient.Hit("x.Get")
	assert.ErrorIs(t, perr, faults.ErrInjected)
	assert.NotErrorIs(t, perr, shopkit.ErrRetry)
	assert.ErrorIs(t, terr, faults.ErrInjected)
	assert.ErrorIs(t, terr, shopkit.ErrRetry)
	assert.NoError(t, transient.Hit("x.Get"), "only the armed call fails")
}

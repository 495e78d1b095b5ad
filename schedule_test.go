package shopkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
)

// Acts follow the rule in force when they happened: a version is in force from
// its effective instant exactly, and one nanosecond before it the previous
// version still is.
func TestScheduleAtTheEffectiveInstant(t *testing.T) {
	revised := time.Date(2022, 9, 30, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	s, err := shopkit.NewSchedule(
		shopkit.Version[int]{Name: "revised", From: revised, Policy: 48},
		shopkit.Version[int]{Name: "original", Policy: 72},
	)
	require.NoError(t, err)
	before, err := s.At(revised.Add(-time.Nanosecond))
	require.NoError(t, err)
	assert.Equal(t, "original", before.Name)
	at, err := s.At(revised)
	require.NoError(t, err)
	assert.Equal(t, 48, at.Policy)
	later, err := s.At(revised.AddDate(3, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, "revised", later.Name)
	assert.Equal(t, []string{"original", "revised"}, []string{s.Versions()[0].Name, s.Versions()[1].Name})

	only, err := shopkit.Always("default", 7).At(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, 7, only.Policy)
}

func TestScheduleRefusesAmbiguousVersions(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := shopkit.NewSchedule[int]()
	assert.Equal(t, shopkit.CodeInvalidSchedule, shopkit.CodeOf(err))
	_, err = shopkit.NewSchedule(shopkit.Version[int]{Name: "a", From: at}, shopkit.Version[int]{Name: "a", From: at.Add(1)},
		shopkit.Version[int]{From: at.Add(2)}, shopkit.Version[int]{Name: "d", From: at})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.ElementsMatch(t, []string{"versions[1].name", "versions[2].name", "versions[3].from"}, fields)

	late, err := shopkit.NewSchedule(shopkit.Version[int]{Name: "a", From: at})
	require.NoError(t, err)
	_, err = late.At(at.Add(-1))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	_, err = shopkit.Schedule[int]{}.At(at)
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
}

package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/require"
)

// ViaJSON encodes snap as JSON, decodes it into a new snapshot and restores
// the entity from it, as a host store with a JSON state column does. keep, if
// not nil, copies from snap what JSON does not carry (a policy's calendar is
// code, not data) before restore.
func ViaJSON[S, T any](t testing.TB, snap S, restore func(S) (T, error), keep func(from S, to *S)) T {
	t.Helper()
	data, err := json.Marshal(snap)
	require.NoError(t, err)
	var back S
	require.NoError(t, json.Unmarshal(data, &back))
	if keep != nil {
		keep(snap, &back)
	}
	v, err := restore(back)
	require.NoError(t, err)
	return v
}

// ReadTrail reads id's whole trail from s, a few entries a page, and fails
// the test unless the entries are numbered 1, 2, 3, … with no gap or repeat
// (R0.4).
func ReadTrail(t testing.TB, s shopkit.TrailReader, id uuid.UUID) []shopkit.Entry {
	t.Helper()
	es, err := shopkit.ReadTrail(context.Background(), s, id, 3)
	require.NoError(t, err)
	for i, e := range es {
		require.Equal(t, i+1, e.Seq, "the trail has a gap or a repeat")
	}
	return es
}

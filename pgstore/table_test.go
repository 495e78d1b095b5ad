package pgstore

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// item is an aggregate keyed by a string (as a stock item by its SKU), to
// check the engine's text-key path.
type item struct {
	snap    itemSnapshot
	unsaved []shopkit.Entry
}

type itemSnapshot struct {
	Key      string
	Shop     uuid.UUID
	Deadline time.Time
	Count    int
	Seq      int
}

func (i *item) touch(at time.Time) {
	i.snap.Count++
	i.snap.Seq++
	i.unsaved = append(i.unsaved, shopkit.Entry{Seq: i.snap.Seq, Kind: shopkit.EntryEffect, At: at, Action: "count",
		Effect: shopkit.Effect{ID: shopkit.EffectID("item:"+i.snap.Key, i.snap.Seq), Type: shopkit.EffectNotify, Ref: i.snap.Key}})
}

const itemTables = `
CREATE TABLE items (
  key text COLLATE "C" PRIMARY KEY, shop_id uuid NOT NULL, seq integer NOT NULL, deadline_ns bigint,
  lease_owner text, lease_until_ns bigint, state jsonb NOT NULL, count integer NOT NULL);
CREATE TABLE items_trail (entity text COLLATE "C" NOT NULL REFERENCES items (key), seq integer NOT NULL,
  entry jsonb NOT NULL, PRIMARY KEY (entity, seq));`

func itemTable(t *testing.T) *table[*item, string] {
	t.Helper()
	s := pgtest.NewSchema(t, Migrate)
	_, err := s.Pool.Exec(context.Background(), itemTables)
	require.NoError(t, err)
	db, err := Open(Config{Pool: s.Pool})
	require.NoError(t, err)
	return newTable(db, tableDef[*item, string]{
		table: "items", keyColumn: "key", entity: "item", notFound: "demo.item_not_found", exists: "demo.item_exists",
		key:      func(i *item) string { return i.snap.Key },
		keyText:  func(k string) string { return "item:" + k },
		shop:     func(i *item) uuid.UUID { return i.snap.Shop },
		snapshot: func(i *item) any { return i.snap },
		restore: restoreJSON(func(s itemSnapshot) (*item, error) {
			return &item{snap: s}, nil
		}),
		unsaved:   func(i *item) []shopkit.Entry { return i.unsaved },
		markSaved: func(i *item) { i.unsaved = nil },
		deadline:  func(i *item) (time.Time, bool) { return i.snap.Deadline, !i.snap.Deadline.IsZero() },
		columns:   []column[*item]{{"count", func(i *item) any { return i.snap.Count }}},
	})
}

// The engine over a text key: keys sort bytewise (as Go compares strings),
// Due and Claim break deadline ties by key, and query reads the typed
// columns.
func TestTable_TextKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tb := itemTable(t)
	at := time.Date(2026, 11, 11, 0, 0, 0, 7, time.UTC)
	for _, k := range []string{"b", "a", "B", "é"} {
		i := &item{snap: itemSnapshot{Key: k, Shop: uuid.New(), Deadline: at}}
		i.touch(at)
		require.NoError(t, tb.create(ctx, i))
	}
	keys := func(is []*item) []string {
		out := make([]string, len(is))
		for n, i := range is {
			out[n] = i.snap.Key
		}
		return out
	}
	due, err := tb.due(ctx, at, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"B", "a", "b", "é"}, keys(due), "ties by key, bytewise")
	none, err := tb.due(ctx, at.Add(-1), 10)
	require.NoError(t, err)
	assert.Empty(t, none, "a nanosecond before the deadline nothing is due")

	claimed, err := tb.claim(ctx, at, 3, shopkit.Lease{Owner: "s1", Until: at.Add(time.Minute)})
	require.NoError(t, err)
	assert.Equal(t, []string{"B", "a", "b"}, keys(claimed))

	require.NoError(t, tb.update(ctx, "a", func(i *item) error { i.touch(at); i.touch(at); return nil }))
	got, err := tb.get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, 3, got.snap.Count)
	assert.True(t, got.snap.Deadline.Equal(at))
	trail, err := tb.trail(ctx, "a", 0, 10)
	require.NoError(t, err)
	require.Len(t, trail, 3)
	assert.Equal(t, "item:a#3", trail[2].Effect.ID)

	counted, err := tb.query(ctx, "list counted items", "count >= $1 ORDER BY key", 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, keys(counted))

	var effects int
	require.NoError(t, tb.db.pool.QueryRow(ctx, "SELECT count(*) FROM outbox WHERE source = 'items' AND entity = 'item:a'").Scan(&effects))
	assert.Equal(t, 3, effects)

	_, err = tb.get(ctx, "zz")
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, "demo.item_not_found", shopkit.CodeOf(err))
	dup := &item{snap: itemSnapshot{Key: "a", Shop: uuid.New()}}
	err = tb.create(ctx, dup)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, "demo.item_exists", shopkit.CodeOf(err))
}

// A stored state with a field the snapshot does not have is refused, not
// silently dropped.
func TestTable_StrictDecode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tb := itemTable(t)
	i := &item{snap: itemSnapshot{Key: "k", Shop: uuid.New()}}
	require.NoError(t, tb.create(ctx, i))
	state, err := json.Marshal(map[string]any{"Key": "k", "Unknown": 1})
	require.NoError(t, err)
	_, err = tb.db.pool.Exec(ctx, "UPDATE items SET state = $1::jsonb WHERE key = 'k'", string(state))
	require.NoError(t, err)
	_, err = tb.get(ctx, "k")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Unknown")
	called := false
	err = tb.update(ctx, "k", func(*item) error { called = true; return nil })
	require.Error(t, err)
	assert.False(t, called)
}

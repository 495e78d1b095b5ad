package pgstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
)

// column is a typed column a package's queries filter or sort on, written
// from the entity on every Create and Update.
type column[T any] struct {
	name  string
	value func(T) any
}

// tableDef describes one aggregate's table to the engine. A package's store
// file fills one in and adds its own queries through table.query.
type tableDef[T any, K comparable] struct {
	// table is the row table; its trail is table+"_trail".
	table string
	// keyColumn is the key's column: "id" (uuid) or "key" (text COLLATE "C",
	// so that SQL orders keys as Go compares strings).
	keyColumn string
	// entity names the entity in messages; notFound and exists are the
	// package's codes for an unknown key and a key taken.
	entity, notFound, exists string
	// unique maps a unique constraint's name to the code of its violation
	// (a natural key taken); the primary key is exists.
	unique map[string]string
	// key returns the entity's key; keyText writes it as text, as the
	// outbox's entity column holds it and as SQL orders it.
	key     func(T) K
	keyText func(K) string
	// shop returns the shop the entity belongs to (the shop_id column).
	shop func(T) uuid.UUID
	// snapshot returns the value to store as JSON (the package's Snapshot).
	snapshot func(T) any
	// restore rebuilds the entity from its stored JSON (a strict decode of
	// the snapshot, then the package's Restore, which validates).
	restore func(data []byte) (T, error)
	// unsaved returns the entries a write appends; markSaved is called on the
	// value after its write commits.
	unsaved   func(T) []shopkit.Entry
	markSaved func(T)
	// deadline returns the entity's deadline, if any (deadline_ns); nil
	// means the entity never waits on one.
	deadline func(T) (time.Time, bool)
	// columns are the extra columns the package's queries use.
	columns []column[T]
}

// table is the generic store of one aggregate type: state row, trail and
// outbox written together, in one transaction.
type table[T any, K comparable] struct {
	db    *DB
	def   tableDef[T, K]
	codes errorCodes
	// The statements, built once from the def.
	insertSQL, selectSQL, lockSQL, updateSQL, trailSQL, dueSQL, claimSQL, existsSQL string
	appendTrailSQL, appendOutboxSQL                                                 string
}

// newTable builds a table from def.
func newTable[T any, K comparable](db *DB, def tableDef[T, K]) *table[T, K] {
	t := &table[T, K]{db: db, def: def,
		codes: errorCodes{entity: def.entity, notFound: def.notFound, exists: def.exists, unique: def.unique}}
	k, tb := def.keyColumn, def.table
	cols := []string{k, "shop_id", "seq", "deadline_ns", "state"}
	sets := []string{"seq = $2", "deadline_ns = $3", "state = $4", "lease_owner = NULL", "lease_until_ns = NULL"}
	for i, c := range def.columns {
		cols = append(cols, c.name)
		sets = append(sets, fmt.Sprintf("%s = $%d", c.name, i+5))
	}
	marks := make([]string, len(cols))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	t.insertSQL = fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", tb, strings.Join(cols, ", "), strings.Join(marks, ", "))
	t.selectSQL = fmt.Sprintf("SELECT state FROM %s WHERE %s = $1", tb, k)
	t.lockSQL = fmt.Sprintf("SELECT seq, state FROM %s WHERE %s = $1 FOR UPDATE", tb, k)
	t.updateSQL = fmt.Sprintf("UPDATE %s SET %s WHERE %s = $1", tb, strings.Join(sets, ", "), k)
	t.existsSQL = fmt.Sprintf("SELECT true FROM %s WHERE %s = $1", tb, k)
	t.trailSQL = fmt.Sprintf("SELECT entry FROM %s_trail WHERE entity = $1 AND seq > $2 ORDER BY seq LIMIT $3", tb)
	t.appendTrailSQL = fmt.Sprintf("INSERT INTO %s_trail (entity, seq, entry) SELECT $1, unnest($2::integer[]), unnest($3::text[])::jsonb", tb)
	t.appendOutboxSQL = "INSERT INTO outbox (effect_id, source, entity, effect, created_ns, not_before_ns) " +
		"SELECT unnest($1::text[]), $2, $3, unnest($4::text[])::jsonb, unnest($5::bigint[]), unnest($5::bigint[])"
	t.dueSQL = fmt.Sprintf("SELECT state FROM %s WHERE deadline_ns <= $1 ORDER BY deadline_ns, %s LIMIT $2", tb, k)
	// The candidates are picked in a materialized CTE, run exactly once: as
	// an IN (subquery), a plan made on stale statistics (a table just
	// emptied and refilled) runs the locking subquery again for every row of
	// the table, which takes minutes at 10,000 rows and, while another claim
	// skips rows, leases more than limit (docs/storage.md, "The SQL shape").
	t.claimSQL = fmt.Sprintf(`WITH picked AS MATERIALIZED (
  SELECT %[2]s FROM %[1]s
   WHERE deadline_ns <= $3
     AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until_ns <= $3)
   ORDER BY deadline_ns, %[2]s LIMIT $4
   FOR UPDATE SKIP LOCKED)
UPDATE %[1]s t SET lease_owner = $1, lease_until_ns = $2 FROM picked WHERE t.%[2]s = picked.%[2]s
RETURNING t.deadline_ns, t.%[2]s::text, t.state`, tb, k)
	return t
}

// ready reports a store its constructor did not build and a done context.
func (t *table[T, K]) ready(ctx context.Context) error {
	if t == nil || t.db == nil {
		return shopkit.NotBuilt("pgstore store")
	}
	return t.db.ready(ctx)
}

// notFoundError is the package's not-found error for key.
func (t *table[T, K]) notFoundError(key K) error {
	return shopkit.NewError(shopkit.ErrNotFound, t.def.notFound, fmt.Sprintf("%s %s not found", t.def.entity, t.def.keyText(key)))
}

// row returns the values of a row's columns after key, in the order of
// insertSQL and updateSQL: seq, deadline_ns, state, then the extra columns.
func (t *table[T, K]) row(v T, seq int) ([]any, error) {
	state, err := json.Marshal(t.def.snapshot(v))
	if err != nil {
		return nil, fmt.Errorf("pgstore: encode %s: %w", t.def.entity, err)
	}
	var deadline *int64
	if t.def.deadline != nil {
		if at, ok := t.def.deadline(v); ok {
			ns := nanos(at)
			deadline = &ns
		}
	}
	out := []any{seq, deadline, string(state)}
	for _, c := range t.def.columns {
		out = append(out, c.value(v))
	}
	return out, nil
}

// queueEntries queues on batch the statements that append entries to key's
// trail and their effects to the outbox, one statement each.
func (t *table[T, K]) queueEntries(batch *pgx.Batch, key K, entries []shopkit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	seqs := make([]int32, len(entries))
	docs := make([]string, len(entries))
	var ids, effects []string
	var created []int64
	for i, e := range entries {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("pgstore: encode %s entry %d: %w", t.def.entity, e.Seq, err)
		}
		seqs[i], docs[i] = int32(e.Seq), string(b)
		if e.Kind != shopkit.EntryEffect {
			continue
		}
		id := e.Effect.ID
		if id == "" {
			id = shopkit.EffectID(t.def.keyText(key), e.Seq)
		}
		eb, err := json.Marshal(e.Effect)
		if err != nil {
			return fmt.Errorf("pgstore: encode effect %s: %w", id, err)
		}
		ids, effects, created = append(ids, id), append(effects, string(eb)), append(created, nanos(e.At))
	}
	batch.Queue(t.appendTrailSQL, key, seqs, docs)
	if len(ids) > 0 {
		batch.Queue(t.appendOutboxSQL, ids, t.def.table, t.def.keyText(key), effects, created)
	}
	return nil
}

// lastSeq is the Seq of the last of entries, or seq when there are none.
func lastSeq(seq int, entries []shopkit.Entry) int {
	if len(entries) == 0 {
		return seq
	}
	return entries[len(entries)-1].Seq
}

// create stores v's state and appends its unsaved entries (and their
// effects) in one transaction. A key or natural key taken is ErrConflict.
// The caller's value is not changed.
func (t *table[T, K]) create(ctx context.Context, v T) error {
	if err := t.ready(ctx); err != nil {
		return err
	}
	if isNil(v) {
		return shopkit.NilArgument(t.def.entity)
	}
	key := t.def.key(v)
	entries := t.def.unsaved(v)
	vals, err := t.row(v, lastSeq(0, entries))
	if err != nil {
		return err
	}
	args := append([]any{key, t.def.shop(v)}, vals...)
	op := "create " + t.def.entity
	// The row, its trail and its effects go to the server together, in one
	// round trip (a pipeline): a failure of one fails the transaction.
	err = t.db.inTx(ctx, op, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		batch.Queue(t.insertSQL, args...)
		if err := t.queueEntries(batch, key, entries); err != nil {
			return err
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	return mapError(ctx, op, t.codes, err)
}

// get restores the entity stored under key, or ErrNotFound.
func (t *table[T, K]) get(ctx context.Context, key K) (T, error) {
	var zero T
	if err := t.ready(ctx); err != nil {
		return zero, err
	}
	var state []byte
	err := t.db.pool.QueryRow(ctx, t.selectSQL, key).Scan(&state)
	if err == pgx.ErrNoRows {
		return zero, t.notFoundError(key)
	}
	if err != nil {
		return zero, mapError(ctx, "get "+t.def.entity, t.codes, err)
	}
	return t.decode(state)
}

// decode restores an entity from its stored state.
func (t *table[T, K]) decode(state []byte) (T, error) {
	v, err := t.def.restore(state)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("pgstore: restore %s from its stored state: %w", t.def.entity, err)
	}
	return v, nil
}

// update locks the row, restores the entity, calls fn and, only if fn
// returns nil, appends its unsaved entries and effects and writes the new
// state (ending any lease), all in one transaction; a transient failure
// re-runs the whole transaction, fn included (see DB.inTx). fn's error is
// returned as it is.
func (t *table[T, K]) update(ctx context.Context, key K, fn func(T) error) error {
	if err := t.ready(ctx); err != nil {
		return err
	}
	if fn == nil {
		return shopkit.NilArgument("fn")
	}
	op := "update " + t.def.entity
	var saved T
	err := t.db.inTx(ctx, op, func(tx pgx.Tx) error {
		var seq int
		var state []byte
		err := tx.QueryRow(ctx, t.lockSQL, key).Scan(&seq, &state)
		if err == pgx.ErrNoRows {
			return fnError{t.notFoundError(key)}
		}
		if err != nil {
			return err
		}
		v, err := t.decode(state)
		if err != nil {
			return fnError{err}
		}
		if err := fn(v); err != nil {
			return fnError{err}
		}
		entries := t.def.unsaved(v)
		vals, err := t.row(v, lastSeq(seq, entries))
		if err != nil {
			return fnError{err}
		}
		// The new entries, their effects and the new state go to the server
		// together, in one round trip (a pipeline).
		batch := &pgx.Batch{}
		if err := t.queueEntries(batch, key, entries); err != nil {
			return fnError{err}
		}
		batch.Queue(t.updateSQL, append([]any{key}, vals...)...)
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return err
		}
		saved = v
		return nil
	})
	if err != nil {
		return mapError(ctx, op, t.codes, err)
	}
	t.def.markSaved(saved)
	return nil
}

// trail returns at most limit entries of key's trail with Seq above after,
// oldest first; an unknown key is ErrNotFound.
func (t *table[T, K]) trail(ctx context.Context, key K, after, limit int) ([]shopkit.Entry, error) {
	if err := t.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckCursor(after, limit); err != nil {
		return nil, err
	}
	op := "read the trail of " + t.def.entity
	rows, err := t.db.pool.Query(ctx, t.trailSQL, key, after, limit)
	if err != nil {
		return nil, mapError(ctx, op, t.codes, err)
	}
	docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, mapError(ctx, op, t.codes, err)
	}
	if len(docs) == 0 {
		var found bool
		err := t.db.pool.QueryRow(ctx, t.existsSQL, key).Scan(&found)
		if err == pgx.ErrNoRows {
			return nil, t.notFoundError(key)
		}
		if err != nil {
			return nil, mapError(ctx, op, t.codes, err)
		}
	}
	out := make([]shopkit.Entry, len(docs))
	for i, d := range docs {
		if err := strictJSON(d, &out[i]); err != nil {
			return nil, fmt.Errorf("pgstore: decode a trail entry of %s %s: %w", t.def.entity, t.def.keyText(key), err)
		}
	}
	return out, nil
}

// due returns at most limit entities whose deadline is at or before at,
// earliest first, ties by key.
func (t *table[T, K]) due(ctx context.Context, at time.Time, limit int) ([]T, error) {
	if err := t.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return t.collect(ctx, "list due "+t.def.entity, t.dueSQL, nanos(at), limit)
}

// claim holds at most limit due entities that lease.Owner may take at at
// (free, its own, or their lease run out) for lease.Owner until
// lease.Until, and returns them earliest deadline first, ties by key.
// Entities another transaction has locked are skipped, not waited for.
func (t *table[T, K]) claim(ctx context.Context, at time.Time, limit int, lease shopkit.Lease) ([]T, error) {
	if err := t.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	if err := lease.Check(at); err != nil {
		return nil, err
	}
	type claimed struct {
		deadline int64
		key      string
		state    []byte
	}
	op := "claim due " + t.def.entity
	var got []claimed
	err := t.db.inTxAt(ctx, op, pgx.ReadCommitted, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, t.claimSQL, lease.Owner, nanos(lease.Until), nanos(at), limit)
		if err != nil {
			return err
		}
		got, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (claimed, error) {
			var c claimed
			err := r.Scan(&c.deadline, &c.key, &c.state)
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, mapError(ctx, op, t.codes, err)
	}
	// RETURNING keeps no order: sort as the subquery chose.
	slices.SortFunc(got, func(a, b claimed) int {
		return cmp.Or(cmp.Compare(a.deadline, b.deadline), strings.Compare(a.key, b.key))
	})
	out := make([]T, len(got))
	for i, c := range got {
		v, err := t.decode(c.state)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// query returns the entities of "SELECT state FROM <table> WHERE <where>"
// with args, in the order the query gives (where may end in ORDER BY and
// LIMIT). It is one statement, so it sees the rows as of one moment.
func (t *table[T, K]) query(ctx context.Context, op, where string, args ...any) ([]T, error) {
	if err := t.ready(ctx); err != nil {
		return nil, err
	}
	return t.collect(ctx, op, "SELECT state FROM "+t.def.table+" WHERE "+where, args...)
}

// collect runs sql, whose one column is state, and restores every row.
func (t *table[T, K]) collect(ctx context.Context, op, sql string, args ...any) ([]T, error) {
	rows, err := t.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapError(ctx, op, t.codes, err)
	}
	states, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, mapError(ctx, op, t.codes, err)
	}
	out := make([]T, len(states))
	for i, s := range states {
		v, err := t.decode(s)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// nanos is t as nanoseconds since the epoch, the form of every instant a
// query compares. An instant outside what an int64 of nanoseconds holds
// (before 1677-09-21 or after 2262-04-11: the zero time, "never") is clamped
// to the first or last one, so it keeps its place in the order instead of
// wrapping around.
func nanos(t time.Time) int64 {
	switch {
	case t.Before(firstNanos):
		return math.MinInt64
	case t.After(lastNanos):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// The instants nanoseconds since the epoch can hold.
var (
	firstNanos = time.Unix(0, math.MinInt64)
	lastNanos  = time.Unix(0, math.MaxInt64)
)

// strictJSON decodes data into v, refusing fields v does not have: a state
// written by another version of a package is an error, not a silent loss.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// restoreJSON returns a restore func for a def: the strict JSON decode of
// the package's snapshot type S, then its Restore.
func restoreJSON[S, T any](restore func(S) (T, error)) func([]byte) (T, error) {
	return func(data []byte) (T, error) {
		var s S
		if err := strictJSON(data, &s); err != nil {
			var zero T
			return zero, err
		}
		return restore(s)
	}
}

// isNil reports a nil entity pointer.
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil())
}

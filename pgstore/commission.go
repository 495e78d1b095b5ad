package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// Commission is the PostgreSQL commission.Store and commission.BatchStore:
// tables commission_rule_sets, commission_markers (one row per settled
// order, its primary key making an order settle once) and
// commission_statements (indexed by merchant, period start and key), plus
// commission_records, the order records a host keeps for statement runs
// (AddRecords, Records). These are write-once records, not aggregates: plain
// SQL, no trail and no outbox.
type Commission struct {
	db *DB
}

var (
	_ commission.Store      = (*Commission)(nil)
	_ commission.BatchStore = (*Commission)(nil)
)

// Commission returns the commission store.
func (db *DB) Commission() *Commission { return &Commission{db: db} }

// The error codes of each table (errors.go, mapError).
var (
	ruleSetCodes   = errorCodes{entity: "commission rule set", exists: commission.CodeOverlappingRules}
	markerCodes    = errorCodes{entity: "settlement marker", exists: commission.CodeAlreadySettled}
	statementCodes = errorCodes{entity: "statement", notFound: commission.CodeStatementNotFound, exists: commission.CodeStatementChanged}
	recordCodes    = errorCodes{entity: "commission record", exists: commission.CodeInvalidOrder}
)

// ready reports a store Open did not build and a done context.
func (c *Commission) ready(ctx context.Context) error {
	if c == nil {
		return shopkit.NotBuilt("pgstore.Commission")
	}
	return c.db.ready(ctx)
}

// lockRuleSetsSQL serialises the writers of the schema's rule sets, so that
// the overlap check of one sees what the other wrote (R4.3); the lock is the
// transaction's and the key is the schema's own.
const lockRuleSetsSQL = `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '.commission_rule_sets', 0))`

// SaveRuleSet stores rs (replacing the one with its ID) after checking it
// together with every other stored rule set (R4.3: no overlaps), under a
// lock that makes concurrent saves check one after the other. An invalid or
// overlapping rule set is the schedule's ValidationError
// (CodeOverlappingRules, …) and nothing is written.
func (c *Commission) SaveRuleSet(ctx context.Context, rs commission.RuleSet) error {
	if err := c.ready(ctx); err != nil {
		return err
	}
	const op = "save commission rule set"
	err := c.db.inTx(ctx, op, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockRuleSetsSQL); err != nil {
			return err
		}
		others, err := readRuleSets(ctx, tx, "SELECT rule_set FROM commission_rule_sets WHERE id <> $1", rs.ID)
		if err != nil {
			return err
		}
		sched, err := commission.NewSchedule(append(others, rs)...)
		if err != nil {
			return fnError{err}
		}
		for _, n := range sched.RuleSets() { // normalised copies
			if n.ID != rs.ID {
				continue
			}
			doc, err := json.Marshal(n)
			if err != nil {
				return fnError{fmt.Errorf("pgstore: encode rule set %s: %w", n.ID, err)}
			}
			var to *int64
			if !n.To.IsZero() {
				ns := nanos(n.To)
				to = &ns
			}
			_, err = tx.Exec(ctx, `INSERT INTO commission_rule_sets (id, from_ns, to_ns, rule_set) VALUES ($1, $2, $3, $4)
 ON CONFLICT (id) DO UPDATE SET from_ns = excluded.from_ns, to_ns = excluded.to_ns, rule_set = excluded.rule_set`,
				n.ID, nanos(n.From), to, string(doc))
			return err
		}
		return nil
	})
	return mapError(ctx, op, ruleSetCodes, err)
}

// RuleSets returns every stored rule set, by From.
func (c *Commission) RuleSets(ctx context.Context) ([]commission.RuleSet, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	sets, err := readRuleSets(ctx, c.db.pool, "SELECT rule_set FROM commission_rule_sets ORDER BY from_ns, id")
	if err != nil {
		return nil, mapError(ctx, "read commission rule sets", ruleSetCodes, err)
	}
	if len(sets) == 0 {
		return nil, nil
	}
	sched, err := commission.NewSchedule(sets...)
	if err != nil {
		return nil, err
	}
	return sched.RuleSets(), nil
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// readRuleSets decodes the rule sets sql selects (strictly: RuleSet's own
// decoder refuses unknown fields).
func readRuleSets(ctx context.Context, q querier, sql string, args ...any) ([]commission.RuleSet, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, err
	}
	out := make([]commission.RuleSet, len(docs))
	for i, d := range docs {
		if err := json.Unmarshal(d, &out[i]); err != nil {
			return nil, fnError{fmt.Errorf("pgstore: decode commission rule set: %w", err)}
		}
	}
	return out, nil
}

// MarkSettled records m unless the order is already marked (R4.5): again
// with the same statement is a no-op, by another statement ErrConflict
// (commission.CodeAlreadySettled) and nothing is written. The order's
// primary key decides between concurrent runs: one insert wins, the others
// find its row. A marker without an order ID is a ValidationError
// (commission.CodeInvalidOrder).
func (c *Commission) MarkSettled(ctx context.Context, m commission.Marker) error {
	if err := c.ready(ctx); err != nil {
		return err
	}
	if m.OrderID == uuid.Nil {
		return shopkit.Invalid(commission.CodeInvalidOrder, "order_id", "is required")
	}
	return c.MarkSettledBatch(ctx, []commission.Marker{m})
}

// markBatchSQL inserts the markers not yet stored, in one statement, and
// returns the input positions of those whose order already had a marker.
const markBatchSQL = `WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[])
    WITH ORDINALITY AS i(order_id, shop_id, statement, cut_off_ns, marker, pos)
), inserted AS (
  INSERT INTO commission_markers (order_id, shop_id, statement, cut_off_ns, marker)
  SELECT order_id, shop_id, statement, cut_off_ns, marker::jsonb FROM input ORDER BY pos
  ON CONFLICT (order_id) DO NOTHING
  RETURNING order_id
)
SELECT pos FROM input WHERE order_id NOT IN (SELECT order_id FROM inserted) ORDER BY pos`

// markRecordsSQL records on the commission records of the orders marked
// the cut-off that settled them (AddRecords does the same for a record added
// after its order was marked).
const markRecordsSQL = `UPDATE commission_records r SET settled_ns = i.cut_off_ns
  FROM unnest($1::uuid[], $2::bigint[]) AS i(order_id, cut_off_ns)
 WHERE r.order_id = i.order_id AND r.settled_ns IS NULL`

// MarkSettledBatch is MarkSettled for each marker of ms in one transaction
// and one INSERT … SELECT unnest … ON CONFLICT DO NOTHING: the markers
// already stored come back, and the first of them stored by another
// statement is ErrConflict (commission.CodeAlreadySettled) and rolls the
// whole batch back, so nothing of it is written. An order repeated within
// ms by another statement is that conflict too, after the markers before it
// are written. A marker without an order ID is a ValidationError
// (commission.CodeInvalidOrder) naming it, and nothing is written. ms is not
// kept.
func (c *Commission) MarkSettledBatch(ctx context.Context, ms []commission.Marker) error {
	if err := c.ready(ctx); err != nil {
		return err
	}
	// Within the batch, a repeat of an order follows the rules against its
	// first marker; only the first goes to the database.
	var repeat error
	first := make(map[uuid.UUID]int, len(ms))
	n := len(ms)
	orders, shops, statements := make([]uuid.UUID, 0, n), make([]uuid.UUID, 0, n), make([]string, 0, n)
	cutOffs, docs := make([]int64, 0, n), make([]string, 0, n)
	for i, m := range ms {
		if m.OrderID == uuid.Nil {
			return shopkit.Invalid(commission.CodeInvalidOrder, fmt.Sprintf("markers[%d].order_id", i), "is required")
		}
		if j, ok := first[m.OrderID]; ok {
			if ms[j].Statement != m.Statement {
				repeat = commission.ErrAlreadySettled(m.OrderID, ms[j].Statement)
				break
			}
			continue
		}
		doc, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("pgstore: encode marker of order %s: %w", m.OrderID, err)
		}
		first[m.OrderID] = i
		orders, shops, statements = append(orders, m.OrderID), append(shops, m.MerchantID), append(statements, m.Statement)
		cutOffs, docs = append(cutOffs, nanos(m.CutOff)), append(docs, string(doc))
	}
	if len(orders) == 0 {
		return repeat
	}
	const op = "mark orders settled"
	err := c.db.inTx(ctx, op, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, markBatchSQL, orders, shops, statements, cutOffs, docs)
		if err != nil {
			return err
		}
		taken, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		// The records of the orders settled leave Records' settleable index.
		if _, err := tx.Exec(ctx, markRecordsSQL, orders, cutOffs); err != nil {
			return err
		}
		if len(taken) == 0 {
			return nil
		}
		ids := make([]uuid.UUID, len(taken))
		for i, p := range taken {
			ids[i] = orders[p-1]
		}
		// A statement of its own: at READ COMMITTED it sees the markers that
		// concurrent runs committed while the insert waited on them.
		rows, err = tx.Query(ctx, "SELECT order_id, statement FROM commission_markers WHERE order_id = ANY($1)", ids)
		if err != nil {
			return err
		}
		stored := make(map[uuid.UUID]string, len(ids))
		var id uuid.UUID
		var statement string
		if _, err := pgx.ForEachRow(rows, []any{&id, &statement}, func() error { stored[id] = statement; return nil }); err != nil {
			return err
		}
		for _, p := range taken {
			if s := stored[orders[p-1]]; s != statements[p-1] {
				return fnError{commission.ErrAlreadySettled(orders[p-1], s)}
			}
		}
		return nil
	})
	if err != nil {
		return mapError(ctx, op, markerCodes, err)
	}
	return repeat
}

// Marker returns the order's marker and whether it has one.
func (c *Commission) Marker(ctx context.Context, orderID uuid.UUID) (commission.Marker, bool, error) {
	if err := c.ready(ctx); err != nil {
		return commission.Marker{}, false, err
	}
	var doc []byte
	err := c.db.pool.QueryRow(ctx, "SELECT marker FROM commission_markers WHERE order_id = $1", orderID).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return commission.Marker{}, false, nil
	}
	if err != nil {
		return commission.Marker{}, false, mapError(ctx, "read settlement marker", markerCodes, err)
	}
	var m commission.Marker
	if err := strictJSON(doc, &m); err != nil {
		return commission.Marker{}, false, fmt.Errorf("pgstore: decode marker of order %s: %w", orderID, err)
	}
	return m, true, nil
}

// SaveStatement stores s. Saving it again with the same amounts is a no-op;
// with other amounts it is ErrConflict (commission.CodeStatementChanged) and
// nothing is written (R0.4). The key's primary key decides between
// concurrent saves.
func (c *Commission) SaveStatement(ctx context.Context, s commission.Statement) error {
	if err := c.ready(ctx); err != nil {
		return err
	}
	doc, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("pgstore: encode statement %s: %w", s.Key, err)
	}
	const op = "save statement"
	err = c.db.inTx(ctx, op, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO commission_statements (key, shop_id, period_start_ns, statement)
 VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`, s.Key, s.MerchantID, nanos(s.Period.Start), string(doc))
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		old, err := readStatement(ctx, tx, s.Key)
		if err != nil {
			return err
		}
		if !old.Equal(s) {
			return fnError{commission.ErrStatementChanged(s.Key)}
		}
		return nil
	})
	return mapError(ctx, op, statementCodes, err)
}

// readStatement reads the statement with the key.
func readStatement(ctx context.Context, q querier, key string) (commission.Statement, error) {
	rows, err := q.Query(ctx, "SELECT statement FROM commission_statements WHERE key = $1", key)
	if err != nil {
		return commission.Statement{}, err
	}
	doc, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[[]byte])
	if err != nil {
		return commission.Statement{}, err
	}
	return decodeStatement(doc)
}

// decodeStatement decodes a stored statement, strictly.
func decodeStatement(doc []byte) (commission.Statement, error) {
	var s commission.Statement
	if err := strictJSON(doc, &s); err != nil {
		return commission.Statement{}, fnError{fmt.Errorf("pgstore: decode statement: %w", err)}
	}
	return s, nil
}

// Statement returns the statement with the key, or ErrNotFound
// (commission.CodeStatementNotFound).
func (c *Commission) Statement(ctx context.Context, key string) (commission.Statement, error) {
	if err := c.ready(ctx); err != nil {
		return commission.Statement{}, err
	}
	s, err := readStatement(ctx, c.db.pool, key)
	if errors.Is(err, pgx.ErrNoRows) {
		return commission.Statement{}, commission.ErrStatementNotFound(key)
	}
	return s, mapError(ctx, "read statement", statementCodes, err)
}

// ListStatements lists a merchant's statements, newest period first, ties
// by key descending (bytewise), a page at a time: one keyset query on the
// index on (shop_id, period_start_ns, key).
func (c *Commission) ListStatements(ctx context.Context, merchant uuid.UUID, page shopkit.PageRequest) (shopkit.Page[commission.Statement], error) {
	if err := c.ready(ctx); err != nil {
		return shopkit.Page[commission.Statement]{}, err
	}
	after, started, err := page.Start()
	if err != nil {
		return shopkit.Page[commission.Statement]{}, err
	}
	sql, args := "SELECT statement FROM commission_statements WHERE shop_id = $1", []any{merchant}
	if started {
		sql += " AND (period_start_ns, key) < ($2, $3)"
		args = append(args, nanos(after.At), after.ID)
	}
	sql += fmt.Sprintf(" ORDER BY period_start_ns DESC, key DESC LIMIT $%d", len(args)+1)
	const op = "list a merchant's statements"
	rows, err := c.db.pool.Query(ctx, sql, append(args, page.Limit+1)...)
	if err != nil {
		return shopkit.Page[commission.Statement]{}, mapError(ctx, op, statementCodes, err)
	}
	docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return shopkit.Page[commission.Statement]{}, mapError(ctx, op, statementCodes, err)
	}
	items := make([]commission.Statement, len(docs))
	for i, d := range docs {
		if items[i], err = decodeStatement(d); err != nil {
			return shopkit.Page[commission.Statement]{}, mapError(ctx, op, statementCodes, err)
		}
	}
	if len(items) <= page.Limit {
		return shopkit.Page[commission.Statement]{Items: items}, nil
	}
	items = items[:page.Limit]
	last := items[len(items)-1]
	return shopkit.Page[commission.Statement]{Items: items,
		Next: shopkit.Cursor{At: last.Period.Start, ID: last.Key}.Encode()}, nil
}

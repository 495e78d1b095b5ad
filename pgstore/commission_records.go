package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// recordColumns are commission_records' columns, in the order of recordRow.
var recordColumns = []string{"order_id", "shop_id", "paid_ns", "settle_ns", "activity_ns", "record"}

// recordRow returns the column values of a record: its merchant, when it
// was paid, the first instant at which it is settleable (commission.Settleable;
// nil while it is not completed or a case is open), its latest refund or
// advance (nil: none) and the record as JSON.
func recordRow(o *commission.OrderRecord) ([]any, error) {
	doc, err := json.Marshal(o)
	if err != nil {
		return nil, fmt.Errorf("pgstore: encode commission record of order %s: %w", o.OrderID, err)
	}
	var settle, activity *int64
	if !o.CompletedAt.IsZero() && !o.OpenCase {
		ns := nanos(o.CompletedAt)
		if !o.ReturnWindowEnds.IsZero() {
			// Settleable at t once t is after the window's last instant.
			if w := nanos(o.ReturnWindowEnds); w < math.MaxInt64 {
				ns = max(ns, w+1)
			} else {
				ns = w
			}
		}
		settle = &ns
	}
	latest := func(ns int64) {
		if activity == nil || ns > *activity {
			activity = &ns
		}
	}
	for _, r := range o.Refunds {
		latest(nanos(r.At))
	}
	for _, a := range o.Advances {
		latest(nanos(a.At))
	}
	return []any{o.OrderID, o.MerchantID, nanos(o.PaidAt), settle, activity, string(doc)}, nil
}

// AddRecords stores the order records a statement run reads (Records),
// replacing the stored record of an order: a host adds an order's record
// when it completes and again as refunds, advances or cases change it. The
// records are copied in (COPY FROM, straight into the table when all are
// new, through a temporary table and a merge when some are stored) in one
// transaction, so a failure writes none of them. A record without an order or merchant ID,
// or an order twice in recs, is a ValidationError
// (commission.CodeInvalidOrder) naming it, and nothing is written.
func (c *Commission) AddRecords(ctx context.Context, recs []commission.OrderRecord) error {
	if err := c.ready(ctx); err != nil {
		return err
	}
	seen := make(map[uuid.UUID]struct{}, len(recs))
	for i := range recs {
		o := &recs[i]
		switch _, twice := seen[o.OrderID]; {
		case o.OrderID == uuid.Nil:
			return shopkit.Invalid(commission.CodeInvalidOrder, fmt.Sprintf("records[%d].order_id", i), "is required")
		case o.MerchantID == uuid.Nil:
			return shopkit.Invalid(commission.CodeInvalidOrder, fmt.Sprintf("records[%d].merchant_id", i), "is required")
		case twice:
			return shopkit.Invalid(commission.CodeInvalidOrder, fmt.Sprintf("records[%d].order_id", i),
				"order "+o.OrderID.String()+" is listed twice")
		}
		seen[o.OrderID] = struct{}{}
	}
	if len(recs) == 0 {
		return nil
	}
	const op = "add commission records"
	source := func() pgx.CopyFromSource {
		next := 0
		return pgx.CopyFromFunc(func() ([]any, error) {
			if next == len(recs) {
				return nil, nil
			}
			next++
			row, err := recordRow(&recs[next-1])
			if err != nil {
				return nil, fnError{err}
			}
			return row, nil
		})
	}
	ids := make([]uuid.UUID, len(recs))
	for i := range recs {
		ids[i] = recs[i].OrderID
	}
	copyIn := func(tx pgx.Tx) error {
		// New orders (a bulk load) are copied straight in; when one is stored
		// already, the copy is undone and the records are merged instead.
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		_, err = sp.CopyFrom(ctx, pgx.Identifier{"commission_records"}, recordColumns, source())
		if err == nil {
			return sp.Commit(ctx)
		}
		var pg *pgconn.PgError
		if !errors.As(err, &pg) || pg.Code != sqlstateUniqueViolation {
			return err
		}
		if err := sp.Rollback(ctx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE commission_records_in
 (LIKE commission_records INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"commission_records_in"}, recordColumns, source()); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO commission_records SELECT * FROM commission_records_in
 ON CONFLICT (order_id) DO UPDATE SET shop_id = excluded.shop_id, paid_ns = excluded.paid_ns,
   settle_ns = excluded.settle_ns, activity_ns = excluded.activity_ns, record = excluded.record`)
		return err
	}
	err := c.db.inTx(ctx, op, func(tx pgx.Tx) error {
		if err := copyIn(tx); err != nil {
			return err
		}
		// A record of an order marked before it was added takes its marker's
		// cut-off, as MarkSettledBatch gives the records it marks.
		_, err := tx.Exec(ctx, settledFromMarkersSQL, ids)
		return err
	})
	return mapError(ctx, op, recordCodes, err)
}

// settledFromMarkersSQL gives the records of orders already marked settled
// their marker's cut-off.
const settledFromMarkersSQL = `UPDATE commission_records r SET settled_ns = m.cut_off_ns
  FROM unnest($1::uuid[]) AS i(order_id) JOIN commission_markers m USING (order_id)
 WHERE r.order_id = i.order_id AND r.settled_ns IS NULL`

// recordsSQL selects the records a run over [$1, $2) needs (Run.Orders:
// every order that may settle or have refunds or advances in the period):
// those paid in the period (a tiered plan's GMV), those with a refund or
// advance at or after its start, those settleable by its end and not
// settled yet, and those a statement ending at or after the period's end
// settled (a re-run lists them again: every one settled at its end, and
// those settled later that were settleable by it). Each arm is an index
// scan (settled_ns is written with the order's marker, MarkSettledBatch),
// so a month's run reads what it may touch, not the whole history.
const recordsSQL = `SELECT record FROM commission_records r
 WHERE (paid_ns >= $1 AND paid_ns < $2)
    OR activity_ns >= $1
    OR (settle_ns <= $2 AND settled_ns IS NULL)
    OR (settled_ns >= $2 AND (settled_ns = $2 OR settle_ns <= $2))`

// Records streams the records a statement run for period needs: the orders
// paid in it, those with a refund or advance since its start, those
// settleable at its end and not settled by an earlier statement, and those
// settled by a statement of a period ending with it, in no particular order. Rows are decoded one at a time as the range asks for
// them, never all held in memory; ranging again queries again. A read or
// decode error is yielded once and ends the sequence. An invalid period is
// its ValidationError (commission.CodeInvalidPeriod).
func (c *Commission) Records(ctx context.Context, period commission.Period) iter.Seq2[commission.OrderRecord, error] {
	return func(yield func(commission.OrderRecord, error) bool) {
		if err := c.ready(ctx); err != nil {
			yield(commission.OrderRecord{}, err)
			return
		}
		if _, err := commission.NewPeriod(period.Start, period.End); err != nil {
			yield(commission.OrderRecord{}, err)
			return
		}
		const op = "read commission records"
		rows, err := c.db.pool.Query(ctx, recordsSQL, nanos(period.Start), nanos(period.End))
		if err != nil {
			yield(commission.OrderRecord{}, mapError(ctx, op, recordCodes, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var o commission.OrderRecord
			if err := strictJSON(rows.RawValues()[0], &o); err != nil {
				yield(commission.OrderRecord{}, fmt.Errorf("pgstore: decode commission record: %w", err))
				return
			}
			if !yield(o, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(commission.OrderRecord{}, mapError(ctx, op, recordCodes, err))
		}
	}
}

// StatementOrders is Records(ctx, period) as a Run's Orders, which carries
// no errors: at a read error it calls fail with it and ends. Pass the cancel
// of the context the run uses (context.WithCancelCause) as fail, and check
// context.Cause of that context after the run: a run whose input was cut
// short then saves no statement that misses orders (R0.4), as every store
// call after the cut fails, and any pass over the orders after it sees none.
func (c *Commission) StatementOrders(ctx context.Context, period commission.Period, fail func(error)) iter.Seq[commission.OrderRecord] {
	return func(yield func(commission.OrderRecord) bool) {
		for o, err := range c.Records(ctx, period) {
			if err != nil {
				if fail != nil {
					fail(err)
				}
				return
			}
			if !yield(o) {
				return
			}
		}
	}
}

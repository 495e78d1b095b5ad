package pgstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
)

// CodeEffectNotHeld is the code of a Done or Retry for an effect the consumer
// does not hold: another consumer claimed it after this one's lease ran out,
// or it was never claimed. The effect stays pending for its holder.
const CodeEffectNotHeld = "pgstore.effect_not_held"

// Effect is one pending effect a consumer claimed from the outbox.
type Effect struct {
	// ID is the effect's stable identity, "<entity>#<seq>" (Effect.ID): a
	// consumer that sees it twice skips the second time.
	ID string
	// Source is the table of the entity that emitted it ("orders").
	Source string
	// Entity is that entity's key.
	Entity string
	// Effect is what the host must do.
	Effect shopkit.Effect
	// Attempts is how many times a consumer gave it back with Retry.
	Attempts int
	// CreatedAt is the instant of the entry that emitted it.
	CreatedAt time.Time
}

// Outbox hands the effects every store writes, in the transaction of the
// write that emitted them, to the host's consumers, at least once: an effect
// stays pending until a consumer marks it Done. Consumers claim effects under
// a lease, so several of them split the work; an effect whose consumer
// crashed is claimed again once its lease runs out.
type Outbox struct {
	db *DB
}

// outboxClaimSQL leases the pending effects a consumer may take; the
// candidates are picked in a materialized CTE, run exactly once (see the
// claims of table.go).
const outboxClaimSQL = `WITH picked AS MATERIALIZED (
  SELECT effect_id FROM outbox
   WHERE done_ns IS NULL AND not_before_ns <= $3
     AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until_ns <= $3)
   ORDER BY not_before_ns, created_ns, effect_id LIMIT $4
   FOR UPDATE SKIP LOCKED)
UPDATE outbox o SET lease_owner = $1, lease_until_ns = $2 FROM picked WHERE o.effect_id = picked.effect_id
RETURNING o.effect_id, o.source, o.entity, o.effect, o.attempts, o.created_ns, o.not_before_ns`

// outboxCodes names the outbox in mapped errors.
var outboxCodes = errorCodes{entity: "effect", notFound: CodeEffectNotHeld, exists: CodeEffectNotHeld}

func (o *Outbox) ready(ctx context.Context) error {
	if o == nil {
		return shopkit.NotBuilt("pgstore.Outbox")
	}
	return o.db.ready(ctx)
}

// Claim holds at most limit (≥ 1) pending effects that are due at now (not
// rescheduled past it) and free for lease.Owner (not held, held by it, or
// their lease run out) until lease.Until, and returns them, earliest first.
// Effects another consumer is claiming at the same moment are skipped, not
// waited for.
func (o *Outbox) Claim(ctx context.Context, now time.Time, limit int, lease shopkit.Lease) ([]Effect, error) {
	if err := o.ready(ctx); err != nil {
		return nil, err
	}
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	if err := lease.Check(now); err != nil {
		return nil, err
	}
	type claimed struct {
		Effect
		notBefore int64
		created   int64
	}
	op := "claim effects"
	var got []claimed
	err := o.db.inTxAt(ctx, op, pgx.ReadCommitted, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, outboxClaimSQL, lease.Owner, nanos(lease.Until), nanos(now), limit)
		if err != nil {
			return err
		}
		got, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (claimed, error) {
			var c claimed
			var effect []byte
			if err := r.Scan(&c.ID, &c.Source, &c.Entity, &effect, &c.Attempts, &c.created, &c.notBefore); err != nil {
				return c, err
			}
			if err := strictJSON(effect, &c.Effect.Effect); err != nil {
				return c, fnError{fmt.Errorf("pgstore: decode effect %s: %w", c.ID, err)}
			}
			c.CreatedAt = time.Unix(0, c.created).UTC()
			return c, nil
		})
		return err
	})
	if err != nil {
		return nil, mapError(ctx, op, outboxCodes, err)
	}
	slices.SortFunc(got, func(a, b claimed) int {
		return cmp.Or(cmp.Compare(a.notBefore, b.notBefore), cmp.Compare(a.created, b.created), strings.Compare(a.ID, b.ID))
	})
	out := make([]Effect, len(got))
	for i, c := range got {
		out[i] = c.Effect
	}
	return out, nil
}

// Done marks the effects ids done at now, so that no consumer gets them
// again. Only the consumer holding an effect (its lease owner, even once the
// lease ran out, as long as no other consumer claimed it since) may mark it:
// an effect another consumer took over stays pending for that one, and Done
// returns CodeEffectNotHeld (ErrConflict) naming it, after marking the
// others. An effect already done is left as it is: Done is idempotent.
func (o *Outbox) Done(ctx context.Context, now time.Time, owner string, ids ...string) error {
	if err := o.ready(ctx); err != nil {
		return err
	}
	if owner == "" {
		return shopkit.Invalid(CodeEffectNotHeld, "owner", "is required")
	}
	if len(ids) == 0 {
		return nil
	}
	op := "mark effects done"
	var notHeld []string
	err := o.db.inTx(ctx, op, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE outbox SET done_ns = $3, lease_owner = NULL, lease_until_ns = NULL
 WHERE effect_id = ANY($1) AND lease_owner = $2 AND done_ns IS NULL RETURNING effect_id`, ids, owner, nanos(now))
		if err != nil {
			return err
		}
		marked, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		rest := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(marked, id) })
		if len(rest) == 0 {
			notHeld = nil
			return nil
		}
		rows, err = tx.Query(ctx, `SELECT effect_id FROM outbox WHERE effect_id = ANY($1) AND done_ns IS NOT NULL`, rest)
		if err != nil {
			return err
		}
		done, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		notHeld = slices.DeleteFunc(rest, func(id string) bool { return slices.Contains(done, id) })
		return nil
	})
	if err != nil {
		return mapError(ctx, op, outboxCodes, err)
	}
	if len(notHeld) > 0 {
		return shopkit.NewError(shopkit.ErrConflict, CodeEffectNotHeld,
			fmt.Sprintf("effect %s is not held by %s", strings.Join(notHeld, ", "), owner))
	}
	return nil
}

// Retry gives the effect id back after a failed attempt to carry it out:
// pending again, not before notBefore, its attempts counted and cause kept
// as its last error. Only its holder may give it back (CodeEffectNotHeld).
func (o *Outbox) Retry(ctx context.Context, owner, id string, notBefore time.Time, cause string) error {
	if err := o.ready(ctx); err != nil {
		return err
	}
	if owner == "" {
		return shopkit.Invalid(CodeEffectNotHeld, "owner", "is required")
	}
	op := "reschedule effect"
	var n int64
	err := o.db.inTx(ctx, op, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, not_before_ns = $3, last_error = $4,
 lease_owner = NULL, lease_until_ns = NULL WHERE effect_id = $1 AND lease_owner = $2 AND done_ns IS NULL`,
			id, owner, nanos(notBefore), cause)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return mapError(ctx, op, outboxCodes, err)
	}
	if n == 0 {
		return shopkit.NewError(shopkit.ErrConflict, CodeEffectNotHeld, fmt.Sprintf("effect %s is not held by %s", id, owner))
	}
	return nil
}

package pgstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// Queues is the PostgreSQL support.QueueStore: a desk's Router is a row of
// support_desks (its snapshot without the waiting conversations) and one row
// of support_desk_waiting per waiting conversation, so that an update writes
// the rows it changed rather than the whole queue. The desk's row lock
// serialises the updates of a desk.
type Queues struct {
	db *DB
}

var _ support.QueueStore = (*Queues)(nil)

// Queues returns the store of the support desks' routing state.
func (db *DB) Queues() *Queues { return &Queues{db: db} }

// deskCodes are the desks' error codes for mapError.
var deskCodes = errorCodes{entity: "desk", notFound: support.CodeDeskNotFound, exists: support.CodeDeskExists}

// The desks' statements.
const (
	insertDeskSQL = "INSERT INTO support_desks (id, state) VALUES ($1, $2)"
	// getDeskSQL reads a desk and its waiting conversations in one statement,
	// so as of one moment.
	getDeskSQL = `SELECT d.state, COALESCE((SELECT json_agg(w.entry ORDER BY w.seq) FROM support_desk_waiting w
                    WHERE w.desk = d.id), '[]') FROM support_desks d WHERE d.id = $1`
	lockDeskSQL    = "SELECT state FROM support_desks WHERE id = $1 FOR UPDATE"
	lockedWaitSQL  = "SELECT entry FROM support_desk_waiting WHERE desk = $1 ORDER BY seq"
	updateDeskSQL  = "UPDATE support_desks SET state = $2 WHERE id = $1"
	deleteWaitSQL  = "DELETE FROM support_desk_waiting WHERE desk = $1 AND conversation = ANY($2::uuid[])"
	upsertWaitsSQL = `INSERT INTO support_desk_waiting (desk, conversation, shop_id, seq, entry)
SELECT $1, unnest($2::uuid[]), unnest($3::uuid[]), unnest($4::bigint[]), unnest($5::text[])::jsonb
ON CONFLICT (desk, conversation) DO UPDATE SET shop_id = EXCLUDED.shop_id, seq = EXCLUDED.seq, entry = EXCLUDED.entry`
)

// ready reports a store its constructor did not build and a done context.
func (s *Queues) ready(ctx context.Context) error {
	if s == nil || s.db == nil {
		return shopkit.NotBuilt("pgstore.Queues")
	}
	return s.db.ready(ctx)
}

// deskRest is the desk's row: its snapshot without the waiting
// conversations, as JSON.
func deskRest(snap support.RouterSnapshot) ([]byte, error) {
	snap.Waiting = nil
	b, err := json.Marshal(snap)
	if err != nil {
		return nil, fmt.Errorf("pgstore: encode desk %s: %w", snap.ID, err)
	}
	return b, nil
}

// writeWaiting upserts the waiting conversations ws of desk.
func writeWaiting(ctx context.Context, tx pgx.Tx, desk uuid.UUID, ws []support.WaitingSnapshot) error {
	if len(ws) == 0 {
		return nil
	}
	ids, shops := make([]uuid.UUID, len(ws)), make([]uuid.UUID, len(ws))
	seqs, docs := make([]int64, len(ws)), make([]string, len(ws))
	for i, w := range ws {
		b, err := json.Marshal(w)
		if err != nil {
			return fnError{fmt.Errorf("pgstore: encode waiting conversation %s: %w", w.ConversationID, err)}
		}
		// RestoreRouter keeps every arrival number at most Seq, an int64 in
		// practice (one per arrival).
		ids[i], shops[i], seqs[i], docs[i] = w.ConversationID, w.ShopID, int64(w.Seq), string(b)
	}
	_, err := tx.Exec(ctx, upsertWaitsSQL, desk, ids, shops, seqs, docs)
	return err
}

// Create stores a new desk's Router; a desk ID already stored is
// ErrConflict (support.CodeDeskExists), and a Router without a desk ID (the
// zero Router) support.CodeInvalidRouter.
func (s *Queues) Create(ctx context.Context, r *support.Router) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if r == nil {
		return shopkit.NilArgument("router")
	}
	snap := r.Snapshot()
	if snap.ID == uuid.Nil {
		return shopkit.Invalid(support.CodeInvalidRouter, "id", "is required")
	}
	rest, err := deskRest(snap)
	if err != nil {
		return err
	}
	op := "create desk"
	err = s.db.inTx(ctx, op, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, insertDeskSQL, snap.ID, string(rest)); err != nil {
			return err
		}
		return writeWaiting(ctx, tx, snap.ID, snap.Waiting)
	})
	return mapError(ctx, op, deskCodes, err)
}

// deskNotFound is the error of an unknown desk.
func deskNotFound(desk uuid.UUID) error {
	return shopkit.NewError(shopkit.ErrNotFound, support.CodeDeskNotFound, "desk "+desk.String()+" not found")
}

// restoreDesk rebuilds a Router from its row and its waiting conversations.
func restoreDesk(rest []byte, waiting []support.WaitingSnapshot) (*support.Router, error) {
	var snap support.RouterSnapshot
	if err := strictJSON(rest, &snap); err != nil {
		return nil, fmt.Errorf("pgstore: decode a desk's stored state: %w", err)
	}
	snap.Waiting = waiting
	r, err := support.RestoreRouter(snap)
	if err != nil {
		return nil, fmt.Errorf("pgstore: restore desk %s from its stored state: %w", snap.ID, err)
	}
	return r, nil
}

// decodeWaiting decodes one waiting conversation's row.
func decodeWaiting(doc []byte) (support.WaitingSnapshot, error) {
	var w support.WaitingSnapshot
	if err := strictJSON(doc, &w); err != nil {
		return w, fmt.Errorf("pgstore: decode a waiting conversation: %w", err)
	}
	return w, nil
}

// Get restores the desk's Router, or ErrNotFound (support.CodeDeskNotFound).
func (s *Queues) Get(ctx context.Context, desk uuid.UUID) (*support.Router, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	var rest, waiting []byte
	err := s.db.pool.QueryRow(ctx, getDeskSQL, desk).Scan(&rest, &waiting)
	if err == pgx.ErrNoRows {
		return nil, deskNotFound(desk)
	}
	if err != nil {
		return nil, mapError(ctx, "get desk", deskCodes, err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(waiting, &docs); err != nil {
		return nil, fmt.Errorf("pgstore: decode the waiting conversations of desk %s: %w", desk, err)
	}
	var ws []support.WaitingSnapshot
	for _, d := range docs {
		w, err := decodeWaiting(d)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	return restoreDesk(rest, ws)
}

// Update locks the desk, restores its Router, calls fn and, only if fn
// returns nil, writes what fn changed in one transaction: the desk's row if
// its agents, queues or sequence changed, and the waiting conversations that
// arrived, changed or left. fn's error is returned as it is; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Queues) Update(ctx context.Context, desk uuid.UUID, fn func(*support.Router) error) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if fn == nil {
		return shopkit.NilArgument("fn")
	}
	op := "update desk"
	err := s.db.inTx(ctx, op, func(tx pgx.Tx) error {
		var rest []byte
		err := tx.QueryRow(ctx, lockDeskSQL, desk).Scan(&rest)
		if err == pgx.ErrNoRows {
			return fnError{deskNotFound(desk)}
		}
		if err != nil {
			return err
		}
		// Read after the lock is held, so no other update is half seen.
		rows, err := tx.Query(ctx, lockedWaitSQL, desk)
		if err != nil {
			return err
		}
		docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		if err != nil {
			return err
		}
		before := make(map[uuid.UUID]support.WaitingSnapshot, len(docs))
		var ws []support.WaitingSnapshot
		for _, d := range docs {
			w, err := decodeWaiting(d)
			if err != nil {
				return fnError{err}
			}
			before[w.ConversationID] = w
			ws = append(ws, w)
		}
		r, err := restoreDesk(rest, ws)
		if err != nil {
			return fnError{err}
		}
		oldRest, err := deskRest(r.Snapshot())
		if err != nil {
			return fnError{err}
		}
		if err := fn(r); err != nil {
			return fnError{err}
		}
		after := r.Snapshot()
		newRest, err := deskRest(after)
		if err != nil {
			return fnError{err}
		}
		if !bytes.Equal(oldRest, newRest) {
			if _, err := tx.Exec(ctx, updateDeskSQL, desk, string(newRest)); err != nil {
				return err
			}
		}
		var changed []support.WaitingSnapshot
		for _, w := range after.Waiting {
			// == on the record (its instant's zone included) writes every
			// record not left exactly as it was read.
			if old, ok := before[w.ConversationID]; !ok || old != w {
				changed = append(changed, w)
			}
			delete(before, w.ConversationID)
		}
		if len(before) > 0 {
			gone := make([]uuid.UUID, 0, len(before))
			for id := range before {
				gone = append(gone, id)
			}
			if _, err := tx.Exec(ctx, deleteWaitSQL, desk, gone); err != nil {
				return err
			}
		}
		return writeWaiting(ctx, tx, desk, changed)
	})
	return mapError(ctx, op, deskCodes, err)
}

package pgstore

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
)

// CannedReplies is the PostgreSQL support.CannedStore: table
// support_canned_replies, one row per shop and code (its primary key, which
// also serves List in code order).
type CannedReplies struct {
	db *DB
}

var _ support.CannedStore = (*CannedReplies)(nil)

// CannedReplies returns the canned reply store.
func (db *DB) CannedReplies() *CannedReplies { return &CannedReplies{db: db} }

// cannedCodes are the canned replies' error codes for mapError.
var cannedCodes = errorCodes{entity: "canned reply", notFound: support.CodeCannedNotFound, exists: support.CodeCannedCodeTaken}

// ready reports a store its constructor did not build and a done context.
func (s *CannedReplies) ready(ctx context.Context) error {
	if s == nil || s.db == nil {
		return shopkit.NotBuilt("pgstore.CannedReplies")
	}
	return s.db.ready(ctx)
}

// Add validates r and stores it; a code the shop already uses is
// support.ErrCodeTaken (support.CodeCannedCodeTaken) and changes nothing, and
// a text with a NUL character, which PostgreSQL text cannot hold,
// support.CodeInvalidCannedReply.
func (s *CannedReplies) Add(ctx context.Context, r support.CannedReply) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if strings.ContainsRune(r.Text, 0) {
		// Validate refuses a NUL in the code; PostgreSQL text holds none.
		return shopkit.Invalid(support.CodeInvalidCannedReply, "text", "must not contain a NUL character")
	}
	tag, err := s.db.pool.Exec(ctx, "INSERT INTO support_canned_replies (shop_id, code, text) VALUES ($1, $2, $3) "+
		"ON CONFLICT (shop_id, code) DO NOTHING", r.ShopID, r.Code, r.Text)
	if err != nil {
		return mapError(ctx, "add a canned reply", cannedCodes, err)
	}
	if tag.RowsAffected() == 0 {
		return support.ErrCodeTaken(r.ShopID, r.Code)
	}
	return nil
}

// Lookup returns the shop's reply with code, or support.ErrCannedNotFound.
func (s *CannedReplies) Lookup(ctx context.Context, shop uuid.UUID, code string) (support.CannedReply, error) {
	if err := s.ready(ctx); err != nil {
		return support.CannedReply{}, err
	}
	if strings.ContainsRune(code, 0) {
		return support.CannedReply{}, support.ErrCannedNotFound(shop, code) // no code Add takes has one
	}
	r := support.CannedReply{ShopID: shop, Code: code}
	err := s.db.pool.QueryRow(ctx, "SELECT text FROM support_canned_replies WHERE shop_id = $1 AND code = $2",
		shop, code).Scan(&r.Text)
	if err == pgx.ErrNoRows {
		return support.CannedReply{}, support.ErrCannedNotFound(shop, code)
	}
	if err != nil {
		return support.CannedReply{}, mapError(ctx, "look up a canned reply", cannedCodes, err)
	}
	return r, nil
}

// List returns the shop's replies sorted by code (bytewise, as Go compares
// strings: the column is COLLATE "C").
func (s *CannedReplies) List(ctx context.Context, shop uuid.UUID) ([]support.CannedReply, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	op := "list canned replies"
	rows, err := s.db.pool.Query(ctx, "SELECT code, text FROM support_canned_replies WHERE shop_id = $1 ORDER BY code", shop)
	if err != nil {
		return nil, mapError(ctx, op, cannedCodes, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (support.CannedReply, error) {
		r := support.CannedReply{ShopID: shop}
		err := row.Scan(&r.Code, &r.Text)
		return r, err
	})
	if err != nil {
		return nil, mapError(ctx, op, cannedCodes, err)
	}
	return out, nil
}

// Delete removes the shop's reply with code; an unknown code is
// support.ErrCannedNotFound.
func (s *CannedReplies) Delete(ctx context.Context, shop uuid.UUID, code string) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if strings.ContainsRune(code, 0) {
		return support.ErrCannedNotFound(shop, code) // no code Add takes has one
	}
	tag, err := s.db.pool.Exec(ctx, "DELETE FROM support_canned_replies WHERE shop_id = $1 AND code = $2", shop, code)
	if err != nil {
		return mapError(ctx, "delete a canned reply", cannedCodes, err)
	}
	if tag.RowsAffected() == 0 {
		return support.ErrCannedNotFound(shop, code)
	}
	return nil
}

package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// CouponTemplates is the PostgreSQL promotion.CouponTemplateStore: table
// coupon_templates, one row per template. A template is a plain record (it
// never changes once created, has no trail and waits on no deadline), so its
// store is two statements, not the generic table.
type CouponTemplates struct {
	db *DB
}

var _ promotion.CouponTemplateStore = (*CouponTemplates)(nil)

// CouponTemplates returns the coupon template store.
func (db *DB) CouponTemplates() *CouponTemplates { return &CouponTemplates{db: db} }

// templateCodes are the template store's error codes.
var templateCodes = errorCodes{entity: "coupon template",
	notFound: promotion.CodeCouponTemplateNotFound, exists: promotion.CodeCouponTemplateExists}

func (s *CouponTemplates) ready(ctx context.Context) error {
	if s == nil || s.db == nil {
		return shopkit.NotBuilt("pgstore store")
	}
	return s.db.ready(ctx)
}

// Create stores a new template; an ID taken is ErrConflict
// (promotion.CodeCouponTemplateExists).
func (s *CouponTemplates) Create(ctx context.Context, t *promotion.CouponTemplate) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if t == nil {
		return shopkit.NilArgument("coupon template")
	}
	if t.ID() == uuid.Nil {
		return shopkit.NotBuilt("promotion.CouponTemplate")
	}
	state, err := json.Marshal(t.Snapshot())
	if err != nil {
		return fmt.Errorf("pgstore: encode coupon template: %w", err)
	}
	var campaign *uuid.UUID
	if id := t.CampaignID(); id != uuid.Nil {
		campaign = &id
	}
	const op = "create coupon template"
	_, err = s.db.pool.Exec(ctx,
		"INSERT INTO coupon_templates (id, shop_id, campaign_id, created_ns, state) VALUES ($1, $2, $3, $4, $5)",
		t.ID(), t.Parties().Shop, campaign, nanos(t.CreatedAt()), string(state))
	return mapError(ctx, op, templateCodes, err)
}

// Get returns the template, or ErrNotFound
// (promotion.CodeCouponTemplateNotFound).
func (s *CouponTemplates) Get(ctx context.Context, id uuid.UUID) (*promotion.CouponTemplate, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	var state []byte
	err := s.db.pool.QueryRow(ctx, "SELECT state FROM coupon_templates WHERE id = $1", id).Scan(&state)
	if err == pgx.ErrNoRows {
		return nil, shopkit.NewError(shopkit.ErrNotFound, promotion.CodeCouponTemplateNotFound, "coupon template "+id.String()+" not found")
	}
	if err != nil {
		return nil, mapError(ctx, "get coupon template", templateCodes, err)
	}
	t, err := restoreJSON(promotion.RestoreCouponTemplate)(state)
	if err != nil {
		return nil, fmt.Errorf("pgstore: restore coupon template from its stored state: %w", err)
	}
	return t, nil
}

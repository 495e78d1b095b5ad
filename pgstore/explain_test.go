package pgstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/pgstore/internal/stormtest"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/require"
)

// explainShop is a shop the filled tables hold about a thousandth of the rows
// of; explainBuyer a buyer holding a five-thousandth.
var (
	explainShop  = uuid.MustParse("00000000-0000-0000-0000-000000000007")
	explainBuyer = "buyer-7"
	// explainListing is a listing five of the 100,000 reviews rate.
	explainListing = uuid.MustParse("00000000-0000-0000-0001-000000000007")
	// explainDesk is the one support desk the queue queries read: one of
	// 100,000, whose waiting list is one of 20,000.
	explainDesk = uuid.MustParse("00000000-0000-0000-0002-000000000000")
)

// explainFills fill each entity table with 100,000 rows (enough that a
// sequential scan costs more than any index) copied from the
// one row the test stored through the store ($1: the instant the queries
// run at, in ns), with realistic values: 1% of the deadlines due, a third
// with none, a thousand shops, five thousand buyers, mixed states, 0.5-1% of
// the rows flagged or with a pending step, 1% of the conversations waiting
// in a queue and 2% with a breach, 99% of the effects done. A new store's
// table adds one line.
var explainFills = []string{
	`INSERT INTO orders (id, shop_id, seq, deadline_ns, state, number, buyer, status, placed_ns, flagged, stock_step_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 3,
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  o.state, 'N' || g, 'buyer-' || (g % 5000), (ARRAY['pending_payment','paid','shipped','delivered','completed','closed'])[1 + g % 6],
  $1::bigint - g * 1000000000::bigint, g % 200 = 0, CASE WHEN g % 150 = 0 THEN $1::bigint - g END
 FROM (SELECT state FROM orders LIMIT 1) o, generate_series(1, 100000) g`,
	`INSERT INTO aftersales_cases (id, shop_id, seq, deadline_ns, state, order_id, buyer, status, opened_ns, step_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 3,
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  c.state, gen_random_uuid(), 'buyer-' || (g % 5000), (ARRAY['requested','approved','returning','refunding','refunded','closed'])[1 + g % 6],
  $1::bigint - g * 1000000000::bigint, CASE WHEN g % 150 = 0 THEN $1::bigint - g END
 FROM (SELECT state FROM aftersales_cases LIMIT 1) c, generate_series(1, 100000) g`,
	`INSERT INTO aftersales_ledgers (id, shop_id, seq, deadline_ns, state, claim_ns, has_debts)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 3,
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  l.state, CASE WHEN g % 150 = 0 THEN $1::bigint - g END, g % 200 = 0
 FROM (SELECT state FROM aftersales_ledgers LIMIT 1) l, generate_series(1, 100000) g`,
	`INSERT INTO reviews (id, shop_id, seq, state, order_id, listing_ids, created_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 1, r.state, gen_random_uuid(),
  ARRAY[('00000000-0000-0000-0001-' || lpad((g % 20000)::text, 12, '0'))::uuid, gen_random_uuid()], $1::bigint - g * 1000000000::bigint
 FROM (SELECT state FROM reviews LIMIT 1) r, generate_series(1, 100000) g`,
	`INSERT INTO support_conversations (id, shop_id, seq, deadline_ns, state, status, skill_group, enqueued_ns, sla_due_ns,
  breach_ns, first_breach_ns, last_breach_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 3,
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  c.state, CASE WHEN g % 100 = 7 THEN 'open' ELSE (ARRAY['assigned','in_progress','waiting_customer','resolved','closed','closed'])[1 + g % 6] END,
  'group-' || (g % 10), $1::bigint - g * 1000000000::bigint,
  CASE WHEN g % 20 = 7 THEN $1::bigint + CASE WHEN g % 100 = 7 THEN -g ELSE g * 1000000000::bigint END END,
  CASE WHEN g % 50 = 7 THEN ARRAY[$1::bigint - g * 1000000000::bigint] END,
  CASE WHEN g % 50 = 7 THEN $1::bigint - g * 1000000000::bigint END, CASE WHEN g % 50 = 7 THEN $1::bigint - g * 1000000000::bigint END
 FROM (SELECT state FROM support_conversations LIMIT 1) c, generate_series(1, 100000) g`,
	`INSERT INTO listings (id, shop_id, seq, deadline_ns, state, created_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 3,
  CASE WHEN g % 10 <> 0 THEN NULL WHEN g % 100 = 10 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  l.state, $1::bigint - g * 1000000000::bigint
 FROM (SELECT state FROM listings LIMIT 1) l, generate_series(1, 100000) g`,
	`INSERT INTO members (id, shop_id, seq, state, customer, tier, pending_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 2, m.state, 'customer-' || g,
  (ARRAY['', '', '', 'silver', 'silver', 'gold', 'platinum'])[1 + g % 7], CASE WHEN g % 150 = 0 THEN $1::bigint - g END
 FROM (SELECT state FROM members LIMIT 1) m, generate_series(1, 100000) g`,
	`INSERT INTO campaigns (id, shop_id, seq, state, from_ns, to_ns, pending_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 1, c.state,
  $1::bigint - g * 3600000000000::bigint, $1::bigint - g * 3600000000000::bigint + 259200000000000, CASE WHEN g % 150 = 0 THEN $1::bigint - g END
 FROM (SELECT state FROM campaigns LIMIT 1) c, generate_series(1, 100000) g`,
	`INSERT INTO coupon_quotas (id, shop_id, seq, state, template_id, customer, pending_ns)
 SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 2, q.state, gen_random_uuid(), 'customer-' || g,
  CASE WHEN g % 150 = 0 THEN $1::bigint - g END
 FROM (SELECT state FROM coupon_quotas LIMIT 1) q, generate_series(1, 100000) g`,
	`INSERT INTO support_canned_replies (shop_id, code, text)
 SELECT ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 'reply-' || g, '亲，您好，' || g
 FROM generate_series(1, 100000) g WHERE $1::bigint IS NOT NULL`, // plain rows: no state to copy, no instant ($1 unused)
	`INSERT INTO stock_items (key, shop_id, seq, state, hold_refs, unsealed_refs, unsealed_ns, unsealed_first_ns, available, last_activity_ns)
 SELECT 'SKU-' || g, ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 2, i.state,
  CASE WHEN g % 100 = 7 THEN ARRAY['order-' || g] ELSE '{}' END,
  CASE WHEN g % 200 = 7 THEN ARRAY['order-' || g] ELSE '{}' END,
  CASE WHEN g % 200 = 7 THEN ARRAY[$1::bigint - g * 1000000000::bigint] ELSE '{}' END,
  CASE WHEN g % 200 = 7 THEN $1::bigint - g * 1000000000::bigint END,
  (g * 37) % 500, $1::bigint - g * 60000000000::bigint
 FROM (SELECT state FROM stock_items LIMIT 1) i, generate_series(1, 100000) g`,
	`INSERT INTO merchants (id, shop_id, seq, deadline_ns, state, status, review_due_ns)
 SELECT x.id, x.id, 2, -- a merchant's shop is itself
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  m.state, CASE WHEN g % 200 = 3 THEN 'review_overdue' WHEN g % 100 = 5 THEN 'under_review'
   ELSE (ARRAY['registered','draft','active','active','active','rejected','withdrawn'])[1 + g % 7] END,
  CASE WHEN g % 100 = 5 OR g % 200 = 3 THEN $1::bigint + (g - 50000) * 1000000000::bigint END
 FROM (SELECT state FROM merchants LIMIT 1) m, (SELECT g, gen_random_uuid() AS id FROM generate_series(1, 100000) g) x`,
	`INSERT INTO coupons (id, shop_id, seq, deadline_ns, state, template_id, customer, issued_ns, pending_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 1,
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  c.state, ('00000000-0000-0000-0003-' || lpad((g % 500)::text, 12, '0'))::uuid, 'buyer-' || (g % 5000),
  $1::bigint - g * 1000000000::bigint, CASE WHEN g % 150 = 0 THEN $1::bigint - g END
 FROM (SELECT state FROM coupons LIMIT 1) c, generate_series(1, 100000) g`,
	`INSERT INTO support_complaints (id, shop_id, seq, deadline_ns, state, status, filed_ns)
 SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, 2,
  CASE WHEN g % 3 = 0 THEN NULL WHEN g % 100 = 1 THEN $1::bigint - g ELSE $1::bigint + g * 1000000000::bigint END,
  c.state, CASE WHEN g % 7 = 0 THEN (ARRAY['filed','handling','follow_up','follow_up_overdue'])[1 + g / 7 % 4] ELSE 'done' END,
  $1::bigint - g * 1000000000::bigint
 FROM (SELECT state FROM support_complaints LIMIT 1) c, generate_series(1, 100000) g`,
	`INSERT INTO support_desks (id, state)
 SELECT ('00000000-0000-0000-0002-' || lpad(g::text, 12, '0'))::uuid, d.state
 FROM (SELECT state FROM support_desks LIMIT 1) d, generate_series(1, 100000) g WHERE $1::bigint IS NOT NULL`, // no instant ($1 unused)
	`INSERT INTO support_desk_waiting (desk, conversation, shop_id, seq, entry)
 SELECT ('00000000-0000-0000-0002-' || lpad((1 + g % 20000)::text, 12, '0'))::uuid, gen_random_uuid(),
  ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, g, w.entry
 FROM (SELECT entry FROM support_desk_waiting LIMIT 1) w, generate_series(1, 100000) g WHERE $1::bigint IS NOT NULL`, // no instant ($1 unused)
	// Commission: 10,000 rule sets, one an hour after the stored one (so the
	// schedule stays free of overlaps; RuleSets checks every one, and a
	// platform keeps far fewer), monthly statements of a thousand merchants,
	// order records paid every five minutes for a year (95% settleable ten
	// days after payment, 2% with a refund or advance), and the markers of
	// those older than 40 days, each settled by its month's statement.
	`INSERT INTO commission_rule_sets (id, from_ns, to_ns, rule_set)
 SELECT 'rs-' || g, $1::bigint + g * 3600000000000::bigint, $1::bigint + (g + 1) * 3600000000000::bigint,
  jsonb_set(jsonb_set(jsonb_set(r.rule_set, '{id}', to_jsonb('rs-' || g)),
   '{from}', to_jsonb(to_char(to_timestamp($1::bigint / 1000000000 + g * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
   '{to}', to_jsonb(to_char(to_timestamp($1::bigint / 1000000000 + (g + 1) * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
 FROM (SELECT rule_set FROM commission_rule_sets LIMIT 1) r, generate_series(1, 10000) g`,
	`INSERT INTO commission_statements (key, shop_id, period_start_ns, statement)
 SELECT 'st-' || g, ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid,
  $1::bigint - (1 + g / 1000) * 2592000000000000::bigint, s.statement
 FROM (SELECT statement FROM commission_statements LIMIT 1) s, generate_series(1, 100000) g`,
	`INSERT INTO commission_records (order_id, shop_id, paid_ns, settle_ns, activity_ns, settled_ns, record)
 SELECT ('00000000-0000-0000-0004-' || lpad(g::text, 12, '0'))::uuid, ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid,
  $1::bigint - g * 300000000000::bigint, CASE WHEN g % 20 <> 0 THEN $1::bigint - g * 300000000000::bigint + 864000000000000 END,
  CASE WHEN g % 50 = 0 THEN $1::bigint - g * 300000000000::bigint + 259200000000000 END,
  CASE WHEN g >= 11521 THEN $1::bigint - (g / 8640) * 2592000000000000::bigint END, r.record
 FROM (SELECT record FROM commission_records LIMIT 1) r, generate_series(1, 100000) g`,
	`INSERT INTO commission_markers (order_id, shop_id, statement, cut_off_ns, marker)
 SELECT ('00000000-0000-0000-0004-' || lpad(g::text, 12, '0'))::uuid, ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid,
  'st-' || (g / 8640) || '-' || (g % 1000), $1::bigint - (g / 8640) * 2592000000000000::bigint, m.marker
 FROM (SELECT marker FROM commission_markers LIMIT 1) m, generate_series(11521, 100000) g`,
	`INSERT INTO outbox (effect_id, source, entity, effect, created_ns, not_before_ns, done_ns)
 SELECT 'fill#' || g, 'orders', gen_random_uuid()::text, e.effect, $1::bigint - g * 1000000000::bigint,
  $1::bigint - g * 1000000000::bigint + CASE WHEN g % 7 = 0 THEN 3600000000000 ELSE 0 END, CASE WHEN g % 100 <> 0 THEN $1::bigint END
 FROM (SELECT effect FROM outbox LIMIT 1) e, generate_series(1, 100000) g`,
}

// explained are the queries of the stores that list or claim (due, claim,
// pending, lists): each is called through its store on the filled tables,
// and every statement it sends is explained. A new query adds one line.
var explained = []struct {
	name string
	call func(ctx context.Context, db *pgstore.DB, at time.Time) error
}{
	{"orders.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Orders().Due(ctx, at, 100)
		return err
	}},
	{"orders.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Orders().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"orders.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Orders().Pending(ctx, 100)
		return err
	}},
	{"orders.ListFlagged", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Orders().ListFlagged(ctx, 100)
		return err
	}},
	{"orders.ByNumber", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Orders().ByNumber(ctx, "N77")
		return err
	}},
	{"orders.List", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return secondPage(ctx, func(p shopkit.PageRequest) (string, error) {
			pg, err := db.Orders().List(ctx, order.ListQuery{Shop: explainShop}, p)
			return pg.Next, err
		})
	}},
	{"orders.List by states and period", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Orders().List(ctx, order.ListQuery{Shop: explainShop, States: []order.State{order.OrderPaid, order.OrderShipped},
			PlacedFrom: at.Add(-30 * 24 * time.Hour), PlacedTo: at}, shopkit.PageRequest{Limit: 20})
		return err
	}},
	{"cases.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Cases().Due(ctx, at, 100)
		return err
	}},
	{"cases.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Cases().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"cases.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Cases().Pending(ctx, 100)
		return err
	}},
	{"cases.ByOrder", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Cases().ByOrder(ctx, uuid.New())
		return err
	}},
	{"cases.ListByShop", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return secondPage(ctx, func(p shopkit.PageRequest) (string, error) {
			pg, err := db.Cases().ListByShop(ctx, explainShop, []aftersales.State{aftersales.Requested}, p)
			return pg.Next, err
		})
	}},
	{"cases.ListByBuyer", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return secondPage(ctx, func(p shopkit.PageRequest) (string, error) {
			pg, err := db.Cases().ListByBuyer(ctx, explainBuyer, p)
			return pg.Next, err
		})
	}},
	{"ledgers.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Ledgers().Due(ctx, at, 100)
		return err
	}},
	{"ledgers.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Ledgers().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"ledgers.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Ledgers().Pending(ctx, 100)
		return err
	}},
	{"ledgers.Debts", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Ledgers().Debts(ctx, explainShop)
		return err
	}},
	{"listings.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Listings().Due(ctx, at, 100)
		return err
	}},
	{"listings.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Listings().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"listings.ListByMerchant", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Listings().ListByMerchant(ctx, explainShop, 20)
		return err
	}},
	{"members.ByTier", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Members().ByTier(ctx, explainShop, "gold", uuid.Nil, 20)
		return err
	}},
	{"members.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Members().Pending(ctx, 100)
		return err
	}},
	{"campaigns.ListByShop", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Campaigns().ListByShop(ctx, explainShop, time.Time{}, 20)
		return err
	}},
	{"campaigns.ListByShop ending after", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Campaigns().ListByShop(ctx, explainShop, at, 20)
		return err
	}},
	{"campaigns.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Campaigns().Pending(ctx, 100)
		return err
	}},
	{"quotas.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.CouponQuotas().Pending(ctx, 100)
		return err
	}},
	{"canned.List", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.CannedReplies().List(ctx, explainShop)
		return err
	}},
	{"stock.Holding", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Stock().Holding(ctx, "order-7")
		return err
	}},
	{"stock.Unsealed", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Stock().Unsealed(ctx, at.Add(-time.Hour), 100)
		return err
	}},
	{"stock.LowStock", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Stock().LowStock(ctx, 5, 100)
		return err
	}},
	{"stock.SlowMoving", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Stock().SlowMoving(ctx, at.Add(-60*24*time.Hour), 100)
		return err
	}},
	{"reviews.ByListing", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return drainStream(db.Reviews().ByListing(ctx, explainListing))
	}},
	{"reviews.ByMerchant", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return drainStream(db.Reviews().ByMerchant(ctx, explainShop))
	}},
	{"conversations.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Conversations().Due(ctx, at, 100)
		return err
	}},
	{"conversations.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Conversations().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"conversations.SLADue", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Conversations().SLADue(ctx, explainShop, at, 100)
		return err
	}},
	{"conversations.Breached", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Conversations().Breached(ctx, explainShop, at.Add(-30*24*time.Hour), at)
		return err
	}},
	{"conversations.Waiting", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Conversations().Waiting(ctx)
		return err
	}},
	{"conversations.ListWaiting", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return secondPage(ctx, func(p shopkit.PageRequest) (string, error) {
			pg, err := db.Conversations().ListWaiting(ctx, explainShop, "group-7", p)
			return pg.Next, err
		})
	}},
	{"merchants.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Merchants().Due(ctx, at, 100)
		return err
	}},
	{"merchants.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Merchants().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"merchants.OverdueReviews", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Merchants().OverdueReviews(ctx, at, 100)
		return err
	}},
	{"coupons.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Coupons().Due(ctx, at, 100)
		return err
	}},
	{"coupons.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Coupons().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"coupons.ListByCustomer", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Coupons().ListByCustomer(ctx, explainBuyer, 20)
		return err
	}},
	{"coupons.Pending", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Coupons().Pending(ctx, 100)
		return err
	}},
	{"complaints.Due", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Complaints().Due(ctx, at, 100)
		return err
	}},
	{"complaints.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Complaints().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
	{"complaints.Log", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Complaints().Log(ctx, explainShop)
		return err
	}},
	{"complaints.ListOpen", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return secondPage(ctx, func(p shopkit.PageRequest) (string, error) {
			pg, err := db.Complaints().ListOpen(ctx, explainShop, p)
			return pg.Next, err
		})
	}},
	{"queues.Get", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Queues().Get(ctx, explainDesk)
		return err
	}},
	{"queues.Update locked read", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		// fn changes nothing: the update sends only the lock and the read.
		return db.Queues().Update(ctx, explainDesk, func(*support.Router) error { return nil })
	}},
	{"commission.RuleSets", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Commission().RuleSets(ctx)
		return err
	}},
	{"commission.ListStatements", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		return secondPage(ctx, func(p shopkit.PageRequest) (string, error) {
			pg, err := db.Commission().ListStatements(ctx, explainShop, p)
			return pg.Next, err
		})
	}},
	{"commission.Records", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		// A month's run: the settled history (older than 40 days) is left out
		// by the index, not read and filtered.
		for _, err := range db.Commission().Records(ctx, commission.Period{Start: at.AddDate(0, -1, 0), End: at}) {
			if err != nil {
				return err
			}
		}
		return nil
	}},
	{"commission.Marker", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, _, err := db.Commission().Marker(ctx, explainMarker(at).OrderID)
		return err
	}},
	{"commission.MarkSettledBatch with a stored marker", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		// The marker is stored already, by the same statement: a no-op that
		// sends the insert and the check of the markers it found.
		return db.Commission().MarkSettledBatch(ctx, []commission.Marker{explainMarker(at)})
	}},
	{"outbox.Claim", func(ctx context.Context, db *pgstore.DB, at time.Time) error {
		_, err := db.Outbox().Claim(ctx, at, 100, shopkit.Lease{Owner: "explain", Until: at.Add(time.Minute)})
		return err
	}},
}

// explainMerchant is an application under review whose review deadline
// passed an hour before at, restored from a snapshot with every field the
// review needs.
func explainMerchant(t testing.TB, at time.Time) *merchant.Merchant {
	t.Helper()
	id := uuid.New()
	m, err := merchant.RestoreMerchant(merchant.Snapshot{
		ID: id, State: merchant.MerchantUnderReview, Name: "Acme", Email: "ops+" + id.String() + "@acme.example", Phone: "13812345678",
		Profile: merchant.Profile{
			Kind: merchant.MerchantCompany, Region: merchant.RegionMainland, LegalName: "福州示例科技有限公司",
			CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰", IDNumber: "110101199003074518",
			IDDocument: "doc:id", BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
			Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
		},
		SubmittedAt: at.Add(-73 * time.Hour), ReviewDue: at.Add(-time.Hour), Categories: []string{"cleaning"},
	})
	require.NoError(t, err)
	return m
}

// explainCoupon is a shop coupon issued to explainBuyer at at, valid for ten
// days.
func explainCoupon(t testing.TB, at time.Time) *promotion.Coupon {
	t.Helper()
	tpl, err := promotion.NewCouponTemplate(shopkit.SystemActor(), promotion.CouponTemplateSpec{
		Name: "100 off 20", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: explainShop,
		Amount: shopkit.CNY(2000), MinSpend: shopkit.CNY(10000), ValidFrom: at, ValidTo: at.Add(240 * time.Hour),
		IssueLimit: 3, UseLimit: 2, Scope: promotion.CouponScope{Categories: []string{"tea"}},
	}, at)
	require.NoError(t, err)
	c, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, explainBuyer, at)
	require.NoError(t, err)
	return c
}

// explainSupportPolicy is the default support policy on the round-the-clock
// calendar the store is opened with.
func explainSupportPolicy() support.Policy {
	p := support.DefaultPolicy()
	p.Hours = &shopkit.Calendar{}
	return p
}

// explainMarker is the marker of the one stored order record, settled by
// the statement of the month before at.
func explainMarker(at time.Time) commission.Marker {
	return commission.Marker{OrderID: uuid.MustParse("00000000-0000-0000-0005-000000000001"), MerchantID: explainShop,
		Statement: "explain", CutOff: at.AddDate(0, -1, 0), Commission: []shopkit.Money{shopkit.CNY(500)}}
}

// drainStream reads a stream to its end, returning its first error.
func drainStream[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// secondPage reads a first page of 5 and, if it has a next, the second: both
// forms of a keyset query (without and with a cursor) are sent.
func secondPage(ctx context.Context, list func(shopkit.PageRequest) (string, error)) error {
	next, err := list(shopkit.PageRequest{Limit: 5})
	if err != nil || next == "" {
		return err
	}
	_, err = list(shopkit.PageRequest{Limit: 5, After: next})
	return err
}

// recorder is a pgx tracer that keeps every statement a pool sends, with
// its arguments: the exact SQL the stores issue.
type recorder struct {
	mu   sync.Mutex
	sent []statement
}

type statement struct {
	sql  string
	args []any
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, statement{data.SQL, data.Args})
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// take returns the statements sent since the last take, without the
// transaction control ones.
func (r *recorder) take() []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []statement
	for _, s := range r.sent {
		switch strings.ToLower(strings.Fields(s.sql)[0]) {
		case "begin", "commit", "rollback":
			continue
		}
		out = append(out, s)
	}
	r.sent = nil
	return out
}

// seqScans returns the relations a JSON plan reads by sequential scan.
func seqScans(node map[string]any) []string {
	var out []string
	if node["Node Type"] == "Seq Scan" {
		out = append(out, fmt.Sprint(node["Relation Name"]))
	}
	children, _ := node["Plans"].([]any)
	for _, c := range children {
		if m, ok := c.(map[string]any); ok {
			out = append(out, seqScans(m)...)
		}
	}
	return out
}

// R2.8, R2.9: with 100,000 rows in every entity table (and the outbox),
// analysed, no due, claim, pending or list query of the stores reads a table
// by sequential scan: each has its index (EXPLAIN (FORMAT JSON) of the exact
// statements the stores send).
func TestQueriesUseTheirIndexes_R2_8_R2_9(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

	// One row of each table through its store: the state the fill copies.
	plain, err := pgstore.Open(pgstore.Config{Pool: s.Pool, SupportHours: &shopkit.Calendar{}})
	require.NoError(t, err)
	require.NoError(t, plain.Orders().Create(ctx, unpaidOrder(t, at)))
	svc := stormtest.Service(t, plain)
	o := stormtest.Storm{Units: 2}.Order(uuid.New(), 1)
	_, err = svc.Open(ctx, o, aftersales.Application{Kind: aftersales.RefundOnly, Lines: []aftersales.LineQty{{Line: 0, Units: 1}},
		Reason: aftersales.Quality, Note: "cracked", Evidence: []string{"photo-1"}, BuyerID: o.BuyerID})
	require.NoError(t, err)
	listing, err := catalog.NewListing(explainShop, catalog.ListingContent{Kind: catalog.ListingKindService, Name: "上门保洁 2小时",
		Category: "home.cleaning", Images: []string{"img/1.jpg"}, Price: shopkit.CNY(19900), Stock: 7,
		ServiceTime: catalog.ServiceTime{Duration: 2 * time.Hour}, SKUs: []string{"CLEAN-2H"}},
		shopkit.Actor{Role: shopkit.Merchant, ID: explainShop.String()}, at)
	require.NoError(t, err)
	require.NoError(t, plain.Listings().Create(ctx, listing))
	member, err := membership.NewMember(explainShop, "13812345678", "", at)
	require.NoError(t, err)
	require.NoError(t, plain.Members().Create(ctx, member))
	campaign, err := promotion.NewCampaign(shopkit.Actor{Role: shopkit.Merchant, ID: explainShop.String()},
		promotion.CampaignSpec{ShopID: explainShop, Name: "double 11", From: at, To: at.Add(72 * time.Hour), Budget: shopkit.CNY(100000)}, at)
	require.NoError(t, err)
	require.NoError(t, plain.Campaigns().Create(ctx, campaign))
	require.NoError(t, plain.CouponQuotas().Create(ctx, promotion.NewCouponQuota(uuid.New(), explainBuyer)))
	item, err := inventory.NewStockItem(explainShop, "SKU-0", 50, shopkit.Actor{Role: shopkit.Merchant, ID: explainShop.String()}, at)
	require.NoError(t, err)
	require.NoError(t, plain.Stock().Create(ctx, item))
	require.NoError(t, plain.Reviews().Create(ctx, reviewAt(t, explainShop, at, explainListing)))
	require.NoError(t, plain.Conversations().Create(ctx, conversationAt(t, explainShop, support.Open, at, at.Add(time.Minute))))
	require.NoError(t, plain.Merchants().Create(ctx, explainMerchant(t, at)))
	require.NoError(t, plain.Coupons().Create(ctx, explainCoupon(t, at)))
	complaint, err := support.NewComplaint(support.ComplaintInput{ShopID: explainShop, CustomerID: explainBuyer, Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), explainSupportPolicy(), at)
	require.NoError(t, err)
	require.NoError(t, plain.Complaints().Create(ctx, complaint))
	desk, err := support.NewRouter(explainDesk, support.RoundRobin)
	require.NoError(t, err)
	_, _, err = desk.Enqueue(support.Waiting{ConversationID: uuid.New(), ShopID: explainShop, Group: "pre_sale", Since: at})
	require.NoError(t, err)
	require.NoError(t, plain.Queues().Create(ctx, desk))
	fees := plain.Commission()
	require.NoError(t, fees.SaveRuleSet(ctx, monthRules("base", at.AddDate(-1, 0, 0), at)))
	require.NoError(t, fees.SaveStatement(ctx, commission.Statement{Key: "explain", MerchantID: explainShop,
		Period: commission.Period{Start: at.AddDate(0, -1, 0), End: at}, Currency: shopkit.CurrencyCNY,
		Orders: 1, Paid: shopkit.CNY(10000), Commission: shopkit.CNY(500), Net: shopkit.CNY(9500), Payout: shopkit.CNY(9500),
		SettledAt: at, PayoutDue: at.Add(72 * time.Hour)}))
	marker := explainMarker(at)
	require.NoError(t, fees.AddRecords(ctx, []commission.OrderRecord{{OrderID: marker.OrderID, MerchantID: explainShop,
		PaidAt: at.AddDate(0, -2, 0), CompletedAt: at.AddDate(0, -2, 2), ReturnWindowEnds: at.AddDate(0, -2, 9),
		Lines: []commission.LineRecord{{Category: "toys", Paid: shopkit.CNY(10000), Quantity: 1}}}}))
	require.NoError(t, fees.MarkSettled(ctx, marker))
	for _, fill := range explainFills {
		_, err := s.Pool.Exec(ctx, fill, at.UnixNano())
		require.NoError(t, err, fill)
	}
	_, err = s.Pool.Exec(ctx, "ANALYZE")
	require.NoError(t, err)

	cfg, err := pgxpool.ParseConfig(s.DSN)
	require.NoError(t, err)
	cfg.ConnConfig.RuntimeParams["search_path"] = s.Name
	rec := &recorder{}
	cfg.ConnConfig.Tracer = rec
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	db, err := pgstore.Open(pgstore.Config{Pool: pool, SupportHours: &shopkit.Calendar{}})
	require.NoError(t, err)

	for _, q := range explained {
		t.Run(q.name, func(t *testing.T) {
			rec.take()
			require.NoError(t, q.call(ctx, db, at))
			sent := rec.take()
			require.NotEmpty(t, sent, "the call sent no statement")
			for _, st := range sent {
				var plan []map[string]any
				require.NoError(t, s.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+st.sql, st.args...).Scan(&plan), st.sql)
				require.Len(t, plan, 1)
				top, _ := plan[0]["Plan"].(map[string]any)
				if scans := seqScans(top); len(scans) > 0 {
					doc, _ := json.MarshalIndent(top, "", "  ")
					t.Errorf("%s reads %v by sequential scan:\n%s\nplan:\n%s", q.name, scans, st.sql, doc)
				}
			}
		})
	}
}

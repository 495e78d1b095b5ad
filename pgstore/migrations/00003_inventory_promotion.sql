-- Stock items (inventory) and the promotion aggregates: coupon templates,
-- per-customer coupon quotas, issued coupons and campaigns. Every instant a
-- query compares is a bigint of nanoseconds since the epoch; the state
-- column is the package's snapshot. Nothing is schema-qualified.

-- +goose Up
CREATE TABLE stock_items (
  key               text COLLATE "C" PRIMARY KEY,  -- the SKU
  shop_id           uuid NOT NULL,
  seq               integer NOT NULL,
  deadline_ns       bigint,                        -- always NULL: a stock item waits on no deadline
  lease_owner       text,
  lease_until_ns    bigint,
  state             jsonb NOT NULL,
  hold_refs         text[] NOT NULL,               -- the refs holding units (Holding)
  unsealed_refs     text[] NOT NULL,               -- the refs of the unsealed first lines held here …
  unsealed_ns       bigint[] NOT NULL,             -- … and when each was taken, pairwise
  unsealed_first_ns bigint,                        -- the oldest of unsealed_ns; NULL when none (Unsealed)
  available         bigint NOT NULL,               -- on hand − reserved (LowStock)
  last_activity_ns  bigint NOT NULL                -- the last sale, or the creation (SlowMoving)
);
CREATE INDEX stock_items_shop ON stock_items (shop_id);
CREATE INDEX stock_items_holds ON stock_items USING gin (hold_refs);
CREATE INDEX stock_items_unsealed ON stock_items (unsealed_first_ns) WHERE unsealed_first_ns IS NOT NULL;
CREATE INDEX stock_items_low ON stock_items (available, key);
CREATE INDEX stock_items_slow ON stock_items (last_activity_ns, key);

CREATE TABLE stock_items_trail (
  entity text COLLATE "C" NOT NULL REFERENCES stock_items (key) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

-- Templates are plain records: no trail, no deadline.
CREATE TABLE coupon_templates (
  id          uuid PRIMARY KEY,
  shop_id     uuid NOT NULL,                       -- the owner shop; the zero UUID for a platform coupon
  campaign_id uuid,                                -- NULL when the template belongs to no campaign
  created_ns  bigint NOT NULL,
  state       jsonb NOT NULL
);
CREATE INDEX coupon_templates_shop ON coupon_templates (shop_id);
CREATE INDEX coupon_templates_campaign ON coupon_templates (campaign_id) WHERE campaign_id IS NOT NULL;

CREATE TABLE coupon_quotas (
  id             uuid PRIMARY KEY,                 -- promotion.QuotaID(template, customer)
  shop_id        uuid NOT NULL,                    -- a quota has no shop of its own: the zero UUID (its template's shop is the template's row)
  seq            integer NOT NULL,
  deadline_ns    bigint,                           -- always NULL
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  template_id    uuid NOT NULL,
  customer       text COLLATE "C" NOT NULL,
  pending_ns     bigint,                           -- the oldest hold; NULL when none (Pending)
  CONSTRAINT coupon_quotas_template_customer_key UNIQUE (template_id, customer)
);
CREATE INDEX coupon_quotas_shop ON coupon_quotas (shop_id);
CREATE INDEX coupon_quotas_pending ON coupon_quotas (pending_ns, id) WHERE pending_ns IS NOT NULL;

CREATE TABLE coupon_quotas_trail (
  entity uuid NOT NULL REFERENCES coupon_quotas (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE coupons (
  id             uuid PRIMARY KEY,                 -- for IssueKeyed, derived from template, customer and key
  shop_id        uuid NOT NULL,                    -- the zero UUID for a platform coupon
  seq            integer NOT NULL,
  deadline_ns    bigint,                           -- ValidTo + 1 ns while issued
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  template_id    uuid NOT NULL,
  customer       text COLLATE "C" NOT NULL,
  issued_ns      bigint NOT NULL,
  pending_ns     bigint                            -- the oldest pending step; NULL when none (Pending)
);
CREATE INDEX coupons_due ON coupons (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX coupons_shop ON coupons (shop_id);
CREATE INDEX coupons_customer ON coupons (customer, issued_ns, id);  -- ListByCustomer
CREATE INDEX coupons_pending ON coupons (pending_ns, id) WHERE pending_ns IS NOT NULL;

CREATE TABLE coupons_trail (
  entity uuid NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE campaigns (
  id             uuid PRIMARY KEY,
  shop_id        uuid NOT NULL,
  seq            integer NOT NULL,
  deadline_ns    bigint,                           -- always NULL
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  from_ns        bigint NOT NULL,                  -- the window's start …
  to_ns          bigint NOT NULL,                  -- … and end, both inclusive
  pending_ns     bigint                            -- the oldest hold or remembered spend; NULL when none (Pending)
);
CREATE INDEX campaigns_shop ON campaigns (shop_id, from_ns, id) INCLUDE (to_ns);  -- ListByShop
CREATE INDEX campaigns_pending ON campaigns (pending_ns, id) WHERE pending_ns IS NOT NULL;

CREATE TABLE campaigns_trail (
  entity uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

-- +goose Down
DROP TABLE campaigns_trail;
DROP TABLE campaigns;
DROP TABLE coupons_trail;
DROP TABLE coupons;
DROP TABLE coupon_quotas_trail;
DROP TABLE coupon_quotas;
DROP TABLE coupon_templates;
DROP TABLE stock_items_trail;
DROP TABLE stock_items;

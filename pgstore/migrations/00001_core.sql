-- The core tables: the outbox, orders, after-sales cases and ledgers.
-- Every instant a query compares is a bigint of nanoseconds since the epoch
-- (exact, as the JSON state is); the state column is the package's snapshot.
-- Nothing is schema-qualified: the tables go to the connection's search_path.

-- +goose Up
CREATE TABLE outbox (
  effect_id      text PRIMARY KEY,          -- Effect.ID, "<entity>#<seq>"
  source         text NOT NULL,             -- the table of the entity that emitted it
  entity         text NOT NULL,             -- that entity's key
  effect         jsonb NOT NULL,
  created_ns     bigint NOT NULL,           -- the entry's At
  attempts       integer NOT NULL DEFAULT 0,
  not_before_ns  bigint NOT NULL,
  lease_owner    text,
  lease_until_ns bigint,
  done_ns        bigint,
  last_error     text
);
CREATE INDEX outbox_pending ON outbox (not_before_ns, created_ns, effect_id) WHERE done_ns IS NULL;

CREATE TABLE orders (
  id             uuid PRIMARY KEY,
  shop_id        uuid NOT NULL,
  seq            integer NOT NULL,
  deadline_ns    bigint,
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  number         text COLLATE "C" NOT NULL,
  buyer          text NOT NULL,
  status         text NOT NULL,             -- the workflow state, for lists by state
  placed_ns      bigint NOT NULL,
  flagged        boolean NOT NULL,
  stock_step_ns  bigint,
  CONSTRAINT orders_number_key UNIQUE (number)
);
CREATE INDEX orders_due ON orders (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX orders_shop ON orders (shop_id, placed_ns, id);  -- List, keyset by placing
CREATE INDEX orders_buyer ON orders (buyer);
CREATE INDEX orders_flagged ON orders (placed_ns, number) WHERE flagged;
CREATE INDEX orders_pending ON orders (stock_step_ns, id) WHERE stock_step_ns IS NOT NULL;

CREATE TABLE orders_trail (
  entity uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE aftersales_cases (
  id             uuid PRIMARY KEY,
  shop_id        uuid NOT NULL,
  seq            integer NOT NULL,
  deadline_ns    bigint,
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  order_id       uuid NOT NULL,
  buyer          text NOT NULL,
  status         text NOT NULL,             -- the workflow state, for lists by state
  opened_ns      bigint NOT NULL,
  step_ns        bigint
);
CREATE INDEX aftersales_cases_due ON aftersales_cases (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX aftersales_cases_shop ON aftersales_cases (shop_id, opened_ns, id);   -- ListByShop
CREATE INDEX aftersales_cases_buyer ON aftersales_cases (buyer, opened_ns, id);    -- ListByBuyer
CREATE INDEX aftersales_cases_order ON aftersales_cases (order_id);
CREATE INDEX aftersales_cases_pending ON aftersales_cases (step_ns, id) WHERE step_ns IS NOT NULL;

CREATE TABLE aftersales_cases_trail (
  entity uuid NOT NULL REFERENCES aftersales_cases (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE aftersales_ledgers (
  id             uuid PRIMARY KEY,          -- the order's ID
  shop_id        uuid NOT NULL,
  seq            integer NOT NULL,
  deadline_ns    bigint,
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  claim_ns       bigint,
  has_debts      boolean NOT NULL
);
CREATE INDEX aftersales_ledgers_due ON aftersales_ledgers (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX aftersales_ledgers_shop ON aftersales_ledgers (shop_id);
CREATE INDEX aftersales_ledgers_debts ON aftersales_ledgers (shop_id) WHERE has_debts;
CREATE INDEX aftersales_ledgers_pending ON aftersales_ledgers (claim_ns, id) WHERE claim_ns IS NOT NULL;

CREATE TABLE aftersales_ledgers_trail (
  entity uuid NOT NULL REFERENCES aftersales_ledgers (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

-- +goose Down
DROP TABLE aftersales_ledgers_trail;
DROP TABLE aftersales_ledgers;
DROP TABLE aftersales_cases_trail;
DROP TABLE aftersales_cases;
DROP TABLE orders_trail;
DROP TABLE orders;
DROP TABLE outbox;

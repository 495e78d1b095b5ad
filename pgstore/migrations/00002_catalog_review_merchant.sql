-- Listings, reviews and merchants. The same shape as the core tables: key,
-- shop_id, seq, deadline_ns, lease, the package's snapshot as state, then the
-- typed columns each store's queries filter and sort on. Every instant a
-- query compares is a bigint of nanoseconds since the epoch.

-- +goose Up
CREATE TABLE listings (
  id             uuid PRIMARY KEY,
  shop_id        uuid NOT NULL,             -- the listing's merchant
  seq            integer NOT NULL,
  deadline_ns    bigint,                    -- the review deadline of a submitted listing
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  created_ns     bigint NOT NULL
);
CREATE INDEX listings_due ON listings (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX listings_shop ON listings (shop_id, created_ns, id);  -- ListByMerchant, oldest first

CREATE TABLE listings_trail (
  entity uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE reviews (
  id             uuid PRIMARY KEY,          -- review.IDFor(order_id)
  shop_id        uuid NOT NULL,             -- the reviewed order's merchant
  seq            integer NOT NULL,
  deadline_ns    bigint,                    -- always NULL: a review waits on no deadline
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  order_id       uuid NOT NULL,
  listing_ids    uuid[] NOT NULL,           -- the listings the review rates
  created_ns     bigint NOT NULL,
  CONSTRAINT reviews_order_id_key UNIQUE (order_id)  -- one review per order (R2.6)
);
CREATE INDEX reviews_shop ON reviews (shop_id, created_ns, id);  -- ByMerchant, oldest first
CREATE INDEX reviews_listings ON reviews USING gin (listing_ids);  -- ByListing

CREATE TABLE reviews_trail (
  entity uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE merchants (
  id             uuid PRIMARY KEY,
  shop_id        uuid NOT NULL,             -- the merchant's own ID
  seq            integer NOT NULL,
  deadline_ns    bigint,                    -- the review deadline, or the next global-purchase evaluation
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  status         text NOT NULL,             -- the workflow state
  review_due_ns  bigint                     -- the review deadline, NULL when none
);
CREATE INDEX merchants_due ON merchants (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX merchants_shop ON merchants (shop_id);
-- OverdueReviews: the applications under review or marked overdue, earliest
-- review deadline first (one without a deadline first of all).
CREATE INDEX merchants_overdue ON merchants (review_due_ns NULLS FIRST, id)
  WHERE status IN ('under_review', 'review_overdue');

CREATE TABLE merchants_trail (
  entity uuid NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

-- +goose Down
DROP TABLE merchants_trail;
DROP TABLE merchants;
DROP TABLE reviews_trail;
DROP TABLE reviews;
DROP TABLE listings_trail;
DROP TABLE listings;

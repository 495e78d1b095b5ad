-- Commission (R4): rule sets, settlement markers, saved statements, and the
-- order records a host streams into a statement run. These are write-once
-- records, not aggregates: no trail, no deadline, no lease.

-- +goose Up
CREATE TABLE commission_rule_sets (
  id        text COLLATE "C" PRIMARY KEY,
  from_ns   bigint NOT NULL,               -- RuleSet.From
  to_ns     bigint,                        -- RuleSet.To; NULL: open-ended
  rule_set  jsonb NOT NULL                 -- the normalised rule set
);
-- Rule sets are the platform's, not a shop's: no shop_id. RuleSets reads
-- them by From.
CREATE INDEX commission_rule_sets_from ON commission_rule_sets (from_ns, id);

CREATE TABLE commission_markers (
  order_id   uuid PRIMARY KEY,             -- an order settles once (R4.5)
  shop_id    uuid NOT NULL,                -- the merchant
  statement  text COLLATE "C" NOT NULL,    -- the statement that settled it
  cut_off_ns bigint NOT NULL,              -- that statement's period end
  marker     jsonb NOT NULL
);
CREATE INDEX commission_markers_shop ON commission_markers (shop_id);
-- Records: the orders settled by a statement ending with the period.
CREATE INDEX commission_markers_cut_off ON commission_markers (cut_off_ns);

CREATE TABLE commission_statements (
  key             text COLLATE "C" PRIMARY KEY,
  shop_id         uuid NOT NULL,           -- the merchant
  period_start_ns bigint NOT NULL,
  statement       jsonb NOT NULL
);
-- ListStatements: keyset, newest period first, ties by key (bytewise).
CREATE INDEX commission_statements_shop ON commission_statements (shop_id, period_start_ns, key);

CREATE TABLE commission_records (
  order_id    uuid PRIMARY KEY,
  shop_id     uuid NOT NULL,               -- the merchant
  paid_ns     bigint NOT NULL,             -- OrderRecord.PaidAt
  settle_ns   bigint,                      -- first instant it is settleable; NULL: not now
  activity_ns bigint,                      -- its latest refund or advance; NULL: none
  settled_ns  bigint,                      -- the cut-off of the statement that settled it; NULL: none yet
  record      json NOT NULL                -- the OrderRecord, as written
);
-- Records: the orders paid in a period, those settleable by its end, and
-- those with refunds or advances since its start, one index each.
CREATE INDEX commission_records_shop ON commission_records (shop_id, paid_ns);
CREATE INDEX commission_records_paid ON commission_records (paid_ns);
-- Settleable and not settled yet: a settled order leaves this index, so a
-- month's run reads what it may settle, not the whole history.
CREATE INDEX commission_records_settle ON commission_records (settle_ns) WHERE settle_ns IS NOT NULL AND settled_ns IS NULL;
-- Settled by a statement ending at or after a period's end (a re-run).
CREATE INDEX commission_records_settled ON commission_records (settled_ns) WHERE settled_ns IS NOT NULL;
CREATE INDEX commission_records_activity ON commission_records (activity_ns) WHERE activity_ns IS NOT NULL;

-- +goose Down
DROP TABLE commission_records;
DROP TABLE commission_statements;
DROP TABLE commission_markers;
DROP TABLE commission_rule_sets;

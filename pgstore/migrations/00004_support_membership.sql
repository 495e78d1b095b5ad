-- Customer service and membership: support conversations, complaints, desk
-- routing state and canned replies, and shop members. Every instant a query
-- compares is a bigint of nanoseconds since the epoch; the state column is the
-- package's snapshot. Nothing is schema-qualified.

-- +goose Up
CREATE TABLE support_conversations (
  id               uuid PRIMARY KEY,
  shop_id          uuid NOT NULL,
  seq              integer NOT NULL,
  deadline_ns      bigint,
  lease_owner      text,
  lease_until_ns   bigint,
  state            jsonb NOT NULL,
  status           text NOT NULL,             -- the workflow state
  skill_group      text COLLATE "C" NOT NULL,
  enqueued_ns      bigint NOT NULL,
  sla_due_ns       bigint,                    -- the pending SLA target (SLADue), if any
  breach_ns        bigint[],                  -- each recorded breach's due instant, in record order
  first_breach_ns  bigint,                    -- the earliest of breach_ns
  last_breach_ns   bigint                     -- the latest of breach_ns
);
CREATE INDEX support_conversations_due ON support_conversations (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX support_conversations_shop ON support_conversations (shop_id);
CREATE INDEX support_conversations_sla ON support_conversations (shop_id, sla_due_ns, id) WHERE sla_due_ns IS NOT NULL;
CREATE INDEX support_conversations_breached ON support_conversations (shop_id, last_breach_ns, first_breach_ns)
  WHERE last_breach_ns IS NOT NULL;
CREATE INDEX support_conversations_open ON support_conversations (enqueued_ns, id) WHERE status = 'open';   -- Waiting
CREATE INDEX support_conversations_queue ON support_conversations (shop_id, skill_group, enqueued_ns, id)
  WHERE status = 'open';                                                                                 -- ListWaiting

CREATE TABLE support_conversations_trail (
  entity uuid NOT NULL REFERENCES support_conversations (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

CREATE TABLE support_complaints (
  id             uuid PRIMARY KEY,
  shop_id        uuid NOT NULL,
  seq            integer NOT NULL,
  deadline_ns    bigint,
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  status         text NOT NULL,             -- the workflow state
  filed_ns       bigint NOT NULL
);
CREATE INDEX support_complaints_due ON support_complaints (deadline_ns, id) WHERE deadline_ns IS NOT NULL;
CREATE INDEX support_complaints_shop ON support_complaints (shop_id, filed_ns, id);                        -- Log
CREATE INDEX support_complaints_open ON support_complaints (shop_id, filed_ns, id) WHERE status <> 'done'; -- ListOpen

CREATE TABLE support_complaints_trail (
  entity uuid NOT NULL REFERENCES support_complaints (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

-- A desk's Router: the rest of its snapshot in one row, each waiting
-- conversation in a row of its own, so that an update writes what changed.
CREATE TABLE support_desks (
  id    uuid PRIMARY KEY,
  state jsonb NOT NULL                      -- RouterSnapshot without Waiting
);

CREATE TABLE support_desk_waiting (
  desk         uuid NOT NULL REFERENCES support_desks (id) ON DELETE CASCADE,
  conversation uuid NOT NULL,
  shop_id      uuid NOT NULL,
  seq          bigint NOT NULL,             -- the arrival number
  entry        jsonb NOT NULL,              -- the WaitingSnapshot
  PRIMARY KEY (desk, conversation)
);
CREATE INDEX support_desk_waiting_arrival ON support_desk_waiting (desk, seq);
CREATE INDEX support_desk_waiting_shop ON support_desk_waiting (shop_id);

CREATE TABLE support_canned_replies (
  shop_id uuid NOT NULL,
  code    text COLLATE "C" NOT NULL,
  text    text NOT NULL,
  PRIMARY KEY (shop_id, code)               -- Lookup, Delete; List by code
);

CREATE TABLE members (
  id             uuid PRIMARY KEY,          -- membership.MemberID(shop, customer)
  shop_id        uuid NOT NULL,
  seq            integer NOT NULL,
  deadline_ns    bigint,                    -- always NULL: members have no deadline
  lease_owner    text,
  lease_until_ns bigint,
  state          jsonb NOT NULL,
  customer       text NOT NULL,
  tier           text COLLATE "C" NOT NULL,
  pending_ns     bigint,                    -- the oldest pending coupon grant, if any
  CONSTRAINT members_shop_customer_key UNIQUE (shop_id, customer)
);
CREATE INDEX members_tier ON members (shop_id, tier, id);                                 -- ByTier
CREATE INDEX members_pending ON members (pending_ns, id) WHERE pending_ns IS NOT NULL;     -- Pending

CREATE TABLE members_trail (
  entity uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  entry  jsonb NOT NULL,
  PRIMARY KEY (entity, seq)
);

-- +goose Down
DROP TABLE members_trail;
DROP TABLE members;
DROP TABLE support_canned_replies;
DROP TABLE support_desk_waiting;
DROP TABLE support_desks;
DROP TABLE support_complaints_trail;
DROP TABLE support_complaints;
DROP TABLE support_conversations_trail;
DROP TABLE support_conversations;

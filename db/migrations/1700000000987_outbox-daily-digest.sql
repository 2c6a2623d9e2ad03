-- Up Migration

-- Catch-up notices folded into one digest per recipient per day (每日彙總).
-- A catch-up row carries its grouping key, '<role>:<recipient id>/<Beijing day>',
-- from the moment it is written; delivery merges every pending row of one key
-- and channel into one message (outbox_digests), sent with the digest's own
-- key as its idempotency key, and marks the merged rows delivered in the
-- transaction that records the send. Rows without a grouping key are delivered
-- one by one, as before.
ALTER TABLE outbox ADD COLUMN digest_key text;
-- The digest a row was merged into: set once, when the digest is composed.
ALTER TABLE outbox ADD COLUMN digest_message_key text;
CREATE INDEX outbox_pending_digest ON outbox (digest_key) WHERE delivered_at IS NULL AND digest_key IS NOT NULL;

CREATE TABLE outbox_digests (
  -- 'digest/<role>:<recipient id>/<day>/<channel>', '#2'… for a later digest of the same day.
  -- The primary key is what makes a digest one message: it is composed once and sent under this key.
  key             text PRIMARY KEY,
  digest_key      text NOT NULL,
  recipient_role  text NOT NULL,
  recipient_id    text NOT NULL,
  recipient_name  text,
  campaign_id     text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('console', 'webhook', 'smtp', 'wecom', 'dingtalk', 'feishu')),
  address         text,
  subject         text NOT NULL,
  body            text NOT NULL,
  payload         jsonb NOT NULL,
  merged_keys     text[] NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  claimed_until   timestamptz
);
CREATE INDEX outbox_digests_unsent ON outbox_digests (digest_key) WHERE sent_at IS NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_digest_message_fk FOREIGN KEY (digest_message_key) REFERENCES outbox_digests (key);

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

-- Up Migration

-- The notification outbox. A workflow's notice (a NotificationDraft, keyed by
-- what the event is: campaign, unit, item, rung) is expanded into one row per
-- recipient in the same transaction as its ledger row; delivery reads the rows
-- afterwards. The row key is '<draft key>/<recipient role>:<recipient id>', so a
-- retried or restarted writer can only meet its own rows again (ON CONFLICT DO
-- NOTHING): no second row, and no row lost with a rolled-back ledger row.
-- Receivers get the key with every message (Idempotency-Key, Message-ID) and
-- drop a repeat.
CREATE TABLE outbox (
  key             text PRIMARY KEY,
  -- The workflow's key of the notice, shared by all its recipients' rows.
  draft_key       text NOT NULL,
  campaign_id     text NOT NULL,
  unit_id         text,
  kind            text NOT NULL,
  recipient_role  text NOT NULL CHECK (recipient_role IN ('secretary', 'supervisor', 'office', 'unit')),
  -- A user id; the unit id for a unit's secretary; '(none)' when nobody holds the role.
  recipient_id    text NOT NULL,
  recipient_name  text,
  channel         text NOT NULL CHECK (channel IN ('console', 'webhook', 'smtp')),
  -- An email address (smtp) or URL (webhook); null for console.
  address         text,
  subject         text NOT NULL,
  body            text NOT NULL,
  payload         jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Why the row goes where it goes when that is not the configured route
  -- (e.g. smtp configured but the recipient has no email address).
  note            text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  -- A delivery attempt's lease: another attempt does not send while it holds.
  -- Expires on its own when the worker holding it dies.
  claimed_until   timestamptz,
  CHECK (channel = 'console' OR address IS NOT NULL)
);
CREATE INDEX outbox_undelivered ON outbox (created_at, key) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_draft ON outbox (draft_key);
CREATE INDEX outbox_by_campaign ON outbox (campaign_id, created_at);

-- How a recipient is reached. A unit-scoped route (for messages about that
-- unit) overrides the role-scoped one; without either, NOTIFY_CHANNEL with the
-- recipient's email (smtp) or WEBHOOK_URL (webhook). A null address means that
-- same default address on the route's channel.
CREATE TABLE notification_routes (
  scope       text NOT NULL CHECK (scope IN ('role', 'unit')),
  role        text NOT NULL CHECK (role IN ('secretary', 'supervisor', 'office', 'unit')),
  unit_id     text REFERENCES units(id),
  channel     text NOT NULL CHECK (channel IN ('console', 'webhook', 'smtp')),
  address     text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'unit') = (unit_id IS NOT NULL))
);
-- One route per role, and one per (unit, role).
CREATE UNIQUE INDEX notification_routes_one ON notification_routes (role, (coalesce(unit_id, '')));

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

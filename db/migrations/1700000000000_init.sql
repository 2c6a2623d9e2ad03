-- Up Migration

-- The unit tree. `path` is the materialised path of ids from the root
-- ('/root/branch/unit/'), indexed with text_pattern_ops so a subtree is one
-- index range scan (`path LIKE '/root/branch/%'`) even at 100,000 units.
CREATE TABLE units (
  id            text PRIMARY KEY,
  parent_id     text REFERENCES units(id),
  name          text NOT NULL,
  type          text NOT NULL,
  secretary     jsonb NOT NULL DEFAULT '{}'::jsonb,
  path          text NOT NULL UNIQUE,
  depth         integer NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_path_prefix ON units (path text_pattern_ops);
CREATE INDEX units_parent ON units (parent_id);

-- Who supervises which unit; a supervisor supervises that unit's whole subtree.
CREATE TABLE unit_supervisors (
  unit_id        text NOT NULL REFERENCES units(id),
  supervisor_id  text NOT NULL,
  PRIMARY KEY (unit_id, supervisor_id)
);
CREATE INDEX unit_supervisors_by_supervisor ON unit_supervisors (supervisor_id);

-- People who call the API. Tokens are stored as SHA-256 hashes only.
CREATE TABLE users (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'supervisor', 'unit')),
  unit_id     text REFERENCES units(id),
  email       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'unit' OR unit_id IS NOT NULL)
);
CREATE TABLE api_tokens (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- A campaign and its plan as defined by the office.
CREATE TABLE campaigns (
  id          text PRIMARY KEY,
  name        jsonb NOT NULL,
  plan        jsonb NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The ledger (台帳): append-only and hash-chained per campaign. Each row's
-- hash covers its content and the previous row's hash, so an edited or
-- removed row breaks the chain (see adapters/storage/ledger.ts: verifyChain).
CREATE TABLE ledger (
  campaign_id      text NOT NULL,
  seq              bigint NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  unit_id          text,
  kind             text NOT NULL,
  actor            text NOT NULL,
  payload          jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at      timestamptz NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  prev_hash        text NOT NULL,
  hash             text NOT NULL,
  PRIMARY KEY (campaign_id, seq)
);
CREATE INDEX ledger_by_unit ON ledger (campaign_id, unit_id, seq);
CREATE INDEX ledger_by_kind ON ledger (campaign_id, kind, seq);

-- Append-only, whatever role connects: the application cannot UPDATE, DELETE
-- or TRUNCATE ledger rows. (Deployments should also REVOKE those privileges
-- from the application role; the trigger holds even where they forget.)
CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER ledger_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger
  FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();

-- Which units a campaign was started for (written by the fan-out, idempotent).
CREATE TABLE campaign_units (
  campaign_id  text NOT NULL REFERENCES campaigns(id),
  unit_id      text NOT NULL REFERENCES units(id),
  workflow_id  text NOT NULL UNIQUE,
  started_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, unit_id)
);

-- Read model for dashboards: one row per (campaign, unit), kept by activities.
-- `version` only grows, so a late retry never overwrites newer state.
CREATE TABLE unit_campaign_state (
  campaign_id    text NOT NULL,
  unit_id        text NOT NULL,
  phase_id       text,
  status         text NOT NULL,
  tasks          jsonb NOT NULL DEFAULT '[]'::jsonb,
  overdue_count  integer NOT NULL DEFAULT 0,
  version        bigint NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, unit_id)
);
CREATE INDEX unit_campaign_state_phase ON unit_campaign_state (campaign_id, phase_id);

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

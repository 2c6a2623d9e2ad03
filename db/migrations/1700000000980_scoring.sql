-- Up Migration

-- Scoring (定性評價與量化考評相結合, issue 13). The ledger keeps every event;
-- these rows are what the API reads back.

-- Scheme versions defined through the API (a plan's own schemes are version 1
-- and live in the plan). A version is never changed: a change is a new version.
CREATE TABLE scoring_schemes (
  campaign_id  text NOT NULL,
  scheme_id    text NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  scheme       jsonb NOT NULL,
  defined_by   text NOT NULL,
  defined_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, scheme_id, version)
);

-- One row per scoring round, kept by its workflow: the scheme version it froze.
CREATE TABLE scoring_rounds (
  campaign_id          text NOT NULL,
  round_id             text NOT NULL,
  scheme_id            text NOT NULL,
  scheme_version       integer NOT NULL,
  subject              text NOT NULL,
  year                 integer NOT NULL,
  classification_round text NOT NULL,
  subtree_root_id      text NOT NULL,
  status               text NOT NULL,
  closes_at            timestamptz NOT NULL,
  scored               integer,
  PRIMARY KEY (campaign_id, round_id)
);

-- Every entry as entered (batch = the workflow's count of entry updates, idx = place in the batch).
CREATE TABLE score_entries (
  campaign_id  text NOT NULL,
  round_id     text NOT NULL,
  batch        integer NOT NULL,
  idx          integer NOT NULL,
  unit_id      text NOT NULL,
  member_id    text,
  item_id      text NOT NULL,
  value        jsonb NOT NULL,
  actor        text NOT NULL,
  ledger_key   text NOT NULL,
  PRIMARY KEY (campaign_id, round_id, batch, idx)
);

-- A subject's computed score in a round (member_id '' for the unit itself).
CREATE TABLE score_results (
  campaign_id   text NOT NULL,
  round_id      text NOT NULL,
  unit_id       text NOT NULL,
  member_id     text NOT NULL DEFAULT '',
  total         double precision NOT NULL,
  max           double precision NOT NULL,
  percent       double precision NOT NULL,
  grade         text,
  detail        jsonb NOT NULL,
  PRIMARY KEY (campaign_id, round_id, unit_id, member_id)
);
CREATE INDEX score_results_by_unit ON score_results (campaign_id, unit_id);

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

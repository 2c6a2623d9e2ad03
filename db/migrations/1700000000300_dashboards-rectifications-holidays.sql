-- Up Migration

-- The overdue dashboard reads a campaign's read model one subtree at a time.
-- The unit's materialised path is copied into the read model when its row is
-- first written (units do not move: their path never changes), so that a
-- subtree is one range of a (campaign_id, unit_path) index, read in path order
-- for keyset pages, instead of a join over every unit of the subtree.
ALTER TABLE unit_campaign_state ADD COLUMN unit_path text;
UPDATE unit_campaign_state s SET unit_path = u.path FROM units u WHERE u.id = s.unit_id;

CREATE FUNCTION unit_campaign_state_fill_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.unit_path IS NULL THEN
    SELECT path INTO NEW.unit_path FROM units WHERE id = NEW.unit_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER unit_campaign_state_path BEFORE INSERT ON unit_campaign_state
  FOR EACH ROW EXECUTE FUNCTION unit_campaign_state_fill_path();

-- Counts by light and rung over a subtree: an index-only range scan.
CREATE INDEX unit_campaign_state_subtree ON unit_campaign_state (campaign_id, unit_path text_pattern_ops)
  INCLUDE (light, rung, overdue_count);
-- The units that need attention (a light other than green, or a task overdue),
-- in path order: what the overdue list pages through.
CREATE INDEX unit_campaign_state_attention ON unit_campaign_state (campaign_id, unit_path text_pattern_ops)
  WHERE light <> 'green' OR overdue_count > 0;

-- Rectification items (整改) opened through the API: an index of the items,
-- one workflow each (the workflow holds the state; `status` is refreshed from
-- it after every action and every read, and only moves forward with `revision`).
-- It answers "which items does this unit have" at once after opening, and
-- "which items in these subtrees await a report or a verification" by index.
CREATE TABLE rectification_items (
  campaign_id   text NOT NULL REFERENCES campaigns(id),
  unit_id       text NOT NULL REFERENCES units(id),
  item_id       text NOT NULL,
  workflow_id   text NOT NULL UNIQUE,
  source        text NOT NULL,
  description   text NOT NULL,
  due_date      text NOT NULL,
  opened_by     text NOT NULL,
  opened_at     timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported', 'sent_back', 'verified')),
  -- reports + sends back (+ 1 once verified): a stale refresh never overwrites a newer one.
  revision      integer NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, unit_id, item_id)
);
CREATE INDEX rectification_items_outstanding ON rectification_items (campaign_id, status, unit_id) WHERE status <> 'verified';

-- The holiday calendar in force (statutory holidays and 調休): the shipped
-- calendar (domain/holidays/cn-calendar-data.ts) plus the years the campaign
-- office added or corrected. One row per version, the whole calendar each time;
-- the latest row is in force unless a newer shipped calendar came with a
-- release, in which case the office's years are merged onto it again.
CREATE TABLE holiday_calendar_versions (
  seq           bigserial PRIMARY KEY,
  version       text NOT NULL UNIQUE,
  base_version  text NOT NULL,
  year          integer NOT NULL,
  calendar      jsonb NOT NULL,
  changed_by    text NOT NULL,
  reason        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

-- Up Migration

-- 分類指導 across unit types (issue 15): a unit carries any number of tags
-- (e.g. ethnic_religious_area), each of which may have its own theme in a plan.
ALTER TABLE units ADD COLUMN tags text[] NOT NULL DEFAULT '{}';

-- Down Migration

ALTER TABLE units DROP COLUMN tags;

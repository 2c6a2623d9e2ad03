-- Up Migration

-- The escalation rung and traffic light (亮燈) of each unit, for dashboards
-- that list what is overdue across a campaign or subtree of 100,000 units.
ALTER TABLE unit_campaign_state ADD COLUMN rung text;
ALTER TABLE unit_campaign_state ADD COLUMN light text NOT NULL DEFAULT 'green';
CREATE INDEX unit_campaign_state_light ON unit_campaign_state (campaign_id, light) WHERE light <> 'green';

-- Down Migration
-- Forward-only.

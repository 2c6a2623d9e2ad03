-- Up Migration

-- 第一責任人 (issue 15): the person named for a unit in a campaign, once it is
-- changed from the default (the unit's secretary). Each change is a ledger row
-- (first_responsible.named); this row is the current one, which notices to the
-- unit's secretary go to.
CREATE TABLE first_responsible_persons (
  campaign_id  text NOT NULL,
  unit_id      text NOT NULL,
  person       jsonb NOT NULL,
  named_by     text NOT NULL,
  named_at     timestamptz NOT NULL,
  reason       text NOT NULL,
  PRIMARY KEY (campaign_id, unit_id)
);

-- Down Migration

DROP TABLE first_responsible_persons;

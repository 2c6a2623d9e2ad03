-- Up Migration

-- Public commitments (公開承諾, issue 13): one row per commitment, kept by its
-- workflow in the same transaction as its ledger rows; the workflow stays the
-- source of truth. Coverage (公開承諾面) and listings read these rows.
CREATE TABLE commitments (
  campaign_id    text NOT NULL,
  unit_id        text NOT NULL,
  commitment_id  text NOT NULL,
  member_id      text,
  due_date       date NOT NULL,
  status         text NOT NULL,
  fulfilled      boolean NOT NULL DEFAULT false,
  listed         boolean NOT NULL DEFAULT false,
  revision       integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, commitment_id)
);
CREATE INDEX commitments_by_member ON commitments (campaign_id, member_id) WHERE member_id IS NOT NULL;

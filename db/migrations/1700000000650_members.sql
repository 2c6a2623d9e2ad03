-- Up Migration

-- Members (黨員) of the units: only what the campaign needs (issue 13). A
-- floating member (流動黨員) belongs to the inflow unit, which runs the
-- member's campaign; the outflow unit may read it.
CREATE TABLE members (
  id               text PRIMARY KEY,
  unit_id          text NOT NULL REFERENCES units(id),
  name             text NOT NULL,
  role             text NOT NULL,
  floating         boolean NOT NULL DEFAULT false,
  outflow_unit_id  text REFERENCES units(id),
  imported_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (floating = (outflow_unit_id IS NOT NULL)),
  CHECK (outflow_unit_id IS DISTINCT FROM unit_id)
);
CREATE INDEX members_by_unit ON members (unit_id, id);
CREATE INDEX members_by_outflow_unit ON members (outflow_unit_id, id) WHERE outflow_unit_id IS NOT NULL;


-- Up Migration

-- Which start request first recorded a unit, so that a fan-out batch retried
-- after a lost attempt (a worker killed, a Temporal restart that dropped the
-- completion) counts the units its earlier attempt started as started by the
-- request, not as already running before it. Null for rows written before
-- this column (they count as before).
ALTER TABLE campaign_units ADD COLUMN start_request_id text;

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

-- Up Migration

-- /metrics counts fired ladder rungs by rung at every scrape
-- (adapters/storage/operational-figures.ts); this lets the count read a small
-- partial index instead of the whole ledger. (Rows by kind read ledger_by_kind.)
CREATE INDEX ledger_rungs_fired ON ledger (rung) WHERE step = 'rung';

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

-- Up Migration

-- The parts of each ledger key (campaign/unit/task/<task>/rung/<date>/<rung>…)
-- as columns, so that queries select rows by what they are instead of taking
-- keys apart in SQL. New rows get them from the ledger's append
-- (adapters/storage/ledger-keys.ts); this migration fills them, once, for the
-- rows written before, with the same patterns in the same order. A key of no
-- known shape keeps null parts. The hash covers the key, not these columns, so
-- every chain verifies as before; the verification also checks that the
-- columns are the parts of the key.
ALTER TABLE ledger
  ADD COLUMN task_id          text,
  ADD COLUMN phase_id         text,
  ADD COLUMN period_id        text,
  ADD COLUMN item_id          text,
  ADD COLUMN event_id         text,
  ADD COLUMN round            text,
  ADD COLUMN milestone_id     text,
  ADD COLUMN calendar_version text,
  ADD COLUMN step             text,
  ADD COLUMN rung             text,
  ADD COLUMN due_date         text,
  ADD COLUMN ordinal          integer,
  ADD COLUMN revision         integer;

-- Only for this backfill: dropped below, so no query parses keys afterwards.
CREATE FUNCTION ledger_backfill_key_parts(
  key text, campaign text, unit text,
  OUT task_id text, OUT phase_id text, OUT period_id text, OUT item_id text, OUT event_id text, OUT round text,
  OUT milestone_id text, OUT calendar_version text, OUT step text, OUT rung text, OUT due_date text,
  OUT ordinal integer, OUT revision integer
) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  seg  constant text := '([^/]+)';
  dt   constant text := '([0-9]{4}-[0-9]{2}-[0-9]{2})';
  n    constant text := '([0-9]{1,9})';
  rest text;
  m    text[];
BEGIN
  IF left(key, length(campaign) + 10) = campaign || '/campaign/' THEN
    rest := substr(key, length(campaign) + 11);
    m := regexp_match(rest, '^(started)$');
    IF m IS NOT NULL THEN step := m[1]; RETURN; END IF;
    m := regexp_match(rest, '^milestone/' || seg || '/revision/' || n || '$');
    IF m IS NOT NULL THEN milestone_id := m[1]; revision := m[2]::integer; RETURN; END IF;
    m := regexp_match(rest, '^deadline/' || seg || '/revision/' || n || '$');
    IF m IS NOT NULL THEN task_id := m[1]; revision := m[2]::integer; RETURN; END IF;
    m := regexp_match(rest, '^calendar/(.+)/revision/' || n || '$');
    IF m IS NOT NULL THEN calendar_version := m[1]; revision := m[2]::integer; RETURN; END IF;
    m := regexp_match(rest, '^supervision/' || seg || '$');
    IF m IS NOT NULL THEN event_id := m[1]; RETURN; END IF;
    m := regexp_match(rest, '^supervision/' || seg || '/unit/[^/]+$');
    IF m IS NOT NULL THEN event_id := m[1]; RETURN; END IF;
  END IF;
  IF unit IS NOT NULL AND left(key, length(campaign) + length(unit) + 2) = campaign || '/' || unit || '/' THEN
    rest := substr(key, length(campaign) + length(unit) + 3);
    m := regexp_match(rest, '^(started|completed)$');
    IF m IS NOT NULL THEN step := m[1]; RETURN; END IF;
    m := regexp_match(rest, '^phase/' || seg || '/(entered)$');
    IF m IS NOT NULL THEN phase_id := m[1]; step := m[2]; RETURN; END IF;
    m := regexp_match(rest, '^task/' || seg || '/(opened|approved)$');
    IF m IS NOT NULL THEN task_id := m[1]; step := m[2]; RETURN; END IF;
    m := regexp_match(rest, '^task/' || seg || '/(submitted|rejected|approval-reminder)/' || n || '$');
    IF m IS NOT NULL THEN task_id := m[1]; step := m[2]; ordinal := m[3]::integer; RETURN; END IF;
    m := regexp_match(rest, '^task/' || seg || '/(overdue)/' || dt || '$');
    IF m IS NOT NULL THEN task_id := m[1]; step := m[2]; due_date := m[3]; RETURN; END IF;
    m := regexp_match(rest, '^task/' || seg || '/(reminder)/' || dt || '/' || n || '$');
    IF m IS NOT NULL THEN task_id := m[1]; step := m[2]; due_date := m[3]; ordinal := m[4]::integer; RETURN; END IF;
    m := regexp_match(rest, '^task/' || seg || '/(rung)/' || dt || '/' || seg || '$');
    IF m IS NOT NULL THEN task_id := m[1]; step := m[2]; due_date := m[3]; rung := m[4]; RETURN; END IF;
    m := regexp_match(rest, '^task/' || seg || '/extension/' || n || '/(requested|decided)$');
    IF m IS NOT NULL THEN task_id := m[1]; ordinal := m[2]::integer; step := m[3]; RETURN; END IF;
    m := regexp_match(rest, '^deadline/' || seg || '/(amended)/' || n || '$');
    IF m IS NOT NULL THEN task_id := m[1]; step := m[2]; ordinal := m[3]::integer; RETURN; END IF;
    m := regexp_match(rest, '^review/(.+)/(given)$');
    IF m IS NOT NULL THEN period_id := m[1]; step := m[2]; RETURN; END IF;
    m := regexp_match(rest, '^review/(.+)/(rung)/' || dt || '/' || seg || '$');
    IF m IS NOT NULL THEN period_id := m[1]; step := m[2]; due_date := m[3]; rung := m[4]; RETURN; END IF;
    m := regexp_match(rest, '^classification/' || seg || '$');
    IF m IS NOT NULL THEN round := m[1]; RETURN; END IF;
    m := regexp_match(rest, '^rectification/' || seg || '/(opened|verified|listed-supervision)$');
    IF m IS NOT NULL THEN item_id := m[1]; step := m[2]; RETURN; END IF;
    m := regexp_match(rest, '^rectification/' || seg || '/(reported|sent-back)/' || n || '$');
    IF m IS NOT NULL THEN item_id := m[1]; step := m[2]; ordinal := m[3]::integer; RETURN; END IF;
    m := regexp_match(rest, '^rectification/' || seg || '/(rung)/' || dt || '/' || seg || '$');
    IF m IS NOT NULL THEN item_id := m[1]; step := m[2]; due_date := m[3]; rung := m[4]; RETURN; END IF;
  END IF;
END;
$$;

-- The ledger refuses UPDATE whatever the role. This backfill is the one
-- deliberate exception: the guard is off only inside this migration's
-- transaction (ALTER TABLE holds an exclusive lock, so nothing else writes
-- meanwhile), and it is back on before the transaction commits; if anything
-- fails, the rollback restores it with everything else.
ALTER TABLE ledger DISABLE TRIGGER ledger_no_update_or_delete;
UPDATE ledger l
   SET (task_id, phase_id, period_id, item_id, event_id, round, milestone_id, calendar_version, step, rung, due_date, ordinal, revision) =
       (SELECT * FROM ledger_backfill_key_parts(l.idempotency_key, l.campaign_id, l.unit_id));
ALTER TABLE ledger ENABLE TRIGGER ledger_no_update_or_delete;

DROP FUNCTION ledger_backfill_key_parts(text, text, text);

-- What the duties read by: a review given for a period, an extension request's decision, a supervision event.
CREATE INDEX ledger_review_given ON ledger (campaign_id, unit_id, period_id) WHERE step = 'given';
CREATE INDEX ledger_extension_decided ON ledger (campaign_id, unit_id, task_id, ordinal) WHERE step = 'decided';
CREATE INDEX ledger_supervision_event ON ledger (campaign_id, event_id) WHERE event_id IS NOT NULL;

-- Down Migration
-- Forward-only: a schema change ships as a new migration.

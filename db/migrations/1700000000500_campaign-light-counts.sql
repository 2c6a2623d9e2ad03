-- Up Migration

-- The overdue board's counts by light and rung over a whole campaign, kept as
-- the read model changes, so that the board of a campaign of 100,000 units
-- reads a handful of rows instead of counting them all on every request.
-- (A subtree is still counted from its index range: it has no row here.)
-- Read-model rows are written under the campaign's ledger lock, so the
-- counts rows of a campaign are never updated by two transactions at once.
CREATE TABLE campaign_light_counts (
  campaign_id    text NOT NULL,
  light          text NOT NULL,
  rung           text NOT NULL,   -- '' for no rung
  units          integer NOT NULL,
  overdue_units  integer NOT NULL,
  PRIMARY KEY (campaign_id, light, rung)
)
-- A few rows updated on every change of a unit's light: room for HOT updates
-- on their pages, and vacuumed after every few hundred dead versions.
WITH (fillfactor = 10, autovacuum_vacuum_threshold = 200, autovacuum_vacuum_scale_factor = 0, autovacuum_analyze_threshold = 200);

CREATE FUNCTION campaign_light_counts_add(c text, l text, r text, units integer, overdue integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO campaign_light_counts AS k (campaign_id, light, rung, units, overdue_units)
  VALUES (c, l, coalesce(r, ''), units, overdue)
  ON CONFLICT (campaign_id, light, rung) DO UPDATE
    SET units = k.units + EXCLUDED.units, overdue_units = k.overdue_units + EXCLUDED.overdue_units;
$$;

CREATE FUNCTION unit_campaign_state_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.light = NEW.light AND coalesce(OLD.rung, '') = coalesce(NEW.rung, '') AND (OLD.overdue_count > 0) = (NEW.overdue_count > 0) THEN
      RETURN NULL;
    END IF;
    PERFORM campaign_light_counts_add(OLD.campaign_id, OLD.light, OLD.rung, -1, CASE WHEN OLD.overdue_count > 0 THEN -1 ELSE 0 END);
  END IF;
  PERFORM campaign_light_counts_add(NEW.campaign_id, NEW.light, NEW.rung, 1, CASE WHEN NEW.overdue_count > 0 THEN 1 ELSE 0 END);
  RETURN NULL;
END;
$$;
CREATE TRIGGER unit_campaign_state_counts AFTER INSERT OR UPDATE ON unit_campaign_state
  FOR EACH ROW EXECUTE FUNCTION unit_campaign_state_count();

INSERT INTO campaign_light_counts (campaign_id, light, rung, units, overdue_units)
SELECT campaign_id, light, coalesce(rung, ''), count(*), count(*) FILTER (WHERE overdue_count > 0)
FROM unit_campaign_state GROUP BY 1, 2, 3;

/** Campaign definitions, which units each campaign was started for, and the dashboard read model. */
import type pg from 'pg';
import type { StartTarget, UnitStateSnapshot } from '../../domain/campaign-types';
import type { UnitType } from '../../domain/labels';
import type { Plan } from '../../domain/plan';
import { likePrefix } from './units-repository';


export interface StartPage {
  units: Array<{ id: string; type: UnitType }>;
  /** Ids named in a list that are not in the unit tree. */
  unknownIds: string[];
  cursor: string | null;
  done: boolean;
}

export interface CampaignRecord {
  id: string;
  name: { zh: string; en: string };
  plan: Plan;
  createdBy: string;
  createdAt: string;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Keeps a newer snapshot only: a late retry of an older one changes nothing. */
export async function upsertUnitState(client: Queryable, s: UnitStateSnapshot): Promise<void> {
  await client.query(
    `INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     ON CONFLICT (campaign_id, unit_id) DO UPDATE
       SET phase_id = EXCLUDED.phase_id, status = EXCLUDED.status, tasks = EXCLUDED.tasks,
           overdue_count = EXCLUDED.overdue_count, rung = EXCLUDED.rung, light = EXCLUDED.light,
           version = EXCLUDED.version, updated_at = now()
       WHERE unit_campaign_state.version < EXCLUDED.version`,
    [s.campaignId, s.unitId, s.phaseId, s.status, JSON.stringify(s.tasks), s.overdueCount, s.rung ?? null, s.light ?? 'green', s.version],
  );
}

export function createCampaignsRepository(pool: pg.Pool) {
  const subtreePrefix = async (rootId: string): Promise<string | undefined> => {
    const root = await pool.query('SELECT path FROM units WHERE id = $1', [rootId]);
    return root.rows[0]?.path;
  };

  return {
    async create(record: Omit<CampaignRecord, 'createdAt'>): Promise<{ created: boolean }> {
      const result = await pool.query(
        'INSERT INTO campaigns (id, name, plan, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [record.id, record.name, record.plan, record.createdBy],
      );
      return { created: result.rowCount === 1 };
    },

    async get(id: string): Promise<CampaignRecord | undefined> {
      const result = await pool.query('SELECT * FROM campaigns WHERE id = $1', [id]);
      const row = result.rows[0];
      return row && { id: row.id, name: row.name, plan: row.plan, createdBy: row.created_by, createdAt: row.created_at.toISOString() };
    },

    async list(): Promise<Array<Omit<CampaignRecord, 'plan'>>> {
      const result = await pool.query('SELECT id, name, created_by, created_at FROM campaigns ORDER BY created_at');
      return result.rows.map((row) => ({ id: row.id, name: row.name, createdBy: row.created_by, createdAt: row.created_at.toISOString() }));
    },

    async countTarget(target: StartTarget): Promise<number> {
      if ('unitIds' in target) return new Set(target.unitIds).size;
      const prefix = await subtreePrefix(target.subtreeRootId);
      if (!prefix) return 0;
      const result = await pool.query('SELECT count(*)::int AS n FROM units WHERE path LIKE $1', [likePrefix(prefix)]);
      return result.rows[0].n;
    },

    /** The next page of units to start, keyset-paginated (list position, or path within a subtree). */
    async nextStartPage(target: StartTarget, cursor: string | null, limit: number): Promise<StartPage> {
      if ('unitIds' in target) {
        const ids = [...new Set(target.unitIds)];
        const from = cursor === null ? 0 : Number(cursor);
        const slice = ids.slice(from, from + limit);
        const found = await pool.query('SELECT id, type FROM units WHERE id = ANY($1)', [slice]);
        const known = new Map(found.rows.map((row) => [row.id as string, row.type as UnitType]));
        const next = from + slice.length;
        return {
          units: slice.filter((id) => known.has(id)).map((id) => ({ id, type: known.get(id)! })),
          unknownIds: slice.filter((id) => !known.has(id)),
          cursor: String(next),
          done: next >= ids.length,
        };
      }
      const prefix = await subtreePrefix(target.subtreeRootId);
      if (!prefix) return { units: [], unknownIds: [target.subtreeRootId], cursor, done: true };
      const result = await pool.query(
        // ~>~ / ~<~ compare bytewise, matching the text_pattern_ops index, so each page is one index range read.
        `SELECT id, type, path FROM units WHERE path LIKE $1 AND path ~>~ $2 ORDER BY path USING ~<~ LIMIT $3`,
        [likePrefix(prefix), cursor ?? '', limit],
      );
      const rows = result.rows;
      return {
        units: rows.map((row) => ({ id: row.id, type: row.type })),
        unknownIds: [],
        cursor: rows.length ? rows[rows.length - 1].path : cursor,
        done: rows.length < limit,
      };
    },

    /** Records that a unit's workflow belongs to the campaign; true the first time. */
    async recordStarted(campaignId: string, unitId: string, workflowId: string): Promise<boolean> {
      const result = await pool.query(
        'INSERT INTO campaign_units (campaign_id, unit_id, workflow_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [campaignId, unitId, workflowId],
      );
      return result.rowCount === 1;
    },

    async startedUnitsPage(campaignId: string, afterUnitId: string | null, limit: number): Promise<Array<{ unitId: string; workflowId: string }>> {
      const result = await pool.query(
        'SELECT unit_id, workflow_id FROM campaign_units WHERE campaign_id = $1 AND unit_id > $2 ORDER BY unit_id LIMIT $3',
        [campaignId, afterUnitId ?? '', limit],
      );
      return result.rows.map((row) => ({ unitId: row.unit_id, workflowId: row.workflow_id }));
    },

    /** Every unit the campaign was started for, sorted: the population of a spot check. */
    async startedUnitIds(campaignId: string): Promise<string[]> {
      const result = await pool.query('SELECT unit_id FROM campaign_units WHERE campaign_id = $1 ORDER BY unit_id', [campaignId]);
      return result.rows.map((row) => row.unit_id);
    },

    async isStarted(campaignId: string, unitId: string): Promise<boolean> {
      const result = await pool.query('SELECT 1 FROM campaign_units WHERE campaign_id = $1 AND unit_id = $2', [campaignId, unitId]);
      return result.rowCount === 1;
    },

    /** Per-phase and per-status counts from the read model, optionally within a subtree. */
    async phaseCounts(campaignId: string): Promise<Array<{ phaseId: string | null; status: string; units: number; overdueUnits: number }>> {
      const result = await pool.query(
        `SELECT phase_id, status, count(*)::int AS units, count(*) FILTER (WHERE overdue_count > 0)::int AS overdue_units
         FROM unit_campaign_state WHERE campaign_id = $1 GROUP BY phase_id, status ORDER BY phase_id NULLS FIRST, status`,
        [campaignId],
      );
      return result.rows.map((row) => ({ phaseId: row.phase_id, status: row.status, units: row.units, overdueUnits: row.overdue_units }));
    },

    async startedCount(campaignId: string): Promise<number> {
      const result = await pool.query('SELECT count(*)::int AS n FROM campaign_units WHERE campaign_id = $1', [campaignId]);
      return result.rows[0].n;
    },
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;

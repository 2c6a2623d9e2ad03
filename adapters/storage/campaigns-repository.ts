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

    ...readModelQueries(pool),
    ...rectificationItemQueries(pool),
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;

// ------------------------------------------------------------------ read-model queries (dashboards, duties)

/**
 * Which units a read covers: a whole campaign, one or more subtrees (given by
 * their root paths, '/root/branch/'), or one unit. A subtree is the bytewise
 * range [path, path with its final '/' raised to '0'): exactly the paths that
 * start with it, and one range of the text_pattern_ops indexes on
 * unit_campaign_state.unit_path.
 */
export type ReadScope = { kind: 'campaign' } | { kind: 'subtrees'; paths: string[] } | { kind: 'unit'; unitId: string };

/** The bytewise upper bound of a subtree's paths. */
export const subtreeUpperBound = (path: string) => `${path.slice(0, -1)}0`;

/** Drops roots inside another root, so that no unit is read twice. */
export function outermostPaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const kept: string[] = [];
  for (const path of sorted) if (!kept.some((outer) => path.startsWith(outer))) kept.push(path);
  return kept;
}

/** SQL conditions restricting `s` (unit_campaign_state) to the scope; appends their parameters. */
function scopeSql(scope: ReadScope, params: unknown[]): string {
  if (scope.kind === 'campaign') return 'TRUE';
  if (scope.kind === 'unit') {
    params.push(scope.unitId);
    return `s.unit_id = $${params.length}`;
  }
  const paths = outermostPaths(scope.paths);
  if (paths.length === 0) return 'FALSE';
  if (paths.length === 1) {
    params.push(paths[0], subtreeUpperBound(paths[0]));
    return `s.unit_path ~>=~ $${params.length - 1} AND s.unit_path ~<~ $${params.length}`;
  }
  params.push(paths, paths.map(subtreeUpperBound));
  return `EXISTS (SELECT 1 FROM unnest($${params.length - 1}::text[], $${params.length}::text[]) AS r(lo, hi) WHERE s.unit_path ~>=~ r.lo AND s.unit_path ~<~ r.hi)`;
}

/** A task as the read model keeps it. */
export interface ReadModelTask {
  taskId: string;
  status: string;
  dueDate: string | null;
  overdue: boolean;
  rung?: string | null;
  light?: string;
}

export interface AttentionRow {
  unitId: string;
  name: string;
  path: string;
  phaseId: string | null;
  status: string;
  rung: string | null;
  light: string;
  overdueCount: number;
  tasks: ReadModelTask[];
}

export interface LightRungCount {
  light: string;
  rung: string | null;
  units: number;
  overdueUnits: number;
}

export interface OwedReview {
  unitId: string;
  name: string;
  periodId: string;
  phaseId: string;
  start: string;
  end: string;
  dueDate: string;
}

export interface ReviewPeriodSpec {
  id: string;
  phaseId: string;
  /** Index of the period's phase in the plan: owed by units that have entered that phase. */
  phaseIndex: number;
  start: string;
  end: string;
  dueDate: string;
}

/** The ledger key suffix of a request and of its decision (see workflows/unit-campaign.ts). */
const REQUESTED_SUFFIX = '/requested';

function readModelQueries(pool: pg.Pool) {
  return {
    /** The root paths of the subtrees a supervisor is listed on. */
    async supervisedPaths(supervisorId: string): Promise<string[]> {
      const { rows } = await pool.query<{ path: string }>(
        'SELECT u.path FROM unit_supervisors s JOIN units u ON u.id = s.unit_id WHERE s.supervisor_id = $1',
        [supervisorId],
      );
      return outermostPaths(rows.map((row) => row.path));
    },

    /** Among `unitIds`, those that exist but are not supervised by `supervisorId` (listed on them or an ancestor). */
    async notSupervisedBy(unitIds: readonly string[], supervisorId: string): Promise<string[]> {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT u.id FROM units u
         WHERE u.id = ANY($1::text[])
           AND NOT EXISTS (SELECT 1 FROM unit_supervisors s
                           WHERE s.supervisor_id = $2 AND s.unit_id = ANY (string_to_array(trim(both '/' from u.path), '/')))
         ORDER BY u.id`,
        [[...new Set(unitIds)], supervisorId],
      );
      return rows.map((row) => row.id);
    },

    /** Among `unitIds`, those the campaign was not started for. */
    async notStarted(campaignId: string, unitIds: readonly string[]): Promise<string[]> {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT w.id FROM unnest($2::text[]) AS w(id)
         WHERE NOT EXISTS (SELECT 1 FROM campaign_units c WHERE c.campaign_id = $1 AND c.unit_id = w.id)
         ORDER BY w.id`,
        [campaignId, [...new Set(unitIds)]],
      );
      return rows.map((row) => row.id);
    },

    /** A supervision event already recorded in the ledger (its campaign-level row), if any. */
    /** A supervision event's ledger payload and who recorded it, if it was. */
    async supervisionRecorded(campaignId: string, eventId: string): Promise<{ actor: string; payload: Record<string, unknown> } | undefined> {
      const { rows } = await pool.query<{ actor: string; payload: Record<string, unknown> }>(
        'SELECT actor, payload FROM ledger WHERE idempotency_key = $1 AND campaign_id = $2',
        [`${campaignId}/campaign/supervision/${eventId}`, campaignId],
      );
      return rows[0];
    },

    /** The started units of a subtree (its root included), sorted by id. */
    async startedUnitIdsInSubtree(campaignId: string, rootPath: string): Promise<string[]> {
      const { rows } = await pool.query<{ unit_id: string }>(
        `SELECT c.unit_id FROM campaign_units c JOIN units u ON u.id = c.unit_id
         WHERE c.campaign_id = $1 AND u.path ~>=~ $2 AND u.path ~<~ $3
         ORDER BY c.unit_id`,
        [campaignId, rootPath, subtreeUpperBound(rootPath)],
      );
      return rows.map((row) => row.unit_id);
    },

    /**
     * A page of the units needing attention (a light other than green, or a
     * task overdue), in path order after `afterPath`: one range read of the
     * partial index unit_campaign_state_attention, whatever the campaign's size.
     */
    async attentionPage(query: {
      campaignId: string;
      scope: ReadScope;
      light?: string;
      rung?: string;
      afterPath?: string | null;
      limit: number;
    }): Promise<AttentionRow[]> {
      const params: unknown[] = [query.campaignId];
      const conditions = ['s.campaign_id = $1', "(s.light <> 'green' OR s.overdue_count > 0)", scopeSql(query.scope, params)];
      if (query.afterPath) {
        params.push(query.afterPath);
        conditions.push(`s.unit_path ~>~ $${params.length}`);
      }
      if (query.light) {
        params.push(query.light);
        conditions.push(`s.light = $${params.length}`);
      }
      if (query.rung) {
        params.push(query.rung);
        conditions.push(`s.rung = $${params.length}`);
      }
      params.push(query.limit);
      const { rows } = await pool.query(
        `SELECT s.unit_id, u.name, s.unit_path, s.phase_id, s.status, s.rung, s.light, s.overdue_count, s.tasks
         FROM unit_campaign_state s JOIN units u ON u.id = s.unit_id
         WHERE ${conditions.join(' AND ')}
         ORDER BY s.unit_path USING ~<~
         LIMIT $${params.length}`,
        params,
      );
      return rows.map((row) => ({
        unitId: row.unit_id,
        name: row.name,
        path: row.unit_path,
        phaseId: row.phase_id,
        status: row.status,
        rung: row.rung,
        light: row.light,
        overdueCount: row.overdue_count,
        tasks: row.tasks,
      }));
    },

    /** Units by light and rung over the scope (an index-only range scan of unit_campaign_state_subtree). */
    async lightRungCounts(campaignId: string, scope: ReadScope): Promise<LightRungCount[]> {
      if (scope.kind === 'campaign') {
        // Kept by a trigger on the read model (migration campaign-light-counts).
        const { rows } = await pool.query(
          "SELECT light, nullif(rung, '') AS rung, units, overdue_units FROM campaign_light_counts WHERE campaign_id = $1 AND units > 0",
          [campaignId],
        );
        return rows.map((row) => ({ light: row.light, rung: row.rung, units: row.units, overdueUnits: row.overdue_units }));
      }
      const params: unknown[] = [campaignId];
      const where = scopeSql(scope, params);
      const { rows } = await pool.query(
        `SELECT s.light, s.rung, count(*)::int AS units, count(*) FILTER (WHERE s.overdue_count > 0)::int AS overdue_units
         FROM unit_campaign_state s
         WHERE s.campaign_id = $1 AND ${where}
         GROUP BY s.light, s.rung`,
        params,
      );
      return rows.map((row) => ({ light: row.light, rung: row.rung, units: row.units, overdueUnits: row.overdue_units }));
    },

    /**
     * Units in the scope with something for an approver to act on: a task of
     * `approvableTaskIds` submitted (read model), or an extension request
     * (延期申請) without a decision (ledger: a `…/requested` row whose
     * `…/decided` row does not exist). At most `limit`, in path order.
     */
    async unitsAwaitingDecision(
      campaignId: string,
      scope: ReadScope,
      approvableTaskIds: string[],
      limit: number,
      options: { extensions?: boolean } = {},
    ): Promise<Array<{ unitId: string; name: string }>> {
      const params: unknown[] = [campaignId, approvableTaskIds, REQUESTED_SUFFIX.length, options.extensions ?? true];
      const where = scopeSql(scope, params);
      params.push(limit);
      const { rows } = await pool.query(
        `WITH pending_extensions AS (
           SELECT DISTINCT r.unit_id FROM ledger r
           WHERE $4::boolean AND r.campaign_id = $1 AND r.kind = 'extension.requested'
             AND NOT EXISTS (SELECT 1 FROM ledger d WHERE d.idempotency_key = left(r.idempotency_key, -$3::int) || '/decided')
         )
         SELECT s.unit_id, u.name
         FROM unit_campaign_state s JOIN units u ON u.id = s.unit_id
         WHERE s.campaign_id = $1 AND s.status <> 'completed' AND ${where}
           AND (EXISTS (SELECT 1 FROM jsonb_array_elements(s.tasks) t WHERE t->>'status' = 'submitted' AND t->>'taskId' = ANY($2::text[]))
                OR s.unit_id IN (SELECT unit_id FROM pending_extensions))
         ORDER BY s.unit_path USING ~<~
         LIMIT $${params.length}`,
        params,
      );
      return rows.map((row) => ({ unitId: row.unit_id, name: row.name }));
    },

    /**
     * Point reviews (點評) owed and not given, for running units in the scope:
     * each period of a phase the unit has entered, started by now, without a
     * `review.given` ledger row. Soonest due first; `total` counts them all.
     */
    async owedReviews(
      campaignId: string,
      scope: ReadScope,
      periods: ReviewPeriodSpec[],
      phaseIds: string[],
      limit: number,
    ): Promise<{ total: number; reviews: OwedReview[] }> {
      if (periods.length === 0) return { total: 0, reviews: [] };
      const params: unknown[] = [
        campaignId,
        periods.map((p) => p.id),
        periods.map((p) => p.phaseId),
        periods.map((p) => p.phaseIndex),
        periods.map((p) => p.start),
        periods.map((p) => p.end),
        periods.map((p) => p.dueDate),
        phaseIds,
      ];
      const where = scopeSql(scope, params);
      params.push(limit);
      const { rows } = await pool.query(
        `WITH periods AS (
           SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
             AS p(period_id, phase_id, phase_index, start_date, end_date, due_date)
         ), owed AS (
           SELECT s.unit_id, u.name, s.unit_path, p.period_id, p.phase_id, p.start_date, p.end_date, p.due_date
           FROM unit_campaign_state s
           JOIN units u ON u.id = s.unit_id
           JOIN periods p ON p.phase_index <= array_position($8::text[], s.phase_id) - 1
           WHERE s.campaign_id = $1 AND s.status = 'running' AND ${where}
             AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.idempotency_key = $1 || '/' || s.unit_id || '/review/' || p.period_id || '/given')
         )
         SELECT *, count(*) OVER ()::int AS total FROM owed
         ORDER BY due_date, unit_path USING ~<~
         LIMIT $${params.length}`,
        params,
      );
      return {
        total: rows[0]?.total ?? 0,
        reviews: rows.map((row) => ({
          unitId: row.unit_id,
          name: row.name,
          periodId: row.period_id,
          phaseId: row.phase_id,
          start: row.start_date,
          end: row.end_date,
          dueDate: row.due_date,
        })),
      };
    },
  };
}

// ------------------------------------------------------------------ rectification items (整改) opened through the API

export type RectificationItemStatus = 'open' | 'reported' | 'sent_back' | 'verified';

export interface RectificationItemRecord {
  campaignId: string;
  unitId: string;
  itemId: string;
  workflowId: string;
  source: string;
  description: string;
  dueDate: string;
  openedBy: string;
  openedAt: string;
  status: RectificationItemStatus;
  revision: number;
}

const toItem = (row: Record<string, any>): RectificationItemRecord => ({
  campaignId: row.campaign_id,
  unitId: row.unit_id,
  itemId: row.item_id,
  workflowId: row.workflow_id,
  source: row.source,
  description: row.description,
  dueDate: row.due_date,
  openedBy: row.opened_by,
  openedAt: row.opened_at.toISOString(),
  status: row.status,
  revision: row.revision,
});

/** Inserts an item's row inside the caller's transaction (the one that starts its workflow); false when it exists. */
export async function insertRectificationItem(
  client: Queryable,
  item: Omit<RectificationItemRecord, 'openedAt' | 'status' | 'revision'>,
): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO rectification_items (campaign_id, unit_id, item_id, workflow_id, source, description, due_date, opened_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING`,
    [item.campaignId, item.unitId, item.itemId, item.workflowId, item.source, item.description, item.dueDate, item.openedBy],
  );
  return result.rowCount === 1;
}

function rectificationItemQueries(pool: pg.Pool) {
  return {
    async getRectificationItem(campaignId: string, unitId: string, itemId: string): Promise<RectificationItemRecord | undefined> {
      const { rows } = await pool.query('SELECT * FROM rectification_items WHERE campaign_id = $1 AND unit_id = $2 AND item_id = $3', [campaignId, unitId, itemId]);
      return rows[0] && toItem(rows[0]);
    },

    /** Items not yet verified, a page at a time in key order: those a change of schedule concerns. */
    async outstandingRectificationsPage(
      campaignId: string,
      after: { unitId: string; itemId: string } | null,
      limit: number,
    ): Promise<Array<{ unitId: string; itemId: string; workflowId: string; openedAt: number }>> {
      const { rows } = await pool.query(
        `SELECT unit_id, item_id, workflow_id, opened_at FROM rectification_items
         WHERE campaign_id = $1 AND status <> 'verified' AND (unit_id, item_id) > ($2, $3)
         ORDER BY unit_id, item_id LIMIT $4`,
        [campaignId, after?.unitId ?? '', after?.itemId ?? '', limit],
      );
      return rows.map((row) => ({ unitId: row.unit_id, itemId: row.item_id, workflowId: row.workflow_id, openedAt: row.opened_at.getTime() }));
    },

    /** A unit's items, oldest first. */
    async listRectificationItems(campaignId: string, unitId: string): Promise<RectificationItemRecord[]> {
      const { rows } = await pool.query(
        'SELECT * FROM rectification_items WHERE campaign_id = $1 AND unit_id = $2 ORDER BY opened_at, item_id',
        [campaignId, unitId],
      );
      return rows.map(toItem);
    },

    /** Items not yet verified in the scope (joined to units by path), soonest due first. */
    async outstandingRectificationItems(campaignId: string, scope: ReadScope, limit: number): Promise<RectificationItemRecord[]> {
      const params: unknown[] = [campaignId];
      // The scope conditions name `s.unit_path`/`s.unit_id`: here `s` is the unit's row.
      const where = scopeSql(scope, params);
      params.push(limit);
      const { rows } = await pool.query(
        `SELECT r.* FROM rectification_items r
         JOIN (SELECT u.id AS unit_id, u.path AS unit_path FROM units u) s ON s.unit_id = r.unit_id
         WHERE r.campaign_id = $1 AND r.status <> 'verified' AND ${where}
         ORDER BY r.due_date, r.unit_id, r.item_id
         LIMIT $${params.length}`,
        params,
      );
      return rows.map(toItem);
    },

    /** Records the state a workflow reported; an older revision never overwrites a newer one. */
    async recordRectificationState(campaignId: string, unitId: string, itemId: string, status: RectificationItemStatus, revision: number): Promise<void> {
      await pool.query(
        `UPDATE rectification_items SET status = $4, revision = $5, updated_at = now()
         WHERE campaign_id = $1 AND unit_id = $2 AND item_id = $3 AND revision < $5`,
        [campaignId, unitId, itemId, status, revision],
      );
    },
  };
}

/**
 * The dashboard read model (table `unit_campaign_state`): one row per
 * (campaign, unit), written by the activities with the unit's ledger rows,
 * read by the progress, overdue and duties routes.
 */
import type { UnitStateSnapshot } from '../../domain/campaign-types';
import { scopeSql, type ReadScope } from './read-scope';
import type { Queryable } from './transaction';

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
  /** 第一責任人's name: the one named for the campaign, else the secretary's. */
  firstResponsible: string | null;
}

export interface LightRungCount {
  light: string;
  rung: string | null;
  units: number;
  overdueUnits: number;
}

/** The board's population filters (分類指導 by unit type, and by phase): they narrow the list and its counts alike. */
export interface BoardFilters {
  unitType?: string;
  phaseId?: string;
}

/** SQL conditions for the filters on `s` (read model) and `u` (units); appends their parameters. */
function boardFilterSql(filters: BoardFilters, params: unknown[]): string[] {
  const conditions: string[] = [];
  if (filters.unitType) {
    params.push(filters.unitType);
    conditions.push(`u.type = $${params.length}`);
  }
  if (filters.phaseId) {
    params.push(filters.phaseId);
    conditions.push(`s.phase_id = $${params.length}`);
  }
  return conditions;
}

export interface AttentionQuery {
  campaignId: string;
  scope: ReadScope;
  light?: string;
  rung?: string;
  unitType?: string;
  phaseId?: string;
  afterPath?: string | null;
  limit: number;
}

/** The SELECT of a page of units needing attention; appends its parameters. */
function attentionSql(query: AttentionQuery, params: unknown[]): string {
  params.push(query.campaignId);
  const conditions = [`s.campaign_id = $${params.length}`, "(s.light <> 'green' OR s.overdue_count > 0)", scopeSql(query.scope, params), ...boardFilterSql(query, params)];
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
  return `SELECT s.unit_id, u.name, s.unit_path, s.phase_id, s.status, s.rung, s.light, s.overdue_count, s.tasks,
                coalesce(f.person->>'name', u.secretary->>'name') AS first_responsible
         FROM unit_campaign_state s JOIN units u ON u.id = s.unit_id
         LEFT JOIN first_responsible_persons f ON f.campaign_id = s.campaign_id AND f.unit_id = s.unit_id
         WHERE ${conditions.join(' AND ')}
         ORDER BY s.unit_path USING ~<~
         LIMIT $${params.length}`;
}

/** The SELECT of the units by light and rung over a scope (light, rung, units, overdue_units); appends its parameters. */
function lightRungCountsSql(campaignId: string, scope: ReadScope, filters: BoardFilters, params: unknown[]): string {
  params.push(campaignId);
  const campaign = `$${params.length}`;
  if (scope.kind === 'campaign' && !filters.unitType && !filters.phaseId) {
    // Kept by a trigger on the read model (migration campaign-light-counts): a handful of rows, whatever the size.
    return `SELECT light, nullif(rung, '') AS rung, units, overdue_units FROM campaign_light_counts WHERE campaign_id = ${campaign} AND units > 0`;
  }
  const where = [scopeSql(scope, params), ...boardFilterSql(filters, params)].join(' AND ');
  return `SELECT s.light, s.rung, count(*)::int AS units, count(*) FILTER (WHERE s.overdue_count > 0)::int AS overdue_units
         FROM unit_campaign_state s${filters.unitType ? ' JOIN units u ON u.id = s.unit_id' : ''}
         WHERE s.campaign_id = ${campaign} AND ${where}
         GROUP BY s.light, s.rung`;
}

/** A row of attentionSql as pg returns it. */
interface AttentionSqlRow {
  unit_id: string;
  name: string;
  unit_path: string;
  phase_id: string | null;
  status: string;
  rung: string | null;
  light: string;
  overdue_count: number;
  tasks: ReadModelTask[];
  first_responsible: string | null;
}
/** A row of lightRungCountsSql as pg returns it. */
interface CountSqlRow {
  light: string;
  rung: string | null;
  units: number;
  overdue_units: number;
}

const attentionRowOf = (row: AttentionSqlRow): AttentionRow => ({
  unitId: row.unit_id,
  name: row.name,
  path: row.unit_path,
  phaseId: row.phase_id,
  status: row.status,
  rung: row.rung,
  light: row.light,
  overdueCount: row.overdue_count,
  tasks: row.tasks,
  firstResponsible: row.first_responsible ?? null,
});

const countOf = (row: CountSqlRow): LightRungCount => ({ light: row.light, rung: row.rung, units: row.units, overdueUnits: row.overdue_units });

/**
 * A prepared statement's name per distinct text: the texts differ only by scope
 * kind, number of subtrees and filters given, so there are few of them.
 */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `board-${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

export function createReadModelRepository(db: Queryable) {
  return {
    /** Keeps a newer snapshot only: a late retry of an older one changes nothing. */
    async upsertUnitState(s: UnitStateSnapshot): Promise<void> {
      await db.query(
        `INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         ON CONFLICT (campaign_id, unit_id) DO UPDATE
           SET phase_id = EXCLUDED.phase_id, status = EXCLUDED.status, tasks = EXCLUDED.tasks,
               overdue_count = EXCLUDED.overdue_count, rung = EXCLUDED.rung, light = EXCLUDED.light,
               version = EXCLUDED.version, updated_at = now()
           WHERE unit_campaign_state.version < EXCLUDED.version`,
        [s.campaignId, s.unitId, s.phaseId, s.status, JSON.stringify(s.tasks), s.overdueCount, s.rung ?? null, s.light ?? 'green', s.version],
      );
    },

    /** Per-phase and per-status counts, over the whole campaign or a scope. */
    async phaseCounts(
      campaignId: string,
      scope: ReadScope = { kind: 'campaign' },
    ): Promise<Array<{ phaseId: string | null; status: string; units: number; overdueUnits: number }>> {
      const params: unknown[] = [campaignId];
      const where = scopeSql(scope, params);
      const result = await db.query(
        `SELECT s.phase_id, s.status, count(*)::int AS units, count(*) FILTER (WHERE s.overdue_count > 0)::int AS overdue_units
         FROM unit_campaign_state s WHERE s.campaign_id = $1 AND ${where}
         GROUP BY s.phase_id, s.status ORDER BY s.phase_id NULLS FIRST, s.status`,
        params,
      );
      return result.rows.map((row) => ({ phaseId: row.phase_id, status: row.status, units: row.units, overdueUnits: row.overdue_units }));
    },

    /**
     * A page of the units needing attention (a light other than green, or a
     * task overdue), in path order after `afterPath`: one range read of the
     * partial index unit_campaign_state_attention, whatever the campaign's size.
     */
    async attentionPage(query: AttentionQuery): Promise<AttentionRow[]> {
      const params: unknown[] = [];
      const { rows } = await db.query<AttentionSqlRow>(attentionSql(query, params), params);
      return rows.map(attentionRowOf);
    },

    /** Units by light and rung over the scope (an index-only range scan of unit_campaign_state_subtree). */
    async lightRungCounts(campaignId: string, scope: ReadScope, filters: BoardFilters = {}): Promise<LightRungCount[]> {
      const params: unknown[] = [];
      const { rows } = await db.query<CountSqlRow>(lightRungCountsSql(campaignId, scope, filters, params), params);
      return rows.map(countOf);
    },

    /**
     * The board's page and its counts in one statement: one pool checkout and
     * one round trip instead of two in parallel (on a small machine the second
     * backend waits for a core: docs/scaling.md). Prepared once per connection
     * (named by its text), so a polled board is not parsed and planned again.
     */
    async boardPage(query: AttentionQuery & BoardFilters): Promise<{ rows: AttentionRow[]; counts: LightRungCount[] }> {
      const params: unknown[] = [];
      const page = attentionSql(query, params);
      const counts = lightRungCountsSql(query.campaignId, query.scope, query, params);
      // Part 0 is the page, part 1 the counts; the outer ORDER BY keeps the page in path order (a UNION promises no order).
      const text = `SELECT 0 AS part, p.unit_id, p.name, p.unit_path, p.phase_id, p.status, p.rung, p.light, p.overdue_count, p.tasks, p.first_responsible,
                NULL::int AS units, NULL::int AS overdue_units
         FROM (${page}) p
         UNION ALL
         SELECT 1, NULL, NULL, NULL, NULL, NULL, c.rung, c.light, NULL, NULL, NULL, c.units, c.overdue_units FROM (${counts}) c
         ORDER BY part, unit_path USING ~<~`;
      const { rows } = await db.query<({ part: 0 } & AttentionSqlRow) | ({ part: 1 } & CountSqlRow)>({ name: statementName(text), text, values: params });
      const out = { rows: [] as AttentionRow[], counts: [] as LightRungCount[] };
      for (const row of rows) {
        if (row.part === 0) out.rows.push(attentionRowOf(row));
        else out.counts.push(countOf(row));
      }
      return out;
    },

    /** One page of the running units' tasks, in unit id order: what an impact preview (dryRun) folds changes into. */
    async unitTasksPage(campaignId: string, afterUnitId: string | null, limit: number): Promise<Array<{ unitId: string; tasks: ReadModelTask[] }>> {
      const { rows } = await db.query(
        `SELECT unit_id, tasks FROM unit_campaign_state WHERE campaign_id = $1 AND unit_id > $2 ORDER BY unit_id LIMIT $3`,
        [campaignId, afterUnitId ?? '', limit],
      );
      return rows.map((row) => ({ unitId: row.unit_id, tasks: row.tasks ?? [] }));
    },
  };
}

export type ReadModelRepository = ReturnType<typeof createReadModelRepository>;

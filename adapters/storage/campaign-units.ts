/**
 * Which units a campaign is started for (table `campaign_units`, written by
 * the fan-out) and the pages of the unit tree a start request walks.
 */
import type { StartTarget } from '../../domain/campaign-types';
import type { UnitType } from '../../domain/labels';
import { scopeSql, subtreeUpperBound, type ReadScope } from './read-scope';
import type { Queryable } from './transaction';
import { likePrefix } from './units-repository';

export interface StartPage {
  units: Array<{ id: string; type: UnitType }>;
  /** Ids named in a list that are not in the unit tree. */
  unknownIds: string[];
  cursor: string | null;
  done: boolean;
}

export function createCampaignUnitsRepository(db: Queryable) {
  const subtreePrefix = async (rootId: string): Promise<string | undefined> => {
    const root = await db.query('SELECT path FROM units WHERE id = $1', [rootId]);
    return root.rows[0]?.path;
  };

  /** A whole start batch in one statement (one round trip, not one per unit); returns how many rows are new. */
  async function recordStartedMany(campaignId: string, units: ReadonlyArray<{ unitId: string; workflowId: string }>): Promise<number> {
    if (units.length === 0) return 0;
    const result = await db.query(
      `INSERT INTO campaign_units (campaign_id, unit_id, workflow_id)
       SELECT $1, u.unit_id, u.workflow_id FROM unnest($2::text[], $3::text[]) AS u(unit_id, workflow_id)
       ON CONFLICT DO NOTHING`,
      [campaignId, units.map((u) => u.unitId), units.map((u) => u.workflowId)],
    );
    return result.rowCount ?? 0;
  }

  /**
   * A start request's batch, recorded in one statement; returns the units whose row this request
   * wrote, in this attempt or an earlier one of the same batch (a unit recorded by another request,
   * or before the column existed, is not among them).
   */
  async function recordBatchOfRequest(campaignId: string, requestId: string, units: ReadonlyArray<{ unitId: string; workflowId: string }>): Promise<Set<string>> {
    if (units.length === 0) return new Set();
    // DO UPDATE (a no-op) rather than DO NOTHING: a conflicting row is returned too, after waiting for an
    // overlapping attempt's insert to commit, so both attempts of a batch see every row this request wrote.
    const result = await db.query<{ unit_id: string }>(
      `WITH recorded AS (
         INSERT INTO campaign_units (campaign_id, unit_id, workflow_id, start_request_id)
         SELECT $1, u.unit_id, u.workflow_id, $4 FROM unnest($2::text[], $3::text[]) AS u(unit_id, workflow_id)
         ON CONFLICT (campaign_id, unit_id) DO UPDATE SET start_request_id = campaign_units.start_request_id
         RETURNING unit_id, start_request_id)
       SELECT unit_id FROM recorded WHERE start_request_id = $4`,
      [campaignId, units.map((u) => u.unitId), units.map((u) => u.workflowId), requestId],
    );
    return new Set(result.rows.map((row) => row.unit_id));
  }

  return {
    async countTarget(target: StartTarget): Promise<number> {
      if ('unitIds' in target) return new Set(target.unitIds).size;
      const prefix = await subtreePrefix(target.subtreeRootId);
      if (!prefix) return 0;
      const result = await db.query('SELECT count(*)::int AS n FROM units WHERE path LIKE $1', [likePrefix(prefix)]);
      return result.rows[0].n;
    },

    /** The next page of units to start, keyset-paginated (list position, or path within a subtree). */
    async nextStartPage(target: StartTarget, cursor: string | null, limit: number): Promise<StartPage> {
      if ('unitIds' in target) {
        const ids = [...new Set(target.unitIds)];
        const from = cursor === null ? 0 : Number(cursor);
        const slice = ids.slice(from, from + limit);
        const found = await db.query('SELECT id, type FROM units WHERE id = ANY($1)', [slice]);
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
      const result = await db.query(
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
      return (await recordStartedMany(campaignId, [{ unitId, workflowId }])) === 1;
    },

    recordStartedMany,

    recordBatchOfRequest,

    async startedUnitsPage(campaignId: string, afterUnitId: string | null, limit: number): Promise<Array<{ unitId: string; workflowId: string }>> {
      const result = await db.query(
        'SELECT unit_id, workflow_id FROM campaign_units WHERE campaign_id = $1 AND unit_id > $2 ORDER BY unit_id LIMIT $3',
        [campaignId, afterUnitId ?? '', limit],
      );
      return result.rows.map((row) => ({ unitId: row.unit_id, workflowId: row.workflow_id }));
    },

    /** Every unit the campaign was started for, sorted: the population of a spot check. */
    async startedUnitIds(campaignId: string): Promise<string[]> {
      const result = await db.query('SELECT unit_id FROM campaign_units WHERE campaign_id = $1 ORDER BY unit_id', [campaignId]);
      return result.rows.map((row) => row.unit_id);
    },

    /** The started units of a subtree (its root included), sorted by id. */
    async startedUnitIdsInSubtree(campaignId: string, rootPath: string): Promise<string[]> {
      const { rows } = await db.query<{ unit_id: string }>(
        `SELECT c.unit_id FROM campaign_units c JOIN units u ON u.id = c.unit_id
         WHERE c.campaign_id = $1 AND u.path ~>=~ $2 AND u.path ~<~ $3
         ORDER BY c.unit_id`,
        [campaignId, rootPath, subtreeUpperBound(rootPath)],
      );
      return rows.map((row) => row.unit_id);
    },

    async isStarted(campaignId: string, unitId: string): Promise<boolean> {
      const result = await db.query('SELECT 1 FROM campaign_units WHERE campaign_id = $1 AND unit_id = $2', [campaignId, unitId]);
      return result.rowCount === 1;
    },

    /** Among `unitIds`, those the campaign was not started for. */
    async notStarted(campaignId: string, unitIds: readonly string[]): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT w.id FROM unnest($2::text[]) AS w(id)
         WHERE NOT EXISTS (SELECT 1 FROM campaign_units c WHERE c.campaign_id = $1 AND c.unit_id = w.id)
         ORDER BY w.id`,
        [campaignId, [...new Set(unitIds)]],
      );
      return rows.map((row) => row.id);
    },

    /** Units the campaign was started for, over the whole campaign or a scope. */
    async startedCount(campaignId: string, scope: ReadScope = { kind: 'campaign' }): Promise<number> {
      if (scope.kind === 'campaign') {
        const result = await db.query('SELECT count(*)::int AS n FROM campaign_units WHERE campaign_id = $1', [campaignId]);
        return result.rows[0].n;
      }
      const params: unknown[] = [campaignId];
      const where = scopeSql(scope, params, { path: 'u.path', unitId: 'u.id' });
      const result = await db.query(
        `SELECT count(*)::int AS n FROM campaign_units c JOIN units u ON u.id = c.unit_id WHERE c.campaign_id = $1 AND ${where}`,
        params,
      );
      return result.rows[0].n;
    },
  };
}

export type CampaignUnitsRepository = ReturnType<typeof createCampaignUnitsRepository>;

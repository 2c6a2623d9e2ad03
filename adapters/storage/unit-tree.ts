/**
 * The unit-tree browser's reads: one parent's children (or the caller's top
 * units) a page at a time by id (keyset on the index units_parent_id_keyset),
 * each with the campaign's read-model row and the lights of its subtree.
 */
import type { Queryable } from './transaction';

export interface TreeNode {
  id: string;
  parentId: string | null;
  name: string;
  type: string;
  path: string;
  hasChildren: boolean;
  /** The unit's own row in the campaign's read model; null when it was not started. */
  state: { phaseId: string | null; status: string; rung: string | null; light: string; overdueCount: number } | null;
  /** Units of its subtree (itself included) in the campaign, by light. */
  subtree: { units: number; green: number; yellow: number; red: number };
}

/** Which units a page lists: one parent's children, or the units at these paths (the caller's tops). */
export type TreeLevel = { kind: 'children'; parentId: string } | { kind: 'roots' } | { kind: 'paths'; paths: string[] };

export function createUnitTreeQueries(db: Queryable) {
  return {
    async page(campaignId: string, level: TreeLevel, afterUnitId: string | null, limit: number): Promise<TreeNode[]> {
      const params: unknown[] = [campaignId, afterUnitId ?? '', limit];
      let where: string;
      if (level.kind === 'children') {
        params.push(level.parentId);
        where = `u.parent_id = $${params.length}`;
      } else if (level.kind === 'roots') {
        where = 'u.parent_id IS NULL';
      } else {
        params.push(level.paths);
        where = `u.path = ANY($${params.length}::text[])`;
      }
      const { rows } = await db.query(
        `SELECT u.id, u.parent_id, u.name, u.type, u.path,
                EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id) AS has_children,
                s.phase_id, s.status, s.rung, s.light, s.overdue_count, s.unit_id AS state_unit,
                counts.units, counts.green, counts.yellow, counts.red
         FROM units u
         LEFT JOIN unit_campaign_state s ON s.campaign_id = $1 AND s.unit_id = u.id
         -- A subtree is the bytewise range [path, path with its final '/' raised to '0') (read-scope.ts).
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS units,
                  count(*) FILTER (WHERE t.light = 'green')::int AS green,
                  count(*) FILTER (WHERE t.light = 'yellow')::int AS yellow,
                  count(*) FILTER (WHERE t.light = 'red')::int AS red
           FROM unit_campaign_state t
           WHERE t.campaign_id = $1 AND t.unit_path ~>=~ u.path AND t.unit_path ~<~ (left(u.path, -1) || '0')
         ) counts
         WHERE ${where} AND u.id > $2
         ORDER BY u.id
         LIMIT $3`,
        params,
      );
      return rows.map((row) => ({
        id: row.id,
        parentId: row.parent_id,
        name: row.name,
        type: row.type,
        path: row.path,
        hasChildren: row.has_children,
        state: row.state_unit
          ? { phaseId: row.phase_id, status: row.status, rung: row.rung, light: row.light, overdueCount: row.overdue_count }
          : null,
        subtree: { units: row.units, green: row.green, yellow: row.yellow, red: row.red },
      }));
    },
  };
}

export type UnitTreeQueries = ReturnType<typeof createUnitTreeQueries>;

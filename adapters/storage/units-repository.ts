/**
 * The unit tree in PostgreSQL (tables `units` and `unit_supervisors`).
 *
 * Subtrees are read through the materialised path: `path LIKE '/root/branch/%'`
 * with a literal prefix (a query parameter, planned with its value) is a range
 * scan of the `units_path_prefix` index (text_pattern_ops). Pages are ordered
 * with the same index's operator (`ORDER BY path USING ~<~`) and continue after
 * the last path (`path ~>~ $after`), so a page is an index range read whatever
 * the database collation is, with no sort and no OFFSET.
 */
import type pg from 'pg';
import {
  MAX_UNIT_DEPTH,
  rebasePath,
  type Secretary,
  type TreeUnit,
  type UnitTree,
} from '../../domain/units';
import type { UnitType } from '../../domain/labels';
import { InvalidInputError, type InputProblem } from '../../domain/validation';
import { withTransaction } from './transaction';

export interface UnitRecord {
  id: string;
  parentId: string | null;
  name: string;
  type: UnitType;
  secretary: Secretary;
  path: string;
  depth: number;
  /** Supervisors listed on this unit itself (not those inherited from ancestors). */
  supervisors: string[];
  /** Tags for themes across unit types (分類指導). */
  tags: string[];
}

export interface SubtreePage {
  units: UnitRecord[];
  /** Pass as `afterId` for the next page; null on the last page. */
  nextAfterId: string | null;
}

export interface ImportResult {
  units: number;
  supervisors: number;
}

export interface UnitsRepository {
  /** All-or-nothing: any problem (an id that exists, an unknown parent…) rejects with InvalidInputError and writes nothing. */
  importTree(tree: UnitTree): Promise<ImportResult>;
  get(id: string): Promise<UnitRecord | null>;
  /** The unit and everything under it, in path order; null when the root does not exist. */
  listSubtree(rootId: string, page: { afterId?: string; limit: number }): Promise<SubtreePage | null>;
  /** Units in the subtree, the root included; null when the root does not exist. */
  countSubtree(rootId: string): Promise<number | null>;
  /** The units that exist among `ids`, in the order asked. */
  listByIds(ids: readonly string[]): Promise<UnitRecord[]>;
  /** Whether the supervisor is listed on the unit or on any of its ancestors. False for an unknown unit. */
  isSupervisedBy(unitId: string, supervisorId: string): Promise<boolean>;
  /** Supervisor ids over the unit's ancestor chain, nearest first (each once, at its nearest level). */
  supervisorsOf(unitId: string): Promise<string[]>;
}

export const MAX_PAGE_SIZE = 10_000;
const INSERT_BATCH = 5_000;
/** Serialises imports, so that the existence checks hold until commit. */
const IMPORT_LOCK_KEY = 0x756e6974; // 'unit'

const UNIT_COLUMNS = `u.id, u.parent_id, u.name, u.type, u.secretary, u.path, u.depth, u.tags,
  ARRAY(SELECT s.supervisor_id FROM unit_supervisors s WHERE s.unit_id = u.id ORDER BY s.supervisor_id) AS supervisors`;

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  type: UnitType;
  secretary: Secretary;
  path: string;
  depth: number;
  supervisors: string[];
  tags: string[];
}

const toRecord = (row: UnitRow): UnitRecord => ({
  id: row.id,
  parentId: row.parent_id,
  name: row.name,
  type: row.type,
  secretary: row.secretary,
  path: row.path,
  depth: row.depth,
  supervisors: row.supervisors,
  tags: row.tags,
});

/** Escapes LIKE's wildcards so that a path is matched literally as a prefix. */
export function likePrefix(path: string): string {
  return path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export function createUnitsRepository(pool: pg.Pool): UnitsRepository {
  async function pathOf(id: string): Promise<string | null> {
    const { rows } = await pool.query<{ path: string }>('SELECT path FROM units WHERE id = $1', [id]);
    return rows[0]?.path ?? null;
  }

  return {
    async importTree(tree) {
      const units = tree.units;
      try {
        return await withTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);

          const problems: (InputProblem & { row: number })[] = [];
          const ids = units.map((u) => u.id);
          const existing = await client.query<{ id: string }>('SELECT id FROM units WHERE id = ANY($1::text[])', [ids]);
          if (existing.rows.length) {
            const taken = new Set(existing.rows.map((r) => r.id));
            for (const unit of units) {
              if (!taken.has(unit.id)) continue;
              problems.push({
                row: unit.source.row,
                path: `rows.${unit.source.row}.id`,
                message: `unit "${unit.id}" (${unit.source.label}) already exists`,
              });
            }
          }

          // Units under a parent outside the file: it must exist; the path continues from its path.
          const anchors = new Map<string, { path: string; depth: number }>();
          if (tree.externalParentIds.length) {
            const found = await client.query<{ id: string; path: string; depth: number }>(
              'SELECT id, path, depth FROM units WHERE id = ANY($1::text[])',
              [tree.externalParentIds],
            );
            for (const row of found.rows) anchors.set(row.id, { path: row.path, depth: row.depth });
          }
          const topIsExternal = new Map<string, { path: string; depth: number; parentId: string }>();
          for (const unit of units) {
            if (unit.depth !== 0 || unit.parentId === null) continue;
            const anchor = anchors.get(unit.parentId);
            if (!anchor) {
              problems.push({
                row: unit.source.row,
                path: `rows.${unit.source.row}.parentId`,
                message: `unit "${unit.id}" (${unit.source.label}): the parent "${unit.parentId}" is neither in the file nor an existing unit`,
              });
              continue;
            }
            topIsExternal.set(unit.id, { ...anchor, parentId: unit.parentId });
          }

          const placed: { unit: TreeUnit; path: string; depth: number }[] = new Array(units.length);
          for (let k = 0; k < units.length; k++) {
            const unit = units[k];
            const top = topIsExternal.size ? unit.path.slice(1, unit.path.indexOf('/', 1)) : undefined;
            const anchor = top === undefined ? undefined : topIsExternal.get(top);
            const depth = anchor ? anchor.depth + 1 + unit.depth : unit.depth;
            placed[k] = { unit, path: anchor ? rebasePath(unit.path, anchor.path) : unit.path, depth };
            if (depth === MAX_UNIT_DEPTH + 1) {
              problems.push({
                row: unit.source.row,
                path: `rows.${unit.source.row}.parentId`,
                message: `unit "${unit.id}" (${unit.source.label}) would be ${depth + 1} levels deep under the existing unit "${anchor?.parentId}"; a tree may have at most ${MAX_UNIT_DEPTH + 1} levels`,
              });
            }
          }

          if (problems.length) {
            problems.sort((a, b) => a.row - b.row);
            throw new InvalidInputError(
              'unit import',
              problems.map(({ path, message }) => ({ path, message })),
            );
          }

          let supervisorCount = 0;
          for (let start = 0; start < placed.length; start += INSERT_BATCH) {
            const batch = placed.slice(start, start + INSERT_BATCH);
            await client.query(
              `INSERT INTO units (id, parent_id, name, type, secretary, path, depth, tags)
               SELECT id, parent_id, name, type, secretary::jsonb, path, depth, ARRAY(SELECT jsonb_array_elements_text(tags::jsonb))
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[])
                 AS t(id, parent_id, name, type, secretary, path, depth, tags)`,
              [
                batch.map((p) => p.unit.id),
                batch.map((p) => p.unit.parentId),
                batch.map((p) => p.unit.name),
                batch.map((p) => p.unit.type),
                batch.map((p) => JSON.stringify(p.unit.secretary)),
                batch.map((p) => p.path),
                batch.map((p) => p.depth),
                batch.map((p) => JSON.stringify(p.unit.tags)),
              ],
            );
            const unitIds: string[] = [];
            const supervisorIds: string[] = [];
            for (const { unit } of batch) {
              for (const supervisor of unit.supervisors) {
                unitIds.push(unit.id);
                supervisorIds.push(supervisor);
              }
            }
            if (unitIds.length) {
              await client.query(
                `INSERT INTO unit_supervisors (unit_id, supervisor_id)
                 SELECT * FROM unnest($1::text[], $2::text[])`,
                [unitIds, supervisorIds],
              );
              supervisorCount += unitIds.length;
            }
          }
          return { units: placed.length, supervisors: supervisorCount };
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          // Only reachable if something bypassed the import lock; still nothing was written.
          throw new InvalidInputError('unit import', [
            { path: '(import)', message: `a unit of the file already exists: ${(error as Error).message}` },
          ]);
        }
        throw error;
      }
    },

    async get(id) {
      const { rows } = await pool.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM units u WHERE u.id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async listSubtree(rootId, { afterId, limit }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
        throw new InvalidInputError('subtree page', [
          { path: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` },
        ]);
      }
      const wanted = afterId === undefined ? [rootId] : [rootId, afterId];
      const known = await pool.query<{ id: string; path: string }>(
        'SELECT id, path FROM units WHERE id = ANY($1::text[])',
        [wanted],
      );
      const rootPath = known.rows.find((r) => r.id === rootId)?.path;
      if (rootPath === undefined) return null;
      let afterPath: string | undefined;
      if (afterId !== undefined) {
        afterPath = known.rows.find((r) => r.id === afterId)?.path;
        if (afterPath === undefined || !afterPath.startsWith(rootPath)) {
          throw new InvalidInputError('subtree page', [
            { path: 'afterId', message: `"${afterId}" is not a unit in the subtree of "${rootId}"` },
          ]);
        }
      }
      const { rows } = await pool.query<UnitRow>(
        afterPath === undefined
          ? `SELECT ${UNIT_COLUMNS} FROM units u
             WHERE u.path LIKE $1 ORDER BY u.path USING ~<~ LIMIT $2`
          : `SELECT ${UNIT_COLUMNS} FROM units u
             WHERE u.path LIKE $1 AND u.path ~>~ $3 ORDER BY u.path USING ~<~ LIMIT $2`,
        afterPath === undefined ? [likePrefix(rootPath), limit + 1] : [likePrefix(rootPath), limit + 1, afterPath],
      );
      const more = rows.length > limit;
      const units = (more ? rows.slice(0, limit) : rows).map(toRecord);
      return { units, nextAfterId: more ? units[units.length - 1].id : null };
    },

    async countSubtree(rootId) {
      const rootPath = await pathOf(rootId);
      if (rootPath === null) return null;
      const { rows } = await pool.query<{ count: string }>('SELECT count(*) AS count FROM units WHERE path LIKE $1', [
        likePrefix(rootPath),
      ]);
      return Number(rows[0].count);
    },

    async listByIds(ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<UnitRow>(
        `SELECT ${UNIT_COLUMNS}
         FROM unnest($1::text[]) WITH ORDINALITY AS wanted(id, ord)
         JOIN units u ON u.id = wanted.id
         ORDER BY wanted.ord`,
        [[...new Set(ids)]],
      );
      return rows.map(toRecord);
    },

    async isSupervisedBy(unitId, supervisorId) {
      // The ancestors are the ids along the unit's path: no walk up the tree.
      const { rows } = await pool.query<{ supervised: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM units u
           JOIN unit_supervisors s ON s.unit_id = ANY (string_to_array(trim(both '/' from u.path), '/'))
           WHERE u.id = $1 AND s.supervisor_id = $2
         ) AS supervised`,
        [unitId, supervisorId],
      );
      return rows[0].supervised;
    },

    async supervisorsOf(unitId) {
      const { rows } = await pool.query<{ supervisor_id: string }>(
        `SELECT s.supervisor_id
         FROM units u
         CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) WITH ORDINALITY AS chain(unit_id, level)
         JOIN unit_supervisors s ON s.unit_id = chain.unit_id
         WHERE u.id = $1
         GROUP BY s.supervisor_id
         ORDER BY max(chain.level) DESC, s.supervisor_id`,
        [unitId],
      );
      return rows.map((r) => r.supervisor_id);
    },
  };
}

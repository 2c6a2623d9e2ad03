/** Who supervises which subtrees (table `unit_supervisors`): the scope of a supervisor's reads and actions. */
import { outermostPaths } from './read-scope';
import type { Queryable } from './transaction';

export function createSupervisorsRepository(db: Queryable) {
  return {
    /** The root paths of the subtrees a supervisor is listed on. */
    async supervisedPaths(supervisorId: string): Promise<string[]> {
      const { rows } = await db.query<{ path: string }>(
        'SELECT u.path FROM unit_supervisors s JOIN units u ON u.id = s.unit_id WHERE s.supervisor_id = $1',
        [supervisorId],
      );
      return outermostPaths(rows.map((row) => row.path));
    },

    /** Among `unitIds`, those that exist but are not supervised by `supervisorId` (listed on them or an ancestor). */
    async notSupervisedBy(unitIds: readonly string[], supervisorId: string): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT u.id FROM units u
         WHERE u.id = ANY($1::text[])
           AND NOT EXISTS (SELECT 1 FROM unit_supervisors s
                           WHERE s.supervisor_id = $2 AND s.unit_id = ANY (string_to_array(trim(both '/' from u.path), '/')))
         ORDER BY u.id`,
        [[...new Set(unitIds)], supervisorId],
      );
      return rows.map((row) => row.id);
    },
  };
}

export type SupervisorsRepository = ReturnType<typeof createSupervisorsRepository>;

/**
 * Members (黨員) in PostgreSQL (table `members`). Imports are all or nothing:
 * an id that exists or an unknown unit is named with its row and nothing is
 * written. Other modules look members up through `findInUnit` / `memberById`.
 */
import type pg from 'pg';
import type { MemberRole } from '../../domain/labels';
import { sortedProblems, type Member, type MemberFile, type ParsedMember } from '../../domain/members';
import { InvalidInputError, type InputProblem } from '../../domain/validation';
import { withTransaction, type Queryable } from './transaction';
import { likePrefix } from './units-repository';

export interface MemberCounts {
  /** Members whose campaign the units of the subtree run. */
  members: number;
  /** Units of the subtree with at least one member. */
  unitsWithMembers: number;
}

export interface MembersRepository {
  /** All or nothing; rejects with InvalidInputError naming each row (an id that exists, an unknown unit). */
  importMembers(file: MemberFile): Promise<{ members: number }>;
  /** What only the database knows is wrong with these rows (ids that exist, unknown units), each with its row. */
  problemsOf(members: readonly ParsedMember[]): Promise<Array<InputProblem & { row: number }>>;
  memberById(id: string): Promise<Member | null>;
  /** The members among `memberIds` that the unit runs (its own, floating inflow included), in the order asked. */
  findInUnit(unitId: string, memberIds: readonly string[]): Promise<Member[]>;
  /** The unit's own members and the floating members who flowed out of it, by id. */
  listForUnit(unitId: string): Promise<Array<Member & { relation: 'own' | 'outflow' }>>;
  /** The members of every unit in the subtree whose path is `path` (run by those units). */
  listInSubtree(path: string): Promise<Member[]>;
}

interface MemberRow {
  id: string;
  unit_id: string;
  name: string;
  role: MemberRole;
  floating: boolean;
  outflow_unit_id: string | null;
}

const COLUMNS = 'm.id, m.unit_id, m.name, m.role, m.floating, m.outflow_unit_id';
const toMember = (row: MemberRow): Member => ({
  id: row.id,
  unitId: row.unit_id,
  name: row.name,
  role: row.role,
  floating: row.floating,
  outflowUnitId: row.outflow_unit_id,
});
const INSERT_BATCH = 5_000;
/** Serialises member imports, so that the existence checks hold until commit. */
const IMPORT_LOCK_KEY = 0x6d656d62; // 'memb'

async function problemsIn(client: Queryable, members: readonly ParsedMember[]): Promise<Array<InputProblem & { row: number }>> {
  const problems: Array<InputProblem & { row: number }> = [];
  const taken = new Set(
    (await client.query<{ id: string }>('SELECT id FROM members WHERE id = ANY($1::text[])', [members.map((m) => m.id)])).rows.map((r) => r.id),
  );
  const unitIds = [...new Set(members.flatMap((m) => (m.outflowUnitId ? [m.unitId, m.outflowUnitId] : [m.unitId])))];
  const units = new Set((await client.query<{ id: string }>('SELECT id FROM units WHERE id = ANY($1::text[])', [unitIds])).rows.map((r) => r.id));
  for (const member of members) {
    const who = `member "${member.id}" (${member.source.label})`;
    const at = `rows.${member.source.row}`;
    if (taken.has(member.id)) problems.push({ row: member.source.row, path: `${at}.id`, message: `${who} already exists; member ids are unique across all units` });
    if (!units.has(member.unitId)) {
      problems.push({ row: member.source.row, path: `${at}.unitId`, message: `${who}: there is no unit "${member.unitId}"; import the unit tree first (POST /units/import)` });
    }
    if (member.outflowUnitId && !units.has(member.outflowUnitId)) {
      problems.push({ row: member.source.row, path: `${at}.outflowUnitId`, message: `${who}: there is no unit "${member.outflowUnitId}"; give the outflow unit's id as the unit tree has it` });
    }
  }
  return problems;
}

export function createMembersRepository(pool: pg.Pool): MembersRepository {
  return {
    problemsOf: (members) => problemsIn(pool, members),

    async importMembers(file) {
      const members = file.members;
      return withTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
        const problems = await problemsIn(client, members);
        if (problems.length) throw new InvalidInputError('member file', sortedProblems(problems));
        for (let start = 0; start < members.length; start += INSERT_BATCH) {
          const batch = members.slice(start, start + INSERT_BATCH);
          await client.query(
            `INSERT INTO members (id, unit_id, name, role, floating, outflow_unit_id)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[])`,
            [batch.map((m) => m.id), batch.map((m) => m.unitId), batch.map((m) => m.name), batch.map((m) => m.role), batch.map((m) => m.floating), batch.map((m) => m.outflowUnitId)],
          );
        }
        return { members: members.length };
      });
    },

    async memberById(id) {
      const { rows } = await pool.query<MemberRow>(`SELECT ${COLUMNS} FROM members m WHERE m.id = $1`, [id]);
      return rows[0] ? toMember(rows[0]) : null;
    },

    async findInUnit(unitId, memberIds) {
      if (memberIds.length === 0) return [];
      const { rows } = await pool.query<MemberRow>(`SELECT ${COLUMNS} FROM members m WHERE m.unit_id = $1 AND m.id = ANY($2::text[])`, [unitId, [...memberIds]]);
      const byId = new Map(rows.map((row) => [row.id, toMember(row)]));
      return memberIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    },

    async listForUnit(unitId) {
      const { rows } = await pool.query<MemberRow & { relation: 'own' | 'outflow' }>(
        `SELECT ${COLUMNS}, CASE WHEN m.unit_id = $1 THEN 'own' ELSE 'outflow' END AS relation
         FROM members m WHERE m.unit_id = $1 OR m.outflow_unit_id = $1 ORDER BY m.id`,
        [unitId],
      );
      return rows.map((row) => ({ ...toMember(row), relation: row.relation }));
    },

    async listInSubtree(path) {
      const { rows } = await pool.query<MemberRow>(
        `SELECT ${COLUMNS} FROM members m JOIN units u ON u.id = m.unit_id WHERE u.path LIKE $1 ORDER BY m.unit_id, m.id`,
        [likePrefix(path)],
      );
      return rows.map(toMember);
    },
  };
}

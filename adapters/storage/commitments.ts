/**
 * Public commitments' rows (table `commitments`), written by each
 * commitment's workflow with its ledger rows; `revision` only grows, so a late
 * retry never brings an older state back.
 */
import type { CommitmentRowState } from '../../contracts';
import type { Queryable } from './transaction';
import { likePrefix } from './units-repository';

export interface CommitmentRow {
  unitId: string;
  commitmentId: string;
  memberId: string | null;
  dueDate: string;
  status: string;
  fulfilled: boolean;
  listed: boolean;
}

export interface CommitmentsRepository {
  recordState(state: CommitmentRowState): Promise<void>;
  get(campaignId: string, unitId: string, commitmentId: string): Promise<CommitmentRow | null>;
  listForUnit(campaignId: string, unitId: string): Promise<CommitmentRow[]>;
  /** A member's commitments (in the unit that runs the member's campaign). */
  listForMember(campaignId: string, unitId: string, memberId: string): Promise<CommitmentRow[]>;
  /**
   * Coverage counts (公開承諾面) of the subtree at `path` (only the unit itself with `unitOnly`):
   * its units, those with a unit commitment, its members (run by its units), those with a commitment.
   */
  coverageCounts(campaignId: string, path: string, unitOnly: boolean): Promise<{ units: number; unitsWithCommitments: number; members: number; membersWithCommitments: number }>;
  /** Every commitment of the units in the subtree at `path`. */
  listInSubtree(campaignId: string, path: string): Promise<CommitmentRow[]>;
}

interface Row {
  unit_id: string;
  commitment_id: string;
  member_id: string | null;
  due_date: string;
  status: string;
  fulfilled: boolean;
  listed: boolean;
}
const COLUMNS = "c.unit_id, c.commitment_id, c.member_id, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.status, c.fulfilled, c.listed";
const toRow = (row: Row): CommitmentRow => ({
  unitId: row.unit_id,
  commitmentId: row.commitment_id,
  memberId: row.member_id,
  dueDate: row.due_date,
  status: row.status,
  fulfilled: row.fulfilled,
  listed: row.listed,
});

export function createCommitmentsRepository(db: Queryable): CommitmentsRepository {
  return {
    async recordState(s) {
      await db.query(
        `INSERT INTO commitments AS c (campaign_id, unit_id, commitment_id, member_id, due_date, status, fulfilled, listed, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (campaign_id, unit_id, commitment_id) DO UPDATE
           SET status = EXCLUDED.status, fulfilled = EXCLUDED.fulfilled, listed = EXCLUDED.listed, revision = EXCLUDED.revision
           WHERE c.revision < EXCLUDED.revision`,
        [s.campaignId, s.unitId, s.commitmentId, s.memberId, s.dueDate, s.status, s.fulfilled, s.listed, s.revision],
      );
    },
    async get(campaignId, unitId, commitmentId) {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM commitments c WHERE c.campaign_id = $1 AND c.unit_id = $2 AND c.commitment_id = $3`, [campaignId, unitId, commitmentId]);
      return rows[0] ? toRow(rows[0]) : null;
    },
    async listForUnit(campaignId, unitId) {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM commitments c WHERE c.campaign_id = $1 AND c.unit_id = $2 ORDER BY c.commitment_id`, [campaignId, unitId]);
      return rows.map(toRow);
    },
    async listForMember(campaignId, unitId, memberId) {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM commitments c WHERE c.campaign_id = $1 AND c.unit_id = $2 AND c.member_id = $3 ORDER BY c.commitment_id`,
        [campaignId, unitId, memberId],
      );
      return rows.map(toRow);
    },
    async coverageCounts(campaignId, path, unitOnly) {
      const scope = unitOnly ? 'u.path = $2' : 'u.path LIKE $2';
      const { rows } = await db.query<{ units: string; units_with: string; members: string; members_with: string }>(
        `WITH scope AS (SELECT u.id FROM units u WHERE ${scope})
         SELECT
           (SELECT count(*) FROM scope) AS units,
           (SELECT count(DISTINCT c.unit_id) FROM commitments c JOIN scope s ON s.id = c.unit_id WHERE c.campaign_id = $1 AND c.member_id IS NULL) AS units_with,
           (SELECT count(*) FROM members m JOIN scope s ON s.id = m.unit_id) AS members,
           (SELECT count(DISTINCT m.id) FROM members m JOIN scope s ON s.id = m.unit_id
              JOIN commitments c ON c.campaign_id = $1 AND c.unit_id = m.unit_id AND c.member_id = m.id) AS members_with`,
        [campaignId, unitOnly ? path : likePrefix(path)],
      );
      const row = rows[0];
      return { units: Number(row.units), unitsWithCommitments: Number(row.units_with), members: Number(row.members), membersWithCommitments: Number(row.members_with) };
    },
    async listInSubtree(campaignId, path) {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM commitments c JOIN units u ON u.id = c.unit_id WHERE c.campaign_id = $1 AND u.path LIKE $2 ORDER BY c.unit_id, c.commitment_id`,
        [campaignId, likePrefix(path)],
      );
      return rows.map(toRow);
    },
  };
}

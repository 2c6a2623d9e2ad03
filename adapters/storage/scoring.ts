/**
 * Scoring's rows (issue 13): scheme versions defined through the API, rounds,
 * entries and computed results, written by the round's activities with their
 * ledger rows; and the reads behind the results and the upgrade report.
 * Every write is keyed (primary keys, ON CONFLICT DO NOTHING), so a retried
 * activity adds nothing.
 */
import type { ClassificationGrade } from '../../domain/labels';
import type { EntryValue } from '../../domain/scoring';
import { scoringSchemeSchema, type ScoringScheme } from '../../domain/plan-scoring';
import type { ScoringRoundView } from '../../contracts/scoring';
import type { Queryable } from './transaction';
import { likePrefix } from './units-repository';

/** A round as stored: the workflow's view without its in-memory counters; `closing` is never stored. */
export type ScoringRoundRow = Omit<ScoringRoundView, 'status' | 'batches' | 'entries'> & { status: 'open' | 'closed' };

export interface StoredEntry {
  batch: number;
  idx: number;
  unitId: string;
  memberId: string | null;
  itemId: string;
  value: EntryValue;
  actor: string;
  ledgerKey: string;
}

export interface ScoreResultRow {
  roundId: string;
  unitId: string;
  memberId: string | null;
  total: number;
  max: number;
  percent: number;
  grade: ClassificationGrade | null;
  detail: Record<string, unknown>;
}

export interface ScoringRepository {
  schemeVersions(campaignId: string, schemeId: string): Promise<Array<{ version: number; scheme: ScoringScheme }>>;
  insertSchemeVersion(campaignId: string, scheme: ScoringScheme, definedBy: string): Promise<boolean>;
  recordRound(row: ScoringRoundRow): Promise<void>;
  getRound(campaignId: string, roundId: string): Promise<ScoringRoundRow | null>;
  listRounds(campaignId: string): Promise<ScoringRoundRow[]>;
  insertEntries(campaignId: string, roundId: string, entries: StoredEntry[]): Promise<void>;
  listEntries(campaignId: string, roundId: string): Promise<StoredEntry[]>;
  /** The units that have at least one entry in the round. */
  unitsWithEntries(campaignId: string, roundId: string): Promise<string[]>;
  recordResult(campaignId: string, result: ScoreResultRow): Promise<void>;
  /** The round's results for the units of the subtree at `path`. */
  listResults(campaignId: string, roundId: string, path: string): Promise<ScoreResultRow[]>;
  /** The unit's proposed grade from the latest closed round of a unit scheme for this classification round. */
  proposedGrade(campaignId: string, unitId: string, classificationRound: string): Promise<{ roundId: string; grade: ClassificationGrade; percent: number } | null>;
  /** The latest unit.classified grade per unit and classification round in the subtree. */
  classificationsInSubtree(campaignId: string, path: string): Promise<Array<{ unitId: string; round: string; grade: ClassificationGrade }>>;
  /** Units commended as units (評選表彰) in the subtree, with the local year of commendation. */
  commendedInSubtree(campaignId: string, path: string): Promise<Array<{ unitId: string; year: number }>>;
}

type RoundRecord = Record<string, unknown>;
const toRound = (r: RoundRecord): ScoringRoundRow => ({
  campaignId: r.campaign_id as string,
  roundId: r.round_id as string,
  schemeId: r.scheme_id as string,
  schemeVersion: Number(r.scheme_version),
  subject: r.subject as 'unit' | 'member',
  year: Number(r.year),
  classificationRound: r.classification_round as string,
  subtreeRootId: r.subtree_root_id as string,
  status: r.status as 'open' | 'closed',
  closesAt: (r.closes_at as Date).toISOString(),
  scored: r.scored === null ? null : Number(r.scored),
});
const toResult = (r: RoundRecord): ScoreResultRow => ({
  roundId: r.round_id as string,
  unitId: r.unit_id as string,
  memberId: (r.member_id as string) || null,
  total: Number(r.total),
  max: Number(r.max),
  percent: Number(r.percent),
  grade: (r.grade as ClassificationGrade | null) ?? null,
  detail: r.detail as Record<string, unknown>,
});

export function createScoringRepository(db: Queryable): ScoringRepository {
  return {
    async schemeVersions(campaignId, schemeId) {
      const { rows } = await db.query('SELECT version, scheme FROM scoring_schemes WHERE campaign_id = $1 AND scheme_id = $2 ORDER BY version', [campaignId, schemeId]);
      // Parsed again: jsonb keeps its own key order, the schema's order is what schemes are compared in.
      return rows.map((r) => ({ version: Number(r.version), scheme: scoringSchemeSchema.parse(r.scheme) }));
    },
    async insertSchemeVersion(campaignId, scheme, definedBy) {
      const result = await db.query(
        'INSERT INTO scoring_schemes (campaign_id, scheme_id, version, scheme, defined_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [campaignId, scheme.id, scheme.version, scheme, definedBy],
      );
      return result.rowCount === 1;
    },
    async recordRound(r) {
      // Closed stays closed: a late retry of the opening never reopens a round.
      await db.query(
        `INSERT INTO scoring_rounds AS s (campaign_id, round_id, scheme_id, scheme_version, subject, year, classification_round, subtree_root_id, status, closes_at, scored)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (campaign_id, round_id) DO UPDATE SET status = EXCLUDED.status, scored = EXCLUDED.scored
           WHERE s.status = 'open'`,
        [r.campaignId, r.roundId, r.schemeId, r.schemeVersion, r.subject, r.year, r.classificationRound, r.subtreeRootId, r.status, r.closesAt, r.scored],
      );
    },
    async getRound(campaignId, roundId) {
      const { rows } = await db.query('SELECT * FROM scoring_rounds WHERE campaign_id = $1 AND round_id = $2', [campaignId, roundId]);
      return rows[0] ? toRound(rows[0]) : null;
    },
    async listRounds(campaignId) {
      const { rows } = await db.query('SELECT * FROM scoring_rounds WHERE campaign_id = $1 ORDER BY year, round_id', [campaignId]);
      return rows.map(toRound);
    },
    async insertEntries(campaignId, roundId, entries) {
      if (entries.length === 0) return;
      await db.query(
        `INSERT INTO score_entries (campaign_id, round_id, batch, idx, unit_id, member_id, item_id, value, actor, ledger_key)
         SELECT $1, $2, e.batch, e.idx, e.unit_id, e.member_id, e.item_id, e.value, e.actor, e.ledger_key
           FROM jsonb_to_recordset($3::jsonb) AS e(batch int, idx int, unit_id text, member_id text, item_id text, value jsonb, actor text, ledger_key text)
         ON CONFLICT DO NOTHING`,
        [
          campaignId,
          roundId,
          JSON.stringify(entries.map((e) => ({ batch: e.batch, idx: e.idx, unit_id: e.unitId, member_id: e.memberId, item_id: e.itemId, value: e.value, actor: e.actor, ledger_key: e.ledgerKey }))),
        ],
      );
    },
    async listEntries(campaignId, roundId) {
      const { rows } = await db.query('SELECT * FROM score_entries WHERE campaign_id = $1 AND round_id = $2 ORDER BY batch, idx', [campaignId, roundId]);
      return rows.map((r) => ({
        batch: Number(r.batch),
        idx: Number(r.idx),
        unitId: r.unit_id,
        memberId: r.member_id,
        itemId: r.item_id,
        value: r.value as EntryValue,
        actor: r.actor,
        ledgerKey: r.ledger_key,
      }));
    },
    async unitsWithEntries(campaignId, roundId) {
      const { rows } = await db.query('SELECT DISTINCT unit_id FROM score_entries WHERE campaign_id = $1 AND round_id = $2 ORDER BY unit_id', [campaignId, roundId]);
      return rows.map((r) => r.unit_id as string);
    },
    async recordResult(campaignId, r) {
      await db.query(
        `INSERT INTO score_results (campaign_id, round_id, unit_id, member_id, total, max, percent, grade, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [campaignId, r.roundId, r.unitId, r.memberId ?? '', r.total, r.max, r.percent, r.grade, r.detail],
      );
    },
    async listResults(campaignId, roundId, path) {
      const { rows } = await db.query(
        `SELECT r.* FROM score_results r JOIN units u ON u.id = r.unit_id
          WHERE r.campaign_id = $1 AND r.round_id = $2 AND u.path LIKE $3 ORDER BY u.path, r.member_id`,
        [campaignId, roundId, likePrefix(path)],
      );
      return rows.map(toResult);
    },
    async proposedGrade(campaignId, unitId, classificationRound) {
      const { rows } = await db.query(
        `SELECT r.round_id, r.grade, r.percent FROM score_results r
           JOIN scoring_rounds s ON s.campaign_id = r.campaign_id AND s.round_id = r.round_id
          WHERE r.campaign_id = $1 AND r.unit_id = $2 AND r.member_id = '' AND r.grade IS NOT NULL
            AND s.status = 'closed' AND s.subject = 'unit' AND s.classification_round = $3
          ORDER BY s.closes_at DESC, s.round_id DESC LIMIT 1`,
        [campaignId, unitId, classificationRound],
      );
      return rows[0] ? { roundId: rows[0].round_id, grade: rows[0].grade, percent: Number(rows[0].percent) } : null;
    },
    async classificationsInSubtree(campaignId, path) {
      const { rows } = await db.query(
        `SELECT DISTINCT ON (l.unit_id, l.payload->>'round') l.unit_id, l.payload->>'round' AS round, l.payload->>'grade' AS grade
           FROM ledger l JOIN units u ON u.id = l.unit_id
          WHERE l.campaign_id = $1 AND l.kind = 'unit.classified' AND u.path LIKE $2
          ORDER BY l.unit_id, l.payload->>'round', l.seq DESC`,
        [campaignId, likePrefix(path)],
      );
      return rows.map((r) => ({ unitId: r.unit_id, round: r.round, grade: r.grade }));
    },
    async commendedInSubtree(campaignId, path) {
      const { rows } = await db.query(
        `SELECT DISTINCT l.payload->'subject'->>'unitId' AS unit_id,
                extract(year FROM l.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year
           FROM ledger l JOIN units u ON u.id = l.payload->'subject'->>'unitId'
          WHERE l.campaign_id = $1 AND l.kind = 'commendation.commended' AND l.payload->'subject'->>'kind' = 'unit' AND u.path LIKE $2`,
        [campaignId, likePrefix(path)],
      );
      return rows.map((r) => ({ unitId: r.unit_id, year: Number(r.year) }));
    },
  };
}

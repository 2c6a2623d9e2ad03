/** What a commendation round reads: the units of a level, and a candidate's place in the tree and ledger facts. */
import type pg from 'pg';
import { ELIGIBILITY_FACT_KINDS, type LedgerFact } from '../../domain/commendation';
import { isWithinSubtree } from '../../domain/units';

export interface CandidateLookup {
  recommenderPath: string | null;
  /** The candidate unit (or the member's unit), if it exists. */
  subjectUnitId: string | null;
  subjectPath: string | null;
  name: string | null;
  inSubtree: boolean;
  facts: LedgerFact[];
}

export function createCommendationQueries(pool: pg.Pool) {
  return {
    /** The units the campaign was started for at this depth of the tree, by id. */
    async levelUnits(campaignId: string, depth: number): Promise<Array<{ unitId: string; path: string }>> {
      const { rows } = await pool.query<{ id: string; path: string }>(
        'SELECT u.id, u.path FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 AND u.depth = $2 ORDER BY u.id LIMIT 10000',
        [campaignId, depth],
      );
      return rows.map((r) => ({ unitId: r.id, path: r.path }));
    },

    async lookupCandidate(campaignId: string, recommendingUnitId: string, subject: { kind: 'unit'; unitId: string } | { kind: 'member'; memberId: string }): Promise<CandidateLookup> {
      const recommender = (await pool.query<{ path: string }>('SELECT path FROM units WHERE id = $1', [recommendingUnitId])).rows[0];
      const found =
        subject.kind === 'unit'
          ? (await pool.query<{ unit_id: string; path: string; name: string }>('SELECT id AS unit_id, path, name FROM units WHERE id = $1', [subject.unitId])).rows[0]
          : (await pool.query<{ unit_id: string; path: string; name: string }>('SELECT m.unit_id, u.path, m.name FROM members m JOIN units u ON u.id = m.unit_id WHERE m.id = $1', [subject.memberId])).rows[0];
      const inSubtree = Boolean(recommender && found && isWithinSubtree(found.path, recommender.path));
      const facts = found
        ? (
            await pool.query(
              'SELECT seq, idempotency_key, kind, unit_id, occurred_at, payload FROM ledger WHERE campaign_id = $1 AND unit_id = $2 AND kind = ANY($3::text[]) ORDER BY seq LIMIT 10000',
              [campaignId, found.unit_id, [...ELIGIBILITY_FACT_KINDS]],
            )
          ).rows.map((r) => ({ seq: Number(r.seq), key: r.idempotency_key as string, kind: r.kind as string, unitId: r.unit_id as string, occurredAt: (r.occurred_at as Date).toISOString(), payload: r.payload as Record<string, unknown> }))
        : [];
      return { recommenderPath: recommender?.path ?? null, subjectUnitId: found?.unit_id ?? null, subjectPath: found?.path ?? null, name: found?.name ?? null, inSubtree, facts };
    },
  };
}

export type CommendationQueries = ReturnType<typeof createCommendationQueries>;

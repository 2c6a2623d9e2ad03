/**
 * What someone owes, read from the read model and the ledger together: units
 * with a decision awaited (a submission, an extension request) and point
 * reviews (點評) not given. The duties route pages through them.
 */
import { scopeSql, type ReadScope } from './read-scope';
import type { Queryable } from './transaction';

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

export function createOwedWorkQueries(db: Queryable) {
  return {
    /**
     * Units in the scope with something for an approver to act on: a task of
     * `approvableTaskIds` submitted (read model), or an extension request
     * (延期申請) without a decision (ledger: a `requested` row of a task and
     * request number with no `decided` row). At most `limit`, in path order.
     */
    async unitsAwaitingDecision(
      campaignId: string,
      scope: ReadScope,
      approvableTaskIds: string[],
      limit: number,
      options: { extensions?: boolean } = {},
    ): Promise<Array<{ unitId: string; name: string }>> {
      const params: unknown[] = [campaignId, approvableTaskIds, options.extensions ?? true];
      const where = scopeSql(scope, params);
      params.push(limit);
      const { rows } = await db.query(
        `WITH pending_extensions AS (
           SELECT DISTINCT r.unit_id FROM ledger r
           WHERE $3::boolean AND r.campaign_id = $1 AND r.kind = 'extension.requested'
             AND NOT EXISTS (SELECT 1 FROM ledger d
                             WHERE d.campaign_id = r.campaign_id AND d.unit_id = r.unit_id AND d.task_id = r.task_id
                               AND d.ordinal = r.ordinal AND d.step = 'decided')
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
      const { rows } = await db.query(
        `WITH periods AS (
           SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
             AS p(period_id, phase_id, phase_index, start_date, end_date, due_date)
         ), owed AS (
           SELECT s.unit_id, u.name, s.unit_path, p.period_id, p.phase_id, p.start_date, p.end_date, p.due_date
           FROM unit_campaign_state s
           JOIN units u ON u.id = s.unit_id
           JOIN periods p ON p.phase_index <= array_position($8::text[], s.phase_id) - 1
           WHERE s.campaign_id = $1 AND s.status = 'running' AND ${where}
             AND NOT EXISTS (SELECT 1 FROM ledger l
                             WHERE l.campaign_id = $1 AND l.unit_id = s.unit_id AND l.period_id = p.period_id AND l.step = 'given')
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

export type OwedWorkQueries = ReturnType<typeof createOwedWorkQueries>;

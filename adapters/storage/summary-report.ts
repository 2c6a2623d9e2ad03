/**
 * The figures of a campaign summary report (系統總結), aggregated in SQL over a
 * scope: per task, how many units have it, submitted, approved and submitted
 * by the deadline (read model and first submissions in the ledger); and ledger
 * rows counted by kind, rung and phase. domain/summary-report.ts shapes them.
 */
import type { SummaryKindCount, SummaryTaskCount } from '../../domain/summary-report';
import { scopeSql, type ReadScope } from './read-scope';
import type { Queryable } from './transaction';

/** The ledger kinds a summary counts. */
export const SUMMARY_KINDS = ['escalation.rung', 'rectification.opened', 'rectification.verified', 'review.given', 'supervision.carried_out', 'supervision.unit', 'criticism.poor_effort', 'commendation.commended', 'praise.circulated', 'unit.late_start'];

export function createSummaryReportRepository(db: Queryable) {
  return {
    async taskCounts(campaignId: string, scope: ReadScope): Promise<SummaryTaskCount[]> {
      const params: unknown[] = [campaignId];
      const where = scopeSql(scope, params);
      const { rows } = await db.query(
        `WITH assigned AS (
           SELECT s.unit_id, t->>'taskId' AS task_id, t->>'status' AS status, t->>'dueDate' AS due_date
           FROM unit_campaign_state s CROSS JOIN LATERAL jsonb_array_elements(s.tasks) t
           WHERE s.campaign_id = $1 AND ${where}
         ), first_submitted AS (
           SELECT l.unit_id, l.payload->>'taskId' AS task_id, min(l.occurred_at) AS at
           FROM ledger l WHERE l.campaign_id = $1 AND l.kind = 'task.submitted'
           GROUP BY 1, 2
         )
         SELECT a.task_id, count(*)::int AS assigned,
                count(*) FILTER (WHERE f.at IS NOT NULL)::int AS submitted,
                count(*) FILTER (WHERE a.status = 'approved')::int AS approved,
                count(*) FILTER (WHERE f.at IS NOT NULL AND a.due_date IS NOT NULL
                                   AND f.at < ((a.due_date::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))::int AS on_time
         FROM assigned a LEFT JOIN first_submitted f ON f.unit_id = a.unit_id AND f.task_id = a.task_id
         GROUP BY a.task_id`,
        params,
      );
      return rows.map((r) => ({ taskId: r.task_id, assigned: r.assigned, submitted: r.submitted, approved: r.approved, onTime: r.on_time }));
    },

    async kindCounts(campaignId: string, scope: ReadScope): Promise<SummaryKindCount[]> {
      const params: unknown[] = [campaignId, SUMMARY_KINDS];
      // Rows without a unit (a campaign's commendations) belong to the whole campaign only.
      const where = scope.kind === 'campaign' ? 'TRUE' : scopeSql(scope, params, { path: 'u.path', unitId: 'l.unit_id' });
      const { rows } = await db.query(
        `SELECT l.kind, l.payload->>'rung' AS rung, coalesce(l.payload->>'phaseId', split_part(l.payload->>'periodId', '/', 1)) AS phase_id,
                l.payload->>'taskId' AS task_id, count(*)::int AS n
         FROM ledger l LEFT JOIN units u ON u.id = l.unit_id
         WHERE l.campaign_id = $1 AND l.kind = ANY($2) AND ${where}
         GROUP BY 1, 2, 3, 4`,
        params,
      );
      return rows.map((r) => ({ kind: r.kind, rung: r.rung ?? null, phaseId: r.phase_id || null, taskId: r.task_id ?? null, count: r.n }));
    },

    async startedUnits(campaignId: string, scope: ReadScope): Promise<number> {
      const params: unknown[] = [campaignId];
      const where = scopeSql(scope, params);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM unit_campaign_state s WHERE s.campaign_id = $1 AND ${where}`, params);
      return rows[0].n;
    },
  };
}

export type SummaryReportRepository = ReturnType<typeof createSummaryReportRepository>;

/**
 * History events per unit over a full time-skipped seed-003 campaign, beside
 * the least the plan strictly requires.
 *
 * Every unit hands in and has approved each task two days into its phase; the
 * office sets the Party Congress date early in the first phase. The minimal
 * bound counts, per unit, what no implementation could do without:
 *   - a timer per phase start and one for the campaign's end (TimerStarted + TimerFired);
 *   - an activity per phase entered, for the completion, and per update, each
 *     writing the ledger (ActivityTaskScheduled + Started + Completed);
 *   - an update per submission and per approval (UpdateAccepted + UpdateCompleted);
 *   - the signal carrying the Congress date (1 event);
 *   - a workflow task (Scheduled + Started + Completed) to start, and one after
 *     each timer, activity result, update and signal;
 *   - the start and completion events.
 * Continue-as-new, notifications and anything else the service does on top
 * count against it.
 */
import { temporal } from '@temporalio/proto';
import { addDays, startOfLocalDay } from '../domain/calendar';
import { SEED_003_BUREAU } from '../domain/templates/seed-003-bureau';
import { setMilestoneUpdate, unitWorkflowId } from '../contracts';
import { defineAndStartCampaign, eventually, planStartingNextYear, unitHandle } from '../test/support/campaign-script';
import { branchTree, startHarness } from '../test/support/harness';
import { createTimeSkippingEnv } from '../test/support/temporal';

const UNITS = 3;

export async function measureHistoryPerUnit(): Promise<{ units: number; eventsPerUnit: number; bound: number; byType: Record<string, number>; runsPerUnit: number; historyBytesPerUnit: number; ledgerRowsPerUnit: number; ledgerBytesPerUnit: number }> {
  const env = await createTimeSkippingEnv();
  const h = await startHarness(env);
  try {
    await h.units.importTree(branchTree(UNITS));
    const plan = await planStartingNextYear(env, SEED_003_BUREAU, 'history-plan');
    const ids = Array.from({ length: UNITS }, (_, i) => `committee-b${String(i + 1).padStart(5, '0')}`);
    const campaignId = 'history-seed-003';
    const campaign = await defineAndStartCampaign(h, campaignId, plan, { unitIds: ids });
    const year = Number(plan.phases[0].window.start.slice(0, 4));
    const congress = `${year + 2}-11-08`;
    const noon = (date: string) => startOfLocalDay(date) + 12 * 3600_000;
    const until = async (at: number) => {
      const now = await env.currentTimeMs();
      if (at > now) await env.sleep(at - now);
    };
    await until(noon(addDays(plan.phases[0].window.start, 1)));
    await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: congress, actor: 'office', reason: '中央公布十八大召開日期' }] });
    for (const phase of plan.phases) {
      await until(noon(addDays(phase.window.start, 2)));
      for (const unitId of ids) {
        const unit = unitHandle(h, campaignId, unitId);
        for (const task of phase.tasks) {
          await unit.submit(task.id);
          await unit.approve(task.id);
        }
      }
    }
    await until(noon(addDays(congress, 1)));
    await eventually(async () => {
      const { rows } = await h.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE kind = 'unit.completed'");
      return rows[0].n === UNITS;
    }, 120_000);

    let events = 0;
    let runs = 0;
    let historyBytes = 0;
    const byType: Record<string, number> = {};
    for (const unitId of ids) {
      // Follow the chain of runs from the first.
      let runId: string | undefined = (await env.client.workflow.getHandle(unitWorkflowId(campaignId, unitId)).describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
      while (runId) {
        const history = await env.client.workflow.getHandle(unitWorkflowId(campaignId, unitId), runId).fetchHistory();
        const list = (history.events ?? []) as temporal.api.history.v1.IHistoryEvent[];
        events += list.length;
        historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
        runs += 1;
        for (const event of list) {
          const type = String(event.eventType ?? '?');
          byType[type] = (byType[type] ?? 0) + 1 / UNITS;
        }
        runId = list.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
    }

    const phases = plan.phases.length;
    const tasks = plan.phases.reduce((n, phase) => n + phase.tasks.length, 0);
    const timers = phases + 1;
    const updates = 2 * tasks;
    const activities = phases + 1 + updates;
    const signals = 1;
    const workflowTasks = 1 + timers + activities + updates + signals;
    const bound = 2 + 2 * timers + 3 * activities + 2 * updates + signals + 3 * workflowTasks;
    const { rows: ledger } = await h.db.pool.query(
      "SELECT count(*)::int AS n, coalesce(sum(pg_column_size(l.*)), 0)::bigint AS bytes FROM ledger l WHERE campaign_id = $1 AND unit_id IS NOT NULL",
      [campaignId],
    );
    return {
      units: UNITS,
      eventsPerUnit: events / UNITS,
      bound,
      byType,
      runsPerUnit: runs / UNITS,
      historyBytesPerUnit: historyBytes / UNITS,
      ledgerRowsPerUnit: ledger[0].n / UNITS,
      ledgerBytesPerUnit: Number(ledger[0].bytes) / UNITS,
    };
  } finally {
    await h.stop();
    await env.teardown();
  }
}

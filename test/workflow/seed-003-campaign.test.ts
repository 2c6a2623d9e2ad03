/**
 * The seed-003 bureau plan, run for three units from mobilization to after the
 * 18th Party Congress on the time-skipping test server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, endOfLocalDay } from '../../domain/calendar';
import type { Plan } from '../../domain/plan';
import { phaseEndDate } from '../../domain/schedule';
import { SEED_003_BUREAU } from '../../domain/templates/seed-003-bureau';
import { setMilestoneUpdate, type UnitCampaignView } from '../../contracts';
import { branchTree, startHarness, type Harness } from '../support/harness';
import { defineAndStartCampaign, eventually, planStartingNextYear, sleepUntil, unitHandle } from '../support/campaign-script';
import { allRuns } from '../support/histories';
import { createTimeSkippingEnv } from '../support/temporal';

const CAMPAIGN = 'seed003-three-units';
const ON_TIME = 'committee-b00001';
const LATE = 'committee-b00002';
const REJECTED = 'committee-b00003';

let env: TestWorkflowEnvironment;
let h: Harness;
let plan: Plan;
const summaryDeadlines: string[] = [];
let finalViews: Record<string, UnitCampaignView>;
let simulatedYears = 0;
let wallClockMs = 0;
let onTimeRuns: Awaited<ReturnType<typeof allRuns>>;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env);
  await h.units.importTree(branchTree(3));
  plan = await planStartingNextYear(env, SEED_003_BUREAU, 'seed-003-test');

  const startedAt = Date.now();
  const simulatedStart = await env.currentTimeMs();
  const campaign = await defineAndStartCampaign(h, CAMPAIGN, plan, { unitIds: [ON_TIME, LATE, REJECTED] });
  const [onTime, late, rejected] = [ON_TIME, LATE, REJECTED].map((id) => unitHandle(h, CAMPAIGN, id));
  const year = Number(plan.phases[0].window.start.slice(0, 4));
  const congress = { first: `${year + 2}-11-08`, moved: `${year + 2}-11-15` };

  for (const [index, phase] of plan.phases.entries()) {
    await sleepUntil(env, addDays(phase.window.start, 1));
    for (const task of phase.tasks) {
      await onTime.submit(task.id);
      await onTime.approve(task.id);
      await rejected.submit(task.id, '初稿');
      await rejected.reject(task.id, '材料不全,請補充會議記錄');
      await rejected.submit(task.id, '補充後的材料');
      await rejected.approve(task.id);
    }
    if (phase.id === 'demonstration') {
      // Half-way through the campaign the office learns the Party Congress date.
      await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: congress.first, actor: 'office', reason: '中央公布十八大召開日期' }] });
      summaryDeadlines.push(await eventually(async () => (await onTime.state()).tasks.find((t) => t.taskId === 'campaign-summary')?.dueDate ?? undefined));
    }
    if (phase.id === 'summary') {
      await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: congress.moved, actor: 'office', reason: '十八大召開日期調整' }] });
      summaryDeadlines.push(await eventually(async () => {
        const due = (await onTime.state()).tasks.find((t) => t.taskId === 'campaign-summary')?.dueDate;
        return due === addDays(congress.moved, -1) ? due : undefined;
      }));
    }
    const isLast = index === plan.phases.length - 1;
    if (!isLast) {
      // The late unit hands everything in on the first day of the next phase, after every deadline of this one.
      await sleepUntil(env, addDays(plan.phases[index + 1].window.start, 0));
      for (const task of phase.tasks) {
        await late.submit(task.id);
        await late.approve(task.id);
      }
    }
  }
  finalViews = {};
  for (const [id, unit] of [[ON_TIME, onTime], [LATE, late], [REJECTED, rejected]] as const) {
    finalViews[id] = await unit.handle.result();
  }
  const completedAt = (await h.ledger.list({ campaignId: CAMPAIGN, unitId: ON_TIME, kinds: ['unit.completed'] }))[0]?.occurredAt;
  simulatedYears = (new Date(completedAt).getTime() - simulatedStart) / (365 * 24 * 3600_000);
  wallClockMs = Date.now() - startedAt;
  const runs = await allRuns(h.env.client, onTime.handle.workflowId);
  onTimeRuns = runs;
  const events = runs.map((run) => run.history.events?.length ?? 0);
  console.log(`seed-003 for 3 units: ${simulatedYears.toFixed(2)} simulated years in ${(wallClockMs / 1000).toFixed(1)} s; the on-time unit's workflow: ${events.reduce((a, b) => a + b, 0)} history events over ${runs.length} runs (${events.join(' + ')})`);
}, 600_000); // three simulated years: 11–28 s here, far more on a loaded machine

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

async function unitLedger(unitId: string) {
  return h.ledger.list({ campaignId: CAMPAIGN, unitId, limit: 10_000 });
}

describe('given the seed-003 plan for three units', () => {
  test('when the campaign runs to after the Party Congress, then every unit went through the four phases in order and finished', async () => {
    expect(simulatedYears).toBeGreaterThan(2);
    for (const unitId of [ON_TIME, LATE, REJECTED]) {
      const phases = (await unitLedger(unitId)).filter((e) => e.kind === 'phase.entered').map((e) => e.payload.phaseId);
      expect(phases).toEqual(['mobilization', 'advancement', 'demonstration', 'summary']);
      expect(finalViews[unitId].status).toBe('completed');
      const kinds = (await unitLedger(unitId)).map((e) => e.kind);
      expect(kinds[0]).toBe('unit.started');
      expect(kinds.at(-1)).toBe('unit.completed');
    }
  });

  test('when a unit runs through the four phases, then each run records one patch marker and a run still near-empty does not continue-as-new', () => {
    // Patch issue11-lean-unit-runs-v2: one marker per run stands for every earlier unit patch.
    for (const { history } of onTimeRuns) {
      expect(history.events?.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toHaveLength(1);
    }
    // Before it, every phase boundary continued-as-new: a waiting run plus one per phase (5).
    expect(onTimeRuns.length).toBeLessThan(plan.phases.length + 1);
    // The first run wrote the start and the first phase's entry together, and went on to take updates.
    expect(onTimeRuns[0].history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(true);
  });

  test('when a unit submits everything on time, then every task is approved and nothing was ever overdue', async () => {
    const rows = await unitLedger(ON_TIME);
    expect(rows.filter((e) => e.kind === 'task.overdue')).toHaveLength(0);
    expect(finalViews[ON_TIME].tasks.every((t) => t.status === 'approved')).toBe(true);
    const taskCount = plan.phases.flatMap((p) => p.tasks).length;
    expect(rows.filter((e) => e.kind === 'task.opened')).toHaveLength(taskCount);
    expect(rows.filter((e) => e.kind === 'task.submitted')).toHaveLength(taskCount);
    expect(rows.filter((e) => e.kind === 'task.approved')).toHaveLength(taskCount);
    // Each task's rows come in order: opened, submitted, approved.
    for (const task of plan.phases.flatMap((p) => p.tasks)) {
      const mine = rows.filter((e) => e.payload.taskId === task.id).map((e) => e.kind);
      expect(mine.filter((kind) => kind !== 'task.reminded')).toEqual(['task.opened', 'task.submitted', 'task.approved']);
    }
    expect(rows.filter((e) => e.kind === 'escalation.rung')).toHaveLength(0);
  });

  test('when a unit hands work in after its deadlines, then each missed task is recorded overdue once and the summary it never gave stays open', async () => {
    const rows = await unitLedger(LATE);
    const earlierTasks = plan.phases.slice(0, -1).flatMap((p) => p.tasks);
    const summaryTasks = plan.phases.at(-1)!.tasks;
    const overdue = rows.filter((e) => e.kind === 'task.overdue').map((e) => e.payload.taskId);
    expect(new Set(overdue).size).toBe(overdue.length);
    for (const task of [...earlierTasks, ...summaryTasks]) expect(overdue).toContain(task.id);
    const lifecycle = new Set(['task.opened', 'task.overdue', 'task.submitted', 'task.approved']);
    for (const task of earlierTasks) {
      const mine = rows.filter((e) => e.payload.taskId === task.id);
      expect(mine.map((e) => e.kind).filter((kind) => lifecycle.has(kind))).toEqual(['task.opened', 'task.overdue', 'task.submitted', 'task.approved']);
      // Late by at least a day: the first rung (an overdue reminder) was reached, and nothing after the submission.
      const submittedAt = mine.find((e) => e.kind === 'task.submitted')!.seq;
      expect(mine.filter((e) => e.kind === 'escalation.rung').length).toBeGreaterThanOrEqual(1);
      expect(mine.filter((e) => e.kind === 'escalation.rung' && e.seq > submittedAt)).toHaveLength(0);
    }
    const outcomes = rows.find((e) => e.kind === 'unit.completed')!.payload.outcomes as Record<string, string>;
    for (const task of summaryTasks) expect(outcomes[task.id]).toBe('open');
    for (const task of earlierTasks) expect(outcomes[task.id]).toBe('approved');
  });

  test('when a unit is rejected with a reason, then it resubmits and is approved, each step in the ledger', async () => {
    const rows = await unitLedger(REJECTED);
    for (const task of plan.phases.flatMap((p) => p.tasks)) {
      const mine = rows.filter((e) => e.payload.taskId === task.id && e.kind !== 'task.reminded');
      expect(mine.map((e) => e.kind)).toEqual(['task.opened', 'task.submitted', 'task.rejected', 'task.submitted', 'task.approved']);
      expect(mine[2].payload.reason).toBe('材料不全,請補充會議記錄');
      expect(mine[2].actor).toBe('sup-1');
    }
    expect(finalViews[REJECTED].tasks.every((t) => t.status === 'approved' && t.rejections === 1 && t.submissions === 2)).toBe(true);
  });

  test('when the Party Congress date is set half-way and later moved, then the summary deadline and the last phase follow both times', async () => {
    const year = Number(plan.phases[0].window.start.slice(0, 4));
    expect(summaryDeadlines).toEqual([`${year + 2}-11-07`, `${year + 2}-11-14`]);
    const milestoneRows = (await h.ledger.list({ campaignId: CAMPAIGN, kinds: ['milestone.set'] }));
    expect(milestoneRows.map((e) => e.payload.to)).toEqual([`${year + 2}-11-08`, `${year + 2}-11-15`]);
    expect(milestoneRows.map((e) => e.actor)).toEqual(['office', 'office']);
    const completed = (await unitLedger(ON_TIME)).find((e) => e.kind === 'unit.completed')!;
    const lastDay = phaseEndDate(plan, plan.phases.at(-1)!, { 'party-congress-18': `${year + 2}-11-15` })!;
    expect(new Date(completed.occurredAt).getTime()).toBeGreaterThan(endOfLocalDay(lastDay));
  });

  test('when the whole campaign is recorded, then its ledger chain verifies', async () => {
    const verification = await h.ledger.verifyChain(CAMPAIGN);
    expect(verification.ok).toBe(true);
    expect(verification.checked).toBeGreaterThan(100);
  });
});

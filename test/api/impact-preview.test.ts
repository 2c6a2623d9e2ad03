/**
 * Impact preview (影響預覽): dryRun=true on moving a milestone, amending a
 * deadline and starting units answers what would change, on a Temporal dev
 * server with the real worker, and changes nothing: the ledger, the campaign's
 * amendments and its workflow history stay as they were.
 */
import request from 'supertest';
import { addDays } from '../../domain/calendar';
import { campaignWorkflowId } from '../../contracts';
import { eventually } from '../support/campaign-script';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'preview';
const LATE = 'preview-late';
const TODAY = localToday();
const day = (n: number) => addDays(TODAY, n);

let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });

/** What must not move: ledger rows, the campaign's amendments revision, and its workflow history. */
async function footprint(campaignId = CAMPAIGN) {
  const ledger = (await t.h.ledger.list({ campaignId, limit: 10_000 })).length;
  const progress = await api().get(`/campaigns/${campaignId}/progress`).set(as('office'));
  const history = (await t.env.client.workflow.getHandle(campaignWorkflowId(campaignId)).describe()).historyLength;
  const outbox = (await t.h.db.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n;
  return { ledger, revision: progress.body.amendments.revision, history, outbox, started: progress.body.startedUnits };
}

beforeAll(async () => {
  t = await startApiTestEnv();
  await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: planStartingToday('preview-plan', TODAY) }).expect(201);
  await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send({ subtreeRootId: 'committee', requestId: 'preview-start' }).expect(202);
  // The first phase began 20 days ago, so "implementation-plan" (10 days after the start) is past; escalate on purpose.
  await api().post('/campaigns').set(as('office')).send({ id: LATE, plan: { ...planStartingToday('preview-late-plan', localToday(-20)), lateStart: { policy: 'escalate' } } }).expect(201);
  await eventually(async () => {
    const { rows } = await t.h.db.pool.query("SELECT count(*)::int AS n FROM unit_campaign_state WHERE campaign_id = $1 AND tasks @> '[{\"status\":\"open\"}]'", [CAMPAIGN]);
    return rows[0].n === 3;
  });
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('dryRun=true', () => {
  test('when the office previews bringing a deadline forward, then every running unit with the campaign date is listed with the reminder due at once, and nothing changes', async () => {
    const before = await footprint();
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines?dryRun=true`).set(as('office')).send({ taskId: 'study-report', date: day(5), reason: '提前' });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.refused).toBeNull();
    expect(res.body.deadlines).toEqual([{ taskId: 'study-report', from: day(30), to: day(5) }]);
    expect(res.body.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual(['committee', 'committee-b1', 'committee-b2']);
    // Five days ahead, the seven-days-before reminder is already due: one notice to each secretary at once.
    expect(res.body.totals).toMatchObject({ unitsChanged: 3, tasksChanged: 3, remindersAtOnce: 3, noticesAtOnce: { secretary: 3, supervisor: 0, office: 0 }, becomeOverdue: 0 });
    expect(await footprint()).toEqual(before);
  });

  test('when the office previews setting the Party Congress, then the last phase end and the deadline hanging on it appear for every unit, and nothing changes', async () => {
    const before = await footprint();
    const res = await api().put(`/campaigns/${CAMPAIGN}/milestones/congress?dryRun=true`).set(as('office')).send({ date: day(100), reason: '大會日期公佈' });
    expect(res.status).toBe(200);
    expect(res.body.phaseEnds).toEqual([{ phaseId: 'summary', from: null, to: day(99) }]);
    expect(res.body.deadlines).toEqual([{ taskId: 'campaign-summary', from: null, to: day(99) }]);
    expect(res.body.totals.unitsChanged).toBe(3);
    expect(await footprint()).toEqual(before);
  });

  test('when the change would be refused, then the preview says what the change would answer and why', async () => {
    const yearly = await api().put(`/campaigns/${CAMPAIGN}/milestones/july-1?dryRun=true`).set(as('office')).send({ date: day(100), reason: '改期' });
    expect(yearly.status).toBe(200);
    expect(yearly.body.refused).toEqual({ type: 'InvalidTransition', message: expect.stringContaining('recurs every year') });
    const past = await api().post(`/campaigns/${CAMPAIGN}/deadlines?dryRun=true`).set(as('office')).send({ taskId: 'study-report', date: day(-3), reason: '補記' });
    expect(past.body.refused).toEqual({ type: 'DateInPast', message: expect.stringContaining('already past') });
    // The change itself answers the same way.
    const real = await api().put(`/campaigns/${CAMPAIGN}/milestones/july-1`).set(as('office')).send({ date: day(100), reason: '改期' });
    expect(real.status).toBe(409);
    expect(real.body.message).toBe(yearly.body.refused.message);
  });

  test("when one unit's deadline is previewed, then only that unit is listed", async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines?dryRun=true`).set(as('office')).send({ taskId: 'study-report', date: day(40), reason: '延期', unitId: 'committee-b1' });
    expect(res.status).toBe(200);
    expect(res.body.units).toEqual([{ unitId: 'committee-b1', tasks: [expect.objectContaining({ taskId: 'study-report', from: day(30), to: day(40), atOnce: expect.objectContaining({ reminder: false, rungs: [] }) })] }]);
  });

  test('when starting units is previewed, then the units not yet running are counted by type, the running ones left out, and none is started', async () => {
    const before = await footprint();
    const res = await api().post(`/campaigns/${CAMPAIGN}/starts?dryRun=true`).set(as('office')).send({ unitIds: ['committee-b1', 'other', 'other-b1', 'ghost-unit'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, policy: 'grace', units: 2, alreadyRunning: 1, skipped: 1, byType: { community: 2 } });
    expect(res.body.tasks.every((task: { late: unknown }) => task.late === null)).toBe(true);
    expect(await footprint()).toEqual(before);
  });

  test('when starting units after a deadline has passed is previewed under escalate, then the passed rungs are counted and folded into one digest per unit', async () => {
    const before = await footprint(LATE);
    const res = await api().post(`/campaigns/${LATE}/starts?dryRun=true`).set(as('office')).send({ subtreeRootId: 'other' });
    expect(res.status).toBe(200);
    expect(res.body.policy).toBe('escalate');
    expect(res.body.tasks.find((task: { taskId: string }) => task.taskId === 'implementation-plan')).toMatchObject({ units: 2, dueDate: localToday(-10), late: { policy: 'escalate', graceDueDate: null } });
    // 提醒 (a day after) and 黃牌預警 (seven days after) are past for both units; both notify the secretary: one digest each.
    expect(res.body.atOnce).toMatchObject({ rungs: { reminder: 2, warning: 2, listed_supervision: 0 }, catchUpDigests: 2, notices: { secretary: 2, supervisor: 0, office: 0 } });
    expect(await footprint(LATE)).toEqual(before);
  });

  test('when dryRun is not true or false, then 400 names the parameter', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines?dryRun=yes`).set(as('office')).send({ taskId: 'study-report', date: day(5), reason: '提前' });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: 'dryRun', in: 'query' })]);
  });
});

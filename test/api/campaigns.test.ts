/**
 * The campaign routes end to end: a campaign defined and started through the
 * API on a Temporal dev server, its units' tasks submitted, approved and
 * rejected, its milestones and deadlines moved, and its ledger read back.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { addDays } from '../../domain/calendar';
import { eventually } from '../support/campaign-script';
import { campaignWorkflowId, type UnitCampaignView } from '../../contracts';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'cxzy-api';
const B1 = 'committee-b1';
const B2 = 'committee-b2';

let t: ApiTestEnv;
/** The day the test plan starts (Asia/Shanghai), fixed once so that a run across midnight still agrees with itself. */
const TODAY = localToday();
const day = (offset: number) => addDays(TODAY, offset);
let created: request.Response;
let started: request.Response;

const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });
const taskPath = (unitId: string, taskId: string, action: 'submit' | 'approve' | 'reject') =>
  `/campaigns/${CAMPAIGN}/units/${unitId}/tasks/${taskId}/${action}`;
const evidence = (text = '已召開動員大會,會議紀要見附件') => ({ evidence: { text, links: ['https://example.test/minutes.pdf'] } });

async function unitState(unitId: string): Promise<UnitCampaignView> {
  const res = await api().get(`/campaigns/${CAMPAIGN}/units/${unitId}`).set(as('office'));
  expect(res.status).toBe(200);
  return res.body;
}

async function ledgerCount(): Promise<number> {
  return (await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).length;
}

beforeAll(async () => {
  t = await startApiTestEnv();
  created = await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: planStartingToday('api-test-plan', TODAY) });
  started = await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send({ subtreeRootId: 'committee', requestId: 'first-start' });
  // Every unit of the subtree running, its first phase entered and its tasks open.
  await eventually(async () => {
    const progress = await api().get(`/campaigns/${CAMPAIGN}/progress`).set(as('office'));
    return progress.body.totals?.done && progress.body.startedUnits === 3;
  });
  for (const unitId of ['committee', B1, B2]) {
    await eventually(async () => (await unitState(unitId)).tasks.some((task) => task.status === 'open'));
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('POST /campaigns', () => {
  test('when the office defines a campaign from a plan, then 201 returns its phases and milestones and its workflow runs', async () => {
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: CAMPAIGN, name: { zh: '接口測試創先爭優活動', en: 'API test campaign' }, createdBy: 'office' });
    expect(created.body.phases.map((p: { id: string }) => p.id)).toEqual(['mobilization', 'summary']);
    expect(created.body.phases[0].window).toEqual({ start: TODAY, end: day(30) });
    expect(created.body.milestones.map((m: { id: string }) => m.id)).toEqual(['july-1', 'congress']);
    const description = await t.env.client.workflow.getHandle(campaignWorkflowId(CAMPAIGN)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(t.h.taskQueue);
  });

  test('when the office starts from a template with a start year, then the plan is re-dated to that year', async () => {
    const year = Number(localToday().slice(0, 4)) + 1;
    const res = await api()
      .post('/campaigns')
      .set(as('office'))
      .send({ id: 'regiment-next-year', template: 'seed-000-regiment', startYear: year, name: { zh: '團場活動', en: 'Regiment campaign' } });
    expect(res.status).toBe(201);
    expect(res.body.name).toEqual({ zh: '團場活動', en: 'Regiment campaign' });
    expect(res.body.phases[0].window.start).toBe(`${year}-05-15`);
    const stored = await t.h.campaigns.get('regiment-next-year');
    expect(stored?.plan.phases[0].window.start).toBe(`${year}-05-15`);
  });

  test('when a campaign id is used a second time, then 409 and the first campaign is untouched', async () => {
    const res = await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, template: 'seed-003-bureau' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('Conflict');
    expect(res.body.message).toContain('already exists');
    expect((await t.h.campaigns.get(CAMPAIGN))?.plan.id).toBe('api-test-plan');
  });

  test('when the id belongs to a campaign whose workflow is gone (its row outlived retention), then 409 and the new workflow ends instead of running undefined', async () => {
    const id = 'row-outlived-its-workflow';
    const plan = (await t.h.campaigns.get(CAMPAIGN))!.plan;
    expect((await t.h.campaigns.create({ id, name: { zh: '舊活動', en: 'Old campaign' }, plan, createdBy: 'someone-else' })).created).toBe(true);
    const res = await api().post('/campaigns').set(as('office')).send({ id, template: 'seed-003-bureau' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('already exists');
    const handle = t.env.client.workflow.getHandle(campaignWorkflowId(id));
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED');
    expect((await t.h.campaigns.get(id))?.createdBy).toBe('someone-else');
  });

  test('when the plan is invalid, then 400 lists every problem with its path and nothing is stored or started', async () => {
    const plan = planStartingToday('broken') as { phases: Array<Record<string, any>> };
    plan.phases[0].window.end = '2000-01-01'; // before it starts
    plan.phases[0].tasks[1].due = { kind: 'milestone', milestone: 'no-such-milestone' };
    const before = (await t.h.campaigns.list()).length;
    const res = await api().post('/campaigns').set(as('office')).send({ id: 'broken-plan', plan });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('InvalidInput');
    const paths = res.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['phases.0.window.end', 'phases.0.tasks.1.due.milestone']));
    expect((await t.h.campaigns.list()).length).toBe(before);
    expect((await api().get('/campaigns/broken-plan').set(as('office'))).status).toBe(404);
    await expect(t.env.client.workflow.getHandle(campaignWorkflowId('broken-plan')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  test.each([
    ['both a template and a plan', { id: 'x1', template: 'seed-003-bureau', plan: {} }, 'template'],
    ['neither a template nor a plan', { id: 'x2' }, 'template'],
    ['an id with capitals and spaces', { id: 'Bad Id', template: 'seed-003-bureau' }, 'id'],
    ['an unknown template', { id: 'x3', template: 'seed-999' }, 'template'],
    ['a start year out of range', { id: 'x4', template: 'seed-003-bureau', startYear: 1999 }, 'startYear'],
    ['a name without its English', { id: 'x5', template: 'seed-003-bureau', name: { zh: '活動' } }, 'name.en'],
    ['an unknown field', { id: 'x6', template: 'seed-003-bureau', templte: 'typo' }, '(root)'],
  ])('when the body has %s, then 400 names the field', async (_what, body, path) => {
    const res = await api().post('/campaigns').set(as('office')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('InvalidInput');
    expect(res.body.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(await t.h.campaigns.get(String(body.id))).toBeUndefined();
  });

  test('when the body is not valid JSON, then 400 says so', async () => {
    const res = await api().post('/campaigns').set(as('office')).set('Content-Type', 'application/json').send('{"id": "x",');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'InvalidInput', problems: [{ path: '(body)' }] });
    expect(res.body.message).toContain('not valid JSON');
  });

  test.each([
    ['a NUL character', '活動\u0000名稱'],
    ['a lone UTF-16 surrogate', '活動\ud800名稱'],
  ])('when a text field holds %s, which PostgreSQL cannot store, then 400 names the field and nothing is stored', async (_what, zh) => {
    const res = await api().post('/campaigns').set(as('office')).send({ id: 'x-unstorable', template: 'seed-003-bureau', name: { zh, en: 'campaign' } });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: 'name.zh' })]);
    expect(await t.h.campaigns.get('x-unstorable')).toBeUndefined();
  });

  test('when there is no body at all, then 400 asks for JSON', async () => {
    const res = await api().post('/campaigns').set(as('office'));
    expect(res.status).toBe(400);
    expect(res.body.problems[0].message).toContain('application/json');
  });

  test.each(['li', 'u1'] as const)('when %s (not the office) defines a campaign, then 403 names the role needed and nothing is stored', async (person) => {
    const res = await api().post('/campaigns').set(as(person)).send({ id: `by-${person}`, template: 'seed-003-bureau' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('Forbidden');
    expect(res.body.message).toContain('活動領導小組辦公室');
    expect(await t.h.campaigns.get(`by-${person}`)).toBeUndefined();
  });
});

describe('GET /campaigns and /campaigns/:id', () => {
  test.each(['office', 'li'] as const)('when %s lists the campaigns, then the new campaign is among them', async (person) => {
    const res = await api().get('/campaigns').set(as(person));
    expect(res.status).toBe(200);
    expect(res.body.campaigns.map((c: { id: string }) => c.id)).toContain(CAMPAIGN);
  });

  test('when a unit lists the campaigns, then 403', async () => {
    const res = await api().get('/campaigns').set(as('u1'));
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('基層黨組織');
  });

  test('when a unit reads one campaign, then it gets the plan with its tasks', async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}`).set(as('u1'));
    expect(res.status).toBe(200);
    expect(res.body.plan.phases[0].tasks.map((task: { id: string }) => task.id)).toContain('implementation-plan');
  });

  test('when the campaign does not exist, then 404 says how to find one', async () => {
    const res = await api().get('/campaigns/no-such-campaign').set(as('office'));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('GET /campaigns');
  });

  test('when the id is malformed, then 400 names the path parameter', async () => {
    const res = await api().get('/campaigns/NOT_VALID!').set(as('office'));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: 'id', in: 'params' })]);
  });
});

describe('POST /campaigns/:id/starts and GET /campaigns/:id/progress', () => {
  test('when the office starts a subtree, then 202 returns the request and where to follow it', async () => {
    expect(started.status).toBe(202);
    expect(started.body.request).toMatchObject({ requestId: 'first-start', target: { subtreeRootId: 'committee' }, requestedBy: 'office' });
    expect(started.body.progressUrl).toBe(`/campaigns/${CAMPAIGN}/progress`);
  });

  test('when the same request id is sent again, then the same request comes back and nothing starts twice', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send({ subtreeRootId: 'committee', requestId: 'first-start' });
    expect(res.status).toBe(202);
    expect(res.body.request.requestedAt).toBe(started.body.request.requestedAt);
    expect(await t.h.storage.campaignUnits.startedCount(CAMPAIGN)).toBe(3);
  });

  test('when the office reads the progress, then it shows the finished start, the started units and the phase counts', async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}/progress`).set(as('office'));
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ requested: 3, started: 3, done: true });
    expect(res.body.startedUnits).toBe(3);
    const inMobilization = res.body.phaseCounts.filter((c: { phaseId: string }) => c.phaseId === 'mobilization');
    expect(inMobilization.reduce((n: number, c: { units: number }) => n + c.units, 0)).toBe(3);
  });

  test('when a supervisor reads the progress, then 200; when a unit does, then 403', async () => {
    expect((await api().get(`/campaigns/${CAMPAIGN}/progress`).set(as('li'))).status).toBe(200);
    expect((await api().get(`/campaigns/${CAMPAIGN}/progress`).set(as('u1'))).status).toBe(403);
  });

  test('when the progress of an unknown campaign is asked for, then 404', async () => {
    expect((await api().get('/campaigns/nothing-here/progress').set(as('office'))).status).toBe(404);
  });

  test('when the subtree root does not exist, then 404 and no request is added', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send({ subtreeRootId: 'no-such-unit' });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-unit');
    const progress = await api().get(`/campaigns/${CAMPAIGN}/progress`).set(as('office'));
    expect(progress.body.requests).toHaveLength(1);
  });

  test.each([
    ['an empty list', { unitIds: [] }, 'unitIds'],
    ['both a list and a subtree', { unitIds: [B1], subtreeRootId: 'committee' }, 'unitIds'],
    ['neither a list nor a subtree', { requestId: 'r' }, 'unitIds'],
    ['a malformed unit id', { unitIds: ['ok', 'has space'] }, 'unitIds.1'],
    ['more than 100,000 units', { unitIds: Array.from({ length: 100_001 }, (_, i) => `u${i}`) }, 'unitIds'],
  ])('when the body has %s, then 400 names the field', async (_what, body, path) => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toContain(path);
  });

  test('when a supervisor tries to start units, then 403', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('li')).send({ unitIds: [B1] });
    expect(res.status).toBe(403);
  });

  test('when the campaign does not exist, then 404', async () => {
    const res = await api().post('/campaigns/nothing-here/starts').set(as('office')).send({ unitIds: [B1] });
    expect(res.status).toBe(404);
  });
});

describe('authorisation before any workflow', () => {
  test('when unauthorised people try every kind of change, then each is refused and the ledger does not change', async () => {
    const before = await ledgerCount();
    const beforeState = await unitState(B1);
    const attempts: Array<[request.Test, number]> = [
      [api().post(taskPath(B1, 'study-report', 'submit')).send(evidence()), 401],
      [api().post(taskPath(B1, 'study-report', 'submit')).set('Authorization', 'Bearer not-a-real-token').send(evidence()), 401],
      [api().post(taskPath(B1, 'study-report', 'submit')).set(as('u2')).send(evidence()), 404],
      [api().post(taskPath(B1, 'study-report', 'submit')).set(as('li')).send(evidence()), 403],
      [api().post(taskPath(B1, 'study-report', 'approve')).set(as('u1')).send({}), 403],
      [api().post(taskPath(B1, 'study-report', 'reject')).set(as('wang')).send({ reason: '不合格' }), 404],
      [api().put(`/campaigns/${CAMPAIGN}/milestones/congress`).set(as('li')).send({ date: localToday(60), reason: '調整' }), 403],
      [api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('u1')).send({ taskId: 'study-report', date: localToday(60), reason: '延期' }), 403],
      [api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('wang')).send({ unitIds: ['other-b1'] }), 403],
    ];
    for (const [attempt, status] of attempts) {
      const res = await attempt;
      expect(res.status).toBe(status);
      expect(typeof res.body.message).toBe('string');
    }
    expect(await ledgerCount()).toBe(before);
    const afterState = await unitState(B1);
    expect(afterState.tasks.find((task) => task.taskId === 'study-report')).toEqual(beforeState.tasks.find((task) => task.taskId === 'study-report'));
    expect(await t.h.storage.campaignUnits.isStarted(CAMPAIGN, 'other-b1')).toBe(false);
  });

  test('when the token is missing or malformed, then 401 explains how to sign in', async () => {
    const missing = await api().get(`/campaigns/${CAMPAIGN}`);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: 'Unauthenticated' });
    expect(missing.body.message).toContain('Authorization: Bearer');
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    const malformed = await api().get(`/campaigns/${CAMPAIGN}`).set('Authorization', `Token ${t.tokens.office}`);
    expect(malformed.status).toBe(401);
  });
});

describe('GET /campaigns/:id/units/:unitId', () => {
  test("when a unit reads its own campaign, then it sees its phase and open tasks", async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}/units/${B1}`).set(as('u1'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ campaignId: CAMPAIGN, unitId: B1, status: 'running', phase: { id: 'mobilization' } });
    expect(res.body.tasks.find((task: { taskId: string }) => task.taskId === 'implementation-plan')).toMatchObject({ status: 'open', dueDate: day(10) });
  });

  test('when the supervisor of its parent reads it, then 200', async () => {
    expect((await api().get(`/campaigns/${CAMPAIGN}/units/${B1}`).set(as('li'))).status).toBe(200);
  });

  test('when a supervisor outside the subtree reads it, then 404, as for a unit that does not exist', async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}/units/${B1}`).set(as('wang'));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('among the units you may see');
    const ghost = await api().get(`/campaigns/${CAMPAIGN}/units/ghost-unit`).set(as('wang'));
    expect(ghost.body.message.replace('ghost-unit', B1)).toBe(res.body.message);
  });

  test('when another unit reads it, then 404, as for a unit that does not exist', async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}/units/${B1}`).set(as('u2'));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('among the units you may see');
  });

  test('when the unit was never started in the campaign, then 404 says how to start it', async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}/units/other-b1`).set(as('office'));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('has not been started');
    expect(res.body.message).toContain(`POST /campaigns/${CAMPAIGN}/starts`);
  });

  test('when the unit does not exist, then 404', async () => {
    expect((await api().get(`/campaigns/${CAMPAIGN}/units/ghost`).set(as('office'))).status).toBe(404);
  });
});

describe('tasks: submit, approve, reject', () => {
  test('when the unit submits with evidence, then the task is submitted and the ledger records who and what', async () => {
    const res = await api().post(taskPath(B1, 'implementation-plan', 'submit')).set(as('u1')).send(evidence('實施方案已公示'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskId: 'implementation-plan', status: 'submitted', submissions: 1, lastSubmission: { by: 'u1' } });
    const rows = await t.h.ledger.list({ campaignId: CAMPAIGN, unitId: B1, kinds: ['task.submitted'] });
    expect(rows.find((row) => row.payload.taskId === 'implementation-plan')).toMatchObject({
      actor: 'u1',
      payload: { evidence: { text: '實施方案已公示', links: ['https://example.test/minutes.pdf'] } },
    });
  });

  test('when a submitted task is submitted again, then 409 says it awaits approval', async () => {
    const res = await api().post(taskPath(B1, 'implementation-plan', 'submit')).set(as('u1')).send(evidence());
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'InvalidTransition' });
    expect(res.body.message).toContain('awaits approval');
  });

  test('when the unit tries to approve its own task, then 403 and the task stays submitted', async () => {
    const res = await api().post(taskPath(B1, 'implementation-plan', 'approve')).set(as('u1')).send({});
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('may not approve');
    expect(res.body.message).toContain('基層黨組織');
    expect((await unitState(B1)).tasks.find((task) => task.taskId === 'implementation-plan')?.status).toBe('submitted');
  });

  test('when a supervisor outside the subtree approves, then 404, as for a unit that does not exist', async () => {
    const res = await api().post(taskPath(B1, 'implementation-plan', 'approve')).set(as('wang')).send({});
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('among the units you may see');
  });

  test('when the supervisor approves, then the task is approved by them; submitting it again is 409', async () => {
    const res = await api().post(taskPath(B1, 'implementation-plan', 'approve')).set(as('li')).send({ comment: '方案可行' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', approval: { by: 'li', comment: '方案可行' } });
    const again = await api().post(taskPath(B1, 'implementation-plan', 'submit')).set(as('u1')).send(evidence());
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already approved');
  });

  test('when a task that was never submitted is approved, then 409', async () => {
    const res = await api().post(taskPath(B1, 'public-commitment', 'approve')).set(as('li')).send({});
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('InvalidTransition');
    expect(res.body.message).toContain('not submitted');
  });

  test('when the supervisor rejects with a reason, then the unit sees it and submits again', async () => {
    expect((await api().post(taskPath(B1, 'meeting-minutes', 'submit')).set(as('u1')).send(evidence('初稿'))).status).toBe(200);
    const rejected = await api().post(taskPath(B1, 'meeting-minutes', 'reject')).set(as('li')).send({ reason: '材料不全,請補充會議記錄' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejections: 1, lastRejection: { by: 'li', reason: '材料不全,請補充會議記錄' } });
    const view = await api().get(`/campaigns/${CAMPAIGN}/units/${B1}`).set(as('u1'));
    expect(view.body.tasks.find((task: { taskId: string }) => task.taskId === 'meeting-minutes').lastRejection.reason).toBe('材料不全,請補充會議記錄');
    const resubmitted = await api().post(taskPath(B1, 'meeting-minutes', 'submit')).set(as('u1')).send(evidence('補充後的材料'));
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.submissions).toBe(2);
  });

  test.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
  ])('when a rejection has %s, then 400 names reason', async (_what, body) => {
    const res = await api().post(taskPath(B1, 'meeting-minutes', 'reject')).set(as('li')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: 'reason', in: 'body' })]);
  });

  test('when a task the office approves is approved by a supervisor, then 403; by the office, then 200', async () => {
    expect((await api().post(taskPath(B1, 'office-report', 'submit')).set(as('u1')).send(evidence())).status).toBe(200);
    const bySupervisor = await api().post(taskPath(B1, 'office-report', 'approve')).set(as('li')).send({});
    expect(bySupervisor.status).toBe(403);
    expect(bySupervisor.body.message).toContain('活動領導小組辦公室');
    const byOffice = await api().post(taskPath(B1, 'office-report', 'approve')).set(as('office')).send({});
    expect(byOffice.status).toBe(200);
    expect(byOffice.body.approval.by).toBe('office');
  });

  test('when the office submits on behalf of a unit, then 200 with the office as actor', async () => {
    const res = await api().post(taskPath(B2, 'public-commitment', 'submit')).set(as('office')).send(evidence());
    expect(res.status).toBe(200);
    expect(res.body.lastSubmission.by).toBe('office');
  });

  test('when a unit submits for another unit, then 404, as for a unit that does not exist', async () => {
    const res = await api().post(taskPath(B2, 'study-report', 'submit')).set(as('u1')).send(evidence());
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('among the units you may see');
  });

  test('when a supervisor submits, then 403 says supervisors approve', async () => {
    const res = await api().post(taskPath(B1, 'study-report', 'submit')).set(as('li')).send(evidence());
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('approve or reject');
  });

  test.each([
    ['empty text', { evidence: { text: '', links: [] } }, 'evidence.text'],
    ['text over 10,000 characters', { evidence: { text: '字'.repeat(10_001), links: [] } }, 'evidence.text'],
    ['a link that is not a URL', { evidence: { text: '報告', links: ['not a url'] } }, 'evidence.links.0'],
    ['a javascript: link', { evidence: { text: '報告', links: ['javascript:alert(1)'] } }, 'evidence.links.0'],
    ['more than 20 links', { evidence: { text: '報告', links: Array.from({ length: 21 }, (_, i) => `https://example.test/${i}`) } }, 'evidence.links'],
    ['no evidence', {}, 'evidence'],
  ])('when a submission has %s, then 400 names the field', async (_what, body, path) => {
    const res = await api().post(taskPath(B1, 'study-report', 'submit')).set(as('u1')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toContain(path);
  });

  test('when the task is not in the plan, then 404', async () => {
    const res = await api().post(taskPath(B1, 'no-such-task', 'submit')).set(as('u1')).send(evidence());
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-task');
  });

  test('when the unit was never started in the campaign, then submitting is 404', async () => {
    const res = await api().post(taskPath('other-b1', 'study-report', 'submit')).set(as('u3')).send(evidence());
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('has not been started');
  });

  test('when someone outside the tree acts on a unit never started, then 404 is the scope refusal: it does not tell that the unit exists but is not started', async () => {
    const cases = [
      await api().post(taskPath('other-b1', 'study-report', 'submit')).set(as('u1')).send(evidence()),
      await api().post(taskPath('other-b1', 'study-report', 'approve')).set(as('li')).send({}),
      await api().post(taskPath('other-b1', 'study-report', 'reject')).set(as('li')).send({ reason: '材料不全,請補充' }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(404);
      expect(res.body.message).not.toContain('has not been started');
      expect(res.body.message).toContain('other-b1');
    }
  });
});

describe('PUT /campaigns/:id/milestones/:milestoneId', () => {
  test('when the office sets the Party Congress date, then the amendment reaches the running units', async () => {
    const date = localToday(120);
    const res = await api().put(`/campaigns/${CAMPAIGN}/milestones/congress`).set(as('office')).send({ date, reason: '中央公布召開日期' });
    expect(res.status).toBe(200);
    expect(res.body.amendments.milestoneDates).toEqual({ congress: date });
    await eventually(async () => (await unitState(B2)).milestoneDates.congress === date);
    const rows = await t.h.ledger.list({ campaignId: CAMPAIGN, kinds: ['milestone.set'] });
    expect(rows.at(-1)).toMatchObject({ actor: 'office', payload: { milestoneId: 'congress', to: date, reason: '中央公布召開日期' } });
  });

  test('when the date is in the past, then 400 DateInPast', async () => {
    const res = await api().put(`/campaigns/${CAMPAIGN}/milestones/congress`).set(as('office')).send({ date: localToday(-1), reason: '補錄' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('DateInPast');
    expect(res.body.message).toContain('already past');
  });

  test('when the milestone recurs every year (七一), then 409', async () => {
    const res = await api().put(`/campaigns/${CAMPAIGN}/milestones/july-1`).set(as('office')).send({ date: localToday(10), reason: '調整' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('InvalidTransition');
  });

  test('when the milestone is not in the plan, then 404 lists the ones it has', async () => {
    const res = await api().put(`/campaigns/${CAMPAIGN}/milestones/no-such`).set(as('office')).send({ date: localToday(10), reason: '調整' });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('congress');
  });

  test.each([
    ['a date that is not YYYY-MM-DD', { date: '2025/07/01', reason: '調整' }, 'date'],
    ['a date that does not exist', { date: '2025-02-30', reason: '調整' }, 'date'],
    ['no reason', { date: '2099-01-01' }, 'reason'],
  ])('when the body has %s, then 400 names the field', async (_what, body, path) => {
    const res = await api().put(`/campaigns/${CAMPAIGN}/milestones/congress`).set(as('office')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toContain(path);
  });

  test('when a supervisor moves a milestone, then 403', async () => {
    expect((await api().put(`/campaigns/${CAMPAIGN}/milestones/congress`).set(as('li')).send({ date: localToday(90), reason: 'x' })).status).toBe(403);
  });
});

describe('POST /campaigns/:id/deadlines', () => {
  test('when the office amends a deadline campaign-wide, then the campaign records the override', async () => {
    const date = localToday(100);
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'campaign-summary', date, reason: '統一延期' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: 'campaign', amendments: { deadlineOverrides: { 'campaign-summary': date } } });
  });

  test("when the office amends one unit's deadline, then only that unit's task moves", async () => {
    const date = localToday(20);
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'study-report', date, reason: '因故延期', unitId: B2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: 'unit', unitId: B2, task: { taskId: 'study-report', dueDate: date } });
    expect((await unitState(B1)).tasks.find((task) => task.taskId === 'study-report')?.dueDate).toBe(day(30));
  });

  test("when a unit's date is earlier than the campaign-wide one, then 409 and the campaign's date holds; a later one moves that unit only", async () => {
    const campaignDate = localToday(100);
    const summaryDue = async (unitId: string) => (await unitState(unitId)).tasks.find((task) => task.taskId === 'campaign-summary')?.dueDate;
    await eventually(async () => (await summaryDue(B2)) === campaignDate);
    const earlier = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'campaign-summary', date: localToday(50), reason: '提前', unitId: B2 });
    expect(earlier.status).toBe(409);
    expect(earlier.body.message).toContain('can only be later');
    expect(await summaryDue(B2)).toBe(campaignDate);
    const later = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'campaign-summary', date: localToday(120), reason: '再延期', unitId: B2 });
    expect(later.status).toBe(200);
    expect(await summaryDue(B2)).toBe(localToday(120));
    expect(await summaryDue(B1)).toBe(campaignDate);
  });

  test('when the unit was not started, then 404', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'study-report', date: localToday(20), reason: 'x', unitId: 'other-b1' });
    expect(res.status).toBe(404);
  });

  test('when the task is not in the plan, then 404 from the campaign', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'no-such-task', date: localToday(20), reason: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-task');
  });

  test("when a unit's new deadline is in the past, then 400 DateInPast", async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ taskId: 'study-report', date: localToday(-2), reason: 'x', unitId: B2 });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('DateInPast');
  });

  test('when the body lacks the task, then 400 names taskId', async () => {
    const res = await api().post(`/campaigns/${CAMPAIGN}/deadlines`).set(as('office')).send({ date: localToday(20), reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toContain('taskId');
  });
});

describe('GET /campaigns/:id/ledger', () => {
  const ledgerPath = `/campaigns/${CAMPAIGN}/ledger`;

  test('when the office reads the ledger, then it gets every unit, oldest first', async () => {
    const res = await api().get(ledgerPath).query({ limit: 1000 }).set(as('office'));
    expect(res.status).toBe(200);
    const seqs = res.body.entries.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(res.body.entries.map((e: { unitId: string | null }) => e.unitId))).toEqual(new Set([null, 'committee', B1, B2]));
    expect(res.body.nextAfterSeq).toBeNull();
  });

  test('when the ledger is read a page at a time, then nextAfterSeq continues where the page ended', async () => {
    const first = await api().get(ledgerPath).query({ limit: 2 }).set(as('office'));
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.nextAfterSeq).toBe(first.body.entries[1].seq);
    const second = await api().get(ledgerPath).query({ limit: 2, afterSeq: first.body.nextAfterSeq }).set(as('office'));
    expect(second.body.entries[0].seq).toBe(first.body.nextAfterSeq + 1);
  });

  test('when kinds are given repeated or as a comma list, then both filter the same way', async () => {
    const repeated = await api().get(`${ledgerPath}?kind=task.submitted&kind=task.rejected`).set(as('office'));
    const comma = await api().get(`${ledgerPath}?kind=task.submitted,task.rejected`).set(as('office'));
    expect(repeated.status).toBe(200);
    expect(new Set(repeated.body.entries.map((e: { kind: string }) => e.kind))).toEqual(new Set(['task.submitted', 'task.rejected']));
    expect(comma.body.entries).toEqual(repeated.body.entries);
  });

  test('when from and to bound the time, then only entries in between come back', async () => {
    // Two days ahead: the server's today may be one ahead of the test's if the run crossed midnight.
    const future = await api().get(ledgerPath).query({ from: localToday(2) }).set(as('office'));
    expect(future.body.entries).toEqual([]);
    const upToNow = await api().get(ledgerPath).query({ from: localToday(-1), to: new Date(Date.now() + 60_000).toISOString() }).set(as('office'));
    expect(upToNow.body.entries.length).toBeGreaterThan(0);
  });

  test('when the CSV export is asked for, then a file with a header row and the payload as JSON comes back', async () => {
    const json = await api().get(ledgerPath).query({ unitId: B1, limit: 1000 }).set(as('office'));
    const res = await api().get(ledgerPath).query({ unitId: B1, limit: 1000, format: 'csv' }).set(as('office')).buffer(true).parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?ledger-${CAMPAIGN}-${B1}\\.csv"?$`));
    expect((res.body as string).startsWith('\uFEFFseq,occurredAt,')).toBe(true); // BOM: spreadsheets read the Chinese as UTF-8
    const rows = parseCsv(res.body as string, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['seq', 'occurredAt', 'recordedAt', 'campaignId', 'unitId', 'kind', 'actor', 'payload', 'key', 'prevHash', 'hash']);
    expect(rows).toHaveLength(json.body.entries.length);
    const submitted = rows.find((row) => row.kind === 'task.submitted')!;
    expect(JSON.parse(submitted.payload)).toHaveProperty('evidence');
    expect(rows.map((row) => Number(row.seq))).toEqual(json.body.entries.map((e: { seq: number }) => e.seq));
  });

  test('when a supervisor reads a unit they supervise, then only that unit comes back', async () => {
    const res = await api().get(ledgerPath).query({ unitId: B1 }).set(as('li'));
    expect(res.status).toBe(200);
    expect(res.body.entries.length).toBeGreaterThan(0);
    expect(res.body.entries.every((e: { unitId: string }) => e.unitId === B1)).toBe(true);
  });

  test('when a supervisor gives no unit, then 403 asks for one', async () => {
    const res = await api().get(ledgerPath).set(as('li'));
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('unitId');
  });

  test('when a supervisor reads a unit outside their subtree, then 404, as for a unit that does not exist', async () => {
    expect((await api().get(ledgerPath).query({ unitId: B1 }).set(as('wang'))).status).toBe(404);
  });

  test('when a unit reads the ledger, then it gets its own unit only; another unit is 404', async () => {
    const own = await api().get(ledgerPath).set(as('u1'));
    expect(own.status).toBe(200);
    expect(own.body.entries.length).toBeGreaterThan(0);
    expect(own.body.entries.every((e: { unitId: string }) => e.unitId === B1)).toBe(true);
    expect((await api().get(ledgerPath).query({ unitId: B2 }).set(as('u1'))).status).toBe(404);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['format=xml', 'format'],
    ['from=yesterday', 'from'],
    ['afterSeq=-1', 'afterSeq'],
    ['kind=Not%20A%20Kind', 'kind.0'],
  ])('when the query has %s, then 400 names it', async (query, path) => {
    const res = await api().get(`${ledgerPath}?${query}`).set(as('office'));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path, in: 'query' })]));
  });

  test('when the campaign does not exist, then 404', async () => {
    expect((await api().get('/campaigns/nothing-here/ledger').set(as('office'))).status).toBe(404);
  });
});

describe('GET /campaigns/:id/ledger/verify', () => {
  test('when the office verifies the chain, then every row checks out', async () => {
    const res = await api().get(`/campaigns/${CAMPAIGN}/ledger/verify`).set(as('office'));
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBe(await ledgerCount());
    expect(res.body.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('when a supervisor asks, then 403; for an unknown campaign, 404', async () => {
    expect((await api().get(`/campaigns/${CAMPAIGN}/ledger/verify`).set(as('li'))).status).toBe(403);
    expect((await api().get('/campaigns/nothing-here/ledger/verify').set(as('office'))).status).toBe(404);
  });
});
